"""Who decides: routing a referral to a pilot site's panel or to the SCA.

"Once referred to the NRM, a child will enter the pilot if they are the
safeguarding responsibility of a local authority involved in the pilot and are
more than 100 days from their 18th birthday" (FR Guide 2025 §10). With the
exceptions the guidance and secondary sources list, the rules are:

1. the person is treated as a child on the referral date (MSA 2015 s.51);
2. more than the cut-off (100 calendar days by default) before their 18th
   birthday, measured on the referral date by default (policy);
3. their age is not disputed or uncertain;
4. no Public Order Disqualification is under consideration or applied
   (secondary source);
5. the safeguarding authority's GSS code was in use on the date;
6. that authority was a member of a pilot site operating on the date.

Any failure routes the case to the SCA. :func:`route` applies every rule and
reports **every** result (passed or failed), each a :class:`~nrm_core.checks.Finding` with a
stable code, message, citation and the inputs used. Each predicate is public.

Some answers rest on something the rules cannot settle: a site whose start is
known only as a period ("autumn 2025"), a child whose date of birth is unknown,
a council missing from the incomplete list of 2023 sites. The :class:`Route`
then carries a note for each, and its :attr:`~Route.confidence` says how sure
the answer is (``unverified`` for each of these).

>>> import datetime as dt
>>> from nrm_core.eligibility import route
>>> from nrm_core.samples import example_referral
>>> result = route(example_referral())
>>> str(result.decision_maker), result.in_scope
('pilot panel P1-01', True)
>>> import attrs
>>> late = route(attrs.evolve(example_referral(), referred_on=dt.date(2028, 3, 1)))
>>> [c.code for c in late.checks if not c.passed], str(late.decision_maker)
(['within-age-cutoff'], 'SCA')
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import attrs

from nrm_core import _deprecated, _render
from nrm_core._doc import Documented
from nrm_core._sources import (
    ECPAT_2024,
    FR_GUIDE_2025,
    ONS_CODE_HISTORY,
    PILOT_ANNEX_2023,
    PILOT_LANDING_PAGE,
    SECONDARY,
    P,
    U,
    cite,
)
from nrm_core._validate import check_day
from nrm_core.ages import eighteenth_birthday
from nrm_core.checks import Check, CheckTable, Citation, Code, Confidence, Finding, Severity
from nrm_core.child import AgeBasis, Child, age_presumption, is_treated_as_child
from nrm_core.decision import DecisionMaker
from nrm_core.errors import InvalidTypeError, InvalidValueError, PolicyRangeError
from nrm_core.events import RoutedToPanel, RoutedToSca, TransferredToSca
from nrm_core.nations import Nation
from nrm_core.policy import (
    PILOT_START,
    AgeReference,
    Duration,
    ParameterValue,
    SiteStartReading,
    UnknownBirthDateRule,
)
from nrm_core.referral import PodStatus, Referral
from nrm_core.registry import AuthorityLookup, UnknownAuthorityError
from nrm_core.rules import Rules, resolve
from nrm_core.site import Site

if TYPE_CHECKING:  # the lifecycle's guards call the routing rules: no runtime import back
    from nrm_core.lifecycle import Case

__all__ = [
    "ROUTING_CHECKS",
    "SITE_COVERS_RULE",
    "Route",
    "RouteSubject",
    "RoutingCheck",
    "Routings",
    "age_cutoff",
    "age_determined",
    "authority_in_use",
    "child_on_referral",
    "cutoff_days",
    "decision_maker_for",
    "no_public_order_disqualification",
    "pilot_site",
    "route",
    "site_covers",
    "transfer_if_out_of_scope",
]

CHILD_ON_REFERRAL = Code(
    "child-on-referral", "Treated as a child on the referral date (the rule passed).", group="route"
)
NOT_A_CHILD = Code(
    "not-a-child-on-referral",
    "18 or over on the referral date.",
    severity=Severity.QUERY,
    group="domain",
)
BEFORE_AGE_CUTOFF = Code(
    "before-age-cutoff",
    "More than the cut-off (a policy value) before the 18th birthday (the rule passed).",
    group="route",
)
WITHIN_AGE_CUTOFF = Code(
    "within-age-cutoff",
    "Not more than the cut-off before the 18th birthday: out of the pilot's scope.",
    group="route",
)
AGE_CUTOFF_NOT_MADE = Code(
    "age-cutoff-not-made",
    "No date of birth: the cut-off test is not made and the policy's assumption applies.",
    group="route",
)
PILOT_NOT_STARTED = Code(
    "pilot-not-started", "The pilot's rules did not exist yet on the day.", group="route"
)
AGE_UNCERTAIN = Code(
    "age-disputed-or-uncertain",
    "The age is disputed or uncertain: out of the pilot's scope.",
    group="route",
)
AGE_UNCERTAIN_NOT_YET_EXCLUDED = Code(
    "age-uncertain-not-yet-excluded",
    "The age is uncertain, but that did not exclude a child on the day (the rule passed).",
    group="route",
)
AGE_DETERMINED = Code(
    "age-determined", "The age is not in dispute (the rule passed).", group="route"
)
POD_NOT_YET_EXCLUDED = Code(
    "pod-not-yet-excluded",
    "A disqualification is recorded, but it did not exclude a child on the day (the rule passed).",
    group="route",
)
POD_UNDER_CONSIDERATION = Code(
    "pod-under-consideration",
    "A Public Order Disqualification is being considered: out of the pilot's scope.",
    group="route",
)
POD_APPLIED = Code(
    "pod-applied",
    "A Public Order Disqualification has been applied: out of the pilot's scope.",
    group="route",
)
NO_POD = Code(
    "no-pod",
    "No Public Order Disqualification is being considered or applied (the rule passed).",
    group="route",
)
AUTHORITY_UNKNOWN = Code(
    "authority-code-unknown", "The GSS code is not in the register.", group="domain"
)
AUTHORITY_IN_USE = Code(
    "authority-code-in-use", "The GSS code was in use that day (the rule passed).", group="route"
)
AUTHORITY_NOT_IN_USE = Code(
    "authority-code-not-in-use", "The code was not in use that day.", group="domain"
)
PILOT_SITE_MEMBER = Code(
    "pilot-site-member",
    "The authority was a member of an operating pilot site (the rule passed).",
    group="route",
)
SITE_NOT_OPERATING = Code(
    "site-not-operating",
    "The authority's pilot site was not operating with it as a member that day.",
    group="route",
)
AUTHORITY_NOT_IN_PILOT = Code(
    "authority-not-in-pilot",
    "The authority is not a member of any pilot site in the register.",
    group="route",
)
SITE_COVERS = Code(
    "site-covers-authority",
    "The pilot site covered the authority that day (the rule passed).",
    group="route",
)
SITE_DOES_NOT_COVER = Code(
    "site-does-not-cover-authority",
    "A case is routed to, and decided by, the panel of a pilot site that covers the child's "
    "safeguarding authority (or its successor) on that day.",
    group="lifecycle",
)
DATE_OF_BIRTH_UNKNOWN = Code(
    "date-of-birth-unknown",
    "No date of birth is recorded: the checks that need it are not made.",
    example='{"child": {"child_id": "C-1", "date_of_birth": null, "age_basis": "claimed"}}',
    severity=Severity.QUERY,
    group="domain",
)
SITE_START_UNVERIFIED = Code(
    "site-start-unverified",
    "The answer depends on a site start known only as a period.",
    severity=Severity.QUERY,
    group="route",
)
SITE_REGISTER_INCOMPLETE = Code(
    "site-register-incomplete",
    "The authority is in no site of a register that names only some of the 2023 sites.",
    severity=Severity.QUERY,
    group="route",
)
AUTHORITY_IN_ANOTHER_SITE = Code(
    "authority-in-another-site",
    "Responsibility moved to an authority in another pilot site: the case goes to the SCA.",
    group="route",
)
CODES: tuple[Code, ...] = (
    CHILD_ON_REFERRAL,
    NOT_A_CHILD,
    BEFORE_AGE_CUTOFF,
    WITHIN_AGE_CUTOFF,
    AGE_CUTOFF_NOT_MADE,
    PILOT_NOT_STARTED,
    AGE_UNCERTAIN,
    AGE_UNCERTAIN_NOT_YET_EXCLUDED,
    AGE_DETERMINED,
    POD_NOT_YET_EXCLUDED,
    POD_UNDER_CONSIDERATION,
    POD_APPLIED,
    NO_POD,
    AUTHORITY_UNKNOWN,
    AUTHORITY_IN_USE,
    AUTHORITY_NOT_IN_USE,
    PILOT_SITE_MEMBER,
    SITE_NOT_OPERATING,
    AUTHORITY_NOT_IN_PILOT,
    SITE_COVERS,
    SITE_DOES_NOT_COVER,
    DATE_OF_BIRTH_UNKNOWN,
    SITE_START_UNVERIFIED,
    SITE_REGISTER_INCOMPLETE,
    AUTHORITY_IN_ANOTHER_SITE,
)
"""Every code the routing rules report, passed or failed, and the route's notes."""


