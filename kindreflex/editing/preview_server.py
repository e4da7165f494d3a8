"""`kindreflex serve`: a local preview that rebuilds on save and reloads the open page."""

from __future__ import annotations

import html
import json
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from string import Formatter
from types import FrameType
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from ..errors import ContentError, KindreflexError, UsageError, printable
from ..layouts import LAYOUTS
from ..render.i18n import build_date
from .error_page import DEFAULT_EDITOR_URL, OPEN_PATH, error_page, redact
from .live_state import NotFound, PageKey, Preview, page_path, parse_page_path

# Only the preview adds a script to a page, and only this one: it listens for rebuilds.
# The pages `kindreflex build` writes carry no script at all. Its style marks a text shown in
# another language for want of a translation (a bare `span[lang]`); a helpline's name in the
# language it answers in, a source's title in its own (PlanView.lang_attribute) and words a
# text marks as another language (`lang-part`) are classed elements: no such text.
RELOAD_SCRIPT = """<script>
(function () {
  var key = %s;
  // The version the page was served at: a save before the listener connects is not missed.
  var source = new EventSource("/events?since=%d");
  source.onmessage = function (event) {
    var changed = JSON.parse(event.data);
    if (changed !== null && changed.indexOf(key) === -1) { return; }
    // Swap the new page in instead of reloading: faster, and the reader keeps their place.
    fetch(location.href, {cache: "no-store"}).then(function (response) {
      return response.text();
    }).then(function (text) {
      var fresh = new DOMParser().parseFromString(text, "text/html");
      document.title = fresh.title;
      document.documentElement.lang = fresh.documentElement.lang;
      document.head.replaceWith(fresh.head);
      document.body.replaceWith(fresh.body);
      document.dispatchEvent(new Event("kr-updated"));
    }).catch(function () { location.reload(); });
  };
})();
</script>
<style>
.kr-preview-bar{position:sticky;top:0;z-index:10;background:#1f1f1f;color:#fff;
font:14px/1.4 system-ui,sans-serif;padding:.4rem .8rem;display:flex;flex-wrap:wrap;gap:1rem}
.kr-preview-bar a{color:#fff}.kr-preview-bar nav{display:flex;gap:.6rem}
.kr-preview-bar a[aria-current]{font-weight:bold;text-decoration:none}
main span[lang]:not([class]){outline:2px dashed #b00020;outline-offset:1px}
main span[lang]:not([class])::after{content:" [" attr(lang) "]";font-size:.75em;color:#b00020}
</style>
"""
WATCH_DEBOUNCE_MS = 30
WATCH_STEP_MS = 10
# Connections the kernel holds for the server before it accepts them. 5, Python's default,
# overflowed while a PDF rendered (the renderer holds the interpreter, the server accepts
# slowly): 200 readers at once waited up to 2 minutes, some were reset. A browser opens a
# handful at once; 256 holds such a burst of 200 whole.
LISTEN_BACKLOG = 256
# Requests answered or waiting at once; one more gets 503 and a time to retry, not a reset.
BUSY_LIMIT = 64
RETRY_AFTER_S = 2
# After Ctrl-C (or SIGTERM), the longest the file watcher is waited for.
STOP_WAIT_S = 1.0
# The names the preview answers to. Any other Host header is refused: a web page on another
# site could otherwise point its own name at 127.0.0.1 (DNS rebinding) and read the preview.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def host_name(header: str | None) -> str | None:
    """The host of a Host header, lowercased, without the port (`[::1]:8000` → `::1`)."""
    if not header:
        return None
    value = header.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[1:end] if end > 0 else None
    name, _, port = value.partition(":")
    if ":" in port or (port and not port.isdigit()):
        return None
    return name.rstrip(".") or None


