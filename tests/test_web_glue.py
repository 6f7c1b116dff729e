"""The browser checker's Python module (``web/page/nrm_checker.py``), run here in CPython:
its answers are the ``nrm-core`` command's on the same files (the browser test checks the
page shows them; this one runs without a browser)."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import shutil
from pathlib import Path

from nrm_core.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "data"
spec = importlib.util.spec_from_file_location("nrm_checker", ROOT / "web/page/nrm_checker.py")
assert spec is not None
assert spec.loader is not None
checker = importlib.util.module_from_spec(spec)
spec.loader.exec_module(checker)


def _in(folder: Path, function, *args, **kwargs):
    before = Path.cwd()
    os.chdir(folder)
    try:
        return function(*args, **kwargs)
    finally:
        os.chdir(before)


def test_check_gives_the_lines_and_summary_of_validate_json(tmp_path):
    names = []
    for source in [
        *sorted((EXAMPLES / "valid").iterdir()),
        *sorted((EXAMPLES / "invalid").iterdir()),
    ]:
        shutil.copy2(source, tmp_path / source.name)
        names.append(source.name)
    seen = []
    answer = json.loads(_in(tmp_path, checker.check, names, "2026-09-30", progress=seen.append))
    out = io.StringIO()
    _in(tmp_path, main, ["validate", "--format", "json", "--as-of", "2026-09-30", *names], out=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert answer["records"] == lines[:-1]
    assert answer["summary"] == lines[-1]["summary"]
    text = io.StringIO()
    _in(tmp_path, main, ["validate", "--as-of", "2026-09-30", *names], out=text)
    assert answer["summary_text"] == text.getvalue().splitlines()[-1]
    assert (
        sum(answer["codes"].values()) == answer["summary"]["errors"] + answer["summary"]["queries"]
    )
    assert "R-2026-0001" in answer["cases"]
    assert seen == list(range(250, answer["summary"]["records"] + 1, 250))

    csv_out = io.StringIO()
    _in(
        tmp_path,
        main,
        ["validate", "--format", "csv", "--as-of", "2026-09-30", *names],
        out=csv_out,
    )
    assert checker.problems_csv() == csv_out.getvalue()

    explained = io.StringIO()
    _in(tmp_path, main, ["explain", "cases.jsonl", "--case", "R-2026-0001", "--as-of",
                         "2026-09-30", "--redact"], out=explained)  # fmt: skip
    text = json.loads(checker.explain("R-2026-0001", "2026-09-30"))["text"]
    assert text == explained.getvalue().rstrip("\n")
    assert "error" in json.loads(checker.explain("R-NOT-THERE", "2026-09-30"))

    for council in ("", "W06000015"):
        answer = json.loads(checker.worklist("2026-09-30", council=council))
        only = ["--authority", council] if council else []
        for suffix in ("json", "csv", "ics"):
            out = io.StringIO()
            command = ["worklist", "--as-of", "2026-09-30", "--redact", "--format", suffix]
            _in(tmp_path, main, [*command, *only, *names], out=out, err=io.StringIO())
            assert answer[suffix] == out.getvalue()
        assert answer["worklist"] == json.loads(answer["json"])


def test_councils_are_the_register_in_use_that_day_by_name():
    councils = json.loads(checker.councils("2026-09-30"))
    names = [c["name"] for c in councils]
    assert names == sorted(names)
    codes = {c["code"] for c in councils}
    assert "E06000065" in codes  # North Yorkshire, in use from 2023-04-01
    assert "E10000023" not in codes  # the retired North Yorkshire county code
    assert "E10000023" in {c["code"] for c in json.loads(checker.councils("2022-01-01"))}
