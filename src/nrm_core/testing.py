"""Hypothesis strategies and fixtures for nrm_core's types (needs Hypothesis).

Install Hypothesis first: ``pip install hypothesis`` (or nrm_core's ``test`` extra).

Integrators can use these to generate valid synthetic data for their own tests:
every strategy produces values that construct without error, and
:func:`cases` produces cases whose whole history passes the lifecycle's rules.
No generated value is real personal data.

The fixed fictional :func:`~nrm_core.samples.example_referral` is re-exported here.

>>> from nrm_core.testing import cases
>>> from hypothesis import given, settings
>>> from nrm_core import Case
>>> @settings(max_examples=20, deadline=None)
... @given(cases(max_events=5))
... def test_history_replays(case):
...     assert Case(case.referral, case.history).state is case.state
...
>>> test_history_replays()
"""

from __future__ import annotations

import datetime as dt
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as error:  # say what to install, not only what is missing
    raise ImportError(
        "nrm_core.testing needs Hypothesis: pip install hypothesis (or nrm_core's 'test' extra)"
    ) from error

from nrm_core.ages import eighteenth_birthday
from nrm_core.authority import LocalAuthority
from nrm_core.checks import Finding
from nrm_core.child import AgeBasis, Child
from nrm_core.dateranges import DateRange
from nrm_core.decision import DecisionMaker
from nrm_core.eligibility import Routings
from nrm_core.errors import TransitionRefused
from nrm_core.events import (
    CombinedDecisionMade,
    DecisionMade,
    Event,
    EventKind,
    PodGround,
    ReconsiderationRequested,
    RouteOverride,
    SuspensionReason,
    WithdrawalReason,
)
from nrm_core.lifecycle import Case, apply, available_events
from nrm_core.nations import Nation
from nrm_core.panel import Panel, PanelMember, PanelRole
from nrm_core.referral import (
    Exploitation,
    ExploitationLocation,
    ExploitationType,
    FirstResponder,
    FirstResponderOrganisation,
    PodStatus,
    Referral,
)
from nrm_core.samples import example_panel, example_referral
from nrm_core.site import MemberRole, Site, SiteMember

__all__ = [
    "SAMPLE_AUTHORITIES",
    "build_event",
    "cases",
    "children",
    "dates",
    "decision_makers",
    "example_panel",
    "example_referral",
    "first_responders",
    "local_authorities",
    "next_events",
    "panels",
    "referrals",
    "sites",
]

SAMPLE_AUTHORITIES: tuple[tuple[str, str, Nation], ...] = (
    ("E09000002", "Barking and Dagenham", Nation.ENGLAND),
    ("E09000019", "Islington", Nation.ENGLAND),
    ("E06000010", "Kingston upon Hull, City of", Nation.ENGLAND),
    ("E08000025", "Birmingham", Nation.ENGLAND),
    ("E10000030", "Surrey", Nation.ENGLAND),
    ("W06000015", "Cardiff", Nation.WALES),
    ("W06000022", "Newport", Nation.WALES),
    ("S12000049", "Glasgow City", Nation.SCOTLAND),
    ("S12000036", "City of Edinburgh", Nation.SCOTLAND),
    ("N92000002", "Northern Ireland", Nation.NORTHERN_IRELAND),
)
"""Real GSS codes (and the NI country code) used by the strategies."""

_REFERRALS_FROM = dt.date(2021, 6, 14)
_REFERRALS_TO = dt.date(2026, 11, 1)
_SITE_IDS = ("P1-01", "P1-02", "P1-05", "P3-04")


def dates(
    min_value: dt.date = dt.date(2012, 1, 1), max_value: dt.date = dt.date(2027, 12, 31)
) -> st.SearchStrategy[dt.date]:
    """Calendar days in a range (default: the years the bank-holiday data confirms)."""
    return st.dates(min_value=min_value, max_value=max_value)


def _ids(prefix: str) -> st.SearchStrategy[str]:
    return st.integers(min_value=1, max_value=999_999).map(lambda n: f"{prefix}-{n:06d}")


