"""Check the built HTML docs as a reader's browser would see them.

Run after an HTML build:  python docs/check_pages.py docs/_build/html

* No page is over 400 KB, and no page loads a script or stylesheet from another host
  (the docs must render with no network).
* In headless Chromium (Debian's ``chromium`` package), the key pages draw their diagrams
  as SVG at a readable size: each diagram has shapes, is at least 300 px wide (or its
  full size, if smaller), and its 12 px text is drawn at 8 px or more. Where Chromium
  is not installed this part is skipped with a message saying so (the exit status is
  still 0).
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

MAX_PAGE_BYTES = 400_000
KEY_PAGES = {
    "reference/_generated/lifecycle.html": 7,  # the main flow and six topics
    "reference/_generated/parameters.html": 16,  # at least this many timelines
}
MIN_WIDTH_PX = 300
MIN_TEXT_PX = 8.0
_REMOTE = re.compile(r"<(?:script|link)[^>]+(?:src|href)=\"(?:https?:)?//", re.IGNORECASE)

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
  document.getElementById("out").textContent = JSON.stringify(found);
});
</script></body></html>"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built pages without logging each request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


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


def _browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def render_problems(build: Path, browser: str) -> list[str]:
    """Open each key page in headless Chromium and measure its diagrams."""
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        handler = functools.partial(_QuietHandler, directory=str(build.resolve()))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            for page, expected in KEY_PAGES.items():
                harness = build / "_check_harness.html"
                harness.write_text(_HARNESS % page, encoding="utf-8")
                url = f"http://127.0.0.1:{server.server_address[1]}/_check_harness.html"
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
                drawn = json.loads(match.group(1).replace("&quot;", '"'))
                if len(drawn) < expected:
                    problems.append(f"{page}: {len(drawn)} diagrams drawn, expected {expected}")
                for index, svg in enumerate(drawn):
                    text_px = 12 * svg["scale"]
                    natural = svg["width"] / svg["scale"] if svg["scale"] else 0
                    if svg["width"] < min(MIN_WIDTH_PX, natural) or svg["shapes"] == 0:
                        problems.append(f"{page}: diagram {index} is {svg['width']:.0f} px wide")
                    elif text_px < MIN_TEXT_PX:
                        problems.append(
                            f"{page}: diagram {index}'s text is drawn at {text_px:.1f} px"
                        )
                print(
                    f"{page}: {len(drawn)} SVG diagrams drawn, smallest text "
                    f"{min((12 * s['scale'] for s in drawn), default=0):.1f} px"
                )
        finally:
            server.shutdown()
    return problems


def main() -> int:
    build = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/_build/html")
    problems = page_problems(build)
    pages = len(list(build.rglob("*.html")))
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
        return 1
    print(f"{pages} pages: none over {MAX_PAGE_BYTES // 1000} KB, none loads from the network.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
