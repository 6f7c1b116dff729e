"""Fictional sample data for examples, docs and tests (no real person's data).

Needs nothing beyond nrm_core's own dependencies.

>>> from nrm_core.samples import example_referral
>>> example_referral().referral_id
'R-EXAMPLE-1'
"""

from __future__ import annotations

import datetime as dt

from nrm_core.child import AgeBasis, Child
from nrm_core.nations import Nation
from nrm_core.panel import Panel, PanelMember, PanelRole
from nrm_core.referral import (
    Exploitation,
    ExploitationLocation,
    ExploitationType,
    FirstResponder,
    FirstResponderOrganisation,
    Referral,
)

__all__ = ["example_panel", "example_referral", "example_sca_referral"]


def example_referral() -> Referral:
    """One fixed, fictional referral to Cardiff (a phase-1 pilot site) on 2 March 2026."""
    return Referral(
        referral_id="R-EXAMPLE-1",
        child=Child(
            "C-EXAMPLE-1",
            date_of_birth=dt.date(2010, 5, 17),
            age_basis=AgeBasis.CLAIMED,
            name="Fictional Child",
        ),
        referred_on=dt.date(2026, 3, 2),
        first_responder=FirstResponder(FirstResponderOrganisation.POLICE, nation=Nation.WALES),
        safeguarding_authority="W06000015",
        exploitation=Exploitation(
            frozenset({ExploitationType.FORCED_TO_COMMIT_CRIME}), location=ExploitationLocation.UK
        ),
    )


def example_sca_referral() -> Referral:
    """The same fictional child in Rhondda Cynon Taf (not in the pilot) on 2 March 2026: the
    routing rules give the SCA, so a route there needs no override.

    >>> from nrm_core import route
    >>> from nrm_core.samples import example_sca_referral
    >>> str(route(example_sca_referral()).decision_maker)
    'SCA'
    """
    referral = example_referral()
    return Referral(
        referral_id="R-EXAMPLE-2",
        child=referral.child,
        referred_on=referral.referred_on,
        first_responder=referral.first_responder,
        safeguarding_authority="W06000016",
        exploitation=referral.exploitation,
    )


def example_panel(site_id: str = "P1-01") -> Panel:
    """A properly constituted fictional panel (the three safeguarding partners, ICTG invited)."""
    return Panel(
        site_id=site_id,
        members=(
            PanelMember(
                "LA-07",
                role=PanelRole.LOCAL_AUTHORITY_CHILDRENS_SOCIAL_CARE,
                organisation="Children's services",
            ),
            PanelMember("POL-3", role=PanelRole.POLICE, organisation="Police"),
            PanelMember("HLT-2", role=PanelRole.HEALTH, organisation="Health board"),
        ),
        chair_id="LA-07",
        lead_social_worker_id="SW-19",
        child_has_ictg=True,
        ictg_invited=True,
    )
