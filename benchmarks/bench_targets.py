"""Every row of the performance targets (issue 27), side by side in one run.

Each section checks that the compared implementations agree before timing them. Timings
are interleaved: in every round each path runs once on the same inputs (the order turned
each round), so that a busy neighbour slows all paths of a round alike; the figures are
medians over the rounds, and a ratio is the median of the rounds' own ratios (paired).
In process: CPU time. End to end: wall time of a fresh process, and its peak memory.

1. ``calendar``: the public ``add_working_days(start, n, division)``, the method on a kept
   ``WorkingCalendar``, and numpy's scalar ``busday_offset`` (0 mismatches required, over
   a wide range of starts and steps);
2. ``validation``: ``validate_text`` and ``validate_data(parse_json(...))`` on the same
   texts (pure Python and, where ``jiter`` is installed, with the ``[fast]`` decoder),
   pydantic shape-only, the pydantic domain peer as it was first written and completed,
   jsonschema (on a sample);
3. ``validate``: ``nrm-core validate FILE --quiet`` end to end on JSON Lines, pure and
   ``[fast]``, against ``pydantic_validate.py`` (the completed peer, and as it was);
4. ``report``: ``nrm-core report FILE --as-of ...`` end to end, cases/s and peak memory,
   pure and ``[fast]``; and ``report()`` in process over the same cases;
5. ``synthetic``: ``nrm-core synthetic N`` (its output discarded), cases/s;
6. ``duplicates``: the memory the cross-record check (``without_duplicates``) holds, in
   bytes a case, at the largest report size.

Run:  python benchmarks/bench_targets.py [--quick] [--only SECTION,...] [--data DIR]
      [--records N] [--report-cases N,N,...] [--rounds R]

``--data DIR`` keeps the generated case files between runs (they take minutes to make).
``--quick``: small sizes, for checking the script itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

AS_OF = "2026-09-30"
PURE = "import nrm_core._strict_json as s; s._jiter = None; "
# A small wrapper process measures the command's own peak (a child forked from this large
# process would count the parent's pages).
WRAPPER = """
import resource, subprocess, sys, time
began = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - began
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, use.ru_utime + use.ru_stime, use.ru_maxrss, done.returncode)
"""


def fast_available() -> bool:
    from nrm_core import _strict_json

    return getattr(_strict_json, "_jiter", None) is not None


def set_fast(on: bool, saved: list[object] = []) -> None:  # noqa: B006 (kept across calls)
    from nrm_core import _strict_json

    if not saved:
        saved.append(getattr(_strict_json, "_jiter", None))
    _strict_json._jiter = saved[0] if on else None  # type: ignore[attr-defined]


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def interleaved(
    paths: dict[str, Callable[[], object]], rounds: int, per: dict[str, int]
) -> dict[str, list[float]]:
    """CPU seconds per item of each path, one list per path, one entry per round."""
    times: dict[str, list[float]] = {name: [] for name in paths}
    names = list(paths)
    for round_ in range(rounds):
        order = names[round_ % len(names) :] + names[: round_ % len(names)]
        for name in order:
            gc.collect()
            began = time.process_time()
            paths[name]()
            times[name].append((time.process_time() - began) / per[name])
    return times


def paired_ratio(times: dict[str, list[float]], ours: str, theirs: str) -> float:
    """How many times faster ``ours`` is than ``theirs`` (median of the rounds' ratios)."""
    return median(t / o for o, t in zip(times[ours], times[theirs], strict=True))


def each(results: Iterable[object]) -> None:
    for _ in results:
        pass


# -- 1. calendar ---------------------------------------------------------------------------


def calendar_section(rounds: int, quick: bool) -> None:
    import numpy as np

    from nrm_core.calendar import (
        FIRST_YEAR,
        LAST_YEAR,
        Division,
        WorkingCalendar,
        add_working_days,
        bank_holidays,
    )

    print("\n1. add_working_days (ns per call; public function given a Division)")
    division = Division.ENGLAND_AND_WALES
    holidays = [d for y in range(FIRST_YEAR, LAST_YEAR + 1) for d in bank_holidays(y, division)]
    busdays = np.busdaycalendar(holidays=np.array(holidays, dtype="datetime64[D]"))
    rng = random.Random(2026)
    count = 20_000 if quick else 200_000
    first, last = dt.date(FIRST_YEAR + 2, 1, 1), dt.date(LAST_YEAR - 2, 12, 31)
    span = (last - first).days
    starts = [first + dt.timedelta(days=rng.randrange(span)) for _ in range(count)]
    # (n = 0 gives ``start`` itself, by definition: numpy would roll a weekend to a weekday)
    steps = [rng.choice((-1, 1)) * rng.randint(1, 400) for _ in range(count)]
    ours = [add_working_days(s, n, division) for s, n in zip(starts, steps, strict=True)]
    s64 = np.array(starts, dtype="datetime64[D]")
    n64 = np.array(steps)
    forward = np.busday_offset(s64, n64, roll="backward", busdaycal=busdays)
    backward = np.busday_offset(s64, n64, roll="forward", busdaycal=busdays)
    theirs = np.where(n64 >= 0, forward, backward)
    mismatches = sum(a != b.astype(dt.date) for a, b in zip(ours, theirs, strict=True))
    print(f"   {count:,} calls, starts {first}..{last}, 1 <= |n| <= 400: {mismatches} mismatches")
    assert mismatches == 0, "nrm_core and numpy disagree"

    inputs = list(zip(starts[:20_000], [n % 46 + 1 for n in steps[:20_000]], strict=True))
    kept = WorkingCalendar(division)
    paths: dict[str, Callable[[], object]] = {
        "public add_working_days(start, n, division)": lambda: [
            add_working_days(s, n, division) for s, n in inputs
        ],
        "WorkingCalendar.add_working_days (kept)": lambda: [
            kept.add_working_days(s, n) for s, n in inputs
        ],
        "numpy busday_offset, one call each": lambda: [
            np.busday_offset(np.datetime64(s), n, roll="backward", busdaycal=busdays)
            for s, n in inputs
        ],
    }
    times = interleaved(paths, rounds, dict.fromkeys(paths, len(inputs)))
    for name, values in times.items():
        print(f"   {name:<48} {median(values) * 1e9:9.0f} ns")
    ratio = paired_ratio(times, "public add_working_days(start, n, division)",
                         "numpy busday_offset, one call each")  # fmt: skip
    print(f"   TARGET public vs numpy scalar (>= 6x): {ratio:.1f}x")


# -- 2. validation in process --------------------------------------------------------------


def records(count: int) -> list[str]:
    from nrm_core.io.interchange import unstructure
    from nrm_core.reporting.synthetic import synthetic_cases

    return [json.dumps(unstructure(case)) for case in synthetic_cases(count, seed=2026)]


def validation_section(rounds: int, quick: bool) -> None:
    import jsonschema
    import pydantic
    from pydantic_model import CaseDocument, CompleteDomainCaseDocument, DomainCaseDocument

    from nrm_core import Rules
    from nrm_core.io._json import parse_json
    from nrm_core.io.schema import json_schema
    from nrm_core.io.validation import validate_data, validate_text

    count = 500 if quick else 3_000
    texts = records(count)
    size = sum(map(len, texts)) / count
    print(f"\n2. Full validation in process ({count:,} synthetic records of {size / 1e3:.1f} KB; "
          f"us per record, CPU time, median of {rounds} interleaved rounds)")  # fmt: skip
    rules = Rules.bundled()

    # Agreement first: valid or not, and the same queries, for ours and the completed peer.
    differ = 0
    for text in texts:
        _, problems = validate_data(parse_json(text)[0], rules=rules)
        ours = sorted(p.code for p in problems)
        if any(p.severity.value == "error" for p in problems):
            ours = ["invalid"]
        try:
            peer = CompleteDomainCaseDocument.model_validate_json(text)
            theirs = sorted(q.rsplit(": ", 1)[-1] for q in peer._queries)
        except pydantic.ValidationError:
            theirs = ["invalid"]
        differ += ours != theirs
    print(f"   nrm_core and the completed peer disagree on {differ} of {count:,} records")
    assert differ == 0

    def ours_data() -> None:
        each(validate_data(parse_json(t)[0], rules=rules) for t in texts)

    fast = fast_available()

    def ours_data_fast() -> None:
        set_fast(True)
        try:
            ours_data()
        finally:
            set_fast(False)

    set_fast(False)
    sample = [json.loads(t) for t in texts[: min(count, 100)]]
    validator = jsonschema.Draft202012Validator(json_schema())
    paths: dict[str, Callable[[], object]] = {
        "nrm_core validate_text": lambda: each(validate_text(t, rules=rules) for t in texts),
        "nrm_core validate_data(parse_json) pure": ours_data,
    }
    if fast:
        paths["nrm_core validate_data(parse_json) [fast]"] = ours_data_fast
    paths |= {
        "pydantic shape only": lambda: each(map(CaseDocument.model_validate_json, texts)),
        "pydantic domain peer, as it was": lambda: each(
            map(DomainCaseDocument.model_validate_json, texts)
        ),
        "pydantic domain peer, completed": lambda: each(
            map(CompleteDomainCaseDocument.model_validate_json, texts)
        ),
        f"jsonschema Draft 2020-12, shape only ({len(sample)})": lambda: each(
            map(validator.validate, sample)
        ),
    }
    per = dict.fromkeys(paths, count)
    per[f"jsonschema Draft 2020-12, shape only ({len(sample)})"] = len(sample)
    times = interleaved(paths, rounds, per)
    set_fast(True)
    for name, values in times.items():
        print(f"   {name:<52} {median(values) * 1e6:9.1f} us")
    pure = "nrm_core validate_data(parse_json) pure"
    text_ratio = paired_ratio(times, pure, "nrm_core validate_text")
    print(f"   TARGET validate_text / validate_data on the same text (<= 1.2x): {text_ratio:.2f}x")
    for ours in [pure] + (["nrm_core validate_data(parse_json) [fast]"] if fast else []):
        print(f"   {ours} relative to each (higher: nrm_core faster):")
        for peer in paths:
            if not peer.startswith("nrm_core"):
                print(f"     vs {peer:<52} {paired_ratio(times, ours, peer):6.2f}x")
    print("   TARGETS vs the completed peer: pure >= 0.5x, [fast] >= 0.7x (aim 1.0x)")


# -- 3. nrm-core validate end to end -------------------------------------------------------


def command(args: Sequence[str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak MB and exit status of one command."""
    out = subprocess.run(
        [sys.executable, "-c", WRAPPER, *args], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), float(out[1]), int(out[2]) / 1024, int(out[3])


def nrm_core(*args: str, fast: bool) -> list[str]:
    prefix = "" if fast else PURE
    return [sys.executable, "-c", prefix + "from nrm_core.cli import run; run()", *args]


def case_file(folder: Path, count: int) -> Path:
    path = folder / f"cases-{count}.jsonl"
    if not path.exists():
        largest = max(folder.glob("cases-*.jsonl"), default=None,
                      key=lambda p: int(p.stem.split("-")[1]))  # fmt: skip
        if largest is not None and int(largest.stem.split("-")[1]) >= count:
            with largest.open("rb") as source, path.open("wb") as target:
                for _, line in zip(range(count), source, strict=False):
                    target.write(line)
        else:
            began = time.perf_counter()
            with path.open("wb") as target:
                subprocess.run(nrm_core("synthetic", str(count), "--seed", "2026",
                                        "--as-of", AS_OF, fast=False),
                               stdout=target, check=True)  # fmt: skip
            print(f"   (made {path.name}: {count / (time.perf_counter() - began):,.0f} cases/s)")
    return path


def end_to_end(runs: dict[str, list[str]], rounds: int, count: int, unit: str) -> dict:
    results: dict[str, list[tuple[float, float, float, int]]] = {name: [] for name in runs}
    names = list(runs)
    for round_ in range(rounds):
        for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
            results[name].append(command(runs[name]))
    for name, measured in results.items():
        wall = median(m[0] for m in measured)
        cpu = median(m[1] for m in measured)
        peak = max(m[2] for m in measured)
        print(f"   {name:<44} {count / wall:>8,.0f} {unit}/s wall  {count / cpu:>8,.0f} {unit}/s "
              f"CPU  peak {peak:5.0f} MB  (exit {measured[0][3]})")  # fmt: skip
    return results


def validate_section(rounds: int, folder: Path, count: int) -> None:
    print(f"\n3. nrm-core validate, {count:,} records of JSON Lines, end to end (median of "
          f"{rounds} interleaved rounds)")  # fmt: skip
    path = str(case_file(folder, count))
    runs = {"nrm-core validate --quiet, pure": nrm_core("validate", "--quiet", path, fast=False)}
    if fast_available():
        runs["nrm-core validate --quiet, [fast]"] = nrm_core("validate", "--quiet", path,
                                                            fast=True)  # fmt: skip
    script = str(HERE / "pydantic_validate.py")
    runs["pydantic domain script, completed"] = [sys.executable, script, path]
    runs["pydantic domain script, as it was"] = [sys.executable, script, path, "--as-it-was"]
    results = end_to_end(runs, rounds, count, "records")
    for ours in [name for name in runs if name.startswith("nrm-core")]:
        for peer in [name for name in runs if name.startswith("pydantic")]:
            ratio = median(t[0] / o[0] for o, t in zip(results[ours], results[peer], strict=True))
            print(f"   {ours} vs {peer}: {ratio:.2f}x")
    print("   TARGET [fast] vs the completed domain script: >= 0.5x")


# -- 4. nrm-core report --------------------------------------------------------------------


def report_section(rounds: int, folder: Path, sizes: list[int]) -> None:
    print("\n4. nrm-core report, end to end (cases/s and peak memory of the command)")
    for count in sizes:
        path = str(case_file(folder, count))
        args = ("report", path, "--as-of", AS_OF)
        runs = {f"{count:>9,} cases, pure": nrm_core(*args, fast=False)}
        if fast_available():
            runs[f"{count:>9,} cases, [fast]"] = nrm_core(*args, fast=True)
        end_to_end(runs, rounds if count < 1_000_000 else 1, count, "cases")
    print("   TARGET 1,000,000 cases: peak < 60 MB; >= 5k cases/s pure, >= 8k with [fast]")
    from nrm_core.reporting.stats import report
    from nrm_core.reporting.synthetic import synthetic_cases

    pool = list(synthetic_cases(2_000, seed=2026, as_of=dt.date.fromisoformat(AS_OF)))
    cases = 20_000
    times = interleaved({"report()": lambda: report(
        (pool[i % len(pool)] for i in range(cases)), as_of=dt.date.fromisoformat(AS_OF))},
        rounds, {"report()": cases})  # fmt: skip
    print(
        f"   in process, report() over a cycled pool of 2,000 cases: "
        f"{1 / median(times['report()']):,.0f} cases/s (CPU)"
    )


# -- 6. the duplicate check's memory -------------------------------------------------------


def duplicates_section(count: int) -> None:
    import tracemalloc
    from types import SimpleNamespace

    from nrm_core.io.validation import RecordReport, without_duplicates

    print(f"\n6. without_duplicates over {count:,} records (each with a child and a date of "
          "birth): Python memory it holds (tracemalloc peak)")  # fmt: skip
    day = dt.date(2010, 1, 1)

    def reports() -> Iterable[RecordReport]:
        for number in range(count):
            child = SimpleNamespace(
                child_id=f"SYN-C-2026-{number:07d}",
                date_of_birth=day + dt.timedelta(days=number % 3000),
            )
            case = SimpleNamespace(referral=SimpleNamespace(child=child), history=())
            yield RecordReport(f"/data/cases-{count}.jsonl:{number + 1}",
                               case_id=f"SYN-2026-{number:07d}", problems=(),
                               case=case)  # type: ignore[arg-type]  # fmt: skip

    tracemalloc.start()
    try:
        each(without_duplicates(reports()))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(
        f"   {peak / 1e6:,.1f} MB, {peak / count:,.0f} bytes a case "
        "(TARGET under 70 bytes a case at 1,000,000)"
    )


# -- 5. nrm-core synthetic -----------------------------------------------------------------


def synthetic_section(rounds: int, count: int) -> None:
    print(f"\n5. nrm-core synthetic {count:,} (its standard output discarded)")
    runs = {"nrm-core synthetic": nrm_core("synthetic", str(count), "--seed", "2026",
                                           "--as-of", AS_OF, fast=False)}  # fmt: skip
    end_to_end(runs, rounds, count, "cases")
    print("   TARGET >= 5k cases/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--only", default="calendar,validation,validate,report,synthetic,duplicates"
    )
    parser.add_argument("--data", type=Path)
    parser.add_argument("--records", type=int)
    parser.add_argument("--report-cases")
    parser.add_argument("--rounds", type=int)
    options = parser.parse_args()
    quick = options.quick
    rounds = options.rounds or (3 if quick else 5)
    count = options.records or (2_000 if quick else 100_000)
    default_sizes = "2000" if quick else "10000,100000,1000000"
    sizes = [int(n) for n in (options.report_cases or default_sizes).split(",")]
    folder = options.data or Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    import numpy
    import pydantic

    import nrm_core

    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; "
          f"nrm_core from {Path(nrm_core.__file__).parent}; pydantic {pydantic.VERSION}, "
          f"numpy {numpy.__version__}; [fast] decoder: "
          f"{'jiter' if fast_available() else 'not installed'}")  # fmt: skip
    began = time.perf_counter()
    only = options.only.split(",")
    if "calendar" in only:
        calendar_section(rounds, quick)
    if "validation" in only:
        validation_section(rounds, quick)
    if "validate" in only:
        validate_section(max(1, rounds // 2), folder, count)
    if "report" in only:
        report_section(max(1, rounds // 2), folder, sizes)
    if "synthetic" in only:
        synthetic_section(max(1, rounds // 2), count // 5)
    if "duplicates" in only:
        duplicates_section(max(sizes))
    print(f"\n(benchmark wall time {time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    main()
