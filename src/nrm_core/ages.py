"""Ages and birthdays, counted as UK law counts them.

* A person attains an age at the **start** of the relevant birthday: Family
  Law Reform Act 1969 s.9 (England and Wales, from 1 January 1970), Age of
  Majority Act (Northern Ireland) 1969 s.5(1), Age of Legal Capacity
  (Scotland) Act 1991 s.6.
* A person is a **child** (under 18) on every day strictly before their 18th
  birthday.
* **29 February.** In a common year the birthday of someone born on
  29 February falls on 1 March in Scotland (Age of Legal Capacity (Scotland)
  Act 1991 s.6, text not yet verified by the project: brief Q18). For England,
  Wales and Northern Ireland the statute is silent and commentators disagree;
  nrm_core defaults to 1 March there too. This is a **configurable policy
  choice**: pass ``leap_day=LeapDayRule.FEBRUARY_28`` to use 28 February.

>>> import datetime as dt
>>> from nrm_core import Nation, eighteenth_birthday, age_on, is_child_on
>>> eighteenth_birthday(dt.date(2008, 2, 29), Nation.SCOTLAND)
datetime.date(2026, 3, 1)
>>> age_on(dt.date(2008, 5, 1), dt.date(2026, 4, 30), Nation.ENGLAND)
17
>>> is_child_on(dt.date(2008, 5, 1), dt.date(2026, 5, 1), Nation.ENGLAND)
False
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from types import MappingProxyType

from nrm_core._sources import (
    AGE_OF_LEGAL_CAPACITY_SCOTLAND_1991,
    AGE_OF_MAJORITY_NI_1969,
    FLRA_1969,
    POLLARD_2020,
    SECONDARY,
    U,
    cite,
)
from nrm_core.citations import Citation
from nrm_core.errors import InvalidTypeError, InvalidValueError
from nrm_core.nations import Nation

__all__ = [
    "AGE_OF_MAJORITY",
    "LEAP_DAY_DEFAULTS",
    "LeapDayRule",
    "age_on",
    "birthday_in",
    "eighteenth_birthday",
    "is_child_on",
]

AGE_OF_MAJORITY = 18
"""A child is a person under 18 (MSA 2015 s.51; FLRA 1969 s.1)."""


class LeapDayRule(enum.Enum):
    """Which day a 29 February birthday falls on in a common year."""

    MARCH_1 = "march-1"
    FEBRUARY_28 = "february-28"


LEAP_DAY_DEFAULTS: Mapping[Nation, tuple[LeapDayRule, Citation]] = MappingProxyType(
    {
        Nation.SCOTLAND: (
            LeapDayRule.MARCH_1,
            cite(
                AGE_OF_LEGAL_CAPACITY_SCOTLAND_1991,
                "s.6",
                U,
                "s.6 text not retrieved by the project (brief Q18)",
            ),
        ),
        Nation.ENGLAND: (
            LeapDayRule.MARCH_1,
            cite(
                FLRA_1969,
                "s.9",
                SECONDARY,
                "statute silent on 29 February; commentators disagree; configurable default",
            ),
        ),
        Nation.WALES: (
            LeapDayRule.MARCH_1,
            cite(
                FLRA_1969,
                "s.9",
                SECONDARY,
                "statute silent on 29 February; commentators disagree; configurable default",
            ),
        ),
        Nation.NORTHERN_IRELAND: (
            LeapDayRule.MARCH_1,
            cite(
                AGE_OF_MAJORITY_NI_1969,
                "s.5(1)",
                SECONDARY,
                "statute silent on 29 February; configurable default",
            ),
        ),
    }
)
"""The default 29 February rule per nation, with its citation."""

ATTAINMENT_CITATION = cite(
    POLLARD_2020,
    "FLRA 1969 s.9; AMA (NI) 1969 s.5(1)",
    SECONDARY,
    "an age is attained at the start of the birthday",
)


def _check_date(function: str, name: str, value: object) -> None:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidTypeError(function, name, "expected a datetime.date")


def birthday_in(
    year: int, date_of_birth: dt.date, nation: Nation, *, leap_day: LeapDayRule | None = None
) -> dt.date:
    """The birthday (anniversary of ``date_of_birth``) in ``year``.

    >>> birthday_in(2027, dt.date(2008, 2, 29), Nation.ENGLAND, leap_day=LeapDayRule.FEBRUARY_28)
    datetime.date(2027, 2, 28)
    """
    _check_date("birthday_in", "date_of_birth", date_of_birth)
    if not isinstance(nation, Nation):
        raise InvalidTypeError("birthday_in", "nation", "expected a Nation")
    try:
        return date_of_birth.replace(year=year)
    except ValueError:  # 29 February in a common year
        rule = leap_day if leap_day is not None else LEAP_DAY_DEFAULTS[nation][0]
        if rule is LeapDayRule.MARCH_1:
            return dt.date(year, 3, 1)
        return dt.date(year, 2, 28)


def eighteenth_birthday(
    date_of_birth: dt.date, nation: Nation, *, leap_day: LeapDayRule | None = None
) -> dt.date:
    """The day the person turns 18; they are no longer a child from this day."""
    return birthday_in(
        date_of_birth.year + AGE_OF_MAJORITY, date_of_birth, nation, leap_day=leap_day
    )


def age_on(
    date_of_birth: dt.date, on: dt.date, nation: Nation, *, leap_day: LeapDayRule | None = None
) -> int:
    """Age in whole years on the day ``on`` (an age is attained at the start of the birthday)."""
    _check_date("age_on", "on", on)
    _check_date("age_on", "date_of_birth", date_of_birth)
    if on < date_of_birth:
        raise InvalidValueError("age_on", "on", "is before the date of birth")
    years = on.year - date_of_birth.year
    if on < birthday_in(on.year, date_of_birth, nation, leap_day=leap_day):
        years -= 1
    return years


def is_child_on(
    date_of_birth: dt.date, on: dt.date, nation: Nation, *, leap_day: LeapDayRule | None = None
) -> bool:
    """Whether the person is under 18 on ``on`` (``False`` from the 18th birthday)."""
    _check_date("is_child_on", "on", on)
    return on < eighteenth_birthday(date_of_birth, nation, leap_day=leap_day)
