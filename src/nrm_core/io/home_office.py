"""Read what First Responders send: the Home Office NRM referral form's casework payload.

Referrals are made through the Home Office's online form, which sends a flat
JSON object (keys such as ``AdultOrChild``, ``Customer.DOB``,
``ComponentChildExploitation``, ``LocalAuthority``) to the Home Office's
case-working system. This module turns one such payload into a
:class:`~nrm_core.Referral`, with every problem at once:

* :func:`resolve_council` finds the children's-services authority for the
  council the form names (a free-text name from a list that still holds
  district councils and councils abolished in 2019-2023) on a date;
* :func:`read_submission` reads a whole payload.

Names, narrative and contact details in the payload are personal data: they are
never copied into the referral, a problem or a ``repr``. Keys the library does
not use are listed by name, never by value.

>>> import datetime as dt
>>> from nrm_core.io.home_office import resolve_council, read_submission
>>> found = resolve_council("Aylesbury Vale District Council", dt.date(2026, 1, 1))
>>> found.code, [p.code for p in found.problems]
('E06000060', ['council-abolished'])
>>> payload = {
...     "AdultOrChild": "Child", "Customer.DOB": "2011-02-03", "Country": "ENG",
...     "ComponentChildExploitation": "Yes", "ExploitationLocationPresented": "UK",
...     "LocalAuthority": "London Borough of Islington", "Agent.Organisation": "Barnardo's",
...     "ExternalId": "6f1c2c1e-0b7a-4a55-9d1e-2f9d3b8f6a10", "NRMOrDuty": "NRM",
... }
>>> result = read_submission(payload, submitted_on=dt.date(2026, 5, 1))
>>> referral = result.referral
>>> referral.safeguarding_authority, sorted(t.value for t in referral.exploitation.types)
('E09000019', ['child-sexual-exploitation'])
>>> [p.code for p in result.problems]
[]
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import functools
import io
import re
from collections.abc import Callable, Mapping
from typing import Any, cast

import attrs

from nrm_core._names import MAX_NAME, near_names, normalise_name
from nrm_core._sources import (
    CHILDREN_ACT_2004,
    FR_GUIDE_2025,
    GLA_ACT_1999,
    HOME_OFFICE_FORM,
    LDEDCA_2009,
    LG_BOUNDARIES_NI_2008,
    LOCAL_GOVERNMENT_ORDERS,
    ONS_CODE_HISTORY,
    SECONDARY,
    P,
    U,
    cite,
)
from nrm_core._validate import check_day, parse_day
from nrm_core.ages import is_child_on
from nrm_core.authority import CODES as AUTHORITY_CODES
from nrm_core.authority import LocalAuthority
from nrm_core.checks import Check, CheckTable, Citation, Code, Collector, Severity
from nrm_core.child import CODES as CHILD_CODES
from nrm_core.child import AgeBasis, Child, age_presumption
from nrm_core.dateranges import DateRange
from nrm_core.eligibility import cutoff_days
from nrm_core.errors import NrmError
from nrm_core.io._spec import CODES as SPEC_CODES
from nrm_core.io._spec import Problem
from nrm_core.io.interchange import CASE_FORMAT, CASES_FORMAT
from nrm_core.nations import Nation
from nrm_core.referral import CODES as REFERRAL_CODES
from nrm_core.referral import (
    FIRST_RESPONDER_NOT_LISTED,
    Exploitation,
    ExploitationLocation,
    ExploitationType,
    FirstResponder,
    FirstResponderOrganisation,
    Referral,
    listing_citation,
)
from nrm_core.registry import NORTHERN_IRELAND_CODE, AuthorityRegister, read_bundled
from nrm_core.rules import Rules, resolve

__all__ = [
    "ADDED_2025",
    "COMPONENT_KEYS",
    "FORM_KEYS",
    "MAX_NAME",
    "MAX_VALUE",
    "RELEASE_2025_LIVE",
    "REMOVED_2025",
    "UNLISTED_ORGANISATION",
    "USED_KEYS",
    "CouncilKind",
    "CouncilName",
    "CouncilResolution",
    "FormRelease",
    "Submission",
    "council_names",
    "normalise_name",
    "organisation_for",
    "read_submission",
    "resolve_council",
]

_GROUP = "import"

# -- Council names ---------------------------------------------------------------------------

COUNCIL_NOT_RECOGNISED = Code(
    "council-not-recognised",
    "The council name is not one of the form's council names.",
    group=_GROUP,
)
COUNCIL_IS_DISTRICT = Code(
    "council-is-district",
    "A district council, which has no children's services: the county (or its successor) was used.",
    severity=Severity.QUERY,
    group=_GROUP,
)
COUNCIL_ABOLISHED = Code(
    "council-abolished",
    "The council had been abolished on that date: the one authority now responsible for its "
    "area was used.",
    severity=Severity.QUERY,
    group=_GROUP,
)
COUNCIL_ABOLISHED_SPLIT = Code(
    "council-abolished-split",
    "The council had been abolished and its area split between several authorities.",
    group=_GROUP,
)
COUNCIL_NOT_YET = Code(
    "council-not-yet-in-existence",
    "The council did not exist yet on that date.",
    group=_GROUP,
)
COUNCIL_NO_CODE = Code(
    "council-no-code-on-date",
    "The authority register holds no code for the council on that date.",
    group=_GROUP,
)
COUNCIL_COMBINED = Code(
    "council-combined-authority",
    "A combined authority, which has no children's services.",
    group=_GROUP,
)
COUNCIL_GLA = Code(
    "council-greater-london-authority",
    "The Greater London Authority, which has no children's services.",
    group=_GROUP,
)
COUNCIL_NORTHERN_IRELAND = Code(
    "council-northern-ireland",
    "A Northern Ireland council: Northern Ireland (N92000002) was used.",
    severity=Severity.QUERY,
    group=_GROUP,
)


class CouncilKind(enum.Enum):
    """What a council name on the form is."""

    CHILDREN_SERVICES = "children-services"
    """An authority with children's-services responsibility (a county, unitary, metropolitan
    or London borough, Welsh or Scottish council)."""
    DISTRICT = "district"
    """A district council in a two-tier area: the county council runs children's services."""
    COMBINED_AUTHORITY = "combined-authority"
    """A combined authority: no children's services."""
    GREATER_LONDON_AUTHORITY = "greater-london-authority"
    """The Greater London Authority: no children's services."""
    NORTHERN_IRELAND = "northern-ireland"
    """A Northern Ireland council: children's social care is with the HSC Trusts."""


_ONS = cite(ONS_CODE_HISTORY, "code history", P)
_CA2004 = cite(
    CHILDREN_ACT_2004,
    "s.65(1)",
    SECONDARY,
    "children's services authorities in England are county councils, district councils "
    "where there is no county council, London boroughs, the City of London and the Isles "
    "of Scilly",
)
_ORDERS: Mapping[str, Citation] = {
    key: cite(LOCAL_GOVERNMENT_ORDERS, f"{key}, {title}", confidence)
    for key, title, confidence in (
        ("SI 2018/639", "The West Suffolk (Local Government Changes) Order 2018", P),
        ("SI 2018/640", "The East Suffolk (Local Government Changes) Order 2018, art. 5", P),
        ("SI 2018/648", "The Bournemouth, Dorset and Poole (Structural Changes) Order 2018", P),
        ("SI 2018/649", "The Somerset West and Taunton (Local Government Changes) Order 2018", P),
        ("SI 2019/957", "The Buckinghamshire (Structural Changes) Order 2019, art. 4", P),
        ("SI 2020/156", "The Northamptonshire (Structural Changes) Order 2020, arts. 3-4", P),
        ("SI 2022/328", "The North Yorkshire (Structural Changes) Order 2022", SECONDARY),
        ("SI 2022/329", "The Somerset (Structural Changes) Order 2022", P),
        ("SI 2022/331", "The Cumbria (Structural Changes) Order 2022, arts. 3-4", P),
    )
}
_KIND_CITATIONS: Mapping[str, Citation] = {
    "ONS": _ONS,
    "CA2004": _CA2004,
    "LDEDCA2009": cite(
        LDEDCA_2009,
        "Part 6",
        SECONDARY,
        "combined authorities; their constituent councils keep children's services",
    ),
    "GLAA1999": cite(
        GLA_ACT_1999,
        "Part 1",
        SECONDARY,
        "the London boroughs and the City of London keep children's services",
    ),
    "LGBNI2008": cite(
        LG_BOUNDARIES_NI_2008,
        "s.1 and Schedule 1",
        SECONDARY,
        "26 district councils replaced by 11 on 1 April 2015",
    ),
}


