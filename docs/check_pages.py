"""Check the built HTML docs as a reader sees them, copies them and runs them.

Run after an HTML build:  python docs/check_pages.py docs/_build/html

* **Pages**: no page is over 400 KB, and no page loads a script or stylesheet from
  another host (the docs must render with no network).
* **Code blocks, copied as the copy button copies them**: every code block of every page
  is taken as the copy button gives it (sphinx-copybutton's own function, with this
  build's configuration read from ``_static/copybutton.js``; where ``node`` is installed
  the function itself is run to confirm this check's reading of it) and run:

  - Python with ``>>>`` prompts is pasted, block after block, into one fresh interactive
    interpreter per page (``python -i``: a compound statement must end with a blank
    ``...`` line, as at a real prompt), and each block must print what the page shows
    under it (doctest's comparison, with ``...`` standing for elided text);
  - Python without prompts (a script) runs in its own fresh interpreter and must exit 0;
  - shell commands (``$`` prompts, or a block without prompts) run in a scratch folder
    holding a copy of ``examples/``, and each must print what the page shows under it
    (a line ``[...]`` stands for lines left out). A command is not run when it runs a
    program other than ``nrm-core`` or ``python`` (installing software, say) or reads a
    file that is neither bundled nor written by an earlier command of the page (the
    reader's own data): the summary lists each block not run and why.
  - Other blocks (JSON, CSV, text, JavaScript) are data or output, not commands: counted.
* **Diagrams**: in every drawn lifecycle diagram (``svg.nrm-diagram``), no edge passes
  through a box other than the two it joins, and no edge label covers a box or another label.
* **In headless Chromium** (Debian's ``chromium`` package), the key pages draw their
  diagrams as SVG at a readable size: each diagram has shapes, is at least 300 px wide
  (or its full size, if smaller), and its 12 px text is drawn at 8 px or more; and no
  table of any page is wider than its column (cut off at its edge, in a 1280 px window).
  Where Chromium is not installed this part is skipped with a message saying so (the exit
  status is still 0).
"""

from __future__ import annotations

import doctest
import functools
import html
import http.server
import json
import math
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

MAX_PAGE_BYTES = 400_000
KEY_PAGES = {
    "reference/_generated/lifecycle.html": 7,  # the main flow and six topics
    "reference/_generated/parameters.html": 16,  # at least this many timelines
}
MIN_WIDTH_PX = 300
MIN_TEXT_PX = 8.0
_REMOTE = re.compile(r"<(?:script|link)[^>]+(?:src|href)=\"(?:https?:)?//", re.IGNORECASE)
ROOT = Path(__file__).resolve().parent.parent
"""The checkout: shell blocks run beside a copy of its ``examples/`` folder."""


def page_problems(build: Path) -> list[str]:
    """Pages over the size limit, or loading anything from another host."""
    problems = []
    for page in sorted(build.rglob("*.html")):
        size = page.stat().st_size
        name = page.relative_to(build)
        if size > MAX_PAGE_BYTES:
            problems.append(f"{name}: {size:,} bytes (limit {MAX_PAGE_BYTES:,})")
        if _REMOTE.search(page.read_text(encoding="utf-8")):
            problems.append(f"{name}: loads a script or stylesheet from another host")
    return problems


# -- The copy button -------------------------------------------------------------------------

_CALL = re.compile(r"return formatCopyText\(text, (?P<args>.+)\)\s*$", re.MULTILINE)
_EXCLUDE = re.compile(r"let exclude = '(?P<selector>[^']*)';")
_JS_LITERAL = re.compile(r"'(?P<text>(?:[^'\\]|\\.)*)'|(?P<flag>true|false)")


