"""Reading ``.json`` files element by element: the same records as parsing them whole,
in bounded memory, whatever the chunk boundaries."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nrm_core.io import _stream
from nrm_core.io.readers import MAX_RECORD_BYTES, read_path, read_text
from nrm_core.io.validation import validate_path

EXAMPLES = Path(__file__).parent.parent / "examples" / "data"
CASE = json.loads((EXAMPLES / "valid" / "pilot-case.json").read_text())


def records(text, chunk=None, monkeypatch=None):
    if chunk is not None:
        monkeypatch.setattr(_stream, "_CHUNK", chunk)
    return [(r.location, r.data, [p.code for p in r.problems]) for r in read_text(text)]


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(
    items=st.lists(json_values, min_size=1, max_size=6),
    chunk=st.integers(1, 40),
    indent=st.sampled_from([None, 0, 2]),
)
def test_an_array_read_in_any_chunks_gives_what_parsing_it_whole_gives(items, chunk, indent):
    text = json.dumps(items, indent=indent, ensure_ascii=False)
    whole = [(f"<text>[{i}]", item) for i, item in enumerate(items)]
    saved = _stream._CHUNK
    _stream._CHUNK = chunk
    try:
        streamed = [(r.location, r.data) for r in read_text(text)]
        assert all(not r.problems for r in read_text(text))
    finally:
        _stream._CHUNK = saved
    assert streamed == whole


def test_multibyte_characters_split_across_chunks(monkeypatch):
    text = json.dumps([{"a": "é✓𝄞" * 5}, "𝄞"], ensure_ascii=False)
    assert records(text, chunk=3, monkeypatch=monkeypatch) == [
        ("<text>[0]", {"a": "é✓𝄞" * 5}, []),
        ("<text>[1]", "𝄞", []),
    ]


def test_a_spoiled_element_is_reported_and_reading_goes_on(monkeypatch):
    text = '[{"a": 1, "a": 2}, {"x": NaN}, [' + "[" * 5000 + "]" * 5000 + "], 7]"
    assert records(text, chunk=5, monkeypatch=monkeypatch) == [
        ("<text>[0]", None, ["duplicate-key"]),
        ("<text>[1]", None, ["invalid-json"]),
        ("<text>[2]", None, ["too-deep"]),
        ("<text>[3]", 7, []),
    ]


def test_an_element_over_the_limit_is_skipped_without_being_built(monkeypatch):
    monkeypatch.setattr("nrm_core.io.readers.MAX_RECORD_BYTES", 50)
    big = {"k": ["]}[{" * 30, {"x": '"\\"' * 10}]}  # brackets and quotes inside strings
    text = json.dumps([1, big, 2])
    got = records(text, chunk=7, monkeypatch=monkeypatch)
    assert got == [("<text>[0]", 1, []), ("<text>[1]", None, ["record-too-large"]),
                   ("<text>[2]", 2, [])]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ['[1, 2,\n  {"a": tru}]', "[1 2]", '[1, {"a" 1}]', "[1, 2", '[{"a": "b}]', "[1] x", "{} []"],
)
def test_a_syntax_error_is_placed_where_json_places_it(text, monkeypatch):
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        expected = f"line {error.lineno}, column {error.colno}"
    got = list(read_text(text))
    problem = got[-1].problems[0]
    assert problem.code == "invalid-json"
    assert got[-1].location == "<text>"
    # The position is in the whole file's terms, for a small chunk size too.
    monkeypatch.setattr(_stream, "_CHUNK", 3)
    again = list(read_text(text))[-1].problems[0]
    assert expected in problem.message, (problem.message, expected)
    assert again.message == problem.message


def test_records_before_a_syntax_error_are_still_read():
    got = [(r.location, r.data is not None, [p.code for p in r.problems])
           for r in read_text('[{"a": 1}, {"b": 2}, oops]')]  # fmt: skip
    assert got == [
        ("<text>[0]", True, []),
        ("<text>[1]", True, []),
        ("<text>", False, ["invalid-json"]),
    ]


def test_the_cases_document_keys_are_checked():
    def codes(document):
        return [[p.code for p in r.problems] for r in read_text(json.dumps(document))]

    good = {"format": "nrm-core/cases", "version": 2, "cases": [CASE]}
    assert codes(good) == [[]]
    assert codes({**good, "notes": "x"}) == [["unsupported-format"]]
    assert codes({**good, "version": 2.0}) == [["unsupported-format"]]
    assert codes({**good, "version": True}) == [["unsupported-format"]]
    assert codes({k: v for k, v in good.items() if k != "cases"}) == [["unsupported-format"]]
    assert codes({**good, "cases": []}) == [["empty-file"]]


def test_a_large_cases_document_is_streamed_when_its_head_comes_first(tmp_path, monkeypatch):
    monkeypatch.setattr("nrm_core.io.readers.MAX_RECORD_BYTES", 20_000)
    cases = [CASE] * 20  # about 80 KB: over the (lowered) record limit
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"format": "nrm-core/cases", "version": 2, "cases": cases}))
    reports = list(validate_path(path))
    assert [r.location for r in reports] == [f"{path}[{i}]" for i in range(20)]
    assert all(r.valid for r in reports)  # (the same case 20 times: ids are checked by the CLI)
    # A key after the streamed cases is still refused (once the cases were read).
    path.write_text(
        json.dumps({"format": "nrm-core/cases", "version": 2, "cases": cases, "Zyxwv": 1})
    )
    *read, last = read_path(path)
    assert len(read) == 20
    assert [p.code for p in last.problems] == ["unsupported-format"]
    assert "Zyxwv" not in last.problems[0].message
    # The same cases with the head last: it cannot be streamed, and says what to do.
    path.write_text(json.dumps({"cases": cases, "format": "nrm-core/cases", "version": 2}))
    [refused] = list(read_path(path))
    assert [p.code for p in refused.problems] == ["record-too-large"]
    assert "JSON Lines" in refused.problems[0].message


@pytest.mark.parametrize("extra", [1, 1_000, 40_000, 70_000])
def test_an_element_just_over_the_limit_is_refused(extra):
    # The limit held for the whole element, not only at the end of each piece read (an
    # element ending in the last 64 KiB read past the limit used to be parsed and checked).
    padding = MAX_RECORD_BYTES + extra - len(json.dumps({"x": ""}))
    over = json.dumps({"x": "a" * padding})
    exact = json.dumps({"x": "a" * (padding - extra)})
    assert len(over) == MAX_RECORD_BYTES + extra
    assert len(exact) == MAX_RECORD_BYTES
    for text in (f"[{json.dumps(CASE)}, {over}, {exact}, {json.dumps(CASE)}]", over):
        records = list(read_text(text))
        codes = [[p.code for p in r.problems] for r in records]
        if text == over:
            assert codes == [["record-too-large"]]
        else:
            assert codes == [[], ["record-too-large"], [], []]
            assert records[2].data == json.loads(exact)


def test_a_single_document_over_the_limit_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "one.json"
    path.write_text('{"format": "nrm-core/case", "version": 2, "x": "' + "a" * MAX_RECORD_BYTES)
    [record] = list(read_path(path))
    assert [p.code for p in record.problems] == ["record-too-large"]


# Peak resident memory of this process alone: VmHWM starts afresh at exec (rusage's
# ru_maxrss would include the parent's at the fork).
HIGH_WATER = """
def high_water_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
"""
PEAK = (
    HIGH_WATER
    + """
