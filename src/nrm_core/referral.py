"""An NRM referral of one child.

The vocabulary follows the Home Office NRM online referral form and the First
Responder Guide for England and Wales (2025) §5 (who may refer).

The exploitation types are the form's ten checkboxes, named for what the form's
labels say (the form's key ``child-exploitation`` is labelled "Child sexual
exploitation"), each with its statistics category; county lines is a separate
flag, because the form puts it under "forced to commit a crime".

>>> import datetime as dt
>>> from nrm_core import (AgeBasis, Child, Exploitation, ExploitationLocation, ExploitationType,
...     FirstResponder, FirstResponderOrganisation, Nation, Referral)
>>> referral = Referral(
...     "R-0001",
...     child=Child("C-0001", date_of_birth=dt.date(2010, 5, 17), age_basis=AgeBasis.CLAIMED),
...     referred_on=dt.date(2026, 3, 2),
...     first_responder=FirstResponder(FirstResponderOrganisation.POLICE, nation=Nation.WALES),
...     safeguarding_authority="W06000015",
...     exploitation=Exploitation(
...         {ExploitationType.FORCED_TO_COMMIT_CRIME},
...         location=ExploitationLocation.UK,
...         county_lines=True,
...     ),
... )
>>> referral.nation
<Nation.WALES: 'wales'>
>>> ExploitationType.CHILD_SEXUAL_EXPLOITATION.form_key
'child-exploitation'
>>> sorted(c.value for c in referral.exploitation.statistics_categories)
['criminal']
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from nrm_core._doc import Documented
from nrm_core._sources import (
    FR_TOOLKIT_2026,
    HOME_OFFICE_FORM,
    NRM_STATISTICS,
    SECONDARY,
    P,
    U,
    cite,
)
from nrm_core._validate import (
    enum_member,
    frozenset_of,
    identifier,
    instance_of,
    is_bool,
    is_date,
    optional_str,
    owner_name,
    to_frozenset,
)
from nrm_core.authority import gss_code
from nrm_core.checks import Citation, Code, Severity
from nrm_core.child import Child
from nrm_core.dateranges import DateRange
from nrm_core.errors import InvalidValueError
from nrm_core.nations import Nation

__all__ = [
    "Exploitation",
    "ExploitationLocation",
    "ExploitationType",
    "FirstResponder",
    "FirstResponderOrganisation",
    "PodStatus",
    "Referral",
    "StatisticsCategory",
]

REFERRED_BEFORE_BIRTH = Code("referred-before-birth", "The referral is dated before the birth.")
DATE_OUT_OF_RANGE = Code(
    "date-out-of-range", "A date is outside the range nrm_core can reason about."
)
LAST_BIRTH_YEAR = dt.MAXYEAR - 18
"""The last birth year whose 18th birthday is a date Python can hold."""
OTHER_NAME_REQUIRED = Code("other-name-required", "An 'other' First Responder needs a name.")
OTHER_NAME_NOT_ALLOWED = Code("other-name-not-allowed", "A listed First Responder has a name.")

FRO_LIST = cite(
    FR_TOOLKIT_2026,
    "§2",
    P,
    "First Responder Organisations; the form's own list is the referral form's organisations",
)
FRO_FORM_CHANGE = dt.date(2026, 3, 26)
"""The referral form's organisation list changed: Fair Work Agency added, the UK Visas and
Immigration entry replaced by the Home Office Asylum Group teams."""
FIRST_RESPONDER_NOT_LISTED = Code(
    "first-responder-not-listed",
    "The First Responder organisation is not on the form's list for that date or nation.",
    severity=Severity.QUERY,
)


class FirstResponderOrganisation(enum.Enum):
    """First Responder Organisations, as the Home Office referral form lists them.

    The list changed on 26 March 2026 (Fair Work Agency added; UK Visas and
    Immigration replaced by the Home Office Asylum Group teams). Scotland and
    Northern Ireland have their own organisations (TARA; the HSC Trusts); an
    organisation the list does not name is ``OTHER`` with its name.
    :meth:`listed` says whether one was on the list on a date, in a nation.
    """

    POLICE = "police"
    LOCAL_AUTHORITY = "local-authority"
    HSC_TRUST = "hsc-trust"
    """A Health and Social Care Trust (Northern Ireland)."""
    UK_VISAS_AND_IMMIGRATION = "uk-visas-and-immigration"
    HOME_OFFICE_ASYLUM_GROUP = "home-office-asylum-group"
    FAIR_WORK_AGENCY = "fair-work-agency"
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
    TARA = "tara"
    """Trafficking Awareness Raising Alliance (Scotland)."""
    OTHER = "other"

    @property
    def is_statutory(self) -> bool:
        """Statutory FROs (which also carry the MSA s.52 Duty to Notify)."""
        return self in _STATUTORY

    def listed(self, on: dt.date, nation: Nation) -> bool:
        """Whether the form listed this organisation on ``on`` for a referrer in ``nation``."""
        valid, nations, _ = _LISTING.get(self, (_ALWAYS, frozenset(Nation), FRO_LIST))
        return on in valid and nation in nations


_STATUTORY = frozenset(
    {
        FirstResponderOrganisation.POLICE,
        FirstResponderOrganisation.LOCAL_AUTHORITY,
        FirstResponderOrganisation.HSC_TRUST,
        FirstResponderOrganisation.UK_VISAS_AND_IMMIGRATION,
        FirstResponderOrganisation.HOME_OFFICE_ASYLUM_GROUP,
        FirstResponderOrganisation.FAIR_WORK_AGENCY,
        FirstResponderOrganisation.BORDER_FORCE,
        FirstResponderOrganisation.IMMIGRATION_ENFORCEMENT,
        FirstResponderOrganisation.NATIONAL_CRIME_AGENCY,
        FirstResponderOrganisation.GANGMASTERS_AND_LABOUR_ABUSE_AUTHORITY,
    }
)


_ALWAYS = DateRange()
_FORM = cite(HOME_OFFICE_FORM, "ms-lists/ms_organisations.js", P, "list changed 26 March 2026")
_NATION_ONLY = cite(
    HOME_OFFICE_FORM,
    "ms-lists/ms_organisations.js",
    U,
    "one list for the UK; which nations each serves is inferred",
)
_LISTING: dict[FirstResponderOrganisation, tuple[DateRange, frozenset[Nation], Citation]] = {
    FirstResponderOrganisation.UK_VISAS_AND_IMMIGRATION: (
        DateRange(None, FRO_FORM_CHANGE),
        frozenset(Nation),
        _FORM,
    ),
    FirstResponderOrganisation.HOME_OFFICE_ASYLUM_GROUP: (
        DateRange(FRO_FORM_CHANGE),
        frozenset(Nation),
        _FORM,
    ),
    FirstResponderOrganisation.FAIR_WORK_AGENCY: (
        DateRange(FRO_FORM_CHANGE),
        frozenset(Nation),
        _FORM,
    ),
    FirstResponderOrganisation.HSC_TRUST: (
        _ALWAYS,
        frozenset({Nation.NORTHERN_IRELAND}),
        _NATION_ONLY,
    ),
    FirstResponderOrganisation.TARA: (_ALWAYS, frozenset({Nation.SCOTLAND}), _NATION_ONLY),
}


def listing_citation(organisation: FirstResponderOrganisation) -> Citation:
    """The source of an organisation's place on the form's list."""
    return _LISTING.get(organisation, (_ALWAYS, frozenset(Nation), FRO_LIST))[2]


@attrs.frozen
class FirstResponder(metaclass=Documented):
    """The organisation that made the referral and the nation it referred from (the form's
    "referrer location"); ``other_name`` only (and always) with OTHER."""

    organisation: FirstResponderOrganisation = attrs.field(
        validator=enum_member(FirstResponderOrganisation)
    )
    nation: Nation = attrs.field(validator=enum_member(Nation), kw_only=True)
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


class StatisticsCategory(enum.Enum):
    """The exploitation categories of the Home Office's published NRM statistics."""

    LABOUR = "labour"
    SEXUAL = "sexual"
    CRIMINAL = "criminal"
    DOMESTIC_SERVITUDE = "domestic-servitude"
    ORGAN_HARVESTING = "organ-harvesting"
    NOT_SPECIFIED = "not-specified"
    """Not specified or unknown."""


