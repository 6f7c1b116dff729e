"""Pilot sites: the local areas whose multi-agency panels make NRM decisions.

A :class:`Site` is one pilot site: a single authority, a consortium (a lead
authority and partners), or a whole nation (Northern Ireland joined in 2025 as
one site delivered by its Health and Social Care Trusts). Each member has the
dates it was a member; the site has the dates it operated.

>>> import datetime as dt
>>> from nrm_core import Nation
>>> from nrm_core.dateranges import DateRange
>>> from nrm_core.site import MemberRole, Site, SiteMember
>>> islington = Site(
...     "P1-05", name="Islington (joint with Camden)", nation=Nation.ENGLAND,
...     operating=DateRange(dt.date(2021, 6, 14)),
...     members=(SiteMember("E09000019", role=MemberRole.LEAD),
...              SiteMember("E09000007", role=MemberRole.PARTNER)),
... )
>>> islington.kind
<SiteKind.CONSORTIUM: 'consortium'>
>>> islington.has_member("E09000007", dt.date(2022, 1, 1))
True
>>> islington.has_member("E09000007", dt.date(2021, 1, 1))
False

A start that the sources give only as a period keeps that precision
(:class:`StartPeriod`): the register never turns "autumn 2025" into a date.

>>> from nrm_core.site import StartPeriod
>>> autumn = StartPeriod.parse("2025-autumn")
>>> autumn.precision, autumn.first_day, autumn.last_day
(<StartPrecision.SEASON: 'season'>, datetime.date(2025, 9, 1), datetime.date(2025, 11, 30))
"""

from __future__ import annotations

import datetime as dt
import enum
import re

import attrs

from nrm_core._validate import (
    check_printable,
    enum_member,
    identifier,
    instance_of,
    non_empty_str,
    optional_str,
    owner_name,
    parse_day,
    to_tuple,
    tuple_of,
)
from nrm_core.authority import gss_code
from nrm_core.dateranges import DateRange
from nrm_core.errors import InvalidValueError
from nrm_core.nations import Nation

__all__ = ["MemberRole", "Site", "SiteKind", "SiteMember", "StartPeriod", "StartPrecision"]


class MemberRole(enum.Enum):
    """A member authority's role in its site."""

    LEAD = "lead"
    PARTNER = "partner"
    NATIONAL = "national"
    """The whole nation is the site (Northern Ireland, delivered by the HSC Trusts)."""


class SiteKind(enum.Enum):
    """The shape of a site, derived from its members."""

    SINGLE_AUTHORITY = "single-authority"
    CONSORTIUM = "consortium"
    WHOLE_NATION = "whole-nation"


class StartPrecision(enum.Enum):
    """How precisely a source gives the day a site started taking cases."""

    DAY = "day"
    """The day itself (``2023-03-01``)."""
    MONTH = "month"
    """A month (``2021-06``)."""
    MONTHS = "months"
    """Between two months (``2023-02..2023-04``: "between February and April 2023")."""
    QUARTER = "quarter"
    """A quarter of a year (``2025-Q3``)."""
    SEASON = "season"
    """A meteorological season (``2025-autumn``: September to November)."""
    YEAR = "year"
    """A year (``2025``)."""


_SEASONS = {"spring": (3, 6), "summer": (6, 9), "autumn": (9, 12), "winter": (12, 15)}
"""Meteorological seasons: first month and the month after the last (15 = March next year)."""
START_FORMS = (
    "YYYY-MM-DD, YYYY-MM, YYYY-MM..YYYY-MM (between two months), YYYY-Qn (a quarter), "
    "YYYY-spring|summer|autumn|winter, or YYYY"
)
"""The ways a site's start may be written (in the register's files)."""


