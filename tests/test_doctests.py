"""Run the examples in every public docstring, against the installed package."""

import doctest
import importlib
import pkgutil

import pytest

import nrm_core

MODULES = sorted(info.name for info in pkgutil.walk_packages(nrm_core.__path__, prefix="nrm_core."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    # globs={}: each example starts from nothing, as when it is pasted into a fresh
    # interpreter from the docs, so it must import every name it uses.
    result = doctest.testmod(
        module,
        globs={},
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"


# Modules that need an optional extra to run their examples: covered by their own tests
# (tests/test_plots.py runs in CI with the plot extra installed).
NEEDS_EXTRA = {"nrm_core.reporting.plots"}


def test_public_modules_have_examples():
    # Every public module's documentation shows at least one example.
    without = []
    for name in MODULES:
        if name.rsplit(".", 1)[-1].startswith("_") or name in NEEDS_EXTRA:
            continue
        module = importlib.import_module(name)
        tests = doctest.DocTestFinder().find(module)
        if not any(test.examples for test in tests):
            without.append(name)
    assert without == []