class ExploitationType(enum.Enum):
    """The ten exploitation types of the Home Office referral form, named for their labels.

    Each has the form's key (:attr:`form_key`), the label the form shows
    (:attr:`label`) and the published statistics category it counts under
    (:attr:`statistics_category`).
    """

    FORCED_TO_WORK = "forced-to-work"
    """Forced to work for nothing or almost nothing."""
    WAGES_TAKEN = "wages-taken"
    """Wages taken by force or coercion, such as through control of a bank account."""
    FORCED_TO_COMMIT_FRAUD = "forced-to-commit-fraud"
    """Forced to commit fraud, such as using their identity to claim benefits."""
    FORCED_INTO_PROSTITUTION = "forced-into-prostitution"
    """Forced into prostitution (form key ``prostitution``)."""
    CHILD_SEXUAL_EXPLOITATION = "child-sexual-exploitation"
    """Child sexual exploitation, including child sex trafficking (form key
    ``child-exploitation``)."""
    HELD_AND_SEXUALLY_ASSAULTED = "held-and-sexually-assaulted"
    """Taken somewhere, held against their will and sexually assaulted (form key
    ``taken-somewhere``)."""
    FORCED_TO_COMMIT_CRIME = "forced-to-commit-crime"
    """Forced to commit a crime, such as growing cannabis, drug dealing or begging (county
    lines is recorded with :attr:`Exploitation.county_lines`)."""
    ORGANS_REMOVED = "organs-removed"
    """Organs, such as kidneys, removed against their will."""
    DOMESTIC_SERVITUDE = "domestic-servitude"
    """Forced to do unpaid or low paid household work (form key ``unpaid-household-work``)."""
    OTHER = "other"
    """Other."""

    @property
    def form_key(self) -> str:
        """The key of this checkbox in the Home Office form."""
        return _FORM_KEYS.get(self, self.value)

    @property
    def label(self) -> str:
        """The label the form shows for this checkbox."""
        return _LABELS[self]

    @property
    def statistics_category(self) -> StatisticsCategory:
        """The category of the published NRM statistics this type counts under."""
        return _CATEGORIES[self]


