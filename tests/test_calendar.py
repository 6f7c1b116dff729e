"""Bank holidays against gov.uk's feed, and working-day arithmetic."""

import datetime as dt
import json
from pathlib import Path

import pytest

from nrm_core import InvalidValueError, Nation
from nrm_core.calendar import (
    LAST_CONFIRMED_YEAR,
    ONE_OFF_CHANGES,
    Division,
    WorkingCalendar,
    add_working_days,
    bank_holidays,
    depends_on_provisional,
    is_bank_holiday,
    is_provisional,
    is_working_day,
    working_days_between,
)
from nrm_core.errors import CalendarRangeError, ProvisionalCalendarError

GOLDEN = json.loads((Path(__file__).parent / "data" / "uk_bank_holidays.json").read_text())
D = dt.date
EW, SCO, NI = Division.ENGLAND_AND_WALES, Division.SCOTLAND, Division.NORTHERN_IRELAND


@pytest.mark.parametrize("division", list(Division))
@pytest.mark.parametrize("year", range(2012, 2028))
def test_golden_gov_uk_feed(division, year):
    expected = [day for day in GOLDEN[division.value] if day.startswith(str(year))]
    assert [day.isoformat() for day in bank_holidays(year, division)] == expected


def test_golden_covers_every_year_and_division():
    assert set(GOLDEN) == {division.value for division in Division}
    years = {day[:4] for days in GOLDEN.values() for day in days}
    assert years == {str(year) for year in range(2012, 2028)}


@pytest.mark.parametrize(
    ("division", "day", "expected"),
    [
        (EW, D(2012, 5, 28), False),  # moved to 4 June for the Diamond Jubilee
        (EW, D(2012, 6, 5), True),
        (EW, D(2020, 5, 4), False),  # moved to 8 May (VE Day)
        (SCO, D(2020, 5, 8), True),
        (NI, D(2022, 5, 30), False),
        (EW, D(2022, 9, 19), True),
        (SCO, D(2023, 5, 8), True),
        (SCO, D(2026, 6, 15), True),  # World Cup, Scotland only
        (EW, D(2026, 6, 15), False),
        (SCO, D(2026, 4, 6), False),  # no Easter Monday in Scotland
        (SCO, D(2026, 8, 3), True),  # first Monday of August
        (NI, D(2026, 7, 13), True),  # 12 July on a Sunday: Monday substitute
        (EW, D(2026, 12, 28), True),  # Boxing Day on Saturday
        (EW, D(2026, 12, 26), False),  # gov.uk lists the substitute only
    ],
)
def test_one_offs_and_substitutes(division, day, expected):
    assert is_bank_holiday(day, division) is expected


def test_one_off_changes_are_cited():
    for change in ONE_OFF_CHANGES:
        assert change.citation.note
        assert change.added.weekday() < 5


def naive_add(start, n, calendar):
    step = 1 if n > 0 else -1
    day, left = start, abs(n)
    while left:
        day += dt.timedelta(days=step)
        if calendar.is_working_day(day):
            left -= 1
    return day


