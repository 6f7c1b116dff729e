import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nrm_core import (
    LEAP_DAY_DEFAULTS,
    Confidence,
    InvalidValueError,
    LeapDayRule,
    Nation,
    age_on,
    eighteenth_birthday,
    is_child_on,
)

D = dt.date


@pytest.mark.parametrize("nation", list(Nation))
def test_leap_day_default_is_1_march_everywhere(nation):
    assert eighteenth_birthday(D(2008, 2, 29), nation) == D(2026, 3, 1)
    assert is_child_on(D(2008, 2, 29), D(2026, 2, 28), nation)
    assert not is_child_on(D(2008, 2, 29), D(2026, 3, 1), nation)


def test_leap_day_rule_is_configurable():
    rule = LeapDayRule.FEBRUARY_28
    assert eighteenth_birthday(D(2008, 2, 29), Nation.ENGLAND, leap_day=rule) == D(2026, 2, 28)
    assert eighteenth_birthday(D(2010, 2, 28), Nation.ENGLAND, leap_day=rule) == D(2028, 2, 28)
    # A 29 February birthday in a leap year is 29 February under either rule.
    assert eighteenth_birthday(D(2006, 2, 28), Nation.SCOTLAND) == D(2024, 2, 28)
    assert age_on(D(2008, 2, 29), D(2028, 2, 29), Nation.WALES, leap_day=rule) == 20


def test_leap_day_defaults_are_cited_and_flagged():
    rule, citation = LEAP_DAY_DEFAULTS[Nation.SCOTLAND]
    assert rule is LeapDayRule.MARCH_1
    assert citation.confidence is Confidence.UNVERIFIED
    for nation in (Nation.ENGLAND, Nation.WALES, Nation.NORTHERN_IRELAND):
        assert LEAP_DAY_DEFAULTS[nation][1].confidence is not Confidence.VERIFIED


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
    assert age_on(dob, first, nation, leap_day=rule) <= age_on(dob, second, nation, leap_day=rule)


@given(dobs, nations, rules)
def test_is_child_flips_exactly_on_the_18th_birthday(dob, nation, rule):
    birthday = eighteenth_birthday(dob, nation, leap_day=rule)
    assert is_child_on(dob, birthday - dt.timedelta(days=1), nation, leap_day=rule)
    assert not is_child_on(dob, birthday, nation, leap_day=rule)
    assert age_on(dob, birthday, nation, leap_day=rule) == 18
    assert age_on(dob, birthday - dt.timedelta(days=1), nation, leap_day=rule) == 17
