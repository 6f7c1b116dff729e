"""Two versions of nrm_core side by side: the lifecycle replay, full validation and parsing.

Give the ``src`` folders of two checkouts (e.g. ``git worktree add /tmp/before <commit>``):
each round runs one fresh process per version, the order turned each round, on the same
synthetic records; each process times every path (CPU time, best of three), so a busy
neighbour slows a round's two processes alike. Figures are medians over the rounds, and a
speed-up is the median of the rounds' own ratios (paired).

1. ``replay``: ``Case(referral, history, rules=rules)`` (every event through the table);
2. ``validate pure`` / ``validate [fast]``: ``validate_data(parse_json(text))``, with the pure
   decoder and (where jiter is installed) with the ``[fast]`` one;
3. ``parse document [fast]``: ``parse_json`` of one cases document of all the records (jiter
   where installed, else pure).

Run:  python benchmarks/bench_paired.py BEFORE_SRC AFTER_SRC [--records N] [--rounds R]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable


def worker(count: int) -> None:
    """Time each path in this process (the nrm_core on ``sys.path``); print JSON."""
    import nrm_core._strict_json as strict
    from nrm_core import Case, Rules
    from nrm_core.io._json import parse_json
    from nrm_core.io.interchange import unstructure
    from nrm_core.io.validation import validate_data
    from nrm_core.reporting.synthetic import synthetic_cases

    cases = list(synthetic_cases(count, seed=2026))
    documents = [unstructure(case) for case in cases]
    texts = [json.dumps(document) for document in documents]
    whole = json.dumps({"format": "nrm-core/cases", "version": 2, "cases": documents}).encode()
    rules = Rules.bundled()
    jiter = getattr(strict, "_jiter", None)  # (a checkout from before the [fast] extra: none)

    def validate(fast: bool) -> Callable[[], object]:
        def run() -> None:
            if jiter is not None:
                strict._jiter = jiter if fast else None  # type: ignore[assignment]
            for text in texts:
                validate_data(parse_json(text)[0], rules=rules)
            if jiter is not None:
                strict._jiter = jiter  # type: ignore[assignment]

        return run

    paths: dict[str, tuple[Callable[[], object], int]] = {
        "replay": (lambda: [Case(c.referral, c.history, rules=rules) for c in cases], count),
        "validate pure": (validate(False), count),
    }
    if jiter is not None:
        paths["validate [fast]"] = (validate(True), count)
    paths["parse document [fast]"] = (lambda: parse_json(whole), 1)
    best: dict[str, float] = {}
    for name, (run, per) in paths.items():
        run()  # warm
        times = []
        for _ in range(3):
            gc.collect()
            began = time.process_time()
            run()
            times.append((time.process_time() - began) / per)
        best[name] = min(times)
    print(json.dumps(best))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=6)
    options = parser.parse_args()
    trees = {"before": options.before, "after": options.after}
    results: dict[str, dict[str, list[float]]] = {"before": {}, "after": {}}
    for round_ in range(options.rounds):
        for tag in ("before", "after") if round_ % 2 == 0 else ("after", "before"):
            env = dict(os.environ, PYTHONPATH=trees[tag])
            done = subprocess.run(
                [sys.executable, __file__, "--worker", str(options.records)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            for name, value in json.loads(done.stdout).items():
                results[tag].setdefault(name, []).append(value)
    print(f"before: {options.before}\nafter:  {options.after}")
    print(f"{options.records:,} synthetic records, {options.rounds} rounds (a fresh process per "
          "version, order turned each round); CPU us per record (the document: ms)")  # fmt: skip
    for name, before in results["before"].items():
        after = results["after"][name]
        ratio = statistics.median(b / a for b, a in zip(before, after, strict=True))
        scale, unit = (1e3, "ms") if name.startswith("parse document") else (1e6, "us")
        figures = [f"{statistics.median(times) * scale:9.1f} {unit}" for times in (before, after)]
        print(f"  {name:<24} before {figures[0]}  after {figures[1]}  speed-up {ratio:.2f}x")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        worker(int(sys.argv[2]))
    else:
        main()