_T = ExploitationType
_FORM_KEYS = {
    _T.FORCED_INTO_PROSTITUTION: "prostitution",
    _T.CHILD_SEXUAL_EXPLOITATION: "child-exploitation",
    _T.HELD_AND_SEXUALLY_ASSAULTED: "taken-somewhere",
    _T.DOMESTIC_SERVITUDE: "unpaid-household-work",
}
_LABELS = {
    _T.FORCED_TO_WORK: "Forced to work for nothing or almost nothing",
    _T.WAGES_TAKEN: "Wages taken by force or coercion, such as through control of a bank account",
    _T.FORCED_TO_COMMIT_FRAUD: "Forced to commit fraud, such as using their identity to claim "
    "benefits",
    _T.FORCED_INTO_PROSTITUTION: "Forced into prostitution",
    _T.CHILD_SEXUAL_EXPLOITATION: "Child sexual exploitation",
    _T.HELD_AND_SEXUALLY_ASSAULTED: "Taken somewhere, held against their will and sexually "
    "assaulted",
    _T.FORCED_TO_COMMIT_CRIME: "Forced to commit a crime, such as growing cannabis, drug dealing "
    "or begging",
    _T.ORGANS_REMOVED: "Organs, such as kidneys, removed against their will",
    _T.DOMESTIC_SERVITUDE: "Forced to do unpaid or low paid household work by relatives or "
    "strangers",
    _T.OTHER: "Other",
}
_C = StatisticsCategory
_CATEGORIES = {
    _T.FORCED_TO_WORK: _C.LABOUR,
    _T.WAGES_TAKEN: _C.LABOUR,
    _T.FORCED_TO_COMMIT_FRAUD: _C.CRIMINAL,
    _T.FORCED_INTO_PROSTITUTION: _C.SEXUAL,
    _T.CHILD_SEXUAL_EXPLOITATION: _C.SEXUAL,
    _T.HELD_AND_SEXUALLY_ASSAULTED: _C.SEXUAL,
    _T.FORCED_TO_COMMIT_CRIME: _C.CRIMINAL,
    _T.ORGANS_REMOVED: _C.ORGAN_HARVESTING,
    _T.DOMESTIC_SERVITUDE: _C.DOMESTIC_SERVITUDE,
    _T.OTHER: _C.NOT_SPECIFIED,
}
EXPLOITATION_LABELS = cite(
    HOME_OFFICE_FORM, "apps/nrm/translations/src/en/fields.json", P, "the ten checkboxes"
)
STATISTICS_CATEGORIES = cite(
    NRM_STATISTICS,
    "exploitation type",
    SECONDARY,
    "the categories are published; which checkbox counts under which is our mapping",
)


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
class Exploitation(metaclass=Documented):
    """What the child was exploited for, where, and whether it was county lines."""

    types: frozenset[ExploitationType] = attrs.field(
        converter=to_frozenset,
        validator=frozenset_of(ExploitationType, "an ExploitationType", non_empty=True),
    )
    location: ExploitationLocation = attrs.field(
        validator=enum_member(ExploitationLocation), kw_only=True
    )
    county_lines: bool = attrs.field(default=False, validator=is_bool, kw_only=True)
    """County lines: the child was moved or used to run drugs between areas (the form records
    it under "forced to commit a crime"; the statistics flag it separately)."""

    @property
    def statistics_categories(self) -> frozenset[StatisticsCategory]:
        """The published statistics categories the types count under."""
        return frozenset(kind.statistics_category for kind in self.types)


