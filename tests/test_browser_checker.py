"""The browser checker (``web/``), built and opened in real headless Chromium.

The page is built with ``web/build.py`` (Pyodide from npm, the nrm_core wheel from this
repository), served on 127.0.0.1 and driven over the DevTools protocol (``web/cdp.py``).
What the page shows is compared with what the ``nrm-core`` command prints on the same
files, and the network events of the page and of its worker are recorded.

Without Chromium, npm or the ``websockets`` package these tests are skipped, unless
``NRM_REQUIRE_BROWSER=1`` (set by ``.ci/run``), when they fail instead.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nrm_core.cli import main

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
EXAMPLES = ROOT / "examples" / "data"
AS_AT = "2026-09-30"
NO_CASE = "\u2013"  # an en dash: what the page shows for a record with no readable id
REQUIRED = os.environ.get("NRM_REQUIRE_BROWSER") == "1"

sys.path.insert(0, str(WEB))


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"NRM_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The checker, built into a new folder and served on 127.0.0.1; yields its URL."""
    if shutil.which("npm") is None:
        _unavailable("npm is not installed (needed for Pyodide)")
    try:
        import websockets  # noqa: F401
    except ImportError:
        _unavailable("the websockets package is not installed (pip install '.[web]')")
    import build
    import serve

    out = build.build(tmp_path_factory.mktemp("checker") / "site")
    httpd = serve.server(out)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def browser(site: str) -> Iterator[Any]:
    """Chromium with the checker loaded and ready."""
    import cdp
    import page_actions

    executable = cdp.find_chromium()
    if executable is None:
        _unavailable("Chromium is not installed (on Debian: apt-get install chromium)")
    with cdp.Browser(executable) as opened:
        opened.open(site)
        page_actions.wait_ready(opened)
        yield opened


