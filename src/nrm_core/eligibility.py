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
reports **every** result (passed or failed), each a :class:`RoutingCheck` with a
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
>>> [c.reason.code for c in late.checks if not c.passed], str(late.decision_maker)
(['within-age-cutoff'], 'SCA')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from nrm_core import _render
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
from nrm_core.checks import Citation, Code, Confidence, Finding, Severity
from nrm_core.child import AgeBasis, Child, age_presumption, is_treated_as_child
from nrm_core.decision import DecisionMaker
from nrm_core.errors import InvalidTypeError, PolicyRangeError
from nrm_core.events import RoutedToPanel, RoutedToSca, TransferredToSca
from nrm_core.nations import Nation
from nrm_core.policy import PILOT_START, AgeReference, SiteStartReading, UnknownBirthDateRule
from nrm_core.referral import PodStatus, Referral
from nrm_core.registry import UnknownAuthorityError
from nrm_core.rules import Rules, resolve
from nrm_core.site import Site

if TYPE_CHECKING:  # the lifecycle's guards call the routing rules: no runtime import back
    from nrm_core.lifecycle import Case

__all__ = [
    "Route",
    "RoutingCheck",
    "age_cutoff",
    "age_determined",
    "authority_in_use",
    "child_on_referral",
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
_OTHER_SITE = cite(FR_GUIDE_2025, "§10", U, "moves between areas are not published")


class RoutingCheck:
    """The result of one routing rule: ``passed`` and the reason, whichever way it went.

    The rule is decided when the check is made; its reason (a
    :class:`~nrm_core.checks.Finding`: message, citation, inputs) is built the first time it
    is read. Reading ``passed`` alone, as a lean evaluation of the routing rules does
    (:func:`decision_maker_for`), builds no message. ``reason`` may be given as a finding or
    as a function returning one.
    """

    __slots__ = ("_explain", "_reason", "passed", "rule")

    def __init__(self, rule: str, passed: bool, reason: Finding | Callable[[], Finding]) -> None:
        self.rule = rule
        self.passed = passed
        self._reason = reason if isinstance(reason, Finding) else None
        self._explain = None if isinstance(reason, Finding) else reason

    @property
    def reason(self) -> Finding:
        """The finding: stable code, plain-English message, citation and inputs."""
        if self._reason is None:
            assert self._explain is not None
            self._reason, self._explain = self._explain(), None
        return self._reason

    def _key(self) -> tuple[str, bool, Finding]:
        return (self.rule, self.passed, self.reason)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RoutingCheck):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[Any, ...]:
        return (RoutingCheck, self._key())

    def __repr__(self) -> str:
        return f"RoutingCheck(rule={self.rule!r}, passed={self.passed!r}, reason={self.reason!r})"


class _Decided(RoutingCheck):
    """A routing rule's result: decided when made; its finding built only when read
    (``explain`` gives the message and the inputs, shown as text)."""

    __slots__ = ("_citation", "_code", "_inputs")

    def __init__(
        self,
        rule: str,
        passed: bool,
        code: str,
        explain: Callable[[], tuple[str, dict[str, object]]],
        citation: Citation | Callable[[], Citation | None] | None,
    ) -> None:
        self.rule = rule
        self.passed = passed
        self._reason = None
        self._explain = None
        self._code = code
        self._citation = citation
        self._inputs = explain

    @property
    def reason(self) -> Finding:
        """The finding, built the first time it is read."""
        if self._reason is None:
            message, inputs = self._inputs()
            shown = tuple((key, str(value)) for key, value in inputs.items())
            cited = self._citation
            citation = cited() if callable(cited) else cited
            self._reason = Finding(self._code, message=message, citation=citation, inputs=shown)
        return self._reason


_check = _Decided


