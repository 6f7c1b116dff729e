"""The README's commands work as written, and it says what a new user needs to know."""

import re
import shlex
import tomllib
from pathlib import Path

import pytest

from nrm_core.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Each `nrm-core ...` command in the prose (backticks may wrap over a line break).
PROSE = re.findall(r"`(nrm-core [^`]+)`", re.sub(r"```.*?```", "", README, flags=re.DOTALL))


def test_the_prose_says_how_to_run_nrm_core_and_which_python():
    # A bare `nrm-core report ...` failed with "command not found": nothing said to activate
    # the venv or use .venv/bin/. Python 3.11+ was not stated.
    assert ". .venv/bin/activate" in README
    assert "`.venv/bin/nrm-core`" in README
    required = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert required == ">=3.11"
    assert "Python 3.11 or later" in README


def _runnable():
    found = []
    for command in PROSE:
        words = shlex.split(" ".join(command.split()))
        on_bundled = any((ROOT / word).exists() for word in words[2:] if "/" in word)
        if on_bundled or words[1:] in (["schema"], ["codes"], ["diagram"]):
            found.append(words[1:])
    return found


@pytest.mark.parametrize("words", _runnable(), ids=lambda words: words[0])
def test_each_command_in_the_prose_runs_on_the_bundled_files(words, monkeypatch):
    # Exit 0, except the import, which exits 1 on purpose and the README says why.
    expected = 1 if words[0] == "import" else 0
    monkeypatch.chdir(ROOT)
    assert main(words) == expected
    if expected:
        assert "exits with status 1 on the bundled file, on purpose" in README


def test_some_prose_commands_are_run():
    assert {words[0] for words in _runnable()} >= {"report", "worklist", "import", "schema"}


def test_the_plot_hint_works_outside_a_package_index():
    # The error suggested pip install 'nrm_core[plot]', which needs nrm_core on an index.
    source = (ROOT / "src" / "nrm_core" / "reporting" / "plots.py").read_text(encoding="utf-8")
    assert "nrm_core[plot]" not in source
    assert "pip install matplotlib" in source
    assert "nrm_core[plot]" not in README