def allowed_hosts(bound: str, extra: tuple[str, ...] = ()) -> frozenset[str]:
    """The Host names to answer: the local ones, the address bound to, and `--allow-host`."""
    names = {*LOCAL_HOSTS, *(h.strip().lower().strip("[]") for h in extra if h.strip())}
    if bound not in ("", "0.0.0.0", "::"):
        names.add(bound.lower().strip("[]"))
    return frozenset(names)


def key_name(key: PageKey) -> str:
    """The page key as the reload script knows it (its path)."""
    return page_path(key)


def preview_bar(key: PageKey, languages: tuple[str, ...]) -> str:
    """The bar above every page: all plans, this page's PDF, its layouts, its languages."""
    def link(target: PageKey, text: str, ext: str = "html", **attributes: str) -> str:
        extra = "".join(f' {name.replace("_", "-")}="{html.escape(value)}"'
                        for name, value in attributes.items())
        return f'<a href="{html.escape(page_path(target, ext))}"{extra}>{html.escape(text)}</a>'

    layouts = " ".join(
        link(key._replace(layout=name), spec.label, title=spec.for_whom,
             **({"aria_current": "page"} if name == key.layout else {}))
        for name, spec in LAYOUTS.items())
    languages_links = " ".join(
        link(key._replace(lang=code), code, hreflang=code,
             **({"aria_current": "page"} if code == key.lang else {}))
        for code in languages)
    return (f'<div class="kr-preview-bar" role="region" aria-label="Preview">'
            f'<a href="/">All plans</a> {link(key, "PDF", "pdf")} '
            f'<nav class="kr-layouts" aria-label="Layouts">{layouts}</nav> '
            f'<nav class="kr-languages" aria-label="Languages">{languages_links}</nav></div>')


def inject(page: bytes, key: PageKey, languages: tuple[str, ...], version: int) -> bytes:
    """The page with the preview bar (PDF link, layouts, languages) and the reload script,
    which listens for the rebuilds after `version` (the one the page was rendered from)."""
    text = page.decode("utf-8")
    bar = preview_bar(key, languages)
    script = RELOAD_SCRIPT % (json.dumps(key_name(key)), version)
    text = text.replace("<body>", "<body>" + bar, 1) if "<body>" in text else bar + text
    if "</body>" in text:
        return text.replace("</body>", script + "</body>", 1).encode("utf-8")
    return (text + script).encode("utf-8")


def editor_link(template: str, path: Path, line: int, column: int) -> str:
    """The address that opens `path` at line:column in the editor (`--editor-url`)."""
    return template.format(path=quote(path.as_posix()), line=line, column=column)


def check_editor_url(template: str) -> str:
    """`template` if it is an editor address with {path} (and perhaps {line} and {column});
    UsageError naming what is wrong otherwise."""
    try:
        fields = {name for _text, name, _spec, _conv in Formatter().parse(template) if name}
    except ValueError as error:
        raise UsageError(f"--editor-url {template!r}: {error}") from None
    unknown = fields - {"path", "line", "column"}
    if unknown or "path" not in fields or ":" not in template.split("{", 1)[0]:
        raise UsageError(f"--editor-url {template!r}: give an address such as "
                         f"{DEFAULT_EDITOR_URL!r}, with {{path}} and optionally {{line}} and "
                         "{column}")
    return template