def child_on_referral(
    child: Child, referred_on: dt.date, nation: Nation, *, rules: Rules | None = None
) -> RoutingCheck:
    """Whether the person is treated as a child on the referral date (MSA 2015 s.51).

    >>> import datetime as dt
    >>> from nrm_core.eligibility import child_on_referral
    >>> from nrm_core import AgeBasis, Child, Nation
    >>> child_on_referral(
    ...     Child("C-1", date_of_birth=dt.date(2000, 1, 1), age_basis=AgeBasis.CLAIMED),
    ...                   dt.date(2026, 1, 1), Nation.ENGLAND).passed
    False
    """
    if is_treated_as_child(child, referred_on, nation, rules=rules):
        unknown = (
            ""
            if child.date_of_birth_known or child.age_basis.is_uncertain
            else " (no date of birth is recorded: the referral says under 18, and a person who "
            "may be under 18 is treated as a child)"
        )
        return _check(
            "child",
            True,
            CHILD_ON_REFERRAL,
            lambda: (
                f"treated as a child on the referral date{unknown}",
                {"referred_on": referred_on.isoformat(), "age_basis": child.age_basis.value},
            ),
            lambda: age_presumption(nation),
        )
    return _check(
        "child",
        False,
        NOT_A_CHILD,
        lambda: (
            "18 or over on the referral date by the recorded date of birth (not a child case)",
            {"referred_on": referred_on.isoformat(), "age_basis": child.age_basis.value},
        ),
        lambda: age_presumption(nation),
    )


def _days_before_18(date_of_birth: dt.date, on: dt.date, nation: Nation, rules: Rules) -> int:
    """Days from ``on`` to the 18th birthday (negative after it)."""
    return (eighteenth_birthday(date_of_birth, nation, rules=rules) - on).days


def age_cutoff(
    date_of_birth: dt.date | None, on: dt.date, nation: Nation, *, rules: Rules | None = None
) -> RoutingCheck:
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
    value = rules.policy.pilot_age_cutoff.at(on, nation)
    if date_of_birth is None:
        return _unknown_birth_date(on, nation, value.value.amount, rules)
    days, limit = _days_before_18(date_of_birth, on, nation, rules), value.value.amount
    inputs = {"measured_on": on.isoformat(), "days_before_18": days, "cutoff_days": limit}
    if days > limit:
        return _check(
            "age-cutoff",
            True,
            BEFORE_AGE_CUTOFF,
            lambda: (
                f"{days} days before the 18th birthday: more than {limit}",
                {**inputs},
            ),
            value.citation,
        )
    if days <= 0:
        # Already 18. The message and inputs carry no count of days (which would date the
        # birthday) and no date: ``Route.explain`` shows "18 on <measured_on>" unless redacted,
        # so the statement reaches a person reading the route, not a repr or a log.
        return _check(
            "age-cutoff",
            False,
            WITHIN_AGE_CUTOFF,
            lambda: (
                f"already 18 on the day measured: not more than {limit} days before the "
                "18th birthday",
                {"measured_on": on.isoformat(), "already_18": "true", "cutoff_days": limit},
            ),
            value.citation,
        )
    return _check(
        "age-cutoff",
        False,
        WITHIN_AGE_CUTOFF,
        lambda: (
            f"{days} days before the 18th birthday: not more than {limit}",
            {**inputs},
        ),
        value.citation,
    )


def _unknown_birth_date(on: dt.date, nation: Nation, limit: int, rules: Rules) -> RoutingCheck:
    """The age cut-off check of a child whose date of birth is unknown: not made, and what
    the policy assumes instead."""
    rule = rules.policy.pilot_unknown_birth_date.at(on, nation)
    assume = rule.value is UnknownBirthDateRule.ASSUME_BEFORE_CUTOFF
    then = (
        f"assumed more than {limit} days before the 18th birthday until it is recorded"
        if assume
        else "treated as not in the pilot's scope (the SCA decides) until it is recorded"
    )
    return _check(
        "age-cutoff",
        assume,
        AGE_CUTOFF_NOT_MADE,
        lambda: (
            f"the date of birth is unknown, so the test of more than {limit} days before the "
            f"18th birthday cannot be made: {then} (policy pilot_unknown_birth_date: "
            f"{rule.value.value})",
            {"measured_on": on.isoformat(), "cutoff_days": limit, "assumption": rule.value.value},
        ),
        rule.citation,
    )


