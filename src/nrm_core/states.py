"""The states a case can be in, derived from its history and never stored.

>>> from nrm_core.states import INITIAL_STATE, State
>>> INITIAL_STATE
<State.REFERRED: 'referred'>
>>> State.CG_POSITIVE.is_terminal
True
"""

from __future__ import annotations

import enum

__all__ = ["INITIAL_STATE", "TERMINAL_STATES", "State"]


class State(enum.Enum):
    """Where a case stands. Derived from the history, never stored."""

    REFERRED = "referred"
    """Referral received; not yet routed to a decision maker."""
    AWAITING_RG = "awaiting-rg"
    """With a decision maker; awaiting the Reasonable Grounds decision."""
    RG_POSITIVE_DECIDED = "rg-positive-decided"
    """Positive RG decided; not yet served."""
    RG_NEGATIVE_DECIDED = "rg-negative-decided"
    """Negative RG decided; not yet served (a pilot negative awaits SCA review)."""
    COMBINED_CG_POSITIVE_DECIDED = "combined-cg-positive-decided"
    """Pilot panel made positive RG and positive CG at one meeting; not yet served."""
    COMBINED_CG_NEGATIVE_DECIDED = "combined-cg-negative-decided"
    """Pilot panel made positive RG and negative CG at one meeting; not yet served."""
    AWAITING_CG = "awaiting-cg"
    """Positive RG served; the recovery period runs; awaiting the Conclusive Grounds decision."""
    CG_POSITIVE_DECIDED = "cg-positive-decided"
    """Positive CG decided; not yet served."""
    CG_NEGATIVE_DECIDED = "cg-negative-decided"
    """Negative CG decided; not yet served (a pilot negative awaits SCA review)."""
    RG_NEGATIVE = "rg-negative"
    """Negative RG served (terminal; left only by reconsideration)."""
    CG_POSITIVE = "cg-positive"
    """Positive CG served: conclusively identified as a victim (terminal)."""
    CG_NEGATIVE = "cg-negative"
    """Negative CG served (terminal; left only by reconsideration)."""
    RG_RECONSIDERATION_REQUESTED = "rg-reconsideration-requested"
    """Reconsideration of the negative RG requested; awaiting the reply."""
    CG_RECONSIDERATION_REQUESTED = "cg-reconsideration-requested"
    """Reconsideration of the negative CG requested; awaiting the reply."""
    SUSPENDED_AT_RG = "suspended-at-rg"
    """Suspended before the RG decision."""
    SUSPENDED_AT_CG = "suspended-at-cg"
    """Suspended before the CG decision."""
    AWAITING_CONSENT_AT_RG = "awaiting-consent-at-rg"
    """Turned 18 before the RG decision; must consent to continue or withdraw."""
    AWAITING_CONSENT_AT_CG = "awaiting-consent-at-cg"
    """Turned 18 before the CG decision; must consent to continue or withdraw."""
    WITHDRAWN = "withdrawn"
    """Withdrawn from the NRM (terminal; a later re-referral opens it again)."""
    MERGED = "merged"
    """A duplicate referral of the same child, merged into another referral (terminal)."""

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
