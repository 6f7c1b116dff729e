"""Sphinx configuration for nrm_core.

The reference pages for the policy parameters, the lifecycle and the rest are
generated from the installed package at build time by the ``nrm_docgen``
extension in ``_ext/``, so they cannot drift from the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nrm_core

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "nrm_core"
author = "nrm_core contributors"
copyright = "2026, the nrm_core contributors"
release = nrm_core.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.napoleon",
    "sphinx_copybutton",
    "nrm_docgen",
]
# intersphinx is not used: it downloads the other projects' inventories at build time, and
# CI has no network beyond the package index.
autodoc_member_order = "bysource"
# Docstring examples are run by the test suite (tests/test_doctests.py); the doctest
# builder runs the explicit ``.. doctest::`` blocks of these pages.
doctest_test_doctest_blocks = ""
nitpicky = False
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = f"nrm_core {release}"


def _chart() -> None:
    import datetime as dt

    from nrm_core.io.validation import validate_path
    from nrm_core.reporting.plots import case_timeline, report_charts, waiting_time_distribution
    from nrm_core.reporting.stats import report

    sample = Path(__file__).parent.parent / "examples" / "data" / "synthetic" / "cases.jsonl"
    cases = [r.case for r in validate_path(sample) if r.case is not None]
    static = Path(__file__).parent / "_static"
    static.mkdir(exist_ok=True)
    as_of = dt.date(2026, 9, 30)
    waiting_time_distribution(cases, static / "waiting-times.png", as_of=as_of)
    yearly = report(cases, as_of=as_of, period="year").only(["waiting-times"])
    report_charts(yearly, static, period="year")
    busiest = max(cases[:300], key=lambda case: len(case.history))  # synthetic: no real child
    case_timeline(busiest, static / "case-timeline.png", as_of=as_of)


_chart()
html_static_path = ["_static"]
html_css_files = ["nrm.css"]
# Diagrams and timelines are inline SVG drawn at build time (nrm_docgen): nothing is loaded
# from a CDN, so every page renders offline.
# The copy button copies the code only: the lines after a ">>> " or "... " prompt (a bare "..."
# is the blank line that ends a loop at a real prompt) or a "$ " shell prompt, without the
# prompt; the output under them is left out. docs/check_pages.py pastes each block, copied this
# way, into a fresh interpreter or shell and checks that it prints what the page shows.
copybutton_prompt_text = r">>> |\.\.\.(?: |$)|\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_remove_prompts = True