@attrs.frozen
class CouncilName:
    """One council name of the form's list, with what it is and when.

    ``codes``: the authority's own GSS code(s) for a children's-services authority; the
    county's code for a district while it existed; the constituent councils' codes for a
    combined authority; ``N92000002`` in Northern Ireland. ``existed``: the council's own
    lifetime where it matters (districts, Northern Ireland); a children's-services
    authority's dates come from the authority register. ``successor``: the code responsible
    for the area after the council ended; ``became``: what it became, in words.
    """

    name: str
    kind: CouncilKind = attrs.field(kw_only=True)
    codes: tuple[str, ...] = attrs.field(kw_only=True)
    existed: DateRange = attrs.field(kw_only=True, factory=DateRange)
    successor: str | None = attrs.field(kw_only=True, default=None)
    became: str | None = attrs.field(kw_only=True, default=None)
    citation: Citation = attrs.field(kw_only=True)


def _day(text: str) -> dt.date | None:
    return parse_day(text) if text else None


@functools.cache
def council_names() -> tuple[CouncilName, ...]:
    """The form's 451 council names, each with what it is and when (bundled data:
    ``nrm_core/data/home_office_councils.csv``)."""
    entries: list[CouncilName] = []
    for row in csv.DictReader(io.StringIO(read_bundled("home_office_councils.csv"))):
        key = row["citation"]
        entries.append(
            CouncilName(
                row["name"],
                kind=CouncilKind(row["kind"]),
                codes=tuple(code for code in row["codes"].split(";") if code),
                existed=DateRange.from_last_day(_day(row["valid_from"]), _day(row["valid_to"])),
                successor=row["successors"] or None,
                became=row["became"] or None,
                citation=_ORDERS.get(key) or _KIND_CITATIONS[key],
            )
        )
    return tuple(entries)


@functools.cache
def _council_index() -> Mapping[str, CouncilName]:
    return {normalise_name(entry.name): entry for entry in council_names()}


@attrs.frozen
class CouncilResolution:
    """The answer to "which children's-services authority is this council, on this day?".

    ``name`` is the form's name that matched (``None`` if none did); ``code`` the GSS code of
    the authority responsible on ``on`` (``None`` when there is no single answer); each
    problem has a stable code, a severity (``error`` or ``query``), a message and a citation.
    """

    name: str | None
    on: dt.date = attrs.field(kw_only=True)
    code: str | None = attrs.field(kw_only=True)
    problems: tuple[Problem, ...] = attrs.field(kw_only=True)

    @property
    def valid(self) -> bool:
        """A code was found (queries allowed)."""
        return self.code is not None


@functools.cache
def _council_names_by_code() -> Mapping[str, str]:
    """The bundled register's council names ("Kent County Council"), by code."""
    rows = csv.DictReader(io.StringIO(read_bundled("children_services_authorities.csv")))
    return {row["gss_code"]: row["council_name"] for row in rows}


def _named(authority: LocalAuthority) -> str:
    """The council's name where the bundled register has it, else the area's, and the code."""
    name = _council_names_by_code().get(authority.gss_code, authority.name)
    return f"{name} ({authority.gss_code})"


def _problem(code: Code, message: str, citation: Citation | None, path: str) -> Problem:
    return Problem(code, path=path, message=message, severity=code.severity, citation=citation)


def _responsible(
    code: str, on: dt.date, authorities: AuthorityRegister
) -> tuple[str, tuple[LocalAuthority, ...]]:
    """Who has ``code``'s area on ``on``: ("in-use" | "replaced" | "not-yet" | "unknown",
    the authorities)."""
    try:
        lookup = authorities.lookup(code, on)
    except NrmError:  # an unknown or malformed code
        return "unknown", ()
    if lookup.valid:
        return "in-use", (lookup.authority,)
    start = lookup.authority.valid.start
    if start is not None and on < start:
        return "not-yet", (lookup.authority,)
    return "replaced", lookup.successors


def _first_day_after(entry: CouncilName) -> str:
    end = entry.existed.end
    return end.isoformat() if end is not None else "?"


def resolve_council(
    name: object, on: dt.date, *, rules: Rules | None = None, path: str = "$.LocalAuthority"
) -> CouncilResolution:
    """The children's-services authority responsible, on ``on``, for the council the form names.

    Matching ignores case, spacing, ``&``/``and`` and a leading "The". A district council
    resolves to its county (or the successor unitary) with a query; an abolished council
    with one successor resolves to it with a query, with several it is an error naming
    them; a combined authority and the Greater London Authority are errors; a Northern
    Ireland council resolves to ``N92000002`` with a query. Every answer cites the
    reorganisation order, the statute or the ONS code history. The name itself is never
    echoed (it is free text).

    >>> import datetime as dt
    >>> from nrm_core.io.home_office import resolve_council
    >>> r = resolve_council("Cumbria County Council", dt.date(2026, 1, 1))
    >>> r.code, r.problems[0].code
    (None, 'council-abolished-split')
    >>> print(r.problems[0].message)  # doctest: +NORMALIZE_WHITESPACE
    Cumbria County Council was abolished on 2023-04-01: its area is now split between
    Cumberland Council (E06000063) and Westmorland and Furness Council (E06000064); record
    the council for the child's address
    >>> resolve_council("the  kent county council", dt.date(2026, 1, 1)).code
    'E10000016'
    """
    authorities = resolve(rules, "resolve_council").authorities
    check_day("resolve_council", "on", on)
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        problem = _problem(
            COUNCIL_NOT_RECOGNISED,
            f"is not a council name: expected text of 1-{MAX_NAME} characters naming one of "
            "the form's councils",
            _FORM_COUNCILS,
            path,
        )
        return CouncilResolution(None, on=on, code=None, problems=(problem,))
    key = normalise_name(name)
    entry = _council_index().get(key)
    if entry is None:
        near = near_names(key, _council_index())
        hint = f"; did you mean {_council_index()[near[0]].name!r}?" if near else ""
        problem = _problem(
            COUNCIL_NOT_RECOGNISED,
            f"is not one of the form's {len(council_names())} council names (case, spacing, "
            f"'&'/'and' and a leading 'The' are ignored){hint}",
            _FORM_COUNCILS,
            path,
        )
        return CouncilResolution(None, on=on, code=None, problems=(problem,))
    code, problems = _resolve_entry(entry, on, authorities, path)
    return CouncilResolution(entry.name, on=on, code=code, problems=tuple(problems))


_FORM_COUNCILS = cite(HOME_OFFICE_FORM, "ms-lists/ms_uk_local_authorities.js", P)


def _resolve_entry(
    entry: CouncilName, on: dt.date, authorities: AuthorityRegister, path: str
) -> tuple[str | None, list[Problem]]:
    day = on.isoformat()
    if entry.kind is CouncilKind.GREATER_LONDON_AUTHORITY:
        message = (
            "The Greater London Authority has no children's services: record the London "
            "borough (or the City of London Corporation) for the child's area"
        )
        return None, [_problem(COUNCIL_GLA, message, entry.citation, path)]
    if entry.kind is CouncilKind.COMBINED_AUTHORITY:
        members = ", ".join(_member(code, authorities) for code in entry.codes)
        message = (
            f"{entry.name} is a combined authority, which has no children's services: record "
            f"the council for the child's area (its constituent councils: {members})"
        )
        return None, [_problem(COUNCIL_COMBINED, message, entry.citation, path)]
    if entry.kind is CouncilKind.NORTHERN_IRELAND:
        return NORTHERN_IRELAND_CODE, [_northern_ireland(entry, on, path)]
    if on < (entry.existed.start or on):
        assert entry.existed.start is not None
        message = (
            f"{entry.name} did not exist on {day}: it was created on "
            f"{entry.existed.start.isoformat()}"
        )
        return None, [_problem(COUNCIL_NOT_YET, message, entry.citation, path)]
    if entry.kind is CouncilKind.DISTRICT:
        return _district(entry, on, authorities, path)
    return _authority(entry, on, authorities, path)


