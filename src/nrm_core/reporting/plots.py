"""Charts of the report and of one case (needs matplotlib: the ``plot`` extra).

They need matplotlib: ``pip install matplotlib`` (or, in a checkout of nrm_core,
``pip install '.[plot]'``). Every function writes a PNG or SVG file (by the file's suffix)
and returns its path. :func:`report_charts` draws the report's own tables by period, so a
chart shows exactly what the report prints (hidden cells are gaps);
:func:`waiting_time_distribution` leaves small groups out by the same suppression rule as
the tables; :func:`case_timeline` leaves out the 18th birthday unless asked. Caption text is
drawn at :data:`CAPTION_SIZE` points or more.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from nrm_core._validate import check_day
from nrm_core.decision import Stage
from nrm_core.errors import InvalidValueError, PlotUnavailableError
from nrm_core.events import EventKind
from nrm_core.io._output import write_atomically
from nrm_core.lifecycle import Case
from nrm_core.reporting.stats import ALL_PILOT, SCA, SUPPRESSED, Report, Table, site_name

__all__ = [
    "CAPTION_SIZE",
    "PlotUnavailableError",
    "box_plot_caption",
    "case_timeline",
    "chart_data",
    "charted_tables",
    "report_charts",
    "waiting_time_distribution",
]


CAPTION_SIZE = 9.5
"""The smallest text of a chart, in points (captions and tick labels): legible on screen and
on paper at the chart's size (captions were 7 points)."""


def _save(plt: Any, figure: Any, path: str | Path, *, close: bool = True) -> Path:
    """Write ``figure`` to ``path`` (PNG or SVG by its suffix) whole or not at all, with
    nothing that changes from run to run (no date in an SVG: two runs give the same file);
    the figure is closed after (``close=False``: left open, to be written again)."""
    path = Path(path)
    kind = path.suffix.lower().lstrip(".") or "png"
    try:
        with write_atomically(path, binary=True) as out:
            figure.savefig(out, format=kind, metadata={"Date": None} if kind == "svg" else None)
    except BaseException:
        plt.close(figure)
        raise
    if close:
        plt.close(figure)
    return path


def pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        plt.rcParams["svg.fonttype"] = "none"  # keep text as text in SVG (searchable, accessible)
        plt.rcParams["svg.hashsalt"] = "nrm-core"  # the same ids in every run
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise PlotUnavailableError(
            "plots need matplotlib, which is not installed: pip install matplotlib (in a "
            "checkout of nrm_core: pip install '.[plot]')"
        ) from error
    return plt


def box_plot_caption(suppress_below: int) -> str:
    """The caption under the waiting-time chart: how to read a box plot, and what is left
    out to protect small numbers.

    >>> from nrm_core.reporting.plots import box_plot_caption
    >>> box_plot_caption(5).split(". ")[1]
    'The line inside is the median'
    """
    caption = (
        "Each box spans the middle half of the completed waits (25th to 75th percentile). "
        "The line inside is the median. Whiskers reach the shortest and longest waits within "
        "1.5 box-lengths of the box; waits beyond them are not drawn. Cases still waiting "
        "are not included. "
    )
    if suppress_below <= 0:
        return caption + "n: completed waits in the group (no small-number protection)."
    return caption + (
        f"Groups of fewer than {suppress_below} waits are not drawn. The number of waits in "
        "each group is not shown: with the report's counts by period, it could give away a "
        "count the report hides."
    )


def _site_label(case: Case, site_id: str) -> str:
    return f"{site_id} {site_name(case, site_id)}".rstrip()


def waiting_time_distribution(
    cases: Iterable[Case],
    path: str | Path,
    *,
    as_of: dt.date,
    suppress_below: int = 5,
    by: Literal["site", "decision-maker"] = "site",
) -> Path:
    """Box plots of days from referral to the first CG decision, per pilot site and the SCA.

    ``by="site"`` (the default) draws one box per pilot site (named beside its id, from
    the cases' rules) and one for the SCA; ``by="decision-maker"`` draws all pilot sites
    against the SCA. Completed waits only (decided on or before ``as_of``); groups with
    fewer than ``suppress_below`` waits are not drawn, and with that protection on
    (``suppress_below > 0``) no group's size is printed. A caption under the chart says
    how to read a box plot (:func:`box_plot_caption`). PNG or SVG by the file's suffix.
    """
    check_day("waiting_time_distribution", "as_of", as_of)
    if by not in ("site", "decision-maker"):
        raise InvalidValueError(
            "waiting_time_distribution", "by", "is not 'site' or 'decision-maker'"
        )
    plt = pyplot()
    waits: dict[str, list[int]] = defaultdict(list)
    labels: dict[str, str] = {}
    for original in cases:
        if original.referral.referred_on > as_of:
            continue
        case = original.as_of(as_of)
        cg = next((d for d in case.decisions if d.stage is Stage.CONCLUSIVE_GROUNDS), None)
        if cg is None:
            continue
        site = cg.decided_by.site_id
        if site is None:
            group = "SCA"
        elif by == "decision-maker":
            group = "pilot sites"
        else:
            group = labels.get(site) or labels.setdefault(site, _site_label(case, site))
        waits[group].append((cg.decided_on - case.referral.referred_on).days)
    shown = {g: v for g, v in sorted(waits.items()) if len(v) >= max(suppress_below, 1)}
    height = 2.6 + 0.42 * max(len(shown), 2)
    figure, axes = plt.subplots(figsize=(9, height))
    if shown:
        axes.boxplot(list(shown.values()), orientation="horizontal", showfliers=False)
        # Exact group sizes only without protection (they sum the report's period cells).
        names = [f"{g} (n={len(v)})" if suppress_below <= 0 else g for g, v in shown.items()]
        axes.set_yticks(range(1, len(shown) + 1), names)
        axes.invert_yaxis()  # in reading order, top to bottom
    else:
        axes.text(0.5, 0.5, "no group large enough to show", ha="center", va="center")
    axes.set_xlabel("days from referral to the first Conclusive Grounds decision")
    axes.set_title(f"Completed waits for a CG decision, as of {as_of.isoformat()}")
    _caption(figure, box_plot_caption(suppress_below), height)
    return _save(plt, figure, path)