def _exclusion(
    parameter: str, on: dt.date, nation: Nation, rules: Rules | None, where: str
) -> tuple[bool, Citation | None]:
    """Whether an exclusion was in force on ``on``, and its citation (not in force before
    the pilot's rules begin)."""
    try:
        value = resolve(rules, where).policy.get(parameter).at(on, nation)
    except PolicyRangeError:
        return False, None
    return bool(value.value), value.citation


def age_determined(
    age_basis: AgeBasis, on: dt.date, nation: Nation, *, rules: Rules | None = None
) -> RoutingCheck:
    """Whether the age is determined (not disputed or uncertain), where that exclusion applies.

    The exclusion of uncertain ages applies from its own date (policy parameter
    ``pilot_excludes_uncertain_age``: about 1 July 2022, inferred); before it, an uncertain
    age did not take a child out of the pilot.

    >>> import datetime as dt
    >>> from nrm_core import AgeBasis, Nation
    >>> from nrm_core.eligibility import age_determined
    >>> age_determined(AgeBasis.DISPUTED, dt.date(2026, 1, 5), Nation.WALES).reason.code
    'age-disputed-or-uncertain'
    >>> age_determined(AgeBasis.DISPUTED, dt.date(2022, 1, 5), Nation.WALES).passed
    True
    """

    def excluded() -> tuple[bool, Citation]:
        in_force, citation = _exclusion(
            "pilot_excludes_uncertain_age", on, nation, rules, "age_determined"
        )
        return in_force, citation or _UNCERTAIN

    if not age_basis.is_uncertain:  # decided without the exclusion: read only to explain
        return _check(
            "age-determined",
            True,
            AGE_DETERMINED,
            lambda: (
                "the age is not in dispute",
                {"age_basis": age_basis.value, "exclusion_in_force": str(excluded()[0]).lower()},
            ),
            lambda: excluded()[1],
        )
    in_force, citation = excluded()
    inputs = {"age_basis": age_basis.value, "exclusion_in_force": str(in_force).lower()}
    if in_force:
        return _check(
            "age-determined",
            False,
            AGE_UNCERTAIN,
            lambda: (
                "it is uncertain whether the person is an adult or a child",
                {**inputs},
            ),
            citation,
        )
    return _check(
        "age-determined",
        True,
        AGE_UNCERTAIN_NOT_YET_EXCLUDED,
        lambda: (
            f"the age is uncertain, but uncertain ages did not exclude a child from the pilot "
            f"on {on.isoformat()}",
            {**inputs},
        ),
        citation,
    )


_OPEN_POD = (PodStatus.UNDER_CONSIDERATION, PodStatus.APPLIED)


def no_public_order_disqualification(
    pod_status: PodStatus, on: dt.date, nation: Nation, *, rules: Rules | None = None
) -> RoutingCheck:
    """Whether no Public Order Disqualification is under consideration or applied, where that
    exclusion applies (from 30 January 2023, when NABA 2022 s.63 came into force).

    >>> import datetime as dt
    >>> from nrm_core import PodStatus, Nation
    >>> from nrm_core.eligibility import no_public_order_disqualification
    >>> no_public_order_disqualification(PodStatus.NOT_APPLIED, dt.date(2026, 1, 5),
    ...                                  Nation.WALES).passed
    True
    """

    def excluded() -> tuple[bool, Citation]:
        in_force, citation = _exclusion(
            "pilot_excludes_pod", on, nation, rules, "no_public_order_disqualification"
        )
        return in_force, citation or _POD

    if pod_status not in _OPEN_POD:  # decided without the exclusion: read only to explain
        return _check(
            "no-pod",
            True,
            NO_POD,
            lambda: (
                "no Public Order Disqualification is being considered or applied",
                {"pod_status": pod_status.value, "exclusion_in_force": str(excluded()[0]).lower()},
            ),
            lambda: excluded()[1],
        )
    in_force, citation = excluded()
    inputs = {"pod_status": pod_status.value, "exclusion_in_force": str(in_force).lower()}
    if not in_force:
        return _check(
            "no-pod",
            True,
            POD_NOT_YET_EXCLUDED,
            lambda: (
                f"a Public Order Disqualification status is recorded, but it did not exclude a "
                f"child from the pilot on {on.isoformat()}",
                {**inputs},
            ),
            citation,
        )
    if pod_status is PodStatus.UNDER_CONSIDERATION:
        return _check(
            "no-pod",
            False,
            POD_UNDER_CONSIDERATION,
            lambda: (
                "a Public Order Disqualification is being considered",
                {**inputs},
            ),
            citation,
        )
    return _check(
        "no-pod",
        False,
        POD_APPLIED,
        lambda: (
            "a Public Order Disqualification has been applied",
            {**inputs},
        ),
        citation,
    )


