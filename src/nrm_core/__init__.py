"""nrm_core: the UK National Referral Mechanism for child victims of modern slavery.

A pure domain library: referral, child, authority, pilot site, panel and
decision types; a case lifecycle declared as data; explained checks; one
:class:`Rules` value holding every rule a decision depends on. Nothing reads
the clock, the network or a database: "today" is always a parameter.

The names here are the ones most programs need; everything else is documented
in its module (for example :mod:`nrm_core.calendar`, :mod:`nrm_core.deadlines`,
:mod:`nrm_core.io.validation`, :mod:`nrm_core.reporting.stats`).

>>> import datetime as dt
>>> import nrm_core
>>> from nrm_core.samples import example_referral
>>> case = nrm_core.Case(example_referral())
>>> nrm_core.route(case.referral).decision_maker
DecisionMaker(kind=<DecisionMakerKind.PILOT_PANEL: 'pilot-panel'>, site_id='P1-01')
>>> nrm_core.from_json(nrm_core.to_json(case), nrm_core.Case) == case
True
"""

from nrm_core._version import __version__
from nrm_core.child import AgeBasis, Child
from nrm_core.citations import Citation, Reason
from nrm_core.deadlines import deadlines_for
from nrm_core.decision import Decision, DecisionMaker, Outcome, Stage
from nrm_core.eligibility import Route, route
from nrm_core.errors import InvalidValueError, NrmError, TransitionRefused
from nrm_core.events import (
    AgeDisputed,
    CombinedDecisionMade,
    ConsentedToContinue,
    DecisionMade,
    DecisionServed,
    Event,
    EventKind,
    PodApplied,
    PodConsidered,
    PodGround,
    PodNotApplied,
    PodNotAppliedReason,
    ReconsiderationAccepted,
    ReconsiderationRefused,
    ReconsiderationRequested,
    ReReferred,
    Resumed,
    RoutedToPanel,
    RoutedToSca,
    RouteOverride,
    ScaReviewAgreed,
    ScaReviewReturned,
    Suspended,
    SuspensionReason,
    TransferredToSca,
    TurnedEighteen,
    WithdrawalReason,
    Withdrawn,
)
from nrm_core.io.interchange import from_json, to_json
from nrm_core.lifecycle import Case, apply, available_events
from nrm_core.nations import Nation
from nrm_core.panel import Panel, PanelMember, PanelRole, check_panel
from nrm_core.policy import Policy
from nrm_core.referral import (
    Exploitation,
    ExploitationLocation,
    ExploitationType,
    FirstResponder,
    FirstResponderOrganisation,
    PodStatus,
    Referral,
)
from nrm_core.registry import AuthorityRegister, SiteRegistry
from nrm_core.rules import Rules
from nrm_core.states import State

__all__ = [
    "AgeBasis",
    "AgeDisputed",
    "AuthorityRegister",
    "Case",
    "Child",
    "Citation",
    "CombinedDecisionMade",
    "ConsentedToContinue",
    "Decision",
    "DecisionMade",
    "DecisionMaker",
    "DecisionServed",
    "Event",
    "EventKind",
    "Exploitation",
    "ExploitationLocation",
    "ExploitationType",
    "FirstResponder",
    "FirstResponderOrganisation",
    "InvalidValueError",
    "Nation",
    "NrmError",
    "Outcome",
    "Panel",
    "PanelMember",
    "PanelRole",
    "PodApplied",
    "PodConsidered",
    "PodGround",
    "PodNotApplied",
    "PodNotAppliedReason",
    "PodStatus",
    "Policy",
    "ReReferred",
    "Reason",
    "ReconsiderationAccepted",
    "ReconsiderationRefused",
    "ReconsiderationRequested",
    "Referral",
    "Resumed",
    "Route",
    "RouteOverride",
    "RoutedToPanel",
    "RoutedToSca",
    "Rules",
    "ScaReviewAgreed",
    "ScaReviewReturned",
    "SiteRegistry",
    "Stage",
    "State",
    "Suspended",
    "SuspensionReason",
    "TransferredToSca",
    "TransitionRefused",
    "TurnedEighteen",
    "WithdrawalReason",
    "Withdrawn",
    "__version__",
    "apply",
    "available_events",
    "check_panel",
    "deadlines_for",
    "from_json",
    "route",
    "to_json",
]