@dataclass(frozen=True)
class CopyButton:
    """sphinx-copybutton's ``formatCopyText`` with one build's configuration.

    :meth:`copy` follows the JavaScript line by line (``copybutton_funcs.js``,
    sphinx-copybutton 0.5): lines that start with the prompt are kept without it, a line
    continued (``\\`` at its end) or inside a here-document keeps the next, other lines
    are dropped (``only_prompt_lines``) except empty ones; a block with no prompt at all is
    copied whole; a final newline is removed.
    """

    prompt: str
    is_regexp: bool = False
    only_prompt_lines: bool = True
    remove_prompts: bool = True
    copy_empty_lines: bool = True
    line_continuation: str = ""
    here_doc: str = ""
    exclude: str = ".linenos"
    arguments: str = ""
    """The JavaScript source of the call's arguments, as the build wrote them."""

    @classmethod
    def of_build(cls, build: Path) -> CopyButton:
        """The configuration the built pages' copy button uses."""
        script = (build / "_static" / "copybutton.js").read_text(encoding="utf-8")
        call, exclude = _CALL.search(script), _EXCLUDE.search(script)
        if call is None or exclude is None:
            raise ValueError("_static/copybutton.js: not sphinx-copybutton 0.5's script")
        values: list[str | bool] = []
        for literal in _JS_LITERAL.finditer(call.group("args")):
            if literal.group("flag"):
                values.append(literal.group("flag") == "true")
            else:  # a JavaScript string: backslash escapes a character
                values.append(re.sub(r"\\(.)", r"\1", literal.group("text")))
        prompt, is_regexp, only, remove, empty, continuation, here_doc = values
        assert isinstance(prompt, str)
        assert isinstance(continuation, str)
        assert isinstance(here_doc, str)
        return cls(
            prompt,
            bool(is_regexp),
            bool(only),
            bool(remove),
            bool(empty),
            continuation,
            here_doc,
            exclude.group("selector"),
            call.group("args"),
        )

    def _regexp(self) -> re.Pattern[str]:
        # JavaScript's "." stops at \n, \r, \u2028 and \u2029; Python's only at \n.
        pattern = self.prompt if self.is_regexp else re.escape(self.prompt)
        return re.compile(f"^({pattern})([^\r\u2028\u2029]*)")

    def lines(self, text: str) -> Iterator[tuple[str, str | None]]:
        """Each line of ``text``, with what the button copies of it (``None``: left out)."""
        regexp = self._regexp()
        continued = in_here_doc = False
        for line in text.split("\n"):
            match = regexp.match(line)
            if match or continued or in_here_doc:
                if self.remove_prompts and match:
                    yield line, match.group(2)
                else:
                    yield line, line
                continued = bool(self.line_continuation) and line.endswith(self.line_continuation)
                if self.here_doc and self.here_doc in line:
                    in_here_doc = not in_here_doc
            elif not self.only_prompt_lines or (self.copy_empty_lines and not line.strip()):
                yield line, line
            else:
                yield line, None

    def has_prompt(self, text: str) -> bool:
        regexp = self._regexp()
        return any(regexp.match(line) for line in text.split("\n"))

    def copy(self, text: str) -> str:
        """What a click on the block's copy button puts on the clipboard."""
        if self.has_prompt(text):
            text = "\n".join(kept for _, kept in self.lines(text) if kept is not None)
        return text[:-1] if text.endswith("\n") else text


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}  # fmt: skip


@dataclass
class CodeBlock:
    """One block as the page shows it: its highlighting language and its text."""

    page: str
    index: int
    language: str
    text: str

    @property
    def name(self) -> str:
        first = next((line for line in self.text.splitlines() if line.strip()), "")
        return f"{self.page} block {self.index + 1} ({self.language}: {first[:50]!r})"