def _member(code: str, authorities: AuthorityRegister) -> str:
    try:
        return _named(authorities.get(code))
    except NrmError:
        return code


def _northern_ireland(entry: CouncilName, on: dt.date, path: str) -> Problem:
    when = ""
    if entry.existed.end is not None and on >= entry.existed.end:
        when = f"; it was replaced on {_first_day_after(entry)} by {entry.became}"
    elif entry.existed.start is not None and on < entry.existed.start:
        when = f"; it took office on {entry.existed.start.isoformat()}"
    message = (
        f"{entry.name} is in Northern Ireland, where children's social care sits with five "
        "Health and Social Care Trusts that have no GSS codes: nrm_core records Northern "
        f"Ireland as {NORTHERN_IRELAND_CODE}{when}"
    )
    return _problem(COUNCIL_NORTHERN_IRELAND, message, entry.citation, path)


def _district(
    entry: CouncilName, on: dt.date, authorities: AuthorityRegister, path: str
) -> tuple[str | None, list[Problem]]:
    if on in entry.existed:
        code, problems = _follow(entry.codes[0], entry, on, authorities, path)
        if code is not None:
            county = authorities.get(code)
            message = (
                f"{entry.name} is a district council, which has no children's services: "
                f"children's services there are the responsibility of {_named(county)}"
            )
            problems.append(_problem(COUNCIL_IS_DISTRICT, message, _CA2004, path))
        return code, problems
    assert entry.successor is not None  # a district that ended has a successor (tested)
    return _abolished(entry, entry.successor, on, authorities, path)


def _authority(
    entry: CouncilName, on: dt.date, authorities: AuthorityRegister, path: str
) -> tuple[str | None, list[Problem]]:
    statuses = [(code, *_responsible(code, on, authorities)) for code in entry.codes]
    for code, status, _ in statuses:
        if status == "in-use":
            return code, []
    if all(status == "not-yet" for _, status, _ in statuses):
        first = min(found[0].valid.start for _, _, found in statuses if found[0].valid.start)
        message = (
            f"the authority register holds no code for {entry.name} on {on.isoformat()}: its "
            f"code is in use from {first.isoformat()}"
        )
        return None, [_problem(COUNCIL_NO_CODE, message, _ONS, path)]
    ended = [code for code, status, _ in statuses if status == "replaced"]
    if not ended:
        return None, [_no_code(entry, on, path)]
    return _abolished(entry, ended[-1], on, authorities, path, own=True)


def _follow(
    code: str, entry: CouncilName, on: dt.date, authorities: AuthorityRegister, path: str
) -> tuple[str | None, list[Problem]]:
    """``code`` if in use on ``on``, else its one successor, else an error (a district's
    county replaced in the register by several authorities, or not in it)."""
    status, found = _responsible(code, on, authorities)
    if status == "in-use":
        return code, []
    if status != "replaced" or not found:
        return None, [_no_code(entry, on, path)]
    if len(found) > 1:
        message = (
            f"{entry.name}'s county has been replaced by {_listed(found)}: record the council "
            "for the child's address"
        )
        return None, [_problem(COUNCIL_ABOLISHED_SPLIT, message, _ONS, path)]
    return found[0].gss_code, []


def _no_code(entry: CouncilName, on: dt.date, path: str) -> Problem:
    message = f"the authority register holds no code for {entry.name}'s area on {on.isoformat()}"
    return _problem(COUNCIL_NO_CODE, message, _ONS, path)


def _listed(authorities: tuple[LocalAuthority, ...]) -> str:
    """``A (code)``, ``A (code) and B (code)``, ``A (code), B (code) and C (code)``."""
    names = [_named(a) for a in authorities]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _abolished(
    entry: CouncilName,
    code: str,
    on: dt.date,
    authorities: AuthorityRegister,
    path: str,
    *,
    own: bool = False,
) -> tuple[str | None, list[Problem]]:
    status, found = _responsible(code, on, authorities)
    if own:  # the authority's own code was retired: its successors are the answer
        ended = authorities.get(code).valid.end
        since = ended.isoformat() if ended else "?"
        citation = _ONS
    else:
        since = _first_day_after(entry)
        citation = entry.citation
        if status == "in-use":
            found = (authorities.get(code),)
    if status == "not-yet" or not found:
        return None, [_no_code(entry, on, path)]
    became = f"; its area became part of {entry.became}" if entry.became else ""
    if len(found) > 1:
        message = (
            f"{entry.name} was abolished on {since}{became}: its area is now split between "
            f"{_listed(found)}; record the council for the child's address"
        )
        return None, [_problem(COUNCIL_ABOLISHED_SPLIT, message, citation, path)]
    message = (
        f"{entry.name} was abolished on {since}{became}: on {on.isoformat()} children's "
        f"services for its area are the responsibility of {_named(found[0])}"
    )
    return found[0].gss_code, [_problem(COUNCIL_ABOLISHED, message, citation, path)]


# -- Submissions -----------------------------------------------------------------------------

FORM_NOT_AN_OBJECT = Code("form-not-an-object", "The payload is not a JSON object.", group=_GROUP)
FORM_IS_CASE_RECORD = Code(
    "form-is-case-record",
    "The payload is an nrm-core case record, not a Home Office form payload.",
    group=_GROUP,
)
FORM_MISSING = Code("form-required-missing", "A key the referral needs is absent.", group=_GROUP)
FORM_WRONG_TYPE = Code("form-wrong-type", "A key's value is not text.", group=_GROUP)
FORM_ID_PERSONAL = Code(
    "form-id-looks-personal",
    "ExternalId holds a date that may be a date of birth, or a name given in the payload.",
    group=_GROUP,
)
FORM_TOO_LONG = Code("form-value-too-long", "A key's value is too long to be read.", group=_GROUP)
FORM_NOT_ALLOWED = Code(
    "form-value-not-allowed", "A key's value is not one the form sends.", group=_GROUP
)
FORM_ADULT = Code(
    "form-adult", "The form says the person is an adult: nrm_core holds children.", group=_GROUP
)
FORM_AGE_UNCERTAIN = Code(
    "form-age-uncertain",
    "The form says it is not known whether the person is under 18: a child under the age "
    "presumption.",
    severity=Severity.QUERY,
    group=_GROUP,
)
FORM_AGE_CONFLICT = Code(
    "form-age-conflict",
    "The date of birth makes the person 18 or over on the submission date, but the form says "
    "under 18: not imported.",
    group=_GROUP,
)
FORM_DOB_UNKNOWN = Code(
    "form-date-of-birth-unknown",
    "No date of birth (the form's question is optional): recorded as unknown; the checks that "
    "need it are not made.",
    severity=Severity.QUERY,
    group=_GROUP,
)
FORM_DOB_INVALID = Code(
    "form-date-of-birth-invalid", "Customer.DOB is not a date (YYYY-MM-DD).", group=_GROUP
)
FORM_DUTY_TO_NOTIFY = Code(
    "form-duty-to-notify",
    "A Duty to Notify report: a child is always referred to the NRM.",
    group=_GROUP,
)
FORM_NATION_CONFLICT = Code(
    "form-nation-conflict",
    "Country, CountryLabel and Case.Jurisdiction name different nations.",
    group=_GROUP,
)
FORM_NO_EXPLOITATION = Code(
    "form-no-exploitation-type", "No exploitation checkbox is ticked.", group=_GROUP
)
FORM_REFERRAL_INVALID = Code(
    "form-referral-invalid", "The values read do not make a valid referral.", group=_GROUP
)
FORM_RELEASE_MIXED = Code(
    "form-release-mixed",
    "The payload has keys or values of two releases of the form (read as the newer).",
    severity=Severity.QUERY,
    group=_GROUP,
)
FORM_KEY_NOT_ON_PATH = Code(
    "form-key-not-on-path",
    "A key the form asks only on another path (a stale answer): not read.",
    severity=Severity.QUERY,
    group=_GROUP,
)
FORM_COUNCIL_OTHER_NATION = Code(
    "form-council-other-nation",
    "The council named is in another nation than the one the referral was made from.",
    severity=Severity.QUERY,
    group=_GROUP,
)
FORM_KEYS_NOT_IMPORTED = Code(
    "form-keys-not-imported",
    "Keys the form sends that nrm_core does not import (listed by name, never by value).",
    severity=Severity.QUERY,
    group=_GROUP,
)
FORM_UNKNOWN_KEYS = Code(
    "form-unknown-keys",
    "Keys the form does not send (listed by name where the name is a plain key).",
    severity=Severity.QUERY,
    group=_GROUP,
)