import sys
from nrm_core.cli import main
main(["validate", "--format", "json", sys.argv[1]])
sys.stderr.write(str(high_water_mb()))
"""
)


def _peak_mb(path: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", PEAK, str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    return int(done.stderr.strip().splitlines()[-1])


def _write_hostile(folder: Path) -> dict[str, Path]:
    case = json.dumps(CASE)
    files = {}
    # A 35 MB string in an enumeration field.
    files["enum-35mb.json"] = case.replace('"claimed"', '"' + "x" * 35_000_000 + '"', 1)
    # 32 MB of unknown keys in one document.
    files["keys-32mb.json"] = (
        '{"format": "nrm-core/case", "version": 2, '
        + ",".join(f'"k{i}": 1' for i in range(3_000_000))
        + "}"
    )
    # 20 MB array of 400 elements of 50 KB each (100 unknown keys with long values).
    element = "{" + ",".join(f'"k{i}": "{"v" * 500}"' for i in range(100)) + "}"
    files["array-20mb.json"] = "[" + ",".join([element] * 400) + "]"
    # 20 MB of JSON Lines, each line 3.9 MB of unknown keys.
    line = "{" + ",".join(f'"k{i}": 1' for i in range(400_000)) + "}"
    files["lines-20mb.jsonl"] = (line + "\n") * 5
    paths = {}
    for name, text in files.items():
        paths[name] = folder / name
        paths[name].write_text(text)
    return paths


@pytest.mark.skipif(sys.platform != "linux", reason="peak memory is read from Linux's /proc")
def test_peak_memory_stays_under_100_mb_on_huge_hostile_files(tmp_path):
    peaks = {name: _peak_mb(path) for name, path in _write_hostile(tmp_path).items()}
    assert all(size > 15_000_000 for size in (p.stat().st_size for p in tmp_path.iterdir()))
    assert max(peaks.values()) < 100, peaks


@pytest.mark.skipif(sys.platform != "linux", reason="peak memory is read from Linux's /proc")
def test_peak_memory_test_can_fail(tmp_path):
    # The measurement is real: a process that holds a 120 MB file's text is seen.
    path = tmp_path / "x.json"
    path.write_text("[" + "1," * 60_000_000 + "1]")
    script = HIGH_WATER + textwrap.dedent(
        """
        import sys
        held = open(sys.argv[1]).read()
        sys.stderr.write(str(high_water_mb()))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    assert int(done.stderr) > 100