_SCOPE = cite(
    PILOT_ANNEX_2023,
    "§1",
    P,
    "decisions for children are made by the pilot local authorities; the test 'the "
    "safeguarding responsibility of a local authority involved in the pilot' is the FR Guide "
    "2025 §10's",
)
PHASE_TWO_START = dt.date(2023, 2, 1)
"""Phase 2 of the pilot began "between February and April 2023" (annex, November 2023)."""
PHASE_TWO_SITES = 10
"""Phase 2 added 10 sites: 20 sites and 30 authorities in all (annex, November 2023)."""
_REGISTER_GAP = cite(
    PILOT_ANNEX_2023,
    "§1",
    U,
    "20 sites and 30 authorities after phase 2 (verified); most phase-2 sites are not named "
    "in public sources, so whether a council missing from the register is one is unverified",
)
_UNCERTAIN = cite(
    PILOT_LANDING_PAGE,
    "update history",
    P,
    "uncertain adult/child cases out of scope; date of change inferred (1 July 2022)",
)
_POD = cite(ECPAT_2024, "summary of the general guidance", SECONDARY, "wording unverified")
_AUTHORITY = cite(ONS_CODE_HISTORY, "code history", P)
_SUCCESSOR = cite(
    ONS_CODE_HISTORY,
    "code history",
    U,
    "nrm_core's reading: a code replaced by one code after the referral is read as that code "
    "(the council that took over is the child's); no guidance on reorganisations during a "
    "case was found, and a code split between councils is not followed",
)
_OTHER_SITE = cite(FR_GUIDE_2025, "§10", U, "moves between areas are not published")


class _Deprecated(type):
    def __instancecheck__(cls, instance: object) -> bool:
        return isinstance(instance, Finding)

    def __call__(cls, rule: str, passed: bool, reason: Finding) -> Finding:
        _deprecated.warn("RoutingCheck", "use Finding(..., passed=..., location=rule)")
        return attrs.evolve(reason, passed=passed, location=rule)


class RoutingCheck(metaclass=_Deprecated):
    """Deprecated: a routing rule's result is a :class:`~nrm_core.checks.Finding` (its
    ``passed``, and its ``location`` the rule). ``RoutingCheck(rule, passed, reason)`` gives
    that finding, and its old ``.rule`` and ``.reason`` still read, each with a warning."""


def _start_reading(on: dt.date, rules: Rules) -> SiteStartReading:
    """The policy's reading of a start known only as a period (the first day before the
    parameter's range: no site operated then)."""
    try:
        reading: SiteStartReading = rules.policy.site_start_reading.value_at(on)
    except PolicyRangeError:
        return SiteStartReading.FIRST_DAY
    return reading


def _start_in_doubt(code: str, on: dt.date, rules: Rules) -> Site | None:
    """A site of ``code`` whose start is known only as a period that holds ``on`` (so whether
    it was taking cases on ``on`` is not known)."""
    for site in rules.sites.sites_for(code, on):
        window = site.start_window
        if window is not None and on in window:
            return site
    return None


_PILOT_STARTED = cite(PILOT_LANDING_PAGE, "collection published 14 June 2021", P)


T = TypeVar("T")


class _once(Generic[T]):  # lower case: used as a decorator
    """A value worked out when first read and kept in the instance's ``__dict__`` (as
    :func:`functools.cached_property`, without its lock, which Python 3.11 takes on each
    first read)."""

    def __init__(self, work: Callable[[Any], T]) -> None:
        self.work, self.__doc__ = work, work.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type) -> _once[T]: ...
    @overload
    def __get__(self, instance: object, owner: type) -> T: ...
    def __get__(self, instance: object, owner: type) -> T | _once[T]:
        if instance is None:  # read from the class (docs, help()): the descriptor itself
            return self
        value = self.work(instance)
        instance.__dict__[self.name] = value
        return value