class _Handler(BaseHTTPRequestHandler):
    preview: Preview
    stopping: threading.Event
    hosts: frozenset[str]
    busy: threading.BoundedSemaphore
    editor_url: str

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows rebuilds, not every request

    def log_error(self, format: str, *args: Any) -> None:
        pass  # a malformed request gets its 400; the terminal stays for rebuilds

    def _send(self, status: HTTPStatus, body: bytes, content_type: str,
              headers: tuple[tuple[str, str], ...] = ()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        path = url.path
        try:
            if host_name(self.headers.get("Host")) not in self.hosts:
                self._send(HTTPStatus.BAD_REQUEST, b"unknown host: the preview answers to "
                           b"localhost only (see kindreflex serve --allow-host)",
                           "text/plain; charset=utf-8")
            elif path == "/events":
                self._events(url.query)  # open as long as the page is: not counted as busy
            elif path == OPEN_PATH:
                self._open(url.query)
            elif not self.busy.acquire(blocking=False):
                self._send(HTTPStatus.SERVICE_UNAVAILABLE,
                           b"the preview is busy; try again in a moment",
                           "text/plain; charset=utf-8",
                           (("Retry-After", str(RETRY_AFTER_S)),))
            else:
                try:
                    self._answer(path)
                finally:
                    self.busy.release()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away (a reload); nothing to answer

    def _open(self, query: str) -> None:
        """Send the browser to the editor, at the file and line of an error's place."""
        fields = {name: values[0] for name, values in parse_qs(query).items()}
        file = self.preview.file_path(fields.get("file", ""))
        line, column = fields.get("line", "1"), fields.get("column", "1")
        if file is None or not line.isdigit() or not column.isdigit():
            self._send(HTTPStatus.NOT_FOUND, b"no such file in the preview",
                       "text/plain; charset=utf-8")
            return
        target = editor_link(self.editor_url, file, int(line), int(column))
        self._send(HTTPStatus.FOUND, b"", "text/plain; charset=utf-8", (("Location", target),))

    def _answer(self, path: str) -> None:
        if path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, self.preview.index().encode(), "text/html; charset=utf-8")
        else:
            self._page(path)

    def _page(self, path: str) -> None:
        parsed = parse_page_path(path)
        if parsed is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain; charset=utf-8")
            return
        key, ext = parsed
        version = self.preview.version  # read first: a rebuild while rendering is not missed
        try:
            if ext == "pdf":
                self._send(HTTPStatus.OK, self.preview.pdf(key), "application/pdf")
                return
            page = self.preview.page(key)
        except NotFound:
            self._send(HTTPStatus.NOT_FOUND, b"no such plan", "text/plain; charset=utf-8")
            return
        except ContentError as error:
            self._problem(error_page(error.issues, sources=error.sources))
            return
        except KindreflexError as error:
            self._problem(error_page([], redact(str(error), self.preview.root)))
            return
        except Exception as error:  # a bug: say so in the page; the preview keeps running
            self._problem(error_page([], f"internal error: {type(error).__name__}: "
                                         f"{redact(str(error), self.preview.root)}"))
            return
        languages = self.preview.project.languages if self.preview.project else (key[0],)
        self._send(HTTPStatus.OK, inject(page, key, languages, version),
                   "text/html; charset=utf-8")

    def _problem(self, page: str) -> None:
        self._send(HTTPStatus.INTERNAL_SERVER_ERROR, page.encode("utf-8"),
                   "text/html; charset=utf-8")

    def _events(self, query: str) -> None:
        """Tell the page of every rebuild after the version it names (`?since=`, or the
        browser's Last-Event-ID when it reconnects): the changed pages' names, or null."""
        condition = self.preview.changed
        with condition:
            seen = self._since(query, self.preview.version)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(b": connected\n\n")
        self.wfile.flush()
        while not self.stopping.is_set():
            with condition:
                if self.preview.version == seen:
                    condition.wait(timeout=10)
                version = self.preview.version
                changed = self.preview.changed_since(seen)
            if version == seen:
                self.wfile.write(b": keep-alive\n\n")  # also notices a closed connection
            else:
                seen = version
                names = None if changed is None else sorted(key_name(k) for k in changed)
                self.wfile.write(f"id: {version}\ndata: {json.dumps(names)}\n\n".encode())
            self.wfile.flush()

    def _since(self, query: str, current: int) -> int:
        """The version the listening page has seen; `current` when it names none we made."""
        named = self.headers.get("Last-Event-ID") or \
            parse_qs(query).get("since", [""])[0]
        if not (named.isascii() and named.isdigit()):
            return current
        return min(int(named), current)


