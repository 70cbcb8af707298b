"""The quarterly report (báo cáo kết quả thực hiện CCHC quý) as plain data: a list of blocks.

The report is handed in to the commune chairman and the Sở Nội vụ, so its
text is Vietnamese by design and does not go through the translation
catalog. Renderers: cchc/render/report_docx.py (Word), cchc/render/report_text.py
(Markdown, HTML). Pure.

Decisions:
* Statuses and the summary table are as of --today and cover the whole plan
  (cumulative since the start of the plan: "tính đến ngày …").
* "Completed in the period": milestones done within the quarter.
  "Outstanding": open tasks with an open milestone due by the end of the
  quarter (earlier overdue ones included). Section IV: open milestones due in
  the next quarter. Ongoing (thường xuyên) tasks are counted, not listed.
* Indicators: the latest value recorded as of the end of the quarter.
* Section I is the chi-dao area; section II the other areas, numbered 1, 2…
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cchc.domain import summary as sm
from cchc.domain.dates import format_date
from cchc.domain.periods import Range, quarter_range
from cchc.domain.records import Evidence, Plan, Task
from cchc.domain.vocabulary import AREAS

ROMAN = ("I", "II", "III", "IV")
BLANK_DAY = "…"


# -- blocks -------------------------------------------------------------------


@dataclass
class Masthead:
    left: list[str]  # issuer, then the document number
    right: list[str]  # national motto, then place and date
    bold_left: int = 2  # how many lines of each side are bold
    bold_right: int = 2


@dataclass
class Title:
    lines: list[str]


@dataclass
class Heading:
    text: str
    level: int = 1  # 1: I. II. …; 2: 1. 2. …; 3: a) b)


@dataclass
class Para:
    text: str
    italic: bool = False


@dataclass
class Item:
    text: str


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    total_row: bool = False  # the last row is a total (bold)
    widths: list[float] = field(default_factory=list)  # cm, for Word (16 cm between the margins)


@dataclass
class Signature:
    left: list[str]
    right: list[str]


Block = Masthead | Title | Heading | Para | Item | Table | Signature


@dataclass
class Report:
    title: str
    blocks: list[Block]


# -- words --------------------------------------------------------------------


def vi_number(value: float | None) -> str:
    """55.5 → '55,5' (Vietnamese decimal comma)."""
    if value is None:
        return ""
    return f"{round(value, 2):g}".replace(".", ",")


def vi_date(day: date | None) -> str:
    return format_date(day)


def place_of(commune: str) -> tuple[str, str]:
    """'xã Hoàng Sơn' → ('xã', 'Hoàng Sơn'); a ward or township likewise."""
    words = commune.split()
    for unit in (("thị", "trấn"), ("phường",), ("xã",)):
        if tuple(w.lower() for w in words[:len(unit)]) == unit:
            return " ".join(unit), " ".join(words[len(unit):])
    return "xã", commune.strip() or BLANK_DAY


def quarter_name(quarter: int, year: int) -> str:
    return f"Quý {ROMAN[quarter - 1]} năm {year}"


def next_quarter(quarter: int, year: int) -> tuple[int, int]:
    return (1, year + 1) if quarter == 4 else (quarter + 1, year)


def clean(text: str) -> str:
    return " ".join(text.split()).rstrip(" .;")


# -- content ------------------------------------------------------------------


@dataclass
class Context:
    plan: Plan
    rows: list[Task]  # counted tasks
    evidence: dict[int, list[str]]
    today: date
    quarter: int
    year: int

    @property
    def span(self) -> Range:
        return quarter_range(self.year, self.quarter)


def masthead(ctx: Context) -> Masthead:
    unit, name = place_of(ctx.plan.commune)
    return Masthead(
        left=["ỦY BAN NHÂN DÂN", f"{unit} {name}".upper(), "", "Số:        /BC-UBND"],
        right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
               f"{name}, ngày {BLANK_DAY} tháng {BLANK_DAY} năm {ctx.today.year}"],
    )


def intro(ctx: Context) -> str:
    unit, name = place_of(ctx.plan.commune)
    number = f" số {ctx.plan.number}" if ctx.plan.number else ""
    title = clean(ctx.plan.title or f"cải cách hành chính năm {ctx.plan.year_start}")
    return (f"Thực hiện Kế hoạch{number} của UBND {unit} {name} về {title[:1].lower() + title[1:]}, "
            f"UBND {unit} {name} báo cáo kết quả thực hiện công tác cải cách hành chính "
            f"{quarter_name(ctx.quarter, ctx.year)} như sau:")


def completed_items(ctx: Context, rows: list[Task]) -> list[str]:
    """Tasks with milestones done in the quarter, with their evidence."""
    items = []
    for row in rows:
        done = [m for m in row.milestones if m.done_on and m.done_on in ctx.span]
        if not done:
            continue
        if row.status == "done":
            when = sm.done_date(row)
            what = f"Hoàn thành ngày {vi_date(when)}, {'trễ hạn' if sm.is_late(row) else 'đúng hạn'}"
        else:
            parts = [f"{clean(m.label) or 'một phần'} (ngày {vi_date(m.done_on)})" for m in done]
            what = "Đã hoàn thành: " + "; ".join(parts)
        evidence = "; ".join(ctx.evidence.get(row.id, [])) or "(chưa cập nhật)"
        items.append(f"{clean(row.text)}. {what}. Tài liệu kiểm chứng: {evidence}.")
    return items


def open_due(row: Task, until: date, start: date | None = None) -> list:
    if row.status not in sm.OPEN:
        return []
    return [m for m in row.milestones if m.done_on is None and m.due is not None
            and m.due <= until and (start is None or m.due >= start)]


def due_item(row: Task, miles: list, today: date) -> str:
    """'Task – label: hạn 31/03/2026, quá hạn 15 ngày; …. Cơ quan chủ trì: …'"""
    parts = []
    for m in miles:
        late = (today - m.due).days
        when = f"hạn {vi_date(m.due)}" + (f", quá hạn {late} ngày" if late > 0 else "")
        parts.append(f"{clean(m.label)}: {when}" if m.label else when)
    lead = row.lead_agency or "chưa xác định"
    return f"{clean(row.text)} – {'; '.join(parts)}. Cơ quan chủ trì: {lead}."


def outstanding_items(ctx: Context, rows: list[Task]) -> list[str]:
    return [due_item(r, miles, ctx.today) for r in rows if (miles := open_due(r, ctx.span.end))]


def area_blocks(ctx: Context, code: str, counts: dict) -> list[Block]:
    rows = [r for r in ctx.rows if r.area == code]
    done = counts["done_on_time"] + counts["done_late"]
    blocks: list[Block] = [Para(
        f"Kế hoạch đề ra {counts['total']} nhiệm vụ; tính đến ngày {vi_date(ctx.today)} đã hoàn thành {done} "
        f"nhiệm vụ ({counts['done_on_time']} đúng hạn, {counts['done_late']} trễ hạn), đang thực hiện "
        f"{counts['in_progress']}, chưa thực hiện {counts['not_started']}, quá hạn {counts['overdue']}.")]
    for title, items, none in (
        ("a) Nhiệm vụ hoàn thành trong kỳ:", completed_items(ctx, rows), "Không có nhiệm vụ hoàn thành trong kỳ."),
        ("b) Nhiệm vụ chưa hoàn thành:", outstanding_items(ctx, rows), "Không có nhiệm vụ đến hạn chưa hoàn thành."),
    ):
        blocks.append(Heading(title, 3))
        blocks += [Item(t) for t in items] or [Para(none)]
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


def next_quarter_items(ctx: Context) -> list[str]:
    quarter, year = next_quarter(ctx.quarter, ctx.year)
    span = quarter_range(year, quarter)
    return [due_item(r, miles, span.start) for r in ctx.rows if (miles := open_due(r, span.end, span.start))]


def build(plan: Plan, rows: list[Task], indicators: list[dict], evidence: dict[int, list[str]],
          today: date, quarter: int, year: int) -> Report:
    """The report's blocks. `rows` are the tasks of one plan; indicators from summary.indicator_rows;
    evidence from evidence_texts."""
    ctx = Context(plan, sm.counted(rows), evidence, today, quarter, year)
    unit, name = place_of(plan.commune)
    period = quarter_name(quarter, year)
    areas = sm.area_counts(ctx.rows, today)
    counts = {a["area"]: a for a in areas}
    blocks: list[Block] = [masthead(ctx),
                           Title(["BÁO CÁO", f"Kết quả thực hiện công tác cải cách hành chính {period}"]),
                           Para(intro(ctx)), Heading("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH")]
    if "chi-dao" in counts:
        blocks += area_blocks(ctx, "chi-dao", counts["chi-dao"])
    else:
        blocks.append(Para("Kế hoạch không đề ra nhiệm vụ riêng về công tác chỉ đạo, điều hành."))
    blocks += [Heading("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"),
               Para(f"Tổng hợp kết quả thực hiện nhiệm vụ theo lĩnh vực (tính đến ngày {vi_date(today)}):"),
               summary_table(areas)]
    others = [a for a in areas if a["area"] != "chi-dao"]
    for number, area in enumerate(others, 1):
        blocks.append(Heading(f"{number}. {AREAS.get(area['area'], area['area'])}", 2))
        blocks += area_blocks(ctx, area["area"], area)
    blocks.append(Heading("III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"))
    blocks.append(indicator_table(indicators) if indicators else Para("Kế hoạch không đề ra chỉ tiêu định lượng."))
    nq, ny = next_quarter(quarter, year)
    blocks.append(Heading(f"IV. NHIỆM VỤ TRỌNG TÂM {quarter_name(nq, ny).upper()}"))
    blocks += [Item(t) for t in next_quarter_items(ctx)] or [Para("Không có nhiệm vụ đến hạn trong quý tiếp theo.")]
    blocks += [Para(f"Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {period} "
                    f"của UBND {unit} {name}./."),
               Signature(["Nơi nhận:", "- Sở Nội vụ (b/c);", f"- Chủ tịch, các PCT UBND {unit};", "- Lưu: VT."],
                         ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"])]
    return Report(f"Báo cáo kết quả thực hiện công tác cải cách hành chính {period}", blocks)


# -- evidence -----------------------------------------------------------------


def evidence_texts(tasks: list[Task], records: dict[int, list[Evidence]]) -> dict[int, list[str]]:
    """Task id → evidence texts (recorded documents, then milestone evidence), without repeats."""
    found: dict[int, list[str]] = {}
    for task in tasks:
        texts: list[str] = []
        whats = [e.text or e.file_path for e in records.get(task.id, [])] + [m.evidence for m in task.milestones]
        for what in whats:
            if what and clean(what) not in texts:
                texts.append(clean(what))
        if texts:
            found[task.id] = texts
    return found
