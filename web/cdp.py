"""A small client of the Chrome DevTools protocol, for the checker's test and screenshots.

Starts headless Chromium (Debian's ``chromium``) with a new, empty profile, opens a page
and drives it: evaluate JavaScript, choose files for a file input, take screenshots at a
given width, and record every network event of the page and of its workers (workers are
attached automatically, so a request made by the page's Web Worker is seen too). Needs
the ``websockets`` package (the ``web`` extra).
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=en-GB",
    "--remote-debugging-port=0",
)
NETWORK_EVENTS = ("Network.requestWillBeSent", "Network.webSocketCreated")


def find_chromium() -> str | None:
    """Chromium's path, or ``None`` when it is not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class CdpError(Exception):
    """The browser answered a command with an error, or did not answer in time."""


class Browser:
    """Headless Chromium and one page in it, driven over the DevTools protocol."""

    def __init__(self, executable: str, *, width: int = 1280, height: int = 900) -> None:
        self._profile = tempfile.TemporaryDirectory(
            prefix="nrm-chromium-", ignore_cleanup_errors=True
        )
        self.downloads = Path(self._profile.name) / "downloads"
        self.downloads.mkdir()
        self._process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []
        """Every event received (``method``, ``params``, ``sessionId``), in order."""
        self._closing = contextlib.ExitStack()
        self.workers: set[str] = set()
        """The sessions of the page's workers (attached automatically)."""
        try:
            self._socket = self._connect()
            self._start(width, height)
        except BaseException:
            self._stop()
            raise

    def _start(self, width: int, height: int) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for method in ("Page.enable", "Runtime.enable", "Network.enable"):
            self.send(method, session=self.session)
        self.send(
            "Target.setAutoAttach",
            {"autoAttach": True, "waitForDebuggerOnStart": False, "flatten": True},
            session=self.session,
        )
        self.send(
            "Browser.setDownloadBehavior",
            {"behavior": "allow", "downloadPath": str(self.downloads), "eventsEnabled": True},
        )
        self.set_width(width, height)

    def _connect(self) -> ClientConnection:
        port_file = Path(self._profile.name) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or len(port_file.read_text().splitlines()) < 2:
            if time.monotonic() > deadline or self._process.poll() is not None:
                raise CdpError("Chromium did not start (no DevToolsActivePort)")
            time.sleep(0.05)
        port, path = port_file.read_text().splitlines()[:2]
        socket = connect(f"ws://127.0.0.1:{port}{path}", max_size=None, open_timeout=30)
        return self._closing.enter_context(socket)

    def _receive(self, timeout: float) -> dict[str, Any]:
        message: dict[str, Any] = json.loads(self._socket.recv(timeout=timeout))
        if "method" in message:
            self.events.append(message)
            params = message["params"]
            if message["method"] == "Target.attachedToTarget" and params["targetInfo"][
                "type"
            ].endswith("worker"):  # the page's worker: watch its requests too
                session = params["sessionId"]
                self.workers.add(session)
                for method in ("Network.enable", "Runtime.runIfWaitingForDebugger"):
                    self._post(method, {}, session)
        return message

    def _post(self, method: str, params: dict[str, Any], session: str | None) -> int:
        ident = next(self._ids)
        message: dict[str, Any] = {"id": ident, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        self._socket.send(json.dumps(message))
        return ident

    def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        session: str | None = None,
        timeout: float = 120,
    ) -> dict[str, Any]:
        """Send a command and wait for its answer (events meanwhile are recorded)."""
        ident = self._post(method, params or {}, session)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CdpError(f"{method}: no answer in {timeout} s")
            message = self._receive(left)
            if message.get("id") == ident:
                if "error" in message:
                    raise CdpError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    def evaluate(self, expression: str, *, timeout: float = 120) -> Any:
        """The value of a JavaScript expression in the page (promises are awaited)."""
        return self.evaluate_in(self.session, expression, timeout=timeout)

    def evaluate_in(self, session: str, expression: str, *, timeout: float = 120) -> Any:
        """The value of a JavaScript expression in ``session`` (the page or a worker)."""
        answer = self.send(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            session=session,
            timeout=timeout,
        )
        if "exceptionDetails" in answer:
            raise CdpError(f"{expression[:60]}: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def wait_for(self, expression: str, *, timeout: float = 180) -> Any:
        """Poll ``expression`` until it is truthy; returns its value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise CdpError(f"timed out after {timeout} s waiting for {expression}")

    def wait_for_file(self, path: Path, *, timeout: float = 30) -> None:
        """Wait until the download of ``path``'s name (in :attr:`downloads`) has completed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            began = {
                e["params"]["guid"]
                for e in self.events
                if e["method"] == "Browser.downloadWillBegin"
                and e["params"]["suggestedFilename"] == path.name
            }
            if path.exists() and any(
                e["method"] == "Browser.downloadProgress"
                and e["params"]["state"] == "completed"
                and e["params"]["guid"] in began
                for e in self.events
            ):
                return
            self.send("Browser.getVersion")  # receive the events meanwhile
            time.sleep(0.1)
        raise CdpError(f"{path.name} was not downloaded in {timeout} s")

    def press_tab(self) -> None:
        """Press the Tab key, as a keyboard user moves to the next control."""
        for kind in ("rawKeyDown", "keyUp"):
            self.send(
                "Input.dispatchKeyEvent",
                {"type": kind, "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9},
                session=self.session,
            )

    def open(self, url: str) -> None:
        self.send("Page.navigate", {"url": url}, session=self.session)

    def choose_files(self, selector: str, paths: list[Path]) -> None:
        """Choose ``paths`` in the file input ``selector`` (fires its change event)."""
        root = self.send("DOM.getDocument", session=self.session)["root"]["nodeId"]
        node = self.send(
            "DOM.querySelector", {"nodeId": root, "selector": selector}, session=self.session
        )["nodeId"]
        self.send(
            "DOM.setFileInputFiles",
            {"files": [str(p.resolve()) for p in paths], "nodeId": node},
            session=self.session,
        )

    def set_width(self, width: int, height: int = 900) -> None:
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
            session=self.session,
        )

    def screenshot(self, path: Path, *, full_page: bool = True) -> None:
        """A PNG of the page (the whole page, not only the window, by default)."""
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full_page}
        if full_page:
            size = self.send("Page.getLayoutMetrics", session=self.session)["cssContentSize"]
            params["clip"] = {
                "x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1,
            }  # fmt: skip
        data = self.send("Page.captureScreenshot", params, session=self.session)["data"]
        path.write_bytes(base64.b64decode(data))

    def requests(self, since: int = 0) -> list[str]:
        """The URLs of every request (or WebSocket) the page and its workers began after
        event number ``since`` (see :attr:`events`)."""
        found = []
        for event in self.events[since:]:
            if event.get("method") in NETWORK_EVENTS:
                params = event["params"]
                found.append(params.get("request", {}).get("url") or params.get("url", "?"))
        return found

    def close(self) -> None:
        try:
            self._closing.close()
        finally:
            self._stop()

    def _stop(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._profile.cleanup()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
