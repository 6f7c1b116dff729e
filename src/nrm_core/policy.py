"""Policy rules as effective-dated, cited data.

The values live in a data file shipped with the package (``nrm_core/data/policy.json``),
loaded and checked when nrm_core is imported: each parameter has a title, a
description and its values over half-open date ranges ``[valid_from, valid_to)``,
each value with the citation of its source and a confidence label (verified in
official text, secondary source only, or unverified). This module declares only
which parameters exist and what type of value each holds.

Secondary and unverified values are **defaults**. A council or analyst replaces
any of them without changing the library, either in Python
(:meth:`Policy.with_value`) or with a file of the same shape
(:meth:`Policy.with_overrides`, the CLI's ``--rules FILE``). A replaced value's
citation is marked as a local override wherever it is shown.

Asking for a date before a parameter's first value raises
:class:`~nrm_core.errors.PolicyRangeError`; the latest value of every parameter
is open-ended (it applies until the guidance changes and the data is updated).

>>> import datetime as dt
>>> from nrm_core import Nation, Policy
>>> policy = Policy.bundled()
>>> policy
Policy(26 parameters, bundled)
>>> policy.recovery_period.value_at(dt.date(2022, 12, 12))
Duration(amount=45, unit=<DayCount.CALENDAR_DAYS: 'calendar-days'>)
>>> str(policy.recovery_period.value_at(dt.date(2022, 12, 13)))
'30 calendar days'
>>> str(policy.at(dt.date(2026, 3, 2), Nation.WALES)["reconsideration_window"].value)
'30 calendar days'
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Generic, TypeVar, overload

import attrs

from nrm_core import _sources, _strict_json
from nrm_core._doc import Documented
from nrm_core._memo import remember
from nrm_core._validate import (
    enum_member,
    identifier,
    instance_of,
    is_int,
    non_empty_str,
    owner_name,
    parse_day,
)
from nrm_core.checks import Citation, Code, Collector, Confidence, Source
from nrm_core.dateranges import DateRange
from nrm_core.errors import (
    InvalidTypeError,
    InvalidValueError,
    NrmError,
    PolicyFileError,
    PolicyRangeError,
)
from nrm_core.nations import Nation

__all__ = [
    "NRM_START",
    "PILOT_START",
    "AgeReference",
    "DayCount",
    "Duration",
    "LeapDayRule",
    "Parameter",
    "ParameterValue",
    "Policy",
    "PolicyFileError",
    "PolicySnapshot",
    "ReconsiderationStart",
    "SiteStartReading",
    "UnknownBirthDateRule",
    "WorkingDayCalendarRule",
]

T = TypeVar("T")

NRM_START = dt.date(2009, 4, 1)
"""The NRM began in April 2009 (the first day of any parameter's known range)."""
NRM_START_CITATION = _sources.cite(
    _sources.FLEX_TIMELINE, "timeline", _sources.SECONDARY, "the NRM was introduced in 2009"
)
PILOT_START = dt.date(2021, 6, 14)
"""The devolved decision-making pilot's guidance was published on 14 June 2021."""


POLICY_FILE_INVALID = Code(
    "policy-file-invalid",
    "A policy file (bundled or --rules) breaks the policy file format or a rule of its values.",
    group="file",
)
CODES: tuple[Code, ...] = (POLICY_FILE_INVALID,)
"""The codes this module declares (listed in the catalogue, :mod:`nrm_core.io.catalogue`)."""


class _AllNations(frozenset[Nation]):
    """Every nation (a frozenset with a short ``repr``, as signatures show it)."""

    def __repr__(self) -> str:
        return "ALL_NATIONS"


ALL_NATIONS: frozenset[Nation] = _AllNations(Nation)

POLICY_FORMAT = "nrm-core/policy"
"""The ``format`` value of a policy file (the bundled one or an override)."""
POLICY_FILE_VERSION = 1


class DayCount(enum.Enum):
    """How a period is counted."""

    CALENDAR_DAYS = "calendar-days"
    WORKING_DAYS = "working-days"
    MONTHS = "months"


MAX_DURATION: Mapping[DayCount, int] = {
    DayCount.CALENDAR_DAYS: 36_525,
    DayCount.WORKING_DAYS: 26_100,
    DayCount.MONTHS: 1_200,
}
"""The longest :class:`Duration` of each unit: 100 years (the policy's periods are days to
months; anything longer is a typing slip, and would overflow the calendar)."""


@attrs.frozen
class Duration:
    """A period: an amount of calendar days, working days or months.

    >>> from nrm_core.policy import DayCount, Duration
    >>> str(Duration(5, DayCount.WORKING_DAYS))
    '5 working days'
    """

    amount: int = attrs.field(validator=is_int)
    unit: DayCount = attrs.field(validator=enum_member(DayCount))

    def __attrs_post_init__(self) -> None:
        if self.amount < 0:
            raise InvalidValueError(owner_name(self), "amount", "must not be negative")
        most = MAX_DURATION[self.unit]
        if self.amount > most:
            raise InvalidValueError(
                owner_name(self),
                "amount",
                f"must be at most {most:,} {self.unit.value.replace('-', ' ')} (100 years): "
                "a longer period puts its deadlines past the last day a date can hold",
                code="duration-too-long",
            )

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


class LeapDayRule(enum.Enum):
    """Which day a 29 February birthday falls on in a common year."""

    MARCH_1 = "march-1"
    FEBRUARY_28 = "february-28"


class SiteStartReading(enum.Enum):
    """Which day of a site's start period routing reads as the start, when the register knows
    the start only as a period ("autumn 2025")."""

    FIRST_DAY = "first-day"
    """The earliest day the site can have started (a referral in the period goes to the site)."""
    LAST_DAY = "last-day"
    """The latest day it can have started (a referral in the period goes to the SCA)."""


class UnknownBirthDateRule(enum.Enum):
    """What routing assumes of the 100-days-to-18 test when the date of birth is unknown."""

    ASSUME_BEFORE_CUTOFF = "assume-before-cutoff"
    """The child is treated as more than the cut-off before 18 (in scope) until the date of
    birth is recorded."""
    ROUTE_TO_SCA = "route-to-sca"
    """The test is treated as failed: the SCA decides until the date of birth is recorded."""


class ReconsiderationStart(enum.Enum):
    """The day the reconsideration window is counted from."""

    DECISION_DATE = "decision-date"
    """The day the negative decision was made (the sources: "of the negative decision")."""
    SERVICE_DATE = "service-date"
    """The day the negative decision was served on the person."""


# ----------------------------------------------------------------------------- values


def _citation(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    instance_of(Citation, "a Citation")(instance, attribute, value)


@attrs.frozen
class ParameterValue(Generic[T]):
    """One value of a parameter, in force on the days of ``valid`` in ``nations``."""

    value: T
    valid: DateRange = attrs.field(validator=instance_of(DateRange, "a DateRange"), kw_only=True)
    citation: Citation = attrs.field(validator=_citation, kw_only=True)
    nations: frozenset[Nation] = attrs.field(default=ALL_NATIONS, kw_only=True)

    @property
    def valid_from(self) -> dt.date | None:
        return self.valid.start

    @property
    def valid_to(self) -> dt.date | None:
        """The first day the value no longer applies (``None``: still in force)."""
        return self.valid.end


def _overlap(key: str, values: tuple[ParameterValue[Any], ...]) -> str | None:
    for nation in Nation:
        ranges = [v.valid for v in values if nation in v.nations]
        for i, first in enumerate(ranges):
            for second in ranges[i + 1 :]:
                if first.overlaps(second):
                    return f"{key}: ranges {first} and {second} overlap for {nation.value}"
    return None


@attrs.frozen(repr=False)
class Parameter(Generic[T]):
    """A named policy parameter and its values over time.

    For each nation the values' ranges must not overlap.
    """

    key: str = attrs.field(validator=identifier)
    title: str = attrs.field(validator=non_empty_str, kw_only=True)
    description: str = attrs.field(validator=non_empty_str, kw_only=True)
    values: tuple[ParameterValue[T], ...] = attrs.field(kw_only=True)
    _found: dict[tuple[dt.date, Nation | None], ParameterValue[T]] = attrs.field(
        init=False, factory=dict, eq=False, hash=False, repr=False, alias="_found"
    )
    """Values already looked up, by (day, nation): a cache of :meth:`at` (bounded)."""

    @values.validator
    def _check_values(self, attribute: attrs.Attribute[Any], values: object) -> None:
        if not isinstance(values, tuple) or not values:
            raise InvalidTypeError(owner_name(self), "values", "expected a non-empty tuple")
        for index, item in enumerate(values):
            if not isinstance(item, ParameterValue):
                raise InvalidTypeError(
                    owner_name(self), f"values[{index}]", "expected a ParameterValue"
                )
        problem = _overlap(self.key, values)
        if problem:
            raise InvalidValueError(owner_name(self), "values", problem)

    def __repr__(self) -> str:
        local = sum(v.citation.local for v in self.values)
        extra = f", {local} local" if local else ""
        return f"Parameter({self.key!r}, {len(self.values)} value(s){extra})"

    def at(self, on: dt.date, nation: Nation | None = None) -> ParameterValue[T]:
        """The value in force on ``on`` (in ``nation``; any nation if ``None``)."""
        if type(on) is dt.date:
            found = self._found.get((on, nation))
            if found is not None:
                return found
        if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
            raise InvalidTypeError(f"Parameter({self.key}).at", "on", "expected a datetime.date")
        for value in self.values:
            if on in value.valid and (nation is None or nation in value.nations):
                return remember(self._found, (on, nation), value)
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

        Earlier values are kept up to ``valid_from``. The citation is marked as a
        local override.
        """
        new = ParameterValue(
            value,
            valid=DateRange(valid_from, None),
            citation=attrs.evolve(citation, local=True),
        )
        return self._spliced((new,))

    def _spliced(self, new: tuple[ParameterValue[T], ...]) -> Parameter[T]:
        """These values from the earliest of their starts on; the old ones before it."""
        if not new:
            return self
        starts = [v.valid.start for v in new]
        cut = None if None in starts else min(s for s in starts if s is not None)
        kept: list[ParameterValue[T]] = []
        if cut is not None:
            for old in self.values:
                start, end = old.valid.start, old.valid.end
                if start is not None and start >= cut:
                    continue
                if end is None or end > cut:
                    old = attrs.evolve(old, valid=DateRange(start, cut))
                kept.append(old)
        return attrs.evolve(self, values=(*kept, *new))


def _names(nations: frozenset[Nation]) -> str:
    return ", ".join(sorted(n.value for n in nations))


# ----------------------------------------------------------------------------- value types


@attrs.frozen
class _Type(Generic[T]):
    """How one kind of parameter value is written in a policy file and checked in Python."""

    name: str
    decode: Callable[[Any], T]
    """JSON value -> Python value; raises ``ValueError`` with a message if it is not one."""
    encode: Callable[[T], Any]
    check: Callable[[object], bool]


def _duration(raw: Any) -> Duration:
    if not isinstance(raw, dict) or set(raw) != {"amount", "unit"}:
        raise ValueError('expected {"amount": N, "unit": "calendar-days|working-days|months"}')
    amount, unit = raw["amount"], raw["unit"]
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValueError("amount must be a whole number of at least 0")
    try:
        day_count = DayCount(unit)
    except ValueError:
        raise ValueError(f"unit must be one of {', '.join(d.value for d in DayCount)}") from None
    try:
        return Duration(amount, day_count)
    except InvalidValueError as error:
        raise ValueError(error.problem) from None


def _optional_duration(raw: Any) -> Duration | None:
    return None if raw is None else _duration(raw)


def _encode_duration(value: Duration | None) -> Any:
    return None if value is None else {"amount": value.amount, "unit": value.unit.value}


def _typed(kind: type, name: str) -> Callable[[Any], Any]:
    def decode(raw: Any) -> Any:
        if isinstance(raw, bool) is not (kind is bool) or not isinstance(raw, kind):
            raise ValueError(f"expected {name}")
        return raw

    return decode


def _choice(enum_type: type[enum.Enum]) -> _Type[Any]:
    values = [member.value for member in enum_type]

    def decode(raw: Any) -> Any:
        try:
            return enum_type(raw)
        except ValueError:
            raise ValueError(f"expected one of {', '.join(values)}") from None

    return _Type(
        name=f"one of {', '.join(values)}",
        decode=decode,
        encode=lambda value: value.value,
        check=lambda value: isinstance(value, enum_type),
    )


def _quorum(raw: Any) -> int:
    value: int = _typed(int, "a whole number")(raw)
    if value < 1:
        raise ValueError("must be at least 1")
    return value


def _site_ids(raw: Any) -> frozenset[str]:
    if not isinstance(raw, list) or not all(isinstance(item, str) and item for item in raw):
        raise ValueError("expected a list of site ids")
    return frozenset(raw)


DURATION: _Type[Duration] = _Type(
    name="a duration",
    decode=_duration,
    encode=_encode_duration,
    check=lambda value: isinstance(value, Duration),
)
OPTIONAL_DURATION: _Type[Duration | None] = _Type(
    name="a duration or null",
    decode=_optional_duration,
    encode=_encode_duration,
    check=lambda value: value is None or isinstance(value, Duration),
)
BOOLEAN: _Type[bool] = _Type(
    name="true or false",
    decode=_typed(bool, "true or false"),
    encode=lambda value: value,
    check=lambda value: isinstance(value, bool),
)
POSITIVE_INT: _Type[int] = _Type(
    name="a whole number of at least 1",
    decode=_quorum,
    encode=lambda value: value,
    check=lambda value: not isinstance(value, bool) and isinstance(value, int) and value >= 1,
)
TEXT: _Type[str] = _Type(
    name="text",
    decode=_typed(str, "text"),
    encode=lambda value: value,
    check=lambda value: isinstance(value, str) and bool(value.strip()),
)
SITE_IDS: _Type[frozenset[str]] = _Type(
    name="a list of site ids",
    decode=_site_ids,
    encode=lambda value: sorted(value),
    check=lambda value: isinstance(value, frozenset) and all(isinstance(v, str) for v in value),
)


class _Declared(Generic[T]):
    """A parameter declared on :class:`Policy`: its key (the attribute name) and value type."""

    def __init__(self, kind: _Type[T]) -> None:
        self.kind = kind
        self.key = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = name
        _DECLARED[name] = self

    @overload
    def __get__(self, instance: None, owner: type) -> _Declared[T]: ...
    @overload
    def __get__(self, instance: Policy, owner: type) -> Parameter[T]: ...
    def __get__(self, instance: Policy | None, owner: type) -> Parameter[T] | _Declared[T]:
        if instance is None:
            return self
        parameter: Parameter[T] = instance.get(self.key)
        return parameter


_DECLARED: dict[str, _Declared[Any]] = {}


# ----------------------------------------------------------------------------- the policy


@attrs.frozen
class PolicySnapshot(Mapping[str, ParameterValue[Any]]):
    """The parameter values in force on one date in one nation, by key.

    Parameters with no value on that date are absent; looking one up raises
    :class:`~nrm_core.errors.PolicyRangeError` naming the parameter.
    """

    on: dt.date
    nation: Nation = attrs.field(kw_only=True)
    in_force: Mapping[str, ParameterValue[Any]] = attrs.field(kw_only=True)
    missing: tuple[str, ...] = attrs.field(default=(), kw_only=True)

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


def _check_parameters(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(p, Parameter) for p in value):
        raise InvalidTypeError("Policy", "parameters", "expected a tuple of Parameter")
    keys = [parameter.key for parameter in value]
    missing = [key for key in _DECLARED if key not in keys]
    unknown = [key for key in keys if key not in _DECLARED]
    if missing or unknown or len(set(keys)) != len(keys):
        raise InvalidValueError(
            "Policy",
            "parameters",
            f"expected each of {', '.join(_DECLARED)} exactly once"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unknown {', '.join(unknown)}" if unknown else ""),
        )
    for parameter in value:
        kind = _DECLARED[parameter.key].kind
        for index, item in enumerate(parameter.values):
            if not kind.check(item.value):
                raise InvalidTypeError(
                    "Policy", f"{parameter.key}.values[{index}]", f"expected {kind.name}"
                )
    by_key = {parameter.key: parameter for parameter in value}
    counted, window = by_key["reconsideration_counted_from"], by_key["reconsideration_window"]
    for nation in Nation:  # a gap in the reading starts where a window does or a reading ends
        windows = [v.valid for v in window.values if nation in v.nations]
        readings = [v.valid for v in counted.values if nation in v.nations]
        days = [w.start or dt.date.min for w in windows] + [r.end for r in readings if r.end]
        for day in days:
            if any(day in w for w in windows) and not any(day in r for r in readings):
                raise InvalidValueError(
                    "Policy",
                    "reconsideration_counted_from",
                    f"has no value on {day.isoformat()} in {nation.value}, when "
                    "reconsideration_window has one: the window must be counted from a day",
                )


@attrs.frozen(repr=False)
class Policy(metaclass=Documented):
    """Every policy parameter nrm_core uses, each reachable as an attribute.

    Build it with :meth:`bundled` (the library's rules) and change it with
    :meth:`with_value` or :meth:`with_overrides`; a :class:`~nrm_core.Rules`
    carries it to every decision.

    >>> import attrs
    >>> import datetime as dt
    >>> from nrm_core.policy import Policy, DayCount, Duration
    >>> from nrm_core import Citation
    >>> bundled = Policy.bundled()
    >>> what_if = bundled.with_value(
    ...     "pilot_age_cutoff",
    ...     Duration(0, DayCount.CALENDAR_DAYS),
    ...     attrs.evolve(bundled.pilot_age_cutoff.values[0].citation, note="what-if"),
    ... )
    >>> what_if.pilot_age_cutoff.value_at(dt.date(2024, 1, 1)).amount
    0
    >>> what_if
    Policy(26 parameters, 1 local override)
    """

    parameters: tuple[Parameter[Any], ...] = attrs.field(validator=_check_parameters)
    _by_key: Mapping[str, Parameter[Any]] = attrs.field(init=False, eq=False)

    sca_rg_target = _Declared(DURATION)
    pilot_rg_timescale = _Declared(DURATION)
    recovery_period = _Declared(DURATION)
    earliest_cg_after_rg = _Declared(DURATION)
    sca_cg_target = _Declared(OPTIONAL_DURATION)
    pilot_cg_timescale = _Declared(OPTIONAL_DURATION)
    pilot_combined_decisions = _Declared(BOOLEAN)
    pilot_age_cutoff = _Declared(DURATION)
    pilot_age_reference = _Declared(_choice(AgeReference))
    pilot_excludes_uncertain_age = _Declared(BOOLEAN)
    pilot_excludes_pod = _Declared(BOOLEAN)
    reconsideration_window = _Declared(OPTIONAL_DURATION)
    reconsideration_counted_from = _Declared(_choice(ReconsiderationStart))
    reconsideration_reply_target = _Declared(DURATION)
    rg_threshold = _Declared(TEXT)
    leap_day_birthday = _Declared(_choice(LeapDayRule))
    working_day_calendar = _Declared(_choice(WorkingDayCalendarRule))
    panel_quorum = _Declared(POSITIVE_INT)
    positive_review_exempt_sites = _Declared(SITE_IDS)
    worklist_due_soon = _Declared(DURATION)
    worklist_eighteen_notice = _Declared(DURATION)
    worklist_reconsideration_notice = _Declared(DURATION)
    worklist_long_wait = _Declared(DURATION)
    site_start_reading = _Declared(_choice(SiteStartReading))
    pilot_unknown_birth_date = _Declared(_choice(UnknownBirthDateRule))
    pod_disqualification_mandatory = _Declared(BOOLEAN)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {p.key: p for p in self.parameters})

    def __repr__(self) -> str:
        local = sum(v.citation.local for p in self.parameters for v in p.values)
        label = f"{local} local override{'s' if local != 1 else ''}" if local else "bundled"
        return f"Policy({len(self.parameters)} parameters, {label})"

    @classmethod
    def bundled(cls) -> Policy:
        """The rules as nrm_core's sources describe them, with documented defaults."""
        return _BUNDLED

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        """The key of every parameter, in declaration order."""
        return tuple(_DECLARED)

    def get(self, key: str) -> Parameter[Any]:
        """The parameter ``key`` (raises :class:`KeyError` naming the keys there are)."""
        try:
            return self._by_key[key]
        except (KeyError, TypeError):
            raise KeyError(
                f"no policy parameter {key!r}; the parameters are {', '.join(_DECLARED)}"
            ) from None

    def with_parameter(self, parameter: Parameter[Any]) -> Policy:
        """A copy with ``parameter`` replacing the one with the same key."""
        if not isinstance(parameter, Parameter):
            raise InvalidTypeError("Policy.with_parameter", "parameter", "expected a Parameter")
        self.get(parameter.key)
        return Policy(tuple(parameter if p.key == parameter.key else p for p in self.parameters))

    def with_value(
        self, name: str, value: Any, citation: Citation, *, valid_from: dt.date | None = None
    ) -> Policy:
        """A copy in which parameter ``name`` takes ``value`` from ``valid_from`` (or always).

        The value is checked against the parameter's type; the citation is marked
        as a local override in every result that uses it.
        """
        kind = _DECLARED[self.get(name).key].kind
        if not kind.check(value):
            raise InvalidTypeError("Policy.with_value", "value", f"{name} expects {kind.name}")
        if not isinstance(citation, Citation):
            raise InvalidTypeError("Policy.with_value", "citation", "expected a Citation")
        return self.with_parameter(
            self.get(name).with_value(value, citation, valid_from=valid_from)
        )

    def with_overrides(self, path: str | Path) -> Policy:
        """A copy with the values of a local policy file (same shape as the bundled one).

        Each parameter listed in the file takes the file's values from the
        earliest ``valid_from`` among them (or always, if one has none); the
        bundled values before that date are kept. Every problem in the file is
        reported at once as a :class:`PolicyFileError`.
        """
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise PolicyFileError(str(path), [f"cannot read the file: {error}"]) from None
        return self.with_overrides_text(text, source=path.name)

    def with_overrides_text(self, text: str, *, source: str = "local rules") -> Policy:
        """:meth:`with_overrides` for a file's text (``source`` names it in messages)."""
        parameters, problems = _read(text, source, local=True)
        replaced: dict[str, Parameter[Any]] = {}
        for key, (_title, _description, values) in parameters.items():
            if not values:
                continue
            try:
                replaced[key] = self.get(key)._spliced(values)
            except InvalidValueError as error:
                problems.caught(f"parameters.{key}", error, error.problem)
        if problems:
            raise PolicyFileError(source, problems.findings)
        return Policy(tuple(replaced.get(p.key, p) for p in self.parameters))

    def at(self, on: dt.date, nation: Nation) -> PolicySnapshot:
        """The values in force on ``on`` in ``nation``.

        Raises :class:`~nrm_core.errors.PolicyRangeError` if ``on`` is before the
        NRM began (April 2009); parameters that start later (the pilot's, from June
        2021) are simply absent from the snapshot before they start.
        """
        if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
            raise InvalidTypeError("Policy.at", "on", "expected a datetime.date")
        if on < NRM_START:
            raise PolicyRangeError(
                f"{on.isoformat()} is before the NRM began ({NRM_START.isoformat()}); "
                "nrm_core has no rules for that date"
            )
        values: dict[str, ParameterValue[Any]] = {}
        missing: list[str] = []
        for parameter in self.parameters:
            try:
                values[parameter.key] = parameter.at(on, nation)
            except PolicyRangeError:
                missing.append(parameter.key)
        return PolicySnapshot(
            on, nation=nation, in_force=MappingProxyType(values), missing=tuple(missing)
        )

    def to_data(self) -> dict[str, Any]:
        """The policy in the file format (what :meth:`with_overrides` and the bundled file use)."""
        parameters: dict[str, Any] = {}
        for parameter in self.parameters:
            kind = _DECLARED[parameter.key].kind
            values = []
            for value in parameter.values:
                item: dict[str, Any] = {
                    "valid_from": value.valid.start.isoformat() if value.valid.start else None,
                    "valid_to": value.valid.end.isoformat() if value.valid.end else None,
                    "value": kind.encode(value.value),
                }
                if value.nations != ALL_NATIONS:
                    item["nations"] = sorted(n.value for n in value.nations)
                item["citation"] = _citation_data(value.citation)
                values.append(item)
            parameters[parameter.key] = {
                "title": parameter.title,
                "description": parameter.description,
                "values": values,
            }
        return {"format": POLICY_FORMAT, "version": POLICY_FILE_VERSION, "parameters": parameters}


# ----------------------------------------------------------------------------- policy files

_SOURCES: Mapping[str, Source] = MappingProxyType(
    {v.key: v for v in vars(_sources).values() if isinstance(v, Source)}
)


def _citation_data(citation: Citation) -> dict[str, Any]:
    source = citation.source
    data: dict[str, Any] = {
        "source": source.key
        if _SOURCES.get(source.key) == source
        else {
            "key": source.key,
            "title": source.title,
            "version": source.version,
            "url": source.url,
        },
        "section": citation.section,
        "confidence": citation.confidence.value,
    }
    if citation.note:
        data["note"] = citation.note
    if citation.local:
        data["local"] = True
    return data


def _date(raw: Any, where: str, problems: Collector) -> dt.date | None:
    if raw is None:
        return None
    if isinstance(raw, str):
        try:
            return parse_day(raw)
        except ValueError:
            pass
    problems.add(where, "expected an ISO date (YYYY-MM-DD) or null")
    return None


def _keys(data: dict[str, Any], allowed: set[str], where: str, problems: Collector) -> None:
    for key in data:
        if key not in allowed:
            problems.add(where, f"unknown key {key[:40]!r}; allowed: {', '.join(sorted(allowed))}")


def _source(raw: Any, default: Source | None, where: str, problems: Collector) -> Source | None:
    if raw is None:
        if default is None:
            problems.add(where, "a source is required (a source key or an object)")
        return default
    if isinstance(raw, str):
        if raw not in _SOURCES:
            problems.add(where, f"unknown source key {raw[:40]!r}")
        return _SOURCES.get(raw)
    if isinstance(raw, dict):
        _keys(raw, {"key", "title", "version", "url"}, where, problems)
        try:
            return Source(
                str(raw.get("key", "local")),
                title=raw.get("title"),  # type: ignore[arg-type]
                version=raw.get("version"),  # type: ignore[arg-type]
                url=raw.get("url"),
            )
        except NrmError as error:
            problems.caught(where, error)
            return None
    problems.add(where, "expected a source key or an object")
    return None


def _citation_from(
    raw: Any, default_source: Source | None, local: bool, where: str, problems: Collector
) -> Citation | None:
    if not isinstance(raw, dict):
        problems.add(where, "expected an object with source, section and confidence")
        return None
    _keys(raw, {"source", "section", "confidence", "note", "local"}, where, problems)
    source = _source(raw.get("source"), default_source, f"{where}.source", problems)
    try:
        confidence = Confidence(raw.get("confidence"))
    except ValueError:
        problems.add(
            f"{where}.confidence", f"expected one of {', '.join(c.value for c in Confidence)}"
        )
        return None
    if source is None:
        return None
    try:
        return Citation(
            source,
            section=raw.get("section"),  # type: ignore[arg-type]
            confidence=confidence,
            note=raw.get("note"),
            local=local or raw.get("local") is True,
        )
    except NrmError as error:
        problems.caught(where, error)
        return None


_Read = dict[str, tuple[str | None, str | None, tuple[ParameterValue[Any], ...]]]


def _read(text: str, source: str, *, local: bool) -> tuple[_Read, Collector]:
    """Every parameter in a policy file's text, and every problem found."""
    problems = Collector(POLICY_FILE_INVALID)
    try:
        document = _strict_json.loads(text)
    except ValueError as error:
        raise PolicyFileError(source, [f"not valid JSON: {error}"]) from None
    if not isinstance(document, dict):
        raise PolicyFileError(source, ["expected a JSON object"])
    _keys(document, {"format", "version", "source", "parameters"}, "$", problems)
    if document.get("format") != POLICY_FORMAT:
        problems.add("$.format", f"expected {POLICY_FORMAT!r}")
    if type(document.get("version")) is not int or document["version"] != POLICY_FILE_VERSION:
        problems.add("$.version", f"expected {POLICY_FILE_VERSION}")
    default_source = None
    if "source" in document:
        default_source = _source(document["source"], None, "$.source", problems)
    elif local:
        default_source = Source("local", title="Local rules file", version=source)
    entries = document.get("parameters")
    if not isinstance(entries, dict):
        problems.add("$.parameters", "expected an object keyed by parameter")
        raise PolicyFileError(source, problems.findings)
    result: _Read = {}
    for key, entry in entries.items():
        where = f"parameters.{key}" if isinstance(key, str) and len(key) < 60 else "parameters"
        declared = _DECLARED.get(key)
        if declared is None:
            problems.add(where, f"no such parameter; known: {', '.join(_DECLARED)}")
            continue
        if not isinstance(entry, dict):
            problems.add(where, "expected an object with values")
            continue
        _keys(entry, {"title", "description", "values"}, where, problems)
        raw_values = entry.get("values")
        if not isinstance(raw_values, list) or not raw_values:
            problems.add(f"{where}.values", "expected a non-empty list")
            continue
        values: list[ParameterValue[Any]] = []
        for index, raw in enumerate(raw_values):
            at = f"{where}.values[{index}]"
            if not isinstance(raw, dict):
                problems.add(at, "expected an object")
                continue
            _keys(raw, {"valid_from", "valid_to", "value", "nations", "citation"}, at, problems)
            before = len(problems)
            start = _date(raw.get("valid_from"), f"{at}.valid_from", problems)
            end = _date(raw.get("valid_to"), f"{at}.valid_to", problems)
            if "value" not in raw:
                problems.add(f"{at}.value", "required")
            else:
                try:
                    value = declared.kind.decode(raw["value"])
                except ValueError as error:
                    problems.caught(f"{at}.value", error)
            nations = ALL_NATIONS
            if "nations" in raw:
                try:
                    nations = frozenset(Nation(n) for n in raw["nations"])
                    if not nations:
                        raise ValueError
                except (ValueError, TypeError):
                    problems.add(f"{at}.nations", "expected a non-empty list of nations")
            citation = _citation_from(
                raw.get("citation"), default_source, local, f"{at}.citation", problems
            )
            if len(problems) > before or citation is None:
                continue
            try:
                values.append(
                    ParameterValue(
                        value, valid=DateRange(start, end), citation=citation, nations=nations
                    )
                )
            except NrmError as error:
                problems.caught(at, error)
        overlap = _overlap(key, tuple(values))
        if overlap:
            problems.add(f"{where}.values", str(overlap))
        title, description = entry.get("title"), entry.get("description")
        if local and (title is not None or description is not None):
            # A local file changes values; a title or description there would be ignored.
            problems.add(where, "a local file gives values only (no title or description)")
        for name, text_value in (("title", title), ("description", description)):
            if text_value is not None and not (isinstance(text_value, str) and text_value.strip()):
                problems.add(f"{where}.{name}", "expected non-empty text")
        result[key] = (title, description, tuple(values))
    return result, problems


def _load_bundled() -> Policy:
    name = "bundled policy (nrm_core/data/policy.json)"
    text = resources.files("nrm_core").joinpath("data", "policy.json").read_text("utf-8")
    parameters, problems = _read(text, name, local=False)
    for key in _DECLARED:
        if key not in parameters:
            problems.add(f"parameters.{key}", "missing")
    built: list[Parameter[Any]] = []
    for key, (title, description, values) in parameters.items():
        if title is None or description is None:
            problems.add(f"parameters.{key}", "a bundled parameter needs a title and description")
            continue
        if values:
            built.append(Parameter(key, title=title, description=description, values=values))
    if problems:
        raise PolicyFileError(name, problems.findings)
    order = {key: index for index, key in enumerate(_DECLARED)}
    return Policy(tuple(sorted(built, key=lambda p: order[p.key])))


_BUNDLED = _load_bundled()
