"""Plan metadata from the document's own head: title, number, issuer, owner, period.

The head is what the plan says about itself: its header block (the issuing
body, "Số: …", place and date, "KẾ HOẠCH" and the title), the sentence that
issues it ("UBND xã X ban hành Kế hoạch …") and the line heading its appendix
("(Kèm theo Kế hoạch số … của UBND xã X)"). Documents its preamble cites
("Căn cứ Luật … năm 2019", "Thực hiện Kế hoạch số 257/KH-UBND … của UBND
tỉnh") never give the issuer or the period.

Nothing is guessed: what the head does not say stays empty, and the import
asks for --commune or --year. The issuer and the title are kept as written,
case included ("ỦY BAN NHÂN DÂN XÃ AN LÃO"); the owner (the draft's
``commune``) is the issuing unit in running text ("xã An Lão", "Sở Nội vụ
tỉnh Lạng Sơn"): the key that finds the plan again at its next import.

Period: the title's last period phrase ("năm 2026", "giai đoạn 2026 - 2030";
"đến năm 2030" runs from the document's year), not counting a law's year, a
document's number or date, or an orientation ("định hướng đến năm 2030");
else the year of the document's date line (with a warning); else the file
name (``from_file_name``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cchc.domain.text import fold, nfc
from cchc.i18n import _
from cchc.importers.draft import ImportWarning, PlanDraft
from cchc.importers.signature import find_signer

_HEAD_LINES = 120  # the header block, the title and the preamble sit at the top
_BLOCK_LINES = 8  # how many lines a header block has, at the top or just above "KẾ HOẠCH"
_CELL_SPLIT = re.compile(r"\t|\s*\|\s*|\s{3,}")
_MOTTO = re.compile(r"c[ộo]ng\s+h[òo]a\s+x[ãa]\s+h[ộo]i\s+ch[ủu]\s+ngh[ĩi]a\s+vi[ệe]t\s+nam"
                    r"|[đd][ộo]c\s+l[ậa]p\s*-\s*t[ựu]\s+do\s*-\s*h[ạa]nh\s+ph[úu]c", re.I)
_NUMBER = re.compile(r"^\W*s[ốo]\s*:?\s*([0-9][\w.\-]*)?\s*/\s*([A-ZĐ][\w\-]*)", re.I)
_ATTACHED = re.compile(r"k[èe]m\s+theo\s+(?:k[ếe]\s+ho[ạa]ch|quy[ếe]t\s+[đd][ịi]nh)\s+s[ốo]\s*:?\s*"
                       r"([0-9][\w.\-]*)?\s*/\s*([A-ZĐ][\w\-]*)(?P<rest>[^)]*)", re.I)
_PREAMBLE = re.compile(r"^\W*(?:can cu|thuc hien|theo de nghi|xet de nghi|nham|de trien khai)\b")
_DATE_LINE = re.compile(r"(?:^|(?<=\s))[^\d,;:()]{2,40},\s*ngay\b[^;]*?(?:nam\s*|/\s*)((?:19|20|21)\d\d)\b")
_UBND = re.compile(r"(?:uy ban nhan dan|ubnd)\b\s*")
_UNITS = {"thi tran": "thị trấn", "thi xa": "thị xã", "thanh pho": "thành phố", "xa": "xã", "phuong": "phường",
          "huyen": "huyện", "quan": "quận", "tinh": "tỉnh"}
_UNIT_AT = re.compile(r"(?<!\w)(" + "|".join(_UNITS) + r") (?=\S)")
_AGENCIES = frozenset({"so", "bo", "ban"})  # Sở …, Bộ …, Ban …: a department issuing its own plan
_CONNECTORS = frozenset({"va", "-", "&"})
# Words that begin no commune's name: "xã Quý III năm 2026", "Xã hội", "cấp xã Các…"
# Words that end a name, as written with their accents: "VỀ" ends one, "Đông VỆ" is a name.
# "Hội" alone is "xã hội" (VĂN HÓA - XÃ HỘI); with a name after it, or after a name, it is one (Hội An, Tân Hội).
_NOT_NAMES = frozenset({"quý", "quí", "năm", "tháng", "ngày", "giai", "đoạn", "và", "của", "về", "trên",
                        "trong", "đến", "số", "kế", "hoạch", "cấp", "các", "i", "ii", "iii", "iv", "v", "vi"})
_NOT_NAMES_BARE = frozenset(fold(word) for word in _NOT_NAMES)  # the same, written without accents
_NAME_PUNCT = ".,;:()“”\"*"
_ISSUING = re.compile(r"\s*(?:ban hanh|xay dung|trien khai)\s+(?:ke hoach|chuong trinh)\b")
_PERIODS = re.compile(
    r"(?:giai\s*doan|tu\s+nam|nam)\s*(?P<a>\d{4})\s*(?:-|den)\s*(?:nam\s*)?(?P<b>\d{4})(?!\d)"
    r"|(?<!\d)(?P<c>\d{4})\s*-\s*(?P<d>\d{4})(?!\d)"
    r"|\bden\s+nam\s*(?P<until>\d{4})(?!\d)"
    r"|\bnam\s*(?P<y>\d{4})(?!\d)")
# What a title may name that is not the plan's period: a law and its year, a document's
# number or date, an orientation beyond the period.
_NOT_PERIODS = re.compile(
    r"\bluat\b(?:\s+(?!nam\b)\S+){1,12}?\s+nam\s*\d{4}|\bso\s*\d+/\S*"
    r"|\bngay\s+\d{1,2}\s*(?:[/.-]|thang)\s*\d{1,2}\s*(?:[/.-]|nam)\s*\d{4}"
    r"|\b(?:dinh\s+huong|tam\s+nhin)\s+(?:den\s+)?nam\s*\d{4}")


@dataclass
class MetadataNote(ImportWarning):
    """How the year or the owner was found when the head did not say it; moot once --year / --commune do."""
    about: tuple[str, ...] = ()  # "year", "commune"


@dataclass
class Issuer:
    written: str  # as the document writes it; "" when only the title names the owner
    owner: str  # "xã An Lão", "Sở Nội vụ tỉnh Lạng Sơn"


def read_metadata(lines: list[str], *, file_name: str | None = None) -> PlanDraft:
    """A PlanDraft with only the metadata filled in (from the file name too, when given)."""
    head = lines[:_HEAD_LINES]
    marker = _marker(head)
    block = _block(head, marker)
    draft = PlanDraft(title=find_title(head, marker), number=find_number(block, lines))
    issuer = find_issuer(block, head, lines, draft.title)
    if issuer:
        draft.issuer, draft.commune = issuer.written, issuer.owner
    _set_period(draft, block, lines)
    draft.signer = find_signer(lines)
    if file_name:
        from_file_name(draft, file_name)
    return draft


# -- text helpers ------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _fold_char(c: str) -> str:
    return (fold(c) or " ")[0]


def _folded(text: str) -> str:
    """fold(), one character per character of text (positions line up)."""
    return "".join(map(_fold_char, text))


def _cells(line: str) -> list[str]:
    """A head line cut into its cells (tabs, pipes, wide gaps), the motto and Markdown removed."""
    pieces = (nfc(c).strip("*_#>- ") for c in _CELL_SPLIT.split(_MOTTO.sub("\t", line)))
    return [c for c in pieces if c]


# -- where things are --------------------------------------------------------------------


def _marker(head: list[str]) -> tuple[int, str] | None:
    """(line, rest of its cell) of "KẾ HOẠCH", else of "PHỤ LỤC": the title follows, the header block is above."""
    for word, pattern in (("KẾ HOẠCH", r"ke hoach"), ("PHỤ LỤC", r"phu luc(?:\s+(?:\d+|[ivx]+))?")):
        for i, line in enumerate(head):
            for cell in _cells(line):  # in capitals, as header words are: not a table's "Kế hoạch" cell
                if re.fullmatch(pattern, fold(cell)) and cell.isupper():
                    return i, ""
                rest = cell[len(word) + 1:].strip(" :")
                if cell.startswith(word + " ") and rest and not fold(rest).startswith("so "):
                    return i, rest  # "KẾ HOẠCH Cải cách hành chính năm 2026" on one line
    return None


def _block(head: list[str], marker: tuple[int, str] | None) -> list[str]:
    """Cells of the header block: the document's first lines and the lines just above the marker."""
    rows = set(range(min(len(head), _BLOCK_LINES)))
    if marker is not None:
        above = [i for i in range(max(0, marker[0] - 3 * _BLOCK_LINES), marker[0]) if head[i].strip()]
        rows.update(above[-_BLOCK_LINES:])
    cells: list[str] = []
    for i in sorted(rows):
        line = head[i].strip()
        if line and not line.startswith(("-", "+", "•")) and not _PREAMBLE.match(fold(line)) and len(line) < 200:
            cells += _cells(line)
    return cells


