"""The waiting-times report on 1,000,000 synthetic cases: time and peak memory.

The cases are generated on the fly (``nrm_core.reporting.synthetic``) and streamed into
``nrm_core.reporting.stats.report``. Generation is timed on its own in a first pass, so
the report's own time is the difference; peak memory is the resident set of a
fresh process that generates and reports (so it includes the generator).

Run:  python benchmarks/bench_report.py [N]     (default N = 1000000)
"""

from __future__ import annotations

import datetime as dt
import platform
import subprocess
import sys
import time

AS_OF = dt.date(2026, 9, 30)

CHILD = """
import datetime as dt, resource, sys, time
from nrm_core.reporting.synthetic import synthetic_cases
from nrm_core.reporting.stats import report
n = int(sys.argv[1]); mode = sys.argv[2]
began = time.perf_counter()
cases = synthetic_cases(n, seed=2026, as_of=dt.date(2026, 9, 30))
if mode == "generate":
    for _ in cases:
        pass
else:
    result = report(cases, as_of=dt.date(2026, 9, 30), period="quarter")
    assert result.cases == n
print(time.perf_counter() - began)
try:  # this process's own peak (ru_maxrss can carry the parent's figure across exec)
    with open("/proc/self/status") as status:
        print(next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")))
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run(n: int, mode: str) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(n), mode], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    print(f"Python {platform.python_version()} on {platform.machine()}; {n:,} synthetic cases")
    gen_seconds, gen_peak = run(n, "generate")
    print(f"  generation only:           {gen_seconds:8.1f} s   peak RSS {gen_peak:8.0f} MB")
    total_seconds, total_peak = run(n, "report")
    print(f"  generation + report:       {total_seconds:8.1f} s   peak RSS {total_peak:8.0f} MB")
    report_seconds = total_seconds - gen_seconds
    print(
        f"  report alone (difference): {report_seconds:8.1f} s   "
        f"({n / report_seconds:,.0f} cases/s); memory added by the report: "
        f"{total_peak - gen_peak:,.0f} MB"
    )


if __name__ == "__main__":
    began = time.perf_counter()
    main()
    print(f"(benchmark wall time {time.perf_counter() - began:.0f} s)")