def _month(year: int, month: int) -> dt.date:
    """The first day of ``month`` (which may run past 12 into the next years)."""
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _period(text: str) -> tuple[StartPrecision, dt.date, dt.date]:
    """The precision of a start as written, its first possible day and the day after its last."""
    day = re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text)
    if day:
        first = parse_day(text)
        return StartPrecision.DAY, first, first + dt.timedelta(days=1)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}", text):
        first = dt.date.fromisoformat(text + "-01")
        return StartPrecision.MONTH, first, _month(first.year, first.month + 1)
    ranged = re.fullmatch(r"([0-9]{4})-([0-9]{2})\.\.([0-9]{4})-([0-9]{2})", text)
    if ranged:
        y1, m1, y2, m2 = (int(part) for part in ranged.groups())
        if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
            raise ValueError("month must be in 1..12")
        first, last = _month(y1, m1), _month(y2, m2)
        if last < first:
            raise ValueError("the range ends before it starts")
        return StartPrecision.MONTHS, first, _month(y2, m2 + 1)
    quarter = re.fullmatch(r"([0-9]{4})-q([1-4])", text)
    if quarter:
        year, number = int(quarter.group(1)), int(quarter.group(2))
        return StartPrecision.QUARTER, _month(year, 3 * number - 2), _month(year, 3 * number + 1)
    season = re.fullmatch(r"([0-9]{4})-(spring|summer|autumn|winter)", text)
    if season:
        year, (first_month, after) = int(season.group(1)), _SEASONS[season.group(2)]
        return StartPrecision.SEASON, _month(year, first_month), _month(year, after)
    if re.fullmatch(r"[0-9]{4}", text):
        return StartPrecision.YEAR, dt.date(int(text), 1, 1), dt.date(int(text) + 1, 1, 1)
    raise ValueError(f"site start {text[:40]!r} is not one of {START_FORMS}")


@attrs.frozen
class StartPeriod:
    """When a site started taking cases, as precisely as its source gives it.

    ``given`` is the start as written in the register (``"2025-autumn"``), ``precision``
    what it names, and ``window`` every day the start may fall on (half-open, as every
    range in nrm_core). Only a :attr:`StartPrecision.DAY` start is :attr:`exact`; any
    other is a period the register keeps as it was given. Which day of the period routing
    reads as the start is the policy's choice (``site_start_reading``: its first day by
    default), and every answer that depends on it says so.

    >>> from nrm_core.site import StartPeriod
    >>> march = StartPeriod.parse("2023-02..2023-04")
    >>> str(march.window), march.exact
    ('[2023-02-01, 2023-05-01)', False)
    """

    given: str = attrs.field(validator=non_empty_str)
    precision: StartPrecision = attrs.field(kw_only=True, validator=enum_member(StartPrecision))
    window: DateRange = attrs.field(kw_only=True, validator=instance_of(DateRange, "a DateRange"))

    def __attrs_post_init__(self) -> None:
        if self.window.start is None or self.window.end is None:
            raise InvalidValueError(owner_name(self), "window", "must have a start and an end")

    @classmethod
    def parse(cls, text: str) -> StartPeriod:
        """The start written as ``text`` (see :data:`START_FORMS`); ``ValueError`` naming the
        forms when it is none of them or not a calendar date."""
        if not isinstance(text, str):
            raise ValueError(f"site start must be text in one of the forms {START_FORMS}")
        given = text.strip()
        try:
            precision, first, after = _period(given.lower())
        except ValueError as error:
            if "is not one of" in str(error):
                raise
            raise ValueError(f"site start {given[:40]!r} is not a valid date: {error}") from None
        return cls(given, precision=precision, window=DateRange(first, after))

    @property
    def exact(self) -> bool:
        """Whether the start day itself is known."""
        return self.precision is StartPrecision.DAY

    @property
    def first_day(self) -> dt.date:
        """The earliest day the site may have started."""
        assert self.window.start is not None  # checked at construction
        return self.window.start

    @property
    def last_day(self) -> dt.date:
        """The latest day the site may have started."""
        last = self.window.last_day
        assert last is not None  # checked at construction
        return last

    def not_before(self, day: dt.date) -> StartPeriod:
        """The same period with no day before ``day`` (a site cannot start before the pilot)."""
        if self.first_day >= day:
            return self
        if day > self.last_day:
            raise ValueError(f"site start {self.given!r} is before {day.isoformat()}")
        return attrs.evolve(self, window=DateRange(day, self.window.end))

    def __str__(self) -> str:
        if self.exact:
            return self.first_day.isoformat()
        return (
            f"{self.given} (a {self.precision.value}: between {self.first_day.isoformat()} and "
            f"{self.last_day.isoformat()})"
        )


@attrs.frozen
class SiteMember:
    """One authority's membership of a site.

    ``gss_code`` is the authority's GSS code; for a whole-nation site it is the
    ONS country code (Northern Ireland: ``N92000002``), because the HSC Trusts
    that deliver children's social care there have no GSS codes.
    ``membership`` is when the authority was a member (unbounded ends mean
    "for as long as the site operated").
    """

    gss_code: str = attrs.field(validator=gss_code)
    role: MemberRole = attrs.field(kw_only=True, validator=enum_member(MemberRole))
    membership: DateRange = attrs.field(
        kw_only=True, factory=DateRange, validator=instance_of(DateRange, "a DateRange")
    )
    name: str | None = attrs.field(kw_only=True, default=None, validator=optional_str)

    def __attrs_post_init__(self) -> None:
        check_printable(owner_name(self), "name", self.name)


