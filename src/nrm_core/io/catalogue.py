"""Every problem code nrm_core can report: the union of the tables of codes each module
declares beside its rules.

Each module declares the codes it reports (``CODES``: the readers', the shape and domain
checks', the lifecycle's guards, the panel checks); :data:`ERROR_CODES` is their union,
in the order of :data:`~nrm_core.checks.GROUPS`. Nothing is registered by importing a
module: the tables are read here, by name.

>>> from nrm_core.io.catalogue import ERROR_CODES
>>> ERROR_CODES[0].code, ERROR_CODES[0].severity.value
('invalid-json', 'error')
>>> len({info.code for info in ERROR_CODES}) == len(ERROR_CODES)
True
"""

from __future__ import annotations

from collections.abc import Iterable

from nrm_core import (
    authority,
    checks,
    child,
    decision,
    eligibility,
    panel,
    policy,
    referral,
    registry,
    transitions,
)
from nrm_core.checks import GROUPS, Code
from nrm_core.errors import InvalidValueError
from nrm_core.io import _json, _spec, _stream, home_office, interchange, migrate, readers
from nrm_core.io import validation as record_checks

__all__ = ["ERROR_CODES", "CodeInfo"]

CodeInfo = Code
"""The older name of :class:`~nrm_core.checks.Code` (one code of the catalogue)."""

TABLES: tuple[tuple[Code, ...], ...] = (
    _json.CODES,
    readers.CODES,
    policy.CODES,
    registry.CODES,
    _stream.CODES,
    _spec.CODES,
    checks.CODES,
    interchange.CODES,
    record_checks.CODES,
    migrate.CODES,
    authority.CODES,
    child.CODES,
    decision.CODES,
    referral.CODES,
    eligibility.CODES,
    panel.CODES,
    transitions.CODES,
    home_office.CODES,
)
"""The declared tables of codes, one a module."""


def union(tables: Iterable[Iterable[Code]]) -> tuple[Code, ...]:
    """The codes of ``tables``, by group (see :data:`~nrm_core.checks.GROUPS`), then in
    table order; a code declared twice is an error (one code, one meaning)."""
    seen: dict[str, Code] = {}
    for table in tables:
        for code in table:
            if code in seen:
                raise InvalidValueError(
                    "catalogue", "tables", f"the code {code!r} is declared twice"
                )
            seen[code] = code
    order = {group: index for index, group in enumerate(GROUPS)}
    return tuple(sorted(seen.values(), key=lambda code: order[code.group]))


ERROR_CODES: tuple[Code, ...] = union(TABLES)
"""Every problem code the validator can report: file and format codes first, then the
domain's (record checks, the lifecycle's guards, panel checks). Listed, with real
messages, on the generated problem-codes reference page.

:meta hide-value:
"""