_PAYLOAD = cite(HOME_OFFICE_FORM, "apps/nrm/models/submission.js", P)
_NO_DUTY_TO_NOTIFY = cite(FR_GUIDE_2025, "§4", P, "the Duty to Notify does not apply to children")
_RELEASE_2025 = cite(
    HOME_OFFICE_FORM,
    "git log of apps/nrm/models/submission.js, 24 March to 11 April 2025",
    U,
    "the keys added and removed are verified in the repository; the day the new form went live "
    "(30 April 2025) is not recorded there",
)
_PATH = cite(
    HOME_OFFICE_FORM,
    "apps/nrm/index.js",
    P,
    "'Were they under 18 at any time during the exploitation?' is asked only after 'no' to "
    "'Is the potential victim under 18?'",
)
_DOB_OPTIONAL = cite(
    HOME_OFFICE_FORM,
    "apps/nrm/translations/src/en/pages.json (pv-dob); apps/nrm/fields/index.js",
    P,
    "'What is their date of birth? (Optional)': no required rule; left blank, Customer.DOB "
    "and Customer.Custom7 are absent",
)
_FIELDS = cite(HOME_OFFICE_FORM, "apps/nrm/translations/src/en/fields.json", P)
_ORGANISATIONS = cite(HOME_OFFICE_FORM, "ms-lists/ms_organisations.js", P)

MAX_VALUE = 1000
"""The longest value read from a key the importer uses (dates, codes, names)."""

COMPONENT_KEYS: Mapping[str, ExploitationType] = {
    payload_key: next(kind for kind in ExploitationType if kind.form_key == form_key)
    for payload_key, form_key in (
        ("ComponentForcedToWorkForNothing", "forced-to-work"),
        ("ComponentWagesTaken", "wages-taken"),
        ("ComponentFraud", "forced-to-commit-fraud"),
        ("ComponentProstitution", "prostitution"),
        ("ComponentChildExploitation", "child-exploitation"),
        ("ComponentSexuallyassaulted", "taken-somewhere"),
        ("ComponentForcedCrime", "forced-to-commit-crime"),
        ("ComponentOrgansRemoved", "organs-removed"),
        ("ComponentDomesticServitude", "unpaid-household-work"),
    )
}
"""Each exploitation checkbox's payload key and the type it means, by the form's own key
(``ComponentChildExploitation`` is the form's ``child-exploitation``, labelled "Child sexual
exploitation"). ``ExploitationOther`` (the "other" box's details) means
:attr:`~nrm_core.ExploitationType.OTHER`; its text is never read."""
_OTHER_KEY = "ExploitationOther"

_COUNTRIES = {
    "ENG": Nation.ENGLAND,
    "WAL": Nation.WALES,
    "SCOT": Nation.SCOTLAND,
    "NI": Nation.NORTHERN_IRELAND,
}
_LABELS = {nation.value[:1].upper() + nation.value[1:]: nation for nation in Nation}
"""``CountryLabel``: the form's location value with its first letter capitalised
(``Northern-ireland``), as ``submission.js`` writes it (``_.upperFirst``)."""
_JURISDICTIONS = {nation.value.upper().replace("-", ""): nation for nation in Nation}
"""``Case.Jurisdiction``: the location value upper-cased without its hyphen
(``NORTHERNIRELAND``), as ``submission.js`` writes it. (:class:`~nrm_core.Nation`'s values
are the form's location values.)"""
_LOCATIONS = {
    "UK": ExploitationLocation.UK,
    "OVERSEAS": ExploitationLocation.OVERSEAS,
    "BOTH": ExploitationLocation.BOTH,
}
_AGES = {"Child": AgeBasis.CLAIMED, "Unknown": AgeBasis.UNCERTAIN}
"""``AdultOrChild`` to the age basis. "Child" is the First Responder's answer, not a
documented or assessed age, so it is read as ``claimed`` (an nrm_core convention, not a rule
of the guidance); "Unknown" is ``uncertain``, under the age presumption."""

USED_KEYS = frozenset(
    {
        "AdultOrChild",
        "Customer.DOB",
        "Customer.Custom7",
        "Country",
        "CountryLabel",
        "Case.Jurisdiction",
        "ExploitationLocationPresented",
        "LocalAuthority",
        "Agent.Organisation",
        "ExternalId",
        "NRMOrDuty",
        "Type",
        _OTHER_KEY,
        *COMPONENT_KEYS,
    }
)
"""The payload keys the importer reads (``ExploitationOther`` only for whether it is there)."""

_KEPT_KEYS = frozenset(
    {
        *USED_KEYS,
        *(f"Customer.{key}" for key in ("Forename1", "Surname", "Address", "Town", "County")),
        *(f"Customer.{key}" for key in ("Postcode", "ContactMethod", "Alias", "Email", "Phone")),
        *(f"Customer.Custom{n}" for n in (9, 10, 11, 13, 14, 15, 16, 17)),
        "Customer.Nationality",
        "AdultOrChildDuringExploitation",
        "VictimAccount",
        *(f"City{n}" for n in range(1, 11)),
        *(f"Country{n}" for n in range(1, 11)),
        "ExploitationUKAddress",
        "ExploitationOverseasAddress",
        "PVCurrentCityTown",
        "PVCurrentCounty",
        "ExploiterDetails",
        "ExploitersLocationInformationPresent",
        "ExploitersInUK",
        "InformationOnExploitersCurrentLocation",
        "ConcernsOfFurtherExploitationToPV",
        "ReasonForConcernsReFurtherExploitation",
        "WillingToCooperate",
        "CollaborationInfo",
        "OtherVictims",
        "ReportedCase",
        "PoliceForce",
        "PoliceForceCRN",
        "LAFirstName",
        "LALastName",
        "LAPhone",
        "LAEmail",
        "SafeToEmail",
        "SafeToPostal",
        "HowToNotify",
        "CIDReference",
        "DTNReason",
        "NeedSupport",
        "WhoToSendDecisionTo",
        *(f"Agent.{key}" for key in ("Forename1", "Name", "Email", "Phone", "Jobtitle")),
        "AlternateFREmail",
        *(f"AltContact{key}" for key in ("FirstName", "Name", "Address", "Town", "County")),
        *(f"AltContact{key}" for key in ("Postcode", "Email", "PermissionToSend")),
        "PVBirthplace",
        "PVFamily",
        "PVEducation",
        "PVEmploymentHistory",
        "ExploitationDates",
        "MultipleExploitationSituations",
        "HowExploitationStarted",
        "ExploitationTakenSomewhere",
        "ExploitationJourneyDetails",
        "ExploitationAverageDay",
        "ExploitationTreatment",
        "ExploitationWhyTheyStayed",
        "ExploitationReasonTheyLeft",
        "PVExploitersLastContact",
        "DetailsLastContact",
        "FirstChanceToReport",
        "ReasonForReportingNow",
        "ReasonForMakingReferral",
        "DetailsAboutInterview",
        "ProfessionalsInvolved",
        "DetailsOfProfessionalsInvolved",
        "EvidenceOfDishonesty",
        "DetailsOfEvidenceOfDishonesty",
        "EvidenceSubmitted",
    }
)
"""The keys every release of the form's payload model sends."""

ADDED_2025 = frozenset(
    {
        "OtherVictimsFurtherInfo",
        "AlternativePhoneNumber",
        "AlternativePhoneRelationshipToPV",
        "CannotProvideContactDetails",
        "MoreThanOneExploitationSituations",
        "IdentifiedModernSlaveryIndicators",
        "IdentifiedModernSlaveryIndicatorsDetails",
        "ProfessionalInsight",
        "PVStillInExploitativeSituation",
        "KeepingPVInSituation",
        "ExploitationLivingConditions",
        "ReportedBeforeFurtherInfo",
    }
)
"""The fixed keys added to the payload between 24 March and 11 April 2025 (besides the
uploaded documents' ``Document{N}.*`` keys)."""
REMOVED_2025 = frozenset({"SupportProviderContactByPhone"})
"""The key removed from the payload on 28 March 2025."""
_DOCUMENT_KEY = re.compile(r"Document([1-9][0-9]?|100)\.(URL|Name|MimeType|URLLoadContent)")


