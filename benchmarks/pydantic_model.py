"""Pydantic v2 models of the nrm_core case format, for comparison only.

``CaseDocument``: strict (no coercion), unknown keys forbidden, enums as literal
strings, dates as strict ISO dates. It checks what the JSON Schema checks and nothing
of the domain (authority codes on the day, the lifecycle's rules).

``DomainCaseDocument`` (the peer as it was first written) adds some domain checks;
``CompleteDomainCaseDocument`` (the completed peer) adds the rest of what nrm_core's
validation checks on these records, so that the comparison is like for like: see the
comments above each, and the table in ``README.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from nrm_core.panel import PanelRole
from nrm_core.referral import ExploitationType, FirstResponderOrganisation

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$")]
Gss = Annotated[str, StringConstraints(pattern=r"^[ENSW]\d{8}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
# The closed lists, as literal strings (from the same enums the format is generated from).
Organisation = Literal[tuple(member.value for member in FirstResponderOrganisation)]  # type: ignore[valid-type]
Exploited = Literal[tuple(member.value for member in ExploitationType)]  # type: ignore[valid-type]
Role = Literal[tuple(member.value for member in PanelRole)]  # type: ignore[valid-type]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Child(Strict):
    child_id: Id
    date_of_birth: dt.date | None  # required, null when unknown (as the schema says)
    age_basis: Literal["confirmed", "claimed", "assessed", "disputed", "uncertain"]
    name: Text | None = None
    other_details: list[Text] = []


class FirstResponder(Strict):
    organisation: Organisation
    nation: Literal["england", "wales", "scotland", "northern-ireland"]
    other_name: Text | None = None


class Exploitation(Strict):
    types: list[Exploited] = Field(min_length=1)
    location: Literal["uk", "overseas", "both"]
    county_lines: bool = False


class Referral(Strict):
    referral_id: Id
    child: Child
    referred_on: dt.date
    first_responder: FirstResponder
    safeguarding_authority: Gss
    exploitation: Exploitation
    pod_status: Literal["none", "under-consideration", "applied", "not-applied"] = "none"


class Source(Strict):
    key: Text
    title: Text
    version: Text
    url: Text | None = None


class Citation(Strict):
    source: Source
    section: Text
    confidence: Literal["verified", "secondary", "unverified"]
    note: Text | None = None
    local: bool = False


class Reason(Strict):
    code: Text
    message: Text
    citation: Citation | None = None
    inputs: dict[str, str] = {}


class Maker(Strict):
    kind: Literal["sca", "pilot-panel"]
    site_id: Id | None = None


class Member(Strict):
    member_id: Id
    role: Role
    organisation: Text
    declared_conflicts: list[Id] = []


class Panel(Strict):
    site_id: Id
    members: list[Member] = Field(min_length=1)
    chair_id: Id
    lead_social_worker_id: Id | None = None
    child_has_ictg: bool = False
    ictg_invited: bool = False


class Routed(Strict):
    event: Literal["routed-to-panel"]
    on: dt.date
    site_id: Id
    reasons: list[Reason] = []


class RoutedSca(Strict):
    event: Literal["routed-to-sca"]
    on: dt.date
    reasons: list[Reason] = []


class Transferred(Strict):
    event: Literal["transferred-to-sca"]
    on: dt.date
    reasons: list[Reason] = Field(min_length=1)


class Decided(Strict):
    event: Literal["decision-made"]
    on: dt.date
    stage: Literal["reasonable-grounds", "conclusive-grounds"]
    outcome: Literal["positive", "negative"]
    by: Maker
    reasons: str = ""
    panel: Panel | None = None


class Combined(Strict):
    event: Literal["combined-decision-made"]
    on: dt.date
    cg_outcome: Literal["positive", "negative"]
    by: Maker
    reasons: str = ""
    panel: Panel | None = None


class Simple(Strict):
    event: Literal[
        "sca-review-agreed", "decision-served", "reconsideration-accepted",
        "reconsideration-refused", "resumed", "turned-eighteen", "consented-to-continue",
        "pod-considered", "pod-not-applied", "age-disputed", "re-referred",
    ]  # fmt: skip
    on: dt.date


class WithdrawnEvent(Strict):
    event: Literal["withdrawn"]
    on: dt.date
    reason: Literal["declined-at-18", "child-request", "on-behalf-of-child", "other"] | None = None


class MergedEvent(Strict):
    event: Literal["merged"]
    on: dt.date
    into: Id


class Returned(Strict):
    event: Literal["sca-review-returned"]
    on: dt.date
    reasons: str = ""


class Requested(Strict):
    event: Literal["reconsideration-requested"]
    on: dt.date
    further_request_reasons: Text | None = None


class SuspendedEvent(Strict):
    event: Literal["suspended"]
    on: dt.date
    reason: Literal["child-missing", "other"]


class PodAppliedEvent(Strict):
    event: Literal["pod-applied"]
    on: dt.date
    ground: Literal["threat-to-public-order", "bad-faith"]


Event = Annotated[
    Routed | RoutedSca | Transferred | Decided | Combined | Simple | Returned | Requested
    | SuspendedEvent | PodAppliedEvent | WithdrawnEvent | MergedEvent,
    Field(discriminator="event"),
]  # fmt: skip


class CaseDocument(Strict):
    format: Literal["nrm-core/case"]
    version: Literal[2]
    referral: Referral
    history: list[Event] = []


# --------------------------------------------------------------------------------------
# The like-for-like peer: the same model with domain checks as pydantic validators.
#
# It checks, in plain Python inside a ``model_validator``: the safeguarding authority's
# code was in use on the referral date (the same register data), the referral is not
# before the NRM began, no event is before the referral or before the previous event,
# and the history replays through the same transition table (state x event kind ->
# state, read from ``nrm_core.transitions.TRANSITIONS``) with the guards that need no
# policy: a decision is made by the case's current decision maker, and a decision is
# served only when one is pending. It does less than nrm_core (no policy-dated guards,
# no panel quorum, no route re-check, no first-responder listing, no age checks), so the
# comparison flatters it.

from pydantic import model_validator  # noqa: E402

from nrm_core import Rules  # noqa: E402
from nrm_core.policy import NRM_START  # noqa: E402
from nrm_core.transitions import TRANSITIONS  # noqa: E402

_REGISTER = {
    a.gss_code: (a.valid.start, a.valid.end) for a in Rules.bundled().authorities.authorities
}
_TABLE = {(row.source.value, row.kind.value): row.target.value for row in TRANSITIONS}
_KIND_OF = {
    "decision-made": lambda e: f"{'rg' if e.stage == 'reasonable-grounds' else 'cg'}-{e.outcome}",
    "combined-decision-made": lambda e: f"combined-rg-positive-cg-{e.cg_outcome}",
}


def _kind(event: BaseModel) -> str:
    tag: str = event.event  # type: ignore[attr-defined]
    special = _KIND_OF.get(tag)
    return special(event) if special else tag


class DomainCaseDocument(CaseDocument):
    @model_validator(mode="after")
    def _domain(self) -> DomainCaseDocument:
        referral = self.referral
        span = _REGISTER.get(referral.safeguarding_authority)
        if span is None:
            raise ValueError("authority-code-unknown")
        start, end = span
        on = referral.referred_on
        if (start is not None and on < start) or (end is not None and on >= end):
            raise ValueError("authority-code-not-in-use")
        if on < NRM_START:
            raise ValueError("before-nrm")
        state, last, maker, pending = "referred", on, None, 0
        for index, event in enumerate(self.history):
            if event.on < referral.referred_on or event.on < last:
                raise ValueError(f"history[{index}]: event out of date order")
            target = _TABLE.get((state, _kind(event)))
            if target is None:
                raise ValueError(f"history[{index}]: no-such-transition")
            tag = event.event
            if tag in ("routed-to-panel",):
                maker = ("pilot-panel", event.site_id)  # type: ignore[union-attr]
            elif tag in ("routed-to-sca", "transferred-to-sca"):
                maker = ("sca", None)
            elif tag in ("decision-made", "combined-decision-made"):
                by = event.by  # type: ignore[union-attr]
                if (by.kind, by.site_id) != maker:
                    raise ValueError(f"history[{index}]: not-current-decision-maker")
                pending = 2 if tag == "combined-decision-made" else 1
            elif tag == "decision-served":
                if not pending:
                    raise ValueError(f"history[{index}]: nothing to serve")
                pending = 0
            state, last = target, event.on
        return self


# --------------------------------------------------------------------------------------
# The completed peer: everything above, plus the checks nrm_core makes that the first
# peer left out, each as plain Python over the same data (policy values are read from
# the bundled rules' tables with ``value_at``, a cached lookup; the site register with
# ``sites_for``). Queries (which do not make a record invalid) are collected, as nrm_core
# collects them:
#
# - the date of birth is not after the referral; the person is a child on the referral
#   date by the 18th birthday (29 February: 1 March, or 28 February in Scotland), unless
#   the age is disputed or uncertain (query ``not-a-child-on-referral``);
# - a date of birth that is unknown is a query;
# - the first responder's organisation was listed by the form on the day for the
#   referrer's nation (query ``first-responder-not-listed``);
# - the route re-check: the first route recorded is the one the routing rules give on
#   its day (a child, more than the pilot's age cut-off before 18 on the day the policy
#   measures it, age not uncertain where that excludes, no disqualification under way
#   where that excludes, the authority's code in use, a member of a site that had started)
#   (query ``route-differs``);
# - a decision by a panel names a panel with its chair among its members (quorum);
# - other_name only (and always) with the organisation "other"; an unknown date of birth
#   only with an age basis that records none; turned-eighteen not before the birthday.
#
# What it still does not do (nrm_core does): policy-dated guards of individual
# transitions (reconsideration windows, review deadlines), the explained reasons with
# citations for every problem, more than the first problem of a record.

from pydantic import PrivateAttr  # noqa: E402

from nrm_core import Nation  # noqa: E402
from nrm_core.errors import PolicyRangeError  # noqa: E402
from nrm_core.policy import AgeReference, SiteStartReading, UnknownBirthDateRule  # noqa: E402
from nrm_core.referral import _LISTING  # noqa: E402

_RULES = Rules.bundled()
_POLICY = _RULES.policy
_SITES = _RULES.sites
_NATION = {
    "E": Nation.ENGLAND,
    "W": Nation.WALES,
    "S": Nation.SCOTLAND,
    "N": Nation.NORTHERN_IRELAND,
}
_LISTED = {
    organisation.value: (valid, {nation.value for nation in nations})
    for organisation, (valid, nations, _) in _LISTING.items()
}
_UNCERTAIN = {"disputed", "uncertain"}
_OPEN_POD = {"under-consideration", "applied"}


def _eighteenth(born: dt.date, nation: Nation) -> dt.date:
    try:
        return born.replace(year=born.year + 18)
    except ValueError:  # 29 February
        return (
            dt.date(born.year + 18, 2, 28)
            if nation is Nation.SCOTLAND
            else dt.date(born.year + 18, 3, 1)
        )


def _expected_route(referral: Referral, on: dt.date, nation: Nation) -> tuple[str, str | None]:
    child = referral.child
    born = child.date_of_birth
    uncertain = child.age_basis in _UNCERTAIN
    birthday = None if born is None else _eighteenth(born, nation)
    if birthday is not None and not uncertain and referral.referred_on >= birthday:
        return ("sca", None)
    try:
        reference = _POLICY.pilot_age_reference.value_at(referral.referred_on, nation)
        measured = referral.referred_on if reference is AgeReference.REFERRAL_DATE else on
        cutoff = _POLICY.pilot_age_cutoff.value_at(measured, nation).amount
        if birthday is None:
            rule = _POLICY.pilot_unknown_birth_date.value_at(measured, nation)
            if rule is not UnknownBirthDateRule.ASSUME_BEFORE_CUTOFF:
                return ("sca", None)
        elif (birthday - measured).days <= cutoff:
            return ("sca", None)
    except PolicyRangeError:
        return ("sca", None)
    if uncertain and _in_force("pilot_excludes_uncertain_age", on, nation):
        return ("sca", None)
    if referral.pod_status in _OPEN_POD and _in_force("pilot_excludes_pod", on, nation):
        return ("sca", None)
    start, end = _REGISTER[referral.safeguarding_authority]
    if (start is not None and on < start) or (end is not None and on >= end):
        return ("sca", None)
    try:
        reading = _POLICY.site_start_reading.value_at(on)
    except PolicyRangeError:
        reading = SiteStartReading.FIRST_DAY
    for site in _SITES.sites_for(referral.safeguarding_authority, on):
        period = site.start_period
        if (
            period is None
            or period.exact
            or reading is SiteStartReading.FIRST_DAY
            or on >= period.last_day
        ):
            return ("pilot-panel", site.site_id)
    return ("sca", None)


def _in_force(parameter: str, on: dt.date, nation: Nation) -> bool:
    try:
        return bool(_POLICY.get(parameter).value_at(on, nation))
    except PolicyRangeError:
        return False


class CompleteDomainCaseDocument(DomainCaseDocument):
    _queries: list[str] = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _complete(self) -> CompleteDomainCaseDocument:
        referral = self.referral
        nation = _NATION[referral.safeguarding_authority[0]]
        queries = self._queries
        born = referral.child.date_of_birth
        responder = referral.first_responder
        if (responder.organisation == "other") != (responder.other_name is not None):
            raise ValueError("other_name only (and always) with 'other'")
        if born is None and referral.child.age_basis in ("confirmed", "assessed"):
            raise ValueError("date of birth unknown, but the age basis records one")
        if born is None:
            queries.append("date-of-birth-unknown")
        elif born > referral.referred_on:
            raise ValueError("date of birth after the referral")
        elif referral.child.age_basis not in _UNCERTAIN and (
            referral.referred_on >= _eighteenth(born, nation)
        ):
            queries.append("not-a-child-on-referral")
        valid, nations = _LISTED.get(responder.organisation, (None, None))
        if valid is not None and (
            referral.referred_on not in valid or responder.nation not in nations
        ):
            queries.append("first-responder-not-listed")
        birthday = None if born is None else _eighteenth(born, nation)
        pod = referral.pod_status
        for index, event in enumerate(self.history):
            tag = event.event
            if tag == "pod-considered" and pod in _OPEN_POD:
                raise ValueError(f"history[{index}]: a disqualification is already considered")
            if tag.startswith("pod-"):
                pod = "under-consideration" if tag == "pod-considered" else "decided"
            if tag == "turned-eighteen" and birthday is not None and event.on < birthday:
                raise ValueError(f"history[{index}]: before the 18th birthday")
            if tag in ("decision-made", "combined-decision-made") and event.panel is not None:  # type: ignore[union-attr]
                panel = event.panel  # type: ignore[union-attr]
                if panel.chair_id not in {member.member_id for member in panel.members}:
                    raise ValueError(f"history[{index}]: the chair is not a member")
        for index, event in enumerate(self.history):
            if event.event in ("routed-to-panel", "routed-to-sca"):
                recorded = (
                    ("pilot-panel", event.site_id)  # type: ignore[union-attr]
                    if event.event == "routed-to-panel"
                    else ("sca", None)
                )
                expected = _expected_route(referral, event.on, nation)
                if expected != recorded:
                    if recorded[0] == "sca" or not any(
                        site.site_id == recorded[1]
                        for site in _SITES.sites_for(referral.safeguarding_authority, event.on)
                    ):  # the lifecycle's guards: a route against the rules, a site not covering
                        raise ValueError(f"history[{index}]: route against the rules")
                    queries.append(f"history[{index}]: route-differs")
                break
        return self
