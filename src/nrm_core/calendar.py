"""UK bank-holiday calendars and working-day arithmetic.

Bank holidays are **computed from the rules** (Banking and Financial Dealings
Act 1971 Schedule 1, the St Andrew's Day Bank Holiday (Scotland) Act 2007 and
the customary substitute days) with python-dateutil's ``easter``; the
one-off and moved days that royal proclamations made are held as data
(:data:`ONE_OFF_CHANGES`), each with its source. The result is tested, for
every division and every year 2012-2027, to equal gov.uk's bank-holidays feed.

Semantics follow gov.uk: a holiday that falls on a weekend is listed only as
its weekday substitute. A **working day** is Monday-Friday and not a bank
holiday (nor a closure day a council overlays with :class:`WorkingCalendar`).

Counting conventions (stated once, used everywhere):

* :func:`add_working_days` ``(start, n)``: for ``n >= 1`` the n-th working day
  strictly after ``start`` (the start day never counts, whether or not it is a
  working day); ``n == 0`` returns ``start``; ``n < 0`` counts backwards the
  same way.
* :func:`working_days_between` ``(start, end)``: the number of working days
  ``d`` with ``start < d <= end`` (negative when ``end < start``).

Years from 2012 to :data:`LAST_CONFIRMED_YEAR` are confirmed by gov.uk's feed.
Later years (to :data:`LAST_YEAR`) are computed but **provisional**: one-off
holidays are proclaimed at short notice (2022-09-19 was announced about ten
days ahead). :func:`depends_on_provisional` says whether a span touches them
and a ``strict`` calendar raises :class:`~nrm_core.ProvisionalCalendarError`
instead. Years before 2012 raise :class:`~nrm_core.CalendarRangeError`.

>>> import datetime as dt
>>> from nrm_core.calendar import Division, add_working_days, bank_holidays
>>> bank_holidays(2026, Division.SCOTLAND)[-3:]
(datetime.date(2026, 11, 30), datetime.date(2026, 12, 25), datetime.date(2026, 12, 28))
>>> add_working_days(dt.date(2026, 12, 24), 1, Division.ENGLAND_AND_WALES)
datetime.date(2026, 12, 29)
"""

from __future__ import annotations

import array
import datetime as dt
import enum
import functools
from collections.abc import Iterable

import attrs
from dateutil.easter import easter
from dateutil.relativedelta import MO, relativedelta

from nrm_core._sources import (
    BANKING_AND_FINANCIAL_DEALINGS_ACT_1971,
    GOV_UK_BANK_HOLIDAYS,
    P,
    cite,
)
from nrm_core._validate import enum_member, frozenset_of, is_bool, optional_str, to_frozenset
from nrm_core.checks import Citation
from nrm_core.errors import (
    CalendarRangeError,
    InvalidTypeError,
    InvalidValueError,
    ProvisionalCalendarError,
)
from nrm_core.nations import Nation

__all__ = [
    "FIRST_YEAR",
    "LAST_CONFIRMED_YEAR",
    "LAST_YEAR",
    "ONE_OFF_CHANGES",
    "Division",
    "OneOffChange",
    "WorkingCalendar",
    "add_working_days",
    "bank_holidays",
    "depends_on_provisional",
    "is_bank_holiday",
    "is_provisional",
    "is_working_day",
    "working_days_between",
]

FIRST_YEAR = 2012
"""The first year supported (the first year of the gov.uk feed the library is tested against)."""
LAST_CONFIRMED_YEAR = 2027
"""The last year confirmed by gov.uk's feed (copy retrieved 2026-08-21)."""
LAST_YEAR = 2100
"""The last year computed (provisionally) from the rules."""


class Division(enum.Enum):
    """A bank-holiday division, named as in gov.uk's feed."""

    ENGLAND_AND_WALES = "england-and-wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"

    @classmethod
    def for_nation(cls, nation: Nation) -> Division:
        """The division whose bank holidays apply in ``nation``.

        >>> from nrm_core import Nation
        >>> from nrm_core.calendar import Division
        >>> Division.for_nation(Nation.WALES)
        <Division.ENGLAND_AND_WALES: 'england-and-wales'>
        """
        if not isinstance(nation, Nation):
            raise InvalidTypeError("Division.for_nation", "nation", "expected a Nation")
        return {
            Nation.ENGLAND: cls.ENGLAND_AND_WALES,
            Nation.WALES: cls.ENGLAND_AND_WALES,
            Nation.SCOTLAND: cls.SCOTLAND,
            Nation.NORTHERN_IRELAND: cls.NORTHERN_IRELAND,
        }[nation]