def watch_paths(preview: Preview) -> list[Path]:
    """The folders whose changes trigger a rebuild."""
    paths = [preview.root / "frameworks"]
    paths += [d for d in preview.theme().dirs if d.is_dir()]
    return paths


def watch(preview: Preview, stopping: threading.Event,
          on_rebuild: Callable[[frozenset[PageKey] | None], None]) -> None:
    """Rebuild on every saved change until `stopping` is set."""
    from watchfiles import watch as watch_files

    for _changes in watch_files(*watch_paths(preview), stop_event=stopping,
                                debounce=WATCH_DEBOUNCE_MS, step=WATCH_STEP_MS,
                                raise_interrupt=False):
        try:
            on_rebuild(preview.reload())
        except Exception as error:  # never let a bad save stop the preview
            print(f"rebuild failed: {type(error).__name__}: {printable(str(error))}", flush=True)


class _Server(ThreadingHTTPServer):
    """The HTTP server; a request that fails is one line on the terminal, never a traceback."""

    request_queue_size = LISTEN_BACKLOG

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):
            print(f"request failed: {type(error).__name__}: {printable(str(error))}", flush=True)


def make_server(preview: Preview, host: str, port: int, stopping: threading.Event,
                allow_hosts: tuple[str, ...] = (),
                editor_url: str = DEFAULT_EDITOR_URL) -> ThreadingHTTPServer:
    """An HTTP server bound to host:port serving the preview (to the allowed Host names);
    the places in error messages open the file in the editor through `editor_url`."""
    handler = type("PreviewHandler", (_Handler,), {
        "preview": preview, "stopping": stopping, "hosts": allowed_hosts(host, allow_hosts),
        "busy": threading.BoundedSemaphore(BUSY_LIMIT),
        "editor_url": check_editor_url(editor_url)})
    server = _Server((host, port), handler)
    server.daemon_threads = True
    return server


def serve(root: Path, host: str, port: int, templates: Path | None = None,
          announce: Callable[[str], None] = print, allow_hosts: tuple[str, ...] = (),
          editor_url: str = DEFAULT_EDITOR_URL) -> None:
    """Run the preview until Ctrl-C or SIGTERM."""
    build_date()  # a bad SOURCE_DATE_EPOCH stops here, with the reason
    check_editor_url(editor_url)
    with stop_signals():
        preview = Preview(root, templates, warn=lambda issue: announce(issue.format_text()))
        preview.reload()
        _serve(preview, host, port, announce, allow_hosts, editor_url)


@contextmanager
def stop_signals() -> Iterator[None]:
    """Ctrl-C and SIGTERM stop the preview, whatever handling the process inherited (a shell
    that starts it in the background ignores SIGINT, and Python then keeps ignoring it)."""
    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = {number: signal.signal(number, stop)
                for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _serve(preview: Preview, host: str, port: int, announce: Callable[[str], None],
           allow_hosts: tuple[str, ...], editor_url: str) -> None:
    stopping = threading.Event()
    try:
        server = make_server(preview, host, port, stopping, allow_hosts, editor_url)
    except OSError as error:
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror}") from None

    def report(changed: frozenset[PageKey] | None) -> None:
        if preview.errors:
            announce(f"{len(preview.errors)} error(s); the page shows them")
        else:
            what = "all pages" if changed is None else f"{len(changed)} page(s) changed"
            announce(f"rebuilt: {what}")

    watcher = threading.Thread(target=watch, args=(preview, stopping, report), daemon=True)
    try:
        # Everything after the socket is open sits in the try: Ctrl-C at any moment stops
        # the server the same clean way.
        watcher.start()
        address = f"http://{host}:{server.server_address[1]}/"
        announce(f"serving {preview.root} at {address} (Ctrl-C to stop)")
        if preview.errors:
            announce(f"{len(preview.errors)} error(s); the page shows them")
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        announce("stopping")
    finally:
        stopping.set()
        with preview.changed:
            preview.changed.notify_all()
        server.server_close()
        watcher.join(timeout=STOP_WAIT_S)