def _caption(figure: Any, text: str, height: float) -> None:
    """``text`` under the chart at :data:`CAPTION_SIZE`, with room kept for its lines."""
    lines = textwrap.wrap(text, 105)
    figure.text(0.01, 0.01, "\n".join(lines), fontsize=CAPTION_SIZE, va="bottom", ha="left")
    room = (0.35 + 0.19 * len(lines)) / height  # inches of caption, as a share of the figure
    figure.tight_layout(rect=(0, min(room, 0.6), 1, 1))


_HEADLINE = {
    "referrals": "referrals",
    "decisions": "decisions",
    "waiting-times": "median_days",
    "reconsiderations": "requested",
}
"""The figure each table's chart draws (another table's chart draws its first figure column)."""
_GROUPS = (ALL_PILOT, SCA)
"""The groups drawn when the table has them: every pilot site together against the SCA."""


def _figures(table: Table) -> list[str]:
    """The table's figure columns: those whose cells are numbers or hidden."""
    rows = table.to_rows()
    return [
        column
        for column in table.columns
        if rows
        and all(isinstance(r[column], int | float) or r[column] in (SUPPRESSED, None) for r in rows)
        and any(isinstance(r[column], int | float) for r in rows)
    ]


def charted_tables(result: Report) -> list[Table]:
    """The tables of ``result`` that :func:`report_charts` draws: those by period and
    decision maker (with a figure to draw)."""
    return [
        table
        for table in result.tables
        if {"period", "decision_maker"} <= set(table.columns) and _figures(table)
    ]


def chart_data(table: Table) -> tuple[str, list[str], dict[tuple[Any, ...], dict[str, list[Any]]]]:
    """What :func:`report_charts` draws of ``table``: (the figure column, the periods, and by
    panel (the values of the other label columns) and group, one value per period).

    Each value is the table's own cell as the report prints it; a hidden cell
    (:data:`~nrm_core.reporting.stats.SUPPRESSED`) or a missing row is ``None``, a gap.
    """
    figures = _figures(table)
    column = _HEADLINE.get(table.name, figures[0])
    column = column if column in figures else figures[0]
    rows = table.to_rows()
    others = [
        c for c in table.columns if c not in figures and c not in ("period", "decision_maker")
    ]
    periods = sorted({str(r["period"]) for r in rows})
    groups = [g for g in _GROUPS if any(r["decision_maker"] == g for r in rows)]
    groups = groups or sorted({str(r["decision_maker"]) for r in rows})[:6]
    panels: dict[tuple[Any, ...], dict[str, list[Any]]] = {}
    for panel in sorted({tuple(r[c] for c in others) for r in rows}):
        panels[panel] = {}
        for group in groups:
            cells = {
                str(r["period"]): r[column]
                for r in rows
                if r["decision_maker"] == group and tuple(r[c] for c in others) == panel
            }
            panels[panel][group] = [
                value if isinstance(value, int | float) else None
                for value in (cells.get(period) for period in periods)
            ]
    return column, periods, panels