class _CodeBlocks(HTMLParser):
    """The text of every ``div.highlight pre`` (the copy button's selector), without the
    elements of the excluded class (line numbers), as ``innerText`` gives it."""

    def __init__(self, excluded: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.excluded = excluded
        self.stack: list[tuple[str, set[str]]] = []
        self.found: list[tuple[str, list[str]]] = []
        self.pre_depth: int | None = None
        self.skip_depth: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        self.stack.append((tag, classes))
        if self.pre_depth is None and tag == "pre":
            above = self.stack[:-1]
            if any(t == "div" and "highlight" in c for t, c in above):
                language = next(
                    (
                        name.removeprefix("highlight-")
                        for _, c in reversed(above)
                        for name in sorted(c)
                        if name.startswith("highlight-")
                    ),
                    "default",
                )
                self.found.append((language, []))
                self.pre_depth = len(self.stack)
        elif self.pre_depth is not None and self.skip_depth is None and classes & self.excluded:
            self.skip_depth = len(self.stack)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            depth = len(self.stack)
            popped, _ = self.stack.pop()
            if self.skip_depth == depth:
                self.skip_depth = None
            if self.pre_depth == depth:
                self.pre_depth = None
            if popped == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.pre_depth is not None and self.skip_depth is None:
            self.found[-1][1].append(data)


def code_blocks(page: str, text: str, button: CopyButton) -> list[CodeBlock]:
    """Every code block of one built page, in order."""
    excluded = {part.strip().removeprefix(".") for part in button.exclude.split(",") if part}
    if any(not re.fullmatch(r"[\w-]+", name) for name in excluded):
        raise ValueError(f"copybutton_exclude {button.exclude!r}: only class selectors are read")
    parser = _CodeBlocks(excluded)
    parser.feed(text)
    return [
        CodeBlock(page, index, language, "".join(parts))
        for index, (language, parts) in enumerate(parser.found)
    ]


def node_problems(button: CopyButton, build: Path, blocks: Sequence[CodeBlock]) -> list[str]:
    """Where ``node`` is installed: copy every block with sphinx-copybutton's own
    JavaScript (this build's ``_static/copybutton_funcs.js`` and the arguments written in
    its ``copybutton.js``) and compare with :meth:`CopyButton.copy`."""
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        return []
    functions = (build / "_static" / "copybutton_funcs.js").read_text(encoding="utf-8")
    script = (
        "const source = require('fs').readFileSync(0, 'utf8');\n"
        "const texts = JSON.parse(source);\n"
        + functions.replace("export function", "function")
        + f"\nconsole.log(JSON.stringify(texts.map((text) => formatCopyText(text, "
        f"{button.arguments}))));\n"
    )
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "copy.js"
        path.write_text(script, encoding="utf-8")
        result = subprocess.run(
            [node, str(path)],
            input=json.dumps([block.text for block in blocks]),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    if result.returncode != 0:
        return [f"node could not run the copy button's function: {result.stderr.strip()[:300]}"]
    copied = json.loads(result.stdout)
    return [
        f"{block.name}: the copy button copies {real!r}, this check read {mine!r}"
        for block, real in zip(blocks, copied, strict=True)
        if real != (mine := button.copy(block.text))
    ]


# -- Running what is copied -------------------------------------------------------------------

PYTHON_LANGUAGES = {"pycon", "python", "python3", "py", "py3", "default", "ipython"}
SHELL_LANGUAGES = {"console", "sh", "bash", "shell", "shell-session", "sh-session", "zsh"}
_RUN_PROGRAMS = {"nrm-core", "python", "python3"}
_OUTPUT_OPTIONS = {"--output", "--plots", "--timeline", "-o"}
_REDIRECTS = {">", ">>", "2>", "2>>", "&>"}
_DATA_SUFFIX = re.compile(r"\.(json|jsonl|ndjson|csv|py|svg|png|txt|mmd)$", re.IGNORECASE)
_MARK = "\x1e-- end of block --\x1e"
_ELIDED = "[...]"
"""A line of a shell block's shown output standing for lines left out."""
TIMEOUT = 600


@dataclass
class Step:
    """Lines the button copies, and the lines shown after them (the expected output)."""

    code: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)


def steps(block: CodeBlock, button: CopyButton) -> list[Step]:
    """The block as commands and the output the page shows after each."""
    if not button.has_prompt(block.text):
        return [Step(code=button.copy(block.text).split("\n"))]
    found: list[Step] = []
    for line, kept in button.lines(block.text.removesuffix("\n")):
        if kept is not None and line.strip():
            if not found or found[-1].shown:
                found.append(Step())
            found[-1].code.append(kept)
        elif kept is None:
            if not found:
                found.append(Step())
            found[-1].shown.append(line)
    return found


@dataclass
class Outcome:
    """What running the pages found."""

    problems: list[str] = field(default_factory=list)
    run: list[str] = field(default_factory=list)
    not_run: list[str] = field(default_factory=list)


def _environment() -> dict[str, str]:
    """The commands of this interpreter first on the PATH (``nrm-core``, ``python``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _want(lines: Sequence[str]) -> str:
    """A Python block's shown output as doctest compares it (``<BLANKLINE>``: empty)."""
    kept = [("" if line == "<BLANKLINE>" else line) for line in lines if line.strip()]
    return "".join(f"{line}\n" for line in kept)


def run_python(blocks: Sequence[CodeBlock], button: CopyButton, workdir: Path) -> list[str]:
    """Paste each block, as copied, into one fresh interactive interpreter; press Enter
    (twice, to close a last compound statement); compare what it prints."""
    if not blocks:
        return []
    with tempfile.TemporaryDirectory() as scratch:
        startup = Path(scratch) / "startup.py"  # no prompts in the output; no name defined
        startup.write_text("__import__('sys').ps1 = __import__('sys').ps2 = ''\n")
        feed = "".join(f"{button.copy(b.text)}\n\n\nprint({_MARK!r})\n" for b in blocks)
        env = {**_environment(), "PYTHONSTARTUP": str(startup)}
        try:
            result = subprocess.run(
                [sys.executable, "-i", "-q", "-u"],
                input=feed,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                cwd=workdir,
                env=env,
                timeout=TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return [f"{blocks[0].page}: the Python blocks did not finish in {TIMEOUT} s"]
    printed = result.stdout.split(f"{_MARK}\n")
    problems = []
    checker = doctest.OutputChecker()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    for number, block in enumerate(blocks):
        got = printed[number] if number < len(printed) else "(the interpreter had stopped)\n"
        want = _want([line for step in steps(block, button) for line in step.shown])
        if not checker.check_output(want, got, flags):
            problems.append(
                f"{block.name}: pasted into a fresh interpreter, it printed\n"
                + _indent(got or "(nothing)\n")
                + "  where the page shows\n"
                + _indent(want or "(nothing)\n")
            )
    return problems


def _indent(text: str) -> str:
    return "".join(f"    | {line}\n" for line in text.splitlines())


def run_script(block: CodeBlock, button: CopyButton, workdir: Path) -> list[str]:
    """A Python block without prompts: a script, run in its own fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-"],
        input=button.copy(block.text),
        capture_output=True,
        text=True,
        cwd=workdir,
        env=_environment(),
        timeout=TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        return [f"{block.name}: exit status {result.returncode}\n" + _indent(result.stderr)]
    return []


def _reads(command: str) -> tuple[str | None, list[str]]:
    """The program a shell command runs, and the files it reads (not those it writes)."""
    try:
        words = shlex.split(command, comments=True)
    except ValueError:
        return None, []
    if not words:
        return "", []
    reads: list[str] = []
    writes_next = False
    for word in words[1:]:
        if writes_next:
            writes_next = False
            continue
        option, _, value = word.partition("=")
        if word in _REDIRECTS or option in _OUTPUT_OPTIONS:
            writes_next = not value
            continue
        if word.startswith("-"):
            continue
        if "/" in word or _DATA_SUFFIX.search(word):
            reads.append(word)
    return Path(words[0]).name, reads


_INSTALLERS = {"pip", "pip3", "apt-get", "apt", "brew", "conda", "npm"}


def _why_not_run(commands: Sequence[str], workdir: Path, written: set[str]) -> str | None:
    # Each program of a line (commands joined by &&, ||, ; or |) is looked at in turn.
    parts = [part for line in commands for part in re.split(r"&&|\|\||;|\|", line)]
    for command in parts:
        words = command.split()
        if words[:3] in (["python", "-m", "venv"], ["python3", "-m", "venv"]):
            return "it makes a virtual environment (set up by hand, as the README says)"
        if words and Path(words[0]).name in _INSTALLERS:
            return f"it installs software ({Path(words[0]).name})"
        program, reads = _reads(command)
        if program is None:
            return f"{command[:40]!r} is not a command this check can read"
        if program == "":
            continue
        if program not in _RUN_PROGRAMS:
            return f"it runs {program}, which this check does not run"
        missing = [name for name in reads if not (workdir / name).exists() and name not in written]
        if missing:
            return f"it reads {', '.join(missing)}: the reader's own file(s)"
        written.update(_writes(command))
    return None


def _commands(lines: Sequence[str]) -> list[str]:
    """The commands of a step: a line ending in a backslash continues on the next."""
    return [line for line in "\n".join(lines).replace("\\\n", " ").split("\n") if line.strip()]


def _writes(command: str) -> list[str]:
    words = shlex.split(command, comments=True)
    found = []
    for index, word in enumerate(words[:-1]):
        if word in _REDIRECTS or word in _OUTPUT_OPTIONS:
            found.append(words[index + 1])
    return found


def lines_match(want: Sequence[str], got: Sequence[str]) -> bool:
    """``got`` is ``want``, where a ``[...]`` line of ``want`` stands for any lines."""
    reachable = {0}  # positions of got that the lines of want so far can end at
    for line in want:
        if line == _ELIDED:
            reachable = set(range(min(reachable), len(got) + 1)) if reachable else set()
        else:
            reachable = {i + 1 for i in reachable if i < len(got) and got[i] == line}
        if not reachable:
            return False
    return len(got) in reachable


def run_shell(block: CodeBlock, button: CopyButton, workdir: Path, outcome: Outcome,
              written: set[str]) -> None:  # fmt: skip
    """Each command of a shell block, in the page's scratch folder, if it can run here."""
    found = steps(block, button)
    commands = [line for step in found for line in _commands(step.code)]
    why = _why_not_run(commands, workdir, written)
    if why is not None:
        outcome.not_run.append(f"{block.name}: not run: {why}")
        return
    outcome.run.append(block.name)
    for step in found:
        # With output shown, the step's commands run together and print it; without, each
        # command runs on its own and must succeed.
        scripts = ["\n".join(step.code)] if step.shown else _commands(step.code)
        for script in scripts:
            if script.strip() and not _run_command(block, script, step, workdir, outcome):
                return


def _run_command(
    block: CodeBlock, script: str, step: Step, workdir: Path, outcome: Outcome
) -> bool:
    """Run one command (or a step's commands); ``False`` if it failed."""
    try:
        result = subprocess.run(
            ["/bin/sh", "-c", script],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=workdir,
            env=_environment(),
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        outcome.problems.append(f"{block.name}: {script!r} did not finish in {TIMEOUT} s")
        return False
    got = [line.rstrip() for line in result.stdout.splitlines()]
    want = [line.rstrip() for line in step.shown if line.strip()]
    if step.shown and not lines_match(want, got):
        outcome.problems.append(
            f"{block.name}: {script!r} printed\n"
            + _indent(result.stdout or "(nothing)\n")
            + "  where the page shows\n"
            + _indent("\n".join(want))
        )
        return False
    if not step.shown and result.returncode != 0:
        outcome.problems.append(
            f"{block.name}: {script!r} exited {result.returncode} (the page shows no output)\n"
            + _indent(result.stdout)
        )
        return False
    return True


def run_page(blocks: Sequence[CodeBlock], button: CopyButton, outcome: Outcome) -> None:
    """Run one page's blocks: shell commands and scripts in order, then the Python session."""
    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(scratch)
        shutil.copytree(ROOT / "examples", workdir / "examples")
        written: set[str] = set()
        session = []
        for block in blocks:
            if block.language in PYTHON_LANGUAGES and button.has_prompt(block.text):
                session.append(block)
            elif block.language in PYTHON_LANGUAGES:
                outcome.problems += run_script(block, button, workdir)
                outcome.run.append(block.name)
            elif block.language in SHELL_LANGUAGES:
                run_shell(block, button, workdir, outcome, written)
            else:
                outcome.not_run.append(f"{block.name}: not run: {block.language} is not a command")
        outcome.problems += run_python(session, button, workdir)
        outcome.run += [block.name for block in session]


def check_code(build: Path, pages: Sequence[str] | None = None) -> Outcome:
    """Copy and run every code block of the built pages (or of ``pages``)."""
    button = CopyButton.of_build(build)
    outcome = Outcome()
    every: list[CodeBlock] = []
    for path in sorted(build.rglob("*.html")):
        name = str(path.relative_to(build))
        if pages is not None and name not in pages:
            continue
        blocks = code_blocks(name, path.read_text(encoding="utf-8"), button)
        every += blocks
        if blocks:
            run_page(blocks, button, outcome)
    outcome.problems += node_problems(button, build, every)
    return outcome


# -- Diagram geometry ---------------------------------------------------------------------------

_SVG = "{http://www.w3.org/2000/svg}"
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _path_points(d: str, samples: int = 40) -> list[tuple[float, float]]:
    """Points along an SVG path of M, L, Q and C commands (absolute coordinates)."""
    points: list[tuple[float, float]] = []
    current = (0.0, 0.0)
    for command, numbers in re.findall(r"([MLQC])([^MLQC]*)", d):
        values = [float(n) for n in _NUMBER.findall(numbers)]
        pairs = list(zip(values[::2], values[1::2], strict=True))
        if command == "M":
            current = pairs[0]
            points.append(current)
            continue
        size = {"L": 1, "Q": 2, "C": 3}[command]
        for index in range(0, len(pairs), size):
            control = [current, *pairs[index : index + size]]
            for step in range(1, samples + 1):
                t = step / samples
                points.append(_bezier(control, t))
            current = control[-1]
    return points


def _bezier(control: Sequence[tuple[float, float]], t: float) -> tuple[float, float]:
    n = len(control) - 1
    x = sum(math.comb(n, i) * (1 - t) ** (n - i) * t**i * p[0] for i, p in enumerate(control))
    y = sum(math.comb(n, i) * (1 - t) ** (n - i) * t**i * p[1] for i, p in enumerate(control))
    return x, y


def diagram_problems(svg: str, *, name: str = "diagram") -> list[str]:
    """Edges of a drawn diagram that pass through a box other than the two they join, and
    edge labels that cover a box or another label.

    Boxes are the ``rect`` of each ``g.node`` (keyed by ``data-key``); edges are the
    ``path.edge`` elements, whose ``data-source`` and ``data-target`` name their ends;
    labels are the ``rect`` of each ``g.edge-label``. A box is crossed when a point of the
    edge lies inside it (1 px in from its border).
    """
    root = ET.fromstring(svg)
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for group in root.iter(f"{_SVG}g"):
        if "node" in (group.get("class") or "").split():
            rect = group.find(f"{_SVG}rect")
            assert rect is not None
            x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
            boxes[group.get("data-key", "")] = (
                x, y, x + float(rect.get("width", 0)), y + float(rect.get("height", 0)),
            )  # fmt: skip
    problems = []
    edges = [p for p in root.iter(f"{_SVG}path") if "edge" in (p.get("class") or "").split()]
    unmarked = [p for p in root.iter(f"{_SVG}path") if p.get("marker-end") and p not in edges]
    if unmarked:
        problems.append(f"{name}: {len(unmarked)} arrow(s) not marked class='edge' (unchecked)")
    for edge in edges:
        ends = {edge.get("data-source"), edge.get("data-target")}
        points = _path_points(edge.get("d", ""))
        for key, (x1, y1, x2, y2) in boxes.items():
            if key in ends:
                continue
            if any(x1 + 1 < x < x2 - 1 and y1 + 1 < y < y2 - 1 for x, y in points):
                problems.append(
                    f"{name}: the edge {edge.get('data-source')} -> {edge.get('data-target')} "
                    f"({edge.get('data-label', '')}) passes through the box {key}"
                )
    labels = []
    for group in root.iter(f"{_SVG}g"):
        if "edge-label" in (group.get("class") or "").split():
            rect, text = group.find(f"{_SVG}rect"), group.find(f"{_SVG}text")
            assert rect is not None
            x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
            area = (x, y, x + float(rect.get("width", 0)), y + float(rect.get("height", 0)))
            labels.append((text.text if text is not None else "", area))
    for index, (label, (x1, y1, x2, y2)) in enumerate(labels):
        for key, (bx1, by1, bx2, by2) in boxes.items():
            if x1 < bx2 and bx1 < x2 and y1 < by2 and by1 < y2:
                problems.append(f"{name}: the label {label!r} covers the box {key}")
        for other, (ox1, oy1, ox2, oy2) in labels[index + 1 :]:
            if x1 < ox2 - 1 and ox1 + 1 < x2 and y1 < oy2 - 1 and oy1 + 1 < y2:
                problems.append(f"{name}: the labels {label!r} and {other!r} overlap")
    return problems


def page_diagram_problems(build: Path) -> list[str]:
    """Every lifecycle diagram drawn on any built page, checked by :func:`diagram_problems`."""
    problems = []
    for page in sorted(build.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for number, match in enumerate(re.finditer(r"<svg\b.*?</svg>", text, re.DOTALL)):
            if "nrm-diagram" in match.group(0)[:300]:
                name = f"{page.relative_to(build)} diagram {number + 1}"
                problems += diagram_problems(html.unescape(match.group(0)), name=name)
    return problems


# -- In a browser -------------------------------------------------------------------------------

_HARNESS = """<!doctype html><html><body><pre id="out">pending</pre>
<iframe id="page" src="/%s" style="width:1280px;height:900px"></iframe>
<script>
document.getElementById("page").addEventListener("load", () => {
  const doc = document.getElementById("page").contentDocument;
  const found = [...doc.querySelectorAll("svg.nrm-diagram, svg.nrm-timeline")].map((svg) => {
    const box = svg.getBoundingClientRect();
    const view = svg.viewBox.baseVal;
    return {width: box.width, height: box.height, scale: view.width ? box.width / view.width : 0,
            shapes: svg.querySelectorAll("rect, path").length};
  });
  // A table wider than the column it sits in is cut off at the column's edge (the reader
  // has to find a scroll bar to read the rest): name it by its header.
  const clipped = [...doc.querySelectorAll("table.docutils")].filter((table) => {
    const wrap = table.closest(".table-wrapper");
    return wrap !== null && wrap.scrollWidth > wrap.clientWidth + 1;
  }).map((table) => [...table.querySelectorAll("th")].map((th) => th.innerText).join(" | "));
  document.getElementById("out").textContent = JSON.stringify({found, clipped});
});
</script></body></html>"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built pages without logging each request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


def _browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def render_problems(build: Path, browser: str) -> list[str]:
    """Open each page in headless Chromium: diagrams of the key pages drawn at a readable
    size, and no table anywhere wider than its column (cut off at its edge)."""
    problems = []
    pages = sorted(str(p.relative_to(build)) for p in build.rglob("*.html"))
    pages = [p for p in pages if "table-wrapper" in (build / p).read_text(encoding="utf-8")]
    pages = sorted(set(pages) | set(KEY_PAGES))
    with tempfile.TemporaryDirectory() as scratch:
        handler = functools.partial(_QuietHandler, directory=str(build.resolve()))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            for number, page in enumerate(pages):
                harness = build / "_check_harness.html"
                harness.write_text(_HARNESS % page, encoding="utf-8")
                # A new address each time: the browser must not answer from its cache with
                # the harness of the page before.
                url = f"http://127.0.0.1:{server.server_address[1]}/_check_harness.html?{number}"
                result = subprocess.run(
                    [
                        browser,
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        f"--user-data-dir={scratch}",
                        "--virtual-time-budget=10000",
                        "--dump-dom",
                        url,
                    ],
                    capture_output=True,
                    text=True,
                    timeout=120,
                    check=False,
                )
                harness.unlink()
                match = re.search(r'<pre id="out">(.*?)</pre>', result.stdout, re.DOTALL)
                if match is None or match.group(1) == "pending":
                    problems.append(f"{page}: the page did not load in {browser}")
                    continue
                measured = json.loads(html.unescape(match.group(1)))
                problems += [
                    f"{page}: the table ({text}) is wider than the page and is cut off"
                    for text in measured["clipped"]
                ]
                if page in KEY_PAGES:
                    problems += _diagram_sizes(page, measured["found"], KEY_PAGES[page])
        finally:
            server.shutdown()
    return problems


def _diagram_sizes(page: str, drawn: list[dict[str, float]], expected: int) -> list[str]:
    problems = []
    if len(drawn) < expected:
        problems.append(f"{page}: {len(drawn)} diagrams drawn, expected {expected}")
    for index, svg in enumerate(drawn):
        text_px = 12 * svg["scale"]
        natural = svg["width"] / svg["scale"] if svg["scale"] else 0
        if svg["width"] < min(MIN_WIDTH_PX, natural) or svg["shapes"] == 0:
            problems.append(f"{page}: diagram {index} is {svg['width']:.0f} px wide")
        elif text_px < MIN_TEXT_PX:
            problems.append(f"{page}: diagram {index}'s text is drawn at {text_px:.1f} px")
    smallest = min((12 * s["scale"] for s in drawn), default=0)
    print(f"{page}: {len(drawn)} SVG diagrams drawn, smallest text {smallest:.1f} px")
    return problems


def main() -> int:
    build = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/_build/html")
    problems = page_problems(build)
    pages = len(list(build.rglob("*.html")))
    problems += page_diagram_problems(build)
    code = check_code(build)
    problems += code.problems
    print(f"Code blocks: {len(code.run)} copied and run as the copy button copies them.")
    for line in code.not_run:
        print(f"  {line}")
    if shutil.which("node") is None and shutil.which("nodejs") is None:
        print("SKIPPED the cross-check of copied text with the copy button's JavaScript "
              "(node is not installed).")  # fmt: skip
    browser = _browser()
    if browser is None:
        print(
            "SKIPPED the browser check: Chromium is not installed "
            "(on Debian: apt-get install chromium). Page sizes were still checked."
        )
    else:
        problems += render_problems(build, browser)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s).")
        return 1
    print(f"{pages} pages: none over {MAX_PAGE_BYTES // 1000} KB, none loads from the network.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