def _document_key(key: object) -> bool:
    """Whether ``key`` is a ``Document{N}.*`` key (an uploaded file's, 2025 release)."""
    return (
        isinstance(key, str)
        and key.startswith("Document")  # most keys: no pattern matched
        and _DOCUMENT_KEY.fullmatch(key) is not None
    )


"""An uploaded document's keys, ``N`` from 1 to 100 (the 2025 release)."""


class FormRelease(enum.Enum):
    """A release of the Home Office form's casework payload: the keys it sends.

    The form's mapping (``apps/nrm/models/submission.js``) changed between 24 March and
    11 April 2025: keys were added (:data:`ADDED_2025`, and ``Document{N}.*`` for uploaded
    files), one removed (:data:`REMOVED_2025`), ``OtherVictims`` capitalised (``yes`` became
    ``Yes``), and the question behind ``FirstChanceToReport`` reversed on 3 April 2025 (``Yes``
    means "has reported this before" in the 2025 release). :func:`read_submission` says which
    release it read (:attr:`Submission.release`) and accepts the keys of each.
    """

    RELEASE_2019 = "2019"
    """The form as first released (2019) up to the 2025 changes: the shape of the
    repository's own sample payload (January 2025)."""
    RELEASE_2025 = "2025"
    """The form with the 2025 changes, live from :attr:`live_from` (30 April 2025, the
    date of the new form's publication; unverified: the repository records only when the
    changes reached its master branch)."""

    @property
    def keys(self) -> frozenset[str]:
        """The fixed keys this release sends (``Document{N}.*`` keys are matched apart)."""
        return _RELEASE_KEYS[self]

    @property
    def live_from(self) -> dt.date | None:
        """The first day the release was live (``None``: from the start)."""
        return None if self is FormRelease.RELEASE_2019 else RELEASE_2025_LIVE

    @property
    def citation(self) -> Citation:
        """Where the release's keys and date come from."""
        return _RELEASE_2025 if self is FormRelease.RELEASE_2025 else _PAYLOAD

    def sends(self, key: object) -> bool:
        """Whether this release sends ``key``."""
        if key in self.keys:
            return True
        return self is FormRelease.RELEASE_2025 and _document_key(key)


_RELEASE_KEYS = {
    FormRelease.RELEASE_2019: _KEPT_KEYS | REMOVED_2025,
    FormRelease.RELEASE_2025: _KEPT_KEYS | ADDED_2025,
}
RELEASE_2025_LIVE = dt.date(2025, 4, 30)
"""The day the 2025 release of the form went live (unverified; see :class:`FormRelease`)."""

FORM_KEYS = _KEPT_KEYS | REMOVED_2025 | ADDED_2025
"""Every fixed key of every release of the form's payload model
(``apps/nrm/models/submission.js``): names, addresses, narrative and contact details among
them. Only :data:`USED_KEYS` are read. (An uploaded document's ``Document{N}.*`` keys, in the
2025 release, are known too: see :meth:`FormRelease.sends`.)"""

_PLAIN_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_.]{0,63}")
_SHOWN_KEYS = 30


def _path(key: str) -> str:
    if key == "$":
        return key
    return f"$.{key}" if key.isidentifier() else f'$["{key}"]'


@functools.cache
def _organisations() -> Mapping[str, tuple[str, FirstResponderOrganisation]]:
    """The form's organisation names, by their normalised form: (the name as listed, the
    organisation it stands for)."""
    rows = csv.DictReader(io.StringIO(read_bundled("home_office_organisations.csv")))
    return {
        normalise_name(row["name"]): (row["name"], FirstResponderOrganisation(row["organisation"]))
        for row in rows
    }


_UKVI_PREFIX = normalise_name("Home Office - UK Visas and Immigration")
"""The form's UK Visas and Immigration entry (before 26 March 2026), whatever its suffix."""


def organisation_for(name: str) -> FirstResponderOrganisation | None:
    """The First Responder organisation a name on the form's organisation list stands for
    (``None`` for a name not on the list).

    >>> from nrm_core.io.home_office import organisation_for
    >>> organisation_for("Metropolitan Police Service"), organisation_for("Youth Work Alliance")
    (<FirstResponderOrganisation.POLICE: 'police'>, <FirstResponderOrganisation.OTHER: 'other'>)
    """
    key = normalise_name(name)
    if key in _organisations():
        return _organisations()[key][1]
    if key.startswith(_UKVI_PREFIX):
        return FirstResponderOrganisation.UK_VISAS_AND_IMMIGRATION
    return None


@attrs.frozen
class Submission:
    """One form payload read: the :class:`~nrm_core.Referral` (``None`` when an error stops
    it) and every problem found, each with a path naming the payload key."""

    referral: Referral | None
    problems: tuple[Problem, ...] = attrs.field(kw_only=True)
    release: FormRelease = attrs.field(kw_only=True, default=FormRelease.RELEASE_2025)
    """The release of the form the payload was read as."""
    release_from: str = attrs.field(kw_only=True, default="keys")
    """How the release was told: ``"keys"`` (keys or values only that release sends) or
    ``"date"`` (none of them: the release live on the submission date)."""

    @property
    def valid(self) -> bool:
        """A referral was read and no problem is an error (queries allowed)."""
        return self.referral is not None and not any(
            p.severity is Severity.ERROR for p in self.problems
        )


def _at_key(code: Code, *, message: str, citation: Citation | None, location: str) -> Problem:
    """A problem at a payload key (its JSON path), with its code's severity."""
    return _problem(code, message, citation, _path(location))


class _Reader:
    """Reads the keys of one payload (never echoing a value); what it finds goes to
    :attr:`found`, the one :class:`~nrm_core.checks.Collector`, at each key's JSON path."""

    def __init__(self, payload: Mapping[str, Any], on: dt.date) -> None:
        self.payload = payload
        self.on = on
        """The submission date."""
        self.read: dict[str, Any] = {}
        """Each key read with no problem: its text, or the value a choice maps it to."""
        self.born: dt.date | None = None
        """The date of birth read."""
        self.cutoff_days: int | None = None
        """The rules' age cut-off for the referral (:func:`~nrm_core.eligibility.cutoff_days`;
        ``None`` before the pilot's rules or while the nation is not known)."""
        self.found = Collector(FORM_REFERRAL_INVALID, finding=_at_key)

    @property
    def problems(self) -> list[Problem]:
        """What was found: problems (the collector's findings are made by :func:`_at_key`)."""
        return cast(list[Problem], self.found.findings)

    def text(self, key: str, *, required: bool = False, limit: int = MAX_VALUE) -> str | None:
        """The key's text (``None`` if absent, null or not usable, with a problem)."""
        value = self.payload.get(key)
        if value is None:
            if required:
                self.found.add(
                    key, f"{key} is required and absent", code=FORM_MISSING, citation=_PAYLOAD
                )
            else:
                self.read[key] = None
            return None
        if not isinstance(value, str):
            kind = {bool: "true/false", int: "a number", float: "a number"}.get(
                type(value), "a list or object"
            )
            self.found.add(
                key, f"{key} must be text (a JSON string), not {kind}", code=FORM_WRONG_TYPE
            )
            return None
        if len(value) > limit:
            self.found.add(
                key,
                f"{key} is over {limit:,} characters: not a value the form sends",
                code=FORM_TOO_LONG,
            )
            return None
        if required and not value.strip():
            self.found.add(
                key, f"{key} is required and empty", code=FORM_MISSING, citation=_PAYLOAD
            )
            return None
        self.read[key] = value
        return value

    def choice(self, key: str, allowed: Mapping[str, Any], *, required: bool = False) -> Any:
        value = self.text(key, required=required)
        if value is None:
            return None
        if value not in allowed:
            self.read[key] = None
            self.found.add(
                key,
                f"{key} is not one of the values the form sends: "
                + ", ".join(repr(v) for v in allowed),
                code=FORM_NOT_ALLOWED,
                citation=_PAYLOAD,
            )
            return None
        self.read[key] = allowed[value]
        return allowed[value]


