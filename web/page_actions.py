"""What a person does on the checker's page, as DevTools-protocol steps (``web/cdp.py``):
shared by the browser test and the screenshot script, so both use the page the same way."""

from __future__ import annotations

from pathlib import Path

from cdp import Browser

STATUS = "document.getElementById('status-text').textContent"


def wait_ready(browser: Browser, *, timeout: float = 180) -> None:
    """Wait until the checker has loaded (Python started, nrm_core imported)."""
    browser.wait_for("document.body && document.body.dataset.ready === 'true'", timeout=timeout)


def enter(browser: Browser, control: str, value: str) -> None:
    """Set a field or filter as a person would, firing its input and change events."""
    browser.evaluate(
        f"(() => {{ const e = document.getElementById('{control}'); e.value = '{value}';"
        " e.dispatchEvent(new Event('input')); e.dispatchEvent(new Event('change'));"
        " return true; })()"
    )


def choose(browser: Browser, files: list[Path], *, kind: str = "cases", as_at: str) -> None:
    """Fill in the form: the as-at date (and submitted-on date), what the files hold, the files."""
    enter(browser, "as-at", as_at)
    enter(browser, "submitted-on", as_at)
    browser.evaluate(f"document.getElementById('kind-{kind}').click(); true")
    browser.choose_files("#files", files)


def check(browser: Browser, *, timeout: float = 600) -> str:
    """Press "Check files" and wait for the result (and the report under it); returns the
    status line. Raises if the page says the files could not be checked."""
    before = browser.evaluate("Number(document.body.dataset.checked || 0)")
    browser.evaluate("document.getElementById('check').click(); true")
    browser.wait_for(
        f"Number(document.body.dataset.checked || 0) > {before} || /could not/.test({STATUS})",
        timeout=timeout,
    )
    status: str = browser.evaluate(STATUS)
    if not status.startswith("Checked in"):
        raise AssertionError(status)
    browser.wait_for("document.querySelector('#report .report-table') !== null", timeout=timeout)
    browser.wait_for("document.querySelector('#worklist p') !== null", timeout=timeout)
    return status


def choose_council(browser: Browser, code: str) -> None:
    """Choose the council ``code`` and wait for the worklist to show its cases."""
    browser.evaluate("document.getElementById('worklist').replaceChildren(); true")
    enter(browser, "council", code)
    browser.wait_for(f"/{code}/.test(document.querySelector('#worklist p')?.textContent)")


def explain(browser: Browser, case_id: str) -> str:
    """Ask for the explanation of ``case_id``; returns the text shown."""
    browser.evaluate("document.getElementById('explanation').hidden = true; true")
    enter(browser, "case-id", case_id)
    browser.evaluate("document.querySelector('#explain-form button').click(); true")
    text: str = browser.wait_for(
        "!document.getElementById('explanation').hidden && "
        "document.getElementById('explanation').textContent"
    )
    return text
