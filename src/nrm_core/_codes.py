"""The register of problem codes: each code is registered where it is raised.

Every stable code nrm_core reports (a refused transition's guard, a panel
problem, a validation problem) is registered by the module that raises it,
with its usual severity and meaning. :mod:`nrm_core.io.catalogue` turns the
register into the published catalogue, so the two cannot disagree.
"""

from __future__ import annotations

import enum

import attrs

__all__ = ["GROUPS", "CodeInfo", "Severity", "register", "registered", "severity_of"]


class Severity(enum.Enum):
    """How serious a problem is."""

    ERROR = "error"
    """The record breaks a rule and is invalid."""
    QUERY = "query"
    """Something to confirm rather than reject."""


@attrs.frozen
class CodeInfo:
    """One problem code: what it means, its usual severity, and an example that produces it."""

    code: str
    severity: Severity = attrs.field(kw_only=True)
    meaning: str = attrs.field(kw_only=True)
    example: str | None = attrs.field(default=None, kw_only=True)
    """A JSON fragment (or file content) that produces the code, where there is a short one."""
    group: str = attrs.field(default="domain", kw_only=True)
    """``file`` (reading), ``format`` (the shape of a record), ``domain`` (the rules of a
    record), ``lifecycle`` (a refused event), ``panel`` (a panel's constitution) or
    ``import`` (reading another system's records, such as the Home Office form's)."""


GROUPS = ("file", "format", "domain", "lifecycle", "panel", "import")


_REGISTER: dict[str, CodeInfo] = {}


def register(
    code: str,
    meaning: str,
    *,
    severity: Severity = Severity.ERROR,
    example: str | None = None,
    group: str = "domain",
) -> str:
    """Register ``code`` (the first registration of a code wins); returns the code."""
    if group not in GROUPS:
        raise ValueError(f"unknown code group {group!r}")
    if code not in _REGISTER:
        _REGISTER[code] = CodeInfo(
            code, severity=severity, meaning=meaning, example=example, group=group
        )
    return code


def severity_of(code: str) -> Severity:
    """The registered severity of ``code`` (``KeyError`` for a code never registered)."""
    return _REGISTER[code].severity


def registered() -> tuple[CodeInfo, ...]:
    """Every code registered so far, by group (see :data:`GROUPS`), then registration order."""
    order = {group: index for index, group in enumerate(GROUPS)}
    return tuple(sorted(_REGISTER.values(), key=lambda info: order[info.group]))
