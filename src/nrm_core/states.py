"""The states a case can be in, derived from its history and never stored.

>>> from nrm_core.states import INITIAL_STATE, State
>>> INITIAL_STATE
<State.REFERRED: 'referred'>
>>> State.CG_POSITIVE.is_terminal
True
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

__all__ = ["INITIAL_STATE", "TERMINAL_STATES", "State"]


class State(enum.Enum):
    """Where a case stands. Derived from the history, never stored."""

    # Hashed by identity, in C (an Enum hashes its name in Python): a member equals only
    # itself, and the transition table is looked up by (state, kind) at every step.
    __hash__ = object.__hash__

    REFERRED = "referred"
    AWAITING_RG = "awaiting-rg"
    RG_POSITIVE_DECIDED = "rg-positive-decided"
    RG_NEGATIVE_DECIDED = "rg-negative-decided"
    COMBINED_CG_POSITIVE_DECIDED = "combined-cg-positive-decided"
    COMBINED_CG_NEGATIVE_DECIDED = "combined-cg-negative-decided"
    AWAITING_CG = "awaiting-cg"
    CG_POSITIVE_DECIDED = "cg-positive-decided"
    CG_NEGATIVE_DECIDED = "cg-negative-decided"
    RG_NEGATIVE = "rg-negative"
    CG_POSITIVE = "cg-positive"
    CG_NEGATIVE = "cg-negative"
    RG_RECONSIDERATION_REQUESTED = "rg-reconsideration-requested"
    CG_RECONSIDERATION_REQUESTED = "cg-reconsideration-requested"
    SUSPENDED_AT_RG = "suspended-at-rg"
    SUSPENDED_AT_CG = "suspended-at-cg"
    AWAITING_CONSENT_AT_RG = "awaiting-consent-at-rg"
    AWAITING_CONSENT_AT_CG = "awaiting-consent-at-cg"
    WITHDRAWN = "withdrawn"
    MERGED = "merged"

    @property
    def meaning(self) -> str:
        """What the state means, in one sentence (each state has its own).

        >>> from nrm_core.states import State
        >>> State.AWAITING_CG.meaning
        'Positive RG served; the recovery period runs; awaiting the Conclusive Grounds decision.'
        """
        return _MEANINGS[self]

    @property
    def is_terminal(self) -> bool:
        """Whether the case has ended (terminal states are left only by reconsideration)."""
        return self in TERMINAL_STATES


INITIAL_STATE = State.REFERRED
"""Every case starts here: the referral has been received."""

TERMINAL_STATES: frozenset[State] = frozenset(
    {State.RG_NEGATIVE, State.CG_POSITIVE, State.CG_NEGATIVE, State.WITHDRAWN, State.MERGED}
)
"""States in which the case has ended."""

_MEANINGS: Mapping[State, str] = {
    State.REFERRED: "Referral received; not yet routed to a decision maker.",
    State.AWAITING_RG: "With a decision maker; awaiting the Reasonable Grounds decision.",
    State.RG_POSITIVE_DECIDED: "Positive RG decided; not yet served.",
    State.RG_NEGATIVE_DECIDED: (
        "Negative RG decided; not yet served (a pilot negative awaits SCA review)."
    ),
    State.COMBINED_CG_POSITIVE_DECIDED: (
        "Pilot panel made positive RG and positive CG at one meeting; not yet served."
    ),
    State.COMBINED_CG_NEGATIVE_DECIDED: (
        "Pilot panel made positive RG and negative CG at one meeting; not yet served."
    ),
    State.AWAITING_CG: (
        "Positive RG served; the recovery period runs; awaiting the Conclusive Grounds decision."
    ),
    State.CG_POSITIVE_DECIDED: "Positive CG decided; not yet served.",
    State.CG_NEGATIVE_DECIDED: (
        "Negative CG decided; not yet served (a pilot negative awaits SCA review)."
    ),
    State.RG_NEGATIVE: "Negative RG served (terminal; left only by reconsideration).",
    State.CG_POSITIVE: "Positive CG served: conclusively identified as a victim (terminal).",
    State.CG_NEGATIVE: "Negative CG served (terminal; left only by reconsideration).",
    State.RG_RECONSIDERATION_REQUESTED: (
        "Reconsideration of the negative RG requested; awaiting the reply."
    ),
    State.CG_RECONSIDERATION_REQUESTED: (
        "Reconsideration of the negative CG requested; awaiting the reply."
    ),
    State.SUSPENDED_AT_RG: "Suspended before the RG decision.",
    State.SUSPENDED_AT_CG: "Suspended before the CG decision.",
    State.AWAITING_CONSENT_AT_RG: (
        "Turned 18 before the RG decision; must consent to continue or withdraw."
    ),
    State.AWAITING_CONSENT_AT_CG: (
        "Turned 18 before the CG decision; must consent to continue or withdraw."
    ),
    State.WITHDRAWN: "Withdrawn from the NRM (terminal; a later re-referral opens it again).",
    State.MERGED: (
        "A duplicate referral of the same child, merged into another referral (terminal)."
    ),
}
"""What each state means: the one place the words are written (the lifecycle reference's
States table, ``help(State.X)`` and the API reference show them)."""
for _state, _meaning in _MEANINGS.items():
    _state.__doc__ = _meaning
