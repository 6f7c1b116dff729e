"""Serve the built checker on this computer only, for a try.

    python web/serve.py [DIR] [--port 8000]     (then open http://127.0.0.1:8000/)

Listens on 127.0.0.1 (never another address). Each response carries the page's
load-time Content-Security-Policy as a header too (with ``frame-ancestors 'none'``,
which a ``<meta>`` policy cannot say), ``X-Content-Type-Options: nosniff`` and
``Referrer-Policy: no-referrer``; ``.mjs`` is served as JavaScript and ``.wasm`` as
``application/wasm``. Any static web server can host the folder: set the same headers.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import sys
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parent / "_build" / "site"
POLICY = (
    "default-src 'none'; script-src 'self' blob: 'wasm-unsafe-eval'; worker-src blob:; "
    "connect-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; "
    "form-action 'none'; object-src 'none'; frame-ancestors 'none'"
)


class CheckerHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the checker's security headers, and no request logging."""

    extensions_map = {  # noqa: RUF012 (the base class's attribute)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".whl": "application/octet-stream",
        ".py": "text/plain",
        ".json": "application/json",
    }

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser that went away
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def server(directory: Path, port: int = 0) -> http.server.ThreadingHTTPServer:
    """A server of ``directory`` on 127.0.0.1 (``port`` 0: any free port)."""
    handler = functools.partial(CheckerHandler, directory=str(directory))
    return _Server(("127.0.0.1", port), handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR, metavar="DIR")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if not (args.directory / "manifest.json").exists():
        print(f"web/serve.py: {args.directory} is not a built checker: run web/build.py first",
              file=sys.stderr)  # fmt: skip
        return 2
    httpd = server(args.directory, args.port)
    print(f"Serving the checker at http://127.0.0.1:{httpd.server_address[1]}/ (Ctrl+C stops)")
    with contextlib.suppress(KeyboardInterrupt):
        httpd.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
