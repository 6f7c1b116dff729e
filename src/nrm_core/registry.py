"""Registers of local authorities and pilot sites, shipped as data, loadable from your own files.

* :class:`AuthorityRegister`: authorities with children's-services
  responsibility by GSS code, with the dates each code was in use and its
  successors (ONS code history). Northern Ireland, whose children's social care
  sits with five Health and Social Care Trusts that have no GSS codes, is one
  entry under the ONS country code ``N92000002``. :meth:`AuthorityRegister.find` and
  :meth:`AuthorityRegister.search` find an authority by the name people use for it
  ("Hull", "City of Edinburgh", "Bristol City Council").
* :class:`SiteRegistry`: pilot sites, their phases, member authorities and
  membership dates. **The bundled list is incomplete** (phase-2 sites are
  largely unnamed in public sources) and go-live dates are approximate, so a
  council can load its own file (the same CSV columns, or the JSON form
  documented in :meth:`SiteRegistry.from_json`) and merge it over the bundled
  one with :meth:`SiteRegistry.merged` without changing the library.

>>> import datetime as dt
>>> from nrm_core.registry import AuthorityRegister, SiteRegistry
>>> authorities = AuthorityRegister.bundled()
>>> lookup = authorities.lookup("E10000023", dt.date(2023, 4, 1))
>>> lookup.valid, [a.gss_code for a in lookup.successors]
(False, ['E06000065'])
>>> sites = SiteRegistry.bundled()
>>> [site.site_id for site in sites.sites_for("E06000014", dt.date(2022, 1, 10))]
['P1-08']
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import io
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from nrm_core import _strict_json
from nrm_core._doc import Documented
from nrm_core._memo import remember
from nrm_core._names import MAX_NAME, near_names, normalise_name
from nrm_core._validate import check_day, parse_day
from nrm_core.authority import LocalAuthority, is_gss_code
from nrm_core.checks import Code, Collector
from nrm_core.dateranges import DateRange
from nrm_core.errors import (
    AuthorityNameError,
    InvalidTypeError,
    InvalidValueError,
    NrmError,
    RegistryFileError,
    UnknownAuthorityError,
)
from nrm_core.nations import Nation
from nrm_core.policy import PILOT_START
from nrm_core.site import MemberRole, Site, SiteMember, StartPeriod

__all__ = [
    "NORTHERN_IRELAND_CODE",
    "AuthorityLookup",
    "AuthorityNameError",
    "AuthorityRegister",
    "RegistryFileError",
    "SiteRegistry",
    "UnknownAuthorityError",
]

REGISTER_FILE_INVALID = Code(
    "register-file-invalid",
    "A register file (sites, authorities) cannot be read or breaks a rule of its rows.",
    group="file",
)
CODES: tuple[Code, ...] = (REGISTER_FILE_INVALID,)
"""The codes this module declares (listed in the catalogue, :mod:`nrm_core.io.catalogue`)."""

NORTHERN_IRELAND_CODE = "N92000002"
"""The ONS country code standing for Northern Ireland's five HSC Trusts."""


_NATIONS = {
    "england": Nation.ENGLAND,
    "wales": Nation.WALES,
    "scotland": Nation.SCOTLAND,
    "northern ireland": Nation.NORTHERN_IRELAND,
    "northern-ireland": Nation.NORTHERN_IRELAND,
}