# -- title and number --------------------------------------------------------------------


def find_title(head: list[str], marker: tuple[int, str] | None) -> str:
    """The line(s) after "KẾ HOẠCH" or "PHỤ LỤC", as written; else the first line naming the reform."""
    if marker is None:
        return next((c for ln in head[:10] for c in _cells(ln) if "cai cach hanh chinh" in fold(c)), "")
    at, rest = marker
    parts = [rest] if rest else []
    for line in head[at + 1:at + 8]:
        text = " ".join(_cells(line))
        if not text:
            if parts:
                break
            continue
        if parts and not _continues(parts[-1], text):
            break
        parts.append(text)
        if len(parts) == 3:
            break
    return " ".join(parts)


def _continues(title: str, line: str) -> bool:
    """A title broken over lines goes on in lower case, or in capitals after capitals."""
    if line.startswith(("(", "[")) or _PREAMBLE.match(fold(line)) or re.match(r"[IVX]+\.", line):
        return False
    return line[:1].islower() or (title.isupper() and line.isupper())


def find_number(block: list[str], lines: list[str]) -> str:
    """'06/KH-UBND'; '' when blank ('Số: /KH-UBND'). Prefers a plan (KH) number."""
    found = [m for cell in block if (m := _NUMBER.match(cell))]
    found += [m for ln in lines if (m := _ATTACHED.search(ln))]
    if not found:
        return ""
    plan = [m for m in found if m.group(2).upper().startswith("KH")]
    match = (plan or found)[0]
    return f"{match.group(1)}/{match.group(2)}" if match.group(1) else ""


