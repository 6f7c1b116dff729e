"""Policy rules as effective-dated, cited data.

A :class:`Parameter` has values over half-open date ranges ``[valid_from,
valid_to)``. Each :class:`ParameterValue` carries a citation whose
:class:`~nrm_core.Confidence` says whether the value was verified in official
text, seen only in a secondary source, or is unverified. Secondary and
unverified values are **defaults**: a :class:`Policy` is an ordinary value, so
a council or analyst can replace any parameter (see :meth:`Parameter.with_value`)
and compare results under both.

Asking for a date before a parameter's first value raises
:class:`~nrm_core.PolicyRangeError`; the latest value of every parameter is
open-ended (it applies until the guidance changes and the data is updated).

>>> import datetime as dt
>>> from nrm_core import Nation
>>> from nrm_core.policy import DEFAULT_POLICY, policy_at
>>> DEFAULT_POLICY.recovery_period.value_at(dt.date(2022, 12, 12))
Duration(amount=45, unit=<DayCount.CALENDAR_DAYS: 'calendar-days'>)
>>> str(DEFAULT_POLICY.recovery_period.value_at(dt.date(2022, 12, 13)))
'30 calendar days'
>>> snapshot = policy_at(dt.date(2026, 3, 2), Nation.WALES)
>>> str(snapshot["reconsideration_window"].value)
'30 calendar days'
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any, Generic, TypeVar

import attrs

from nrm_core._sources import (
    FLEX_TIMELINE,
    FR_GUIDE_2025,
    FR_TOOLKIT_2026,
    MINISTER_EVIDENCE_2023,
    NABA_2022_COMMENCEMENT,
    NRM_LIBRARY,
    PILOT_GENERAL_GUIDANCE,
    RECONSIDERATION_ANNEX_2025,
    SECONDARY,
    SOUTHWELL_2024,
    WMS_2022,
    YJLC_2023,
    YJLC_GUIDANCE_2023,
    P,
    U,
    cite,
)
from nrm_core._validate import (
    enum_member,
    identifier,
    instance_of,
    is_int,
    non_empty_str,
    owner_name,
)
from nrm_core.ages import LEAP_DAY_DEFAULTS, LeapDayRule
from nrm_core.citations import Citation
from nrm_core.dateranges import DateRange
from nrm_core.errors import InvalidTypeError, InvalidValueError, PolicyRangeError
from nrm_core.nations import Nation

__all__ = [
    "DEFAULT_POLICY",
    "NRM_START",
    "PILOT_START",
    "AgeReference",
    "DayCount",
    "Duration",
    "Parameter",
    "ParameterValue",
    "Policy",
    "PolicySnapshot",
    "WorkingDayCalendarRule",
    "policy_at",
]

T = TypeVar("T")

NRM_START = dt.date(2009, 4, 1)
"""The NRM began in April 2009 (the first day of any parameter's known range)."""
NRM_START_CITATION = cite(FLEX_TIMELINE, "timeline", SECONDARY, "the NRM was introduced in 2009")
PILOT_START = dt.date(2021, 6, 14)
"""The devolved decision-making pilot's guidance was published on 14 June 2021."""

ALL_NATIONS: frozenset[Nation] = frozenset(Nation)


class DayCount(enum.Enum):
    """How a period is counted."""

    CALENDAR_DAYS = "calendar-days"
    WORKING_DAYS = "working-days"
    MONTHS = "months"


@attrs.frozen
class Duration:
    """A period: an amount of calendar days, working days or months.

    >>> str(Duration(5, DayCount.WORKING_DAYS))
    '5 working days'
    """

    amount: int = attrs.field(validator=is_int)
    unit: DayCount = attrs.field(validator=enum_member(DayCount))

    def __attrs_post_init__(self) -> None:
        if self.amount < 0:
            raise InvalidValueError(owner_name(self), "amount", "must not be negative")

    def __str__(self) -> str:
        unit = self.unit.value.replace("-", " ")
        if self.amount == 1:
            unit = unit.replace("days", "day").replace("months", "month")
        return f"{self.amount} {unit}"


class AgeReference(enum.Enum):
    """On which date the pilot's age cut-off is measured."""

    REFERRAL_DATE = "referral-date"
    DECISION_DATE = "decision-date"


class WorkingDayCalendarRule(enum.Enum):
    """Which bank-holiday division working-day targets are counted in."""

    DECISION_MAKER = "decision-maker"
    """The SCA's (England and Wales) for the SCA; the site's nation for a pilot panel."""
    ENGLAND_AND_WALES = "england-and-wales"
    """England and Wales for everyone."""


def _citation(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    instance_of(Citation, "a Citation")(instance, attribute, value)


@attrs.frozen
class ParameterValue(Generic[T]):
    """One value of a parameter, in force on the days of ``valid`` in ``nations``."""

    value: T
    valid: DateRange = attrs.field(validator=instance_of(DateRange, "a DateRange"))
    citation: Citation = attrs.field(validator=_citation)
    nations: frozenset[Nation] = attrs.field(default=ALL_NATIONS)

    @property
    def valid_from(self) -> dt.date | None:
        return self.valid.start

    @property
    def valid_to(self) -> dt.date | None:
        """The first day the value no longer applies (``None``: still in force)."""
        return self.valid.end


@attrs.frozen
class Parameter(Generic[T]):
    """A named policy parameter and its values over time.

    For each nation the values' ranges must not overlap.
    """

    key: str = attrs.field(validator=identifier)
    title: str = attrs.field(validator=non_empty_str)
    description: str = attrs.field(validator=non_empty_str)
    values: tuple[ParameterValue[T], ...] = attrs.field()

    @values.validator
    def _check_values(self, attribute: attrs.Attribute[Any], values: object) -> None:
        if not isinstance(values, tuple) or not values:
            raise InvalidTypeError(owner_name(self), "values", "expected a non-empty tuple")
        for index, item in enumerate(values):
            if not isinstance(item, ParameterValue):
                raise InvalidTypeError(
                    owner_name(self), f"values[{index}]", "expected a ParameterValue"
                )
        for nation in Nation:
            ranges = [v.valid for v in values if nation in v.nations]
            for i, first in enumerate(ranges):
                for second in ranges[i + 1 :]:
                    if first.overlaps(second):
                        raise InvalidValueError(
                            owner_name(self),
                            "values",
                            f"{self.key}: ranges {first} and {second} overlap for {nation.value}",
                        )

    def at(self, on: dt.date, nation: Nation | None = None) -> ParameterValue[T]:
        """The value in force on ``on`` (in ``nation``; any nation if ``None``)."""
        if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
            raise InvalidTypeError(f"Parameter({self.key}).at", "on", "expected a datetime.date")
        for value in self.values:
            if on in value.valid and (nation is None or nation in value.nations):
                return value
        known = ", ".join(
            f"{v.valid}" + ("" if v.nations == ALL_NATIONS else f" ({_names(v.nations)})")
            for v in self.values
        )
        where = "" if nation is None else f" in {nation.value}"
        raise PolicyRangeError(
            f"policy parameter {self.key!r} has no value on {on.isoformat()}{where}; "
            f"known ranges: {known}"
        )

    def value_at(self, on: dt.date, nation: Nation | None = None) -> T:
        """Shorthand for ``at(on, nation).value``."""
        return self.at(on, nation).value

    def with_value(
        self, value: T, citation: Citation, *, valid_from: dt.date | None = None
    ) -> Parameter[T]:
        """A copy in which ``value`` applies from ``valid_from`` (or always) onwards.

        Earlier values are kept up to ``valid_from``; use this for what-if
        policies and for local corrections.
        """
        kept: list[ParameterValue[T]] = []
        if valid_from is not None:
            for old in self.values:
                start = old.valid.start
                if start is not None and start >= valid_from:
                    continue
                end = old.valid.end
                if end is None or end > valid_from:
                    old = attrs.evolve(old, valid=DateRange(start, valid_from))
                kept.append(old)
        new = ParameterValue(value, DateRange(valid_from, None), citation)
        return attrs.evolve(self, values=(*kept, new))


def _names(nations: frozenset[Nation]) -> str:
    return ", ".join(sorted(n.value for n in nations))


def _v(value: T, start: dt.date, end: dt.date | None, citation: Citation) -> ParameterValue[T]:
    return ParameterValue(value, DateRange(start, end), citation)


CAL = DayCount.CALENDAR_DAYS
WORK = DayCount.WORKING_DAYS
RECOVERY_REDUCED = dt.date(2022, 12, 13)
NABA_IN_FORCE = dt.date(2023, 1, 30)

_SCA_RG_TARGET: Parameter[Duration] = Parameter(
    "sca_rg_target",
    "SCA Reasonable Grounds target",
    "The SCA aims to make the RG decision within this time of the referral, "
    '"where possible": a target, not a legal limit. Counted from the referral date.',
    (
        _v(
            Duration(5, WORK),
            NRM_START,
            dt.date(2023, 11, 1),
            cite(
                PILOT_GENERAL_GUIDANCE,
                "Introduction",
                U,
                "assumed unchanged before the earliest text the project verified (Nov 2023)",
            ),
        ),
        _v(
            Duration(5, WORK),
            dt.date(2023, 11, 1),
            None,
            cite(PILOT_GENERAL_GUIDANCE, "Introduction; FR Guide 2025 §8", P),
        ),
    ),
)

_PILOT_RG_TIMESCALE: Parameter[Duration] = Parameter(
    "pilot_rg_timescale",
    "Pilot panel Reasonable Grounds timescale",
    "A pilot panel's RG decision should be made no later than this from the referral. "
    "Secondary source only; whether calendar or working days is not known (brief Q1).",
    (
        _v(
            Duration(45, CAL),
            PILOT_START,
            None,
            cite(YJLC_2023, "summary of the pilot guidance", SECONDARY, "brief Q1"),
        ),
    ),
)

_RECOVERY_PERIOD: Parameter[Duration] = Parameter(
    "recovery_period",
    "Recovery period",
    "The minimum recovery period from a positive RG decision, in calendar days. "
    "Not given where a Public Order or bad-faith disqualification applies.",
    (
        _v(
            Duration(45, CAL),
            NRM_START,
            RECOVERY_REDUCED,
            cite(WMS_2022, "statement", P, "45 days since the NRM began in 2009"),
        ),
        _v(
            Duration(30, CAL),
            RECOVERY_REDUCED,
            NABA_IN_FORCE,
            cite(WMS_2022, "statement", P, "minimum 30 days, effective immediately"),
        ),
        _v(
            Duration(30, CAL),
            NABA_IN_FORCE,
            None,
            cite(
                NABA_2022_COMMENCEMENT,
                "reg. 2 (NABA 2022 s.61 in force 30 January 2023)",
                P,
                "at least 30 calendar days (FR Guide 2025 §12); extent outside E&W: brief Q19",
            ),
        ),
    ),
)

_EARLIEST_CG: Parameter[Duration] = Parameter(
    "earliest_cg_after_rg",
    "Earliest SCA Conclusive Grounds decision",
    "The SCA aims to make the CG decision as soon as possible once at least this many "
    "calendar days have passed since the RG decision: earliest CG date = RG date + N days. "
    "There is no target for the CG decision itself.",
    (
        _v(
            Duration(45, CAL),
            NRM_START,
            RECOVERY_REDUCED,
            cite(WMS_2022, "statement", P, "follows the 45-day recovery period"),
        ),
        _v(
            Duration(30, CAL),
            RECOVERY_REDUCED,
            None,
            cite(
                PILOT_GENERAL_GUIDANCE,
                "Introduction",
                P,
                "RG + 30 vs RG + 29 counting not confirmed (brief Q2)",
            ),
        ),
    ),
)

_PILOT_COMBINED: Parameter[bool] = Parameter(
    "pilot_combined_decisions",
    "Pilot panels may make RG and CG at one meeting",
    "Whether a pilot panel may make the RG and CG decisions at the same meeting.",
    (
        _v(
            True,
            PILOT_START,
            dt.date(2026, 4, 1),
            cite(YJLC_2023, "summary of the pilot guidance", SECONDARY),
        ),
        _v(True, dt.date(2026, 4, 1), None, cite(FR_TOOLKIT_2026, "§1 (flowchart note)", P)),
    ),
)

_PILOT_AGE_CUTOFF: Parameter[Duration] = Parameter(
    "pilot_age_cutoff",
    "Pilot age cut-off",
    "A child enters the pilot only if MORE than this many calendar days before their 18th "
    "birthday (exactly 100 days before is out). Calendar-day counting is not confirmed "
    "(brief Q11).",
    (
        _v(
            Duration(100, CAL),
            PILOT_START,
            None,
            cite(FR_GUIDE_2025, "§10", P, "counting convention unverified (brief Q11)"),
        ),
    ),
)

_PILOT_AGE_REFERENCE: Parameter[AgeReference] = Parameter(
    "pilot_age_reference",
    "Date the pilot age cut-off is measured on",
    "The guidance implies the 100-day test is applied at referral; whether it is re-tested "
    "at a decision is not known (brief Q10).",
    (
        _v(
            AgeReference.REFERRAL_DATE,
            PILOT_START,
            None,
            cite(FR_GUIDE_2025, "§10", U, "implied by the wording; brief Q10"),
        ),
    ),
)

_RECONSIDERATION_WINDOW: Parameter[Duration | None] = Parameter(
    "reconsideration_window",
    "Reconsideration request window",
    "How long after a negative RG or CG decision a reconsideration may be requested "
    "(None: no limit stated). Extensions only in exceptional circumstances. Counted from "
    "the date the decision was served.",
    (
        _v(
            None,
            NRM_START,
            dt.date(2024, 2, 12),
            cite(FLEX_TIMELINE, "timeline", U, "no time limit found in earlier texts"),
        ),
        _v(
            Duration(1, DayCount.MONTHS),
            dt.date(2024, 2, 12),
            dt.date(2025, 1, 16),
            cite(
                SOUTHWELL_2024,
                "article",
                SECONDARY,
                "evidence within one month; Annex E updated 12 Feb 2024 (S7)",
            ),
        ),
        _v(
            Duration(30, CAL),
            dt.date(2025, 1, 16),
            None,
            cite(
                RECONSIDERATION_ANNEX_2025,
                "Annex; FR Guide 2025 §13",
                P,
                "timeline changed 16 January 2025 (update history, S7)",
            ),
        ),
    ),
)

_RECONSIDERATION_REPLY: Parameter[Duration] = Parameter(
    "reconsideration_reply_target",
    "Reconsideration reply target",
    'The competent authority replies "ideally within nine working days" saying whether it '
    "will reconsider. Counted from the request.",
    (
        _v(
            Duration(9, WORK),
            dt.date(2025, 1, 16),
            None,
            cite(FR_GUIDE_2025, "§13", P, "earlier targets not known"),
        ),
    ),
)

_RG_THRESHOLD: Parameter[str] = Parameter(
    "rg_threshold",
    "Reasonable Grounds threshold wording",
    "The test for a positive RG decision, by period.",
    (
        _v(
            "The decision maker suspects but cannot prove that the person is a victim.",
            NRM_START,
            NABA_IN_FORCE,
            cite(YJLC_GUIDANCE_2023, "article", SECONDARY),
        ),
        _v(
            "Reasonable grounds to believe, based on objective factors but falling short of "
            "conclusive proof, that a person is a victim of modern slavery.",
            NABA_IN_FORCE,
            dt.date(2023, 7, 24),
            cite(
                YJLC_GUIDANCE_2023,
                "article (SG v3.0)",
                SECONDARY,
                "end date: SG RG section updated July 2023, exact day unverified",
            ),
        ),
        _v(
            "There are reasonable grounds to believe, based on all available general and "
            "specific evidence but falling short of conclusive proof, that a person is a "
            "victim of modern slavery (human trafficking or slavery, servitude, or forced or "
            "compulsory labour).",
            dt.date(2023, 7, 24),
            None,
            cite(
                PILOT_GENERAL_GUIDANCE,
                "Introduction; FR Guide 2025 §2, §12",
                P,
                "wording verified; start date (24 July 2023) from the SG update history (S7)",
            ),
        ),
    ),
)

_LEAP_DAY: Parameter[LeapDayRule] = Parameter(
    "leap_day_birthday",
    "29 February birthdays",
    "The day a 29 February birthday falls on in a common year (for the 18th birthday).",
    tuple(
        ParameterValue(rule, DateRange(dt.date(1970, 1, 1)), citation, frozenset({nation}))
        for nation, (rule, citation) in LEAP_DAY_DEFAULTS.items()
    ),
)

_PANEL_QUORUM: Parameter[int] = Parameter(
    "panel_quorum",
    "Panel quorum",
    "The fewest members (without a conflict of interest) a pilot panel needs to decide. "
    "Quorum rules are not published (brief Q13); the default is the three statutory "
    "safeguarding partners.",
    (
        _v(
            3,
            PILOT_START,
            None,
            cite(MINISTER_EVIDENCE_2023, "HUM0120", U, "three partners as a minimum; brief Q13"),
        ),
    ),
)

_FULL_POSITIVE_REVIEW: Parameter[frozenset[str]] = Parameter(
    "full_positive_review_sites",
    "Sites whose positive decisions are all reviewed by the SCA",
    "Every negative pilot decision is reviewed by the SCA before it is served; positive "
    "decisions are sampled once a site meets the required performance standard. This lists "
    "the site ids still under full review (none known: configure per site).",
    (
        _v(
            frozenset(),
            PILOT_START,
            None,
            cite(
                FR_GUIDE_2025, "§12", U, "rule verified; which sites are under full review: unknown"
            ),
        ),
    ),
)

_WORKING_DAY_CALENDAR: Parameter[WorkingDayCalendarRule] = Parameter(
    "working_day_calendar",
    "Calendar for working-day targets",
    "Which bank holidays a working-day target is counted with. Not stated in the guidance "
    "(brief Q20); the default uses the decision maker's: England and Wales for the SCA, the "
    "site's nation for a pilot panel.",
    (
        _v(
            WorkingDayCalendarRule.DECISION_MAKER,
            NRM_START,
            None,
            cite(NRM_LIBRARY, "deadlines", U, "brief Q20"),
        ),
    ),
)


@attrs.frozen
class PolicySnapshot(Mapping[str, ParameterValue[Any]]):
    """The parameter values in force on one date in one nation, by key.

    Parameters with no value on that date are absent; looking one up raises
    :class:`~nrm_core.PolicyRangeError` naming the parameter.
    """

    on: dt.date
    nation: Nation
    in_force: Mapping[str, ParameterValue[Any]]
    missing: tuple[str, ...] = ()

    def __getitem__(self, key: str) -> ParameterValue[Any]:
        if key in self.in_force:
            return self.in_force[key]
        if key in self.missing:
            raise PolicyRangeError(
                f"policy parameter {key!r} has no value on {self.on.isoformat()} "
                f"in {self.nation.value}"
            )
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.in_force)

    def __len__(self) -> int:
        return len(self.in_force)


@attrs.frozen
class Policy:
    """Every policy parameter nrm_core uses. Replace any with :func:`attrs.evolve`.

    >>> import attrs, datetime as dt
    >>> from nrm_core.citations import Citation
    >>> local = Citation(DEFAULT_POLICY.pilot_age_cutoff.values[0].citation.source,
    ...                  "what-if", DEFAULT_POLICY.pilot_age_cutoff.values[0].citation.confidence)
    >>> no_cutoff = attrs.evolve(DEFAULT_POLICY,
    ...     pilot_age_cutoff=DEFAULT_POLICY.pilot_age_cutoff.with_value(
    ...         Duration(0, DayCount.CALENDAR_DAYS), local))
    >>> no_cutoff.pilot_age_cutoff.value_at(dt.date(2024, 1, 1)).amount
    0
    """

    sca_rg_target: Parameter[Duration] = _SCA_RG_TARGET
    pilot_rg_timescale: Parameter[Duration] = _PILOT_RG_TIMESCALE
    recovery_period: Parameter[Duration] = _RECOVERY_PERIOD
    earliest_cg_after_rg: Parameter[Duration] = _EARLIEST_CG
    pilot_combined_decisions: Parameter[bool] = _PILOT_COMBINED
    pilot_age_cutoff: Parameter[Duration] = _PILOT_AGE_CUTOFF
    pilot_age_reference: Parameter[AgeReference] = _PILOT_AGE_REFERENCE
    reconsideration_window: Parameter[Duration | None] = _RECONSIDERATION_WINDOW
    reconsideration_reply_target: Parameter[Duration] = _RECONSIDERATION_REPLY
    rg_threshold: Parameter[str] = _RG_THRESHOLD
    leap_day_birthday: Parameter[LeapDayRule] = _LEAP_DAY
    working_day_calendar: Parameter[WorkingDayCalendarRule] = _WORKING_DAY_CALENDAR
    panel_quorum: Parameter[int] = _PANEL_QUORUM
    full_positive_review_sites: Parameter[frozenset[str]] = _FULL_POSITIVE_REVIEW

    def __attrs_post_init__(self) -> None:
        for field in attrs.fields(type(self)):
            parameter = getattr(self, field.name)
            if not isinstance(parameter, Parameter) or parameter.key != field.name:
                raise InvalidValueError(
                    owner_name(self), field.name, f"expected the {field.name!r} Parameter"
                )

    @property
    def parameters(self) -> tuple[Parameter[Any], ...]:
        """Every parameter, in declaration order."""
        return tuple(getattr(self, field.name) for field in attrs.fields(type(self)))

    def at(self, on: dt.date, nation: Nation) -> PolicySnapshot:
        """The values in force on ``on`` in ``nation``."""
        values: dict[str, ParameterValue[Any]] = {}
        missing: list[str] = []
        for parameter in self.parameters:
            try:
                values[parameter.key] = parameter.at(on, nation)
            except PolicyRangeError:
                missing.append(parameter.key)
        return PolicySnapshot(on, nation, MappingProxyType(values), tuple(missing))


DEFAULT_POLICY = Policy()
"""The rules as nrm_core's sources describe them, with documented defaults."""


def policy_at(on: dt.date, nation: Nation, policy: Policy = DEFAULT_POLICY) -> PolicySnapshot:
    """The rules in force on ``on`` in ``nation``.

    Raises :class:`~nrm_core.PolicyRangeError` if ``on`` is before the NRM began
    (April 2009); parameters that start later (the pilot's, from June 2021) are
    simply absent from the snapshot before they start.
    """
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise InvalidTypeError("policy_at", "on", "expected a datetime.date")
    if on < NRM_START:
        raise PolicyRangeError(
            f"{on.isoformat()} is before the NRM began ({NRM_START.isoformat()}); "
            "nrm_core has no rules for that date"
        )
    return policy.at(on, nation)
