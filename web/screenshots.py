"""Screenshots of each step of the browser checker, for the how-to "Check a file in your browser".

    python web/screenshots.py [OUT] [--build DIR]     (default OUT: docs/howto/browser)

Builds the checker (unless --build names a built folder), opens it in headless Chromium
and goes through the steps a person takes with the bundled example files, at 1280 and
390 pixels wide: the page ready, the form filled in, the problems, the problems filtered
by code, a case explained, a council's worklist, and the report's tables. Each is a PNG
of the window with the step's part of the page scrolled into view:
``OUT/NN-step-WIDTH.png``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path

import build
import cdp
import page_actions
import serve

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "data"
FILES = [
    EXAMPLES / "valid" / "cases.jsonl",
    EXAMPLES / "invalid" / "more-problems.jsonl",
    EXAMPLES / "invalid" / "bad-referrals.csv",
]
WIDTHS = {1280: 800, 390: 844}
AS_AT = "2026-09-30"


def _show(browser: cdp.Browser, selector: str) -> None:
    browser.evaluate(
        f"document.querySelector('{selector}').scrollIntoView({{block: 'start'}});"
        "window.scrollBy(0, -10); true"
    )


def steps(browser: cdp.Browser, url: str, out: Path, width: int) -> list[Path]:
    """Go through the page once at ``width``; returns the screenshots written."""
    browser.set_width(width, WIDTHS[width])
    browser.open(url)
    page_actions.wait_ready(browser)
    written: list[Path] = []

    def shot(name: str, selector: str) -> None:
        _show(browser, selector)
        path = out / f"{len(written) + 1:02d}-{name}-{width}.png"
        browser.screenshot(path, full_page=False)
        written.append(path)

    shot("ready", "body")
    page_actions.choose(browser, FILES, as_at=AS_AT)
    page_actions.enter(browser, "council", "E06000010")  # Kingston upon Hull, changed later
    shot("files-chosen", "#check-form h2:nth-of-type(2)")
    page_actions.check(browser)
    shot("problems", "#results-heading")
    page_actions.enter(browser, "filter-code", "route-differs")
    shot("filtered", "#results-heading")
    page_actions.enter(browser, "filter-code", "")
    page_actions.explain(browser, "R-2026-0001")
    shot("explained", "#explain-heading")
    page_actions.choose_council(browser, "W06000015")  # Cardiff
    shot("worklist", "#worklist-heading")
    shot("report", "#report-heading")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "docs/howto/browser")
    parser.add_argument("--build", type=Path, help="a built checker (default: build one)")
    args = parser.parse_args(argv)
    executable = cdp.find_chromium()
    if executable is None:
        print("web/screenshots.py: Chromium is not installed", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        site = args.build or build.build(Path(scratch) / "site")
        httpd = serve.server(site)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{httpd.server_address[1]}/"
        try:
            with cdp.Browser(executable) as browser:
                for width in WIDTHS:
                    for path in steps(browser, url, args.out, width):
                        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        finally:
            httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
