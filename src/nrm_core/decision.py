"""Reasonable Grounds and Conclusive Grounds decisions.

The NRM decides in two stages: Reasonable Grounds (RG), then Conclusive
Grounds (CG). A decision is made by the Home Office's Single Competent
Authority (SCA) or, for children in the pilot, by a pilot site's multi-agency
panel. Pilot decisions are quality-assured and **served** by the Home Office,
and every negative pilot decision is reviewed by the SCA before it is served
(FR Guide 2025 §12), so a :class:`Decision` keeps the date it was decided, the
date the SCA reviewed it and the date it was served apart.

The Immigration Enforcement Competent Authority (IECA) decides only a cohort of
adult cases (FR Guide 2025 fn 2), so it is deliberately not a decision maker here.

>>> import datetime as dt
>>> from nrm_core import Decision, DecisionMaker, Outcome, Stage
>>> decision = Decision(Stage.REASONABLE_GROUNDS, outcome=Outcome.POSITIVE,
...                     decided_on=dt.date(2026, 3, 20),
...                     decided_by=DecisionMaker.panel("P1-01"))
>>> str(decision.decided_by), decision.is_served
('pilot panel P1-01', False)
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from nrm_core._doc import Documented
from nrm_core._validate import (
    enum_member,
    identifier,
    instance_of,
    is_date,
    optional_date,
    owner_name,
    repr_pretty,
)
from nrm_core.checks import Code
from nrm_core.errors import InvalidTypeError, InvalidValueError

__all__ = ["Decision", "DecisionMaker", "DecisionMakerKind", "Outcome", "Stage"]

DATE_OUT_OF_ORDER = Code("date-out-of-order", "A decision's dates are out of order.")
SCA_REVIEW_NOT_APPLICABLE = Code(
    "sca-review-not-applicable", "Only pilot panel decisions are reviewed by the SCA."
)


class Stage(enum.Enum):
    """The two stages of an NRM decision."""

    REASONABLE_GROUNDS = "reasonable-grounds"
    CONCLUSIVE_GROUNDS = "conclusive-grounds"

    @property
    def abbreviation(self) -> str:
        """``"RG"`` or ``"CG"``."""
        return "RG" if self is Stage.REASONABLE_GROUNDS else "CG"


class Outcome(enum.Enum):
    """A decision's outcome."""

    POSITIVE = "positive"
    NEGATIVE = "negative"


class DecisionMakerKind(enum.Enum):
    """Who decides: the SCA or a pilot site's panel."""

    SCA = "sca"
    PILOT_PANEL = "pilot-panel"


@attrs.frozen
class DecisionMaker(metaclass=Documented):
    """The SCA (``site_id`` is ``None``) or the panel of the pilot site ``site_id``."""

    kind: DecisionMakerKind = attrs.field(validator=enum_member(DecisionMakerKind))
    site_id: str | None = attrs.field(default=None, validator=attrs.validators.optional(identifier))

    def __attrs_post_init__(self) -> None:
        if (self.kind is DecisionMakerKind.PILOT_PANEL) != (self.site_id is not None):
            raise InvalidValueError(
                owner_name(self),
                "site_id",
                "is required for a pilot panel and not allowed for the SCA",
            )

    @classmethod
    def sca(cls) -> DecisionMaker:
        """The Home Office Single Competent Authority."""
        if cls is DecisionMaker:  # immutable: one instance serves every case
            return _SCA_MAKER
        return cls(DecisionMakerKind.SCA)

    @classmethod
    def panel(cls, site_id: str) -> DecisionMaker:
        """The multi-agency panel of pilot site ``site_id``."""
        if cls is DecisionMaker and type(site_id) is str:
            known = _PANELS.get(site_id)
            if known is None:
                known = cls(DecisionMakerKind.PILOT_PANEL, site_id)  # checks the id
                if len(_PANELS) < 4096:
                    _PANELS[site_id] = known
            return known
        return cls(DecisionMakerKind.PILOT_PANEL, site_id)

    @property
    def is_pilot_panel(self) -> bool:
        return self.kind is DecisionMakerKind.PILOT_PANEL

    def __str__(self) -> str:
        return "SCA" if self.site_id is None else f"pilot panel {self.site_id}"


_SCA_MAKER = DecisionMaker(DecisionMakerKind.SCA)
_PANELS: dict[str, DecisionMaker] = {}


@attrs.frozen
class Decision(metaclass=Documented):
    """An RG or CG decision and the dates it was decided, reviewed by the SCA and served.

    ``reasons`` is the recorded reasoning (free text: excluded from ``repr``).
    """

    _repr_pretty_ = repr_pretty

    stage: Stage = attrs.field(validator=enum_member(Stage))
    outcome: Outcome = attrs.field(kw_only=True, validator=enum_member(Outcome))
    decided_on: dt.date = attrs.field(kw_only=True, validator=is_date)
    decided_by: DecisionMaker = attrs.field(
        kw_only=True, validator=instance_of(DecisionMaker, "a DecisionMaker")
    )
    sca_reviewed_on: dt.date | None = attrs.field(
        kw_only=True, default=None, validator=optional_date
    )
    served_on: dt.date | None = attrs.field(kw_only=True, default=None, validator=optional_date)
    reasons: str = attrs.field(kw_only=True, default="", repr=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.reasons, str):
            raise InvalidTypeError(owner_name(self), "reasons", "expected a str")
        if self.sca_reviewed_on is not None:
            if not self.decided_by.is_pilot_panel:
                raise InvalidValueError(
                    owner_name(self),
                    "sca_reviewed_on",
                    "only pilot panel decisions are reviewed by the SCA",
                    code="sca-review-not-applicable",
                )
            if self.sca_reviewed_on < self.decided_on:
                raise InvalidValueError(
                    owner_name(self),
                    "sca_reviewed_on",
                    "is before the decision was made",
                    code="date-out-of-order",
                )
        if self.served_on is not None:
            if self.served_on < self.decided_on:
                raise InvalidValueError(
                    owner_name(self),
                    "served_on",
                    "is before the decision was made",
                    code="date-out-of-order",
                )
            if self.sca_reviewed_on is not None and self.served_on < self.sca_reviewed_on:
                raise InvalidValueError(
                    owner_name(self),
                    "served_on",
                    "is before the SCA review",
                    code="date-out-of-order",
                )

    @property
    def is_served(self) -> bool:
        return self.served_on is not None


CODES: tuple[Code, ...] = (
    DATE_OUT_OF_ORDER,
    SCA_REVIEW_NOT_APPLICABLE,
)
"""The codes this module declares (listed in the catalogue, :mod:`nrm_core.io.catalogue`)."""