@attrs.frozen(slots=False)  # the values worked out once are kept in its __dict__
class RouteSubject:
    """What the routing rules read: a referral's facts as they stand on ``on`` (the day of
    the route), and the rules; ``site_id`` is the site a recorded route or decision names
    (read by :data:`SITE_COVERS_RULE`). What several rules read is worked out once, when
    first read.
    """

    child: Child
    referred_on: dt.date = attrs.field(kw_only=True)
    nation: Nation = attrs.field(kw_only=True)
    on: dt.date = attrs.field(kw_only=True)
    rules: Rules = attrs.field(kw_only=True)
    pod_status: PodStatus = attrs.field(kw_only=True, default=PodStatus.NONE)
    authority: str = attrs.field(kw_only=True, default="")
    site_id: str = attrs.field(kw_only=True, default="")

    @classmethod
    def of(cls, referral: Referral, on: dt.date, rules: Rules) -> RouteSubject:
        """The subject of routing ``referral`` on ``on``."""
        return cls(
            referral.child,
            referred_on=referral.referred_on,
            nation=referral.nation,
            on=on,
            rules=rules,
            pod_status=referral.pod_status,
            authority=referral.safeguarding_authority,
        )

    @_once
    def measured_on(self) -> dt.date:
        """The day the age cut-off is measured on (policy ``pilot_age_reference``; raises
        :class:`~nrm_core.errors.PolicyRangeError` before the pilot's rules exist)."""
        reference = self.rules.policy.pilot_age_reference.value_at(self.referred_on, self.nation)
        return self.referred_on if reference is AgeReference.REFERRAL_DATE else self.on

    @_once
    def cutoff(self) -> ParameterValue[Duration]:
        """The age cut-off in force on :attr:`measured_on`."""
        return self.rules.policy.pilot_age_cutoff.at(self.measured_on, self.nation)

    @_once
    def days_before_18(self) -> int | None:
        """Days from :attr:`measured_on` to the 18th birthday (``None``: no date of birth)."""
        born = self.child.date_of_birth
        if born is None:
            return None
        return (eighteenth_birthday(born, self.nation, rules=self.rules) - self.measured_on).days

    @_once
    def lookup(self) -> AuthorityLookup:
        """The authority's code on the day (raises for a code not in the register)."""
        return self.rules.authorities.lookup(self.authority, self.on)

    @_once
    def code(self) -> str:
        """The authority's code as the rules read it on the day: its own, or, where it was in
        use on the referral date and one code has replaced it since (a council reorganised
        during the case, such as North Yorkshire's county by the unitary council on 1 April
        2023), that code: the child stays the safeguarding responsibility of the council that
        took over, as :data:`SITE_COVERS_RULE` reads it. Several successors (a council split
        in two) leave the child's council open: the code stays its own."""
        try:
            lookup = self.lookup
        except (UnknownAuthorityError, ValueError):
            return self.authority
        if (
            not lookup.valid
            and len(lookup.successors) == 1
            and lookup.authority.is_valid_on(self.referred_on)
        ):
            return lookup.successors[0].gss_code
        return self.authority

    @_once
    def sites(self) -> tuple[Site, ...]:
        """The pilot sites of the authority (:attr:`code`) that had started by the day (a
        start known only as a period read as the policy's ``site_start_reading`` says)."""
        last_day = _start_reading(self.on, self.rules) is SiteStartReading.LAST_DAY
        return tuple(
            site
            for site in self.rules.sites.sites_for(self.code, self.on)
            if not last_day
            or site.start_period is None
            or site.start_period.exact
            or self.on >= site.start_period.last_day
        )

    def excluded(self, parameter: str, unset: Citation) -> tuple[bool, Citation]:
        """Whether an exclusion was in force on the day, and its citation (not in force, and
        ``unset``, before the pilot's rules begin)."""
        try:
            value = self.rules.policy.get(parameter).at(self.on, self.nation)
        except PolicyRangeError:
            return False, unset
        return bool(value.value), value.citation


Explained = tuple[Code, str, Citation | None, Mapping[str, object]]
"""What a routing rule's explanation gives: the code, the message, the citation and the
inputs (shown as text) of its finding."""


def _rule(
    rule: str,
    summary: str,
    citation: Citation | None,
    holds: Callable[[RouteSubject], bool],
    explain: Callable[[RouteSubject, bool], Explained],
) -> Check[RouteSubject]:
    """A routing rule as a check: ``holds`` decides (lean, nothing built either way);
    ``explain`` words the finding whichever way it went, located at the rule."""

    def finding(subject: RouteSubject, passed: bool) -> Finding:
        code, message, cited, inputs = explain(subject, passed)
        shown = tuple([(name, str(value)) for name, value in inputs.items()])
        return Finding(
            code, message=message, citation=cited, inputs=shown, passed=passed, location=rule
        )

    def test(subject: RouteSubject) -> str | None:  # lean: the finding is built by explain
        return None if holds(subject) else rule

    return Check(rule, summary=summary, citation=citation, test=test, explain=finding)


# --------------------------------------------------------------------------- the rules


def _is_child(s: RouteSubject) -> bool:
    return is_treated_as_child(s.child, s.referred_on, s.nation, rules=s.rules)


def _child(s: RouteSubject, passed: bool) -> Explained:
    inputs = {"referred_on": s.referred_on.isoformat(), "age_basis": s.child.age_basis.value}
    if not passed:
        message = "18 or over on the referral date by the recorded date of birth (not a child case)"
        return NOT_A_CHILD, message, age_presumption(s.nation), inputs
    unknown = (
        ""
        if s.child.date_of_birth_known or s.child.age_basis.is_uncertain
        else " (no date of birth is recorded: the referral says under 18, and a person who "
        "may be under 18 is treated as a child)"
    )
    message = f"treated as a child on the referral date{unknown}"
    return CHILD_ON_REFERRAL, message, age_presumption(s.nation), inputs


def _before_cutoff(s: RouteSubject) -> bool:
    try:
        limit, days = s.cutoff.value.amount, s.days_before_18
        if days is None:
            return _unknown_birth_date(s).value is UnknownBirthDateRule.ASSUME_BEFORE_CUTOFF
    except PolicyRangeError:
        return False
    return days > limit


def _unknown_birth_date(s: RouteSubject) -> ParameterValue[UnknownBirthDateRule]:
    return s.rules.policy.pilot_unknown_birth_date.at(s.measured_on, s.nation)


def _age_cutoff(s: RouteSubject, passed: bool) -> Explained:
    try:
        value, days = s.cutoff, s.days_before_18
        rule = _unknown_birth_date(s) if days is None else None
    except PolicyRangeError as error:
        message = f"the pilot's rules did not exist yet: {error}"
        return PILOT_NOT_STARTED, message, _PILOT_STARTED, {"pilot_start": PILOT_START}
    limit = value.value.amount
    inputs: dict[str, object] = {"measured_on": s.measured_on, "cutoff_days": limit}
    if rule is not None:
        then = (
            f"assumed more than {limit} days before the 18th birthday until it is recorded"
            if passed
            else "treated as not in the pilot's scope (the SCA decides) until it is recorded"
        )
        message = (
            f"the date of birth is unknown, so the test of more than {limit} days before the "
            f"18th birthday cannot be made: {then} (policy pilot_unknown_birth_date: "
            f"{rule.value.value})"
        )
        return (
            AGE_CUTOFF_NOT_MADE,
            message,
            rule.citation,
            {**inputs, "assumption": rule.value.value},
        )
    if days is not None and days <= 0:
        # Already 18. The message and inputs carry no count of days (which would date the
        # birthday) and no date: ``Route.explain`` shows "18 on <measured_on>" unless redacted,
        # so the statement reaches a person reading the route, not a repr or a log.
        message = (
            f"already 18 on the day measured: not more than {limit} days before the 18th birthday"
        )
        return WITHIN_AGE_CUTOFF, message, value.citation, {**inputs, "already_18": "true"}
    code, than = (
        (BEFORE_AGE_CUTOFF, "more than") if passed else (WITHIN_AGE_CUTOFF, "not more than")
    )
    message = f"{days} days before the 18th birthday: {than} {limit}"
    inputs = {"measured_on": s.measured_on, "days_before_18": days, "cutoff_days": limit}
    return code, message, value.citation, inputs