def test_nesting_deeper_than_the_limit_is_too_deep_before_parsing():
    """Checked before parsing: under Pyodide a 10,000-deep array overflowed the stack
    (ending the interpreter) before Python raised RecursionError."""
    from nrm_core._strict_json import MAX_DEPTH
    from nrm_core.io._json import parse_json

    deepest = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert parse_json(deepest)[1] is None
    for text in ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "[" * 10_000):
        assert parse_json(text)[1].code == "too-deep"
    # Brackets inside strings are not nesting.
    assert parse_json(json.dumps(["[" * 1000]))[1] is None
    records = list(read_text(("[" + "[" * 300 + "]" * 300 + ", 1]").encode(), name="a.json"))
    assert [r.problems[0].code if r.problems else None for r in records] == ["too-deep", None]


@pytest.mark.parametrize("closed", [True, False])
def test_an_oversized_element_is_measured_before_objects_are_built(closed, monkeypatch):
    """An element over the record limit, or never closed, builds no objects past a bounded
    look-ahead: parsed where it lay while it was cut short, each try built the objects of up
    to the limit (4 MiB) of it: a 4 MiB run of ``[],`` is over a million lists, 99 MB."""
    import tracemalloc

    limit = 1 << 20  # (lowered, for a quicker test: 25 MB of lists before)
    monkeypatch.setattr("nrm_core.io.readers.MAX_RECORD_BYTES", limit)
    element = "[" + "[]," * (limit // 3 + 1000) + "[]" + ("]" if closed else "")
    text = f"[{json.dumps(CASE)}, {element}" + (f", {json.dumps(CASE)}]" if closed else "")
    tracemalloc.start()
    try:
        got = [[p.code for p in r.problems] for r in read_text(text)]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert got == ([[], ["record-too-large"], []] if closed else [[], ["invalid-json"]])
    # Held: the text read, up to the limit (and a copy as it grows), and the objects of at
    # most 128 KiB of it (about 2.5 MB of lists): 5.4 MB measured, 24.7 MB before.
    assert peak < 8 * limit, peak


@pytest.mark.parametrize(
    "text",
    [f'{{"a": "{chr(0xD800)}"}}', f'["{chr(0xDFFF)}"]', chr(0xD83D), f'{{"a": "{chr(0xDCFF)}"}}'],
)
def test_text_with_a_lone_surrogate_is_reported_not_raised(text):
    # validate_text (the service API) is given str: a lone surrogate cannot be UTF-8. It
    # raised UnicodeEncodeError; it is read as the bytes it stands for, and reported.
    from nrm_core.io.validation import validate_text

    (report,) = validate_text(text)
    assert not report.valid
    assert [p.code for p in report.problems] == ["invalid-encoding"]
    (record,) = read_text(text)
    assert [p.code for p in record.problems] == ["invalid-encoding"]


@given(st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1))
def test_no_text_of_surrogates_makes_the_reader_raise(text):
    from nrm_core.io.validation import validate_text

    assert all(not report.valid for report in validate_text('{"a": "' + text + '"}'))
