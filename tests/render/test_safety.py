"""Hostile content and templates: escaped or refused; nothing outside the theme is read."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from kindreflex.errors import OutputError
from kindreflex.render import edition_check, page_styles
from kindreflex.render import pdf as pdf_module
from kindreflex.render.pages import render_plan
from kindreflex.render.pdf import AssetRefused, allowed_path, html_to_pdf, make_fetcher
from kindreflex.render.theme import default_templates_dir, theme_for

from ..sample_plans import hostile_plan

DAY = date(2026, 11, 28)


class Tags(HTMLParser):
    """Collects every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


@pytest.mark.parametrize("layout", ["handout", "card"])
@pytest.mark.parametrize("medium", ["screen", "print"])
def test_hostile_text_is_escaped(layout: str, medium: str) -> None:
    html = render_plan(hostile_plan(), "nl", theme=theme_for(), day=DAY, layout=layout,
                       medium=medium)
    tags = tags_of(html)
    # The web page's only scripts are the online check's (its data, and its script).
    ours = [("script", {"type": "application/json", "id": "kr-editions"}), ("script", {})]
    assert [(t, a) for t, a in tags if t in ("script", "img", "iframe", "object", "embed")] \
        == (ours if medium == "screen" else [])
    if medium == "screen":
        data = html.split('<script type="application/json" id="kr-editions">', 1)[1]
        data = data.split("</script>", 1)[0]
        assert "<" not in data and json.loads(data)["papers"]
        assert f"<script>{edition_check.script()}</script>" in html
    for tag, attrs in tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        # A link to http://127.0.0.1 is only a link (nothing is fetched); script-like or local
        # schemes are never linked, and nothing is loaded from an address at all.
        href = (attrs.get("href") or attrs.get("xlink:href") or "").strip().lower()
        assert not href.startswith(("javascript:", "file:", "data:", "vbscript:")), (tag, attrs)
        assert "src" not in attrs, (tag, attrs)
    assert "&lt;script&gt;" in html


def test_hostile_plan_pdf_reads_only_theme_files(monkeypatch: pytest.MonkeyPatch) -> None:
    fetchers: list[Any] = []

    def recording(asset_dirs: Any) -> Any:
        fetcher = make_fetcher(asset_dirs)
        fetchers.append(fetcher)
        return fetcher

    monkeypatch.setattr(pdf_module, "make_fetcher", recording)
    page_styles.forget()  # the fonts are fetched by this render, not one before it
    theme = theme_for()
    source = render_plan(hostile_plan(), "nl", theme=theme, day=DAY, medium="print")
    assert html_to_pdf(source, theme.dirs).startswith(b"%PDF")
    (fetcher,) = fetchers
    assert fetcher.refused == []
    assert fetcher.served and all(p.is_relative_to(default_templates_dir())
                                  for p in fetcher.served)


@pytest.fixture
def local_server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 that records every request it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"body{}")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "snippet",
    [
        '<img src="file:///etc/passwd" alt="">',
        '<img src="{server}/steal.png" alt="">',
        '<link rel="stylesheet" href="{server}/x.css">',
        '<style>@import url("file:///etc/passwd");</style>',
        '<style>@font-face {{ font-family: X; src: url("{server}/x.ttf"); }}</style>',
    ],
)
def test_template_asking_for_outside_resources_is_refused(
    tmp_path: Path, local_server: tuple[str, list[str]], snippet: str
) -> None:
    server, hits = local_server
    (tmp_path / "handout.html.j2").write_text(
        '{% extends "default/handout.html.j2" %}{% block meta %}'
        + snippet.format(server=server)
        + "{% endblock %}"
    )
    theme = theme_for(None, tmp_path)
    source = render_plan(hostile_plan(), "nl", theme=theme, day=DAY, medium="print")
    with pytest.raises(OutputError, match="refused"):
        html_to_pdf(source, theme.dirs)
    assert hits == []


def test_allowed_path_accepts_theme_files_only(tmp_path: Path) -> None:
    theme = default_templates_dir()
    font = theme / "fonts" / "OpenSans-Regular.ttf"
    assert allowed_path(font.as_uri(), [theme]) == font
    outside = [
        "file:///etc/passwd",
        (theme / ".." / ".." / "etc" / "passwd").as_uri(),
        "http://127.0.0.1/",
        "https://example.org/font.ttf",
        "ftp://127.0.0.1/x",
        "file://otherhost/etc/passwd",
        (theme / "fonts" / "missing.ttf").as_uri(),
    ]
    for url in outside:
        with pytest.raises(AssetRefused):
            allowed_path(url, [theme])
    link = tmp_path / "link.ttf"
    link.symlink_to("/etc/passwd")
    with pytest.raises(AssetRefused):
        allowed_path(link.as_uri(), [tmp_path / "fonts"])


def test_a_missing_theme_file_is_not_found_rather_than_outside(tmp_path: Path) -> None:
    theme = default_templates_dir()
    with pytest.raises(AssetRefused) as info:
        allowed_path((theme / "fonts" / "missing.ttf").as_uri(), [tmp_path, theme])
    assert str(info.value) == ("the theme file 'fonts/missing.ttf' was not found in the "
                               "template folders")
    with pytest.raises(AssetRefused, match="outside the template folders"):
        allowed_path("file:///etc/missing-file", [theme])
