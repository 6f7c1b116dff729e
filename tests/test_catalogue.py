"""The catalogue of codes is the union of the declared tables: every code any path emits is
in it, and no code is declared twice.

The codes are collected two ways: from the tables themselves (each module's ``CODES``, each
transition's checks, the routing rules), and from running every input the tests hold (the
example files, the fuzzer's hostile records, the hostile corpus's canary cases and form
payloads, the Home Office form fixtures) through validation, replay, routing and the form
import.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import Counter
from pathlib import Path

from fuzz import AS_OF, hostile_lines
from hostile_corpus import canary_cases, canary_payloads

from nrm_core import route
from nrm_core.eligibility import CODES as ROUTING_CODES
from nrm_core.eligibility import transfer_if_out_of_scope
from nrm_core.io._json import parse_json
from nrm_core.io.catalogue import ERROR_CODES, TABLES
from nrm_core.io.home_office import read_submission
from nrm_core.io.validation import validate_data, validate_paths
from nrm_core.transitions import TRANSITIONS

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = {code.code for code in ERROR_CODES}


def test_no_code_is_declared_twice() -> None:
    counts = Counter(code.code for table in TABLES for code in table)
    assert [code for code, count in counts.items() if count > 1] == []
    assert len(ERROR_CODES) == sum(counts.values())


def test_every_declared_check_is_in_the_catalogue() -> None:
    guards = {check.code for row in TRANSITIONS for check in row.checks}
    assert guards - CATALOGUE == set()
    assert {code.code for code in ROUTING_CODES} <= CATALOGUE
    assert "no-such-transition" in CATALOGUE


@dataclasses.dataclass
class _Seen:
    codes: set[str] = dataclasses.field(default_factory=set)

    def case(self, case: object) -> None:
        """The routing checks and notes of the case's referral, and a transfer's reasons (the
        reasons recorded in a file's events are the file's data, not codes nrm_core gives)."""
        referral = case.referral  # type: ignore[attr-defined]
        try:
            result = route(referral, rules=case.rules)  # type: ignore[attr-defined]
        except Exception:  # an authority the register does not know: no route
            return
        self.codes |= {check.code for check in result.checks}
        self.codes |= {note.code for note in result.notes}
        for on in (referral.referred_on, AS_OF):
            then = case.as_of(on)  # type: ignore[attr-defined]
            transfer = transfer_if_out_of_scope(then, on, safeguarding_authority="E06000052")
            if transfer is not None:
                self.codes |= {reason.code for reason in transfer.reasons}

    def record(self, data: object) -> None:
        case, problems = validate_data(data, as_of=AS_OF)
        self.codes |= {problem.code for problem in problems}
        if case is not None:
            self.case(case)


def _emitted() -> set[str]:
    seen = _Seen()
    examples = sorted(p for p in (ROOT / "examples" / "data").rglob("*") if p.is_file())
    files = [p for p in examples if p.suffix in (".json", ".jsonl", ".csv")]
    for report in validate_paths(files, as_of=AS_OF):
        seen.codes |= {problem.code for problem in report.problems}
        if report.case is not None:
            seen.case(report.case)
    for line in hostile_lines(1500, seed=26):
        data, problem = parse_json(line)
        if problem is not None:
            seen.codes.add(problem.code)
        else:
            seen.record(data)
    for document in canary_cases()[0]:
        seen.record(document)
    form = ROOT / "tests" / "data" / "home_office_form"
    payloads = list(canary_payloads()[0])
    payloads += json.loads(
        (ROOT / "examples" / "data" / "home-office" / "payloads.json").read_text()
    )
    payloads += list(json.loads((form / "child_journeys.json").read_text()).values())
    payloads.append(json.loads((form / "sample_payload_test.json").read_text()))
    for payload in payloads:
        for submitted_on in (dt.date(2026, 3, 2), dt.date(2021, 1, 4)):
            submission = read_submission(payload, submitted_on=submitted_on)
            seen.codes |= {problem.code for problem in submission.problems}
    return seen.codes


def test_every_code_any_input_gives_is_in_the_catalogue() -> None:
    emitted = _emitted()
    assert emitted - CATALOGUE == set()
    # The inputs reach every kind of code: reading, shape, domain, lifecycle, routing, form.
    groups = {code.group for code in ERROR_CODES if code.code in emitted}
    assert groups >= {"file", "format", "domain", "lifecycle", "route", "import"}
    assert len(emitted) > 80


def test_every_error_explains_itself_with_findings() -> None:
    """Every exception nrm_core raises on purpose carries findings with a stable code of its
    own (none falls back to the base class's generic code)."""
    import inspect

    import nrm_core.errors as errors

    classes = [
        obj
        for name, obj in vars(errors).items()
        if inspect.isclass(obj) and issubclass(obj, errors.NrmError) and not name.startswith("_")
    ]
    assert len(classes) >= 14
    for cls in classes:
        if cls is errors.NrmError:
            continue
        assert cls.code != errors.NrmError.code, cls
    plain = errors.CalendarRangeError("the year 1900 is outside 2012-2100")
    assert [(f.code, f.message) for f in plain.findings] == [
        ("calendar-out-of-range", "the year 1900 is outside 2012-2100")
    ]
    invalid = errors.InvalidValueError("Child", "child_id", "must not be empty", code="empty-value")
    assert [(f.code, f.location) for f in invalid.findings] == [("empty-value", "Child.child_id")]
    refused = errors.PolicyFileError("local.json", ["$.version: expected 1"])
    assert [(f.code, f.location) for f in refused.findings] == [
        ("policy-file-invalid", "local.json")
    ]
    assert refused.problems == ("$.version: expected 1",)