_ALL = frozenset(Division)


@attrs.frozen
class OneOffChange:
    """A bank holiday added or moved by royal proclamation, with its source.

    ``removed`` is the regular holiday the change replaced (``None`` for an
    extra day); ``added`` is the day that became a holiday.
    """

    name: str
    added: dt.date = attrs.field(kw_only=True)
    removed: dt.date | None = attrs.field(kw_only=True)
    divisions: frozenset[Division] = attrs.field(kw_only=True)
    citation: Citation = attrs.field(kw_only=True)


def _proclaimed(note: str) -> Citation:
    return cite(GOV_UK_BANK_HOLIDAYS, "royal proclamation", P, note)


ONE_OFF_CHANGES: tuple[OneOffChange, ...] = (
    OneOffChange(
        "Spring bank holiday moved for the Diamond Jubilee",
        added=dt.date(2012, 6, 4),
        removed=dt.date(2012, 5, 28),
        divisions=_ALL,
        citation=_proclaimed("Spring bank holiday moved from 28 May to 4 June 2012"),
    ),
    OneOffChange(
        "Queen's Diamond Jubilee",
        added=dt.date(2012, 6, 5),
        removed=None,
        divisions=_ALL,
        citation=_proclaimed("extra bank holiday, 5 June 2012"),
    ),
    OneOffChange(
        "Early May bank holiday moved for VE Day 75",
        added=dt.date(2020, 5, 8),
        removed=dt.date(2020, 5, 4),
        divisions=_ALL,
        citation=_proclaimed("Early May bank holiday moved from 4 May to 8 May 2020"),
    ),
    OneOffChange(
        "Spring bank holiday moved for the Platinum Jubilee",
        added=dt.date(2022, 6, 2),
        removed=dt.date(2022, 5, 30),
        divisions=_ALL,
        citation=_proclaimed("Spring bank holiday moved from 30 May to 2 June 2022"),
    ),
    OneOffChange(
        "Queen's Platinum Jubilee",
        added=dt.date(2022, 6, 3),
        removed=None,
        divisions=_ALL,
        citation=_proclaimed("extra bank holiday, 3 June 2022"),
    ),
    OneOffChange(
        "State Funeral of Queen Elizabeth II",
        added=dt.date(2022, 9, 19),
        removed=None,
        divisions=_ALL,
        citation=_proclaimed(
            "extra bank holiday, 19 September 2022, announced about ten days ahead"
        ),
    ),
    OneOffChange(
        "Coronation of King Charles III",
        added=dt.date(2023, 5, 8),
        removed=None,
        divisions=_ALL,
        citation=_proclaimed("extra bank holiday, 8 May 2023"),
    ),
    OneOffChange(
        "World Cup bank holiday (Scotland)",
        added=dt.date(2026, 6, 15),
        removed=None,
        divisions=frozenset({Division.SCOTLAND}),
        citation=_proclaimed("Scotland only; proclaimed 4 February 2026"),
    ),
)
"""Every one-off or moved bank holiday since 2012, as data.

:meta hide-value:
"""

REGULAR_RULES = cite(
    BANKING_AND_FINANCIAL_DEALINGS_ACT_1971,
    "Schedule 1",
    P,
    "regular bank holidays and substitute days",
)


def _check_year(year: int) -> None:
    if isinstance(year, bool) or not isinstance(year, int):
        raise InvalidTypeError("bank_holidays", "year", "expected an int")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarRangeError(
            f"year {year} is outside the supported range {FIRST_YEAR}-{LAST_YEAR} "
            f"(confirmed by gov.uk to {LAST_CONFIRMED_YEAR})"
        )


def is_provisional(year: int) -> bool:
    """Whether ``year``'s bank holidays are computed but not yet confirmed by gov.uk."""
    return year > LAST_CONFIRMED_YEAR