@st.composite
def children(draw: st.DrawFn, *, referred_on: dt.date | None = None) -> Child:
    """Children aged 0-17 (or, rarely, of disputed age and older) on ``referred_on``; now and
    then with the date of birth unknown (as the Home Office form allows), where the age is
    claimed or uncertain."""
    on = referred_on or draw(dates(_REFERRALS_FROM, _REFERRALS_TO))
    basis = draw(st.sampled_from(AgeBasis))
    oldest = 25 if basis.is_uncertain else 17
    age_days = draw(st.integers(min_value=0, max_value=oldest * 365 + 364))
    date_of_birth: dt.date | None = max(dt.date(1990, 1, 1), on - dt.timedelta(days=age_days))
    unknown_allowed = basis in (AgeBasis.CLAIMED, AgeBasis.UNCERTAIN)
    if unknown_allowed and draw(st.integers(min_value=0, max_value=9)) == 0:
        date_of_birth = None  # about one in ten claimed or uncertain ages
    name = draw(st.none() | st.sampled_from(["Test Child", "Alex Example", "Sam Sample"]))
    return Child(draw(_ids("C")), date_of_birth=date_of_birth, age_basis=basis, name=name)


def first_responders(nation: Nation | None = None) -> st.SearchStrategy[FirstResponder]:
    """Any First Responder Organisation (``OTHER`` with a name), referring from ``nation``
    (any nation if ``None``)."""
    nations = st.sampled_from(Nation) if nation is None else st.just(nation)
    listed = st.builds(
        FirstResponder,
        st.sampled_from(
            [o for o in FirstResponderOrganisation if o is not FirstResponderOrganisation.OTHER]
        ),
        nation=nations,
    )
    other = st.builds(
        FirstResponder,
        st.just(FirstResponderOrganisation.OTHER),
        nation=nations,
        other_name=st.sampled_from(["Scottish FRO", "NI Trust"]),
    )
    return listed | other


@st.composite
def referrals(draw: st.DrawFn) -> Referral:
    """Valid referrals dated from the pilot's launch (June 2021) to November 2026."""
    referred_on = draw(dates(_REFERRALS_FROM, _REFERRALS_TO))
    code, _, nation = draw(st.sampled_from(SAMPLE_AUTHORITIES))
    return Referral(
        referral_id=draw(_ids("R")),
        child=draw(children(referred_on=referred_on)),
        referred_on=referred_on,
        first_responder=draw(first_responders(draw(st.sampled_from(Nation) | st.just(nation)))),
        safeguarding_authority=code,
        exploitation=Exploitation(
            draw(st.frozensets(st.sampled_from(ExploitationType), min_size=1)),
            location=draw(st.sampled_from(ExploitationLocation)),
            county_lines=draw(st.booleans()),
        ),
        pod_status=draw(st.sampled_from(PodStatus)),
    )


def local_authorities() -> st.SearchStrategy[LocalAuthority]:
    """Authorities from :data:`SAMPLE_AUTHORITIES` (GB ones; NI has no GSS authority)."""
    return st.sampled_from(
        [a for a in SAMPLE_AUTHORITIES if a[2] is not Nation.NORTHERN_IRELAND]
    ).map(
        lambda a: LocalAuthority(a[0], name=a[1], nation=a[2], valid=DateRange(dt.date(2009, 1, 1)))
    )


@st.composite
def sites(draw: st.DrawFn) -> Site:
    """Single-authority sites and consortia over the sample authorities."""
    start = draw(dates(dt.date(2021, 6, 1), dt.date(2025, 12, 1)))
    nation = draw(st.sampled_from([Nation.ENGLAND, Nation.WALES, Nation.SCOTLAND]))
    codes = [a[0] for a in SAMPLE_AUTHORITIES if a[2] is nation]
    chosen = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=len(codes), unique=True))
    members = [SiteMember(chosen[0], role=MemberRole.LEAD)]
    members += [SiteMember(code, role=MemberRole.PARTNER) for code in chosen[1:]]
    return Site(
        draw(_ids("SITE")),
        name="Generated site",
        nation=nation,
        operating=DateRange(start),
        members=tuple(members),
    )