def _age_not_excluded(s: RouteSubject) -> bool:
    uncertain = s.child.age_basis.is_uncertain
    return not uncertain or not s.excluded("pilot_excludes_uncertain_age", _UNCERTAIN)[0]


def _age_determined(s: RouteSubject, passed: bool) -> Explained:
    age_basis = s.child.age_basis
    in_force, citation = s.excluded("pilot_excludes_uncertain_age", _UNCERTAIN)
    inputs = {"age_basis": age_basis.value, "exclusion_in_force": str(in_force).lower()}
    if not age_basis.is_uncertain:
        return AGE_DETERMINED, "the age is not in dispute", citation, inputs
    if not passed:
        message = "it is uncertain whether the person is an adult or a child"
        return AGE_UNCERTAIN, message, citation, inputs
    message = (
        f"the age is uncertain, but uncertain ages did not exclude a child from the pilot on "
        f"{s.on.isoformat()}"
    )
    return AGE_UNCERTAIN_NOT_YET_EXCLUDED, message, citation, inputs


_OPEN_POD = (PodStatus.UNDER_CONSIDERATION, PodStatus.APPLIED)


def _pod_not_excluded(s: RouteSubject) -> bool:
    return s.pod_status not in _OPEN_POD or not s.excluded("pilot_excludes_pod", _POD)[0]


def _no_pod(s: RouteSubject, passed: bool) -> Explained:
    in_force, citation = s.excluded("pilot_excludes_pod", _POD)
    inputs = {"pod_status": s.pod_status.value, "exclusion_in_force": str(in_force).lower()}
    if s.pod_status not in _OPEN_POD:
        message = "no Public Order Disqualification is being considered or applied"
        return NO_POD, message, citation, inputs
    if passed:
        message = (
            "a Public Order Disqualification status is recorded, but it did not exclude a "
            f"child from the pilot on {s.on.isoformat()}"
        )
        return POD_NOT_YET_EXCLUDED, message, citation, inputs
    if s.pod_status is PodStatus.UNDER_CONSIDERATION:
        message = "a Public Order Disqualification is being considered"
        return POD_UNDER_CONSIDERATION, message, citation, inputs
    return POD_APPLIED, "a Public Order Disqualification has been applied", citation, inputs


def _in_use(s: RouteSubject) -> bool:
    try:
        return s.lookup.valid or s.code != s.authority
    except UnknownAuthorityError:
        return False


def _authority(s: RouteSubject, passed: bool) -> Explained:
    try:
        lookup = s.lookup
    except UnknownAuthorityError as error:
        return AUTHORITY_UNKNOWN, str(error), _AUTHORITY, {"gss_code": s.authority}
    successors = ";".join(a.gss_code for a in lookup.successors)
    inputs = {"gss_code": s.authority, "on": s.on, "successors": successors}
    if passed and not lookup.valid:  # replaced since the referral: read as its successor
        successor = lookup.successors[0]
        message = (
            f"{s.authority} ({lookup.authority.name}) was in use on the referral date "
            f"({s.referred_on.isoformat()}) and has been replaced since: on "
            f"{s.on.isoformat()} the child's council is its successor {successor.gss_code} "
            f"({successor.name})"
        )
        return AUTHORITY_IN_USE, message, _SUCCESSOR, inputs
    code = AUTHORITY_IN_USE if passed else AUTHORITY_NOT_IN_USE
    return code, lookup.message, _AUTHORITY, inputs


def _in_a_site(s: RouteSubject) -> bool:
    return bool(s.sites)


def _pilot_site(s: RouteSubject, passed: bool) -> Explained:
    code, on = s.code, s.on.isoformat()
    ever = s.sites if passed else s.rules.sites.sites_with_member(code)
    if not ever:
        message = f"{code} is not a member of any pilot site in the registry"
        return AUTHORITY_NOT_IN_PILOT, message, _SCOPE, {"gss_code": code}
    site = ever[0]
    citation: Citation | None = _SCOPE
    inputs = {"gss_code": code, "site_id": site.site_id}
    if passed:
        message = f"{code} was a member of pilot site {site.site_id} ({site.name}) on {on}"
        return PILOT_SITE_MEMBER, message, citation, inputs
    doubt = _start_in_doubt(code, s.on, s.rules)
    if doubt is not None and doubt.start_period is not None:
        period = doubt.start_period
        message = (
            f"{code} belongs to pilot site {doubt.site_id} ({doubt.name}), whose start is known "
            f"only as {period}; the policy reads it as the period's last day "
            f"({period.last_day.isoformat()}), after {on}"
        )
        citation = _start_reading_citation(s.on, s.rules)
        return SITE_NOT_OPERATING, message, citation, {**inputs, "site_id": doubt.site_id}
    message = (
        f"{code} belongs to pilot site {site.site_id} ({site.name}), which was not operating "
        f"with it as a member on {on} (site operating {site.operating})"
    )
    return SITE_NOT_OPERATING, message, citation, inputs


ROUTING_CHECKS: CheckTable[RouteSubject] = CheckTable(
    [
        _rule(
            "child", "Treated as a child on the referral date (MSA 2015 s.51 and its equivalents).",
            age_presumption(Nation.ENGLAND), _is_child, _child,
        ),
        _rule(
            "age-cutoff",
            "More than the cut-off (policy pilot_age_cutoff) before the 18th birthday, measured "
            "on the day policy pilot_age_reference names; with no date of birth, as policy "
            "pilot_unknown_birth_date assumes; none before the pilot's rules exist.",
            _SCOPE, _before_cutoff, _age_cutoff,
        ),
        _rule(
            "age-determined",
            "The age is not disputed or uncertain, from the day that exclusion applies (policy "
            "pilot_excludes_uncertain_age).",
            _UNCERTAIN, _age_not_excluded, _age_determined,
        ),
        _rule(
            "no-pod",
            "No Public Order Disqualification is under consideration or applied, from the day "
            "that exclusion applies (policy pilot_excludes_pod).",
            _POD, _pod_not_excluded, _no_pod,
        ),
        _rule(
            "authority",
            "The safeguarding authority's GSS code was in use on the day (or was on the "
            "referral date, and one code has replaced it since: read as that code).",
            _AUTHORITY, _in_use, _authority,
        ),
        _rule(
            "pilot-site",
            "The authority was a member of a pilot site operating on the day (a start known only "
            "as a period read as policy site_start_reading says).",
            _SCOPE, _in_a_site, _pilot_site,
        ),
    ]
)  # fmt: skip
"""The routing rules, in order (FR Guide 2025 §10 and the sources each cites): any failure
routes the case to the SCA. :func:`route` explains every rule (``results``: each rule's
finding, passed or failed); :func:`decision_maker_for` and the route re-checks of
validation and the lifecycle evaluate the same rows lean (``holds``: in order until one
fails, no finding built). Where a rule depends on a date (the exclusions, the cut-off),
the policy value in force that day decides, and its citation is the finding's. A row's
``code`` names the rule (its findings' ``location``); the codes its findings carry, passed
or failed, are declared in :data:`CODES`."""