def authority_in_use(code: str, on: dt.date, *, rules: Rules | None = None) -> RoutingCheck:
    """Whether GSS code ``code`` was in use on ``on`` (with successors if it was retired).

    >>> import datetime as dt
    >>> from nrm_core.eligibility import authority_in_use
    >>> check = authority_in_use("E10000023", dt.date(2023, 4, 1))
    >>> check.reason.code, "E06000065" in check.reason.message
    ('authority-code-not-in-use', True)
    """
    authorities = resolve(rules, "authority_in_use").authorities
    try:
        lookup = authorities.lookup(code, on)
    except UnknownAuthorityError as error:
        unknown = str(error)
        return _check(
            "authority",
            False,
            AUTHORITY_UNKNOWN,
            lambda: (unknown, {"gss_code": code}),
            _AUTHORITY,
        )
    return _check(
        "authority",
        lookup.valid,
        AUTHORITY_IN_USE if lookup.valid else AUTHORITY_NOT_IN_USE,
        lambda: (
            lookup.message,
            {
                "gss_code": code,
                "on": on.isoformat(),
                "successors": ";".join(a.gss_code for a in lookup.successors),
            },
        ),
        _AUTHORITY,
    )


def _start_reading(on: dt.date, rules: Rules) -> SiteStartReading:
    """The policy's reading of a start known only as a period (the first day before the
    parameter's range: no site operated then)."""
    try:
        reading: SiteStartReading = rules.policy.site_start_reading.value_at(on)
    except PolicyRangeError:
        return SiteStartReading.FIRST_DAY
    return reading


def _started(site: Site, on: dt.date, reading: SiteStartReading) -> bool:
    """Whether ``site`` (operating on ``on`` from its earliest possible start) had started by
    ``reading``."""
    period = site.start_period
    if period is None or period.exact or reading is SiteStartReading.FIRST_DAY:
        return True
    return on >= period.last_day


def _sites_started(code: str, on: dt.date, rules: Rules) -> tuple[Site, ...]:
    """The sites of which ``code`` was a member on ``on`` that had started by the policy's
    reading of their start."""
    reading = _start_reading(on, rules)
    return tuple(site for site in rules.sites.sites_for(code, on) if _started(site, on, reading))


def _start_in_doubt(code: str, on: dt.date, rules: Rules) -> Site | None:
    """A site of ``code`` whose start is known only as a period that holds ``on`` (so whether
    it was taking cases on ``on`` is not known)."""
    for site in rules.sites.sites_for(code, on):
        window = site.start_window
        if window is not None and on in window:
            return site
    return None


