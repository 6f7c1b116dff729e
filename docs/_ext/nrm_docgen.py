"""A Sphinx extension: reference pages generated from nrm_core's own data.

When the documentation is built, it writes the policy parameters (from the
bundled policy file), the lifecycle's states, transition table and diagram,
the site register, the data format, the problem codes and the sources into
``reference/_generated/``, so the pages cannot drift from the code. It lives
in the docs tree, not in the package: nothing in nrm_core depends on it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from nrm_core.authority import LocalAuthority
from nrm_core.checks import Citation
from nrm_core.deadlines import DEADLINE_RULES
from nrm_core.decision import Decision
from nrm_core.diagrams import TOPICS, policy_timeline_svg, to_svg
from nrm_core.policy import ALL_NATIONS, NRM_START, Policy
from nrm_core.registry import AuthorityRegister, SiteRegistry
from nrm_core.states import INITIAL_STATE, TERMINAL_STATES, State
from nrm_core.transitions import TRANSITIONS

EMPTY = "\u2014"
"""What an empty table cell shows (an em dash)."""


def _raw_html(html: str) -> list[str]:
    return [".. raw:: html", "", *(f"   {line}" for line in html.splitlines()), ""]


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


def _table(
    header: Iterable[str], rows: Iterable[Iterable[str]], *, widths: Iterable[int] = ()
) -> list[str]:
    """A list-table; with ``widths`` (percentages), laid out to the page's width with long
    codes wrapped inside their cells (the ``nrm-fit`` class of ``_static/nrm.css``), so a
    wide table is never cut off at the page's edge."""
    lines = [".. list-table::", "   :header-rows: 1"]
    widths = list(widths)
    if widths:
        lines += [f"   :widths: {' '.join(map(str, widths))}", "   :class: nrm-fit"]
    lines.append("")
    for row in (list(header), *(list(r) for r in rows)):
        lines.append(f"   * - {_cell(row[0])}")
        # An empty cell shows a dash; a bare "-" would be read as a bullet list.
        lines.extend(f"     - {_cell(cell) or EMPTY}" for cell in row[1:])
    return [*lines, ""]


def parameters_rst(policy: Policy | None = None) -> str:
    """Every policy parameter with its value timeline, confidence and citation."""
    policy = Policy.bundled() if policy is None else policy
    lines = _heading("Policy parameters", "=")
    lines += [
        "Generated from the bundled policy file (``nrm_core/data/policy.json``) when the",
        "documentation is built; replace any value with your own file (``--rules FILE``,",
        "``Rules.bundled().with_overrides(path)``).",
        "Ranges are half-open ``[from, to)``: *to* is the first day a value no longer applies.",
        "Confidence: **verified** (official text), **secondary** (secondary source only),",
        "**unverified** (a documented default to confirm). Every value can be replaced.",
        "",
    ]
    changes = [
        day
        for parameter in policy.parameters
        for value in parameter.values
        for day in (value.valid.start, value.valid.end)
        if day is not None
    ]
    since, until = dt.date(NRM_START.year, 1, 1), dt.date(max(changes).year + 1, 12, 31)
    lines += [
        "Each parameter's timeline (drawn when the documentation is built, on one axis from",
        f"{since.year} to {until.year}) shows its values by nation, coloured by confidence;",
        "hover over a segment for its exact dates.",
        "",
    ]
    for parameter in policy.parameters:
        lines += _heading(f"{parameter.title} (``{parameter.key}``)", "-")
        lines += [_cell(parameter.description), ""]
        lines += _raw_html(policy_timeline_svg(parameter, since=since, until=until))
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
        header = ["from", "to", "value", "nations", "confidence", "source"]
        lines += _table(header, rows, widths=(11, 11, 22, 14, 12, 30))
    return "\n".join(lines)