def _covers(s: RouteSubject) -> bool:
    try:
        site = s.rules.sites.get(s.site_id)
    except KeyError:
        return False
    return bool(_covering(s, site))


def _covering(s: RouteSubject, site: Site) -> list[str]:
    """The site's members that day that are the authority or a successor of its code."""
    codes = {s.authority}
    with contextlib.suppress(UnknownAuthorityError, ValueError):
        codes.update(a.gss_code for a in s.lookup.successors)
    return [m.gss_code for m in site.members_on(s.on) if m.gss_code in codes]


def _site_covers(s: RouteSubject, passed: bool) -> Explained:
    site_id, code, on = s.site_id, s.authority, s.on.isoformat()
    inputs: dict[str, object] = {"site_id": site_id, "gss_code": code, "on": on}
    try:
        site = s.rules.sites.get(site_id)
    except KeyError:
        message = (
            f"there is no pilot site {site_id} in the site register "
            f"({len(s.rules.sites.sites)} sites; add yours with --sites)"
        )
        return SITE_DOES_NOT_COVER, message, _SCOPE, inputs
    try:
        name = f"{code} ({s.lookup.authority.name})"
    except (UnknownAuthorityError, ValueError):
        name = code
    if passed:
        covering = _covering(s, site)[0]
        via = "" if covering == code else f" (through its successor {covering})"
        message = f"pilot site {site_id} ({site.short_name}) covered {name}{via} on {on}"
        return SITE_COVERS, message, _SCOPE, inputs
    if not site.is_operating_on(s.on):
        why = f"it was not operating that day (operating {site.operating})"
    else:
        listed = ", ".join(_member_name(m.gss_code, s.rules) for m in site.members_on(s.on))
        why = f"its members that day were {listed}"
    message = f"pilot site {site_id} ({site.short_name}) did not cover {name} on {on}: {why}"
    return SITE_DOES_NOT_COVER, message, _SCOPE, inputs


SITE_COVERS_RULE: Check[RouteSubject] = _rule(
    "site-covers",
    "The pilot site named covered the authority that day: it was operating and the authority "
    "(or the authority that replaced its code) was one of its members.",
    _SCOPE, _covers, _site_covers,
)  # fmt: skip
"""The rule a recorded route to a panel, and a panel's decision, are checked by (the
lifecycle's ``site-does-not-cover-authority`` guard): lean when it holds."""


# --------------------------------------------------------------------------- each rule alone


def _one(check: Check[RouteSubject], subject: RouteSubject) -> Finding:
    (finding,) = check.results(subject)
    return finding


def child_on_referral(
    child: Child, referred_on: dt.date, nation: Nation, *, rules: Rules | None = None
) -> Finding:
    """Whether the person is treated as a child on the referral date (MSA 2015 s.51).

    >>> import datetime as dt
    >>> from nrm_core.eligibility import child_on_referral
    >>> from nrm_core import AgeBasis, Child, Nation
    >>> child_on_referral(
    ...     Child("C-1", date_of_birth=dt.date(2000, 1, 1), age_basis=AgeBasis.CLAIMED),
    ...                   dt.date(2026, 1, 1), Nation.ENGLAND).passed
    False
    """
    rules = resolve(rules, "child_on_referral")
    subject = RouteSubject(
        child, referred_on=referred_on, nation=nation, on=referred_on, rules=rules
    )
    return _one(ROUTING_CHECKS.checks[0], subject)


def _alone(on: dt.date, nation: Nation | None, rules: Rules, **facts: Any) -> RouteSubject:
    """A subject for asking one rule alone: the facts it reads, measured on ``on``."""
    if nation is None:  # an authority's rule: the nation its GSS code belongs to
        nation = _nation_of(facts["authority"])
    child = facts.pop("child", None) or Child("X", date_of_birth=None, age_basis=AgeBasis.CLAIMED)
    return RouteSubject(child, referred_on=on, nation=nation, on=on, rules=rules, **facts)


def _nation_of(code: str) -> Nation:
    """The nation of an authority's GSS code (England for a code of no nation: the rules
    asked alone about an authority read no nation-dated value)."""
    try:
        return Nation.from_gss_code(code)
    except InvalidValueError:
        return Nation.ENGLAND


def cutoff_days(referred_on: dt.date, nation: Nation, *, rules: Rules | None = None) -> int | None:
    """The pilot's age cut-off, in days before the 18th birthday, for a referral made on
    ``referred_on`` in ``nation``: policy ``pilot_age_cutoff`` on the referral date (``None``
    before the pilot's rules exist). What a message names when the test cannot be made (no
    date of birth): where validation and the form import read it.

    >>> import datetime as dt
    >>> from nrm_core import Nation
    >>> from nrm_core.eligibility import cutoff_days
    >>> cutoff_days(dt.date(2026, 3, 2), Nation.ENGLAND)
    100
    >>> cutoff_days(dt.date(2020, 1, 6), Nation.ENGLAND) is None   # before the pilot
    True
    """
    rules = resolve(rules, "cutoff_days")
    try:
        return rules.policy.pilot_age_cutoff.value_at(referred_on, nation).amount
    except PolicyRangeError:
        return None


def age_cutoff(
    date_of_birth: dt.date | None, on: dt.date, nation: Nation, *, rules: Rules | None = None
) -> Finding:
    """Whether ``on`` is MORE than the cut-off (100 days) before the 18th birthday.

    Exactly 100 days before is out; 101 is in. With no date of birth (``None``) the test
    cannot be made: the check says so (``age-cutoff-not-made``) and passes or fails as
    the policy's ``pilot_unknown_birth_date`` says (by default it assumes the child is more
    than the cut-off before 18, an unverified default).

    >>> import datetime as dt
    >>> from nrm_core.eligibility import age_cutoff
    >>> from nrm_core import Nation
    >>> dob = dt.date(2010, 5, 17)   # 18th birthday 2028-05-17
    >>> age_cutoff(dob, dt.date(2028, 2, 6), Nation.ENGLAND).passed   # 101 days before
    True
    >>> age_cutoff(dob, dt.date(2028, 2, 7), Nation.ENGLAND).passed   # 100 days before
    False
    """
    rules = resolve(rules, "age_cutoff")
    child = Child("X", date_of_birth=date_of_birth, age_basis=AgeBasis.CLAIMED)
    return _one(ROUTING_CHECKS.checks[1], _alone(on, nation, rules, child=child))


