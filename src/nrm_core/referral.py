"""An NRM referral of one child.

The vocabulary follows the Home Office NRM online referral form and the First
Responder Guide for England and Wales (2025) §5 (who may refer).

>>> import datetime as dt
>>> from nrm_core import (AgeBasis, Child, ExploitationLocation, ExploitationType,
...     FirstResponder, FirstResponderOrganisation, Nation, Referral)
>>> referral = Referral(
...     referral_id="R-0001",
...     child=Child("C-0001", date_of_birth=dt.date(2010, 5, 17), age_basis=AgeBasis.CLAIMED),
...     referred_on=dt.date(2026, 3, 2),
...     first_responder=FirstResponder(FirstResponderOrganisation.POLICE),
...     referrer_nation=Nation.WALES,
...     safeguarding_authority="W06000015",
...     exploitation_types=frozenset({ExploitationType.CHILD_CRIMINAL_EXPLOITATION}),
...     exploitation_location=ExploitationLocation.UK,
... )
>>> referral.nation
<Nation.WALES: 'wales'>
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from nrm_core._codes import register
from nrm_core._sources import FR_GUIDE_2025, P, cite
from nrm_core._validate import (
    enum_member,
    frozenset_of,
    identifier,
    instance_of,
    is_date,
    optional_str,
    owner_name,
    to_frozenset,
)
from nrm_core.authority import gss_code
from nrm_core.child import Child
from nrm_core.errors import InvalidValueError
from nrm_core.nations import Nation

__all__ = [
    "ExploitationLocation",
    "ExploitationType",
    "FirstResponder",
    "FirstResponderOrganisation",
    "PodStatus",
    "Referral",
]

register("referred-before-birth", "The referral is dated before the birth.")
register("other-name-required", "An 'other' First Responder needs a name.")
register("other-name-not-allowed", "A listed First Responder has a name.")

FRO_LIST = cite(FR_GUIDE_2025, "§5", P, "First Responder Organisations in England and Wales")


class FirstResponderOrganisation(enum.Enum):
    """First Responder Organisations in England and Wales (FR Guide 2025 §5).

    Scotland and Northern Ireland have their own lists: use ``OTHER`` with a name.
    """

    POLICE = "police"
    LOCAL_AUTHORITY = "local-authority"
    UK_VISAS_AND_IMMIGRATION = "uk-visas-and-immigration"
    BORDER_FORCE = "border-force"
    IMMIGRATION_ENFORCEMENT = "immigration-enforcement"
    NATIONAL_CRIME_AGENCY = "national-crime-agency"
    GANGMASTERS_AND_LABOUR_ABUSE_AUTHORITY = "gangmasters-and-labour-abuse-authority"
    SALVATION_ARMY = "salvation-army"
    MIGRANT_HELP = "migrant-help"
    MEDAILLE_TRUST = "medaille-trust"
    KALAYAAN = "kalayaan"
    BARNARDOS = "barnardos"
    UNSEEN = "unseen"
    NSPCC_CHILD_TRAFFICKING_ADVICE_CENTRE = "nspcc-child-trafficking-advice-centre"
    BAWSO = "bawso"
    NEW_PATHWAYS = "new-pathways"
    REFUGEE_COUNCIL = "refugee-council"
    OTHER = "other"

    @property
    def is_statutory(self) -> bool:
        """Statutory FROs (which also carry the MSA s.52 Duty to Notify)."""
        return self in _STATUTORY


_STATUTORY = frozenset(
    {
        FirstResponderOrganisation.POLICE,
        FirstResponderOrganisation.LOCAL_AUTHORITY,
        FirstResponderOrganisation.UK_VISAS_AND_IMMIGRATION,
        FirstResponderOrganisation.BORDER_FORCE,
        FirstResponderOrganisation.IMMIGRATION_ENFORCEMENT,
        FirstResponderOrganisation.NATIONAL_CRIME_AGENCY,
        FirstResponderOrganisation.GANGMASTERS_AND_LABOUR_ABUSE_AUTHORITY,
    }
)


@attrs.frozen
class FirstResponder:
    """The organisation that made the referral; ``other_name`` only (and always) with OTHER."""

    organisation: FirstResponderOrganisation = attrs.field(
        validator=enum_member(FirstResponderOrganisation)
    )
    other_name: str | None = attrs.field(
        default=None,
        validator=optional_str,
        metadata={"json": {"description": "Only (and always) with 'other'."}},
    )

    def __attrs_post_init__(self) -> None:
        is_other = self.organisation is FirstResponderOrganisation.OTHER
        if is_other and self.other_name is None:
            raise InvalidValueError(
                owner_name(self),
                "other_name",
                "is required when organisation is OTHER",
                FRO_LIST,
                code="other-name-required",
            )
        if not is_other and self.other_name is not None:
            raise InvalidValueError(
                owner_name(self),
                "other_name",
                "is only allowed when organisation is OTHER (the listed FROs have fixed names)",
                FRO_LIST,
                code="other-name-not-allowed",
            )


class ExploitationType(enum.Enum):
    """Exploitation types, from the Home Office NRM referral form."""

    FORCED_TO_WORK = "forced-to-work"
    WAGES_TAKEN = "wages-taken"
    FORCED_TO_COMMIT_FRAUD = "forced-to-commit-fraud"
    SEXUAL_EXPLOITATION = "sexual-exploitation"
    CHILD_CRIMINAL_EXPLOITATION = "child-criminal-exploitation"
    TAKEN_SOMEWHERE = "taken-somewhere"
    FORCED_TO_COMMIT_CRIME = "forced-to-commit-crime"
    ORGANS_REMOVED = "organs-removed"
    UNPAID_HOUSEHOLD_WORK = "unpaid-household-work"
    OTHER = "other"


class ExploitationLocation(enum.Enum):
    """Where the exploitation happened."""

    UK = "uk"
    OVERSEAS = "overseas"
    BOTH = "both"


class PodStatus(enum.Enum):
    """Public Order Disqualification status (Nationality and Borders Act 2022 s.63)."""

    NONE = "none"
    UNDER_CONSIDERATION = "under-consideration"
    APPLIED = "applied"
    NOT_APPLIED = "not-applied"


@attrs.frozen
class Referral:
    """One NRM referral of one child (each referral covers one person: FR Guide 2025 §11).

    ``safeguarding_authority`` is the GSS code of the local authority with
    safeguarding responsibility for the child (for Northern Ireland, whose HSC
    Trusts have no GSS codes, the country code ``N92000002``).
    """

    referral_id: str = attrs.field(validator=identifier)
    child: Child = attrs.field(kw_only=True, validator=instance_of(Child, "a Child"))
    referred_on: dt.date = attrs.field(kw_only=True, validator=is_date)
    first_responder: FirstResponder = attrs.field(
        kw_only=True, validator=instance_of(FirstResponder, "a FirstResponder")
    )
    referrer_nation: Nation = attrs.field(kw_only=True, validator=enum_member(Nation))
    safeguarding_authority: str = attrs.field(
        kw_only=True,
        validator=gss_code,
        metadata={"json": {"description": "GSS code (N92000002 for Northern Ireland)."}},
    )
    exploitation_types: frozenset[ExploitationType] = attrs.field(
        kw_only=True,
        converter=to_frozenset,
        validator=frozenset_of(ExploitationType, "an ExploitationType", non_empty=True),
    )
    exploitation_location: ExploitationLocation = attrs.field(
        kw_only=True, validator=enum_member(ExploitationLocation)
    )
    pod_status: PodStatus = attrs.field(
        kw_only=True, default=PodStatus.NONE, validator=enum_member(PodStatus)
    )

    def __attrs_post_init__(self) -> None:
        if self.referred_on < self.child.date_of_birth:
            raise InvalidValueError(
                owner_name(self),
                "referred_on",
                "is before the child's recorded date of birth; a child cannot be referred "
                "before they are born (check both dates)",
                code="referred-before-birth",
            )

    @property
    def nation(self) -> Nation:
        """The nation of the safeguarding authority (from its GSS code)."""
        return Nation.from_gss_code(self.safeguarding_authority)
