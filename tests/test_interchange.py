"""The JSON interchange format: exact round trips, strictness, privacy."""

import datetime as dt
import json

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nrm_core import Case, Child, Panel, Referral
from nrm_core.authority import LocalAuthority
from nrm_core.dateranges import DateRange
from nrm_core.io.interchange import SPECS, StructureError, structure, unstructure
from nrm_core.samples import example_referral
from nrm_core.site import Site
from nrm_core.testing import (
    cases,
    children,
    decision_makers,
    local_authorities,
    panels,
    referrals,
    sites,
)


def round_trip(value):
    text = json.dumps(unstructure(value))  # through real JSON text
    return structure(json.loads(text), type(value))


@given(cases())
def test_cases_round_trip_exactly(case):
    again = round_trip(case)
    assert again == case
    assert again.state is case.state
    for event in case.history:
        assert round_trip(event) == event


@given(
    st.one_of(
        referrals(),
        children(),
        sites(),
        panels(),
        local_authorities(),
        decision_makers(),
        st.builds(DateRange, st.none() | st.dates(), st.none()),
    )
)
def test_every_type_round_trips_exactly(value):
    assert round_trip(value) == value


@given(cases())
def test_decisions_round_trip(case):
    for decision in case.decisions:
        assert round_trip(decision) == decision


def test_every_public_domain_type_has_a_json_form():
    for cls in (Case, Child, Referral, Panel, Site, LocalAuthority):
        assert cls in SPECS


DATA = unstructure(example_referral())


def problems(data, cls=Referral):
    with pytest.raises(StructureError) as info:
        structure(data, cls)
    return [(p.code, p.path) for p in info.value.problems]


class TestStrict:
    def test_no_coercion(self):
        assert problems({**DATA, "referral_id": 1}) == [("wrong-type", "$.referral_id")]

    @pytest.mark.parametrize("text", ["2026-3-2", "02/03/2026", "2026-03-02T00:00", "2026-02-30"])
    def test_iso_dates_only(self, text):
        assert problems({**DATA, "referred_on": text}) == [("invalid-date", "$.referred_on")]

    def test_unknown_keys_with_suggestion(self):
        with pytest.raises(StructureError) as info:
            structure({**DATA, "refered_on": "2026-03-02"}, Referral)
        [problem] = info.value.problems
        assert problem.code == "unknown-field"
        assert "did you mean 'referred_on'" in problem.message

    def test_enum_with_suggestion(self):
        child = {**DATA["child"], "age_basis": "Claimed"}
        with pytest.raises(StructureError) as info:
            structure({**DATA, "child": child}, Referral)
        assert "did you mean 'claimed'" in info.value.problems[0].message

    def test_missing_and_optional_fields(self):
        data = {key: value for key, value in DATA.items() if key != "pod_status"}
        assert structure(data, Referral) == example_referral()
        del data["referred_on"]
        assert problems(data) == [("missing-field", "$.referred_on")]

    def test_every_problem_at_once(self):
        exploitation = {**DATA["exploitation"], "types": []}
        bad = {**DATA, "referred_on": "x", "referral_id": "", "exploitation": exploitation}
        assert problems(bad) == [
            ("empty-value", "$.referral_id"),
            ("invalid-date", "$.referred_on"),
            ("empty-value", "$.exploitation.types"),
        ]

    def test_domain_errors_have_codes_and_paths(self):
        bad = {**DATA, "child": {**DATA["child"], "date_of_birth": "2026-04-01"}}
        assert problems(bad) == [("referred-before-birth", "$.referred_on")]

    def test_case_history_is_replayed(self):
        data = unstructure(Case(example_referral()))
        data["history"] = [{"event": "decision-served", "on": "2026-03-03"}]
        assert problems(data, Case) == [("no-such-transition", "$.history[0]")]


class TestPrivacy:
    SECRET_NAME = "Xanthe Quorrell"

    def test_personal_values_are_never_echoed(self):
        child = {**DATA["child"], "name": 12345, "date_of_birth": "17/05/2010"}
        bad = {**DATA, "child": child, "age_basis": self.SECRET_NAME}
        with pytest.raises(StructureError) as info:
            structure(bad, Referral)
        text = str(info.value)
        assert self.SECRET_NAME not in text
        assert "17/05/2010" not in text
        assert "12345" not in text

    def test_free_text_in_an_enum_is_not_echoed(self):
        bad = {**DATA, "exploitation_location": "at the home of " + self.SECRET_NAME}
        with pytest.raises(StructureError) as info:
            structure(bad, Referral)
        assert self.SECRET_NAME not in str(info.value)

    def test_a_capitalised_word_is_not_echoed_but_codes_are(self):
        bad = {**DATA, "exploitation": {**DATA["exploitation"], "location": "Xanthe"}}
        with pytest.raises(StructureError) as info:
            structure(bad, Referral)
        assert "Xanthe" not in str(info.value)
        bad = {**DATA, "exploitation": {**DATA["exploitation"], "location": "overseaz"}}
        with pytest.raises(StructureError) as info:
            structure(bad, Referral)
        assert "'overseaz'" in str(info.value)
        assert "did you mean 'overseas'" in str(info.value)

    def test_dates_never_echoed(self):
        assert "1999" not in str(problems({**DATA, "referred_on": "1999-13-01"}))


def test_structure_rejects_unknown_types():
    with pytest.raises(TypeError):
        structure({}, dt.date)
    with pytest.raises(TypeError):
        unstructure(dt.date(2026, 1, 1))


def test_a_recorded_reason_reads_back_equal_whether_its_check_passed():
    """``Finding.passed`` is not written in a case file: while it was part of equality, a
    route recorded with its passed checks' reasons read back as a different case."""
    from nrm_core import RoutedToPanel, apply, route
    from nrm_core.checks import Finding
    from nrm_core.io.interchange import from_json, to_json

    the_route = route(example_referral())
    passed = tuple(
        Finding(c.code, message=c.message, citation=c.citation, passed=True)
        for c in the_route.checks
        if c.passed
    )
    assert passed
    case = apply(Case(example_referral()), RoutedToPanel(the_route.on, "P1-01", passed))
    assert from_json(to_json(case), Case) == case
    assert passed[0] == attrs.evolve(passed[0], passed=False)
    assert passed[0] != attrs.evolve(passed[0], location="$.x")  # where it is still counts