def read_submission(
    payload: object,
    *,
    submitted_on: dt.date,
    rules: Rules | None = None,
    referral_id: str | None = None,
    child_id: str | None = None,
) -> Submission:
    """Read one payload of the Home Office referral form into a :class:`~nrm_core.Referral`.

    ``submitted_on`` is the day the report was submitted (the payload carries no date): it
    becomes the referral date and the day the council is resolved on. ``referral_id``
    defaults to the payload's ``ExternalId``; ``child_id`` (the form has none) defaults to
    the referral id. Returns every problem at once; never raises for bad input.

    * ``AdultOrChild``: ``Child`` (age basis "claimed"), ``Unknown`` (age uncertain: a child
      under the age presumption, with a query), ``Adult`` (an error: this library holds
      children). ``Customer.DOB`` (``YYYY-MM-DD``) is optional, as on the form: without it
      the child's date of birth is recorded as unknown (``None``), with a query saying which
      checks cannot be made and what routing assumes instead.
    * ``Component*`` keys map to the exploitation types by the form's own keys
      (:data:`COMPONENT_KEYS`); ``ExploitationOther`` means "other".
    * ``Country`` / ``CountryLabel`` / ``Case.Jurisdiction``: the referrer's nation.
    * ``Agent.Organisation``: the First Responder organisation (a name not on the form's
      list becomes ``OTHER``, with a query).
    * ``LocalAuthority``: resolved with :func:`resolve_council`; for a referral from
      Northern Ireland with no council named, ``N92000002``.

    Names, narrative and contact keys are never copied; keys not read are listed by name
    in a query.
    """
    if not isinstance(payload, Mapping):
        problem = Problem(
            FORM_NOT_AN_OBJECT,
            path="$",
            message="the payload must be a JSON object (the form's flat key-value casework "
            "payload)",
            citation=_PAYLOAD,
        )
        return Submission(None, problems=(problem,))
    if payload.get("format") in (CASE_FORMAT, CASES_FORMAT):
        problem = Problem(
            FORM_IS_CASE_RECORD,
            path="$.format",
            message="this is already an nrm-core case record, not a Home Office form payload: "
            "check it with 'nrm-core validate' instead of importing it",
            citation=_PAYLOAD,
        )
        return Submission(None, problems=(problem,))
    check_day("read_submission", "submitted_on", submitted_on)
    rules = resolve(rules, "read_submission")
    reader = _Reader(payload, submitted_on)
    release, release_from = _release(reader, submitted_on)
    age_basis = reader.choice("AdultOrChild", {**_AGES, "Adult": None}, required=True)
    reader.choice("NRMOrDuty", {"NRM": "NRM", "DTN": "DTN"})
    reader.choice("Type", {"560734": "NRM", "662265": "DTN"})
    reader.found.check(_REFUSALS, reader)
    refused = [p for p in reader.problems if p.code in (FORM_ADULT, FORM_DUTY_TO_NOTIFY)]
    if refused:  # not a child's referral: that one problem says it all
        return Submission(
            None, problems=tuple(refused[:1]), release=release, release_from=release_from
        )
    reader.found.check(_ON_PATH, reader)
    nation = _nation(reader)
    if nation is not None:
        reader.cutoff_days = cutoff_days(submitted_on, nation, rules=rules)
    dob_read, date_of_birth = _date_of_birth(reader)
    exploitation = _exploitation(reader)
    first_responder = _first_responder(reader, nation, submitted_on)
    authority = _authority_code(reader, nation, submitted_on, rules)
    if referral_id is None:
        referral_id = reader.text("ExternalId", required=True, limit=64)
        if not _PERSONAL_ID.holds(reader):
            reader.found.check(_PERSONAL_ID, reader)
            referral_id = None
    reader.found.check(_KEYS_NOT_READ, reader)
    referral = None
    parts = (age_basis, referral_id, exploitation, first_responder, authority)
    errors = any(p.severity is Severity.ERROR for p in reader.problems)
    if not errors and None not in parts and dob_read:
        assert age_basis is not None  # each narrowed by `None not in parts` (for mypy)
        assert referral_id is not None
        assert exploitation is not None
        assert first_responder is not None
        assert authority is not None
        referral = _referral(
            reader,
            referral_id=referral_id,
            child_id=child_id or referral_id,
            date_of_birth=date_of_birth,
            age_basis=age_basis,
            submitted_on=submitted_on,
            first_responder=first_responder,
            authority=authority,
            exploitation=exploitation,
        )
        if referral is not None and not _age_checks(reader, referral, age_basis, rules):
            referral = None
    elif not errors:
        reader.found.add(  # a safety net: every missing part has its own problem (tested)
            "$",
            "a part of the referral could not be read, and no other problem says why (please "
            "report this with the keys, not the values, of the payload)",
            code=FORM_REFERRAL_INVALID,
        )
    return Submission(
        referral, problems=tuple(reader.problems), release=release, release_from=release_from
    )


def _release(reader: _Reader, submitted_on: dt.date) -> tuple[FormRelease, str]:
    """The release of the form a payload comes from, and how that was told: by the keys and
    values only one release sends, else by the submission date. A payload with marks of both
    is read as the newer, with a query."""
    payload = reader.payload
    marks: dict[FormRelease, list[str]] = {release: [] for release in FormRelease}
    for key in payload:
        if key in ADDED_2025 or _document_key(key):
            marks[FormRelease.RELEASE_2025].append(key)
        elif key in REMOVED_2025:
            marks[FormRelease.RELEASE_2019].append(key)
    other_victims = payload.get("OtherVictims")
    if other_victims in ("yes", "no", "not-sure"):  # capitalised on 26 March 2025
        marks[FormRelease.RELEASE_2019].append("OtherVictims")
    elif other_victims in ("Yes", "No", "Not sure"):
        marks[FormRelease.RELEASE_2025].append("OtherVictims")
    new, old = marks[FormRelease.RELEASE_2025], marks[FormRelease.RELEASE_2019]
    if new and old:
        shown = ", ".join(sorted(key for key in old if _PLAIN_KEY.fullmatch(key))[:5])
        reader.found.add(
            "$",
            "the payload has keys or values of both the 2025 release of the form and the "
            f"earlier one ({shown}): read as the 2025 release (a report saved before April 2025 "
            "and sent after it can carry both)",
            code=FORM_RELEASE_MIXED,
            citation=_RELEASE_2025,
        )
    if new:
        return FormRelease.RELEASE_2025, "keys"
    if old:
        return FormRelease.RELEASE_2019, "keys"
    if submitted_on >= RELEASE_2025_LIVE:
        return FormRelease.RELEASE_2025, "date"
    return FormRelease.RELEASE_2019, "date"


def _nation(reader: _Reader) -> Nation | None:
    reported = len(reader.problems)
    found = {
        key: reader.choice(key, table)
        for key, table in (
            ("Country", _COUNTRIES),
            ("CountryLabel", _LABELS),
            ("Case.Jurisdiction", _JURISDICTIONS),
        )
    }
    nations = {nation for nation in found.values() if nation is not None}
    if len(nations) > 1:
        named = ", ".join(f"{key} {nation.value}" for key, nation in found.items() if nation)
        reader.found.add(
            "Country", f"the keys name different nations: {named}", code=FORM_NATION_CONFLICT
        )
        return None
    if not nations:
        if len(reader.problems) == reported:  # absent or null, not already a problem
            reader.found.add(
                "Country",
                "Country (or CountryLabel or Case.Jurisdiction) is required and absent: the "
                "referrer's nation",
                code=FORM_MISSING,
                citation=_PAYLOAD,
            )
        return None
    nation: Nation = nations.pop()
    return nation


def _date_of_birth(reader: _Reader) -> tuple[bool, dt.date | None]:
    """``(read, date)``: the date of birth, ``(True, None)`` when the form has none (it is
    optional: recorded as unknown, with a query), ``(False, None)`` when it cannot be read."""
    reader.choice("Customer.Custom7", {"Yes": True, "No": False})  # "a DOB was given"
    text = reader.text("Customer.DOB", limit=40)
    if "Customer.DOB" not in reader.read:  # not text, or too long
        return False, None
    reader.found.check(_DATE_OF_BIRTH, reader)
    reader.born = _dob(reader)
    return (reader.born is not None or not (text or "").strip()), reader.born


