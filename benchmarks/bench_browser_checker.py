"""Time to first result of the browser checker (web/), cold and warm, in headless Chromium.

    python benchmarks/bench_browser_checker.py [FILE] [--build DIR]

Builds the checker (web/build.py) unless --build names a built folder, serves it on
127.0.0.1 and, for a cold load (new browser profile: nothing cached) and then a warm one
(the same profile, reloaded), measures: the page's load until the checker is ready, the
check of FILE (default: the bundled synthetic file) until its problems are shown, and the
report drawn after them. Alongside the command line's time for the same file. While the
check runs, a timer on the page's own thread records its longest gap (the page stays
responsive if that stays small) and every status line shown (the progress).

Needs Chromium, npm and the 'web' extra; run by hand, never in CI.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "web"))

import build  # noqa: E402
import cdp  # noqa: E402
import page_actions  # noqa: E402
import serve  # noqa: E402

WATCH = """(() => {
  window.benchGap = 0; window.benchStatus = [];
  let last = performance.now();
  window.benchTimer = setInterval(() => {
    const now = performance.now(); window.benchGap = Math.max(window.benchGap, now - last);
    last = now;
  }, 20);
  new MutationObserver(() => window.benchStatus.push(
    document.getElementById('status-text').textContent)).observe(
    document.getElementById('status-text'), {childList: true, characterData: true, subtree: true});
  return true;
})()"""


def run(browser: cdp.Browser, url: str, data: Path, as_at: str) -> dict[str, float | int]:
    began = time.monotonic()
    browser.open(url)
    page_actions.wait_ready(browser, timeout=600)
    ready = time.monotonic() - began
    page_actions.choose(browser, [data], as_at=as_at)
    browser.evaluate(WATCH)
    began = time.monotonic()
    browser.evaluate("document.getElementById('check').click(); true")
    browser.wait_for(
        "Number(document.body.dataset.checked || 0) > 0 || /could not/.test("
        "document.getElementById('status-text').textContent)",
        timeout=1200,
    )
    shown = time.monotonic() - began
    browser.wait_for("document.querySelector('#report .report-table') !== null", timeout=1200)
    reported = time.monotonic() - began
    status = browser.evaluate("document.getElementById('status-text').textContent")
    if not status.startswith("Checked in"):
        raise SystemExit(status)
    gap = browser.evaluate("clearInterval(window.benchTimer); window.benchGap")
    updates = browser.evaluate("window.benchStatus.filter(s => /records read/.test(s)).length")
    return {"ready": ready, "first_result": shown, "with_report": reported, "gap_ms": gap,
            "progress_updates": updates}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path,
                        default=ROOT / "examples/data/synthetic/cases.jsonl")  # fmt: skip
    parser.add_argument("--build", type=Path, help="a built checker (default: build one)")
    parser.add_argument("--as-at", default="2026-09-30")
    args = parser.parse_args()
    executable = cdp.find_chromium()
    if executable is None:
        raise SystemExit("Chromium is not installed")
    with tempfile.TemporaryDirectory() as scratch:
        site = args.build or build.build(Path(scratch) / "site")
        httpd = serve.server(site)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{httpd.server_address[1]}/"
        records = sum(1 for line in args.file.open("rb") if line.strip())
        version = subprocess.run([executable, "--version"], capture_output=True, text=True)
        print(
            f"{args.file.name}: {records:,} records, {args.file.stat().st_size / 1e6:.1f} MB; "
            f"{version.stdout.strip()}; {platform.machine()}, "
            f"Python {platform.python_version()} (command line)"
        )
        command = [sys.executable, "-m", "nrm_core", "validate", "--format", "json"]
        began = time.monotonic()
        subprocess.run([*command, "--as-of", args.as_at, str(args.file)],
                       capture_output=True, check=False)  # fmt: skip
        print(f"command line: nrm-core validate --format json: {time.monotonic() - began:.1f} s")
        with cdp.Browser(executable) as browser:
            for label in ("cold", "warm"):
                figures = run(browser, url, args.file, args.as_at)
                print(
                    f"{label}: ready {figures['ready']:.1f} s; problems shown "
                    f"{figures['first_result']:.1f} s after 'Check files' "
                    f"(first result {figures['ready'] + figures['first_result']:.1f} s after "
                    f"opening); report {figures['with_report']:.1f} s; longest pause of the "
                    f"page's thread {figures['gap_ms']:.0f} ms; "
                    f"{figures['progress_updates']} progress updates"
                )
        httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
