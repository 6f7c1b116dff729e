"""What replaying a case's history has established so far (private to the lifecycle)."""

from __future__ import annotations

import datetime as dt

import attrs

from nrm_core.decision import Decision, DecisionMaker, Stage
from nrm_core.referral import PodStatus
from nrm_core.states import State


@attrs.frozen
class Facts:
    """The state and everything the guards and the case's properties read."""

    state: State
    last_event_on: dt.date | None = attrs.field(default=None, kw_only=True)
    decision_maker: DecisionMaker | None = attrs.field(default=None, kw_only=True)
    decisions: tuple[Decision, ...] = attrs.field(default=(), kw_only=True)
    pending: int = attrs.field(default=0, kw_only=True)
    """How many trailing decisions are not yet served."""
    pod_status: PodStatus = attrs.field(default=PodStatus.NONE, kw_only=True)
    reconsidered: tuple[Stage, ...] = attrs.field(default=(), kw_only=True)
    """The stages whose negative decision a reconsideration was requested of."""
    turned_eighteen_on: dt.date | None = attrs.field(default=None, kw_only=True)
    age_disputed_on: dt.date | None = attrs.field(default=None, kw_only=True)
    re_referred_on: dt.date | None = attrs.field(default=None, kw_only=True)
    """When the person was last re-referred after an ended case (a further RG follows)."""

    @property
    def pending_decisions(self) -> tuple[Decision, ...]:
        return self.decisions[len(self.decisions) - self.pending :] if self.pending else ()

    @property
    def settled(self) -> int:
        """How many leading decisions are settled (served, or superseded)."""
        return len(self.decisions) - self.pending