def age_determined(
    age_basis: AgeBasis, on: dt.date, nation: Nation, *, rules: Rules | None = None
) -> Finding:
    """Whether the age is determined (not disputed or uncertain), where that exclusion applies.

    The exclusion of uncertain ages applies from its own date (policy parameter
    ``pilot_excludes_uncertain_age``: about 1 July 2022, inferred); before it, an uncertain
    age did not take a child out of the pilot.

    >>> import datetime as dt
    >>> from nrm_core import AgeBasis, Nation
    >>> from nrm_core.eligibility import age_determined
    >>> age_determined(AgeBasis.DISPUTED, dt.date(2026, 1, 5), Nation.WALES).code
    'age-disputed-or-uncertain'
    >>> age_determined(AgeBasis.DISPUTED, dt.date(2022, 1, 5), Nation.WALES).passed
    True
    """
    rules = resolve(rules, "age_determined")
    child = Child("X", date_of_birth=None, age_basis=age_basis)
    return _one(ROUTING_CHECKS.checks[2], _alone(on, nation, rules, child=child))


def no_public_order_disqualification(
    pod_status: PodStatus, on: dt.date, nation: Nation, *, rules: Rules | None = None
) -> Finding:
    """Whether no Public Order Disqualification is under consideration or applied, where that
    exclusion applies (from 30 January 2023, when NABA 2022 s.63 came into force).

    >>> import datetime as dt
    >>> from nrm_core import PodStatus, Nation
    >>> from nrm_core.eligibility import no_public_order_disqualification
    >>> no_public_order_disqualification(PodStatus.NOT_APPLIED, dt.date(2026, 1, 5),
    ...                                  Nation.WALES).passed
    True
    """
    rules = resolve(rules, "no_public_order_disqualification")
    return _one(ROUTING_CHECKS.checks[3], _alone(on, nation, rules, pod_status=pod_status))


def authority_in_use(code: str, on: dt.date, *, rules: Rules | None = None) -> Finding:
    """Whether GSS code ``code`` was in use on ``on`` (with successors if it was retired).

    >>> import datetime as dt
    >>> from nrm_core.eligibility import authority_in_use
    >>> check = authority_in_use("E10000023", dt.date(2023, 4, 1))
    >>> check.code, "E06000065" in check.message
    ('authority-code-not-in-use', True)
    """
    rules = resolve(rules, "authority_in_use")
    return _one(ROUTING_CHECKS.checks[4], _alone(on, None, rules, authority=code))


def pilot_site(
    code: str, on: dt.date, *, rules: Rules | None = None
) -> tuple[Finding, Site | None]:
    """The operating pilot site that authority ``code`` belonged to on ``on``, if any.

    A site whose start is known only as a period is operating from the day of the period
    the policy's ``site_start_reading`` names (its first day by default).

    >>> import datetime as dt
    >>> from nrm_core.eligibility import pilot_site
    >>> check, site = pilot_site("E08000025", dt.date(2025, 6, 1))
    >>> check.code
    'site-not-operating'
    """
    subject = _alone(on, None, resolve(rules, "pilot_site"), authority=code)
    finding = _one(ROUTING_CHECKS.checks[5], subject)
    return finding, subject.sites[0] if finding.passed else None


def site_covers(site_id: str, code: str, on: dt.date, *, rules: Rules | None = None) -> Finding:
    """Whether pilot site ``site_id`` covered authority ``code`` on ``on``: the site was
    operating and the authority (or the authority that replaced its code, e.g. North
    Yorkshire's county code by the unitary council's) was one of its members that day.

    A panel decides only for children who are the safeguarding responsibility of its
    members (FR Guide 2025 §10). The message names the site's members that day.

    >>> import datetime as dt
    >>> from nrm_core.eligibility import site_covers
    >>> print(site_covers("P1-01", "E06000010", dt.date(2026, 3, 3)).message)
    ... # doctest: +NORMALIZE_WHITESPACE
    pilot site P1-01 (Cardiff Council) did not cover E06000010 (Kingston upon Hull, City of)
    on 2026-03-03: its members that day were W06000015 (Cardiff)
    >>> site_covers("P1-08", "E10000023", dt.date(2023, 5, 2)).passed  # by its successor
    True
    """
    check_day("site_covers", "on", on)
    subject = _alone(on, None, resolve(rules, "site_covers"), authority=code, site_id=site_id)
    return _one(SITE_COVERS_RULE, subject)


def site_does_not_cover(site_id: str, code: str, on: dt.date, rules: Rules) -> str | None:
    """``None`` when pilot site ``site_id`` covered ``code`` on ``on`` (lean: nothing built),
    else why not (:func:`site_covers`'s message)."""
    subject = _alone(on, None, rules, authority=code, site_id=site_id)
    found = SITE_COVERS_RULE.findings(subject)
    return found[0].message if found else None


def _member_name(code: str, rules: Rules) -> str:
    try:
        return f"{code} ({rules.authorities.get(code).name})"
    except (UnknownAuthorityError, ValueError):
        return code


def _start_reading_citation(on: dt.date, rules: Rules) -> Citation | None:
    try:
        return rules.policy.site_start_reading.at(on).citation
    except PolicyRangeError:
        return None


def _phase_two_named(rules: Rules) -> int:
    """How many phase-2 sites the rules' register names (phase "2", or "2 (inferred)")."""
    return sum(1 for site in rules.sites.sites if (site.phase or "").split()[:1] == ["2"])


