"""Hostile case records, and a run of them through ``validate``, ``explain`` and ``report``.

``tests/test_fuzz.py`` runs a few hundred in every test run; run it by hand for more::

    python tests/fuzz.py 10000 --seed 1

Each record is a valid synthetic case with one to three hostile changes: a value
replaced (wrong types, huge or control-character strings, lone surrogates, ANSI
escapes, dates outside every calendar or of impossible years, huge and tiny
numbers, deep nesting), a key deleted, an unknown key added, events shuffled,
duplicated or dropped; and, at the file level, raw text no JSON encoder writes
(NaN, 1e400, repeated keys, truncation, invalid UTF-8). Every record goes through
the command line in-process; the run fails on any exit code other than 0, 1 or 2,
and on any traceback in the output.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

from nrm_core.cli import main
from nrm_core.io.interchange import unstructure
from nrm_core.reporting.synthetic import synthetic_cases

AS_OF = dt.date(2026, 9, 30)

HOSTILE_VALUES = [
    None,
    True,
    0,
    -1,
    2**70,
    1.5,
    "",
    " ",
    "x" * 5000,
    "\x1b[31mred\x1b[0m",
    "line\nforged line",
    "\ud800",
    "\u202etxt.exe",
    "0000-00-00",
    "0001-01-01",
    "2009-06-01",
    "2011-12-31",
    "2101-01-01",
    "9999-12-31",
    "2024-02-30",
    "2026-13-01",
    "2021-06-13",
    "E09000007",
    "e09000007",
    "S12000036",
    "N92000002",
    "W06000015",
    "X99999999",
    "P1-01",
    "SCA",
    "positive",
    "conclusive-grounds",
    [],
    {},
    [[[[[[[[]]]]]]]],
    {"event": "withdrawn"},
    ["a", 1, None],
]

RAW_RECORDS = [
    '{"format": "nrm-core/case", "version": 2, "referral": NaN}',
    '{"format": "nrm-core/case", "version": 1e400}',
    '{"format": "nrm-core/case", "format": "nrm-core/case"}',
    '{"format": "nrm-core/case", "version": 2, "referral": {',
    "[" * 5000,
    '"just a string"',
    "12",
    "null",
    '{"\\ud800": 1}',
]


def _paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _mutate(document: dict[str, object], rng: random.Random) -> None:
    paths = [p for p in _paths(document) if p]
    path = rng.choice(paths)
    parent: object = document
    for key in path[:-1]:
        parent = parent[key]  # type: ignore[index]
    last = path[-1]
    roll = rng.random()
    if roll < 0.6:
        parent[last] = rng.choice(HOSTILE_VALUES)  # type: ignore[index]
    elif roll < 0.75 and isinstance(parent, dict):
        del parent[last]
    elif roll < 0.85 and isinstance(parent, dict):
        parent[rng.choice(["Zyxwv", "notes", "x" * 300, "\x1b[2J"])] = "Qwertyson 2012-03-04"
    else:
        history = document.get("history")
        if isinstance(history, list) and history:
            action = rng.choice(["shuffle", "duplicate", "drop"])
            if action == "shuffle":
                rng.shuffle(history)
            elif action == "duplicate":
                history.append(rng.choice(history))
            else:
                history.pop(rng.randrange(len(history)))


def hostile_lines(count: int, seed: int) -> list[str]:
    """``count`` JSON Lines records, most of them broken in one to three ways."""
    rng = random.Random(seed)
    pool = [unstructure(case) for case in synthetic_cases(200, seed=seed, as_of=AS_OF)]
    lines = []
    for number in range(count):
        if rng.random() < 0.05:
            lines.append(rng.choice(RAW_RECORDS))
            continue
        document = json.loads(json.dumps(rng.choice(pool)))
        document["referral"]["referral_id"] = f"F-{number}"
        for _ in range(rng.randint(1, 3)):
            _mutate(document, rng)
        lines.append(json.dumps(document, ensure_ascii=rng.random() < 0.5))
    return lines


def _ids(lines: list[str]) -> list[str]:
    ids = []
    for line in lines:
        try:
            document = json.loads(line)
            ids.append(document["referral"]["referral_id"])
        except (ValueError, TypeError, KeyError, IndexError, RecursionError):
            continue
    return [i for i in ids if isinstance(i, str)]


def run(count: int, seed: int, explain: int = 50) -> Counter[str]:
    """Run ``count`` hostile records through the CLI; the outcomes, by command and exit code.

    Raises ``AssertionError`` on an internal error (exit 3) or a traceback.
    """
    lines = hostile_lines(count, seed)
    outcomes: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as folder:
        jsonl = Path(folder) / "hostile.jsonl"
        jsonl.write_bytes(("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"))
        array = Path(folder) / "hostile.json"
        array.write_bytes(("[" + ",".join(lines[:200]) + "]").encode("utf-8", "surrogatepass"))
        garbage = Path(folder) / "garbage.json"
        garbage.write_bytes(random.Random(seed).randbytes(2000))
        commands = [
            ["validate", str(jsonl)],
            ["validate", "--format", "json", str(jsonl)],
            ["validate", str(array), str(garbage)],
            ["report", "--as-of", "2026-09-30", str(jsonl)],
            ["report", "--as-of", "2026-09-30", "--format", "json", "--round-to", "5", str(jsonl)],
        ]
        # explain reads a whole file to find its case: each record explained gets a file.
        rng = random.Random(seed)
        for number in rng.sample(range(len(lines)), min(explain, len(lines))):
            one = Path(folder) / f"one-{number}.jsonl"
            one.write_bytes((lines[number] + "\n").encode("utf-8", "surrogatepass"))
            case_id = (_ids([lines[number]]) or [f"F-{number}"])[0]
            day = rng.choice(["2026-09-30", "2009-01-01", "2101-01-01", "2024-02-29"])
            form = rng.choice([[], ["--format", "json"], ["--redact"]])
            commands.append(["explain", str(one), "--case", case_id, "--as-of", day, *form])
        for command in commands:
            out, err = io.StringIO(), io.StringIO()
            code = main(command, out=out, err=err)
            text = out.getvalue() + err.getvalue()
            assert code in (0, 1, 2), (command, code, err.getvalue()[-500:])
            assert "Traceback" not in text, command
            outcomes[f"{command[0]} exit {code}"] += 1
    return outcomes


if __name__ == "__main__":
    import argparse
    import time

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explain", type=int, default=None, help="records explained (all)")
    options = parser.parse_args()
    began = time.perf_counter()
    explained = options.count if options.explain is None else options.explain
    result = run(options.count, options.seed, explained)
    print(f"{options.count} hostile records, seed {options.seed}: no traceback, no exit 3")
    for outcome, times in sorted(result.items()):
        print(f"  {outcome}: {times}")
    print(f"({time.perf_counter() - began:.0f} s)", file=sys.stderr)
