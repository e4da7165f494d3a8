"""The preview server against hostile requests: Host names, unknown plans, traversal, load."""

from __future__ import annotations

import html
import http.client
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kindreflex.editing.error_page import redact
from kindreflex.editing.live_state import PageKey, Preview
from kindreflex.editing.preview_server import (
    BUSY_LIMIT,
    LISTEN_BACKLOG,
    allowed_hosts,
    host_name,
    make_server,
    serve,
)
from kindreflex.errors import UsageError
from kindreflex.render import shrink_to_fit
from kindreflex.render.pages import render_plan
from kindreflex.render.shrink_to_fit import Printed

from ..helpers import MINI
from ..lines import line_of


@dataclass
class Running:
    root: Path
    preview: Preview
    port: int
    pdfs: list[str]

    def get(self, path: str, host: str | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", host if host is not None else f"127.0.0.1:{self.port}")
            connection.endheaders()
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


def page_text(body: bytes) -> str:
    """The text a page shows (its tags left out): a place in a message is a link."""
    return html.unescape(re.sub(r"<[^>]+>", "", body.decode()))


@pytest.fixture
def running(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Running]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795824000")
    pdfs: list[str] = []

    def fake_print(plan: Any, lang: str, **options: Any) -> Printed:
        # The page as it would be printed, without WeasyPrint: these tests count renders.
        pdfs.append(render_plan(plan, lang, medium="print", **options))
        time.sleep(0.3)  # long enough for concurrent requests to meet
        return Printed(b"%PDF-1.7 " + str(len(pdfs)).encode())

    monkeypatch.setattr(shrink_to_fit, "print_plan", fake_print)
    root = tmp_path / "root"
    shutil.copytree(MINI, root)
    preview = Preview(root)
    preview.reload()
    stopping = threading.Event()
    server = make_server(preview, "127.0.0.1", 0, stopping, ("preview.lan",))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield Running(root, preview, server.server_address[1], pdfs)
    stopping.set()
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("header", "name"), [
    ("localhost:8000", "localhost"), ("127.0.0.1", "127.0.0.1"), ("[::1]:8000", "::1"),
    ("LOCALHOST.", "localhost"), ("evil.example:80", "evil.example"), ("", None),
    ("a:b:c", None), ("[::1", None), ("localhost:80x", None),
])
def test_host_names(header: str, name: str | None) -> None:
    assert host_name(header) == name


def test_bound_address_and_extra_names_are_allowed() -> None:
    assert allowed_hosts("127.0.0.1") == {"localhost", "127.0.0.1", "::1"}
    assert "192.168.1.5" in allowed_hosts("192.168.1.5")
    assert "0.0.0.0" not in allowed_hosts("0.0.0.0", ("[fe80::1]", "Preview.Lan"))
    assert {"fe80::1", "preview.lan"} <= allowed_hosts("0.0.0.0", ("[fe80::1]", "Preview.Lan"))


@pytest.mark.parametrize("host", ["evil.example", "localhost.evil.example",
                                  "127.0.0.1.nip.io", "attacker:8000", "", "127.0.0.2"])
def test_a_foreign_host_gets_400(running: Running, host: str) -> None:
    for path in ("/", "/nl/sport.html", "/nl/sport.pdf", "/events"):
        status, body = running.get(path, host)
        assert status == 400, (host, path)
        assert b"Handelingskader" not in body
    assert running.pdfs == []


def test_a_request_without_host_gets_400(running: Running,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    for _ in range(5):  # the client hangs up before the reply is read: no traceback either
        with socket.create_connection(("127.0.0.1", running.port), timeout=10) as connection:
            connection.sendall(b"GET /nl/sport.html HTTP/1.0\r\n\r\n")
            reply = connection.recv(12)
        assert reply.startswith(b"HTTP/1.0 400")
    time.sleep(0.2)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]", "preview.lan"])
def test_local_and_allowed_hosts_are_answered(running: Running, host: str) -> None:
    status, body = running.get("/nl/sport.html", f"{host}:{running.port}")
    assert status == 200 and b"<!DOCTYPE html>" in body


@pytest.mark.parametrize("path", ["/xx/sport.pdf", "/de/sport.pdf", "/xx/sport.html",
                                  "/nl/voetbal.pdf", "/nl/sport+winter.pdf", "/nl/.pdf",
                                  "/nl/sport+.pdf"])
