"""Read older versions of the case format: the documented migration from version 1 to 2.

Version 2 (this release) changed three things in a referral:

* the referrer's nation moved into the first responder
  (``referral.referrer_nation`` became ``referral.first_responder.nation``);
* the exploitation fields became one object
  (``exploitation_types`` and ``exploitation_location`` became
  ``exploitation.types`` and ``exploitation.location``, with a new
  ``exploitation.county_lines`` flag, false after migration);
* the exploitation vocabulary became the Home Office form's ten types, named for
  what the form's labels say. Version 1's codes map as follows; where version 1
  could mean more than one version-2 type, the migration picks the likelier and
  reports a ``migration-ambiguous`` query with the alternatives, so a person
  can confirm:

  * ``sexual-exploitation`` becomes ``child-sexual-exploitation`` (uncertain: it could
    be ``forced-into-prostitution`` or ``held-and-sexually-assaulted``);
  * ``child-criminal-exploitation`` becomes ``forced-to-commit-crime`` (uncertain:
    whether it was county lines was not recorded);
  * ``taken-somewhere`` becomes ``held-and-sexually-assaulted``;
  * ``unpaid-household-work`` becomes ``domestic-servitude``;
  * every other code stays the same.

Nothing else changed: a version-1 history is read as it was.

>>> from nrm_core.io.migrate import upgrade
>>> document = {"format": "nrm-core/case", "version": 1, "referral": {
...     "referrer_nation": "wales", "first_responder": {"organisation": "police"},
...     "exploitation_types": ["child-criminal-exploitation"], "exploitation_location": "uk"}}
>>> upgraded, notes = upgrade(document)
>>> upgraded["version"], upgraded["referral"]["exploitation"]
(2, {'types': ['forced-to-commit-crime'], 'location': 'uk', 'county_lines': False})
>>> [(note.code, note.path) for note in notes]
[('migration-ambiguous', '$.referral.exploitation_types[0]')]
"""

from __future__ import annotations

from typing import Any

from nrm_core.checks import Code, Severity
from nrm_core.io._spec import Problem

__all__ = ["V1_EXPLOITATION_TYPES", "upgrade", "upgrade_types"]

VERSION_MIXED = Code(
    "version-mixed",
    "A version-1 document also carries version-2 fields: which to keep cannot be known.",
    example='{"version": 1, "referral": {"referrer_nation": "wales", '
    '"first_responder": {"nation": "wales"}}}',
    group="format",
)
MIGRATION_AMBIGUOUS = Code(
    "migration-ambiguous",
    "A version-1 value could mean more than one version-2 value; the likelier was used.",
    severity=Severity.QUERY,
    group="format",
)

V1_EXPLOITATION_TYPES: dict[str, tuple[str, str | None]] = {
    "forced-to-work": ("forced-to-work", None),
    "wages-taken": ("wages-taken", None),
    "forced-to-commit-fraud": ("forced-to-commit-fraud", None),
    "sexual-exploitation": (
        "child-sexual-exploitation",
        "version 1's 'sexual-exploitation' was read as child sexual exploitation; it could "
        "instead be 'forced-into-prostitution' or 'held-and-sexually-assaulted': confirm",
    ),
    "child-criminal-exploitation": (
        "forced-to-commit-crime",
        "version 1's 'child-criminal-exploitation' was read as 'forced-to-commit-crime'; "
        "if it was county lines, set exploitation.county_lines to true",
    ),
    "taken-somewhere": ("held-and-sexually-assaulted", None),
    "forced-to-commit-crime": ("forced-to-commit-crime", None),
    "organs-removed": ("organs-removed", None),
    "unpaid-household-work": ("domestic-servitude", None),
    "other": ("other", None),
}
"""Each version-1 exploitation code, its version-2 code and, if it is not certain, why."""

_V2_ONLY = {"forced-into-prostitution", "child-sexual-exploitation", "held-and-sexually-assaulted",
            "domestic-servitude"}  # fmt: skip


def upgrade_types(values: Any, path: str) -> tuple[Any, list[Problem]]:
    """Version-1 exploitation codes as version-2 codes, with a query for each uncertain one.

    Values that are not version-1 codes (version-2 codes, or anything else) are left as
    they are, for the format check to judge.
    """
    if not isinstance(values, list):
        return values, []
    notes: list[Problem] = []
    result: list[Any] = []
    for index, value in enumerate(values):
        if isinstance(value, str) and value in V1_EXPLOITATION_TYPES and value not in _V2_ONLY:
            new, why = V1_EXPLOITATION_TYPES[value]
            result.append(new)
            if why is not None:
                notes.append(
                    Problem(
                        MIGRATION_AMBIGUOUS,
                        path=f"{path}[{index}]",
                        message=why,
                        severity=Severity.QUERY,
                    )
                )
        else:
            result.append(value)
    return result, notes


def upgrade(document: Any) -> tuple[Any, list[Problem]]:
    """A version-1 case document as version 2, and a query for every value it could not map
    with certainty. Anything that is not a version-1 document is returned unchanged."""
    if not isinstance(document, dict) or document.get("version") != 1:
        return document, []
    if isinstance(document.get("version"), bool):
        return document, []
    upgraded = {**document, "version": 2}
    referral = document.get("referral")
    if not isinstance(referral, dict):
        return upgraded, []
    new = dict(referral)
    notes: list[Problem] = []
    responder = new.get("first_responder")
    mixed = [
        path
        for path, present in (
            ("$.referral.exploitation", "exploitation" in new),
            (
                "$.referral.first_responder.nation",
                isinstance(responder, dict) and "nation" in responder,
            ),
        )
        if present
    ]
    if mixed:  # upgrading would overwrite or drop them without a word
        return document, [
            Problem(
                VERSION_MIXED,
                path=path,
                message="a version-2 field in a version-1 document: write the document in one "
                "version (version 2 for these fields, or remove them and keep version 1)",
            )
            for path in mixed
        ]
    if "referrer_nation" in new:
        nation = new.pop("referrer_nation")
        responder = new.get("first_responder")
        if isinstance(responder, dict) and "nation" not in responder:
            new["first_responder"] = {**responder, "nation": nation}
    if "exploitation_types" in new or "exploitation_location" in new:
        exploitation: dict[str, Any] = {}
        if "exploitation_types" in new:
            types, notes = upgrade_types(
                new.pop("exploitation_types"), "$.referral.exploitation_types"
            )
            exploitation["types"] = types
        if "exploitation_location" in new:
            exploitation["location"] = new.pop("exploitation_location")
        exploitation["county_lines"] = False
        new["exploitation"] = exploitation
    upgraded["referral"] = new
    return upgraded, notes


CODES: tuple[Code, ...] = (
    VERSION_MIXED,
    MIGRATION_AMBIGUOUS,
)
"""The codes this module declares (listed in the catalogue, :mod:`nrm_core.io.catalogue`)."""