# -- issuer and owner --------------------------------------------------------------------


def find_issuer(block: list[str], head: list[str], lines: list[str], title: str) -> Issuer | None:
    """The header block's issuer, else the issuing sentence's, else the "Kèm theo" line's, else the title's owner."""
    found = _from_block(block) or _from_sentence(head) or _from_attached(lines)
    if found:
        return found
    owner = commune_in(title)
    return Issuer("", owner) if owner else None


def commune_in(text: str) -> str:
    """The first unit with a real name in a text: 'xã Hoàng Sơn' from '… trên địa bàn Xã Hoàng Sơn năm 2026'."""
    return next((o for m in _UNIT_AT.finditer(_folded(text)) if (o := _unit_name(text, m.start())[0])), "")


def _from_block(cells: list[str]) -> Issuer | None:
    """"ỦY BAN NHÂN DÂN" + "XÃ AN LÃO" (one cell or two), a department under it, or a Sở / Bộ alone."""
    for i, cell in enumerate(cells):
        department = _agency(cell)
        if department:
            return Issuer(cell, department)
        m = _UBND.match(_folded(cell))
        if m is None:
            continue
        if m.end() < len(cell):
            written, unit_cell, after = cell, cell[m.end():], i + 1
        elif i + 1 < len(cells):
            written, unit_cell, after = f"{cell} {cells[i + 1]}", cells[i + 1], i + 2
        else:
            continue
        owner, _end = _unit_name(unit_cell, 0)
        if not owner:
            continue
        under = _agency(cells[after]) if after < len(cells) else ""
        if under:  # "UBND TỈNH LẠNG SƠN" / "SỞ NỘI VỤ": the department issues, in that province
            return Issuer(cells[after], f"{under} {owner}")
        return Issuer(written, owner)
    return None