def _route_notes(s: RouteSubject, checks: tuple[Finding, ...]) -> list[Finding]:
    """What the answer rests on that the rules cannot settle: each a note with its code,
    message and citation (whose confidence is the answer's). Only what would change the
    answer is noted: every other check passed."""
    code, on, rules = s.authority, s.on, s.rules
    cutoff, site_rule = checks[1], checks[5]
    notes: list[Finding] = []
    others = checks[:1] + checks[2:5]
    if cutoff.code == AGE_CUTOFF_NOT_MADE and site_rule.passed and all(c.passed for c in others):
        inputs = dict(cutoff.inputs)
        notes.append(
            Finding(
                DATE_OF_BIRTH_UNKNOWN,
                message="the answer depends on the child's date of birth, which is unknown: "
                f"the pilot's {inputs['cutoff_days']}-day test was not made ("
                + ("in scope by assumption" if cutoff.passed else "the SCA by assumption")
                + "); record the date of birth and route again",
                citation=cutoff.citation,
                inputs=(("assumption", inputs["assumption"]),),
            )
        )
    if not all(check.passed for check in checks[:5]):
        return notes
    site = _start_in_doubt(code, on, rules)
    if site is not None:
        period = site.start_period
        assert period is not None  # a site in doubt has a start period
        reading = _start_reading(on, rules)
        answer = (
            "routed to the site" if reading is SiteStartReading.FIRST_DAY else "routed to the SCA"
        )
        notes.append(
            Finding(
                SITE_START_UNVERIFIED,
                message=f"the answer depends on when site {site.site_id} ({site.short_name}) "
                f"started taking cases, which is known only as {period}: no start day is "
                f"published. The policy reads it as the period's {reading.value.replace('-', ' ')}"
                f" (site_start_reading), so the referral is {answer}; confirm whether the site "
                f"was taking cases on {on.isoformat()}",
                citation=_start_reading_citation(on, rules),
                inputs=(
                    ("site_id", site.site_id),
                    ("site_start", period.given),
                    ("window_start", period.first_day.isoformat()),
                    ("window_end", period.last_day.isoformat()),
                    ("reading", reading.value),
                ),
            )
        )
    named = _phase_two_named(rules)
    if (
        on >= PHASE_TWO_START
        and not rules.sites.sites_with_member(code)
        and named < PHASE_TWO_SITES
    ):
        notes.append(
            Finding(
                SITE_REGISTER_INCOMPLETE,
                message=f"{code} is in no pilot site of the register, but the register names "
                f"only {named} of the {PHASE_TWO_SITES} sites that joined between February and "
                "April 2023 (20 sites and 30 authorities after phase 2): if this council's area "
                "is a pilot site, add it with your own site file (how-to 'Add or correct your "
                "site's registration'; --sites FILE)",
                citation=_REGISTER_GAP,
                inputs=(("gss_code", code), ("phase_two_sites_named", str(named))),
            )
        )
    return notes


def _recorded(finding: Finding) -> Finding:
    """A routing finding as an event records it (the case format has no ``passed`` or
    ``location``), so that the event read back from a case file equals the one written."""
    return Finding(  # built directly: attrs.evolve reads every field again (1.6x the time)
        finding.code, message=finding.message, citation=finding.citation, inputs=finding.inputs
    )


@attrs.frozen
class Route(metaclass=Documented):
    """Who decides a referral, and every reason why: ``checks`` holds each routing rule's
    :class:`~nrm_core.checks.Finding`, passed or failed (its ``location`` is the rule, as
    in :data:`ROUTING_CHECKS`)."""

    referral_id: str
    on: dt.date = attrs.field(kw_only=True)
    decision_maker: DecisionMaker = attrs.field(kw_only=True)
    site: Site | None = attrs.field(kw_only=True)
    checks: tuple[Finding, ...] = attrs.field(kw_only=True)
    notes: tuple[Finding, ...] = attrs.field(default=(), kw_only=True)
    """What the answer rests on that the rules cannot settle, to confirm rather than reasons
    to reject: a site start known only as a period (``site-start-unverified``), an unknown
    date of birth (``date-of-birth-unknown``), a council missing from the incomplete list
    of 2023 sites (``site-register-incomplete``)."""

    @property
    def confidence(self) -> Confidence:
        """How sure the answer is of what it rests on beyond the rules: the lowest confidence
        of the notes' citations (``unverified`` for each kind of note), ``verified`` when
        there is no note. How sure each rule is, is on its check's citation."""
        order = (Confidence.UNVERIFIED, Confidence.SECONDARY, Confidence.VERIFIED)
        found = [n.citation.confidence if n.citation else Confidence.UNVERIFIED for n in self.notes]
        return min(found, key=order.index, default=Confidence.VERIFIED)

    @property
    def in_scope(self) -> bool:
        """Whether the child is in the pilot's scope (every check passed)."""
        return all(check.passed for check in self.checks)

    @property
    def exclusions(self) -> tuple[Finding, ...]:
        """The findings of every failed check, in order."""
        return tuple(check for check in self.checks if not check.passed)

    def explain(self, *, redact: bool = False, format: str = "text") -> str:
        """The route in plain English: who decides, then every check (``ok`` or ``NO``)
        and note, each with its stable code. The same words as ``nrm-core explain``;
        ``format="json"`` gives them as JSON data, as ``nrm-core explain --format json``
        shows a case's ``route``.

        ``redact=True`` leaves out the count of days to the 18th birthday.

        >>> from nrm_core import route
        >>> from nrm_core.samples import example_referral
        >>> print(route(example_referral()).explain().splitlines()[0])
        Route on 2026-03-02: pilot panel P1-01
        """
        heading = f"Route on {self.on.isoformat()}"
        data = _render.route_data(self, redact=redact)
        return _render.rendered(
            data, lambda d: _render.route_lines(d, heading), format, "Route.explain"
        )

    def to_event(self) -> RoutedToPanel | RoutedToSca:
        """The lifecycle event recording this route, carrying every reason (as a case file
        records them: no ``passed``, no ``location``)."""
        reasons = tuple(map(_recorded, self.checks)) + self.notes
        if self.site is not None and self.in_scope:
            return RoutedToPanel(self.on, self.site.site_id, reasons)
        return RoutedToSca(self.on, reasons)


def decision_maker_for(
    referral: Referral, on: dt.date | None = None, *, rules: Rules | None = None
) -> DecisionMaker:
    """``route(referral, on, rules=rules).decision_maker``, from a lean evaluation of the
    same routing rules (:data:`ROUTING_CHECKS`): they are applied in order until one fails,
    and no finding or message is built (for re-checking recorded routes in bulk).

    >>> from nrm_core.eligibility import decision_maker_for
    >>> from nrm_core.samples import example_referral
    >>> str(decision_maker_for(example_referral()))
    'pilot panel P1-01'
    """
    on = referral.referred_on if on is None else on
    rules = resolve(rules, "decision_maker_for")
    rules.authorities.get(referral.safeguarding_authority)  # raises for an unknown code
    subject = RouteSubject.of(referral, on, rules)
    if ROUTING_CHECKS.holds(subject):
        return DecisionMaker.panel(subject.sites[0].site_id)
    return DecisionMaker.sca()


