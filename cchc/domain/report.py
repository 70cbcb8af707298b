"""The report on a period (báo cáo kết quả thực hiện công tác CCHC quý, 6 tháng, 9 tháng, năm) as blocks (pure).

Handed in to the commune chairman and the Sở Nội vụ, so its text is Vietnamese
by design and does not go through the translation catalog. Renderers:
cchc/render/report_docx.py (Word), cchc/render/report_text.py (Markdown, HTML).

Decisions:
* Everything is as of the report's day (the period's last day, or an earlier
  --as-of), from the history (cchc.domain.as_of); the date line is the day the
  report is made. Counts are cumulative since the plan's start.
* I. is the chi-dao area; II. the summary table, then the other areas, each
  with its tasks in the sections of cchc.domain.report_tasks (empty sections
  left out); III. the indicators, their latest value as of the day; IV. the
  assessment and VI. the proposals, from the tagged notes recorded in the
  period (a marked blank for the officer when none was); V. the next period:
  what is late or due by the day and not done, then what falls due in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cchc.domain import summary as sm
from cchc.domain.as_of import PlanAsOf, TaskAsOf
from cchc.domain.dates import format_date
from cchc.domain.records import Plan, PlanNote
from cchc.domain.report_blocks import Blank, Block, Heading, Item, Para, Report, Table, Title
from cchc.domain.report_form import committee, masthead, signature
from cchc.domain.report_period import ReportPeriod
from cchc.domain.report_tasks import LETTERS, SECTIONS, Window, clean, line, next_line, open_due, section
from cchc.domain.text import fold
from cchc.domain.vocabulary import AREAS

ASSESSMENT = (("uu-diem", "Ưu điểm"), ("ton-tai", "Tồn tại, hạn chế"), ("nguyen-nhan", "Nguyên nhân"))
BLANK_HINT = "Chưa có nội dung được ghi nhận trong kỳ; cán bộ bổ sung trước khi trình ký"


def vi_number(value: float | None) -> str:
    """55.5 → '55,5' (Vietnamese decimal comma)."""
    return "" if value is None else f"{round(value, 2):g}".replace(".", ",")


@dataclass
class Context:
    plan: Plan
    tasks: list[TaskAsOf]  # the counted tasks, as of the day
    notes: list[PlanNote]  # every note recorded in the period, on the plan or on its tasks
    period: ReportPeriod
    window: Window

    @property
    def day(self) -> date:
        return self.window.day


def intro(ctx: Context) -> str:
    plan = ctx.plan
    title = clean(plan.title)
    if fold(title).startswith("ke hoach "):
        title = title[len("kế hoạch "):].strip()
    number = f" số {plan.number}" if plan.number else ""
    named = f" “{title}”" if title else ""
    body = committee(plan)
    return (f"Thực hiện Kế hoạch{number}{named} của {body}, {body} báo cáo kết quả thực hiện công tác cải cách "
            f"hành chính {ctx.period.name} (tính đến ngày {format_date(ctx.day)}) như sau:")


def _counts_line(counts: dict, day: date) -> str:
    done = counts["done_on_time"] + counts["done_late"]
    dropped = f", không thực hiện {counts['dropped']}" if counts["dropped"] else ""
    return (f"Kế hoạch đề ra {counts['total']} nhiệm vụ; tính đến ngày {format_date(day)} đã hoàn thành {done} "
            f"nhiệm vụ ({counts['done_on_time']} đúng hạn, {counts['done_late']} trễ hạn), đang thực hiện "
            f"{counts['in_progress']}, chưa thực hiện {counts['not_started']}{dropped}; quá hạn {counts['overdue']}.")


def area_blocks(ctx: Context, code: str, counts: dict, level: int) -> list[Block]:
    """The area's counts, then its tasks section by section, each task once."""
    placed: dict[str, list[str]] = {key: [] for key in SECTIONS}
    for t in ctx.tasks:
        if t.task.area == code:
            key = section(t, ctx.window)
            placed[key].append(line(t, key, ctx.window))
    blocks: list[Block] = [Para(_counts_line(counts, ctx.day))]
    shown = [(key, lines) for key, lines in placed.items() if lines]
    for letter, (key, lines) in zip(LETTERS, shown):
        blocks.append(Heading(f"{letter}) {SECTIONS[key]}:", level, italic=True))
        blocks += [Item(text) for text in lines]
    return blocks


SUMMARY_HEADER = ["STT", "Lĩnh vực", "Tổng số", "Hoàn thành đúng hạn", "Hoàn thành trễ hạn", "Đang thực hiện",
                  "Chưa thực hiện", "Quá hạn"]
SUMMARY_KEYS = ("total", "done_on_time", "done_late", "in_progress", "not_started", "overdue")


def summary_table(areas: list[dict]) -> Table:
    dropped = any(a["dropped"] for a in areas)
    keys = SUMMARY_KEYS + (("dropped",) if dropped else ())
    header = SUMMARY_HEADER + (["Không thực hiện"] if dropped else [])
    rows = [[str(i), a["name"], *(str(a[k]) for k in keys)] for i, a in enumerate(areas, 1)]
    total = sm.totals(areas)
    rows.append(["", "Tổng cộng", *(str(total[k]) for k in keys)])
    return Table(header, rows, total_row=True, widths=[1.1, 4.1] + [round(10.8 / len(keys), 2)] * len(keys))