def _nation(text: str) -> Nation:
    try:
        return _NATIONS[text.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown nation {text!r}") from None


def _date(text: str | None) -> dt.date | None:
    if text is None or not text.strip():
        return None
    return parse_day(text.strip())


def _start(text: str) -> StartPeriod:
    """A site's start as given, with no day before the pilot began (no site operated
    before it: a period that begins earlier is cut at the pilot's start; a day before it is
    an error)."""
    period = StartPeriod.parse(text)
    if period.last_day < PILOT_START:
        raise ValueError(
            f"site start {period.given[:40]!r} is before the pilot began "
            f"({PILOT_START.isoformat()})"
        )
    return period.not_before(PILOT_START)


# ----------------------------------------------------------------------------- authorities


@attrs.frozen
class AuthorityLookup:
    """The answer to "was this code right on this date?"."""

    authority: LocalAuthority
    on: dt.date = attrs.field(kw_only=True)
    valid: bool = attrs.field(kw_only=True)
    successors: tuple[LocalAuthority, ...] = attrs.field(kw_only=True)
    """Where the code had been retired by ``on``: the codes that replaced it, followed
    transitively to the codes valid on ``on``."""

    @property
    def message(self) -> str:
        code = self.authority.gss_code
        if self.valid:
            return f"{code} ({self.authority.name}) was in use on {self.on.isoformat()}"
        start, end = self.authority.valid.start, self.authority.valid.last_day
        if start is not None and self.on < start:
            return f"{code} ({self.authority.name}) was not yet in use on {self.on.isoformat()}"
        successors = ", ".join(f"{a.gss_code} ({a.name})" for a in self.successors) or "none"
        last = end.isoformat() if end else "?"
        return (
            f"{code} ({self.authority.name}) was retired after {last}; "
            f"on {self.on.isoformat()} use {successors}"
        )


@attrs.frozen
class AuthorityRegister(metaclass=Documented):
    """Authorities with children's-services responsibility, by GSS code."""

    authorities: tuple[LocalAuthority, ...]
    _index: Mapping[str, LocalAuthority] = attrs.field(init=False, repr=False, eq=False)
    _looked_up: dict[tuple[str, dt.date], AuthorityLookup] = attrs.field(
        init=False, factory=dict, repr=False, eq=False, hash=False
    )
    """Answers of :meth:`lookup` already given, by (code, day): a bounded cache."""
    _by_name: dict[str, tuple[LocalAuthority, ...]] = attrs.field(
        init=False, factory=dict, repr=False, eq=False, hash=False
    )
    """Every form of every authority's name (:func:`_name_forms`), made on the first search."""

    def __attrs_post_init__(self) -> None:
        index = {a.gss_code: a for a in self.authorities}
        if len(index) != len(self.authorities):
            raise InvalidValueError("AuthorityRegister", "authorities", "GSS codes must be unique")
        object.__setattr__(self, "_index", index)

    @classmethod
    def bundled(cls) -> AuthorityRegister:
        """The register shipped with nrm_core (see ``nrm_core/data/README.md``)."""
        return _bundled_authorities()

    @classmethod
    def from_csv(cls, text: str, *, source: str = "authorities CSV") -> AuthorityRegister:
        """Read the ``children_services_authorities.csv`` layout (``valid_to`` inclusive)."""
        authorities: list[LocalAuthority] = []
        problems = Collector(REGISTER_FILE_INVALID)
        for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
            try:
                replaced = tuple(c for c in (row.get("replaced_by") or "").split(";") if c)
                authorities.append(
                    LocalAuthority(
                        row["gss_code"].strip(),
                        name=row["name"].strip(),
                        nation=_nation(row["nation"]),
                        valid=DateRange.from_last_day(
                            _date(row["valid_from"]), _date(row["valid_to"])
                        ),
                        replaced_by=replaced,
                        council_name=(row.get("council_name") or "").strip() or None,
                    )
                )
            except (KeyError, ValueError, NrmError) as error:
                problems.caught(f"line {line}", error)
        if problems:
            raise RegistryFileError(source, problems.findings)
        return cls(tuple(authorities))

    def __contains__(self, code: object) -> bool:
        return code in self._index

    def __len__(self) -> int:
        return len(self.authorities)

    def get(self, code: str) -> LocalAuthority:
        """The authority with GSS code ``code``.

        Raises :class:`~nrm_core.InvalidValueError` for a malformed code and
        :class:`UnknownAuthorityError` for a well-formed code not in the register.
        """
        if not is_gss_code(code):
            raise InvalidValueError(
                "AuthorityRegister",
                "code",
                "is not a GSS code: expected a nation letter (E, W, S or N) and 8 digits",
            )
        try:
            return self._index[code]
        except KeyError:
            near = difflib.get_close_matches(code, list(self._index), n=3, cutoff=0.85)
            hint = f"; codes like it in the register: {', '.join(near)}" if near else ""
            raise UnknownAuthorityError(
                f"{code} is not an authority with children's-services responsibility in the "
                f"register of {len(self._index)} codes (check the code, or load a newer "
                f"register){hint}"
            ) from None

    def lookup(self, code: str, on: dt.date) -> AuthorityLookup:
        """Whether ``code`` was in use on ``on`` and, if retired, what replaced it."""
        if type(code) is str and type(on) is dt.date:
            known = self._looked_up.get((code, on))
            if known is not None:
                return known
        return remember(self._looked_up, (code, on), self._lookup(code, on))

    def _lookup(self, code: str, on: dt.date) -> AuthorityLookup:
        authority = self.get(code)
        valid = authority.is_valid_on(on)
        successors: list[LocalAuthority] = []
        if not valid:
            pending = list(authority.replaced_by)
            seen: set[str] = set()
            while pending:
                successor = self._index.get(pending.pop(0))
                if successor is None or successor.gss_code in seen:
                    continue
                seen.add(successor.gss_code)
                if successor.is_valid_on(on):
                    successors.append(successor)
                else:
                    pending.extend(successor.replaced_by)
        return AuthorityLookup(authority, on=on, valid=valid, successors=tuple(successors))

    def search(self, name: str, on: dt.date | None = None) -> tuple[LocalAuthority, ...]:
        """The authorities a name means, in any common form of it; when none, the nearest.

        The ONS name ("Kingston upon Hull, City of"), the same turned round ("City of
        Kingston upon Hull"), the council's name ("Hull City Council") and each without
        its designation ("Kingston upon Hull", "Hull") all find the authority; case,
        spacing, punctuation, ``&``/``and`` and a leading "The" are ignored. With ``on``,
        only the authorities whose code was in use that day. When the name fits none,
        the authorities whose names contain it as whole words, then those spelt nearly
        alike, nearest first (at most five): check which was meant. Text longer than 200
        characters is not a name: nothing is found. :meth:`find` gives exactly one, or says
        why not.

        >>> from nrm_core.registry import AuthorityRegister
        >>> register = AuthorityRegister.bundled()
        >>> [a.gss_code for a in register.search("Hull")]
        ['E06000010']
        >>> [(a.gss_code, a.name) for a in register.search("city of edinburgh council")]
        [('S12000036', 'City of Edinburgh')]
        >>> [a.name for a in register.search("Kingston")]
        ['Kingston upon Hull, City of', 'Kingston upon Thames']
        """
        named, near = self._search(name, on)
        return named or near

    def find(self, name: str, on: dt.date | None = None) -> LocalAuthority:
        """The one authority ``name`` means (on ``on``, if given), as :meth:`search` reads
        names.

        Raises :class:`AuthorityNameError` when the name fits none (naming the nearest
        names), fits several (pass ``on`` to choose by date), or fits only authorities whose
        code was not in use on ``on`` (naming their successors).

        >>> import datetime as dt
        >>> from nrm_core.registry import AuthorityNameError, AuthorityRegister
        >>> register = AuthorityRegister.bundled()
        >>> register.find("Bristol").gss_code
        'E06000023'
        >>> register.find("North Yorkshire", on=dt.date(2026, 1, 1)).gss_code
        'E06000065'
        >>> try:
        ...     register.find("Northamptonshire", on=dt.date(2026, 1, 1))
        ... except AuthorityNameError as error:
        ...     print(error)
        ...
        E10000021 (Northamptonshire) was retired after 2021-03-31; on 2026-01-01 use
        E06000061 (North Northamptonshire), E06000062 (West Northamptonshire)
        """
        named, near = self._search(name, on)
        if len(named) == 1:
            return named[0]
        if named:
            listed = "; ".join(f"{a.gss_code} {a.name} ({_in_use(a)})" for a in named)
            raise AuthorityNameError(
                f"the name fits {len(named)} authorities: {listed}; pass on= a date to choose",
                named,
            )
        if on is not None and (retired := self._search(name, None)[0]):
            raise AuthorityNameError(
                "; ".join(self.lookup(a.gss_code, on).message for a in retired), near
            )
        like = f"; names like it: {', '.join(f'{a.name} ({a.gss_code})' for a in near)}"
        raise AuthorityNameError(
            "no authority in the register has that name (case, spacing, punctuation, "
            "'&'/'and', 'The' and words such as 'Council' or 'City of' are ignored)"
            + (like if near else ""),
            near,
        )

    def _search(
        self, name: str, on: dt.date | None
    ) -> tuple[tuple[LocalAuthority, ...], tuple[LocalAuthority, ...]]:
        """(the authorities the name fits, the nearest when it fits none), valid on ``on``."""
        if not isinstance(name, str):
            raise InvalidTypeError(
                "AuthorityRegister.search", "name", f"expected a str, got a {type(name).__name__}"
            )
        if len(name) > MAX_NAME:  # not a name: no search through it
            return (), ()
        forms = self._name_index()

        def usable(found: Iterable[LocalAuthority]) -> tuple[LocalAuthority, ...]:
            return tuple(dict.fromkeys(a for a in found if on is None or a.is_valid_on(on)))

        query = _fold(normalise_name(name))
        named = usable(forms.get(query, ()) or forms.get(_core(query), ()))
        if named or not query:
            return named, ()
        words = re.compile(rf"\b{re.escape(query)}\b")
        containing = sorted((key for key in forms if words.search(key)), key=len)
        alike = near_names(query, forms, n=5)
        near = usable(a for key in (*containing, *alike) for a in forms[key])
        return (), near[:5]

    def _name_index(self) -> dict[str, tuple[LocalAuthority, ...]]:
        if not self._by_name:
            found: dict[str, list[LocalAuthority]] = {}
            for authority in self.authorities:
                for form in _name_forms(authority):
                    found.setdefault(form, []).append(authority)
            self._by_name.update({key: tuple(value) for key, value in found.items()})
        return self._by_name


_PREFIXES = ("city and county of ", "royal borough of ", "london borough of ", "borough of ",
             "county of ", "city of ", "council of the ", "council of ")  # fmt: skip
_SUFFIXES = (" metropolitan borough council", " county borough council", " borough council",
             " district council", " county council", " city council", " council",
             " corporation")  # fmt: skip
_TOO_SHORT = frozenset({"london"})
"""Designation-free forms not used: "London" alone would find the City of London, which is
one of 33 London authorities (so "City of London" must be written whole)."""


def _fold(key: str) -> str:
    """A normalised name with punctuation as spaces ("st. helens" -> "st helens") and a
    trailing note in brackets dropped."""
    key = re.sub(r"\s*\([^)]*\)$", "", key)
    return " ".join(re.sub(r"[.,\-/]", " ", key).split())


def _core(key: str) -> str:
    """A folded name without its designation: "hull city council" -> "hull"."""
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                key, changed = key[len(prefix) :], True
        for suffix in _SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key, changed = key[: -len(suffix)], True
    return key


def _name_forms(authority: LocalAuthority) -> set[str]:
    """Every form of an authority's name that :meth:`AuthorityRegister.search` finds."""
    names = [authority.name, *([authority.council_name] if authority.council_name else [])]
    forms: set[str] = set()
    for name in names:
        key = normalise_name(name)
        head, comma, tail = key.rpartition(", ")
        turned = f"{tail} {head}" if comma else key  # "bristol, city of" -> "city of bristol"
        for form in {_fold(key), _fold(turned)}:
            forms |= {form, _core(form)}
    return {form for form in forms if form and form not in _TOO_SHORT}


def _in_use(authority: LocalAuthority) -> str:
    start, last = authority.valid.start, authority.valid.last_day
    if last is None:
        return f"from {start.isoformat()}" if start else "in use"
    return f"{start.isoformat() if start else '?'} to {last.isoformat()}"


_NI_AUTHORITY = LocalAuthority(
    NORTHERN_IRELAND_CODE,
    name="Northern Ireland (Health and Social Care Trusts)",
    nation=Nation.NORTHERN_IRELAND,
    valid=DateRange(dt.date(2009, 1, 1)),
)


def read_bundled(name: str) -> str:
    return resources.files("nrm_core").joinpath("data", name).read_text(encoding="utf-8")


@functools.cache
def _bundled_authorities() -> AuthorityRegister:
    register = AuthorityRegister.from_csv(
        read_bundled("children_services_authorities.csv"), source="bundled authorities"
    )
    return AuthorityRegister((*register.authorities, _NI_AUTHORITY))


# ----------------------------------------------------------------------------- sites


@attrs.frozen
class SiteRegistry(metaclass=Documented):
    """Pilot sites. Build it from the bundled data, your own file, or both merged."""

    sites: tuple[Site, ...]
    _by_member: Mapping[str, tuple[Site, ...]] = attrs.field(init=False, repr=False, eq=False)
    _operating: dict[tuple[str, dt.date], tuple[Site, ...]] = attrs.field(
        init=False, factory=dict, repr=False, eq=False, hash=False
    )
    """Answers of :meth:`sites_for` already given, by (code, day): a bounded cache."""

    def __attrs_post_init__(self) -> None:
        ids = [site.site_id for site in self.sites]
        if len(set(ids)) != len(ids):
            raise InvalidValueError("SiteRegistry", "sites", "site ids must be unique")
        index: dict[str, list[Site]] = {}
        for site in self.sites:
            for code in dict.fromkeys(member.gss_code for member in site.members):
                index.setdefault(code, []).append(site)
        object.__setattr__(self, "_by_member", {k: tuple(v) for k, v in index.items()})

    @classmethod
    def bundled(cls) -> SiteRegistry:
        """The sites shipped with nrm_core: known to be incomplete (phase 2)."""
        return _bundled_sites()

    @classmethod
    def from_csv(cls, text: str, *, source: str = "sites CSV") -> SiteRegistry:
        """Read the ``pilot_sites.csv`` layout: one row per (site, member authority).

        ``site_start`` is a day (``YYYY-MM-DD``) or, when the day is not published,
        the period it fell in: a month (``YYYY-MM``), months (``YYYY-MM..YYYY-MM``,
        "between February and April"), a quarter (``YYYY-Qn``), a season
        (``YYYY-autumn``: meteorological seasons) or a year (``YYYY``). The site
        operates from the first day of the period, and routing adds a note to
        referrals inside it; no site starts before the pilot's launch on 14 June 2021.
        ``member_valid_from`` / ``member_valid_to`` (inclusive) are optional.
        """
        rows: dict[str, list[dict[str, str]]] = {}
        problems = Collector(REGISTER_FILE_INVALID)
        reader = csv.DictReader(io.StringIO(text))
        try:
            header = list(reader.fieldnames or [])
        except csv.Error as error:
            raise RegistryFileError(source, [f"not CSV: {error}"]) from None
        missing = sorted(_SITE_COLUMNS - set(header))
        repeated = [n for n, column in enumerate(header, 1) if column in header[: n - 1]]
        unknown = [n for n, column in enumerate(header, 1) if column not in _ALL_SITE_COLUMNS]
        if missing or repeated or unknown:
            raise RegistryFileError(
                source,
                [f"required column {column!r} is missing" for column in missing]
                + [f"column {n} repeats an earlier column" for n in repeated]
                + [f"column {n} is not in the layout" for n in unknown],
            )
        try:
            for line, row in enumerate(reader, start=2):
                if None in row:
                    problems.add(f"line {line}", "the row has more cells than the header")
                    continue
                row["_line"] = str(line)
                site_id = (row.get("site_id") or "").strip()
                if not site_id:
                    problems.add(f"line {line}", "site_id is empty")
                    continue
                rows.setdefault(site_id, []).append(row)
        except csv.Error as error:
            raise RegistryFileError(source, [f"not CSV: {error}"]) from None
        if not rows and not problems:
            problems.add(None, "the file lists no sites")
        for site_id, group in rows.items():
            for column in ("site_name", "site_start", "nation", "phase"):
                if len({(row.get(column) or "").strip() for row in group}) > 1:
                    problems.add(f"site {site_id}", f"rows disagree on {column}")
        sites: list[Site] = []
        for site_id, members in rows.items():
            first = members[0]
            try:
                period = _start(first["site_start"])
                site_members = tuple(
                    SiteMember(
                        row["gss_code"].strip(),
                        role=MemberRole(row["role"].strip()),
                        membership=DateRange.from_last_day(
                            _date(row.get("member_valid_from")),
                            _date(row.get("member_valid_to")),
                        ),
                        name=(row.get("authority_name") or "").strip() or None,
                    )
                    for row in members
                )
                sites.append(
                    Site(
                        site_id,
                        name=first["site_name"].strip(),
                        nation=_nation(first["nation"]),
                        operating=DateRange(period.first_day),
                        members=site_members,
                        phase=(first.get("phase") or "").strip() or None,
                        start_period=period,
                        source=(first.get("source_url") or "").strip() or None,
                        confidence=(first.get("confidence") or "").strip() or None,
                    )
                )
            except (KeyError, ValueError, NrmError) as error:
                problems.caught(f"site {site_id} (line {first['_line']})", error)
        if problems:
            raise RegistryFileError(source, problems.findings)
        return cls(tuple(sites))

    @classmethod
    def from_json(cls, text: str, *, source: str = "sites JSON") -> SiteRegistry:
        """Read the JSON form:

        .. code-block:: json

            {"sites": [{"site_id": "P2-07", "name": "Example Council", "nation": "england",
                        "start": "2023-03", "end": null, "phase": "2",
                        "members": [{"gss_code": "E06000001", "role": "lead",
                                     "valid_from": null, "valid_to": null}]}]}

        ``start`` accepts ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``end``,
        ``valid_from`` and ``valid_to`` are ISO dates or null; ``end`` and
        ``valid_to`` are the **last** day (inclusive), as in the CSV form.
        """
        try:
            document = _strict_json.loads(text)
        except ValueError as error:
            raise RegistryFileError(source, [f"not a sites document: {error}"]) from None
        if not isinstance(document, dict) or set(document) != {"sites"}:
            raise RegistryFileError(source, ["expected an object with one key, 'sites'"])
        entries = document["sites"]
        if not isinstance(entries, list) or not entries:
            raise RegistryFileError(source, ["'sites' must be a non-empty list of sites"])
        sites: list[Site] = []
        problems = Collector(REGISTER_FILE_INVALID)
        for index, entry in enumerate(entries):
            try:
                sites.append(_site_from_json(entry))
            except (KeyError, ValueError, TypeError, AttributeError, NrmError) as error:
                problems.caught(f"sites[{index}]", error)
        _duplicate_sites(sites, problems)
        if problems:
            raise RegistryFileError(source, problems.findings)
        return cls(tuple(sites))

    @classmethod
    def from_file(cls, path: str | Path) -> SiteRegistry:
        """Read a ``.csv`` or ``.json`` site file."""
        path = Path(path)
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() == ".json":
            return cls.from_json(text, source=str(path))
        return cls.from_csv(text, source=str(path))

    def merged(self, other: SiteRegistry) -> SiteRegistry:
        """This registry with ``other``'s sites added, replacing any with the same id."""
        replaced = {site.site_id for site in other.sites}
        kept = tuple(site for site in self.sites if site.site_id not in replaced)
        return SiteRegistry((*kept, *other.sites))

    def conflicts(self, other: SiteRegistry) -> list[str]:
        """Where ``other``'s sites (a local file's) would share an authority with a site of
        this registry that :meth:`merged` keeps (another id) on the same days: routing
        would then pick one of two sites for that authority without a word. Give the local
        site the bundled site's id to replace it, or end one of the memberships."""
        replaced = {site.site_id for site in other.sites}
        found = []
        for local in other.sites:
            for member in local.members:
                for kept in self.sites_with_member(member.gss_code):
                    if kept.site_id in replaced:
                        continue
                    ranges = [local.operating, member.membership, kept.operating]
                    ranges += [m.membership for m in kept.members if m.gss_code == member.gss_code]
                    # Intervals that overlap pairwise share a day (Helly, in one dimension).
                    if all(a.overlaps(b) for a in ranges for b in ranges):
                        found.append(
                            f"site {local.site_id} has {member.gss_code} as a member while site "
                            f"{kept.site_id} also does: give your site the id {kept.site_id} to "
                            "replace it, or end one of the memberships"
                        )
        return found

    def get(self, site_id: str) -> Site:
        """The site ``site_id`` (raises ``KeyError`` naming it if absent)."""
        for site in self.sites:
            if site.site_id == site_id:
                return site
        raise KeyError(f"no pilot site {site_id!r} in the registry")

    def sites_for(self, code: str, on: dt.date) -> tuple[Site, ...]:
        """The sites operating on ``on`` of which authority ``code`` was a member."""
        if type(code) is str and type(on) is dt.date:
            known = self._operating.get((code, on))
            if known is not None:
                return known
        check_day("SiteRegistry.sites_for", "on", on)
        answer = tuple(site for site in self.sites_with_member(code) if site.has_member(code, on))
        return remember(self._operating, (code, on), answer)

    def sites_with_member(self, code: str) -> tuple[Site, ...]:
        """Every site that ever had ``code`` as a member (on any date)."""
        return self._by_member.get(code, ())


_SITE_COLUMNS = {"site_id", "site_name", "site_start", "gss_code", "nation", "role"}
_ALL_SITE_COLUMNS = _SITE_COLUMNS | {
    "phase",
    "authority_name",
    "council_name",
    "member_valid_from",
    "member_valid_to",
    "source_url",
    "confidence",
    "notes",
}
_SITE_KEYS = {"site_id", "name", "nation", "start", "end", "phase", "members", "source",
              "confidence"}  # fmt: skip
_MEMBER_KEYS = {"gss_code", "role", "valid_from", "valid_to", "name"}


def _duplicate_sites(sites: list[Site], problems: Collector) -> None:
    seen: set[str] = set()
    for site in sites:
        if site.site_id in seen:
            problems.add(f"site {site.site_id}", "the site id is used twice")
        seen.add(site.site_id)


def _text(entry: dict[str, Any], key: str, *, required: bool = True) -> Any:
    value = entry.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{key!r} must be text")
    return value


def _site_from_json(entry: Any) -> Site:
    if not isinstance(entry, dict):
        raise TypeError("each site must be an object")
    unknown = [n for n, key in enumerate(entry, 1) if key not in _SITE_KEYS]
    if unknown:
        raise ValueError(f"key(s) {unknown} are not site fields ({', '.join(sorted(_SITE_KEYS))})")
    period = _start(_text(entry, "start"))
    end = _date(_text(entry, "end", required=False))
    members = []
    if not isinstance(entry.get("members"), list):
        raise TypeError("'members' must be a list")
    for member in entry["members"]:
        if not isinstance(member, dict):
            raise TypeError("each member must be an object")
        unknown = [n for n, key in enumerate(member, 1) if key not in _MEMBER_KEYS]
        if unknown:
            raise ValueError(f"member key(s) {unknown} are not member fields")
        members.append(
            SiteMember(
                _text(member, "gss_code"),
                role=MemberRole(_text(member, "role")),
                membership=DateRange.from_last_day(
                    _date(_text(member, "valid_from", required=False)),
                    _date(_text(member, "valid_to", required=False)),
                ),
                name=member.get("name"),
            )
        )
    return Site(
        _text(entry, "site_id"),
        name=entry["name"],
        nation=_nation(_text(entry, "nation")),
        operating=DateRange.from_last_day(period.first_day, end),
        members=tuple(members),
        phase=entry.get("phase"),
        start_period=period,
        source=entry.get("source"),
        confidence=entry.get("confidence"),
    )


@functools.cache
def _bundled_sites() -> SiteRegistry:
    return SiteRegistry.from_csv(read_bundled("pilot_sites.csv"), source="bundled pilot sites")