def report_charts(
    result: Report, folder: str | Path, *, period: str, suffixes: Iterable[str] = (".png",)
) -> list[Path]:
    """One chart per table of ``result`` by period (:func:`charted_tables`): its headline
    figure over the periods, all pilot sites against the SCA, one panel per other label
    (RG and CG, or each waiting-time measure).

    Drawn from the report's own cells (:func:`chart_data`), so the chart follows the
    report's period, its tables (``Report.only``) and its small-number protection: a hidden
    cell is a gap, never a value. ``period`` names the files (``referrals-by-quarter.png``)
    and the title. Returns the files written, in ``folder``, one per table and suffix.
    """
    plt = pyplot()
    written = []
    for table in charted_tables(result):
        column, periods, panels = chart_data(table)
        height = 2.4 + 2.3 * len(panels)
        figure, axes_list = plt.subplots(len(panels), 1, figsize=(9, height), squeeze=False)
        for axes, (panel, groups) in zip([a[0] for a in axes_list], panels.items(), strict=True):
            for group, values in groups.items():
                ys = [float("nan") if value is None else value for value in values]
                axes.plot(range(len(periods)), ys, marker="o", label=group)
            slanted = {"rotation": 45, "ha": "right"} if len(periods) > 8 else {}
            axes.set_xticks(range(len(periods)), periods, **slanted)
            axes.set_ylabel(column.replace("_", " "))
            axes.set_title(" / ".join(map(str, panel)) if panel else table.title, loc="left")
            axes.legend(loc="best", fontsize=CAPTION_SIZE)
            axes.tick_params(labelsize=CAPTION_SIZE)
        figure.suptitle(f"{table.title}, by {period}, as of {result.as_of.isoformat()}")
        meaning = dict(table.definitions).get(column, "")
        _caption(
            figure,
            f"From the report's '{table.name}' table as it prints it ({result.protection}); "
            f"a gap is a hidden cell ({SUPPRESSED}) or no figure. {column}: {meaning}",
            height,
        )
        for suffix in suffixes:
            target = Path(folder) / f"{table.name}-by-{period}{suffix}"
            written.append(_save(plt, figure, target, close=False))
        plt.close(figure)
    return written


_STATUS_COLOURS = {
    "met": "tab:green",
    "pending": "tab:blue",
    "open": "tab:blue",
    "passed": "tab:gray",
    "missed": "tab:red",
    "overdue": "tab:red",
    "closed": "tab:gray",
}


def case_timeline(
    case: Case, path: str | Path, *, as_of: dt.date | None = None, show_birthday: bool = False
) -> Path:
    """One case's events on a time line, with its deadlines as of ``as_of``.

    Events are drawn above the line; each deadline below it at its due date, coloured by
    its status (met, pending, missed or overdue). ``as_of`` defaults to the last event.
    The 18th birthday gives away the date of birth, so it is left out unless
    ``show_birthday=True``, and the day turning 18 was recorded is shown as its month;
    nothing else personal is drawn (ids and event kinds only).
    PNG or SVG by the file's suffix.
    """
    from nrm_core.deadlines import deadlines_for

    if as_of is not None:
        check_day("case_timeline", "as_of", as_of)
    plt = pyplot()
    as_of = as_of or case.last_event_on
    now = case.as_of(as_of)
    events = [(now.referral.referred_on, "referral", now.referral.referred_on.isoformat())]
    for event in now.history:
        if event.kind is EventKind.TURNED_EIGHTEEN and not show_birthday:
            # The day turning 18 was recorded is near the birthday: shown as its month.
            month = event.on.replace(day=1)
            events.append((month, event.kind.value, month.isoformat()[:7]))
        else:
            events.append((event.on, event.kind.value, event.on.isoformat()))
    checks = [
        c
        for c in deadlines_for(now, as_of).checks
        if show_birthday or c.deadline.code != "turns-eighteen"
    ]
    # One row per event, then one per deadline: labels never overlap, however close the days.
    rows = [(day, f"{label}  {shown}", "tab:blue", "o") for day, label, shown in events]
    rows += [
        (
            c.deadline.due,
            f"{c.deadline.description}  {c.deadline.due.isoformat()}: {c.status.value}",
            _STATUS_COLOURS.get(c.status.value, "tab:gray"),
            "v",
        )
        for c in checks
    ]
    figure, axes = plt.subplots(figsize=(10, 1.6 + 0.3 * len(rows)))
    for y, (day, _, colour, marker) in enumerate(rows):
        axes.plot([day], [y], marker, color=colour, markersize=7, zorder=3)
        axes.axhline(y, color="0.92", linewidth=0.8, zorder=1)
    axes.plot([day for day, _, _ in events], range(len(events)), "-", color="tab:blue", alpha=0.4)
    if checks:
        axes.axhline(len(events) - 0.5, color="0.5", linewidth=0.8)
    axes.set_yticks(range(len(rows)), [label for _, label, _, _ in rows], fontsize=CAPTION_SIZE)
    for tick, (_, _, colour, _) in zip(axes.get_yticklabels(), rows, strict=True):
        tick.set_color(colour)
    axes.invert_yaxis()
    axes.axvline(as_of, color="0.4", linestyle=":", linewidth=1)
    # The margins are set here, kept within the years matplotlib can draw (1 to 9999):
    # its own would run past 9999-12-31 for a day near it and fail.
    days = [day for day, _, _, _ in rows] + [as_of]
    margin = max(dt.timedelta(days=1), (max(days) - min(days)) / 20)
    low = min(days) - min(margin, min(days) - dt.date(1, 1, 2))
    high = max(days) + min(margin, dt.date(9999, 12, 30) - max(days))
    axes.set_xlim(low, max(high, low + dt.timedelta(days=1)))
    axes.set_title(
        f"Case {now.case_id} as of {as_of.isoformat()}: {now.state.value}\n"
        "circles: events; triangles: deadlines (green met, blue pending, red missed or "
        "overdue, grey closed)",
        fontsize=CAPTION_SIZE,
        loc="left",
    )
    figure.autofmt_xdate()
    figure.tight_layout()
    return _save(plt, figure, path)
