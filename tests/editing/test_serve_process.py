"""`kindreflex serve` as a process: it stops on Ctrl-C and SIGTERM whatever it inherited, and
a burst of readers during a real PDF render gets answers, never a reset connection."""

from __future__ import annotations

import http.client
import shutil
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ..helpers import MINI
from .test_serve import Server

STOP_WITHIN_S = 2.0


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "root")
    return tmp_path / "root"


def ignoring(*numbers: int) -> None:
    """Run in the child before `serve` starts: the signals ignored, as a shell's background
    job or some process managers leave them."""
    for number in numbers:
        signal.signal(number, signal.SIG_IGN)


@pytest.mark.parametrize("stop_with", [signal.SIGINT, signal.SIGTERM])
def test_serve_stops_on_a_signal_it_inherited_as_ignored(root: Path, stop_with: int) -> None:
    running = Server(root, preexec_fn=lambda: ignoring(signal.SIGINT, signal.SIGTERM))
    try:
        started = time.monotonic()
        code, output = running.stop(stop_with, timeout=STOP_WITHIN_S + 5)
        assert time.monotonic() - started < STOP_WITHIN_S, output
    finally:
        if running.process.poll() is None:
            running.kill()
    assert code == 0 and "stopping" in output and "Traceback" not in output


@pytest.fixture
def server(root: Path) -> Iterator[Server]:
    running = Server(root)
    yield running
    if running.process.poll() is None:
        running.kill()


def test_a_burst_during_a_pdf_render_is_answered_not_reset(server: Server) -> None:
    """200 readers at once while the first PDFs render (the renderer holding the server's
    interpreter): every one is let in at once and gets 200 or 503 with Retry-After, quickly.
    (With Python's backlog of 5, most waited for the kernel to retry their connection, the
    last for two minutes, and some were reset.)"""
    address = urlsplit(server.url)
    assert address.hostname is not None and address.port is not None

    def fetch(path: str) -> tuple[float, int, str | None, bytes]:
        started = time.monotonic()
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        try:
            connection.connect()
            connected = time.monotonic() - started
            connection.request("GET", path)
            response = connection.getresponse()
            return connected, response.status, response.getheader("Retry-After"), response.read()
        finally:
            connection.close()

    paths = ["/nl/sport.pdf", "/en/sport.pdf", "/nl/sport.html", "/"] * 50
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(paths)) as pool:
        results = list(pool.map(fetch, paths))  # a reset connection raises here
    elapsed = time.monotonic() - started
    unexpected = {status: body[:2000] for _c, status, _retry, body in results
                  if status not in (200, 503)}
    assert not unexpected, unexpected
    assert all(retry for _c, status, retry, _body in results if status == 503)
    pdfs = [body for path, (_c, status, _r, body) in zip(paths, results, strict=True)
            if status == 200 and path.endswith(".pdf")]
    assert pdfs and all(body.startswith(b"%PDF-") for body in pdfs)
    # The kernel retries a dropped connection after a second: none had to wait for that.
    retried = [connected for connected, *_ in results if connected >= 1]
    assert len(retried) <= len(paths) // 20, f"{len(retried)} connections waited a second"
    assert elapsed < 30, f"the last answer came after {elapsed:.0f} s"
