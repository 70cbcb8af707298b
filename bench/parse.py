"""Time the reading of each plan (file -> PlanDraft, no database), in this process.

    python bench/parse.py [--runs 20] [FILE...]     # default: the five plans of examples/

Prints, per file, the median and min wall time of `read_plan` over --runs runs
(after one warm-up run, so imports are not counted), the median CPU time of
this process (steadier on a busy machine) and the number of tasks read.
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
    print(f"{'file':45} {'tasks':>5} {'median ms':>10} {'min ms':>8} {'cpu ms':>8}")
    for path in files:
        draft, _sha = read_plan(path)
        times, cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            read_plan(path)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        print(f"{path.name:45} {len(draft.tasks):5d} {statistics.median(times):10.1f} {min(times):8.1f} "
              f"{statistics.median(cpu):8.1f}")


if __name__ == "__main__":
    main()
