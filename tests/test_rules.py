"""One rules context: every answer follows the Rules it was given (issue: rules in one place)."""

import datetime as dt
import json
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nrm_core import (
    AuthorityRegister,
    Case,
    Citation,
    DecisionMaker,
    Nation,
    RoutedToSca,
    Rules,
    SiteRegistry,
    TransitionRefused,
    apply,
    check_panel,
    deadlines_for,
    from_json,
    route,
    to_json,
)
from nrm_core.ages import eighteenth_birthday
from nrm_core.calendar import Division, is_bank_holiday
from nrm_core.child import is_treated_as_child
from nrm_core.citations import Confidence, Source
from nrm_core.dateranges import DateRange
from nrm_core.errors import InvalidTypeError
from nrm_core.events import RouteOverride, TurnedEighteen
from nrm_core.io.validation import validate_data
from nrm_core.policy import DayCount, Duration, LeapDayRule, Policy, PolicyFileError
from nrm_core.registry import UnknownAuthorityError
from nrm_core.reporting.stats import compare_policies
from nrm_core.samples import example_panel, example_referral
from nrm_core.site import MemberRole, Site, SiteMember
from nrm_core.testing import referrals

D = dt.date
BUNDLED = Rules.bundled()
LOCAL = Citation(
    Source("LOCAL", title="Test council rules", version="1"),
    section="§1",
    confidence=Confidence.VERIFIED,
)


LINKED = RouteOverride.LINKED_CASE  # issue 22: a pilot child routed to the SCA states why


def leap_day_child_case(rules):
    """A child born on 29 February 2008, referred in 2025 and with the SCA."""
    referral = attrs.evolve(
        example_referral(),
        child=attrs.evolve(example_referral().child, date_of_birth=D(2008, 2, 29)),
        referred_on=D(2025, 6, 2),
    )
    return apply(Case(referral, rules=rules), RoutedToSca(D(2025, 6, 3), override=LINKED))


# --------------------------------------------------------------------------- the three bugs


class TestRegressions:
    def test_a_cases_leap_day_rule_reaches_its_guards_and_deadlines(self):
        # Bug: a Case whose policy said 28 February still refused TurnedEighteen on
        # 28 February, and deadlines_for still said 1 March.
        feb28 = BUNDLED.with_value("leap_day_birthday", LeapDayRule.FEBRUARY_28, LOCAL)
        case = leap_day_child_case(feb28)
        turned = apply(case, TurnedEighteen(D(2026, 2, 28)))
        assert turned.turned_eighteen_on == D(2026, 2, 28)
        due = {c.deadline.code: c.deadline.due for c in deadlines_for(case, D(2025, 7, 1)).checks}
        assert due["turns-eighteen"] == D(2026, 2, 28)
        # The bundled rule (1 March) refuses the same event and says 1 March.
        bundled = leap_day_child_case(None)
        with pytest.raises(TransitionRefused) as refusal:
            apply(bundled, TurnedEighteen(D(2026, 2, 28)))
        assert refusal.value.codes == ("not-yet-eighteen",)
        due = {
            c.deadline.code: c.deadline.due for c in deadlines_for(bundled, D(2025, 7, 1)).checks
        }
        assert due["turns-eighteen"] == D(2026, 3, 1)

    def test_an_empty_authority_register_is_not_the_bundled_one(self):
        # Bug: route(referral, authorities=AuthorityRegister(())) routed to a pilot panel,
        # because an empty register was treated as "not given" (also validation and stats).
        empty = BUNDLED.with_authorities(AuthorityRegister(()))
        # An unknown authority is not routed at all (it used to be a plain "SCA" answer).
        with pytest.raises(UnknownAuthorityError, match="not an authority"):
            route(example_referral(), rules=empty)
        document = json.loads(to_json(Case(example_referral())))
        _, problems = validate_data(document, rules=empty)
        assert "authority-code-unknown" in [p.code for p in problems]
        table = compare_policies([example_referral()], BUNDLED, empty, suppress_below=0)
        totals = {row[1]: row[2] for row in table.rows if row[0] == "total"}
        assert totals == {"referrals": 1, "pilot (baseline)": 1, "pilot (alternative)": 0}

    def test_a_nation_is_not_a_bank_holiday_division(self):
        # Bug: is_bank_holiday(day, Nation.SCOTLAND) answered False for St Andrew's Day
        # (wrong argument type accepted, wrong answer cached).
        st_andrews = D(2026, 11, 30)
        with pytest.raises(InvalidTypeError, match=r"Division\.for_nation"):
            is_bank_holiday(st_andrews, Nation.SCOTLAND)
        assert is_bank_holiday(st_andrews, Division.SCOTLAND)
        assert is_bank_holiday(st_andrews, Division.for_nation(Nation.SCOTLAND))
        assert not is_bank_holiday(st_andrews, Division.ENGLAND_AND_WALES)


# --------------------------------------------------------------------------- the property


@attrs.frozen
class Variant:
    """A non-default set of rules, and what was changed."""

    rules: Rules
    leap: LeapDayRule
    cutoff: int
    quorum: int
    extra_site: bool
    empty_register: bool