def _from_sentence(head: list[str]) -> Issuer | None:
    """"…, UBND xã Hoàng Sơn ban hành Kế hoạch …": the plan saying who issues it.

    The subject opens its clause: "… của UBND xã X ban hành Kế hoạch …" is a cited document.
    """
    for line in head:
        text = nfc(line)
        folded = _folded(text)
        for m in re.finditer(r"(?:^|[,;.:]\s*)((?:ubnd|uy ban nhan dan) )", folded):
            owner, end = _unit_name(text, m.end())
            if owner and _ISSUING.match(folded, end):
                return Issuer(text[m.start(1):end], owner)
    return None


def _from_attached(lines: list[str]) -> Issuer | None:
    """"(Kèm theo Kế hoạch số … của Ủy ban nhân dân xã Mù Cỏ)", on a line that may wrap."""
    for i, line in enumerate(lines):
        if not re.search(r"k[èe]m\s+theo", line, re.I):
            continue
        m = _ATTACHED.search(nfc(" ".join(ln for ln in lines[i:i + 4] if ln.strip())))
        of = re.search(r"\bc[ủu]a\s+(?:ch[ủu]\s+t[ịi]ch\s+)?", m["rest"], re.I) if m else None
        if of and (found := _from_block([m["rest"][of.end():].strip(" )")])):
            return found
    return None


def _unit_name(text: str, start: int) -> tuple[str, int]:
    """('xã An Lão', end) for 'XÃ AN LÃO …' at text[start:]; ('', start) unless a unit and a real name follow."""
    m = _UNIT_AT.match(_folded(text[start:]))
    if not m:
        return "", start
    name, end = _name(text, start + m.end())
    return (f"{_UNITS[m.group(1)]} {name}", end) if name else ("", start)


def _name(text: str, start: int) -> tuple[str, int]:
    """A proper name at text[start:]: capitalised words (capitals only, after capitals), at most five."""
    words: list[str] = []
    end = start
    for m in re.finditer(r"\S+", text[start:]):
        word = m.group()
        bare = word.strip(_NAME_PUNCT)
        if word[0] in "(“\"" or not bare or not (bare[0].isupper() or bare[0].isdigit()):
            break
        if _ends_name(bare) or (words and words[0].isupper() and not bare.isupper()):
            break
        words.append(bare)
        end = start + m.start() + len(word.rstrip(_NAME_PUNCT))
        if word.rstrip("*") != bare or len(words) == 5:
            break  # punctuation ends the name
    if not words or re.fullmatch(r"\d{4}", words[0]) or [fold(w) for w in words] == ["hoi"]:
        return "", start
    name = " ".join(words)
    return (name.title() if name.isupper() else name), end


def _ends_name(word: str) -> bool:
    lower = nfc(word.lower())
    return lower in _NOT_NAMES or (fold(lower) == lower and lower in _NOT_NAMES_BARE)


def _agency(cell: str) -> str:
    """'SỞ NỘI VỤ' -> 'Sở Nội vụ', 'Bộ Khoa học và Công nghệ' as written; '' for anything else."""
    words = cell.split()
    if len(words) < 2 or fold(words[0]) not in _AGENCIES or not words[1][:1].isupper() or fold(words[1]) == "hanh":
        return ""
    if not cell.isupper():
        return cell
    out, new_part = [words[0].capitalize()], True  # each part of the name opens with a capital
    for word in words[1:]:
        connector = fold(word) in _CONNECTORS
        out.append(word.lower() if connector or not new_part else word.capitalize())
        new_part = connector or word.endswith(",")
    return " ".join(out)