class TestWorkingDays:
    def test_examples_from_the_definition(self):
        # Christmas 2026: Fri 25 and Mon 28 are holidays in E&W.
        assert add_working_days(D(2026, 12, 24), 1, EW) == D(2026, 12, 29)
        assert add_working_days(D(2026, 12, 26), 1, EW) == D(2026, 12, 29)  # start is a Saturday
        assert add_working_days(D(2026, 12, 24), 0, EW) == D(2026, 12, 24)
        assert add_working_days(D(2026, 12, 29), -1, EW) == D(2026, 12, 24)
        assert working_days_between(D(2026, 12, 24), D(2026, 12, 29), EW) == 1
        assert working_days_between(D(2026, 12, 29), D(2026, 12, 24), EW) == -1
        assert not is_working_day(D(2026, 12, 28), EW)

    def test_division_matters(self):
        # Scotland's 2 January: 2026-01-02 (Friday) is a holiday only there.
        assert add_working_days(D(2026, 1, 1), 1, EW) == D(2026, 1, 2)
        assert add_working_days(D(2026, 1, 1), 1, SCO) == D(2026, 1, 5)

    def test_accepts_nations_division(self):
        assert Division.for_nation(Nation.SCOTLAND) is SCO

    def test_council_closures_overlay(self):
        council = WorkingCalendar(EW, closures=[D(2026, 12, 29), D(2026, 12, 30), D(2026, 12, 26)])
        assert add_working_days(D(2026, 12, 24), 1, council) == D(2026, 12, 31)
        assert working_days_between(D(2026, 12, 24), D(2027, 1, 4), council) == 2
        assert add_working_days(D(2026, 12, 24), 1, EW) == D(2026, 12, 29), "division unchanged"

    def test_closures_must_be_dates_in_range(self):
        with pytest.raises(InvalidValueError):
            WorkingCalendar(EW, closures=[D(2001, 1, 1)])

    def test_out_of_range(self):
        with pytest.raises(CalendarRangeError, match="2012"):
            bank_holidays(2011, EW)
        with pytest.raises(CalendarRangeError):
            add_working_days(D(2011, 12, 30), 1, EW)
        with pytest.raises(CalendarRangeError):
            add_working_days(D(2012, 1, 3), -5, EW)
        with pytest.raises(CalendarRangeError):
            bank_holidays(2101, EW)

    def test_provisional_years(self):
        assert not is_provisional(LAST_CONFIRMED_YEAR)
        assert is_provisional(LAST_CONFIRMED_YEAR + 1)
        assert depends_on_provisional(D(2027, 12, 20), D(2028, 1, 5))
        assert not depends_on_provisional(D(2027, 12, 1), D(2027, 12, 20))
        assert bank_holidays(2028, EW)  # computed, provisional
        with pytest.raises(ProvisionalCalendarError):
            bank_holidays(2028, EW, strict=True)
        strict = WorkingCalendar(EW, strict=True)
        assert strict.add_working_days(D(2027, 12, 1), 5) == D(2027, 12, 8)
        with pytest.raises(ProvisionalCalendarError, match="2028"):
            strict.add_working_days(D(2027, 12, 20), 10)


@pytest.mark.parametrize("division", list(Division))
def test_matches_day_by_day_loop_on_spans(division):
    calendar = WorkingCalendar(division)
    for start in (D(2012, 1, 1), D(2019, 12, 31), D(2022, 9, 16), D(2026, 6, 12)):
        for n in (1, 2, 5, 9, 20, 45, 260, 2000, -1, -5, -30):
            if start.year == 2012 and n < 0:
                continue
            assert calendar.add_working_days(start, n) == naive_add(start, n, calendar), (start, n)


def test_a_division_from_another_load_of_the_module_is_found_by_value():
    """The public functions find a division's kept calendar by the member's identity; a
    ``Division`` from a reloaded module (``importlib.reload``) is another object of another
    class, and is found by its value (it was refused as not a Division)."""
    import importlib.util

    import nrm_core.calendar as calendar

    spec = importlib.util.spec_from_file_location("nrm_core_calendar_again", calendar.__file__)
    assert spec is not None
    assert spec.loader is not None
    again = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(again)
    assert again.Division is not Division
    for division in Division:
        other = again.Division(division.value)
        for start, n in ((D(2026, 12, 24), 3), (D(2026, 11, 27), 2), (D(2026, 4, 3), -1)):
            expected = calendar.add_working_days(start, n, division)
            assert calendar.add_working_days(start, n, other) == expected
            assert again.add_working_days(start, n, division) == expected
        day = D(2026, 11, 30)
        assert calendar.is_working_day(day, other) == calendar.is_working_day(day, division)
    with pytest.raises(TypeError):
        calendar.add_working_days(D(2026, 1, 5), 1, "england-and-wales")  # type: ignore[arg-type]