def test_unknown_plans_are_404_and_render_nothing(running: Running, path: str) -> None:
    status, body = running.get(path)
    assert status == 404, body
    assert running.pdfs == []


@pytest.mark.parametrize("path", [
    "/../../etc/passwd", "/nl/../../../etc/passwd", "/nl/..%2f..%2fetc%2fpasswd.html",
    "//etc/passwd", "/nl/%2e%2e/sport.html", "/nl/sport.html/../../x.html",
    "/frameworks/kader.yaml", "/templates/base.html.j2", "/nl/sport%00.html",
    "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/nl/../sport.pdf",
])
def test_traversal_reads_nothing(running: Running, path: str) -> None:
    status, body = running.get(path)
    assert status in (400, 404), (path, status)
    assert b"root:" not in body and b"kind: framework" not in body


def test_fifty_concurrent_clients(running: Running) -> None:
    paths = ["/", "/nl/sport.html", "/en/sport.html", "/nl/sport+lockdown.html",
             "/nl/sport.pdf"] * 10

    def fetch(path: str) -> tuple[str, int, bytes]:
        return (path, *running.get(path))

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(fetch, paths))
    assert [status for _path, status, _body in results] == [200] * 50
    pdfs = {body for path, _status, body in results if path.endswith(".pdf")}
    assert pdfs == {b"%PDF-1.7 1"}  # ten readers, one render
    assert len(running.pdfs) == 1


def test_a_pdf_is_cached_until_its_inputs_change(running: Running) -> None:
    assert running.get("/nl/sport.pdf") == (200, b"%PDF-1.7 1")
    assert running.get("/nl/sport.pdf") == (200, b"%PDF-1.7 1")
    assert len(running.pdfs) == 1
    sport = running.root / "frameworks" / "sectors" / "sport.yaml"
    sport.write_text(sport.read_text().replace("{nl: Sport,", "{nl: Sportclubs,"))
    changed = running.preview.reload()
    assert changed is not None and PageKey("nl", "sport", None) in changed
    assert running.get("/nl/sport.pdf") == (200, b"%PDF-1.7 2")
    assert "Sportclubs" in running.pdfs[-1]
    assert running.get("/nl/cultuur.pdf")[0] == 404


def test_a_title_change_reaches_the_page(running: Running) -> None:
    assert b"Sportclubs" not in running.get("/nl/sport.html")[1]
    sport = running.root / "frameworks" / "sectors" / "sport.yaml"
    sport.write_text(sport.read_text().replace("{nl: Sport,", "{nl: Sportclubs,"))
    running.preview.reload()
    assert b"Sportclubs" in running.get("/nl/sport.html")[1]


def test_errors_show_in_the_page_without_absolute_paths(running: Running) -> None:
    (running.root / "templates").mkdir()
    (running.root / "templates" / "handout.html.j2").write_text("ok\n{{ no_such_thing }}\n")
    running.preview.reload()
    status, body = running.get("/nl/sport.html")
    assert status == 200  # the page shows the errors and reloads itself once they are fixed
    text = page_text(body)
    template = running.root / "templates" / "handout.html.j2"
    assert f"templates/handout.html.j2:{line_of(template, 'no_such_thing')}:1: " \
        "error[template-error]" in text
    assert 'id="kr-errors"' in body.decode() and "new EventSource" in text
    assert str(running.root) not in text and "/tmp/" not in text and "Traceback" not in text
    kader = running.root / "frameworks" / "kader.yaml"
    kader.write_text(kader.read_text().replace("date: 2026-11-28", "date: 2026-02-31"))
    running.preview.reload()
    status, body = running.get("/nl/sport.html")
    assert f"frameworks/kader.yaml:{line_of(kader, 'date: 2026-02-31')}:7: " \
        "error[schema-invalid-value]" in page_text(body)
    assert str(running.root).encode() not in body


def test_a_bad_source_date_epoch_gives_the_reason(running: Running,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "garbage")
    status, body = running.get("/nl/sport.html")
    assert status == 500 and b"SOURCE_DATE_EPOCH must be a whole number" in body
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        serve(running.root, "127.0.0.1", 0, announce=lambda _line: None)