@st.composite
def variants(draw, code):
    leap = draw(st.sampled_from(LeapDayRule))
    cutoff = draw(st.integers(0, 400))
    quorum = draw(st.integers(1, 5))
    extra_site = draw(st.booleans())
    empty_register = draw(st.booleans())
    rules = (
        BUNDLED.with_value("leap_day_birthday", leap, LOCAL)
        .with_value("pilot_age_cutoff", Duration(cutoff, DayCount.CALENDAR_DAYS), LOCAL)
        .with_value("panel_quorum", quorum, LOCAL)
    )
    if extra_site:
        nation = Nation.from_gss_code(code)
        site = Site(
            "LOCAL-1",
            name="Local test site",
            nation=nation,
            operating=DateRange(D(2021, 6, 14)),
            members=(SiteMember(code, role=MemberRole.LEAD),),
        )
        # The local site is the only one the authority belongs to.
        kept = tuple(
            attrs.evolve(s, members=tuple(m for m in s.members if m.gss_code != code))
            for s in BUNDLED.sites.sites
            if any(m.gss_code != code for m in s.members)
        )
        rules = rules.with_sites(SiteRegistry((*kept, site)))
    if empty_register:
        rules = rules.with_authorities(AuthorityRegister(()))
    return Variant(rules, leap, cutoff, quorum, extra_site, empty_register)


@st.composite
def referral_and_variant(draw):
    # Children with a date of birth (the rules about it are what this checks; an unknown date
    # of birth is tested in test_unknown_birth_date.py).
    referral = draw(referrals().filter(lambda r: r.child.date_of_birth is not None))
    return referral, draw(variants(referral.safeguarding_authority))


@given(referral_and_variant())
def test_every_public_answer_follows_the_rules_it_is_given(pair):
    referral, variant = pair
    rules = variant.rules
    child, nation = referral.child, referral.nation
    birthday = eighteenth_birthday(child.date_of_birth, nation, rules=rules)
    if child.date_of_birth.month == 2 and child.date_of_birth.day == 29 and birthday.day != 29:
        assert birthday.month == (3 if variant.leap is LeapDayRule.MARCH_1 else 2)
    assert is_treated_as_child(child, referral.referred_on, nation, rules=rules) == (
        child.age_basis.is_uncertain or referral.referred_on < birthday
    )

    if variant.empty_register:
        # An authority the register does not know has no route: route() says so (it used
        # to answer a plain "SCA", which reads as a decision about the child).
        with pytest.raises(UnknownAuthorityError, match=referral.safeguarding_authority):
            route(referral, rules=rules)
        event: Any = RoutedToSca(referral.referred_on)
    else:
        result = route(referral, rules=rules)
        checks = {check.location: check for check in result.checks}
        cutoff = checks["age-cutoff"]
        if cutoff.code != "pilot-not-started":
            inputs = dict(cutoff.inputs)
            assert inputs["cutoff_days"] == str(variant.cutoff)
            days = (birthday - referral.referred_on).days
            if days > 0:
                assert inputs["days_before_18"] == str(days)
            else:  # already 18: said so, with no count of days (it would date the birthday)
                assert inputs["already_18"] == "true"
                assert "days_before_18" not in inputs
            assert cutoff.passed == ((birthday - referral.referred_on).days > variant.cutoff)
        if variant.extra_site and result.in_scope:
            assert result.decision_maker == DecisionMaker.panel("LOCAL-1")
        if variant.extra_site:
            assert checks["pilot-site"].passed == (referral.referred_on >= D(2021, 6, 14))
        event = result.to_event()

    case = Case(referral, rules=rules)
    assert case.rules is rules
    routed = apply(case, event)
    assert routed.rules is rules
    assert routed.as_of(referral.referred_on).rules is rules
    assert from_json(to_json(routed), Case, rules=rules).rules is rules
    report = deadlines_for(routed, referral.referred_on)
    due = {check.deadline.code: check.deadline.due for check in report.checks}
    assert due["turns-eighteen"] == birthday

    _, problems = validate_data(json.loads(to_json(routed)), rules=rules)
    codes = {p.code for p in problems}
    assert ("authority-code-unknown" in codes) == variant.empty_register

    panel_problems = [
        r.code for r in check_panel(example_panel(), "R-1", D(2026, 1, 5), rules=rules)
    ]
    assert ("panel-below-quorum" in panel_problems) == (variant.quorum > 3)


# --------------------------------------------------------------------------- policy files