def lifecycle_rst() -> str:
    """The states, the transition table and the state diagram."""
    lines = _heading("Case lifecycle", "=")
    lines += [
        "Generated from ``nrm_core.transitions.TRANSITIONS`` when the documentation is built.",
        "",
        "The diagrams are drawn as SVG from the same table when the documentation is built",
        "(``nrm_core.diagrams.to_svg(topic)``; no script or network is needed to show them):",
        "the main flow first, then one per topic. A dashed box stands for several states at",
        "once (hover over it to see which); ``\u21bb event`` inside a box is an event that",
        "leaves the case in that state. Every row is in the transition table below.",
        "(``nrm_core.to_mermaid()`` gives the whole table as Mermaid source.)",
        "",
    ]
    for topic in TOPICS:
        lines += _heading(topic.title, "-")
        lines += [_cell(topic.summary), ""]
        lines += _raw_html(f"<figure class='nrm-figure'>{to_svg(topic.key)}</figure>")
    lines += _heading("States", "-")
    rows = []
    for state in State:
        role = "initial" if state is INITIAL_STATE else ""
        role = "terminal" if state in TERMINAL_STATES else role
        rows.append([f"``{state.value}``", role, state.meaning])
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
    lines += _table(["from", "event", "to", "guards", "rule"], rows, widths=(14, 16, 16, 20, 34))
    guards = {guard.code: guard for row in TRANSITIONS for guard in row.all_guards}
    lines += _heading("Guards", "-")
    lines += _table(
        ["code", "rule", "source"],
        [[f"``{code}``", g.summary, _citation(g.citation)] for code, g in sorted(guards.items())],
    )
    lines += _heading("Deadlines", "-")
    lines += [
        "Which deadlines apply to a case, in the order ``deadlines_for`` lists them: generated",
        "from ``nrm_core.deadlines.DEADLINE_RULES``. Each deadline's period (and its own",
        "source) is a policy parameter: see :doc:`parameters`.",
        "",
    ]
    lines += _table(
        ["deadline", "its date is", "applies", "rule"],
        [
            [f"``{rule.code}``", rule.kind.value, rule.when, _citation(rule.citation)]
            for rule in DEADLINE_RULES
        ],
        widths=(20, 10, 40, 30),
    )
    return "\n".join(lines)


def sites_rst(sites: SiteRegistry | None = None) -> str:
    """The pilot site register, one row per member authority."""
    sites = SiteRegistry.bundled() if sites is None else sites
    authorities = AuthorityRegister.bundled()
    lines = _heading("Pilot site register", "=")
    lines += [
        "Generated from the register bundled with nrm_core (``SiteRegistry.bundled()``) when the",
        "documentation is built. **It is incomplete**: only 2 of the 10 phase-2 sites (February-",
        "April 2023) are named in public sources, and go-live dates are known only to a month, a",
        "period of months or a season, kept here as given (the precision in brackets). Routing",
        "reads such a start as the period's first day (policy ``site_start_reading``) and says",
        "so, with the confidence ``unverified``, on every route that depends on it. Add or",
        "correct your site with your own file: see :doc:`/howto/site-registration`.",
        "",
    ]
    rows = []
    for site in sites.sites:
        members = []
        for member in site.members:
            name = member.name or (
                authorities.get(member.gss_code).name if member.gss_code in authorities else ""
            )
            text = f"``{member.gss_code}`` {name} ({member.role.value}"
            if member.membership.start or member.membership.end:
                text += f", {member.membership}"
            members.append(text + ")")
        started = str(site.start_period) if site.start_period else f"{site.operating.start}"
        rows.append(
            [
                f"``{site.site_id}``",
                site.name,
                site.phase or "",
                started,
                "; ".join(members),
                site.confidence or "",
            ]
        )
    lines += _table(["site", "name", "phase", "from", "members (role)", "confidence"], rows)
    return "\n".join(lines)


def _spec_type(spec: object) -> str:
    from nrm_core.io import _spec as s

    if isinstance(spec, s.Nullable):
        return f"{_spec_type(spec.inner)} or null"
    if isinstance(spec, s.Seq):
        kind = "set" if spec.unique else "array"
        return f"{kind} of {_spec_type(spec.item)}"
    if isinstance(spec, s.Obj):
        return f"object ``{spec.name}``"
    if isinstance(spec, s.Tagged):
        return "event object (see below)"
    if isinstance(spec, s.Choice):
        return "one of " + ", ".join(f"``{v}``" for v in spec.values)
    if isinstance(spec, s.Date):
        return "date ``YYYY-MM-DD``"
    if isinstance(spec, s.Const):
        return f"``{spec.value!r}``"
    if isinstance(spec, s.Bool):
        return "true or false"
    if isinstance(spec, s.StrMap):
        return "object of strings"
    if isinstance(spec, s.Str):
        return f"string: {spec.description}" + (" (never echoed)" if spec.sensitive else "")
    return type(spec).__name__


