"""Pictures of waiting times and of one case (needs the ``plot`` extra: matplotlib).

Install with ``pip install 'nrm_core[plot]'``. Both functions write a PNG or
SVG file (by the file's suffix) and return its path. Small groups are left out
of the distribution plot by the same suppression rule as the tables.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from nrm_core.decision import Stage
from nrm_core.errors import NrmError
from nrm_core.lifecycle import Case

__all__ = ["PlotUnavailableError", "case_timeline", "waiting_time_distribution"]


class PlotUnavailableError(NrmError, ImportError):
    """matplotlib is not installed (install the ``plot`` extra)."""


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        plt.rcParams["svg.fonttype"] = "none"  # keep text as text in SVG (searchable, accessible)
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise PlotUnavailableError("plots need matplotlib: pip install 'nrm_core[plot]'") from error
    return plt


def waiting_time_distribution(
    cases: Iterable[Case],
    path: str | Path,
    *,
    as_of: dt.date,
    suppress_below: int = 5,
) -> Path:
    """Box plots of days from referral to the first CG decision, pilot sites against the SCA.

    Completed waits only (decided on or before ``as_of``); groups with fewer than
    ``suppress_below`` waits are not drawn.
    """
    plt = _pyplot()
    waits: dict[str, list[int]] = defaultdict(list)
    for original in cases:
        if original.referral.referred_on > as_of:
            continue
        case = original.as_of(as_of)
        cg = next((d for d in case.decisions if d.stage is Stage.CONCLUSIVE_GROUNDS), None)
        if cg is None:
            continue
        group = "pilot sites" if cg.decided_by.is_pilot_panel else "SCA"
        waits[group].append((cg.decided_on - case.referral.referred_on).days)
    shown = {g: v for g, v in sorted(waits.items()) if len(v) >= max(suppress_below, 1)}
    figure, axes = plt.subplots(figsize=(8, 4.5))
    if shown:
        axes.boxplot(list(shown.values()), orientation="horizontal", showfliers=False)
        axes.set_yticks(range(1, len(shown) + 1), [f"{g}\n(n={len(v)})" for g, v in shown.items()])
    else:
        axes.text(0.5, 0.5, "no group large enough to show", ha="center", va="center")
    axes.set_xlabel("days from referral to the first Conclusive Grounds decision")
    axes.set_title(f"Completed waits for a CG decision, as of {as_of.isoformat()}")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return Path(path)


def case_timeline(case: Case, path: str | Path) -> Path:
    """One case's events on a time line (no personal data: ids and event kinds only)."""
    plt = _pyplot()
    events = [(case.referral.referred_on, "referral")] + [
        (event.on, event.kind.value) for event in case.history
    ]
    figure, axes = plt.subplots(figsize=(9, 2.8))
    days = [day for day, _ in events]
    axes.plot(days, [0] * len(days), "-o", color="tab:blue")
    for index, (day, label) in enumerate(events):
        axes.annotate(
            f"{label}\n{day.isoformat()}",
            (day, 0),
            xytext=(0, 14 if index % 2 == 0 else -30),
            textcoords="offset points",
            ha="center",
            fontsize=7,
        )
    axes.set_yticks([])
    axes.set_title(f"Case {case.case_id}: {case.state.value}")
    figure.autofmt_xdate()
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return Path(path)