def _dob(reader: _Reader) -> dt.date | None:
    try:
        return parse_day((reader.read.get("Customer.DOB") or "").strip())
    except ValueError:
        return None


def _exploitation(reader: _Reader) -> Exploitation | None:
    types: set[ExploitationType] = set()
    for key, kind in COMPONENT_KEYS.items():
        if reader.choice(key, {"Yes": True, "No": False}):
            types.add(kind)
    other = reader.text(_OTHER_KEY, limit=10**9)  # narrative: only whether it is there
    if other is not None and other.strip():
        types.add(ExploitationType.OTHER)
    location = reader.choice("ExploitationLocationPresented", _LOCATIONS, required=True)
    reader.found.check(_EXPLOITATION, reader)
    if not types or location is None:
        return None
    return Exploitation(frozenset(types), location=location)


UNLISTED_ORGANISATION = "not on the form's list (see the referral)"
"""The ``other_name`` recorded for an ``Agent.Organisation`` not on the form's list: the
text itself is free text (a child's name has been typed there) and is never copied."""


def _first_responder(reader: _Reader, nation: Nation | None, on: dt.date) -> FirstResponder | None:
    name = reader.text("Agent.Organisation", required=True, limit=MAX_NAME)
    if name is None or nation is None:
        return None
    organisation = organisation_for(name)
    if organisation is None:
        reader.found.add(
            "Agent.Organisation",
            "Agent.Organisation is not on the form's list of First Responder organisations: "
            f"recorded as 'other' named {UNLISTED_ORGANISATION!r} (the text given is free text "
            "and is not copied: it may be a name); record the organisation's name",
            code=FIRST_RESPONDER_NOT_LISTED,
            citation=_ORGANISATIONS,
        )
        return FirstResponder(
            FirstResponderOrganisation.OTHER, nation=nation, other_name=UNLISTED_ORGANISATION
        )
    if organisation is not FirstResponderOrganisation.OTHER and not organisation.listed(on, nation):
        reader.found.add(
            "Agent.Organisation",
            f"the form did not list {organisation.value!r} on {on.isoformat()} for a "
            f"referrer in {nation.value}",
            code=FIRST_RESPONDER_NOT_LISTED,
            citation=listing_citation(organisation),
        )
    if organisation is FirstResponderOrganisation.OTHER:  # listed, but not one we enumerate
        listed_name = _organisations()[normalise_name(name)][0]
        return FirstResponder(organisation, nation=nation, other_name=listed_name)
    return FirstResponder(organisation, nation=nation)


def _authority_code(
    reader: _Reader, nation: Nation | None, on: dt.date, rules: Rules
) -> str | None:
    name = reader.payload.get("LocalAuthority")
    if name is None and nation is Nation.NORTHERN_IRELAND:
        reader.found.add(
            "LocalAuthority",
            "no council is named and the referral is from Northern Ireland, where children's "
            "social care sits with five Health and Social Care Trusts that have no GSS codes: "
            f"recorded as {NORTHERN_IRELAND_CODE}",
            code=COUNCIL_NORTHERN_IRELAND,
            citation=_KIND_CITATIONS["LGBNI2008"],
        )
        return NORTHERN_IRELAND_CODE
    if reader.text("LocalAuthority", required=True, limit=10**9) is None:
        return None
    found = resolve_council(name, on, rules=rules, path=_path("LocalAuthority"))
    reader.found.extend(found.problems)
    return found.code


_ID_DATES = (
    re.compile(r"(?<![0-9])(?P<y>[0-9]{4})[-/._]?(?P<m>[0-9]{2})[-/._]?(?P<d>[0-9]{2})(?![0-9])"),
    re.compile(r"(?<![0-9])(?P<d>[0-9]{2})[-/._]?(?P<m>[0-9]{2})[-/._]?(?P<y>[0-9]{4})(?![0-9])"),
)
_NAME_KEYS = ("Customer.Forename1", "Customer.Surname", "Customer.Alias")


def _looks_personal(reader: _Reader) -> bool:
    """Whether an id holds a date that may be a date of birth (the payload's own, or any
    day a year or more before the referral: a reference may carry the day it was made, not
    a birthday) or a name given in the payload's name keys (as a whole word, any case)."""
    text, payload, born = reader.read.get("ExternalId") or "", reader.payload, reader.born
    for pattern in _ID_DATES:
        for match in pattern.finditer(text):
            try:
                day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
            if day == born or dt.date(1900, 1, 1) <= day <= reader.on - dt.timedelta(365):
                return True
    words = set(re.split(r"[^a-z]+", text.casefold()))
    for key in _NAME_KEYS:
        value = payload.get(key)
        if isinstance(value, str):
            names = {w for w in re.split(r"[^a-z]+", value.casefold()) if len(w) >= 3}
            if names & words:
                return True
    return False


_ALL_FORM_KEYS = sorted(FORM_KEYS)


def _form_key(key: object) -> bool:
    """Whether a release of the form sends ``key`` (:meth:`FormRelease.sends` of any release:
    its fixed keys, or a ``Document{N}.*`` key of the 2025 release)."""
    return key in FORM_KEYS or _document_key(key)


def _rule(
    code: Code, key: str, citation: Citation, test: Callable[[_Reader], str | None]
) -> Check[_Reader]:
    """A rule of the form, on one payload key."""
    return Check(code, summary=code.meaning, citation=citation, location=key, test=test)


def _duty_to_notify(reader: _Reader) -> str:
    duty, kind = reader.read.get("NRMOrDuty"), reader.read.get("Type")
    disagree = (
        f" (Type is the casework code for {kind} but NRMOrDuty says {duty})"
        if duty is not None and kind is not None and duty != kind
        else ""
    )
    return (
        f"the payload is a Duty to Notify report{disagree}, which is for adults who do not "
        "consent: the form always refers a child, or a person who may be a child, to the NRM"
    )


_REFUSALS: CheckTable[_Reader] = CheckTable(
    [
        _rule(
            FORM_ADULT,
            "AdultOrChild",
            _PAYLOAD,
            lambda r: (
                "the form says the person is an adult (18 or over): nrm_core holds "
                "referrals of children and of people who may be children"
                if r.payload.get("AdultOrChild") == "Adult"
                else None
            ),
        ),
        _rule(  # by NRMOrDuty, or else by the casework Type (the message says if they differ)
            FORM_DUTY_TO_NOTIFY,
            "NRMOrDuty",
            _NO_DUTY_TO_NOTIFY,
            lambda r: _duty_to_notify(r) if r.read.get("NRMOrDuty") == "DTN" else None,
        ),
        _rule(
            FORM_DUTY_TO_NOTIFY,
            "Type",
            _NO_DUTY_TO_NOTIFY,
            lambda r: (
                _duty_to_notify(r)
                if r.read.get("Type") == "DTN" != r.read.get("NRMOrDuty")
                else None
            ),
        ),
    ]
)
"""Not a child's referral (an adult's, or a Duty to Notify report): the first says it all."""
_ON_PATH = CheckTable(
    [
        _rule(
            FORM_KEY_NOT_ON_PATH,
            "AdultOrChildDuringExploitation",
            _PATH,
            lambda r: (
                "AdultOrChildDuringExploitation is asked only when AdultOrChild is Adult: "
                "in this payload it is an answer left from a branch of the form the First "
                "Responder went back from, so it was not read (it never changes how the referral "
                "is read)"
                if r.read.get("AdultOrChild") and "AdultOrChildDuringExploitation" in r.payload
                else None
            ),
        )
    ]
)
_DATE_OF_BIRTH = CheckTable(
    [
        _rule(
            FORM_DOB_UNKNOWN,
            "Customer.DOB",
            _DOB_OPTIONAL,
            lambda r: (
                None
                if (r.read["Customer.DOB"] or "").strip()
                else "no date of birth"
                + (
                    " (Customer.Custom7 says one was given: check the payload)"
                    if r.read.get("Customer.Custom7")
                    else ""
                )
                + ": the form's question is optional, so it is recorded as unknown, not made up. "
                "The checks that need it cannot be made: the pilot's "
                + (
                    "age cut-off test"
                    if r.cutoff_days is None
                    else f"test of more than {r.cutoff_days} days before the 18th birthday"
                )
                + " (routing assumes what the policy's "
                "pilot_unknown_birth_date says: by default, in scope) and the 18th birthday "
                "deadline. Record it when it is known"
            ),
        ),
        _rule(
            FORM_DOB_INVALID,
            "Customer.DOB",
            _PAYLOAD,
            lambda r: (
                "Customer.DOB is not a date in the form YYYY-MM-DD (the value is "
                "personal data and is not shown)"
                if (r.read["Customer.DOB"] or "").strip() and _dob(r) is None
                else None
            ),
        ),
    ]
)
_EXPLOITATION = CheckTable(
    [
        _rule(
            FORM_NO_EXPLOITATION,
            "ComponentForcedToWorkForNothing",
            _FIELDS,
            lambda r: (
                None
                if any(r.read.get(key) for key in COMPONENT_KEYS)
                or (r.read.get(_OTHER_KEY) or "").strip()
                else "no exploitation checkbox is ticked (no Component key is 'Yes' and "
                "ExploitationOther is empty): the form requires at least one"
            ),
        )
    ]
)
_PERSONAL_ID = CheckTable(
    [
        _rule(
            FORM_ID_PERSONAL,
            "ExternalId",
            _PAYLOAD,
            lambda r: (
                "ExternalId holds a date that may be a date of birth, or a name given in "
                "the payload (the value is not shown): give the referral a reference with no "
                "personal data in it (or pass referral_id=)"
                if _looks_personal(r)
                else None
            ),
        )
    ]
)


