"""File validation: the example files, bad input of every kind, the code catalogue."""

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nrm_core import Case
from nrm_core.io.catalogue import ERROR_CODES
from nrm_core.io.interchange import unstructure
from nrm_core.io.readers import MAX_RECORD_BYTES
from nrm_core.io.validation import validate_data, validate_path, validate_text
from nrm_core.reporting.synthetic import synthetic_cases
from nrm_core.samples import example_referral
from nrm_core.testing import cases

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "data"
EXPECTATIONS = json.loads((EXAMPLES / "expectations.json").read_text())
KNOWN = {info.code for info in ERROR_CODES}


@pytest.mark.parametrize("path", sorted((EXAMPLES / "valid").iterdir()), ids=lambda p: p.name)
def test_valid_examples_are_valid(path):
    reports = list(validate_path(path))
    assert reports
    for report in reports:
        assert report.valid, report.problems
        assert report.case is not None


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_invalid_examples_give_exactly_the_expected_codes(name):
    reports = list(validate_path(EXAMPLES / "invalid" / name))
    codes = sorted({problem.code for report in reports for problem in report.problems})
    assert codes == EXPECTATIONS[name]
    assert not all(report.valid for report in reports)
    assert set(codes) <= KNOWN, "every code is in the catalogue"


def test_every_invalid_example_is_listed():
    files = {p.name for p in (EXAMPLES / "invalid").iterdir()}
    assert files == set(EXPECTATIONS)


def test_catalogue_codes_are_unique_and_described():
    codes = [info.code for info in ERROR_CODES]
    assert len(codes) == len(set(codes))
    assert all(info.meaning for info in ERROR_CODES)


class TestBadInput:
    def test_empty_and_blank(self, tmp_path):
        for name, content in (("a.json", b""), ("b.json", b"  \n"), ("c.jsonl", b"\n\n")):
            (tmp_path / name).write_bytes(content)
            [report] = validate_path(tmp_path / name)
            assert [p.code for p in report.problems] == ["empty-file"]

    def test_wrong_encoding(self, tmp_path):
        (tmp_path / "x.json").write_bytes(b'{"a": "caf\xe9"}')
        [report] = validate_path(tmp_path / "x.json")
        assert [p.code for p in report.problems] == ["invalid-encoding"]

    def test_utf8_bom_is_accepted(self, tmp_path):
        data = json.dumps(unstructure(Case(example_referral())))
        (tmp_path / "x.json").write_bytes(b"\xef\xbb\xbf" + data.encode())
        [report] = validate_path(tmp_path / "x.json")
        assert report.valid

    def test_deep_nesting_and_constants(self):
        [report] = validate_text("[" * 200_000)
        assert [p.code for p in report.problems] == ["too-deep"]
        [report] = validate_text('{"referral": NaN}')
        assert report.problems[0].code == "invalid-json"

    def test_huge_line_is_reported_and_skipped(self, tmp_path):
        good = json.dumps(unstructure(Case(example_referral())))
        path = tmp_path / "big.jsonl"
        with path.open("w") as handle:
            handle.write('"' + "x" * (MAX_RECORD_BYTES + 10) + '"\n')
            handle.write(good + "\n")
        reports = list(validate_path(path))
        assert [r.problems[0].code if r.problems else None for r in reports] == [
            "record-too-large",
            None,
        ]
        assert reports[1].location.endswith(":2")

    def test_array_and_cases_documents(self):
        doc = unstructure(Case(example_referral()))
        assert len(validate_text(json.dumps([doc, doc]))) == 2
        wrapped = {"format": "nrm-core/cases", "version": 1, "cases": [doc]}
        [report] = validate_text(json.dumps(wrapped))
        assert report.valid
        assert report.location == "<text>[0]"

    def test_csv_header_problems(self, tmp_path):
        (tmp_path / "x.csv").write_text("referral_id,colour\nR-1,blue\n")
        [report] = validate_path(tmp_path / "x.csv")
        assert {p.code for p in report.problems} == {"unknown-column", "missing-column"}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_arbitrary_json_never_crashes(value):
    case, problems = validate_data(value)
    assert case is None
    assert problems
    assert all(p.code in KNOWN for p in problems)