def pilot_site(
    code: str, on: dt.date, *, rules: Rules | None = None
) -> tuple[RoutingCheck, Site | None]:
    """The operating pilot site that authority ``code`` belonged to on ``on``, if any.

    A site whose start is known only as a period is operating from the day of the period
    the policy's ``site_start_reading`` names (its first day by default).

    >>> import datetime as dt
    >>> from nrm_core.eligibility import pilot_site
    >>> check, site = pilot_site("E08000025", dt.date(2025, 6, 1))
    >>> check.reason.code
    'site-not-operating'
    """
    rules = resolve(rules, "pilot_site")
    sites = rules.sites
    current = _sites_started(code, on, rules)
    if current:
        site = current[0]
        return (
            _check(
                "pilot-site",
                True,
                PILOT_SITE_MEMBER,
                lambda: (
                    f"{code} was a member of pilot site {site.site_id} ({site.name}) on "
                    f"{on.isoformat()}",
                    {"gss_code": code, "site_id": site.site_id},
                ),
                _SCOPE,
            ),
            site,
        )
    ever = sites.sites_with_member(code)
    if ever:
        site = ever[0]
        doubt = _start_in_doubt(code, on, rules)
        if doubt is not None:
            period = doubt.start_period
            assert period is not None  # a site in doubt has a start period
            return (
                _check(
                    "pilot-site",
                    False,
                    SITE_NOT_OPERATING,
                    lambda: (
                        f"{code} belongs to pilot site {doubt.site_id} ({doubt.name}), whose start "
                        f"is known only as {period}; the policy reads it as the period's last day "
                        f"({period.last_day.isoformat()}), after {on.isoformat()}",
                        {"gss_code": code, "site_id": doubt.site_id},
                    ),
                    _start_reading_citation(on, rules),
                ),
                None,
            )
        return (
            _check(
                "pilot-site",
                False,
                SITE_NOT_OPERATING,
                lambda: (
                    f"{code} belongs to pilot site {site.site_id} ({site.name}), which was not "
                    f"operating with it as a member on {on.isoformat()} (site operating "
                    f"{site.operating})",
                    {"gss_code": code, "site_id": site.site_id},
                ),
                _SCOPE,
            ),
            None,
        )
    return (
        _check(
            "pilot-site",
            False,
            AUTHORITY_NOT_IN_PILOT,
            lambda: (
                f"{code} is not a member of any pilot site in the registry",
                {"gss_code": code},
            ),
            _SCOPE,
        ),
        None,
    )


def site_covers(
    site_id: str, code: str, on: dt.date, *, rules: Rules | None = None
) -> RoutingCheck:
    """Whether pilot site ``site_id`` covered authority ``code`` on ``on``: the site was
    operating and the authority (or the authority that replaced its code, e.g. North
    Yorkshire's county code by the unitary council's) was one of its members that day.

    A panel decides only for children who are the safeguarding responsibility of its
    members (FR Guide 2025 §10). The message names the site's members that day.

    >>> import datetime as dt
    >>> from nrm_core.eligibility import site_covers
    >>> print(site_covers("P1-01", "E06000010", dt.date(2026, 3, 3)).reason.message)
    ... # doctest: +NORMALIZE_WHITESPACE
    pilot site P1-01 (Cardiff Council) did not cover E06000010 (Kingston upon Hull, City of)
    on 2026-03-03: its members that day were W06000015 (Cardiff)
    >>> site_covers("P1-08", "E10000023", dt.date(2023, 5, 2)).passed  # by its successor
    True
    """
    check_day("site_covers", "on", on)
    rules = resolve(rules, "site_covers")
    inputs = {"site_id": site_id, "gss_code": code, "on": on.isoformat()}
    try:
        site = rules.sites.get(site_id)
    except KeyError:
        return _check(
            "site-covers",
            False,
            SITE_DOES_NOT_COVER,
            lambda: (
                f"there is no pilot site {site_id} in the site register "
                f"({len(rules.sites.sites)} sites; add yours with --sites)",
                {**inputs},
            ),
            _SCOPE,
        )
    codes = {code}
    try:
        lookup = rules.authorities.lookup(code, on)
        codes.update(a.gss_code for a in lookup.successors)
        name = f"{code} ({lookup.authority.name})"
    except (UnknownAuthorityError, ValueError):
        name = code
    members = site.members_on(on)
    covering = [m.gss_code for m in members if m.gss_code in codes]
    if covering:
        via = "" if covering[0] == code else f" (through its successor {covering[0]})"
        return _check(
            "site-covers",
            True,
            SITE_COVERS,
            lambda: (
                f"pilot site {site_id} ({site.short_name}) covered {name}{via} on {on.isoformat()}",
                {**inputs},
            ),
            _SCOPE,
        )
    if not site.is_operating_on(on):
        why = f"it was not operating that day (operating {site.operating})"
    else:
        listed = ", ".join(_member_name(m.gss_code, rules) for m in members)
        why = f"its members that day were {listed}"
    return _check(
        "site-covers",
        False,
        SITE_DOES_NOT_COVER,
        lambda: (
            f"pilot site {site_id} ({site.short_name}) did not cover {name} on "
            f"{on.isoformat()}: {why}",
            {**inputs},
        ),
        _SCOPE,
    )


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


