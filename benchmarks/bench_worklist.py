"""The coordinator's worklist on 1,000,000 synthetic cases: cases per second and peak memory.

The cases are generated on the fly (``nrm_core.reporting.synthetic``, a generator: no case
is kept) and streamed into ``nrm_core.worklist``. Each mode runs in a fresh process, whose
peak resident set (``VmHWM``) includes the generator:

* ``generate``: generation alone (the baseline: the worklist's time is the difference);
* ``rows``: ``worklist.rows`` (streaming, input order) with every row counted;
* ``sorted``: ``worklist.worklist`` (every open row kept and sorted by urgency);
* ``top``: ``worklist.most_urgent(..., 50)`` (a bounded heap of 50 rows).

A last in-process figure cycles a pool of 2,000 generated cases, so the rate of the worklist
itself is measured without generation.

Run:  python benchmarks/bench_worklist.py [N] [MODES]   (default 1000000 generate,rows,sorted)
"""

from __future__ import annotations

import datetime as dt
import itertools
import platform
import subprocess
import sys
import time

AS_OF = dt.date(2026, 9, 30)

CHILD = """
import datetime as dt, resource, sys, time
from nrm_core.reporting.synthetic import synthetic_cases
from nrm_core import worklist
n = int(sys.argv[1]); mode = sys.argv[2]
as_of = dt.date(2026, 9, 30)
began = time.perf_counter()
cases = synthetic_cases(n, seed=2026, as_of=as_of)
if mode == "generate":
    count = sum(1 for _ in cases)
elif mode == "rows":
    count = sum(1 for _ in worklist.rows(cases, as_of))
elif mode == "sorted":
    count = len(worklist.worklist(cases, as_of))
else:
    count = len(worklist.most_urgent(cases, as_of, 50))
print(time.perf_counter() - began)
print(count)
try:  # this process's own peak (ru_maxrss can carry the parent's figure across exec)
    with open("/proc/self/status") as status:
        print(next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")))
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _child(n: int, mode: str) -> tuple[float, int, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(n), mode], capture_output=True, text=True, check=True
    )
    seconds, count, peak_kb = done.stdout.split()
    return float(seconds), int(count), int(peak_kb) / 1024


def _in_process(pool_size: int = 2_000, total: int = 200_000) -> float:
    from nrm_core import worklist
    from nrm_core.reporting.synthetic import synthetic_cases

    pool = list(synthetic_cases(pool_size, seed=7, as_of=AS_OF))
    # the same rows the first time round as any other (the worklist keeps nothing)
    first = [row.case_id for row in worklist.rows(pool, AS_OF)]
    again = [row.case_id for row in worklist.rows(pool, AS_OF)]
    assert first == again
    began = time.perf_counter()
    for _ in worklist.rows(itertools.islice(itertools.cycle(pool), total), AS_OF):
        pass
    return total / (time.perf_counter() - began)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    modes = (sys.argv[2] if len(sys.argv) > 2 else "generate,rows,sorted").split(",")
    print(f"Python {platform.python_version()} on {platform.machine()}; {n:,} cases")
    timings: dict[str, float] = {}
    for mode in modes:
        seconds, count, peak = _child(n, mode)
        timings[mode] = seconds
        print(f"{mode:>8}: {seconds:8.1f} s  {n / seconds:9,.0f} cases/s  "
              f"peak RSS {peak:6.1f} MB  ({count:,} rows or cases)")  # fmt: skip
    base = timings.get("generate")
    for mode in ("rows", "sorted", "top"):
        if base is not None and mode in timings and timings[mode] > base:
            print(f"{mode:>8}: worklist alone about {n / (timings[mode] - base):,.0f} cases/s "
                  "(by difference with generation)")  # fmt: skip
    print(f"in process, a cycled pool of 2,000 cases: {_in_process():,.0f} cases/s")


if __name__ == "__main__":
    main()