@attrs.frozen
class Site:
    """A pilot site and its member authorities."""

    site_id: str = attrs.field(validator=identifier)
    name: str = attrs.field(kw_only=True, validator=non_empty_str)
    nation: Nation = attrs.field(kw_only=True, validator=enum_member(Nation))
    operating: DateRange = attrs.field(
        kw_only=True, validator=instance_of(DateRange, "a DateRange")
    )
    members: tuple[SiteMember, ...] = attrs.field(
        kw_only=True,
        metadata={"json": {"max_items": 200}},
        converter=to_tuple,
        validator=tuple_of(SiteMember, "a SiteMember", non_empty=True),
    )
    phase: str | None = attrs.field(kw_only=True, default=None, validator=optional_str)
    start_period: StartPeriod | None = attrs.field(
        kw_only=True,
        default=None,
        validator=attrs.validators.optional(instance_of(StartPeriod, "a StartPeriod")),
    )
    """The start as the register was given it, with its precision ("between February and
    April 2023", "autumn 2025"). ``operating`` starts on its first day (the earliest the
    site can have started); which day routing reads as the start is the policy's
    ``site_start_reading``, and routing says when its answer depends on it. ``None``: the
    start day is ``operating.start``, known to the day."""
    source: str | None = attrs.field(kw_only=True, default=None, validator=optional_str)
    """Where the site's details come from (free text, usually URLs)."""
    confidence: str | None = attrs.field(kw_only=True, default=None, validator=optional_str)
    """How sure the register is of this entry (free text, e.g. "high", "medium")."""

    @property
    def short_name(self) -> str:
        """The name up to any bracket, as reports and charts show it beside the site id
        ("Newport City Council (joint with Torfaen, ...)" is "Newport City Council")."""
        return self.name.split(" (")[0]

    @property
    def start_window(self) -> DateRange | None:
        """The days the start may fall on when it is known only as a period (``None``: known
        to the day)."""
        period = self.start_period
        return None if period is None or period.exact else period.window

    @property
    def start_approximate(self) -> bool:
        """Whether the start day is only known as a period (see :attr:`start_period`)."""
        return self.start_window is not None

    def __attrs_post_init__(self) -> None:
        for field in ("name", "phase", "source", "confidence"):
            check_printable(owner_name(self), field, getattr(self, field))
        period = self.start_period
        if period is not None and period.first_day != self.operating.start:
            raise InvalidValueError(
                owner_name(self),
                "start_period",
                "must start on the day the site's operating range starts",
            )
        for index, member in enumerate(self.members):
            if member.gss_code[0] != self.nation.gss_prefix:
                raise InvalidValueError(
                    owner_name(self),
                    f"members[{index}].gss_code",
                    f"belongs to another nation than the site's ({self.nation.value})",
                )
            start = member.membership.start
            if (
                start is not None
                and self.operating.start is not None
                and start < self.operating.start
            ):
                raise InvalidValueError(
                    owner_name(self),
                    f"members[{index}].membership",
                    "starts before the site started operating",
                )
        if self.operating.start is None:
            raise InvalidValueError(owner_name(self), "operating", "must have a start date")

    @property
    def kind(self) -> SiteKind:
        """Single authority, consortium or whole nation (derived from the members)."""
        if any(member.role is MemberRole.NATIONAL for member in self.members):
            return SiteKind.WHOLE_NATION
        if any(member.role is MemberRole.PARTNER for member in self.members):
            return SiteKind.CONSORTIUM
        return SiteKind.SINGLE_AUTHORITY

    def is_operating_on(self, day: dt.date) -> bool:
        """Whether the site was making decisions on ``day``."""
        return day in self.operating

    def members_on(self, day: dt.date) -> tuple[SiteMember, ...]:
        """The members on ``day`` (none if the site was not operating)."""
        if not self.is_operating_on(day):
            return ()
        return tuple(member for member in self.members if day in member.membership)

    def has_member(self, code: str, day: dt.date) -> bool:
        """Whether the authority ``code`` was a member of the operating site on ``day``."""
        return any(member.gss_code == code for member in self.members_on(day))
