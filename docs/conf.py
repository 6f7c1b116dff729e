"""Sphinx configuration for nrm_core.

The reference pages for the policy parameters and the lifecycle are generated
from the installed package at build time (nrm_core._docgen), so they cannot
drift from the code.
"""

from __future__ import annotations

from pathlib import Path

import nrm_core
from nrm_core import _docgen

project = "nrm_core"
author = "nrm_core contributors"
release = nrm_core.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.napoleon",
    "sphinxcontrib.mermaid",
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

_GENERATED = Path(__file__).parent / "reference" / "_generated"
_GENERATED.mkdir(parents=True, exist_ok=True)
(_GENERATED / "parameters.rst").write_text(_docgen.parameters_rst(), encoding="utf-8")
(_GENERATED / "lifecycle.rst").write_text(_docgen.lifecycle_rst(), encoding="utf-8")
(_GENERATED / "sites.rst").write_text(_docgen.sites_rst(), encoding="utf-8")
(_GENERATED / "format.rst").write_text(_docgen.format_rst(), encoding="utf-8")
(_GENERATED / "sources.rst").write_text(_docgen.sources_rst(), encoding="utf-8")


def _chart() -> None:
    import datetime as dt

    from nrm_core.plots import waiting_time_distribution
    from nrm_core.validation import validate_path

    sample = Path(__file__).parent.parent / "examples" / "data" / "synthetic" / "cases.jsonl"
    cases = [r.case for r in validate_path(sample) if r.case is not None]
    static = Path(__file__).parent / "_static"
    static.mkdir(exist_ok=True)
    waiting_time_distribution(cases, static / "waiting-times.png", as_of=dt.date(2026, 9, 30))


_chart()
html_static_path = ["_static"]


def _examples() -> dict[str, tuple[str, str]]:
    from nrm_core.validation import validate_path

    found = _docgen.in_memory_examples()
    invalid = Path(__file__).parent.parent / "examples" / "data" / "invalid"
    for path in sorted(invalid.iterdir()):
        for report in validate_path(path):
            for problem in report.problems:
                location = report.location.replace(str(invalid) + "/", "")
                found.setdefault(problem.code, (location, problem.message))
    return found


(_GENERATED / "error-codes.rst").write_text(_docgen.error_codes_rst(_examples()), encoding="utf-8")