def test_redact_removes_absolute_paths(tmp_path: Path) -> None:
    text = f"cannot write {tmp_path}/out/nl/x.pdf: refused to read /etc/passwd (https://x.be/a)"
    shown = redact(text, tmp_path)
    assert "/etc/" not in shown and str(tmp_path) not in shown
    assert "out/nl/x.pdf" in shown and "…/passwd" in shown and "https://x.be/a" in shown


def test_redact_removes_file_urls(tmp_path: Path) -> None:
    text = (f"PDF not made: cannot load file://{tmp_path}/templates/x.css, "
            "refused to fetch 'file:///etc/passwd' or 'FILE://otherhost/etc/shadow'")
    shown = redact(text, tmp_path)
    assert "file:" not in shown.lower() and "/etc/" not in shown and str(tmp_path) not in shown
    assert "templates/x.css" in shown and "…/passwd" in shown and "…/shadow" in shown


def test_a_fifo_does_not_block_the_rebuild(running: Running) -> None:
    import os

    os.mkfifo(running.root / "frameworks" / "sectors" / "pipe.yaml")
    done: list[object] = []
    rebuild = threading.Thread(target=lambda: done.append(running.preview.reload()), daemon=True)
    rebuild.start()
    rebuild.join(timeout=30)
    assert done, "the rebuild blocked on a FIFO"
    assert [e.code for e in running.preview.errors] == ["file-not-regular"]
    _status, body = running.get("/nl/sport.html")
    assert "frameworks/sectors/pipe.yaml:1:1: error[file-not-regular]" in page_text(body)


@pytest.mark.parametrize("path", ["/nl/sport.html", "/nl/sport.pdf"])
def test_any_template_error_shows_located_in_the_preview(running: Running, path: str) -> None:
    (running.root / "templates").mkdir()
    (running.root / "templates" / "handout.html.j2").write_text('ok\n{{ "{0}".format() }}\n')
    running.preview.reload()
    _status, body = running.get(path)
    text = page_text(body)
    assert "templates/handout.html.j2:2:1: error[template-error]: rendering sport (nl): " \
           "IndexError" in text
    assert "internal error" not in text and "Traceback" not in text


def test_an_overloaded_preview_answers_503_with_retry_after(
        running: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    """200 readers at once while a PDF renders: as many as the preview holds wait for the one
    render, the others are told to come back; no connection is reset."""
    clients = 200
    told_to_wait = threading.Semaphore(0)
    release = threading.Event()

    def slow_print(plan: Any, lang: str, **options: Any) -> Printed:
        running.pdfs.append(render_plan(plan, lang, medium="print", **options))
        release.wait(timeout=60)
        return Printed(b"%PDF-1.7 slow")

    monkeypatch.setattr(shrink_to_fit, "print_plan", slow_print)

    def fetch(_number: int) -> tuple[int, str | None, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=90)
        try:
            connection.request("GET", "/nl/sport.pdf")
            response = connection.getresponse()
            result = (response.status, response.getheader("Retry-After"), response.read())
        finally:
            connection.close()
        if result[0] == 503:
            told_to_wait.release()
        return result

    def release_when_full() -> None:
        for _ in range(clients - BUSY_LIMIT):
            told_to_wait.acquire(timeout=60)
        release.set()

    threading.Thread(target=release_when_full, daemon=True).start()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(fetch, range(clients)))
    answered = [body for status, _retry, body in results if status == 200]
    refused = [retry for status, retry, _body in results if status == 503]
    assert len(answered) == BUSY_LIMIT and set(answered) == {b"%PDF-1.7 slow"}
    assert len(refused) == clients - BUSY_LIMIT and set(refused) == {"2"}
    assert len(running.pdfs) == 1  # one render, shared by every reader that waited


def test_the_listen_backlog_holds_a_burst(tmp_path: Path) -> None:
    """While the server is busy (here: not accepting at all), the kernel holds a browser's
    burst of connections instead of dropping them (Python's default backlog is 5)."""
    root = tmp_path / "root"
    shutil.copytree(MINI, root)
    server = make_server(Preview(root), "127.0.0.1", 0, threading.Event())
    try:
        assert LISTEN_BACKLOG >= 128
        opened = [socket.create_connection(server.server_address[:2], timeout=5)
                  for _ in range(LISTEN_BACKLOG)]
        for connection in opened:
            connection.close()
    finally:
        server.server_close()
