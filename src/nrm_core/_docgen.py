"""Generate reStructuredText reference pages from nrm_core's own data.

Used by the Sphinx configuration at build time, so the pages cannot drift from
the code: the policy parameters with their value timelines and citations, and
the lifecycle's states, transition table and Mermaid diagram.
"""

from __future__ import annotations

from collections.abc import Iterable

from nrm_core.citations import Citation
from nrm_core.lifecycle import INITIAL_STATE, TERMINAL_STATES, TRANSITIONS, State, to_mermaid
from nrm_core.policy import ALL_NATIONS, DEFAULT_POLICY, Policy
from nrm_core.registry import AuthorityRegister, SiteRegistry


def _heading(text: str, mark: str) -> list[str]:
    return [text, mark * len(text), ""]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _citation(citation: Citation | None) -> str:
    if citation is None:
        return "logic (no external rule)"
    text = f"{citation.source.title} ({citation.source.version}), {citation.section}"
    if citation.source.url:
        text = f"`{_cell(text)} <{citation.source.url}>`__"
    if citation.note:
        text += f"; {citation.note}"
    return _cell(text)


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    lines = [".. list-table::", "   :header-rows: 1", ""]
    for row in (list(header), *(list(r) for r in rows)):
        lines.append(f"   * - {_cell(row[0])}")
        lines.extend(f"     - {_cell(cell) or '-'}" for cell in row[1:])
    return [*lines, ""]


def parameters_rst(policy: Policy = DEFAULT_POLICY) -> str:
    """Every policy parameter with its value timeline, confidence and citation."""
    lines = _heading("Policy parameters", "=")
    lines += [
        "Generated from ``nrm_core.policy.DEFAULT_POLICY`` when the documentation is built.",
        "Ranges are half-open ``[from, to)``: *to* is the first day a value no longer applies.",
        "Confidence: **verified** (official text), **secondary** (secondary source only),",
        "**unverified** (a documented default to confirm). Every value can be replaced.",
        "",
    ]
    for parameter in policy.parameters:
        lines += _heading(f"{parameter.title} (``{parameter.key}``)", "-")
        lines += [_cell(parameter.description), ""]
        rows = []
        for value in parameter.values:
            nations = (
                "all"
                if value.nations == ALL_NATIONS
                else ", ".join(sorted(n.value for n in value.nations))
            )
            rows.append(
                [
                    value.valid.start.isoformat() if value.valid.start else "-",
                    value.valid.end.isoformat() if value.valid.end else "(in force)",
                    str(value.value),
                    nations,
                    value.citation.confidence.value,
                    _citation(value.citation),
                ]
            )
        lines += _table(["from", "to", "value", "nations", "confidence", "source"], rows)
    return "\n".join(lines)


def lifecycle_rst() -> str:
    """The states, the transition table and the state diagram."""
    lines = _heading("Case lifecycle", "=")
    lines += [
        "Generated from ``nrm_core.TRANSITIONS`` when the documentation is built.",
        "",
        *_heading("State diagram", "-"),
        ".. code-block:: text",
        "",
    ]
    lines += [f"   {line}" for line in to_mermaid().splitlines()]
    lines += ["", *_heading("States", "-")]
    rows = []
    for state in State:
        role = "initial" if state is INITIAL_STATE else ""
        role = "terminal" if state in TERMINAL_STATES else role
        rows.append([f"``{state.value}``", role, (state.__doc__ or "").strip()])
    lines += _table(["state", "", "meaning"], rows)
    lines += _heading("Transitions", "-")
    rows = [
        [
            f"``{row.source.value}``",
            f"``{row.kind.value}``",
            f"``{row.target.value}``",
            ", ".join(f"``{guard.code}``" for guard in row.all_guards),
            f"{row.citation.confidence.value}: {_citation(row.citation)}",
        ]
        for row in TRANSITIONS
    ]
    lines += _table(["from", "event", "to", "guards", "rule"], rows)
    guards = {guard.code: guard for row in TRANSITIONS for guard in row.all_guards}
    lines += _heading("Guards", "-")
    lines += _table(
        ["code", "rule", "source"],
        [[f"``{code}``", g.summary, _citation(g.citation)] for code, g in sorted(guards.items())],
    )
    return "\n".join(lines)


def sites_rst(sites: SiteRegistry | None = None) -> str:
    """The pilot site register, one row per member authority."""
    sites = sites or SiteRegistry.bundled()
    authorities = AuthorityRegister.bundled()
    lines = _heading("Pilot site register", "=")
    lines += [
        "Generated from the register bundled with nrm_core (``SiteRegistry.bundled()``) when the",
        "documentation is built. **It is incomplete**: most phase-2 sites (February-April 2023)",
        "are not named in public sources, and go-live dates are known only to the month or year",
        "(marked *approximate*). Add or correct your site with your own file: see",
        ":doc:`/howto/site-registration`.",
        "",
    ]
    rows = []
    for site in sites.sites:
        for member in site.members:
            name = member.name or (
                authorities.get(member.gss_code).name if member.gss_code in authorities else ""
            )
            membership = (
                str(member.membership) if member.membership.start or member.membership.end else ""
            )
            rows.append(
                [
                    site.site_id,
                    site.name,
                    site.phase or "",
                    f"{site.operating.start}"
                    + (" (approximate)" if site.start_approximate else ""),
                    f"``{member.gss_code}`` {name}",
                    member.role.value,
                    membership,
                    site.confidence or "",
                ]
            )
    lines += _table(
        ["site", "name", "phase", "from", "member", "role", "membership", "confidence"], rows
    )
    return "\n".join(lines)