def format_rst() -> str:
    """The interchange format, object by object and field by field."""
    from nrm_core.io import _spec as s
    from nrm_core.io.interchange import CASE_DOCUMENT, EVENT, FORMAT_VERSION

    lines = _heading(f"Case interchange format, version {FORMAT_VERSION}", "=")
    lines += [
        "Generated from the specs nrm_core structures with (the same ones that generate the",
        "JSON Schema). Fields without a default are required; unknown fields are errors; there",
        "is no type coercion.",
        "",
    ]
    seen: list[s.Obj] = []

    def collect(spec: object) -> None:
        if isinstance(spec, s.Nullable):
            collect(spec.inner)
        elif isinstance(spec, s.Seq):
            collect(spec.item)
        elif isinstance(spec, s.Tagged):
            pass
        elif isinstance(spec, s.Obj) and spec not in seen:
            seen.append(spec)
            for field in spec.fields:
                collect(field.spec)

    collect(CASE_DOCUMENT)
    for variant in EVENT.variants.values():
        collect(variant)
    for obj in seen:
        title = obj.name if not obj.tag else f'{obj.name} (``"event": "{obj.tag[1]}"``)'
        lines += _heading(title, "-")
        if obj.description:
            lines += [_cell(obj.description), ""]
        rows = []
        for field in obj.fields:
            default = "required" if field.required else f"default ``{_default(field)}``"
            rows.append([f"``{field.name}``", _spec_type(field.spec), default, field.description])
        lines += _table(["field", "type", "required", "notes"], rows)
    return "\n".join(lines)


def _default(field: object) -> str:
    from nrm_core.io import _spec as s

    assert isinstance(field, s.F)
    try:
        return json.dumps(field.spec.unstructure(field.default))
    except (AttributeError, TypeError):
        return repr(field.default)


def error_codes_rst(examples: dict[str, tuple[str, str]]) -> str:
    """Every problem code, its severity and meaning, and a real message from the example files.

    ``examples`` maps a code to (location, message) as the validator reported it.
    """
    from nrm_core.io.catalogue import ERROR_CODES

    lines = _heading("Problem codes", "=")
    lines += [
        "Generated from ``nrm_core.io.catalogue.ERROR_CODES``; each example message is what the",
        "validator printed for the repository's ``examples/data/invalid`` files when these",
        "pages were built. Codes are stable: match on them, not on the messages.",
        "",
    ]
    rows = []
    for info in ERROR_CODES:
        example = examples.get(info.code)
        shown = f"{example[1]} (``{example[0]}``)" if example else "-"
        rows.append([f"``{info.code}``", info.severity.value, info.meaning, shown])
    lines += _table(
        ["code", "severity", "meaning", "example message"], rows, widths=(24, 9, 30, 37)
    )
    return "\n".join(lines)