def depends_on_provisional(start: dt.date, end: dt.date) -> bool:
    """Whether any day between ``start`` and ``end`` (inclusive, either order) is in a
    provisional year, so that a result computed over the span may change."""
    return is_provisional(max(start, end).year)


def _nth_weekday(year: int, month: int, which: int) -> dt.date:
    """The first (``which=1``) or last (``which=-1``) Monday of a month."""
    if which == 1:
        return dt.date(year, month, 1) + relativedelta(weekday=MO(1))
    return dt.date(year, month, 1) + relativedelta(day=31, weekday=MO(-1))


@functools.cache
def _computed(year: int, division: Division) -> tuple[dt.date, ...]:
    easter_sunday = easter(year)
    floating = [easter_sunday - dt.timedelta(days=2), _nth_weekday(year, 5, 1)]
    floating.append(_nth_weekday(year, 5, -1))  # Spring bank holiday
    fixed = [dt.date(year, 1, 1), dt.date(year, 12, 25), dt.date(year, 12, 26)]
    if division is Division.SCOTLAND:
        floating.append(_nth_weekday(year, 8, 1))  # first Monday in August
        fixed += [dt.date(year, 1, 2), dt.date(year, 11, 30)]  # 2 January, St Andrew's Day
    else:
        floating += [easter_sunday + dt.timedelta(days=1), _nth_weekday(year, 8, -1)]
    if division is Division.NORTHERN_IRELAND:
        fixed += [dt.date(year, 3, 17), dt.date(year, 7, 12)]  # St Patrick's, Battle of the Boyne
    changes = [c for c in ONE_OFF_CHANGES if c.added.year == year and division in c.divisions]
    removed = {c.removed for c in changes}
    holidays = {day for day in floating if day not in removed}
    holidays |= {c.added for c in changes}
    holidays |= {day for day in fixed if day.weekday() < 5}
    for day in sorted(d for d in fixed if d.weekday() >= 5):
        substitute = day
        while substitute.weekday() >= 5 or substitute in holidays:
            substitute += dt.timedelta(days=1)
        holidays.add(substitute)
    return tuple(sorted(holidays))


def bank_holidays(year: int, division: Division, *, strict: bool = False) -> tuple[dt.date, ...]:
    """The bank holidays of ``year`` in ``division``, sorted, as gov.uk lists them.

    With ``strict=True`` a provisional year raises
    :class:`~nrm_core.ProvisionalCalendarError`.
    """
    _check_year(year)
    if not isinstance(division, Division):
        raise InvalidTypeError("bank_holidays", "division", "expected a Division")
    if strict and is_provisional(year):
        raise ProvisionalCalendarError(
            f"bank holidays for {year} are not confirmed by gov.uk (confirmed to "
            f"{LAST_CONFIRMED_YEAR}); strict mode refuses provisional years"
        )
    return _computed(year, division)


