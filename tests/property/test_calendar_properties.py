"""Properties of working-day arithmetic, checked against a day-by-day oracle."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from nrm_core.calendar import Division, WorkingCalendar

days = st.dates(min_value=dt.date(2012, 3, 1), max_value=dt.date(2060, 12, 31))
calendars = st.builds(
    WorkingCalendar,
    st.sampled_from(Division),
    closures=st.frozensets(st.dates(dt.date(2012, 1, 1), dt.date(2060, 12, 31)), max_size=20),
)
steps = st.integers(min_value=-40, max_value=300)


def oracle_add(calendar, start, n):
    step = 1 if n > 0 else -1
    day, left = start, abs(n)
    while left:
        day += dt.timedelta(days=step)
        if calendar.is_working_day(day):
            left -= 1
    return day


@given(calendars, days, steps)
def test_add_working_days_matches_the_oracle(calendar, start, n):
    assert calendar.add_working_days(start, n) == oracle_add(calendar, start, n)


@given(calendars, days, st.integers(min_value=1, max_value=300))
def test_result_is_a_working_day_and_counts_back(calendar, start, n):
    result = calendar.add_working_days(start, n)
    assert result > start
    assert calendar.is_working_day(result)
    assert calendar.working_days_between(start, result) == n


@given(calendars, days, days)
def test_between_is_antisymmetric_and_additive(calendar, a, b):
    assert calendar.working_days_between(a, b) == -calendar.working_days_between(b, a)
    middle = min(a, b) + (max(a, b) - min(a, b)) / 2
    assert calendar.working_days_between(min(a, b), max(a, b)) == calendar.working_days_between(
        min(a, b), middle
    ) + calendar.working_days_between(middle, max(a, b))


@given(calendars, days, days)
def test_between_matches_counting(calendar, a, b):
    start, end = min(a, b), max(a, b)
    if (end - start).days > 400:
        end = start + dt.timedelta(days=400)
    counted = sum(
        calendar.is_working_day(start + dt.timedelta(days=k))
        for k in range(1, (end - start).days + 1)
    )
    assert calendar.working_days_between(start, end) == counted


@given(
    st.builds(
        WorkingCalendar,
        st.sampled_from(Division),
        closures=st.frozensets(st.dates(dt.date(2012, 1, 1), dt.date(2100, 12, 31)), max_size=20),
        strict=st.booleans(),
    ),
    st.dates(min_value=dt.date(2011, 12, 1), max_value=dt.date(2101, 1, 31)),
    st.integers(min_value=-30_000, max_value=30_000) | st.integers(-3, 3),
)
def test_the_constant_time_path_agrees_with_the_checked_path(calendar, start, n):
    from nrm_core.errors import NrmError

    calendar.is_working_day(dt.date(2020, 1, 1))  # loads the tables: the fast path is on

    def outcome(add):
        try:
            return add(start, n)
        except NrmError as error:
            return type(error), str(error)

    assert outcome(calendar.add_working_days) == outcome(calendar._add_working_days)


@given(
    st.sampled_from(Division),
    st.dates(min_value=dt.date(2012, 3, 1), max_value=dt.date(2060, 12, 31)),
    st.integers(min_value=-40, max_value=300),
)
def test_the_public_functions_given_a_division_match_the_bank_holidays(division, start, n):
    # The functions keep one calendar per division: its answers must stay those of the
    # division's bank holidays, counted day by day (a strict or closed calendar built
    # elsewhere must not leak into them).
    from nrm_core.calendar import (
        add_working_days,
        bank_holidays,
        is_working_day,
        working_days_between,
    )

    WorkingCalendar(division, closures=[start], strict=True).is_working_day(dt.date(2020, 1, 1))

    def open_day(day):
        return day.weekday() < 5 and day not in bank_holidays(day.year, division)

    step = 1 if n > 0 else -1
    day, left = start, abs(n)
    while left:
        day += dt.timedelta(days=step)
        left -= open_day(day)
    assert add_working_days(start, n, division) == day
    assert is_working_day(day, division) == open_day(day)
    counted = sum(open_day(start + dt.timedelta(days=k)) for k in range(1, (day - start).days + 1))
    assert working_days_between(start, max(start, day), division) == counted
