"""Content at every length limit validates and renders (the limits bound the render time)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from kindreflex.framework.project import load_project, open_project
from kindreflex.framework.schema import load_schema
from kindreflex.render.pages import render_plan
from kindreflex.render.pdf import html_to_pdf
from kindreflex.render.qr import qr_svg
from kindreflex.render.theme import theme_for

from ..helpers import MINI

TEXT = load_schema("framework")["$defs"]["localized_text"]["maxLength"]
URL = load_schema("framework")["$defs"]["url"]["maxLength"]


def longest(kind: str, n: int) -> str:
    """A text of exactly n characters: words, or one word that cannot break."""
    unit = "lorem ipsu " if kind == "words" else "abcdefghij"
    return (unit * (n // len(unit) + 1))[:n - 1] + "x"


def at_the_limit(data: Any, kind: str) -> Any:
    """Every text of a framework at the longest length the schema allows."""
    if isinstance(data, dict):
        if data and set(data) <= {"nl", "en"} and all(isinstance(v, str) for v in data.values()):
            return {lang: longest(kind, TEXT) for lang in data}
        return {key: at_the_limit(value, kind) for key, value in data.items()}
    if isinstance(data, list):
        return [at_the_limit(value, kind) for value in data]
    return data


@pytest.mark.parametrize("kind", ["words", "one-word"])
def test_a_plan_at_every_limit_validates_and_renders(tmp_path: Path, kind: str) -> None:
    root = tmp_path / "root"
    shutil.copytree(MINI, root)
    kader = root / "frameworks" / "kader.yaml"
    data = at_the_limit(yaml.safe_load(kader.read_text(encoding="utf-8")), kind)
    data["url"] = "https://example.org/" + "a" * (URL - len("https://example.org/"))
    data["date"] = str(data["date"])
    for contact in data["contacts"]:
        contact["last_checked"] = str(contact["last_checked"])
    kader.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert open_project(root).issues.errors == []
    plan = load_project(root).plan("sport", "lockdown")
    theme = theme_for(root)
    for layout in ("handout", "card"):
        html = render_plan(plan, "en", theme=theme, day=date(2026, 11, 28), layout=layout,
                           medium="print")
        assert html_to_pdf(html, theme.dirs).startswith(b"%PDF-")


@pytest.mark.parametrize("text", ["h" * URL, "https://x.be/" + "é" * (URL - 13)])
def test_a_url_at_the_limit_makes_a_qr_code(text: str) -> None:
    assert qr_svg(text, "QR").startswith("<svg")