def mutate(document, path, replacement):
    target = document
    for key in path[:-1]:
        target = target[key]
    if replacement is DELETE:
        if isinstance(target, dict):
            target.pop(path[-1], None)
        else:
            target.pop(path[-1])
    else:
        target[path[-1]] = replacement
    return document


DELETE = object()


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*prefix, index))


@given(cases(max_events=6), st.data())
def test_mutated_valid_records_never_crash(case, data):
    document = unstructure(case)
    all_paths = [p for p in paths(document) if p]
    path = data.draw(st.sampled_from(all_paths))
    replacement = data.draw(st.just(DELETE) | json_values)
    mutated = mutate(document, path, replacement)
    _, problems = validate_data(mutated)
    assert all(p.code in KNOWN for p in problems), problems


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(raw):
    reports = validate_text(raw)
    assert reports
    for report in reports:
        assert all(p.code in KNOWN for p in report.problems)


def test_problems_per_record_are_capped_with_a_count():
    from nrm_core.io.validation import MAX_PROBLEMS

    document = unstructure(Case(example_referral()))
    for number in range(MAX_PROBLEMS + 30):
        document["referral"][f"unknown{number}"] = 1
    _, problems = validate_data(document)
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].code == "too-many-problems"
    assert "30 more problems in this record were not listed" in problems[-1].message


def test_the_schema_and_the_validator_agree_on_numbers_and_newlines():
    import jsonschema

    from nrm_core.io.schema import json_schema

    validator = jsonschema.Draft202012Validator(json_schema())
    document = unstructure(Case(example_referral()))
    as_float = {**document, "version": float(document["version"])}
    assert validator.is_valid(as_float)
    assert validate_data(as_float)[0] is not None
    newline = json.loads(json.dumps(document))
    newline["referral"]["referral_id"] += "\n"
    assert not validator.is_valid(newline)
    assert validate_data(newline)[0] is None


def _synthetic_document():
    return unstructure(next(iter(synthetic_cases(1, seed=3))))


def test_a_shape_error_elsewhere_does_not_hide_lifecycle_errors():
    document = _synthetic_document()
    document["colour"] = "blue"  # a shape error outside the referral and the history
    history = document["history"]
    history[0], history[-1] = history[-1], history[0]
    case, problems = validate_data(document)
    codes = [p.code for p in problems]
    assert case is None
    assert codes[0] == "unknown-field"
    assert "no-such-transition" in codes  # the history was still replayed


def test_an_unreadable_referral_or_event_says_the_history_was_not_checked():
    document = _synthetic_document()
    document["referral"]["chld"] = {}
    _, problems = validate_data(document)
    notice = [p for p in problems if p.code == "history-not-checked"]
    assert [p.path for p in notice] == ["$.history"]
    assert "the referral could not be read" in notice[0].message
    assert notice[0].severity.value == "query"
    document = _synthetic_document()
    document["history"][0]["on"] = "yesterday"
    _, problems = validate_data(document)
    assert any("an event could not be read" in p.message for p in problems)


def test_a_gss_code_in_lower_case_gets_a_did_you_mean_and_names_do_not():
    document = json.loads(json.dumps(unstructure(Case(example_referral()))))
    document["referral"]["safeguarding_authority"] = "e08000025"
    document["referral"]["referral_id"] = " JohnSmith "  # a name in the wrong field
    _, problems = validate_data(document)
    by_path = {p.path: p.message for p in problems}
    assert by_path["$.referral.safeguarding_authority"].endswith("did you mean 'E08000025'?")
    assert "JohnSmith" not in by_path["$.referral.referral_id"]


def test_an_unknown_authority_code_gets_the_registers_suggestions():
    document = json.loads(json.dumps(unstructure(Case(example_referral()))))
    document["referral"]["safeguarding_authority"] = "E08000039"
    _, problems = validate_data(document)
    (unknown,) = [p for p in problems if p.code == "authority-code-unknown"]
    assert "codes like it in the register:" in unknown.message
    assert "E08000037" in unknown.message


def test_a_misspelt_key_is_named_with_the_key_it_misses():
    # 'refered_on' was reported as '$.referral.<key 7>': a near miss of the format's own key
    # is a misspelling, not personal data, so it is named.
    document = _synthetic_document()
    document["referral"]["refered_on"] = document["referral"].pop("referred_on")
    _, problems = validate_data(document)
    [unknown] = [p for p in problems if p.code == "unknown-field"]
    assert unknown.path == "$.referral.refered_on"
    assert "did you mean 'referred_on'?" in unknown.message