@st.composite
def panels(draw: st.DrawFn, *, site_id: str | None = None) -> Panel:
    """Panels of 3-7 members; usually (not always) with all three safeguarding partners."""
    roles = draw(st.lists(st.sampled_from(PanelRole), min_size=3, max_size=7))
    if draw(st.booleans()):
        roles[:3] = [
            PanelRole.LOCAL_AUTHORITY_CHILDRENS_SOCIAL_CARE,
            PanelRole.POLICE,
            PanelRole.HEALTH,
        ]
    members = tuple(
        PanelMember(f"M{index}", role=role, organisation=f"Organisation {index}")
        for index, role in enumerate(roles)
    )
    return Panel(
        site_id=site_id or draw(st.sampled_from(_SITE_IDS)),
        members=members,
        chair_id=draw(st.sampled_from([m.member_id for m in members])),
        lead_social_worker_id=draw(st.none() | st.just("M0") | st.just("SW-1")),
        child_has_ictg=draw(st.booleans()),
        ictg_invited=draw(st.booleans()),
    )


def decision_makers() -> st.SearchStrategy[DecisionMaker]:
    """The SCA or a pilot panel."""
    return st.just(DecisionMaker.sca()) | st.sampled_from(_SITE_IDS).map(DecisionMaker.panel)


def _reasons() -> st.SearchStrategy[tuple[Finding, ...]]:
    reason = st.sampled_from(["age-disputed", "pod-under-consideration", "authority-not-in-pilot"])
    return st.lists(reason, min_size=1, max_size=2, unique=True).map(
        lambda codes: tuple(Finding(code, message=f"generated reason {code}") for code in codes)
    )


def build_event(
    kind: EventKind, case: Case, on: dt.date, *, by: DecisionMaker | None = None, **fields: Any
) -> Event:
    """A plausible event of ``kind`` for ``case`` dated ``on``; ``fields`` override the defaults.

    Decisions are made by ``by``, or else the case's current decision maker (the
    SCA if it has none); a pilot decision records ``panel`` or, by default, a
    properly constituted :func:`~nrm_core.samples.example_panel`; turning 18 is
    dated no earlier than the 18th birthday (under the case's rules). Other
    defaults: routing to a pilot site the authority belongs to (dated no earlier than its
    membership), an SCA route with override ``other`` where the rules give a panel, a
    suspension for ``other`` reasons, a disqualification on public-order grounds, a transfer
    for a disputed age. The
    event may still be refused by a guard.
    """
    maker = by or case.decision_maker or DecisionMaker.sca()
    panel = fields.get("panel")
    if panel is not None and panel.site_id != maker.site_id:
        panel = None
    if panel is None and maker.site_id is not None:
        panel = example_panel(maker.site_id)
    decision = {"by": maker, "reasons": fields.get("reasons", ""), "panel": panel}
    site_id, site_day = _covering_site(case, on)
    if kind is EventKind.ROUTED_TO_PANEL and "site_id" not in fields:
        on = site_day
    by_the_rules = Routings(case.referral, case.rules).panel(
        on, case.pod_status, case.age_disputed_on
    )
    defaults: dict[EventKind, dict[str, Any]] = {
        EventKind.ROUTED_TO_PANEL: {"site_id": site_id},
        EventKind.ROUTED_TO_SCA: {"override": RouteOverride.OTHER if by_the_rules else None},
        EventKind.TRANSFERRED_TO_SCA: {
            "reasons": (Finding("age-disputed", message="generated reason"),)
        },
        EventKind.SCA_REVIEW_RETURNED: {"reasons": ""},
        EventKind.RECONSIDERATION_REQUESTED: {
            # a further request (after an earlier one) needs its good reasons
            "further_request_reasons": "Good reasons for a further request."
            if any(isinstance(e, ReconsiderationRequested) for e in case.history)
            else None
        },
        EventKind.SUSPENDED: {"reason": SuspensionReason.OTHER},
        EventKind.POD_APPLIED: {"ground": PodGround.THREAT_TO_PUBLIC_ORDER},
        EventKind.MERGED: {"into": "R-SURVIVING-1"},
        EventKind.WITHDRAWN: {
            "reason": WithdrawalReason.DECLINED_AT_18
            if case.state.value.startswith("awaiting-consent")
            else WithdrawalReason.CHILD_REQUEST
        },
    }
    if kind.event_type in (DecisionMade, CombinedDecisionMade):
        values = decision
    else:
        values = {**defaults.get(kind, {})}
        values.update((k, v) for k, v in fields.items() if k in values)
    if kind is EventKind.TURNED_EIGHTEEN:
        referral = case.referral
        if referral.child.date_of_birth is not None:
            birthday = eighteenth_birthday(
                referral.child.date_of_birth, referral.nation, rules=case.rules
            )
            on = max(on, birthday)
    return kind.build(on, **values)


