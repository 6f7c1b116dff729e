"""docs/check_pages.py: code blocks are copied as the copy button copies them, and run.

The check itself runs over every built page in CI (``docs/check_pages.py``); these tests
show that it copies what the button copies and that it catches what a reader would hit.
"""

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs"))
from check_pages import (  # noqa: E402
    CodeBlock,
    CopyButton,
    Outcome,
    code_blocks,
    lines_match,
    run_page,
    run_python,
)


def _conf_button() -> CopyButton:
    """The copy button as docs/conf.py configures it (read, not executed)."""
    settings = {}
    for node in ast.parse((ROOT / "docs" / "conf.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name.startswith("copybutton_"):
                settings[name.removeprefix("copybutton_")] = ast.literal_eval(node.value)
    return CopyButton(
        settings["prompt_text"],
        is_regexp=settings.get("prompt_is_regexp", False),
        only_prompt_lines=settings.get("only_copy_prompt_lines", True),
        remove_prompts=settings.get("remove_prompts", True),
    )


BUTTON = _conf_button()
LOOP = """>>> total = 0
>>> for n in (1, 2):
...     total += n
...
>>> print(total)
3
"""


def test_the_button_copies_code_only():
    # Prompts removed, output left out, the bare "..." that ends a loop kept as a blank line.
    assert BUTTON.copy(LOOP) == "total = 0\nfor n in (1, 2):\n    total += n\n\nprint(total)"
    assert BUTTON.copy("$ nrm-core codes\ninvalid-json error\n") == "nrm-core codes"
    assert BUTTON.copy('{"a": 1}\n') == '{"a": 1}'  # no prompt: the whole block


def _block(text: str, language: str = "pycon") -> CodeBlock:
    return CodeBlock("page.html", 0, language, text)


def test_a_loop_glued_to_the_next_statement_is_caught(tmp_path):
    # At a real prompt a compound statement ends with an empty line: without the bare "...",
    # the pasted loop and the next statement are one syntax error.
    glued = LOOP.replace("...\n>>> print", ">>> print")
    problems = run_python([_block(glued)], BUTTON, tmp_path)
    assert len(problems) == 1
    assert "SyntaxError" in problems[0]
    assert run_python([_block(LOOP)], BUTTON, tmp_path) == []


def test_blocks_of_a_page_share_one_fresh_interpreter(tmp_path):
    first, second = _block(">>> x = 41\n"), _block(">>> x + 1\n42\n")
    assert run_python([first, second], BUTTON, tmp_path) == []
    # A fresh interpreter: nothing is defined that the page did not define.
    assert "NameError" in run_python([second], BUTTON, tmp_path)[0]


def test_output_that_differs_from_the_page_is_caught(tmp_path):
    problems = run_python([_block(">>> 1 + 1\n3\n")], BUTTON, tmp_path)
    assert len(problems) == 1
    assert "| 2" in problems[0]
    assert "| 3" in problems[0]


def test_shell_blocks_run_when_they_can_and_say_why_not(tmp_path, monkeypatch):
    monkeypatch.setattr("check_pages.ROOT", ROOT)
    outcome = Outcome()
    blocks = [
        _block("$ nrm-core codes --format json > out.json\n$ python -c 'print(1)'\n1\n", "console"),
        _block("$ nrm-core validate cases.jsonl\n", "console"),
        _block("$ pip install nrm_core\n", "console"),
        _block("$ python -c 'print(2)'\n3\n", "console"),
        _block('{"a": 1}\n', "json"),
    ]
    run_page(blocks, BUTTON, outcome)
    assert len(outcome.run) == 2
    reasons = "\n".join(outcome.not_run)
    assert "reads cases.jsonl" in reasons
    assert "installs software (pip)" in reasons
    assert "json is not a command" in reasons
    assert len(outcome.problems) == 1
    assert "print(2)" in outcome.problems[0]


def test_elided_lines():
    assert lines_match(["a", "[...]", "d"], ["a", "b", "c", "d"])
    assert lines_match(["a", "[...]"], ["a"])
    assert not lines_match(["a", "[...]", "d"], ["a", "b"])
    assert not lines_match(["a"], ["a", "b"])


def test_code_blocks_are_read_as_the_button_reads_them():
    page = (
        '<div class="highlight-pycon notranslate"><div class="highlight"><pre>'
        '<span class="linenos">1</span><span class="gp">&gt;&gt;&gt; </span>x = "&lt;"\n'
        "</pre></div></div><p>text</p><img src='a.png'>"
        '<div class="highlight-json notranslate"><div class="highlight"><pre>{}\n</pre></div>'
    )
    blocks = code_blocks("page.html", page, BUTTON)
    assert [(b.language, b.text) for b in blocks] == [("pycon", '>>> x = "<"\n'), ("json", "{}\n")]


TRICKY = [
    LOOP,
    "$ nrm-core codes\noutput\n$ \n",
    "plain text\nno prompt\n",
    ">>>no space\n...\n... x\n....\n>>> \n\n",
    "line\r\n>>> a\r\n",
    "",
]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_port_matches_the_copy_buttons_own_javascript(tmp_path):
    funcs = pytest.importorskip("sphinx_copybutton").__file__
    source = (Path(funcs).parent / "_static" / "copybutton_funcs.js").read_text(encoding="utf-8")
    script = tmp_path / "copy.js"
    arguments = json.dumps([BUTTON.prompt, BUTTON.is_regexp, BUTTON.only_prompt_lines])
    script.write_text(
        source.replace("export function", "function")
        + "\nconst texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        + f"const args = {arguments};\n"
        + "console.log(JSON.stringify(texts.map((t) => formatCopyText(t, ...args))));\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        ["node", str(script)], input=json.dumps(TRICKY), capture_output=True, text=True,
        check=True, timeout=60,
    )  # fmt: skip
    assert json.loads(result.stdout) == [BUTTON.copy(text) for text in TRICKY]


def test_every_weekday_written_with_a_date_is_right():
    # The pitfalls page called 24 December 2026 a Friday (a Thursday).
    import datetime as dt
    import re

    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]  # fmt: skip
    day_name = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    pattern = re.compile(rf"{day_name},?\s+(\d{{1,2}})\s+({'|'.join(months)})\s+(\d{{4}})")
    texts = [*(ROOT / "docs").rglob("*.rst"), ROOT / "README.md", *(ROOT / "src").rglob("*.py")]
    found, wrong = 0, []
    for path in texts:
        if "_build" in path.parts:
            continue
        text = " ".join(path.read_text(encoding="utf-8").split())
        for name, day, month, year in pattern.findall(text):
            found += 1
            real = dt.date(int(year), months.index(month) + 1, int(day)).strftime("%A")
            if real != name:
                wrong.append(f"{path.name}: {name} {day} {month} {year} is a {real}")
    assert found >= 2
    assert wrong == []