class Routings:
    """The routing rules' lean answer (:func:`decision_maker_for`) for one referral under one
    set of rules, as it stands on a day (the disqualification status and any age dispute its
    case has recorded by then), each worked out at most once. A case keeps one for its
    history: the replay's guards and the validator's route check ask it, so the rules run
    once for the same facts and day. It goes with its case: never global, never shared
    (it keeps answers about one child). For the reasons behind an answer, ask :func:`route`
    about :meth:`as_it_stood`.

    >>> from nrm_core import Rules
    >>> from nrm_core.eligibility import Routings
    >>> from nrm_core.referral import PodStatus
    >>> from nrm_core.samples import example_referral
    >>> referral = example_referral()
    >>> routes = Routings(referral, Rules.bundled())
    >>> str(routes.decision_maker(referral.referred_on))
    'pilot panel P1-01'
    >>> str(routes.decision_maker(referral.referred_on, PodStatus.UNDER_CONSIDERATION))
    'SCA'
    >>> str(routes.decision_maker(referral.referred_on, age_disputed=True))
    'SCA'
    """

    __slots__ = ("_made", "referral", "rules")

    def __init__(self, referral: Referral, rules: Rules) -> None:
        self.referral, self.rules = referral, rules
        self._made: dict[tuple[dt.date, PodStatus, bool], DecisionMaker | None] = {}

    def decision_maker(
        self, on: dt.date, pod_status: PodStatus | None = None, age_disputed: bool = False
    ) -> DecisionMaker | None:
        """Who the rules give on ``on`` (``None``: the authority is not in the register), for
        the referral with ``pod_status`` (default: its own) and, if ``age_disputed``, its age
        disputed."""
        key = (on, self.referral.pod_status if pod_status is None else pod_status, age_disputed)
        made = self._made
        if key not in made:
            try:
                made[key] = decision_maker_for(
                    self.as_it_stood(key[1], age_disputed), on, rules=self.rules
                )
            except (UnknownAuthorityError, ValueError):
                made[key] = None
        return made[key]

    def as_it_stood(self, pod_status: PodStatus, age_disputed: bool) -> Referral:
        """The referral with the disqualification status and (if ``age_disputed``) the age
        dispute its case had recorded: what the rules are asked about."""
        return _as_it_stands(
            self.referral, pod_status, AgeBasis.DISPUTED if age_disputed else None, None
        )

    def panel(
        self, on: dt.date, pod_status: PodStatus, age_disputed_on: dt.date | None
    ) -> DecisionMaker | None:
        """The pilot panel the rules give on ``on`` for the referral as it stands (with the
        disqualification status and any age dispute recorded since), or ``None`` (they give
        the SCA, or the authority is not in the register)."""
        maker = self.decision_maker(on, pod_status, age_disputed_on is not None)
        return maker if maker is not None and maker.is_pilot_panel else None


def _as_it_stands(
    referral: Referral,
    pod_status: PodStatus,
    age_basis: AgeBasis | None,
    authority: str | None,
) -> Referral:
    """``referral`` as its case stands: with ``pod_status``, and ``age_basis`` and
    ``authority`` where given (the one place a routing question's referral is built, for
    :class:`Routings` and :func:`transfer_if_out_of_scope`); the referral itself if nothing
    differs."""
    child = referral.child
    if age_basis is not None and child.age_basis is not age_basis:
        child = attrs.evolve(child, age_basis=age_basis)
    if authority is None:
        authority = referral.safeguarding_authority
    if (
        child is not referral.child
        or pod_status is not referral.pod_status
        or authority != referral.safeguarding_authority
    ):
        referral = attrs.evolve(
            referral, child=child, pod_status=pod_status, safeguarding_authority=authority
        )
    return referral


def route(referral: Referral, on: dt.date | None = None, *, rules: Rules | None = None) -> Route:
    """Route ``referral`` on ``on`` (default: the referral date) to a pilot panel or the SCA:
    :data:`ROUTING_CHECKS` explained, every rule's finding and the notes.

    Every rule comes from ``rules`` (default: :meth:`Rules.bundled`): add or
    correct a site with ``rules.with_sites(rules.sites.merged(your_registry))``.

    Raises :class:`~nrm_core.registry.UnknownAuthorityError` (naming the code, and codes
    like it in the register) when the safeguarding authority's code is not in the rules'
    register at all: there is no honest answer to "who decides" then, and "SCA" would
    read as one. A code that is in the register but retired on ``on`` is an ordinary
    failed check (``authority-code-not-in-use``, with its successors).
    """
    if not isinstance(referral, Referral):
        raise InvalidTypeError("route", "referral", "expected a Referral")
    if on is None:
        on = referral.referred_on
    elif isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise InvalidTypeError("route", "on", "expected a datetime.date or None")
    rules = resolve(rules, "route")
    # No answer for an authority the register does not know: "SCA" would look like a
    # decision about the child when it is a data error (the code, or an old register).
    rules.authorities.get(referral.safeguarding_authority)
    subject = RouteSubject.of(referral, on, rules)
    checks = ROUTING_CHECKS.results(subject)
    in_scope = all(check.passed for check in checks)
    site = subject.sites[0] if in_scope else None
    return Route(
        referral.referral_id,
        on=on,
        decision_maker=DecisionMaker.panel(site.site_id) if site else DecisionMaker.sca(),
        site=site,
        checks=checks,
        notes=tuple(_route_notes(subject, checks)),
    )


def transfer_if_out_of_scope(
    case: Case,
    on: dt.date,
    *,
    age_basis: AgeBasis | None = None,
    safeguarding_authority: str | None = None,
) -> TransferredToSca | None:
    """If a pilot case has left the pilot's scope, the transfer to the SCA, with its reasons.

    Re-applies :func:`route`'s rules (the case's own :class:`~nrm_core.Rules`) on
    ``on`` to the case as circumstances now
    stand: a new ``age_basis`` (an age dispute raised), the case's Public Order
    Disqualification status, and a new ``safeguarding_authority``. Returns
    ``None`` when the case is not with a pilot panel, has ended by ``on`` (a transfer
    then cannot be recorded), or is still in scope. A move to another pilot site's
    authority is also returned as a transfer to the SCA: moves between sites are not
    published. Raises :class:`~nrm_core.errors.InvalidValueError` for an ``on`` before
    the referral date or the case's last event.
    """
    check_day("transfer_if_out_of_scope", "on", on)
    if on < case.referral.referred_on:
        raise InvalidValueError("transfer_if_out_of_scope", "on", "is before the referral date")
    last = case.last_event_on
    if on < last:
        raise InvalidValueError(
            "transfer_if_out_of_scope",
            "on",
            f"is before the case's last event ({last.isoformat()}): a transfer is recorded "
            "after it (for the case as it stood on an earlier day, ask about case.as_of(day))",
        )
    current = case.decision_maker
    if current is None or not current.is_pilot_panel or not case.is_open(on):
        return None
    if age_basis is None and case.age_disputed_on is not None:
        age_basis = AgeBasis.DISPUTED  # an age dispute recorded on the case
    now = _as_it_stands(case.referral, case.pod_status, age_basis, safeguarding_authority)
    result = route(now, on, rules=case.rules)
    if result.in_scope and result.decision_maker == current:
        return None
    reasons = tuple(map(_recorded, result.exclusions))
    if not reasons:
        reasons = (
            Finding(
                AUTHORITY_IN_ANOTHER_SITE,
                message="responsibility moved to an authority in pilot site "
                f"{result.decision_maker.site_id}, not the case's site {current.site_id}",
                citation=_OTHER_SITE,
            ),
        )
    return TransferredToSca(on, reasons)
