"""One rules context: everything a decision depends on, in one value.

A :class:`Rules` holds the :class:`~nrm_core.Policy` (every effective-dated,
cited parameter), the authority register, the pilot-site registry and the
working-day calendars (with a council's own closure days). Routing, the
lifecycle's guards, deadlines, panel checks, validation, statistics and the
command line all read the rules from this one object: a function takes
``rules=None`` (meaning :meth:`Rules.bundled`), and a :class:`~nrm_core.Case`
carries its rules, so a council's configured rules are never silently
replaced by the library's.

>>> import datetime as dt
>>> from nrm_core import Citation, Rules
>>> rules = Rules.bundled()
>>> rules
Rules(policy: bundled; 218 authorities; 20 sites; 3 calendars)
>>> citation = rules.policy.panel_quorum.values[0].citation
>>> local = rules.with_value("panel_quorum", 4, citation)
>>> local.policy.panel_quorum.value_at(dt.date(2026, 1, 1))
4
>>> str(local.policy.panel_quorum.at(dt.date(2026, 1, 1)).citation).count("local override")
1
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

import attrs

from nrm_core._doc import Documented
from nrm_core._validate import instance_of
from nrm_core.calendar import Division, WorkingCalendar
from nrm_core.checks import Citation
from nrm_core.errors import InvalidTypeError, InvalidValueError
from nrm_core.nations import Nation
from nrm_core.policy import Policy
from nrm_core.registry import AuthorityRegister, SiteRegistry

__all__ = ["Rules", "resolve"]


def _calendars(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(c, WorkingCalendar) for c in value):
        raise InvalidTypeError("Rules", "calendars", "expected a tuple of WorkingCalendar")
    divisions = sorted((c.division for c in value), key=lambda d: d.value)
    if divisions != sorted(Division, key=lambda d: d.value):
        raise InvalidValueError(
            "Rules", "calendars", "expected exactly one calendar for each bank-holiday division"
        )


@attrs.frozen(repr=False)
class Rules(metaclass=Documented):
    """The policy, registers and calendars every decision is made with.

    Start from :meth:`bundled` and derive your own with the ``with_...`` methods;
    each returns a new value.
    """

    policy: Policy = attrs.field(validator=instance_of(Policy, "a Policy"))
    authorities: AuthorityRegister = attrs.field(
        validator=instance_of(AuthorityRegister, "an AuthorityRegister"), kw_only=True
    )
    sites: SiteRegistry = attrs.field(
        validator=instance_of(SiteRegistry, "a SiteRegistry"), kw_only=True
    )
    calendars: tuple[WorkingCalendar, ...] = attrs.field(validator=_calendars, kw_only=True)
    """One :class:`~nrm_core.calendar.WorkingCalendar` per bank-holiday division."""

    def __repr__(self) -> str:
        policy = repr(self.policy)[len("Policy(") : -1].split(", ", 1)[-1]
        closures = sum(len(c.closures) for c in self.calendars)
        extra = f" ({closures} closure days)" if closures else ""
        return (
            f"Rules(policy: {policy}; {len(self.authorities)} authorities; "
            f"{len(self.sites.sites)} sites; {len(self.calendars)} calendars{extra})"
        )

    @classmethod
    def bundled(cls) -> Rules:
        """The rules shipped with nrm_core: bundled policy, registers and gov.uk calendars."""
        return _bundled()

    def calendar(self, division: Division) -> WorkingCalendar:
        """The working calendar of ``division`` (with any closure days you added)."""
        for calendar in self.calendars:
            if calendar.division is division:
                return calendar
        raise InvalidTypeError("Rules.calendar", "division", "expected a Division")

    def calendar_for(self, nation: Nation) -> WorkingCalendar:
        """The working calendar of the bank-holiday division ``nation`` is in."""
        return self.calendar(Division.for_nation(nation))

    def with_policy(self, policy: Policy) -> Rules:
        """A copy with another policy."""
        return attrs.evolve(self, policy=policy)

    def with_value(
        self, name: str, value: Any, citation: Citation, *, valid_from: dt.date | None = None
    ) -> Rules:
        """A copy whose policy parameter ``name`` takes ``value``.

        See :meth:`Policy.with_value <nrm_core.Policy.with_value>`.
        """
        return self.with_policy(
            self.policy.with_value(name, value, citation, valid_from=valid_from)
        )

    def with_overrides(self, path: str | Path) -> Rules:
        """A copy with a local policy file's values (see :meth:`Policy.with_overrides`)."""
        return self.with_policy(self.policy.with_overrides(path))

    def with_sites(self, sites: SiteRegistry) -> Rules:
        """A copy with another site registry (merge your own first, with
        :meth:`~nrm_core.SiteRegistry.merged`, to keep the bundled sites)."""
        return attrs.evolve(self, sites=sites)

    def with_authorities(self, authorities: AuthorityRegister) -> Rules:
        """A copy with another authority register."""
        return attrs.evolve(self, authorities=authorities)

    def with_calendar(self, calendar: WorkingCalendar) -> Rules:
        """A copy in which ``calendar`` (e.g. with closure days) replaces its division's."""
        if not isinstance(calendar, WorkingCalendar):
            raise InvalidTypeError("Rules.with_calendar", "calendar", "expected a WorkingCalendar")
        calendars = tuple(
            calendar if c.division is calendar.division else c for c in self.calendars
        )
        return attrs.evolve(self, calendars=calendars)


@functools.cache
def _bundled() -> Rules:
    return Rules(
        Policy.bundled(),
        authorities=AuthorityRegister.bundled(),
        sites=SiteRegistry.bundled(),
        calendars=tuple(WorkingCalendar(division) for division in Division),
    )


def resolve(rules: Rules | None, where: str) -> Rules:
    """``rules``, or the bundled rules when it is ``None`` (never for any other falsy value).

    ``where`` names the calling function in the error raised for a wrong type.
    """
    if rules is None:
        return _bundled()
    if not isinstance(rules, Rules):
        raise InvalidTypeError(where, "rules", f"expected a Rules, got a {type(rules).__name__}")
    return rules
