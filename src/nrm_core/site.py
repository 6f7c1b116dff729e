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
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from nrm_core._validate import (
    enum_member,
    identifier,
    instance_of,
    non_empty_str,
    optional_str,
    owner_name,
    to_tuple,
    tuple_of,
)
from nrm_core.authority import gss_code
from nrm_core.dateranges import DateRange
from nrm_core.errors import InvalidValueError
from nrm_core.nations import Nation

__all__ = ["MemberRole", "Site", "SiteKind", "SiteMember"]


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
    start_window: DateRange | None = attrs.field(
        kw_only=True,
        default=None,
        validator=attrs.validators.optional(instance_of(DateRange, "a DateRange")),
    )
    """When the start is known only roughly ("between February and April 2023", "autumn
    2025"): the days it may fall on. ``operating`` starts on the first of them; routing adds
    a note to referrals in the window instead of treating the start as certain. ``None``:
    the start day is known."""
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
    def start_approximate(self) -> bool:
        """Whether the start day is only known roughly (see :attr:`start_window`)."""
        return self.start_window is not None

    def __attrs_post_init__(self) -> None:
        window = self.start_window
        if window is not None and (window.start != self.operating.start or window.end is None):
            raise InvalidValueError(
                owner_name(self),
                "start_window",
                "must start on the day the site's operating range starts, and end",
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
