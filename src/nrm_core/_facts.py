"""What replaying a case's history has established so far (private to the lifecycle)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from nrm_core.decision import Decision, DecisionMaker, Stage
from nrm_core.referral import PodStatus
from nrm_core.states import State


class Facts(NamedTuple):
    """The state and everything the guards and the case's properties read.

    Immutable, and a named tuple rather than an attrs class: replay builds one per
    event (two with the new state), and a tuple is built several times faster.
    Change it with ``facts._replace(...)``. It is never part of the public API.
    """

    state: State
    last_event_on: dt.date | None = None
    decision_maker: DecisionMaker | None = None
    decisions: tuple[Decision, ...] = ()
    pending: int = 0
    """How many trailing decisions are not yet served."""
    pod_status: PodStatus = PodStatus.NONE
    reconsidered: tuple[Stage, ...] = ()
    """The stages whose negative decision a reconsideration was requested of."""
    turned_eighteen_on: dt.date | None = None
    age_disputed_on: dt.date | None = None
    re_referred_on: dt.date | None = None
    """When the person was last re-referred after an ended case (a further RG follows)."""

    def moved(self, state: State, on: dt.date) -> Facts:
        """The facts after an event on ``on`` that leads to ``state`` (replay's every step:
        the tuple built directly, several times faster than ``_replace``)."""
        return _tuple(Facts, (state, on, *self[2:]))

    @property
    def pending_decisions(self) -> tuple[Decision, ...]:
        return self.decisions[len(self.decisions) - self.pending :] if self.pending else ()

    @property
    def settled(self) -> int:
        """How many leading decisions are settled (served, or superseded)."""
        return len(self.decisions) - self.pending


_tuple = tuple.__new__