def _supported(day: dt.date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def _closures_in_range(
    instance: object, attribute: attrs.Attribute[frozenset[dt.date]], value: frozenset[dt.date]
) -> None:
    frozenset_of(dt.date, "a datetime.date")(instance, attribute, value)
    if any(isinstance(d, dt.datetime) or not _supported(d) for d in value):
        raise InvalidValueError(
            "WorkingCalendar",
            "closures",
            f"every closure must be a date in {FIRST_YEAR}-{LAST_YEAR}",
        )


@attrs.frozen
class WorkingCalendar:
    """A division's calendar, optionally with a council's own closure days and strictness.

    ``closures`` are extra non-working days (for example a council's
    Christmas closure); ``strict`` makes any calculation that touches a
    provisional year raise :class:`~nrm_core.ProvisionalCalendarError`.

    >>> import datetime as dt
    >>> from nrm_core.calendar import Division, WorkingCalendar
    >>> council = WorkingCalendar(Division.ENGLAND_AND_WALES,
    ...                           closures=[dt.date(2026, 12, 29), dt.date(2026, 12, 30)])
    >>> council.add_working_days(dt.date(2026, 12, 24), 1)
    datetime.date(2026, 12, 31)
    """

    division: Division = attrs.field(validator=enum_member(Division))
    closures: frozenset[dt.date] = attrs.field(
        kw_only=True, default=frozenset(), converter=to_frozenset, validator=_closures_in_range
    )
    strict: bool = attrs.field(kw_only=True, default=False, validator=is_bool)
    name: str | None = attrs.field(kw_only=True, default=None, validator=optional_str)
    # Caches, not part of the value: the calendar's tables, and (unless strict) the
    # lookups of the constant-time path of add_working_days.
    _tables: _Table | None = attrs.field(
        init=False, default=None, eq=False, hash=False, repr=False, alias="_tables"
    )
    _lookups: tuple[array.array[int], list[dt.date], int, int] | None = attrs.field(
        init=False, default=None, eq=False, hash=False, repr=False, alias="_lookups"
    )

    def _table(self) -> _Table:
        table = self._tables
        if table is None:
            table = _table(self.division, self.closures)
            object.__setattr__(self, "_tables", table)
            if not self.strict:
                lookups = (table.counts, table.days, len(table.counts), len(table.days))
                object.__setattr__(self, "_lookups", lookups)
        return table

    def _check(self, *days: dt.date) -> None:
        for day in days:
            if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
                raise InvalidTypeError("WorkingCalendar", "day", "expected a datetime.date")
            if not _supported(day):
                raise CalendarRangeError(
                    f"{day.isoformat()} is outside the supported years {FIRST_YEAR}-{LAST_YEAR}"
                )
        if self.strict and days and depends_on_provisional(min(days), max(days)):
            raise ProvisionalCalendarError(
                f"the calculation reaches {max(days).year}, whose bank holidays are not "
                f"confirmed by gov.uk (confirmed to {LAST_CONFIRMED_YEAR}); strict mode refuses it"
            )

    def is_working_day(self, day: dt.date) -> bool:
        """Monday to Friday, not a bank holiday and not a closure day."""
        self._check(day)
        return day.weekday() < 5 and not self._table().is_closed(day.toordinal())

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day strictly after ``start`` (before it, for ``n < 0``)."""
        # The common case in constant time: two lookups in the calendar's tables. Anything
        # else (other types, strict mode, the ends of the range) takes the checked path.
        lookups = self._lookups
        if lookups is not None and type(start) is dt.date and type(n) is int:
            counts, days, last_index, last_target = lookups
            index = start.toordinal() - _EPOCH
            if 0 < index < last_index:
                target = counts[index] + n if n >= 0 else counts[index - 1] + n + 1
                if n and 0 < target < last_target:
                    return days[target]
        return self._add_working_days(start, n)

    def _add_working_days(self, start: dt.date, n: int) -> dt.date:
        if isinstance(n, bool) or not isinstance(n, int):
            raise InvalidTypeError("add_working_days", "n", "expected an int")
        self._check(start)
        if n == 0:
            return start
        table = self._table()
        origin = start.toordinal()
        if n > 0:
            target = table.working_count(origin) + n
        else:
            target = table.working_count(origin - 1) + n + 1
            if target < 1:
                raise CalendarRangeError(f"the result is before {FIRST_YEAR}-01-01")
        if target >= len(table.days):
            raise CalendarRangeError(
                f"the result is after {LAST_YEAR}-12-31, outside the supported years "
                f"{FIRST_YEAR}-{LAST_YEAR}"
            )
        result = table.days[target]
        self._check(start, result)
        return result

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """The number of working days ``d`` with ``start < d <= end`` (negative if end < start)."""
        self._check(start, end)
        table = self._table()
        return table.working_count(end.toordinal()) - table.working_count(start.toordinal())


_EPOCH = dt.date(FIRST_YEAR, 1, 1).toordinal() - 1  # the day before the supported range


class _Table:
    """A calendar as tables, so that working-day arithmetic is a lookup.

    ``counts[i]`` is the number of working days among the first ``i`` days of the
    supported range (``counts[0]`` is 0), and ``days[k]`` the k-th working day
    (``days[0]`` is unused): about 33,000 and 23,000 entries, some 1.3 MB per calendar.
    """

    def __init__(self, closed: Iterable[dt.date]) -> None:
        self.closed = frozenset(d.toordinal() for d in closed)
        self.counts = array.array("i", [0])
        self.days: list[dt.date] = [dt.date(FIRST_YEAR, 1, 1)]  # placeholder for index 0
        count = 0
        for ordinal in range(_EPOCH + 1, dt.date(LAST_YEAR, 12, 31).toordinal() + 1):
            if (ordinal - 1) % 7 < 5 and ordinal not in self.closed:  # ordinal 1: Monday
                count += 1
                self.days.append(dt.date.fromordinal(ordinal))
            self.counts.append(count)

    def is_closed(self, ordinal: int) -> bool:
        return ordinal in self.closed

    def working_count(self, ordinal: int) -> int:
        """Working days from the start of the range to ``ordinal`` (a day in the range,
        or the day before it)."""
        return self.counts[ordinal - _EPOCH]


@functools.lru_cache(maxsize=16)  # bounded: a council's closure sets are few
def _table(division: Division, closures: frozenset[dt.date]) -> _Table:
    days: list[dt.date] = list(closures)
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        days.extend(_computed(year, division))
    return _Table(days)


_BY_VALUE: dict[str, WorkingCalendar] = {
    division.value: WorkingCalendar(division) for division in Division
}
_SHARED: dict[int, WorkingCalendar] = {
    id(calendar.division): calendar for calendar in _BY_VALUE.values()
}
"""One calendar per division for the functions given a :class:`Division` (its tables built on
first use, then kept), found by the member's identity (an enum member's own hash is computed
in Python, slower than the lookup it guards), else by its value: a ``Division`` from another
load of this module (``importlib.reload``) is another object."""


def _calendar(calendar: Division | WorkingCalendar) -> WorkingCalendar:
    shared = _SHARED.get(id(calendar))
    if shared is not None:
        return shared
    if isinstance(calendar, WorkingCalendar):
        return calendar
    if isinstance(calendar, enum.Enum) and type(calendar).__qualname__ == Division.__qualname__:
        shared = _BY_VALUE.get(calendar.value)
        if shared is not None:
            return shared
    raise InvalidTypeError("calendar", "calendar", "expected a Division or a WorkingCalendar")


def is_bank_holiday(day: dt.date, division: Division) -> bool:
    """Whether ``day`` is a bank holiday (as gov.uk lists them) in ``division``.

    >>> import datetime as dt
    >>> from nrm_core.calendar import Division, is_bank_holiday
    >>> is_bank_holiday(dt.date(2026, 11, 30), Division.SCOTLAND)  # St Andrew's Day
    True
    """
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        raise InvalidTypeError("is_bank_holiday", "day", "expected a datetime.date")
    if not isinstance(division, Division):
        raise InvalidTypeError(
            "is_bank_holiday",
            "division",
            "expected a Division (e.g. Division.for_nation(nation)), "
            f"got a {type(division).__name__}",
        )
    _check_year(day.year)
    return day in _computed(day.year, division)


def is_working_day(day: dt.date, calendar: Division | WorkingCalendar) -> bool:
    """Monday to Friday and not a bank holiday (or closure day) in ``calendar``."""
    return _calendar(calendar).is_working_day(day)


def add_working_days(start: dt.date, n: int, calendar: Division | WorkingCalendar) -> dt.date:
    """The n-th working day strictly after ``start`` (``n < 0``: before; ``n == 0``: ``start``).

    >>> import datetime as dt
    >>> from nrm_core.calendar import Division, add_working_days
    >>> add_working_days(dt.date(2026, 3, 2), 5, Division.ENGLAND_AND_WALES)
    datetime.date(2026, 3, 9)
    >>> add_working_days(dt.date(2026, 3, 7), -1, Division.ENGLAND_AND_WALES)  # a Saturday
    datetime.date(2026, 3, 6)
    """
    return _calendar(calendar).add_working_days(start, n)


def working_days_between(start: dt.date, end: dt.date, calendar: Division | WorkingCalendar) -> int:
    """The number of working days ``d`` with ``start < d <= end``.

    >>> import datetime as dt
    >>> from nrm_core.calendar import Division, working_days_between
    >>> working_days_between(dt.date(2026, 12, 24), dt.date(2026, 12, 31),
    ...                      Division.ENGLAND_AND_WALES)
    3
    """
    return _calendar(calendar).working_days_between(start, end)
