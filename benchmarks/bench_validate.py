"""Validation throughput on 100,000 synthetic cases, side by side in one run.

1. ``nrm-core validate FILE --quiet`` end to end (a subprocess: read, parse,
   validate shape and domain, replay the lifecycle, route check), with its peak memory;
2. the in-process validator on the same file (``validate_path``), and on parsed dicts;
3. a pydantic v2 model of the same format (shape only, strict, per JSON line);
4. the same pydantic model with domain checks as validators (``DomainCaseDocument``:
   authority code on the day, dates, lifecycle replay through the same table; it
   does less than nrm_core, see ``pydantic_model.py``);
5. ``jsonschema`` (Draft 2020-12) against the generated schema (shape only).

Every path gets the same records; the summary gives each one's cost per record and
nrm_core's speed relative to it (CPU time; best of three runs of each).

Run:  python benchmarks/bench_validate.py [N]     (default N = 100000)
"""

from __future__ import annotations

import gc
import json
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from importlib.metadata import version
from pathlib import Path

import jsonschema
import pydantic

sys.path.insert(0, str(Path(__file__).parent))
from pydantic_model import CaseDocument, DomainCaseDocument

from nrm_core import Rules
from nrm_core.io.interchange import unstructure
from nrm_core.io.schema import json_schema
from nrm_core.io.validation import validate_data, validate_path
from nrm_core.reporting.synthetic import synthetic_cases

WRAPPER = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-m", "nrm_core", "validate", "--quiet", sys.argv[1]],
                      capture_output=True, text=True)
print(f"exit {done.returncode}; {done.stdout.strip()}")
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def rate(label: str, count: int, seconds: float) -> None:
    print(f"  {label:<52} {count / seconds:>10,.0f} records/s  ({seconds:6.1f} s)")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(
        f"Python {platform.python_version()}, pydantic {pydantic.VERSION}, "
        f"jsonschema {version('jsonschema')}"
    )
    folder = Path(tempfile.mkdtemp())
    path = folder / "cases.jsonl"
    began = time.perf_counter()
    with path.open("w", encoding="utf-8") as handle:
        for case in synthetic_cases(n, seed=2026):
            handle.write(json.dumps(unstructure(case)) + "\n")
    size = path.stat().st_size
    print(f"Generated {n:,} cases ({size / 1e6:.0f} MB) in {time.perf_counter() - began:.1f} s\n")

    # Measured through a small wrapper process, before this process loads the file: a child
    # forked from a large parent would otherwise count the parent's pages in its peak RSS.
    began = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(path)], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - began
    summary, peak_kb = result.stdout.strip().rsplit("\n", 1)
    peak = int(peak_kb) / 1024
    lines = path.read_text(encoding="utf-8").splitlines()
    print("nrm-core validate (subprocess, end to end, full domain validation):")
    rate("nrm-core validate FILE --quiet", n, elapsed)
    print(f"  {summary}")
    print(f"  peak memory of the command: {peak:,.0f} MB (streams: constant in the file size)\n")

    print("In process, same records (CPU time per record, best of 3):")
    documents = [json.loads(line) for line in lines]
    rules = Rules.bundled()
    timings: dict[str, float] = {}

    def measure(label: str, run: Callable[[], object], count: int = n) -> None:
        best = min(_cpu(run) for _ in range(3))
        timings[label] = best / count * 1e6
        print(f"  {label:<58} {timings[label]:9.1f} us")

    invalid = sum(not report.valid for report in validate_path(path, rules=rules))
    # Each run keeps no result (as a validating service would not), so that no run pays
    # for the garbage collector walking the results of the records before it.
    measure("nrm_core validate_path (read + parse + full validation)",
            lambda: _each(validate_path(path, rules=rules)))  # fmt: skip
    measure("nrm_core json.loads + validate_data (full validation)",
            lambda: _each(validate_data(json.loads(t), rules=rules) for t in lines))  # fmt: skip
    measure("nrm_core validate_data on parsed dicts",
            lambda: _each(validate_data(data, rules=rules) for data in documents))  # fmt: skip
    measure("pydantic v2 model_validate_json (strict, shape only)",
            lambda: _each(map(CaseDocument.model_validate_json, lines)))  # fmt: skip
    measure("pydantic v2 model_validate_json with domain validators",
            lambda: _each(map(DomainCaseDocument.model_validate_json, lines)))  # fmt: skip
    validator = jsonschema.Draft202012Validator(json_schema())
    sample = documents[: min(n, 5_000)]
    measure(f"jsonschema Draft202012 on parsed dicts ({len(sample):,})",
            lambda: _each(map(validator.validate, sample)), len(sample))  # fmt: skip
    print(f"  invalid records (nrm_core): {invalid}\n")

    ours = timings["nrm_core json.loads + validate_data (full validation)"]
    print("nrm_core full validation (from JSON text) relative to each (higher: nrm_core faster):")
    for label, cost in timings.items():
        if not label.startswith("nrm_core"):
            print(f"  vs {label:<58} {cost / ours:6.2f}x")


def _each(results: Iterable[object]) -> None:
    for _ in results:
        pass


def _cpu(run: Callable[[], object]) -> float:
    gc.collect()
    began = time.process_time()
    run()
    return time.process_time() - began


if __name__ == "__main__":
    main()
