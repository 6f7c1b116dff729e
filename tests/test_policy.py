"""Effective-dated policy: boundaries, citations, confidence, what-if."""

import datetime as dt

import attrs
import pytest

from nrm_core import InvalidValueError, Nation
from nrm_core.citations import Confidence
from nrm_core.dateranges import DateRange
from nrm_core.errors import PolicyRangeError
from nrm_core.policy import (
    AgeReference,
    DayCount,
    Duration,
    Parameter,
    ParameterValue,
    Policy,
)

DEFAULT_POLICY = Policy.bundled()

D = dt.date
ONE_DAY = dt.timedelta(days=1)
CAL, WORK, MONTHS = DayCount.CALENDAR_DAYS, DayCount.WORKING_DAYS, DayCount.MONTHS


# (parameter, change date, value the day before, value from that day)
CHANGES = [
    ("recovery_period", D(2022, 12, 13), Duration(45, CAL), Duration(30, CAL)),
    ("earliest_cg_after_rg", D(2022, 12, 13), Duration(45, CAL), Duration(30, CAL)),
    ("reconsideration_window", D(2024, 2, 12), None, Duration(1, MONTHS)),
    ("reconsideration_window", D(2025, 1, 16), Duration(1, MONTHS), Duration(30, CAL)),
]


@pytest.mark.parametrize(("key", "day", "before", "after"), CHANGES)
def test_change_dates_day_before_on_and_after(key, day, before, after):
    parameter = getattr(DEFAULT_POLICY, key)
    assert parameter.value_at(day - ONE_DAY, Nation.ENGLAND) == before
    assert parameter.value_at(day, Nation.ENGLAND) == after
    assert parameter.value_at(day + ONE_DAY, Nation.ENGLAND) == after


@pytest.mark.parametrize(
    ("key", "on", "expected"),
    [
        ("sca_rg_target", D(2026, 1, 1), Duration(5, WORK)),
        ("pilot_rg_timescale", D(2026, 1, 1), Duration(45, CAL)),
        ("pilot_age_cutoff", D(2026, 1, 1), Duration(100, CAL)),
        ("pilot_age_reference", D(2026, 1, 1), AgeReference.REFERRAL_DATE),
        ("reconsideration_reply_target", D(2026, 1, 1), Duration(9, WORK)),
        ("pilot_combined_decisions", D(2022, 1, 1), True),
    ],
)
def test_current_values(key, on, expected):
    assert getattr(DEFAULT_POLICY, key).value_at(on) == expected


def test_every_boundary_of_every_parameter_is_contiguous():
    # For each value with a start date: the day before belongs to another value
    # (or raises), the start day and the next belong to this value.
    for parameter in DEFAULT_POLICY.parameters:
        for value in parameter.values:
            nation = next(iter(value.nations))
            start = value.valid.start
            assert parameter.at(start, nation) is value
            assert parameter.at(start + ONE_DAY, nation) is value
            earlier = [v for v in parameter.values if nation in v.nations and v.valid.end == start]
            if earlier:
                assert parameter.at(start - ONE_DAY, nation) is earlier[0]
            else:
                with pytest.raises(PolicyRangeError):
                    parameter.at(start - ONE_DAY, nation)


def test_rg_threshold_wording_by_period():
    threshold = DEFAULT_POLICY.rg_threshold
    assert "suspects but cannot prove" in threshold.value_at(D(2023, 1, 29))
    assert "objective factors" in threshold.value_at(D(2023, 1, 30))
    assert "general and specific evidence" in threshold.value_at(D(2023, 7, 24))


def test_secondary_and_unverified_values_are_labelled():
    at = DEFAULT_POLICY.pilot_rg_timescale.at(D(2026, 1, 1))
    assert at.citation.confidence is Confidence.SECONDARY
    assert DEFAULT_POLICY.pilot_age_reference.at(D(2026, 1, 1)).citation.confidence is (
        Confidence.UNVERIFIED
    )
    assert DEFAULT_POLICY.recovery_period.at(D(2026, 1, 1)).citation.confidence is (
        Confidence.VERIFIED
    )
    for parameter in DEFAULT_POLICY.parameters:
        for value in parameter.values:
            assert value.citation.section