def _covering_site(case: Case, on: dt.date) -> tuple[str, dt.date]:
    """A pilot site that has the case's authority as a member, and ``on`` moved to the day
    it first did if that is later (``"P1-01"`` and ``on`` if no site ever had it)."""
    code = case.referral.safeguarding_authority
    for site in case.rules.sites.sites_with_member(code):
        starts = [
            m.membership.start or site.operating.start for m in site.members if m.gss_code == code
        ]
        first = min((d for d in starts if d is not None), default=None)
        if first is not None:
            return site.site_id, max(on, first)
    return "P1-01", on


@st.composite
def next_events(draw: st.DrawFn, case: Case, *, valid: bool = True) -> Event:
    """An event for ``case``.

    With ``valid=True``: one of the available kinds, dated on or after the last
    event, made by the case's decision maker (it may still be refused by a
    guard, e.g. a negative pilot decision served before review). With
    ``valid=False``: any kind, any date, any decision maker (to test refusals).
    """
    kinds = available_events(case) if valid else tuple(EventKind)
    kind = draw(st.sampled_from(kinds or tuple(EventKind)))
    if valid:
        on = case.last_event_on + dt.timedelta(days=draw(st.integers(0, 120)))
    else:
        on = case.referral.referred_on + dt.timedelta(days=draw(st.integers(-30, 900)))
    maker = case.decision_maker if valid and case.decision_maker else draw(decision_makers())
    reasons = draw(st.sampled_from(["", "Reasons recorded in the case file."]))
    by_kind: dict[EventKind, dict[str, Any]] = {
        EventKind.ROUTED_TO_SCA: {"override": draw(st.none() | st.sampled_from(RouteOverride))},
        EventKind.TRANSFERRED_TO_SCA: {"reasons": draw(_reasons())},
        EventKind.SCA_REVIEW_RETURNED: {"reasons": reasons},
        EventKind.RECONSIDERATION_REQUESTED: {
            "further_request_reasons": draw(st.none() | st.just("New evidence from the ICTG."))
        },
        EventKind.SUSPENDED: {"reason": draw(st.sampled_from(SuspensionReason))},
        EventKind.POD_APPLIED: {"ground": draw(st.sampled_from(PodGround))},
    }
    if not valid:  # any site and override (the rules' own, by default, when valid)
        by_kind[EventKind.ROUTED_TO_PANEL] = {"site_id": draw(st.sampled_from(_SITE_IDS))}
    else:
        del by_kind[EventKind.ROUTED_TO_SCA]
    fields = by_kind.get(kind, {})
    if kind.event_type in (DecisionMade, CombinedDecisionMade):
        panel = draw(st.none() | panels(site_id=maker.site_id)) if maker.is_pilot_panel else None
        fields = {"reasons": reasons, "panel": panel}
    return build_event(kind, case, on, by=maker, **fields)


@st.composite
def cases(draw: st.DrawFn, *, max_events: int = 12) -> Case:
    """Valid cases: a referral and up to ``max_events`` events that the rules accept."""
    case = Case(draw(referrals()))
    for _ in range(draw(st.integers(0, max_events))):
        if not available_events(case):
            break
        try:
            case = apply(case, draw(next_events(case)))
        except TransitionRefused:
            continue
    return case
