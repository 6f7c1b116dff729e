"""The ``[fast]`` extra (jiter) changes nothing but speed: every fixture, fuzz record and
hostile file gives the same reports, values and problems with and without it.

Skipped where jiter is not installed, unless ``NRM_REQUIRE_FAST=1`` (CI installs the extra
and sets it, so there the comparison fails rather than skips).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fuzz import RAW_RECORDS, hostile_lines
from hostile_corpus import EXAMPLES, build
from hypothesis import example, given, settings
from hypothesis import strategies as st

from nrm_core import _strict_json
from nrm_core.io._json import parse_json
from nrm_core.io.validation import home_office_reports, validate_path, validate_paths

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(
    path
    for folder in (EXAMPLES, ROOT / "tests" / "data")
    for path in folder.rglob("*")
    if path.suffix in {".json", ".jsonl", ".ndjson", ".csv"}
)
JITER = _strict_json._jiter
if JITER is None and os.environ.get("NRM_REQUIRE_FAST") == "1":
    raise RuntimeError("NRM_REQUIRE_FAST=1, but jiter (the [fast] extra) is not installed")
pytestmark = pytest.mark.skipif(JITER is None, reason="the [fast] extra (jiter) is not installed")


def _with(decoder: str, run: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patch:
        patch.setattr(_strict_json, "_jiter", JITER if decoder == "fast" else None)
        return run()


def _reports(reports: Iterator[Any]) -> list[Any]:
    return [(report.location, report.to_json(), report.case) for report in reports]


def _parsed(text: str | bytes) -> str:
    value, problem = parse_json(text)
    return repr((value, problem))  # repr tells 1 from 1.0 and True, -0.0 from 0.0


def _same(run: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """``run`` gives the same with the pure decoder as with jiter (compared once)."""
    assert _with("pure", run, monkeypatch) == _with("fast", run, monkeypatch)


def test_every_fixture_file_gives_the_same_reports(monkeypatch):
    assert len(FIXTURES) > 25
    for path in FIXTURES:
        _same(lambda path=path: _reports(validate_path(path)), monkeypatch)
        if path.suffix == ".json":
            _same(lambda path=path: _parsed(path.read_bytes()), monkeypatch)
            _same(lambda path=path: _parsed(path.read_text("utf-8")), monkeypatch)


def test_every_fuzz_record_gives_the_same_value_and_report(monkeypatch, tmp_path):
    lines = hostile_lines(400, seed=27) + RAW_RECORDS
    for line in lines:
        _same(lambda line=line: _parsed(line), monkeypatch)
        _same(lambda line=line: _parsed(line.encode("utf-8", "surrogatepass")),
              monkeypatch)  # fmt: skip
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(b"\n".join(line.encode("utf-8", "surrogatepass") for line in lines))
    _same(lambda: _reports(validate_paths([path])), monkeypatch)


def test_every_hostile_file_gives_the_same_reports(monkeypatch, tmp_path):
    made = build(tmp_path / "corpus")
    for path in made["huge"] + made["canary_cases"]:
        _same(lambda path=path: _reports(validate_path(path)), monkeypatch)
    day = dt.date(2026, 9, 30)
    _same(lambda: _reports(home_office_reports(made["canary_payloads"], submitted_on=day)),
          monkeypatch)  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',  # a repeated key
        '{"a": NaN}',
        '{"a": Infinity}',
        '{"a": 1e400}',  # beyond a float's range
        '{"a": 1E+999}',
        '{"a": ' + "1" * 101 + "}",  # too long a number
        '{"a": -' + "1" * 60 + "." + "1" * 39 + "}",
        "[" * 201 + "]" * 201,  # too deep
        '{"a": ' * 201 + "1" + "}" * 201,
        '["]]]", ' + "[" * 200 + "]" * 200 + "]",  # too deep, brackets in strings
        '["\\"]]", {"[": ' + "[" * 200 + "]" * 200 + "}]",  # and an escaped quote
        '{"a": "\\ud800"}',  # a lone surrogate
        "\ufeff{}",  # a byte-order mark
        '{"a": 1,}',
        '{"a": "\x01"}',
        "{} x",
    ],
)
def test_a_fault_is_read_and_named_by_the_pure_decoder(monkeypatch, text):
    raw = text.encode("utf-8", "surrogatepass")
    assert _strict_json.fast_loads(raw) == (False, None)  # jiter leaves it to the pure decoder
    _same(lambda: _parsed(text), monkeypatch)
    _same(lambda: _parsed(raw), monkeypatch)


def _jiter_calls(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The texts jiter is given from now on (in the test)."""
    calls: list[bytes] = []
    real = JITER.from_json

    def counted(raw: bytes, **options: Any) -> Any:
        calls.append(raw)
        return real(raw, **options)

    monkeypatch.setattr(JITER, "from_json", counted)
    return calls


def test_the_fast_decoder_reads_the_ordinary_records(monkeypatch):
    # The comparisons above mean something only if jiter does read most records.
    calls = _jiter_calls(monkeypatch)
    lines = (EXAMPLES / "synthetic" / "cases.jsonl").read_bytes().splitlines()[:200]
    for decoder, expected in (("fast", 200), ("pure", 0)):
        calls.clear()
        values = _with(decoder, lambda: [parse_json(line) for line in lines], monkeypatch)
        assert all(problem is None for _, problem in values)
        assert len(calls) == expected, decoder


def _documents() -> list[bytes]:
    """Whole documents of many brackets: a cases document, and arrays of case documents."""
    lines = (EXAMPLES / "synthetic" / "cases.jsonl").read_text("utf-8").splitlines()[:40]
    cases = [json.loads(line) for line in lines]
    document = {"format": "nrm-core/cases", "version": 2, "cases": cases}
    return [json.dumps(document).encode(), json.dumps(cases, indent=2).encode()]


def test_whole_documents_are_read_by_the_fast_decoder(monkeypatch):
    """A document of many records has thousands of brackets: counting them all as depth, the
    fast decoder left every such document to the pure one."""
    calls = _jiter_calls(monkeypatch)
    for raw in _documents():
        assert raw.count(b"[") + raw.count(b"{") > 2 * _strict_json.MAX_DEPTH
        calls.clear()
        _same(lambda raw=raw: _parsed(raw), monkeypatch)
        assert len(calls) == 1


nested = st.recursive(
    st.integers(0, 9) | st.sampled_from(["[", "]", "{", "}", '"', "\\", "a"]).map(str),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["[", "}", "k"]), children, max_size=2)
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(before=nested, after=nested, depth=st.integers(0, 205), wide=st.booleans())
@example(before="a", after="b", depth=199, wide=False)  # 200 deep: the most read
@example(before="a", after="b", depth=200, wide=False)
@example(before='"', after="]", depth=200, wide=False)  # an escaped quote before
@example(before=["[", "\\"], after=['"'], depth=199, wide=False)
def test_nesting_is_measured_as_the_pure_decoder_measures_it(before, after, depth, wide):
    # Arrays ``depth`` deep (or as many side by side) between values whose strings hold
    # brackets, quotes and backslashes, and a string of as many brackets.
    deep = "[]," * depth + "0" if wide else "[" * depth + "]" * depth
    text = f"[{json.dumps(before)}, {deep}, {json.dumps(after)}, {json.dumps('[' * depth)}]"
    assert _strict_json.nesting_within(text.encode()) == (not _strict_json.too_deep(text))