def _route_notes(
    referral: Referral, on: dt.date, checks: list[RoutingCheck], rules: Rules
) -> list[Finding]:
    """What the answer rests on that the rules cannot settle: each a note with its code,
    message and citation (whose confidence is the answer's). Only what would change the
    answer is noted: every other check passed."""
    code = referral.safeguarding_authority
    notes: list[Finding] = []
    unknown = next((c for c in checks if c.reason.code == "age-cutoff-not-made"), None)
    others = [c for c in checks if c.rule not in ("age-cutoff", "pilot-site")]
    if (
        unknown is not None
        and all(c.passed for c in others)
        and any(c.passed for c in checks if c.rule == "pilot-site")
    ):
        notes.append(
            Finding(
                DATE_OF_BIRTH_UNKNOWN,
                message="the answer depends on the child's date of birth, which is unknown: "
                f"the pilot's {dict(unknown.reason.inputs)['cutoff_days']}-day test was not made ("
                + ("in scope by assumption" if unknown.passed else "the SCA by assumption")
                + "); record the date of birth and route again",
                citation=unknown.reason.citation,
                inputs=(("assumption", dict(unknown.reason.inputs)["assumption"]),),
            )
        )
    if not all(check.passed for check in checks if check.rule != "pilot-site"):
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


@attrs.frozen
class Route(metaclass=Documented):
    """Who decides a referral, and every reason why."""

    referral_id: str
    on: dt.date = attrs.field(kw_only=True)
    decision_maker: DecisionMaker = attrs.field(kw_only=True)
    site: Site | None = attrs.field(kw_only=True)
    checks: tuple[RoutingCheck, ...] = attrs.field(kw_only=True)
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
        """The reasons of every failed check, in order."""
        return tuple(check.reason for check in self.checks if not check.passed)

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
        """The lifecycle event recording this route, carrying every reason."""
        reasons = tuple(check.reason for check in self.checks) + self.notes
        if self.site is not None and self.in_scope:
            return RoutedToPanel(self.on, self.site.site_id, reasons)
        return RoutedToSca(self.on, reasons)


def _age_measured_on(referral: Referral, on: dt.date, rules: Rules) -> dt.date:
    """The day the age cut-off is measured on (policy ``pilot_age_reference``)."""
    reference = rules.policy.pilot_age_reference.value_at(referral.referred_on, referral.nation)
    return referral.referred_on if reference is AgeReference.REFERRAL_DATE else on


def _routing_checks(
    referral: Referral, on: dt.date, rules: Rules
) -> Iterator[tuple[RoutingCheck, Site | None]]:
    """The routing rules, in order: each rule's check (and, for the pilot-site rule, the
    site), made one at a time, so a lean evaluation stops at the first that fails.

    Raises :class:`~nrm_core.registry.UnknownAuthorityError` for an authority the register
    does not know (see :func:`route`)."""
    rules.authorities.get(referral.safeguarding_authority)
    child, nation = referral.child, referral.nation
    yield child_on_referral(child, referral.referred_on, nation, rules=rules), None
    try:
        measured_on = _age_measured_on(referral, on, rules)
        cutoff = age_cutoff(child.date_of_birth, measured_on, nation, rules=rules)
    except PolicyRangeError as error:
        why = str(error)
        cutoff = _check(
            "age-cutoff",
            False,
            PILOT_NOT_STARTED,
            lambda: (
                f"the pilot's rules did not exist yet: {why}",
                {"pilot_start": PILOT_START.isoformat()},
            ),
            cite(PILOT_LANDING_PAGE, "collection published 14 June 2021", P),
        )
    yield cutoff, None
    yield age_determined(child.age_basis, on, nation, rules=rules), None
    yield no_public_order_disqualification(referral.pod_status, on, nation, rules=rules), None
    yield authority_in_use(referral.safeguarding_authority, on, rules=rules), None
    yield pilot_site(referral.safeguarding_authority, on, rules=rules)


