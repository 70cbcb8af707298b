"""Time the reading of each plan (file -> PlanDraft, no database), in this process.

    python bench/parse.py [--runs 20] [FILE...]     # default: the five plans of examples/

Prints, per file, the median and min of `read_plan` over --runs runs (after
one warm-up run, so imports are not counted) and the number of tasks read.
The whole `cchc import` is timed by bench/run.py; this isolates the parsing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from cchc.importers.readers import read_plan

    files = args.files or sorted((ROOT / "examples").glob("*.txt"))
    print(f"{'file':45} {'tasks':>5} {'median ms':>10} {'min ms':>8}")
    for path in files:
        draft, _sha = read_plan(path)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            read_plan(path)
            times.append((time.perf_counter() - start) * 1000)
        print(f"{path.name:45} {len(draft.tasks):5d} {statistics.median(times):10.1f} {min(times):8.1f}")


if __name__ == "__main__":
    main()