def _command(*args: str | Path, cwd: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    before = Path.cwd()
    os.chdir(cwd)
    try:
        code = main([str(a) for a in args], out=out, err=err)
    finally:
        os.chdir(before)
    return code, out.getvalue(), err.getvalue()


def _check(browser: Any, files: list[Path], *, kind: str = "cases", as_at: str = AS_AT) -> int:
    """Choose ``files`` in the page and check them; returns the event count before."""
    import page_actions

    page_actions.choose(browser, files, kind=kind, as_at=as_at)
    since = len(browser.events)
    page_actions.check(browser)
    return since


_ROWS = """(() => {
  const more = document.getElementById('more');
  while (!more.hidden) more.click();
  return [...document.querySelectorAll('#problems tbody tr')].map((tr) => {
    const cells = [...tr.cells].map((td) => td.firstChild ? td.firstChild.textContent : '');
    const rule = tr.querySelector('.rule');
    return [...cells, rule ? rule.textContent.replace(/^Rule: /, '') : null];
  });
})()"""


def _enter(browser: Any, control: str, value: str) -> None:
    import page_actions

    page_actions.enter(browser, control, value)


def _flatten(records: list[dict[str, Any]]) -> list[list[Any]]:
    """The command's JSON records as the page's table rows."""
    return [
        [
            r["location"],
            r["case_id"] or NO_CASE,
            p["severity"],
            p["code"],
            p["path"],
            p["message"],
            p["citation"],
        ]
        for r in records
        for p in r["problems"]
    ]


def _copy(files: list[Path], folder: Path) -> list[Path]:
    folder.mkdir()
    return [Path(shutil.copy2(f, folder / f.name)) for f in files]


def test_the_page_shows_what_the_command_prints_and_sends_nothing(browser, tmp_path):
    files = _copy(
        sorted((EXAMPLES / "valid").iterdir()) + sorted((EXAMPLES / "invalid").iterdir()),
        tmp_path / "files",
    )
    since = _check(browser, files)
    checked_at = len(browser.events)

    code, out, _ = _command(
        "validate", "--format", "json", "--as-of", AS_AT, *(f.name for f in files),
        cwd=tmp_path / "files",
    )  # fmt: skip
    lines = [json.loads(line) for line in out.splitlines()]
    records, summary = lines[:-1], lines[-1]["summary"]
    assert code == 1
    expected = _flatten(records)
    assert len(expected) > 40  # the invalid examples have many problems of many kinds
    assert browser.evaluate(_ROWS) == expected
    _, text_out, _ = _command(
        "validate", "--as-of", AS_AT, *(f.name for f in files), cwd=tmp_path / "files"
    )
    shown = browser.evaluate("document.getElementById('summary').textContent")
    assert shown == text_out.splitlines()[-1]
    assert f"{summary['records']:,} records" in shown

    # Filters: by code (with its count in the list) and by case.
    code_counts: dict[str, int] = {}
    for row in expected:
        code_counts[row[3]] = code_counts.get(row[3], 0) + 1
    options = browser.evaluate(
        "[...document.getElementById('filter-code').options].slice(1).map(o => o.textContent)"
    )
    assert options == [f"{c} ({n:,})" for c, n in sorted(code_counts.items())]
    _enter(browser, "filter-code", "invalid-json")
    assert browser.evaluate(_ROWS) == [r for r in expected if r[3] == "invalid-json"]
    _enter(browser, "filter-code", "")
    _enter(browser, "filter-case", "R-EXAMPLE-1")
    assert browser.evaluate(_ROWS) == [r for r in expected if "R-EXAMPLE-1" in r[1]]
    _enter(browser, "filter-case", "")

    # Explain, redacted by default: the words of 'nrm-core explain --redact'.
    case_id = "R-2026-0001"
    import page_actions

    text = page_actions.explain(browser, case_id)
    _, explained, _ = _command(
        "explain", "cases.jsonl", "--case", case_id, "--as-of", AS_AT, "--redact",
        cwd=tmp_path / "files",
    )  # fmt: skip
    assert text == explained.rstrip("\n")

    # The report's tables are the command's.
    _, report_json, _ = _command(
        "report", "--as-of", AS_AT, "--format", "json", *(f.name for f in files),
        cwd=tmp_path / "files",
    )  # fmt: skip
    report = json.loads(report_json)
    titles = browser.evaluate(
        "[...document.querySelectorAll('#report h3')].map(h => h.textContent)"
    )
    assert titles == [t["title"] for t in report["tables"]]
    # The worklist of the council chosen: 'nrm-core worklist --redact --authority'.
    council = "W06000015"  # Cardiff
    page_actions.choose_council(browser, council)
    _, worklist_json, _ = _command(
        "worklist", "--as-of", AS_AT, "--redact", "--authority", council, "--format", "json",
        *(f.name for f in files), cwd=tmp_path / "files",
    )  # fmt: skip
    worklist = json.loads(worklist_json)
    assert worklist["rows"]
    shown_cases = browser.evaluate(
        "[...document.querySelectorAll('.worklist-group tbody tr')]"
        ".map(r => r.cells[0].textContent)"
    )
    assert sorted(shown_cases) == sorted(row["case_id"] for row in worklist["rows"])
    during = browser.requests(since)

    # Downloads: the problems CSV is 'validate --format csv'; the tables are the report's.
    browser.evaluate("document.getElementById('download-problems').click(); true")
    browser.evaluate("document.getElementById('download-report').click(); true")
    browser.evaluate("document.querySelector('[data-table=decisions] button').click(); true")
    for button in ("csv", "ics", "json"):
        browser.evaluate(f"document.getElementById('download-worklist-{button}').click(); true")
    for suffix in ("csv", "ics", "json"):
        _, expected_text, _ = _command(
            "worklist", "--as-of", AS_AT, "--redact", "--authority", council, "--format", suffix,
            *(f.name for f in files), cwd=tmp_path / "files",
        )  # fmt: skip
        assert _downloaded(browser, f"worklist-{AS_AT}.{suffix}") == expected_text
    problems_csv = _downloaded(browser, "problems.csv")
    _, expected_csv, _ = _command(
        "validate", "--format", "csv", "--as-of", AS_AT, *(f.name for f in files),
        cwd=tmp_path / "files",
    )  # fmt: skip
    assert problems_csv == expected_csv
    assert len(list(csv.reader(io.StringIO(problems_csv)))) == len(expected) + 1
    assert json.loads(_downloaded(browser, "report.json")) == report
    table = next(t for t in report["tables"] if t["name"] == "decisions")
    rows = list(csv.reader(io.StringIO(_downloaded(browser, "decisions.csv"))))
    assert rows[0] == table["columns"]
    assert rows[1:] == [["" if v is None else str(v) for v in row] for row in table["rows"]]

    # No request of any kind while the files were checked, explained and reported on,
    # and none to the network (only the page's own blob: downloads) after load.
    assert during == []
    assert all(url.startswith("blob:") for url in browser.requests(checked_at))
    assert browser.workers, "the worker was not seen, so its requests were not watched"


def _downloaded(browser: Any, name: str) -> str:
    path = browser.downloads / name
    browser.wait_for_file(path)
    return path.read_bytes().decode("utf-8")  # as written (an .ics file has CRLF lines)


def test_after_load_the_policy_forbids_every_request(browser):
    """The page and its worker cannot fetch anything, even from the page's own server."""
    page = browser.evaluate(
        "fetch('manifest.json').then(() => 'sent', (e) => 'blocked: ' + e.message)"
    )
    assert page.startswith("blocked")
    policies = browser.evaluate(
        "[...document.querySelectorAll('meta[http-equiv=Content-Security-Policy]')]"
        ".map(m => m.content)"
    )
    assert policies[-1].startswith("default-src 'none'")
    (worker,) = browser.workers
    attempt = browser.evaluate_in(
        worker,
        "(() => { try { const r = new XMLHttpRequest(); r.open('GET', '/manifest.json', false);"
        " r.send(); return 'sent ' + r.status; } catch (e) { return 'blocked: ' + e.name; } })()",
    )
    assert attempt.startswith("blocked")


def test_home_office_payloads_show_what_the_import_command_reports(browser, tmp_path):
    files = _copy([EXAMPLES / "home-office" / "payloads.json"], tmp_path / "files")
    _check(browser, files, kind="home-office", as_at="2026-05-01")
    _, _, err = _command(
        "import", "home-office", "payloads.json", "--submitted-on", "2026-05-01",
        "--format", "json", cwd=tmp_path / "files",
    )  # fmt: skip
    lines = [json.loads(line) for line in err.splitlines()]
    assert browser.evaluate(_ROWS) == _flatten(lines[:-1])
    assert f"{lines[-1]['summary']['records']} records" in browser.evaluate(
        "document.getElementById('summary').textContent"
    )


_LOW_CONTRAST = """(() => {
  const luminance = (colour) => {
    const [r, g, b] = colour.match(/[0-9.]+/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (element) => {
    for (let e = element; e; e = e.parentElement) {
      const colour = getComputedStyle(e).backgroundColor;
      if (colour !== 'transparent' && !/, 0\\)$/.test(colour)) return colour;
    }
    return 'rgb(255, 255, 255)';
  };
  const low = [];
  for (const e of document.querySelectorAll('body *')) {
    const text = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!text || !e.getClientRects().length || e.disabled) continue;
    const a = luminance(getComputedStyle(e).color), b = luminance(background(e));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) low.push(`${e.tagName}#${e.id}.${e.className}: ${ratio.toFixed(2)}`);
  }
  return low;
})()"""


def test_text_has_aa_contrast_with_its_background(browser):
    """WCAG 2.1 AA (4.5:1) for every piece of text shown, results included."""
    _check(browser, [EXAMPLES / "valid" / "cases.jsonl", EXAMPLES / "invalid" / "bad-domain.json"])
    assert browser.evaluate("document.querySelectorAll('#problems tbody tr').length") > 0
    assert browser.evaluate(_LOW_CONTRAST) == []


def test_every_control_has_a_label_and_the_keyboard_reaches_it(browser):
    unlabelled = browser.evaluate(
        "[...document.querySelectorAll('input, select, button')]"
        ".filter(e => !(e.labels && e.labels.length) && !e.textContent.trim()"
        " && !e.getAttribute('aria-label')).map(e => e.id || e.outerHTML)"
    )
    assert unlabelled == []
    reached = []
    browser.evaluate("document.activeElement.blur(); true")
    for _ in range(15):
        browser.press_tab()
        reached.append(browser.evaluate("document.activeElement.id"))
    for control in ("as-at", "council", "kind-cases", "files", "check"):
        assert control in reached
    assert browser.evaluate("document.documentElement.lang") == "en-GB"