def test_outside_known_range_is_a_clear_error():
    with pytest.raises(PolicyRangeError, match=r"pilot_age_cutoff.*2021-06-13"):
        DEFAULT_POLICY.pilot_age_cutoff.at(D(2021, 6, 13))
    with pytest.raises(PolicyRangeError, match="before the NRM began"):
        DEFAULT_POLICY.at(D(2009, 3, 31), Nation.ENGLAND)
    snapshot = DEFAULT_POLICY.at(D(2020, 1, 1), Nation.ENGLAND)
    assert "pilot_age_cutoff" in snapshot.missing
    with pytest.raises(PolicyRangeError, match="pilot_age_cutoff"):
        snapshot["pilot_age_cutoff"]
    with pytest.raises(KeyError):
        snapshot["no_such_parameter"]


def test_nation_specific_values():
    for nation in Nation:
        value = DEFAULT_POLICY.leap_day_birthday.at(D(2026, 1, 1), nation)
        assert value.nations == frozenset({nation})


def test_overlapping_values_are_refused():
    citation = DEFAULT_POLICY.recovery_period.values[0].citation
    with pytest.raises(InvalidValueError, match="overlap"):
        Parameter(
            "x",
            title="X",
            description="X",
            values=(
                ParameterValue(1, valid=DateRange(D(2020, 1, 1), D(2021, 1, 1)), citation=citation),
                ParameterValue(2, valid=DateRange(D(2020, 12, 31)), citation=citation),
            ),
        )


def test_what_if_policy_is_a_value():
    citation = DEFAULT_POLICY.pilot_age_cutoff.values[0].citation
    changed = DEFAULT_POLICY.pilot_age_cutoff.with_value(
        Duration(0, CAL), citation, valid_from=D(2024, 1, 1)
    )
    assert changed.value_at(D(2023, 12, 31)) == Duration(100, CAL)
    assert changed.value_at(D(2024, 1, 1)) == Duration(0, CAL)
    what_if = DEFAULT_POLICY.with_parameter(changed)
    assert DEFAULT_POLICY.pilot_age_cutoff.value_at(D(2024, 1, 1)) == Duration(100, CAL)
    assert what_if.at(D(2024, 1, 1), Nation.ENGLAND)["pilot_age_cutoff"].value.amount == 0


def test_policy_needs_every_parameter_once():
    # Was: a Policy field must hold its own parameter. The parameters are now a tuple
    # checked as a whole: each declared key exactly once, each value of its type.
    others = tuple(p for p in DEFAULT_POLICY.parameters if p.key != "recovery_period")
    with pytest.raises(InvalidValueError, match="missing recovery_period"):
        Policy(others)
    with pytest.raises(InvalidValueError, match="sca_rg_target"):
        Policy((*DEFAULT_POLICY.parameters, DEFAULT_POLICY.sca_rg_target))
    wrong = attrs.evolve(DEFAULT_POLICY.recovery_period, values=DEFAULT_POLICY.panel_quorum.values)
    with pytest.raises(InvalidValueError, match=r"recovery_period\.values"):
        DEFAULT_POLICY.with_parameter(wrong)


def test_a_policy_file_keeps_the_code_of_what_its_value_broke():
    """Each finding of a refused file carried the file's generic code (policy-file-invalid),
    hiding the rule a value broke; the file is named by the error, each finding keeps its own
    code and citation (the text is as it was)."""
    import json
    from pathlib import Path

    from nrm_core.errors import PolicyFileError
    from nrm_core.policy import Policy

    example = Path(__file__).parent.parent / "examples" / "data" / "rules" / "example-rules.json"
    document = json.loads(example.read_text(encoding="utf-8"))
    value = document["parameters"]["pilot_rg_timescale"]["values"][0]
    value["citation"]["section"] = "§6\x1b[31m"
    with pytest.raises(PolicyFileError) as refused:
        Policy.bundled().with_overrides_text(json.dumps(document), source="local.json")
    [finding] = refused.value.findings
    assert (finding.code, finding.location) == (
        "unprintable-text",
        "parameters.pilot_rg_timescale.values[0].citation",
    )
    assert refused.value.problems == (f"{finding.location}: {finding.message}",)
    assert finding.message.startswith("Citation.section: character 3 is a control character")
    del value["value"]
    with pytest.raises(PolicyFileError) as refused:  # no rule broken: the file's own code
        Policy.bundled().with_overrides_text(json.dumps(document), source="local.json")
    assert {f.code for f in refused.value.findings} == {"policy-file-invalid", "unprintable-text"}