def in_memory_examples() -> dict[str, tuple[str, str]]:
    """Real messages for codes that no small case file can show, produced by running the code."""
    import datetime as dt
    import tempfile
    from pathlib import Path

    from nrm_core.decision import DecisionMaker, Outcome, Stage
    from nrm_core.errors import TransitionRefused
    from nrm_core.events import DecisionMade, DecisionServed, RoutedToPanel
    from nrm_core.io.interchange import StructureError, structure, unstructure
    from nrm_core.io.readers import MAX_RECORD_BYTES
    from nrm_core.io.validation import validate_data, validate_path
    from nrm_core.lifecycle import Case, apply
    from nrm_core.samples import example_panel, example_referral

    found: dict[str, tuple[str, str]] = {}
    decision = {
        "stage": "conclusive-grounds",
        "outcome": "negative",
        "decided_on": "2026-05-05",
        "decided_by": {"kind": "pilot-panel", "site_id": "P1-01"},
        "served_on": "2026-05-01",
    }
    authority = {"gss_code": "W06000015", "name": "Cardiff", "nation": "england"}
    for data, cls, where in (
        (decision, Decision, "a Decision"),
        (authority, LocalAuthority, "a LocalAuthority"),
    ):
        try:
            structure(data, cls)
        except StructureError as error:
            found.setdefault(error.problems[0].code, (where, error.problems[0].message))
    case = Case(example_referral())
    _, problems = validate_data(unstructure(case), as_of=dt.date(2026, 3, 1))
    found.setdefault(problems[0].code, ("--as-of 2026-03-01", problems[0].message))
    pilot = Case(example_referral(), (RoutedToPanel(dt.date(2026, 3, 3), "P1-01"),))
    decided = apply(
        pilot,
        DecisionMade(
            dt.date(2026, 3, 20),
            stage=Stage.REASONABLE_GROUNDS,
            outcome=Outcome.POSITIVE,
            by=DecisionMaker.panel("P1-01"),
            panel=example_panel(),
        ),
    )
    try:
        apply(decided, DecisionServed(dt.date(2026, 3, 21)))
    except TransitionRefused as refusal:
        reason = refusal.reasons[0]
        found.setdefault(
            reason.code, ("a positive pilot decision served unreviewed", reason.message)
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.jsonl"
        path.write_bytes(b"x" * (MAX_RECORD_BYTES + 1) + b"\n")
        for report in validate_path(path):
            problem = report.problems[0]
            found.setdefault(problem.code, ("a line over the record limit", problem.message))
    return found


def _all_citations() -> list[tuple[str, Citation]]:
    """Every citation a rule carries, with where the rule is: the lifecycle's transitions
    and guards, the policy parameters, the bank-holiday rules, and every other rule made with
    ``cite`` (routing, panels, ages, the importer)."""
    from nrm_core._sources import cited
    from nrm_core.calendar import ONE_OFF_CHANGES, REGULAR_RULES

    found: list[tuple[str, Citation]] = []
    for row in TRANSITIONS:
        found.append((f"transition {row.source.value} --{row.kind.value}-->", row.citation))
        found += [(f"guard {g.code}", g.citation) for g in row.guards if g.citation]
    for parameter in Policy.bundled().parameters:
        found += [(f"parameter {parameter.key}", v.citation) for v in parameter.values]
    found += [("bank holidays", change.citation) for change in ONE_OFF_CHANGES]
    found.append(("bank holidays", REGULAR_RULES))
    seen = {citation for _, citation in found}
    found += [(f"module {module}", c) for c, module in cited() if c not in seen]
    return found


def sources_rst() -> str:
    """Every source the rules cite, with how many rules cite it at each confidence; the
    withdrawn sources once, with the rules that still rest on them; the known gaps."""
    from collections import Counter

    import nrm_core.io.home_office  # noqa: F401  (its rules are cited when it is imported)
    from nrm_core._sources import ABW_2025, WITHDRAWN
    from nrm_core.checks import Confidence, Source

    citations = _all_citations()
    counts: dict[Source, Counter[Confidence]] = {}
    for _, citation in citations:
        counts.setdefault(citation.source, Counter())[citation.confidence] += 1
    lines = _heading("Sources and confidence", "=")
    lines += [
        "Generated from every citation nrm_core's rules carry: the lifecycle's transitions and",
        "guards, the policy parameters, the bank-holiday data, and the routing, panel, age and",
        "import rules. **verified**: checked against official text; **secondary**: a reliable",
        "secondary source only; **unverified**: a documented default that should be confirmed,",
        "and can be replaced without changing the library.",
        "",
    ]
    rows = []
    for source, counter in sorted(counts.items(), key=lambda item: item[0].key):
        title = f"`{_cell(source.title)} <{source.url}>`__" if source.url else _cell(source.title)
        status = "**withdrawn** (see below)" if source.key in WITHDRAWN else ""
        rows.append(
            [
                source.key,
                title,
                f"{source.version} {status}".strip(),
                str(counter[Confidence.VERIFIED]),
                str(counter[Confidence.SECONDARY]),
                str(counter[Confidence.UNVERIFIED]),
            ]
        )
    lines += _table(["key", "source", "version", "verified", "secondary", "unverified"], rows)
    lines += _heading("Rules resting on a withdrawn document", "-")
    for key, why in WITHDRAWN.items():
        source = next(s for s in counts if s.key == key)
        lines += [
            f"**{_cell(source.title)}** ({key}) is {why}. Each rule where it was the only",
            "source was re-cited to a live text where one exists (the statistics annexes of",
            "November 2023 and 2024 for the 100 days and the pilot's scope; the 2023 ministerial",
            "evidence for the three-agency panel; the April 2026 toolkit for one referral per",
            "person; the May 2025 annex for reconsideration). These rules still rest on it alone,",
            "and are marked here once rather than in every message that cites them:",
            "",
        ]
        rules: dict[str, list[str]] = {}
        for where, citation in citations:
            if citation.source.key == key:
                text = f"{citation.section}: {citation.note}" if citation.note else citation.section
                if where.startswith("transition "):  # one entry per event kind, not per row
                    where = "transitions on " + where.split("--")[1]
                places = rules.setdefault(_cell(text), [])
                if where not in places:
                    places.append(where)
        lines += _table(
            ["section and rule", "where"],
            [[text, ", ".join(f"``{w}``" for w in places)] for text, places in rules.items()],
        )
    lines += _heading("Known gaps", "-")
    lines += [
        "* **The pilot's sites.** The register names only 2 of the 10 sites that joined",
        "  between February and April 2023 (20 sites and 30 authorities after phase 2: annex of",
        "  November 2023, S5). A route to the SCA for a council in no site, from February 2023,",
        "  says so (``site-register-incomplete``); :doc:`/howto/site-registration` adds a site.",
        "* **Start days.** No start day is published for the phase-2 sites or the eight areas",
        '  of September 2025 ("decisions from autumn 2025", S41). The register keeps each start',
        "  as the period the sources give; routing reads it as the period's first day (policy",
        "  ``site_start_reading``) and marks every answer that depends on it",
        "  (``site-start-unverified``, confidence *unverified*).",
        "* **Dates of birth.** The Home Office form's date of birth is optional. A child",
        "  without one is routed by the policy's ``pilot_unknown_birth_date`` (an unverified",
        "  default), with ``date-of-birth-unknown`` on the route.",
        "",
    ]
    lines += _heading("Also cited in the explanations", "-")
    lines += [
        f"* `{_cell(ABW_2025.title)} <{ABW_2025.url}>`__ ({ABW_2025.version}): cited where",
        "  Public Order Disqualification is explained (:doc:`/explanation/nrm-and-pilot`).",
        "",
    ]
    return "\n".join(lines)


def home_office_councils_rst() -> str:
    """The form's council names: what each is, when, and who answers for it on 1 January 2026."""
    import datetime as dt

    from nrm_core.io.home_office import council_names, resolve_council

    day = dt.date(2026, 1, 1)
    lines = _heading("Home Office form: council names", "=")
    lines += [
        "Generated from ``nrm_core.io.home_office.council_names()`` (the package's",
        "``data/home_office_councils.csv``): the 451 names the Home Office referral form offers",
        'for "the local authority contacted about the child", what each is, the dates that',
        "matter, and what :func:`~nrm_core.io.home_office.resolve_council` answers for",
        f"{day:%-d %B %Y}. A children's-services authority's own dates are its codes' dates in",
        "the authority register; ``last day`` is inclusive.",
        "",
    ]
    rows = []
    for entry in council_names():
        found = resolve_council(entry.name, day)
        start, last = entry.existed.start, entry.existed.last_day
        when = ""
        if start is not None and start > dt.date(2009, 1, 1):
            when = f"from {start.isoformat()}"
        if last is not None:
            when = f"{when} to {last.isoformat()}".strip()
        answer = f"``{found.code}``" if found.code else "no single authority"
        flags = ", ".join(f"``{p.code}``" for p in found.problems)
        rows.append(
            [
                entry.name,
                entry.kind.value,
                when,
                f"{answer} {flags}".strip(),
                _citation(entry.citation),
            ]
        )
    lines += _table(["name on the form", "what it is", "when", "on 1 January 2026", "rule"], rows)
    return "\n".join(lines)


def import_examples() -> dict[str, tuple[str, str]]:
    """Real messages of the Home Office importer's codes, from small fictional payloads."""
    import datetime as dt

    from nrm_core.io.home_office import read_submission, resolve_council

    found: dict[str, tuple[str, str]] = {}
    day = dt.date(2026, 1, 1)
    for name in (
        "Canterbury City Council",
        "Wycombe District Council",
        "Cumbria County Council",
        "Greater London Authority",
        "Tees Valley Combined Authority",
        "Belfast City Council",
        "Kent County Concil",
    ):
        for problem in resolve_council(name, day).problems:
            found.setdefault(problem.code, (f"LocalAuthority {name!r}", problem.message))
    for name, on in (("East Suffolk Council", dt.date(2019, 3, 31)),
                     ("Fife Council", dt.date(2017, 1, 1))):  # fmt: skip
        for problem in resolve_council(name, on).problems:
            found.setdefault(problem.code, (f"{name!r} on {on}", problem.message))
    base = {
        "AdultOrChild": "Child", "Customer.DOB": "2011-02-03", "Country": "ENG",
        "ComponentForcedCrime": "Yes", "ExploitationLocationPresented": "UK",
        "LocalAuthority": "Kent County Council", "Agent.Organisation": "Kent Police",
        "ExternalId": "ext-1",
    }  # fmt: skip
    for change, where in (
        ({"AdultOrChild": "Adult"}, '"AdultOrChild": "Adult"'),
        ({"AdultOrChild": "Unknown"}, '"AdultOrChild": "Unknown"'),
        ({"Customer.DOB": "03/02/2011"}, "a date of birth written 03/02/2011"),
        ({"Customer.DOB": "2000-01-01"}, "a date of birth 18 years before"),
        ({"NRMOrDuty": "DTN", "Type": "560734"}, '"NRMOrDuty": "DTN"'),
        ({"Country": "WAL", "Case.Jurisdiction": "ENGLAND"}, "Country WAL, jurisdiction ENGLAND"),
        ({"ComponentForcedCrime": "No"}, "no checkbox ticked"),
        ({"ExploitationLocationPresented": None}, "no ExploitationLocationPresented"),
        ({"ComponentFraud": "true"}, '"ComponentFraud": "true"'),
        ({"Agent.Organisation": 7}, '"Agent.Organisation": 7'),
        ({"Agent.Organisation": "Acme Project"}, "an organisation not on the list"),
        ({"Customer.DOB": "1" * 50}, "a 50-character date of birth"),
        ({"VictimAccount": "...", "Extra": "..."}, "narrative and an unknown key"),
    ):
        data = {key: value for key, value in {**base, **change}.items() if value is not None}
        for problem in read_submission(data, submitted_on=day).problems:
            found.setdefault(problem.code, (where, problem.message))
    for value, where in (([], "a JSON array"), ({"format": "nrm-core/case"}, "a case record")):
        for problem in read_submission(value, submitted_on=day).problems:
            found.setdefault(problem.code, (where, problem.message))
    return found


def _write_pages(app: Any) -> None:
    """Write every generated page into ``reference/_generated`` (Sphinx ``builder-inited``)."""
    from nrm_core.io.validation import validate_path

    docs = Path(app.srcdir)
    generated = docs / "reference" / "_generated"
    generated.mkdir(parents=True, exist_ok=True)
    pages = {
        "parameters.rst": parameters_rst(),
        "lifecycle.rst": lifecycle_rst(),
        "sites.rst": sites_rst(),
        "format.rst": format_rst(),
        "sources.rst": sources_rst(),
        "home-office-councils.rst": home_office_councils_rst(),
    }
    found = in_memory_examples() | import_examples()
    invalid = docs.parent / "examples" / "data" / "invalid"
    for path in sorted(invalid.iterdir()):
        for report in validate_path(path):
            for problem in report.problems:
                location = report.location.replace(str(invalid) + "/", "")
                found.setdefault(problem.code, (location, problem.message))
    pages["error-codes.rst"] = error_codes_rst(found)
    for name, text in pages.items():
        target = generated / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    """Register the page generator with Sphinx."""
    app.connect("builder-inited", _write_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
