"""Library misuse: a day given as a datetime or a string, an unknown report period.

Every public function that takes a day raises :class:`~nrm_core.InvalidTypeError` (an
``NrmError`` and a ``TypeError``) for anything but a :class:`datetime.date`, and names
the parameter; none lets a raw ``TypeError``/``AttributeError`` out or quietly reads a
string. ``report(period=...)`` refuses a period it does not know.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nrm_core import Case, NrmError, deadlines_for, route
from nrm_core.ages import age_on, is_child_on
from nrm_core.child import is_treated_as_child
from nrm_core.errors import InvalidTypeError, InvalidValueError
from nrm_core.io.home_office import read_submission, resolve_council
from nrm_core.io.validation import validate_data, validate_path, validate_text
from nrm_core.nations import Nation
from nrm_core.reporting.stats import report
from nrm_core.reporting.synthetic import synthetic_cases
from nrm_core.rules import Rules
from nrm_core.samples import example_referral

_CASE = Case(example_referral())
_DOCUMENT: dict[str, Any] = {"format": "nrm-core/case", "version": 2}

WRONG_DAYS = [
    pytest.param(dt.datetime(2026, 6, 1, 12, 0), id="datetime"),
    pytest.param("2026-06-01", id="str"),
    pytest.param(20260601, id="int"),
]


def _calls(tmp: Path) -> dict[str, Callable[[Any], object]]:
    file = tmp / "case.json"
    if tmp.is_dir():
        file.write_text("{}", encoding="utf-8")
    return {
        "report": lambda day: report([_CASE], as_of=day),
        "validate_data": lambda day: validate_data(_DOCUMENT, as_of=day),
        "validate_path": lambda day: list(validate_path(file, as_of=day)),
        "validate_text": lambda day: validate_text("{}", as_of=day),
        "resolve_council": lambda day: resolve_council("Kent County Council", day),
        "read_submission": lambda day: read_submission({}, submitted_on=day),
        "synthetic_cases": lambda day: list(synthetic_cases(1, as_of=day)),
        "deadlines_for": lambda day: deadlines_for(_CASE, day),
        "route": lambda day: route(example_referral(), day),
        "Case.explain": lambda day: _CASE.explain(day),
        "Case.as_of": lambda day: _CASE.as_of(day),
        "age_on": lambda day: age_on(dt.date(2010, 5, 17), day, Nation.WALES),
        "is_child_on": lambda day: is_child_on(dt.date(2010, 5, 17), day, Nation.WALES),
        "is_treated_as_child": lambda day: is_treated_as_child(
            example_referral().child, day, example_referral().nation
        ),
        "Policy.at": lambda day: Rules.bundled().policy.at(day, Nation.WALES),
        "sites_for": lambda day: Rules.bundled().sites.sites_for("W06000015", day),
        "waiting_time_distribution": lambda day: _plot("waiting_time_distribution", tmp, day),
        "case_timeline": lambda day: _plot("case_timeline", tmp, day),
    }


def _plot(name: str, tmp: Path, day: Any) -> object:
    pytest.importorskip("matplotlib")
    from nrm_core.reporting import plots

    if name == "case_timeline":
        return plots.case_timeline(_CASE, tmp / "t.svg", as_of=day)
    return plots.waiting_time_distribution([_CASE], tmp / "w.svg", as_of=day)


NAMES = sorted(_calls(Path("/nonexistent")))


@pytest.mark.parametrize("day", WRONG_DAYS)
@pytest.mark.parametrize("name", NAMES)
def test_a_wrong_typed_day_raises_invalid_type_error(name: str, day: Any, tmp_path: Path) -> None:
    call = _calls(tmp_path)[name]
    with pytest.raises(InvalidTypeError, match=r"expected a datetime\.date") as caught:
        call(day)
    assert isinstance(caught.value, NrmError)
    assert "2026" not in str(caught.value)  # the value itself is not echoed


def test_the_right_day_works_for_every_call(tmp_path: Path) -> None:
    """The calls above are right but for the day (so each failure is the day's)."""
    for call in _calls(tmp_path).values():
        call(dt.date(2026, 6, 1))


@pytest.mark.parametrize("period", ["week", "Quarter", "", None, 3])
def test_report_refuses_an_unknown_period(period: Any) -> None:
    with pytest.raises(InvalidValueError, match="period"):
        report([_CASE], as_of=dt.date(2026, 6, 1), period=period)


def test_report_accepts_the_documented_periods() -> None:
    labels = {
        period: report([_CASE], as_of=dt.date(2026, 6, 1), period=period, suppress_below=0)
        .table("referrals")
        .rows[0][0]
        for period in ("quarter", "month", "year")
    }
    assert labels == {"quarter": "2026-Q1", "month": "2026-03", "year": "2026"}


@pytest.mark.parametrize(
    "inputs",
    [[("a", "b", "c")], "ab", (("n", 5),), (("n",),), [("n", "v")], {"n": 5}],
)
def test_a_findings_inputs_are_refused_unless_pairs_of_strings(inputs: Any) -> None:
    # They were not checked: repr (which reaches logs) then raised, or named wrong inputs.
    from nrm_core.checks import Finding

    with pytest.raises(InvalidTypeError, match=r"Finding\.inputs: expected a mapping"):
        Finding("x-y", message="m", inputs=inputs)


def test_a_findings_inputs_may_be_given_as_a_mapping() -> None:
    from nrm_core.checks import Finding

    given = {"measured_on": "2026-03-02", "days_before_18": "807"}
    finding = Finding("before-age-cutoff", message="m", inputs=given)
    assert finding.inputs == (("measured_on", "2026-03-02"), ("days_before_18", "807"))
    assert (
        repr(finding)
        == "Finding(code='before-age-cutoff', inputs=('measured_on', 'days_before_18'))"
    )
    assert finding == Finding("before-age-cutoff", message="m", inputs=tuple(given.items()))
