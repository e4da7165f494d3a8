"""The recipe of docs/architecture.md, tried as a new maintainer would: a layout is added to a
copy of the package by one registry entry, one template and one CSS file, and builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from .helpers import REPO

# The new layout, as the next maintainer would write it: an A5 flyer of the steps.
ENTRY = '''    Layout(
        "flyer", _("Flyer"), _("For the notice board: every step on one A5 page."),
        "every step title", "flyer.html.j2", "A5", 1, exact=True,
        marks=(FitMark("fit-flyer-end", 0, 200.0, "the flyer's page"),),
    ),
'''
TEMPLATE = """{% extends "base.html.j2" %}
{% block title %}{{ plain(plan.title) }} – {{ view.sector_title }}{% endblock %}
{% block layout_style %}{% include "css/flyer.css" %}{% endblock %}
{% block body %}
<main id="main" tabindex="-1" class="flyer">
<h1>{{ t(plan.title) }}</h1>
<ol>{% for step in plan.steps %}<li>{{ t(step.title) }}</li>{% endfor %}</ol>
<span class="fit-mark" id="fit-flyer-end"></span>
</main>
{% endblock %}
"""
CSS = """@page { size: A5; margin: 10mm; }
.flyer h1 { font-size: 20pt; }
"""
A5_PT = (148 * 72 / 25.4, 210 * 72 / 25.4)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


def test_a_layout_is_one_registry_entry_one_template_and_one_css_file(tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    ignore = shutil.ignore_patterns("__pycache__")
    for part in ("kindreflex", "templates", "frameworks"):
        shutil.copytree(REPO / part, copy / part, ignore=ignore)
    registry = copy / "kindreflex" / "layouts.py"
    text = registry.read_text(encoding="utf-8")
    end = text.index("\n)\n", text.index("_ENTRIES = ("))  # the end of the entries
    registry.write_text(text[:end + 1] + ENTRY + text[end + 1:], encoding="utf-8")
    (copy / "templates" / "flyer.html.j2").write_text(TEMPLATE, encoding="utf-8")
    (copy / "templates" / "css" / "flyer.css").write_text(CSS, encoding="utf-8")

    before = {**{f"kindreflex/{k}": v for k, v in tree(REPO / "kindreflex").items()},
              **{f"templates/{k}": v for k, v in tree(REPO / "templates").items()}}
    after = {**{f"kindreflex/{k}": v for k, v in tree(copy / "kindreflex").items()},
             **{f"templates/{k}": v for k, v in tree(copy / "templates").items()}}
    changed = {name for name in before.keys() | after.keys()
               if before.get(name) != after.get(name)}
    assert changed == {"kindreflex/layouts.py", "templates/flyer.html.j2",
                       "templates/css/flyer.css"}

    env = {**os.environ, "PYTHONPATH": str(copy), "SOURCE_DATE_EPOCH": "1795824000"}

    def kindreflex(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kindreflex", *args], cwd=copy, env=env,
                              capture_output=True, text=True, timeout=300)

    where = subprocess.run([sys.executable, "-c", "import kindreflex; print(kindreflex.__file__)"],
                           cwd=copy, env=env, capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()).is_relative_to(copy)  # the copy runs, not the repo

    out = copy / "output"
    built = kindreflex("build", "sport", "--root", str(copy), "--lang", "nl",
                       "--layout", "flyer", "--out", str(out), "--strict")
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""  # no warning: it fits, and WeasyPrint took all of its CSS
    html = (out / "nl" / "sport-flyer.html").read_text(encoding="utf-8")
    assert 'class="screen layout-flyer"' in html
    pdf = PdfReader(out / "nl" / "sport-flyer.pdf")
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert abs(float(box.width) - A5_PT[0]) < 1 and abs(float(box.height) - A5_PT[1]) < 1
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="nl/sport-flyer.pdf"' in index
    assert "For the notice board: every step on one A5 page." in index

    assert "flyer" in kindreflex("build", "--help").stdout
    # Ids may not end in the new suffix either: validate reads the same registry.
    (copy / "frameworks" / "sectors" / "sport-flyer.yaml").write_text(
        (copy / "frameworks" / "sectors" / "sport.yaml").read_text(encoding="utf-8")
        .replace("id: sport", "id: sport-flyer", 1), encoding="utf-8")
    refused = kindreflex("validate", "--root", str(copy))
    assert refused.returncode == 1
    assert "error[overlay-id-reserved]" in refused.stdout