@attrs.frozen
class Referral(metaclass=Documented):
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
    safeguarding_authority: str = attrs.field(
        kw_only=True,
        validator=gss_code,
        metadata={"json": {"description": "GSS code (N92000002 for Northern Ireland)."}},
    )
    exploitation: Exploitation = attrs.field(
        kw_only=True, validator=instance_of(Exploitation, "an Exploitation")
    )
    pod_status: PodStatus = attrs.field(
        kw_only=True, default=PodStatus.NONE, validator=enum_member(PodStatus)
    )

    def __attrs_post_init__(self) -> None:
        born = self.child.date_of_birth
        if born is None:  # unknown: nothing to check it against
            return
        if self.referred_on < born:
            raise InvalidValueError(
                owner_name(self),
                "referred_on",
                "is before the child's recorded date of birth; a child cannot be referred "
                "before they are born (check both dates)",
                code="referred-before-birth",
            )
        if born.year > LAST_BIRTH_YEAR:
            raise InvalidValueError(
                owner_name(self),
                "child.date_of_birth",
                f"is after {LAST_BIRTH_YEAR}: the 18th birthday would be after the last "
                "date a calendar holds (check the year)",
                code="date-out-of-range",
            )

    @property
    def nation(self) -> Nation:
        """The nation of the safeguarding authority (from its GSS code)."""
        return Nation.from_gss_code(self.safeguarding_authority)


CODES: tuple[Code, ...] = (
    REFERRED_BEFORE_BIRTH,
    DATE_OUT_OF_RANGE,
    OTHER_NAME_REQUIRED,
    OTHER_NAME_NOT_ALLOWED,
    FIRST_RESPONDER_NOT_LISTED,
)
"""The codes this module declares (listed in the catalogue, :mod:`nrm_core.io.catalogue`)."""