def indicator_table(indicators: list[dict]) -> Table:
    rows = []
    for i, ind in enumerate(indicators, 1):
        value = "" if ind["latest"] is None else vi_number(ind["latest"]) + ("%" if ind["unit"] == "%" else "")
        verdict = {True: "Đạt", False: "Chưa đạt"}.get(ind["met"], "Chưa có số liệu" if ind["latest"] is None else "")
        rows.append([str(i), ind["name"], ind["target_text"].replace(".", ","), value, verdict])
    return Table(["STT", "Chỉ tiêu", "Mục tiêu", "Kết quả", "Đánh giá"], rows, widths=[1.1, 7.4, 2.5, 2.5, 2.5])


def _note_line(note: PlanNote, tasks: dict[int, TaskAsOf]) -> str:
    t = tasks.get(note.task_id) if note.task_id is not None else None
    if t is None:
        return clean(note.text) + "."
    where = AREAS.get(t.task.area, t.task.area) + (f", nhiệm vụ {t.task.ref.rstrip('.')}" if t.task.ref else "")
    return f"{clean(note.text)} ({where})."


def noted(ctx: Context, kind: str) -> list[Block]:
    """The notes of a kind recorded in the period, else a marked blank line."""
    tasks = {t.task.id: t for t in ctx.tasks}
    lines = [_note_line(n, tasks) for n in ctx.notes if n.kind == kind]
    return [Item(text) for text in lines] or [Blank(BLANK_HINT)]


def next_period_blocks(ctx: Context) -> list[Block]:
    """Late or due-by-the-day tasks carried over, then those due in the next period: each task once."""
    following = ctx.period.following()
    order = list(AREAS)
    chosen = sorted((t for t in ctx.tasks if open_due(t, following.span.end)),
                    key=lambda t: order.index(t.task.area) if t.task.area in order else len(order))
    items = [next_line(t, following.span.end, ctx.day) for t in chosen]
    ongoing = sum(1 for t in ctx.tasks if section(t, ctx.window) == "ongoing")
    blocks: list[Block] = [Item(text) for text in items]
    if ongoing:
        blocks.append(Item(f"Tiếp tục thực hiện {ongoing} nhiệm vụ thường xuyên theo Kế hoạch."))
    return blocks or [Para(f"Không có nhiệm vụ đến hạn trong {following.name}.")]


def build(plan: Plan, as_of: PlanAsOf, indicators: list[dict], period: ReportPeriod, today: date,
          settings: dict[str, str]) -> Report:
    """The report's blocks. `indicators` from summary.indicator_rows with values as of the day."""
    window = Window(period.span, as_of.day)
    counted = {t.id for t in sm.counted([t.task for t in as_of.tasks])}
    tasks = [t for t in as_of.tasks if t.task.id in counted]
    notes = [n for n in as_of.plan_notes + [n for t in as_of.tasks for n in t.notes]
             if n.kind and window.recorded_in(n.created_at.date())]
    ctx = Context(plan, tasks, sorted(notes, key=lambda n: n.id), period, window)
    areas = sm.area_counts([t.task for t in tasks], as_of.day)
    counts = {a["area"]: a for a in areas}
    subject = f"Kết quả thực hiện công tác cải cách hành chính {period.name}"
    blocks: list[Block] = [masthead(plan, settings, today), Title(["BÁO CÁO", subject]), Para(intro(ctx)),
                           Heading("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH")]
    if "chi-dao" in counts:
        blocks += area_blocks(ctx, "chi-dao", counts["chi-dao"], 2)
    else:
        blocks.append(Para("Kế hoạch không đề ra nhiệm vụ riêng về công tác chỉ đạo, điều hành."))
    blocks += [Heading("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"),
               Para(f"Tổng hợp kết quả thực hiện nhiệm vụ theo lĩnh vực (tính đến ngày {format_date(as_of.day)}):"),
               summary_table(areas)]
    for number, area in enumerate((a for a in areas if a["area"] != "chi-dao"), 1):
        blocks.append(Heading(f"{number}. {AREAS.get(area['area'], area['area'])}", 2))
        blocks += area_blocks(ctx, area["area"], area, 3)
    blocks.append(Heading("III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"))
    blocks.append(indicator_table(indicators) if indicators else Para("Kế hoạch không đề ra chỉ tiêu định lượng."))
    blocks.append(Heading("IV. ĐÁNH GIÁ CHUNG"))
    for number, (kind, name) in enumerate(ASSESSMENT, 1):
        blocks += [Heading(f"{number}. {name}", 2), *noted(ctx, kind)]
    blocks += [Heading(f"V. PHƯƠNG HƯỚNG, NHIỆM VỤ {period.following().name.upper()}"), *next_period_blocks(ctx),
               Heading("VI. ĐỀ XUẤT, KIẾN NGHỊ"), *noted(ctx, "de-xuat"),
               Para(f"Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {period.name} "
                    f"của {committee(plan)}./."),
               signature(plan, settings)]
    return Report(f"Báo cáo kết quả thực hiện công tác cải cách hành chính {period.name}", blocks)
