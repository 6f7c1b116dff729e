"""A pydantic v2 model of the nrm_core case format, for comparison only (shape checks).

Strict (no coercion), unknown keys forbidden, enums as literal strings, dates
as strict ISO dates. It checks what the JSON Schema checks and nothing of the
domain (authority codes on the day, the lifecycle's rules).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$")]
Gss = Annotated[str, StringConstraints(pattern=r"^[ENSW]\d{8}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Child(Strict):
    child_id: Id
    date_of_birth: dt.date
    age_basis: Literal["confirmed", "claimed", "assessed", "disputed", "uncertain"]
    name: Text | None = None
    other_details: list[Text] = []


class FirstResponder(Strict):
    organisation: str
    nation: Literal["england", "wales", "scotland", "northern-ireland"]
    other_name: Text | None = None


class Exploitation(Strict):
    types: list[str] = Field(min_length=1)
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
    role: str
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
        "withdrawn", "pod-considered", "pod-not-applied",
    ]  # fmt: skip
    on: dt.date


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
    | SuspendedEvent | PodAppliedEvent,
    Field(discriminator="event"),
]  # fmt: skip


class CaseDocument(Strict):
    format: Literal["nrm-core/case"]
    version: Literal[2]
    referral: Referral
    history: list[Event] = []
