"""Time the deadline parser per character, from 1 KB to 64 KB cells: it must stay flat.

    python bench/deadlines.py [--rounds 5] [--max-kb 64] [--check]
    python bench/deadlines.py --quick       # 1 round, up to 4 KB (what the tests run)

Each shape of cell (the issue's "Quý I/2026 - " repeated, compound labelled
lists, phrase soup, prose, digits, HTML debris…) is grown to each size and
parsed with the cell-length and milestone limits lifted, so the whole text is
read. The table gives the best of the rounds in microseconds per character and
the ratio of the largest size to the smallest: 1.0 is linear; a quadratic parser
doubles it with every doubling of the size. --check exits 1 when a ratio
exceeds --limit (default 2.0).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from cchc.domain.deadlines import parse_deadline  # noqa: E402

PERIOD = (2026, 2030)
WORDS = ["Quý ", "quí ", "I", "IV", "II", "1", "/", "-", " - ", ",", ".", ":", ";", "\n", "•", "<p>", "2026", "2025",
         "31", "29/02/", "05/01", "tháng ", "năm ", "ngày ", "mùng ", "trước ", "hằng ", "hàng ", "định kỳ ",
         "của tháng cuối quý", "6 tháng ", "đầu ", "cuối ", "Thường xuyên", "Theo ", "Sau khi ", "số 12/KH-UBND ",
         "Trong ", "Cả ", "13", "0", "99", "đến ", "và những năm tiếp theo", "chậm nhất ", "Báo cáo ", " "]


def _repeat(unit: str):
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def _soup(size: int) -> str:
    rng = random.Random(15)  # one soup: each size is a prefix of the next
    out, n = [], 0
    while n < size:
        word = rng.choice(WORDS)
        out.append(word)
        n += len(word)
    return "".join(out)[:size]


SHAPES = {
    "Quý I/2026 - ×n": _repeat("Quý I/2026 - "),
    "compound list": _repeat("- Kế hoạch kiểm tra: quý I/2026. - Báo cáo kết quả thực hiện: tháng 11/2026. "),
    "ranges": _repeat("Quý IV/2025 - Quý II/2026, 2026 - 2030; từ ngày 01/3/2026 đến ngày 30/6/2026 "),
    "yearly phrases": _repeat("Tháng 12 hằng năm, 2025 và những năm tiếp theo, Trước ngày 05/01 hằng năm "),
    "phrase soup": _soup,
    "prose": _repeat("Sớm nhất có thể khi các điều kiện được đáp ứng đầy đủ "),
    "fillers then a phrase": lambda size: "- Báo cáo " + _repeat("trước chậm nhất ")(size - 30) + " quý I/2026 - x",
    "digits": _repeat("1"),
    "years": _repeat("2026 "),
    "unclosed <": _repeat("<"),
    "combining marks": lambda size: "Quý" + "\u0301" * (size - 10) + " I/2026",
}


def best_time(text: str, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        parse_deadline(text, PERIOD, max_chars=None, max_milestones=None)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--max-kb", type=int, default=64)
    parser.add_argument("--quick", action="store_true", help="1 round, up to 4 KB")
    parser.add_argument("--check", action="store_true", help="exit 1 when a ratio exceeds --limit")
    parser.add_argument("--limit", type=float, default=2.0)
    args = parser.parse_args(argv)
    rounds, max_kb = (1, 4) if args.quick else (args.rounds, args.max_kb)
    sizes = [kb * 1024 for kb in (1, 2, 4, 8, 16, 32, 64, 128, 256) if kb <= max_kb]
    print(f"µs per character, best of {rounds}; period {PERIOD[0]}-{PERIOD[1]}; limits lifted")
    print(f"{'cell':24}" + "".join(f"{s // 1024:>7} KB" for s in sizes) + "   ratio")
    worst = 0.0
    for name, make in SHAPES.items():
        per_char = [best_time(make(size), rounds) / size * 1e6 for size in sizes]
        ratio = per_char[-1] / per_char[0]
        worst = max(worst, ratio)
        print(f"{name:24}" + "".join(f"{t:10.2f}" for t in per_char) + f"{ratio:8.2f}")
    print(f"largest ratio {worst:.2f} (limit {args.limit})")
    return 1 if args.check and worst > args.limit else 0


if __name__ == "__main__":
    sys.exit(main())
