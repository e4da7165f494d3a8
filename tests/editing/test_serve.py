"""`kindreflex serve` in a real headless Chromium: live reload, errors in the page, recovery."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from kindreflex.editing.live_state import PageKey, page_path, parse_page_path

from ..helpers import REPO

FRAMEWORK = Path("frameworks/handelingskader.yaml")
TIMEOUT_MS = 10_000


class Server:
    """A `kindreflex serve` process on a free port, on a copy of the shipped project.

    Whatever happens, the process does not outlive the test: a process that does not stop
    when asked is killed (and the test fails).
    """

    def __init__(self, root: Path, preexec_fn: Callable[[], object] | None = None) -> None:
        self.root = root
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kindreflex", "serve", "--root", str(root), "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=preexec_fn)
        try:
            assert self.process.stdout is not None
            first = self.process.stdout.readline()
            match = re.search(r"at (http://127\.0\.0\.1:\d+/)", first)
            assert match, first
        except BaseException:
            self.kill()
            raise
        self.url = match.group(1)

    def stop(self, signal_number: int = signal.SIGINT, timeout: float = 10) -> tuple[int, str]:
        """Send `signal_number` and wait for the process to end: (exit code, its output)."""
        self.process.send_signal(signal_number)
        try:
            output, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        return self.process.returncode, output

    def kill(self) -> None:
        """End the process for certain (and reap it)."""
        self.process.kill()
        self.process.communicate()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    root = tmp_path / "root"
    shutil.copytree(REPO / "frameworks", root / "frameworks")
    running = Server(root)
    yield running
    if running.process.poll() is None:
        running.kill()



def step_title(page: Page, step_id: str) -> str:
    return page.locator(f"#step-{step_id} .step-title").first.inner_text()


def test_edit_break_and_fix_show_in_the_open_page(server: Server, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(server.url + "nl/sport.html")
    shown = step_title(page, "noteren").splitlines()[-1]
    page.evaluate("() => { window.updates = 0; "
                  "document.addEventListener('kr-updated', () => window.updates++); }")

    framework = server.root / FRAMEWORK
    original = framework.read_text(encoding="utf-8")
    assert f'nl: "{shown}"' in original, "the page shows the framework's own title"
    edited = original.replace(f'nl: "{shown}"', 'nl: "Schrijf alles meteen op"', 1)
    framework.write_text(edited, encoding="utf-8")
    page.wait_for_function(
        "() => document.body.innerText.includes('Schrijf alles meteen op')", timeout=TIMEOUT_MS)
    assert page.evaluate("() => window.updates") >= 1, "the page updated itself"

    framework.write_text(edited.replace("steps:\n", "steps:\n  - [oeps\n", 1), encoding="utf-8")
    page.wait_for_selector("#kr-errors", timeout=TIMEOUT_MS)
    assert "frameworks/handelingskader.yaml:" in page.inner_text("pre")
    assert "error[yaml-syntax]" in page.inner_text("pre")

    framework.write_text(edited, encoding="utf-8")
    page.wait_for_function(
        "() => document.body.innerText.includes('Schrijf alles meteen op')", timeout=TIMEOUT_MS)
    assert page.locator("#kr-errors").count() == 0
    code, output = server.stop()
    assert code == 0
    assert "Traceback" not in output


def test_untouched_pages_are_not_reloaded(server: Server, browser: Browser) -> None:
    sport, culture = browser.new_page(), browser.new_page()
    sport.goto(server.url + "nl/sport.html")
    culture.goto(server.url + "nl/cultuur.html")
    culture.evaluate("() => { window.updates = 0; "
                     "document.addEventListener('kr-updated', () => window.updates++); }")
    overlay = server.root / "frameworks" / "sectors" / "sport.yaml"
    text = overlay.read_text(encoding="utf-8")
    overlay.write_text(text.replace('nl: "de club"', 'nl: "de sportclub"', 1), encoding="utf-8")
    sport.wait_for_function("() => document.body.innerText.includes('de sportclub')",
                            timeout=TIMEOUT_MS)
    culture.wait_for_timeout(500)
    assert culture.evaluate("() => window.updates") == 0


def test_pdf_is_available_from_the_page(server: Server, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(server.url + "en/jeugdwerk.html")
    href = page.locator(".kr-preview-bar a", has_text="PDF").get_attribute("href")
    assert href == "/en/jeugdwerk.pdf"
    response = page.request.get(server.url.rstrip("/") + href)
    assert response.status == 200
    assert response.body().startswith(b"%PDF-")


def test_ctrl_c_stops_cleanly(server: Server) -> None:
    code, output = server.stop()
    assert code == 0
    assert "stopping" in output
    assert "Traceback" not in output


def test_page_paths_round_trip() -> None:
    for key in [PageKey("nl", "sport", None), PageKey("en", "jeugdwerk", "lockdown"),
                PageKey("fr", "cultuur", "lockdown", "card-sheet"),
                PageKey("nl", "sport", None, "card")]:
        assert parse_page_path(page_path(key)) == (key, "html")
        assert parse_page_path(page_path(key, "pdf")) == (key, "pdf")
    assert page_path(PageKey("nl", "sport", "lockdown", "card")) == "/nl/sport+lockdown-card.html"
    assert parse_page_path("/../etc/passwd") is None
    assert parse_page_path("/nl/sport.exe") is None
    assert parse_page_path("/nl/-card.html") is None


def test_missing_translation_falls_back_and_is_marked(tmp_path: Path, browser: Browser) -> None:
    root = tmp_path / "root"
    shutil.copytree(REPO / "frameworks", root / "frameworks")
    framework = root / FRAMEWORK
    text = framework.read_text(encoding="utf-8")
    french = re.search(r'\n\s+fr: "Notez ce que vous voyez[^"]*"', text)
    assert french, "the French title of step noteren changed; update this test"
    framework.write_text(text.replace(french.group(0), "", 1), encoding="utf-8")
    running = Server(root)
    try:
        page = browser.new_page()
        page.goto(running.url + "fr/sport.html")
        marked = page.locator("#step-noteren span[lang='nl']").first
        assert "Schrijf op" in marked.inner_text()
        style = marked.evaluate("e => getComputedStyle(e).outlineStyle")
        assert style == "dashed"
    finally:
        running.kill()