def test_a_misspelt_key_inside_an_event_is_reported_and_named():
    # 'evnt' was not reported at all, only "event is required".
    document = _synthetic_document()
    document["history"][0]["evnt"] = document["history"][0].pop("event")
    _, problems = validate_data(document)
    found = {(p.code, p.path) for p in problems}
    assert ("unknown-field", "$.history[0].evnt") in found
    assert ("missing-field", "$.history[0].event") in found
    message = next(p.message for p in problems if p.path == "$.history[0].evnt")
    assert "did you mean 'event'?" in message


def test_a_key_that_is_no_near_miss_is_withheld_and_says_why():
    document = _synthetic_document()
    document["referral"]["Alice Example"] = "x"  # free text typed as a key
    document["history"][0].pop("event")
    document["history"][0]["Bob Example"] = 1
    _, problems = validate_data(document)
    text = json.dumps([p.to_json() for p in problems])
    assert "Alice" not in text
    assert "Bob" not in text
    withheld = [p for p in problems if p.code == "unknown-field"]
    referral_keys, event_keys = list(document["referral"]), list(document["history"][0])
    assert [p.path for p in withheld] == [
        f"$.referral.<key {referral_keys.index('Alice Example') + 1}>",
        f"$.history[0].<key {event_keys.index('Bob Example') + 1}>",
    ]
    assert all("may be personal data" in p.message for p in withheld)


def test_the_summary_counts_are_whole_numbers_even_for_one_record():
    """A Counter given ``True`` keeps ``True``: the JSON summary said "valid": false."""
    from collections import Counter

    from nrm_core.io.validation import summary_json, tally, validate_paths

    totals: Counter[str] = Counter()
    list(tally(validate_paths(["examples/data/invalid/retired-authority.json"]), totals))
    summary = summary_json(totals, files=1, as_of=None)
    assert summary == {"files": 1, "records": 1, "valid": 0, "invalid": 1, "errors": 1,
                       "queries": 0, "as_of": None}  # fmt: skip
    assert all(type(v) is int for k, v in summary.items() if k != "as_of")


def test_the_record_checks_are_declared_tables_evaluated_lean_or_explained():
    """Validation's checks beyond the shape are three tables of cited checks, each code in
    the catalogue; a record that breaks none is passed by the lean evaluation (no finding
    built), and one that breaks several gets every problem, at its path, with its code's
    severity, in table order."""
    import datetime as dt

    from nrm_core.io import validation

    tables = (validation.AUTHORITY_CHECKS, validation.RECORD_CHECKS, validation.CASE_CHECKS)
    declared = [check.code for table in tables for check in table]
    assert declared == [
        "authority-code-not-in-use",
        "before-nrm",
        "date-after-as-of",
        "first-responder-not-listed",
        "date-of-birth-unknown",
        "not-a-child-on-referral",
        "route-differs",
        "child-withdrawal",
    ]
    catalogue = {code.code: code for code in ERROR_CODES}
    assert all(code in catalogue for code in declared)
    assert all(table.checks for table in tables)
    document = json.loads(json.dumps(unstructure(Case(example_referral()))))
    assert validate_data(document) == (Case(example_referral()), ())
    document["referral"]["referred_on"] = "2008-06-02"  # before the NRM and GSS codes
    document["referral"]["safeguarding_authority"] = "E10000023"
    document["referral"]["child"]["date_of_birth"] = None
    document["referral"]["child"]["age_basis"] = "uncertain"
    _, problems = validate_data(document, as_of=dt.date(2008, 6, 1))
    assert [(p.code, p.path, p.severity.value) for p in problems] == [
        ("authority-code-not-in-use", "$.referral.safeguarding_authority", "error"),
        ("before-nrm", "$.referral.referred_on", "error"),
        ("date-after-as-of", "$.referral.referred_on", "error"),
        ("date-of-birth-unknown", "$.referral.child.date_of_birth", "query"),
    ]
    assert "not yet in use on 2008-06-02" in problems[0].message
    assert problems[1].citation is not None
    assert problems[1].citation.source.key == "S17"
