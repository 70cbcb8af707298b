"""The form of a report as Nghị định 30/2020/NĐ-CP lays it out (pure): masthead, date line, signature.

The issuer comes from the plan's own head (in capitals, as the masthead writes
it); the signer and the recipients from the owner's settings, else the
defaults below. The report is in Vietnamese by design: it is handed in.
"""

from __future__ import annotations

from datetime import date

from cchc.domain.records import Plan
from cchc.domain.report_blocks import Masthead, Signature
from cchc.domain.settings import split_lines
from cchc.domain.text import fold, nfc

COMMITTEE = "ỦY BAN NHÂN DÂN"
BLANK = "…"


def place_of(commune: str) -> tuple[str, str]:
    """'xã Hoàng Sơn' → ('xã', 'Hoàng Sơn'); a ward or township likewise."""
    words = commune.split()
    for unit in (("thị", "trấn"), ("phường",), ("xã",)):
        if tuple(w.lower() for w in words[:len(unit)]) == unit:
            return " ".join(unit), " ".join(words[len(unit):])
    return "xã", commune.strip() or BLANK


def committee(plan: Plan) -> str:
    """The commune's People's Committee as a sentence names it: 'UBND xã Hoàng Sơn'."""
    written = " ".join(plan.issuer.split())
    if written and not written.isupper() and fold(written).startswith(("ubnd", "uy ban nhan dan")):
        return written
    unit, name = place_of(plan.commune)
    return f"UBND {unit} {name}"


def issuer_lines(plan: Plan) -> list[str]:
    """The issuer in capitals, the committee's name on its own line: ['ỦY BAN NHÂN DÂN', 'XÃ HOÀNG SƠN']."""
    written = nfc(plan.issuer)
    if not written:
        unit, name = place_of(plan.commune)
        written = f"{COMMITTEE} {unit} {name}"
    folded = fold(written)  # one character for each of the NFC text's
    for prefix in ("ubnd ", "uy ban nhan dan "):
        if folded.startswith(prefix):
            return [COMMITTEE, written[len(prefix):].strip().upper()]
    return [written.upper()]


def date_line(place: str, day: date) -> str:
    """'Hoàng Sơn, ngày 05 tháng 6 năm 2026': days below 10 and months 1 and 2 with a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def defaults(plan: Plan) -> dict[str, str]:
    """The settings a report uses when neither the database nor the config file gives them."""
    unit, name = place_of(plan.commune)
    return {"signer.behalf": f"TM. {COMMITTEE}", "signer.title": "CHỦ TỊCH", "signer.subtitle": "", "signer.name": "",
            "recipients": f"Sở Nội vụ (b/c); Thường trực Đảng ủy, HĐND {unit} (b/c); Chủ tịch, các PCT UBND {unit}; "
                          "Lưu: VT",
            "place": name}


def masthead(plan: Plan, settings: dict[str, str], today: date) -> Masthead:
    left = issuer_lines(plan)
    place = settings.get("place") or defaults(plan)["place"]
    return Masthead(left=left + ["Số:        /BC-UBND"],
                    right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", date_line(place, today)],
                    bold_left=len(left))


def signature(plan: Plan, settings: dict[str, str]) -> Signature:
    """Nơi nhận and the signer: TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH unless the settings say otherwise."""
    chosen = {**defaults(plan), **settings}
    recipients = split_lines(chosen["recipients"]) or split_lines(defaults(plan)["recipients"])
    lines = [f"- {r};" for r in recipients]
    lines[-1] = lines[-1][:-1] + "."
    authority = [chosen["signer.behalf"], chosen["signer.title"] or "CHỦ TỊCH", chosen["signer.subtitle"]]
    return Signature(["Nơi nhận:"] + lines, [a.strip().upper() for a in authority if a.strip()],
                     chosen["signer.name"].strip())