def _keys_not_imported(reader: _Reader) -> str | None:
    known = sorted(key for key in reader.payload if key not in USED_KEYS and _form_key(key))
    if not known:
        return None
    return (
        f"{len(known)} of the form's keys {'was' if len(known) == 1 else 'were'} not "
        "imported (personal data, narrative or not used by nrm_core): " + ", ".join(known)
    )


def _unknown_keys(reader: _Reader) -> str | None:
    """Keys no release of the form sends, counted; a key is named only where it is a near
    miss of one the form sends (a misspelt key), since another key's name may itself be
    personal data (``Aisha_Begum_20100517``). Only the first plain keys, in order, are
    compared, so a payload of many keys costs no more than one of a few hundred."""
    unknown = [key for key in reader.payload if key not in USED_KEYS and not _form_key(key)]
    if not unknown:
        return None
    plain = sorted(key for key in unknown if isinstance(key, str) and _PLAIN_KEY.fullmatch(key))
    shown = [key for key in plain[: 10 * _SHOWN_KEYS] if near_names(key, _ALL_FORM_KEYS)]
    shown = shown[:_SHOWN_KEYS]
    hidden = len(unknown) - len(shown)
    one = len(unknown) == 1
    head = (
        f"{len(unknown)} {'key is not a key' if one else 'keys are not keys'} the form sends "
        f"and {'was' if one else 'were'} not read"
    )
    if not shown:
        return f"{head} ({'its name is' if one else 'their names are'} not shown)"
    more = f" and {hidden} more whose names are not shown" if hidden else ""
    return f"{head}: {', '.join(shown)}{more}"


_KEYS_NOT_READ = CheckTable(
    [
        _rule(FORM_KEYS_NOT_IMPORTED, "$", _PAYLOAD, _keys_not_imported),
        _rule(FORM_UNKNOWN_KEYS, "$", _PAYLOAD, _unknown_keys),
    ]
)
FORM_CHECKS = _REFUSALS + _ON_PATH + _DATE_OF_BIRTH + _EXPLOITATION + _PERSONAL_ID + _KEYS_NOT_READ
"""The form's rules, each cited, on the payload key it reads: evaluated in this order, each
table when its keys have been read (:func:`read_submission`)."""


def _referral(
    reader: _Reader,
    *,
    referral_id: str,
    child_id: str,
    date_of_birth: dt.date | None,
    age_basis: AgeBasis,
    submitted_on: dt.date,
    first_responder: FirstResponder,
    authority: str,
    exploitation: Exploitation,
) -> Referral | None:
    try:
        child = Child(child_id, date_of_birth=date_of_birth, age_basis=age_basis)
        return Referral(
            referral_id,
            child=child,
            referred_on=submitted_on,
            first_responder=first_responder,
            safeguarding_authority=authority,
            exploitation=exploitation,
        )
    except NrmError as error:  # a registered code where the domain gives one
        code = _REFERRAL_CODES.get(getattr(error, "code", ""), FORM_REFERRAL_INVALID)
        reader.found.add(_REFERRAL_KEYS.get(code, "$"), str(error), code=code)
        return None


_REFERRAL_KEYS = {
    "referred-before-birth": "Customer.DOB",
    "date-out-of-range": "Customer.DOB",
    "invalid-identifier": "ExternalId",
}
"""The payload key behind each refusal the referral's own checks can give."""
_REFERRAL_CODES: dict[str, Code] = {
    code: code
    for table in (REFERRAL_CODES, CHILD_CODES, AUTHORITY_CODES, SPEC_CODES)
    for code in table
}
"""The declared codes a referral's own checks can give (any other: ``form-referral-invalid``)."""


def _age_checks(reader: _Reader, referral: Referral, age_basis: AgeBasis, rules: Rules) -> bool:
    """The age queries; ``False`` (with one error) when the date of birth makes a "child" 18
    or over: the referral is not read, since deadlines and routing depend on which is
    right."""
    nation = referral.nation
    _other_nation(reader, referral)
    if age_basis is AgeBasis.UNCERTAIN:
        reader.found.add(
            "AdultOrChild",
            "the form says it is not known whether the person is under 18: recorded as age "
            "uncertain, treated as a child until an age assessment says otherwise",
            code=FORM_AGE_UNCERTAIN,
            citation=age_presumption(nation),
        )
        return True
    born = referral.child.date_of_birth
    if born is None:
        return True
    try:
        child = is_child_on(born, referral.referred_on, nation, rules=rules)
    except NrmError:
        return True
    if not child:
        reader.found.add(
            "Customer.DOB",
            "Customer.DOB makes the person 18 or over on the submission date, but AdultOrChild "
            "says under 18 (the form never compares them): not imported, since routing and "
            "deadlines depend on which is right. Correct the date of birth, or leave it out "
            "if it is not known, and import again",
            code=FORM_AGE_CONFLICT,
            citation=age_presumption(nation),
        )
        return False
    return True


def _other_nation(reader: _Reader, referral: Referral) -> None:
    """A query when the council is in another nation than the one the referral came from."""
    council = referral.nation
    referrer = referral.first_responder.nation
    if council is not referrer:
        reader.found.add(
            "LocalAuthority",
            f"the council named is in {council.value}, but the referral was made from "
            f"{referrer.value} (Country): check the council, or that the child's safeguarding "
            "authority is in another nation",
            code=FORM_COUNCIL_OTHER_NATION,
            citation=_FORM_COUNCILS,
        )


CODES: tuple[Code, ...] = (
    COUNCIL_NOT_RECOGNISED,
    COUNCIL_IS_DISTRICT,
    COUNCIL_ABOLISHED,
    COUNCIL_ABOLISHED_SPLIT,
    COUNCIL_NOT_YET,
    COUNCIL_NO_CODE,
    COUNCIL_COMBINED,
    COUNCIL_GLA,
    COUNCIL_NORTHERN_IRELAND,
    FORM_NOT_AN_OBJECT,
    FORM_IS_CASE_RECORD,
    FORM_MISSING,
    FORM_WRONG_TYPE,
    FORM_ID_PERSONAL,
    FORM_TOO_LONG,
    FORM_NOT_ALLOWED,
    FORM_ADULT,
    FORM_AGE_UNCERTAIN,
    FORM_AGE_CONFLICT,
    FORM_DOB_UNKNOWN,
    FORM_DOB_INVALID,
    FORM_DUTY_TO_NOTIFY,
    FORM_NATION_CONFLICT,
    FORM_NO_EXPLOITATION,
    FORM_REFERRAL_INVALID,
    FORM_RELEASE_MIXED,
    FORM_KEY_NOT_ON_PATH,
    FORM_COUNCIL_OTHER_NATION,
    FORM_KEYS_NOT_IMPORTED,
    FORM_UNKNOWN_KEYS,
)
"""The codes this module declares (listed in the catalogue, :mod:`nrm_core.io.catalogue`)."""