def decision_maker_for(
    referral: Referral, on: dt.date | None = None, *, rules: Rules | None = None
) -> DecisionMaker:
    """``route(referral, on, rules=rules).decision_maker``, from a lean evaluation of the
    same routing rules: they are applied in order until one fails, and no reason or
    message is built (for re-checking recorded routes in bulk).

    >>> from nrm_core.eligibility import decision_maker_for
    >>> from nrm_core.samples import example_referral
    >>> str(decision_maker_for(example_referral()))
    'pilot panel P1-01'
    """
    on = referral.referred_on if on is None else on
    rules = resolve(rules, "decision_maker_for")
    site = None
    for check, found in _routing_checks(referral, on, rules):
        if not check.passed:
            return DecisionMaker.sca()
        site = found or site
    return DecisionMaker.panel(site.site_id) if site is not None else DecisionMaker.sca()


def _as_it_stands(
    referral: Referral, pod_status: PodStatus, age_disputed_on: dt.date | None
) -> Referral:
    """The referral with what a case's history has recorded since (its disqualification
    status, an age dispute): what the routing rules are applied to on the day of a route."""
    changes: dict[str, Any] = {}
    if pod_status is not referral.pod_status:
        changes["pod_status"] = pod_status
    if age_disputed_on is not None and referral.child.age_basis is not AgeBasis.DISPUTED:
        changes["child"] = attrs.evolve(referral.child, age_basis=AgeBasis.DISPUTED)
    return attrs.evolve(referral, **changes) if changes else referral


def panel_by_the_rules(
    referral: Referral,
    pod_status: PodStatus,
    age_disputed_on: dt.date | None,
    on: dt.date,
    rules: Rules,
) -> DecisionMaker | None:
    """The pilot panel the routing rules give on ``on`` for the referral as it stands, or
    ``None`` (they give the SCA, or the authority is not in the register)."""
    try:
        maker = decision_maker_for(
            _as_it_stands(referral, pod_status, age_disputed_on), on, rules=rules
        )
    except (UnknownAuthorityError, ValueError):
        return None
    return maker if maker.is_pilot_panel else None


def route(referral: Referral, on: dt.date | None = None, *, rules: Rules | None = None) -> Route:
    """Route ``referral`` on ``on`` (default: the referral date) to a pilot panel or the SCA.

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
    made = list(_routing_checks(referral, on, rules))
    checks = [check for check, _ in made]
    site = made[-1][1]
    notes = _route_notes(referral, on, checks, rules)
    everything = tuple(checks)
    in_scope = all(check.passed for check in everything)
    maker = DecisionMaker.panel(site.site_id) if in_scope and site else DecisionMaker.sca()
    return Route(
        referral.referral_id,
        on=on,
        decision_maker=maker,
        site=site if in_scope else None,
        checks=everything,
        notes=tuple(notes),
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
    ``None`` when the case is not with a pilot panel or is still in scope. A
    move to another pilot site's authority is also returned as a transfer to
    the SCA: moves between sites are not published.
    """
    current = case.decision_maker
    if current is None or not current.is_pilot_panel:
        return None
    referral = case.referral
    child = referral.child
    if age_basis is None and case.age_disputed_on is not None:
        age_basis = AgeBasis.DISPUTED  # an age dispute recorded on the case
    if age_basis is not None:
        child = attrs.evolve(child, age_basis=age_basis)
    authority = referral.safeguarding_authority
    if safeguarding_authority is not None:
        authority = safeguarding_authority
    now = attrs.evolve(
        referral, child=child, safeguarding_authority=authority, pod_status=case.pod_status
    )
    result = route(now, on, rules=case.rules)
    if result.in_scope and result.decision_maker == current:
        return None
    reasons = result.exclusions
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