# -- period ------------------------------------------------------------------------------


def _set_period(draft: PlanDraft, block: list[str], lines: list[str]) -> None:
    """The title's period, else the year of the date line (said in a warning)."""
    date_line = _date_line(block, lines)
    doc_year = int(date_line[1]) if date_line else None
    period = title_period(draft.title, doc_year)
    if period:
        draft.year_start, draft.year_end = period
    elif date_line:
        draft.year_start = draft.year_end = doc_year
        draft.warnings.append(MetadataNote(None, date_line[0], _(
            "no year in the title; the plan year {year} is taken from the date line; give --year if that is wrong")
            .format(year=doc_year), ("year",)))


def title_period(title: str, doc_year: int | None) -> tuple[int, int] | None:
    """The last period phrase of the title; "đến năm 2030" runs from doc_year (None without one)."""
    folded = fold(title)
    masked = _NOT_PERIODS.sub(lambda m: " " * len(m.group()), folded)
    matches = list(_PERIODS.finditer(masked))
    if not matches:
        return None
    m = matches[-1]
    if m["until"]:
        until = int(m["until"])
        return (doc_year, until) if doc_year is not None and doc_year <= until else None
    if m["y"]:
        return int(m["y"]), int(m["y"])
    return (int(m["a"]), int(m["b"])) if m["a"] else (int(m["c"]), int(m["d"]))


def _date_line(block: list[str], lines: list[str]) -> tuple[str, str] | None:
    """('Hoàng Sơn, ngày … tháng … năm 2025', '2025'): the document's own date, not a cited one."""
    for cell in block:
        if m := _DATE_LINE.search(fold(cell)):
            return cell, m.group(1)
    for line in lines:
        m = _ATTACHED.search(line)
        if m and (y := re.search(r"ng[àa]y[\s/\d.]*?((?:19|20|21)\d\d)\b", m["rest"])):
            return nfc(line), y.group(1)
    return None


# -- file name ---------------------------------------------------------------------------

_NAME_YEARS = re.compile(r"(?<!\d)((?:19|20|21)\d\d)(?:\s*[-_\u2013]\s*((?:19|20|21)\d\d))?(?!\d)")
_NAME_UNITS = {"xa": "xã", "phuong": "phường", "thi tran": "thị trấn"}


def from_file_name(draft: PlanDraft, name: str) -> None:
    """Year and owner from a file name like 'xa-an-lao-2026.txt', where the document leaves them unsaid."""
    stem = Path(name).stem
    filled: dict[str, str] = {}
    years = _NAME_YEARS.search(stem)
    if not draft.commune:
        owner = _owner_in_name(stem[:years.start()] if years else stem)
        if owner:
            draft.commune = filled["commune"] = owner
    if draft.year_start is None and years:
        draft.year_start = int(years.group(1))
        draft.year_end = int(years.group(2) or years.group(1))
        filled["year"] = years.group(0)
    if filled:
        draft.warnings.append(MetadataNote(None, Path(name).name, _(
            "taken from the file name: {values}; give --commune/--year if that is wrong")
            .format(values=", ".join(filled.values())), tuple(filled)))


def _owner_in_name(text: str) -> str:
    """'ke-hoach-xa-an-lao' -> 'xã An Lao' (accents only if the name has them)."""
    words = [w for w in re.split(r"[-_\s.]+", text) if w]
    for i in range(len(words)):
        for size in (2, 1):
            unit = fold(" ".join(words[i:i + size]))
            if unit in _NAME_UNITS and len(words) > i + size:
                return f"{_NAME_UNITS[unit]} " + " ".join(w[:1].upper() + w[1:] for w in words[i + size:])
    return ""
