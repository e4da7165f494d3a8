"""The preview serves every layout (page and PDF), switches between them from its bar, says in
its index what each layout is for, and shows every error with its code frame, its place a
link into the editor."""

from __future__ import annotations

import http.client
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser

from kindreflex.editing.error_page import DEFAULT_EDITOR_URL
from kindreflex.editing.live_state import HISTORY_LENGTH, PageKey, Preview, page_path
from kindreflex.editing.preview_server import check_editor_url, make_server
from kindreflex.errors import UsageError
from kindreflex.layouts import LAYOUTS

from ..helpers import MINI, TESTS, copy_project
from ..lines import resolve_lines, without_frame_numbers
from ..test_invalid_inputs import prepare, spec_of

TIMEOUT_MS = 10_000


@dataclass
class Served:
    root: Path
    preview: Preview
    url: str

    def connection(self, timeout: float) -> http.client.HTTPConnection:
        """A connection to the preview."""
        host, port = self.url.removeprefix("http://").rstrip("/").split(":")
        return http.client.HTTPConnection(host, int(port), timeout=timeout)

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        connection = self.connection(timeout=120)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()


@contextmanager
def serving(root: Path, editor_url: str = DEFAULT_EDITOR_URL) -> Iterator[Served]:
    """The preview of `root` on a free port, in this process; stopped on the way out."""
    preview = Preview(root)
    preview.reload()
    stopping = threading.Event()
    server = make_server(preview, "127.0.0.1", 0, stopping, editor_url=editor_url)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield Served(root, preview, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# Its module fixture is dear: every test here runs on one worker (make test: --dist loadgroup),
# so it is made once, not once per worker.
pytestmark = pytest.mark.xdist_group("serve-layouts")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = copy_project(MINI, tmp_path_factory.mktemp("layouts") / "root")
    with serving(root) as running:
        yield running


# A sector, with a context, in the framework's second language.
PAGES = [PageKey("en", "sport", "lockdown", name) for name in LAYOUTS]


@pytest.mark.parametrize("key", PAGES, ids=[key.layout for key in PAGES])
def test_every_layout_has_its_page_and_its_pdf(served: Served, key: PageKey) -> None:
    status, headers, body = served.get(page_path(key))
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode()
    assert f"layout-{key.layout}" in page and 'lang="en"' in page
    assert 'class="kr-preview-bar"' in page and "new EventSource" in page
    status, headers, pdf = served.get(page_path(key, "pdf"))
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert pdf.startswith(b"%PDF-")


def test_an_unknown_layout_is_not_found(served: Served) -> None:
    assert served.get("/en/sport-flyer.html")[0] == 404
    assert served.get("/en/sport-card-sheet-card.html")[0] == 404


def test_the_index_says_what_each_layout_is_for_in_each_language(served: Served) -> None:
    status, _headers, body = served.get("/")
    page = body.decode()
    assert status == 200
    for name in LAYOUTS:
        assert f'href="{page_path(PageKey("en", "sport", "lockdown", name))[1:]}"' in page
        assert f'href="{page_path(PageKey("nl", "sport", None, name), "pdf")[1:]}"' in page
    # Each layout's line of the registry, in English and in Dutch (the catalogs).
    assert "For the pocket: acute danger, the steps, whom to tell and the helplines." in page
    assert "Voor op zak: acuut gevaar, de stappen" in page


def test_the_switcher_links_every_layout_of_the_same_plan(served: Served,
                                                          browser: Browser) -> None:
    page = browser.new_page()
    page.goto(served.url + "en/sport+lockdown.html")
    for name, spec in LAYOUTS.items():
        page.locator(".kr-layouts a", has_text=spec.label).first.click()
        page.wait_for_url(served.url + page_path(PageKey("en", "sport", "lockdown", name))[1:],
                          timeout=TIMEOUT_MS)
        assert page.evaluate("() => document.documentElement.className").split().count(
            f"layout-{name}") == 1
        current = page.locator(".kr-layouts a[aria-current=page]")
        assert current.count() == 1 and current.inner_text() == spec.label
    # The language links keep the layout; the PDF link is this layout's.
    assert page.locator(".kr-languages a", has_text="nl").get_attribute("href") == \
        "/nl/sport+lockdown-poster.html"
    assert page.locator(".kr-preview-bar a", has_text="PDF").get_attribute("href") == \
        "/en/sport+lockdown-poster.pdf"


def test_a_card_page_reloads_itself_when_its_sector_changes(tmp_path: Path,
                                                            browser: Browser) -> None:
    root = copy_project(MINI, tmp_path / "root")
    with serving(root) as running:
        page = browser.new_page()
        page.goto(running.url + "nl/sport-card.html")
        sport = root / "frameworks" / "sectors" / "sport.yaml"
        sport.write_text(sport.read_text().replace("{nl: de club,", "{nl: de sportclub,"))
        running.preview.reload()  # what the file watcher does on a save
        page.wait_for_function("() => document.body.innerText.includes('de sportclub')",
                               timeout=TIMEOUT_MS)
        assert page.evaluate("() => document.documentElement.className").count("layout-card")



def first_event(served: Served, path: str, headers: dict[str, str] | None = None) -> str:
    """The first event (not a comment) the preview sends on `path`."""
    connection = served.connection(timeout=TIMEOUT_MS / 1000)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        lines: list[str] = []
        while not (lines and lines[-1] == "" and any(line.startswith("data:") for line in lines)):
            lines.append(response.fp.readline().decode().rstrip("\n"))
        return "\n".join(line for line in lines if line and not line.startswith(":"))
    finally:
        connection.close()


def test_a_save_before_the_page_listens_is_not_missed(tmp_path: Path) -> None:
    root = copy_project(MINI, tmp_path / "root")
    with serving(root) as running:
        _status, _headers, body = running.get("/nl/sport-card.html")
        served_at = re.search(r'new EventSource\("/events\?since=(\d+)"\)', body.decode())
        assert served_at is not None, "the page names the version it was served at"
        sport = root / "frameworks" / "sectors" / "sport.yaml"
        sport.write_text(sport.read_text().replace("{nl: de club,", "{nl: de sportclub,"))
        running.preview.reload()  # saved before the page's listener connected
        event = first_event(running, f"/events?since={served_at[1]}")
        version = running.preview.version
        assert event == f'id: {version}\ndata: ["/nl/sport-card.html"]'
        # A browser that reconnects says the last version it was told of: nothing new since.
        sport.write_text(sport.read_text().replace("{nl: de sportclub,", "{nl: de club,"))
        running.preview.reload()
        assert first_event(running, "/events?since=0", {"Last-Event-ID": str(version)}) == \
            f'id: {version + 1}\ndata: ["/nl/sport-card.html"]'


def test_a_page_further_behind_than_the_history_reloads_whole(tmp_path: Path) -> None:
    preview = Preview(copy_project(MINI, tmp_path / "root"))
    preview.reload()
    assert preview.changed_since(preview.version) == frozenset()
    for _ in range(HISTORY_LENGTH):
        preview.reload()
    assert preview.changed_since(preview.version - HISTORY_LENGTH + 1) == frozenset()
    assert preview.changed_since(0) is None

# --- errors: the same code frame as the command line, the place a link into the editor -----

FRAME_CASES = sorted(p for p in (TESTS / "invalid").iterdir() if p.name.startswith("frame-"))


def cli_issues(case: Path, root: Path) -> list[str]:
    """The issues `validate` prints for a case (its expected output, without the count), with
    their line numbers found in the case's files under `root`."""
    expected = resolve_lines((case / "expected.txt").read_text(encoding="utf-8"), root)
    blocks = expected.split("\n\n")
    return [block for block in blocks if block.strip() and "error(s)" not in block]


@pytest.mark.parametrize("case", FRAME_CASES, ids=[c.name for c in FRAME_CASES])
def test_the_preview_shows_the_same_code_frame_as_validate(case: Path, tmp_path: Path,
                                                           browser: Browser) -> None:
    assert spec_of(case)["command"] == ["validate"]
    root = tmp_path / "root"
    prepare(case, root)
    with serving(root) as running:
        page = browser.new_page()
        page.goto(running.url + "nl/sport.html")
        page.wait_for_selector("#kr-errors", timeout=TIMEOUT_MS)
        shown = page.locator("pre.kr-issue").all_inner_texts()
        assert [without_frame_numbers(issue) for issue in shown] == cli_issues(case, root)
        link = page.locator("pre.kr-issue a.kr-open").first
        assert link.inner_text() == shown[0].split(": ", 1)[0]
        href = link.get_attribute("href")
        assert href is not None and href.startswith("/_open?")
        assert str(root) not in page.content()  # the page names no absolute path
        status, headers, _body = running.get(href)
    file, line, column = shown[0].split(": ", 1)[0].rsplit(":", 2)
    assert status == 302
    assert headers["Location"] == (f"vscode://file/{quote((root / file).resolve().as_posix())}"
                                   f":{line}:{column}")


def test_the_editor_link_follows_the_editor_url_template(tmp_path: Path) -> None:
    root = copy_project(MINI, tmp_path / "root")
    with serving(root, "idea://open?file={path}&line={line}") as running:
        status, headers, _ = running.get("/_open?file=frameworks/kader.yaml&line=7&column=3")
        assert status == 302
        kader = quote((root / "frameworks" / "kader.yaml").resolve().as_posix())
        assert headers["Location"] == f"idea://open?file={kader}&line=7"
        # Only a file the preview read, inside the root: nothing else has an address.
        for other in ("../../etc/passwd", "/etc/passwd", "frameworks", "frameworks/nope.yaml",
                      "frameworks/kader.yaml&line=x"):
            assert running.get(f"/_open?file={quote(other)}&line=1&column=1")[0] == 404, other


@pytest.mark.parametrize("template", ["no-placeholder", "vscode://file/{path}:{row}",
                                      "vscode://file/{path", "{path}"])
def test_a_bad_editor_url_is_refused(template: str) -> None:
    with pytest.raises(UsageError, match="--editor-url"):
        check_editor_url(template)