class TestPolicyFiles:
    def test_the_bundled_policy_is_the_data_file(self):
        from importlib import resources

        text = resources.files("nrm_core").joinpath("data", "policy.json").read_text("utf-8")
        assert json.loads(text) == Policy.bundled().to_data()

    def test_an_override_applies_from_its_date_and_is_labelled_local(self, tmp_path):
        path = tmp_path / "rules.json"
        path.write_text(
            json.dumps(
                {
                    "format": "nrm-core/policy",
                    "version": 1,
                    "parameters": {
                        "pilot_age_cutoff": {
                            "values": [
                                {
                                    "valid_from": "2025-01-01",
                                    "value": {"amount": 60, "unit": "calendar-days"},
                                    "citation": {
                                        "source": "S1",
                                        "section": "§10",
                                        "confidence": "secondary",
                                        "note": "what our panel applies",
                                    },
                                }
                            ]
                        }
                    },
                }
            )
        )
        rules = BUNDLED.with_overrides(path)
        cutoff = rules.policy.pilot_age_cutoff
        assert cutoff.value_at(D(2024, 12, 31)).amount == 100
        assert not cutoff.at(D(2024, 12, 31)).citation.local
        assert cutoff.value_at(D(2025, 1, 1)).amount == 60
        assert "local override" in str(cutoff.at(D(2025, 1, 1)).citation)
        assert repr(rules.policy) == "Policy(26 parameters, 1 local override)"
        # Everything else is still the bundled rules.
        assert rules.policy.panel_quorum == BUNDLED.policy.panel_quorum

    def test_every_problem_in_a_file_is_reported_at_once(self):
        text = json.dumps(
            {
                "format": "nrm-core/policy",
                "version": 2,
                "colour": "blue",
                "parameters": {
                    "panel_quorum": {"values": [{"value": "three", "citation": {}}]},
                    "recovery_period": {
                        "values": [
                            {
                                "valid_from": "2020-13-01",
                                "value": {"amount": -1, "unit": "weeks"},
                                "citation": {"source": "S1", "section": "x", "confidence": "P"},
                            }
                        ]
                    },
                    "not_a_parameter": {"values": []},
                },
            }
        )
        with pytest.raises(PolicyFileError) as error:
            BUNDLED.policy.with_overrides_text(text, source="bad.json")
        problems = "\n".join(error.value.problems)
        for expected in (
            "$: unknown key 'colour'",
            "$.version: expected 1",
            "panel_quorum.values[0].value: expected a whole number",
            "recovery_period.values[0].valid_from: expected an ISO date",
            "recovery_period.values[0].value: amount must be a whole number",
            "recovery_period.values[0].citation.confidence: expected one of",
            "not_a_parameter: no such parameter",
        ):
            assert expected in problems
        assert str(error.value).startswith("bad.json: ")

    def test_overlapping_local_values_are_refused(self):
        value = {"value": 4, "citation": {"source": "S1", "section": "x", "confidence": "verified"}}
        text = json.dumps(
            {
                "format": "nrm-core/policy",
                "version": 1,
                "parameters": {
                    "panel_quorum": {
                        "values": [
                            {**value, "valid_from": "2024-01-01"},
                            {**value, "valid_from": "2024-06-01"},
                        ]
                    }
                },
            }
        )
        with pytest.raises(PolicyFileError, match="overlap"):
            BUNDLED.policy.with_overrides_text(text)

    def test_with_value_checks_the_type_and_marks_the_value_local(self):
        with pytest.raises(InvalidTypeError, match="panel_quorum expects"):
            BUNDLED.with_value("panel_quorum", "3", LOCAL)
        with pytest.raises(KeyError, match="no policy parameter 'quorum'"):
            BUNDLED.with_value("quorum", 3, LOCAL)
        local = BUNDLED.with_value("panel_quorum", 2, LOCAL, valid_from=D(2026, 1, 1))
        assert local.policy.panel_quorum.value_at(D(2025, 12, 31)) == 3
        assert local.policy.panel_quorum.at(D(2026, 1, 1)).citation.local


def test_rules_must_be_rules():
    with pytest.raises(InvalidTypeError, match="expected a Rules, got a Policy"):
        route(example_referral(), rules=Policy.bundled())
    with pytest.raises(InvalidTypeError, match="expected a Rules"):
        Case(example_referral(), rules=BUNDLED.policy)


def test_a_council_calendar_reaches_the_cases_deadlines():
    from nrm_core.calendar import WorkingCalendar

    closures = [D(2026, 3, 3), D(2026, 3, 4)]
    council = BUNDLED.with_calendar(WorkingCalendar(Division.ENGLAND_AND_WALES, closures=closures))
    case = apply(
        Case(example_referral(), rules=council), RoutedToSca(D(2026, 3, 2), override=LINKED)
    )
    due = {c.deadline.code: c.deadline.due for c in deadlines_for(case, D(2026, 3, 5)).checks}
    assert due["rg-decision-due"] == D(2026, 3, 11)
    assert BUNDLED.calendar(Division.ENGLAND_AND_WALES).closures == frozenset()


def test_a_local_file_cannot_silently_retitle_a_parameter():
    text = json.dumps(
        {
            "format": "nrm-core/policy",
            "version": 1,
            "parameters": {
                "panel_quorum": {
                    "title": "Something else",
                    "values": [
                        {
                            "value": 4,
                            "citation": {"source": "S1", "section": "x", "confidence": "verified"},
                        }
                    ],
                }
            },
        }
    )
    with pytest.raises(PolicyFileError, match="values only"):
        BUNDLED.policy.with_overrides_text(text)
