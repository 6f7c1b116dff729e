import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nrm_core import InvalidValueError, Nation, Rules
from nrm_core.ages import age_on, eighteenth_birthday, is_child_on, leap_day_rule
from nrm_core.citations import Citation, Confidence, Source
from nrm_core.policy import LeapDayRule

D = dt.date
LOCAL = Citation(
    Source("test", title="test rules", version="1"), section="-", confidence=Confidence.UNVERIFIED
)


def leap_rules(rule):
    """The bundled rules with ``rule`` for 29 February birthdays (None: the bundled rule)."""
    if rule is None:
        return None
    return Rules.bundled().with_value("leap_day_birthday", rule, LOCAL)


@pytest.mark.parametrize("nation", list(Nation))
def test_leap_day_default_is_1_march_everywhere(nation):
    assert eighteenth_birthday(D(2008, 2, 29), nation) == D(2026, 3, 1)
    assert is_child_on(D(2008, 2, 29), D(2026, 2, 28), nation)
    assert not is_child_on(D(2008, 2, 29), D(2026, 3, 1), nation)


def test_leap_day_rule_is_configurable():
    rules = leap_rules(LeapDayRule.FEBRUARY_28)
    assert eighteenth_birthday(D(2008, 2, 29), Nation.ENGLAND, rules=rules) == D(2026, 2, 28)
    assert eighteenth_birthday(D(2010, 2, 28), Nation.ENGLAND, rules=rules) == D(2028, 2, 28)
    # A 29 February birthday in a leap year is 29 February under either rule.
    assert eighteenth_birthday(D(2006, 2, 28), Nation.SCOTLAND) == D(2024, 2, 28)
    assert age_on(D(2008, 2, 29), D(2028, 2, 29), Nation.WALES, rules=rules) == 20


def test_leap_day_defaults_are_cited_and_flagged():
    rule, citation = leap_day_rule(2026, Nation.SCOTLAND)
    assert rule is LeapDayRule.MARCH_1
    assert citation.confidence is Confidence.UNVERIFIED
    for nation in (Nation.ENGLAND, Nation.WALES, Nation.NORTHERN_IRELAND):
        assert leap_day_rule(2026, nation)[1].confidence is not Confidence.VERIFIED


def test_age_attained_at_start_of_birthday():
    dob = D(2008, 5, 17)
    assert age_on(dob, D(2026, 5, 16), Nation.ENGLAND) == 17
    assert age_on(dob, D(2026, 5, 17), Nation.ENGLAND) == 18
    assert age_on(dob, dob, Nation.ENGLAND) == 0
    with pytest.raises(InvalidValueError, match="before the date of birth"):
        age_on(dob, D(2008, 5, 16), Nation.ENGLAND)


dobs = st.dates(min_value=D(1990, 1, 1), max_value=D(2026, 12, 31))
nations = st.sampled_from(Nation)
rules = st.none() | st.sampled_from(LeapDayRule)


@given(dobs, nations, rules, st.integers(0, 40 * 366), st.integers(0, 3000))
def test_age_is_monotonic(dob, nation, rule, offset, more):
    first = dob + dt.timedelta(days=offset)
    second = first + dt.timedelta(days=more)
    assert age_on(dob, first, nation, rules=leap_rules(rule)) <= age_on(
        dob, second, nation, rules=leap_rules(rule)
    )


@given(dobs, nations, rules)
def test_is_child_flips_exactly_on_the_18th_birthday(dob, nation, rule):
    birthday = eighteenth_birthday(dob, nation, rules=leap_rules(rule))
    assert is_child_on(dob, birthday - dt.timedelta(days=1), nation, rules=leap_rules(rule))
    assert not is_child_on(dob, birthday, nation, rules=leap_rules(rule))
    assert age_on(dob, birthday, nation, rules=leap_rules(rule)) == 18
    assert age_on(dob, birthday - dt.timedelta(days=1), nation, rules=leap_rules(rule)) == 17
