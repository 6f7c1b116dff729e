"""Ages and birthdays, counted as UK law counts them.

* A person attains an age at the **start** of the relevant birthday: Family
  Law Reform Act 1969 s.9 (England and Wales, from 1 January 1970), Age of
  Majority Act (Northern Ireland) 1969 s.5(1), Age of Legal Capacity
  (Scotland) Act 1991 s.6.
* A person is a **child** (under 18) on every day strictly before their 18th
  birthday.
* **29 February.** In a common year the birthday of someone born on
  29 February falls on the day the rules' ``leap_day_birthday`` parameter
  says for the nation, looked up on 28 February of that year. The bundled
  default is 1 March everywhere (for Scotland from the Age of Legal Capacity
  (Scotland) Act 1991 s.6; for England, Wales and Northern Ireland the statutes
  are silent). It is a **configurable policy choice**: pass ``rules`` with
  another value.

>>> import datetime as dt
>>> from nrm_core.ages import eighteenth_birthday, age_on, is_child_on
>>> from nrm_core import Nation
>>> eighteenth_birthday(dt.date(2008, 2, 29), Nation.SCOTLAND)
datetime.date(2026, 3, 1)
>>> age_on(dt.date(2008, 5, 1), dt.date(2026, 4, 30), Nation.ENGLAND)
17
>>> is_child_on(dt.date(2008, 5, 1), dt.date(2026, 5, 1), Nation.ENGLAND)
False
"""

from __future__ import annotations

import datetime as dt

from nrm_core._sources import POLLARD_2020, SECONDARY, cite
from nrm_core._validate import check_day
from nrm_core.checks import Citation
from nrm_core.errors import InvalidTypeError, InvalidValueError
from nrm_core.nations import Nation
from nrm_core.policy import LeapDayRule
from nrm_core.rules import Rules, resolve

__all__ = [
    "AGE_OF_MAJORITY",
    "age_on",
    "birthday_in",
    "eighteenth_birthday",
    "is_child_on",
    "leap_day_rule",
]

AGE_OF_MAJORITY = 18
"""A child is a person under 18 (MSA 2015 s.51; FLRA 1969 s.1)."""

ATTAINMENT_CITATION = cite(
    POLLARD_2020,
    "FLRA 1969 s.9; AMA (NI) 1969 s.5(1)",
    SECONDARY,
    "an age is attained at the start of the birthday",
)


def leap_day_rule(
    year: int, nation: Nation, *, rules: Rules | None = None
) -> tuple[LeapDayRule, Citation]:
    """The 29 February rule in force for ``nation`` in ``year`` (on 28 February), and its source.

    >>> from nrm_core import Nation
    >>> from nrm_core.ages import leap_day_rule
    >>> rule, citation = leap_day_rule(2027, Nation.SCOTLAND)
    >>> rule.value, citation.confidence.value
    ('march-1', 'unverified')
    """
    if not isinstance(nation, Nation):
        raise InvalidTypeError("leap_day_rule", "nation", "expected a Nation")
    value = resolve(rules, "leap_day_rule").policy.leap_day_birthday.at(
        dt.date(year, 2, 28), nation
    )
    return value.value, value.citation


def birthday_in(
    year: int, date_of_birth: dt.date, nation: Nation, *, rules: Rules | None = None
) -> dt.date:
    """The birthday (anniversary of ``date_of_birth``) in ``year``.

    >>> import datetime as dt
    >>> from nrm_core import Nation
    >>> from nrm_core.ages import birthday_in
    >>> birthday_in(2027, dt.date(2008, 2, 29), Nation.ENGLAND)
    datetime.date(2027, 3, 1)
    """
    check_day("birthday_in", "date_of_birth", date_of_birth)
    if not isinstance(nation, Nation):
        raise InvalidTypeError("birthday_in", "nation", "expected a Nation")
    if isinstance(year, bool) or not isinstance(year, int) or not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise InvalidValueError("birthday_in", "year", "must be a whole year from 1 to 9999")
    try:
        return date_of_birth.replace(year=year)
    except ValueError:  # 29 February in a common year
        rule, _ = leap_day_rule(year, nation, rules=rules)
        if rule is LeapDayRule.MARCH_1:
            return dt.date(year, 3, 1)
        return dt.date(year, 2, 28)


def eighteenth_birthday(
    date_of_birth: dt.date, nation: Nation, *, rules: Rules | None = None
) -> dt.date:
    """The day the person turns 18; they are no longer a child from this day."""
    check_day("eighteenth_birthday", "date_of_birth", date_of_birth)
    return birthday_in(date_of_birth.year + AGE_OF_MAJORITY, date_of_birth, nation, rules=rules)


def age_on(
    date_of_birth: dt.date, on: dt.date, nation: Nation, *, rules: Rules | None = None
) -> int:
    """Age in whole years on the day ``on`` (an age is attained at the start of the birthday)."""
    check_day("age_on", "on", on)
    check_day("age_on", "date_of_birth", date_of_birth)
    if on < date_of_birth:
        raise InvalidValueError("age_on", "on", "is before the date of birth")
    years = on.year - date_of_birth.year
    if on < birthday_in(on.year, date_of_birth, nation, rules=rules):
        years -= 1
    return years


def is_child_on(
    date_of_birth: dt.date, on: dt.date, nation: Nation, *, rules: Rules | None = None
) -> bool:
    """Whether the person is under 18 on ``on`` (``False`` from the 18th birthday)."""
    check_day("is_child_on", "on", on)
    return on < eighteenth_birthday(date_of_birth, nation, rules=rules)
