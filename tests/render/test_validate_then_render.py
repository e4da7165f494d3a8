"""What validates, builds: put a hostile value anywhere; if `validate` accepts it, every
layout renders in every language (and `validate` reported it if not)."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from kindreflex.errors import ContentError
from kindreflex.framework.project import open_project
from kindreflex.layouts import LAYOUTS
from kindreflex.render.pages import render_plan
from kindreflex.render.qr import qr_svg
from kindreflex.render.theme import theme_for

from ..helpers import MINI, REPO, run

FILES = ("frameworks/kader.yaml", "frameworks/sectors/sport.yaml",
         "frameworks/contexts/lockdown.yaml")
HOSTILE = [
    "2026-02-31", "2024-02-29", "0001-01-01", "9999-12-31", "2026-13-01", "0470123456", "1.10",
    "NO", "~", '""', '" "', "x" * 1000, "x" * 1001, '"https://' + "a" * 290 + '.be"',
    '"https://' + "a" * 300 + '.be"', '"https://a.be\\n"', '"a\\eb"', '"a\\x85b"', '"\\u202e"',
    '"{role:x}"', '"{param:nope}"', '"{term:organisatie}"', '"[a](javascript:alert(1))"',
    '"<script>alert(1)</script>"', '"**"', '"`"', '"رياضة"', '"😀 中文"', "!!set {a}",
    '"\\t"', '"' + "ﷺ" * 300 + '"', "[a, b]", "{nl: x, de: y}", "-1", "21", "true",
    '"+32 2 511 11 11"', '"112"', '"step:noteren"', '"next"', '"contact:1712"',
]


def _places(text: str, entries: bool = False) -> list[tuple[int, int]]:
    """The span of every scalar value of a YAML text, or (`entries`) of every mapping entry
    from its key to the end of its value: what a change replaces, or leaves out."""
    places: list[tuple[int, int]] = []

    def walk(node: yaml.Node) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if entries:
                    places.append((key.start_mark.index, value.end_mark.index))
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for value in node.value:
                walk(value)
        elif not entries:
            places.append((node.start_mark.index, node.end_mark.index))

    walk(yaml.compose(text))
    return places


TEXTS = {file: (MINI / file).read_text(encoding="utf-8") for file in FILES}
PLACES = [(file, place) for file in FILES for place in _places(TEXTS[file])]
# A field left out: a value the schema does not ask for may be absent wherever it is.
ENTRIES = [(file, place) for file in FILES for place in _places(TEXTS[file], entries=True)]
CHANGE = st.one_of(st.tuples(st.sampled_from(PLACES), st.sampled_from(HOSTILE)),
                   st.tuples(st.sampled_from(ENTRIES), st.just("")))


def _overlap(changes: list[tuple[tuple[str, tuple[int, int]], str]]) -> bool:
    spans = sorted(place for place, _value in changes)
    return any(file == next_file and start < next_start < end
               for (file, (start, end)), (next_file, (next_start, _)) in pairwise(spans))


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mini") / "root"
    shutil.copytree(MINI, folder)
    return folder


# New examples every run (hypothesis draws a fresh seed): runs add up; a failure prints
# the seed to reproduce it. This many keeps the suite's time.
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(CHANGE, min_size=1, max_size=3, unique_by=lambda change: change[0]))
def test_what_validates_renders(root: Path, changes: list[tuple[tuple[str, tuple[int, int]],
                                                                 str]]) -> None:
    assume(not _overlap(changes))  # a value inside an entry that is left out
    texts = dict(TEXTS)
    for (file, (start, end)), value in sorted(changes, key=lambda c: -c[0][1][0]):
        texts[file] = texts[file][:start] + value + texts[file][end:]
    try:
        for file, text in texts.items():
            (root / file).write_text(text, encoding="utf-8")
        project = open_project(root)
        if project.issues.errors:
            return  # validate refuses it, at a place: build refuses it the same way
        theme = theme_for(root)
        for context in (None, "lockdown"):
            try:
                plan = project.plan("sport", context)
            except ContentError:
                pytest.fail("validate accepted what the plan refuses")
            for lang in project.languages:
                for layout in LAYOUTS:
                    for medium in ("screen", "print"):
                        render_plan(plan, lang, theme=theme, day=date(2026, 11, 28),
                                    layout=layout, medium=medium)
            if plan.url:
                qr_svg(plan.url, "QR")
    finally:
        for file, text in TEXTS.items():
            (root / file).write_text(text, encoding="utf-8")


def built_framework(root: Path, framework: dict[str, object], *options: str) -> Path:
    """The output folder of `build --all OPTIONS` of a root holding only `framework`."""
    (root / "frameworks").mkdir()
    (root / "frameworks" / "plan.yaml").write_text(yaml.safe_dump(framework, allow_unicode=True),
                                                   encoding="utf-8")
    out = root / "out"
    result = run("build", "--all", "--root", str(root), "--out", str(out), *options)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize(("language", "title", "police"), [
    ("nl", "Wat te doen als je je zorgen maakt", "Politie"),
    ("es-ES", "Qué hacer si te preocupa un niño", "Policía"),
])
def test_urgent_numbers_without_an_acute_step_open_every_paper(
        tmp_path: Path, language: str, title: str, police: str) -> None:
    """A framework may mark its emergency numbers `urgent` and write no acute step: they were
    then on no card, poster or worker's page 1 (only in the handout's contacts table). They
    open every paper in the acute-danger box, without a step title or actions."""
    framework = {
        "kind": "framework", "id": "plan", "version": "1.0.0", "languages": [language],
        "title": title,
        "steps": [{"id": "luisteren", "title": "1"}, {"id": "vertellen", "title": "2"}],
        "contacts": [{"id": "police", "name": police, "phone": "101", "urgent": True},
                     {"id": "emergency", "name": "112", "phone": "112", "urgent": True}],
    }
    out = built_framework(tmp_path, framework, "--layout", "all")
    missing = []
    for pdf in sorted((out / language).glob("*.pdf")):
        front = PdfReader(pdf).pages[0].extract_text()
        squashed = re.sub(r"\s+", " ", front)
        if not re.search(rf"101\s*{police}|{police}\s*101", squashed) or "112" not in front:
            missing.append(f"{pdf.name}: {squashed[:300]}")
    assert not missing, "\n".join(missing)
    page = (out / language / "plan.html").read_text(encoding="utf-8")
    assert '<section class="acute" id="acute-danger"' in page
    assert 'href="#acute-danger"' in page  # the contents lead to it


def test_whom_to_tell_instead_says_its_language_where_it_is_not_the_readers(
        tmp_path: Path) -> None:
    """"Is it about the person in charge? Tell the VK. 0800 30 030" on a French card sent the
    reader to a line that answers in Dutch without saying so; the line names its language
    there, as the contacts list does, and only where the reader needs it."""
    framework = {
        "kind": "framework", "id": "plan", "version": "1.0.0", "languages": ["nl", "fr"],
        "title": {"nl": "Wat te doen als je je zorgen maakt",
                  "fr": "Que faire si vous êtes inquiet"},
        "roles": [{"id": "begeleider", "name": {"nl": "de begeleider", "fr": "l'animateur"}},
                  {"id": "verantwoordelijke",
                   "name": {"nl": "de verantwoordelijke", "fr": "le responsable"},
                   "if_suspected": "contact:vk"}],
        "steps": [{"id": "luisteren", "title": {"nl": "Luister", "fr": "Écoutez"},
                   "who": ["begeleider"]},
                  {"id": "vertellen", "title": {"nl": "Vertel het", "fr": "Parlez-en"},
                   "who": ["begeleider", "verantwoordelijke"]}],
        "contacts": [{"id": "vk", "name": "Vertrouwenscentrum Kindermishandeling",
                      "phone": "0800 30 030", "languages": ["nl"]}],
    }
    out = built_framework(tmp_path, framework, "--format", "pdf", "--layout", "card",
                          "--layout", "worker", "--layout", "poster")

    def front(lang: str, layout: str) -> str:
        text = PdfReader(out / lang / f"plan-{layout}.pdf").pages[0].extract_text()
        return re.sub(r"-\s+", "", " ".join(text.split()))  # words as written, unhyphenated

    for layout in ("card", "worker", "poster"):
        french, dutch = front("fr", layout), front("nl", layout)
        assert "Kindermishandeling. 0800 30 030 (en néerlandais)" in french, layout
        assert "0800 30 030" in dutch and "(in het Nederlands)" not in dutch, layout


def test_a_disclosure_step_with_nothing_to_list_leaves_no_empty_block(tmp_path: Path) -> None:
    """The worker's page 1 lists what to do when a child tells you something from the first
    step the reader acts in: a step with no actions, do's or don'ts printed the heading and
    "Do" over nothing, and its page-2 entry pointed there instead of showing what to write
    down."""
    framework = {
        "kind": "framework", "id": "plan", "version": "1.0.0", "languages": ["nl"],
        "title": "Wat te doen als je je zorgen maakt",
        "steps": [{"id": "luisteren", "title": "Luister naar het kind",
                   "record": "Wat het kind zei, in zijn eigen woorden."},
                  {"id": "vertellen", "title": "Vertel het je verantwoordelijke"}],
    }
    out = built_framework(tmp_path, framework, "--layout", "worker", "--layout", "card",
                          "--format", "html")
    for name in ("plan-worker.html", "plan-card.html"):
        page = (out / "nl" / name).read_text(encoding="utf-8")
        assert "Als een kind je iets vertelt" not in page, name
        assert 'href="#disclosure-h"' not in page, name
    worker = (out / "nl" / "plan-worker.html").read_text(encoding="utf-8")
    assert "Wat het kind zei, in zijn eigen woorden." in worker


@pytest.mark.parametrize("language", ["nl", "es-ES"])
def test_a_framework_of_only_what_the_schema_asks_for_builds_every_layout(
        tmp_path: Path, language: str) -> None:
    """No date, no roles, contacts, signals, routes or forms, steps of an id and a title: in a
    language kindreflex ships and in one it does not (a framework without `date` stopped the
    build with an internal error)."""
    framework = {"kind": "framework", "id": "plan", "version": "1.0.0",
                 "languages": [language], "title": "Wat te doen als je je zorgen maakt",
                 "steps": [{"id": "luisteren", "title": "Luister naar het kind"},
                           {"id": "vertellen", "title": "Vertel het je verantwoordelijke"}]}
    schema = json.loads((REPO / "schema" / "framework.schema.json").read_text(encoding="utf-8"))
    assert set(framework) == {*schema["required"], "steps"}
    assert set(framework["steps"][0]) == set(schema["$defs"]["step"]["required"])
    out = built_framework(tmp_path, framework, "--layout", "all")
    pdfs = sorted(path.name for path in (out / language).glob("*.pdf"))
    assert len(pdfs) == len(LAYOUTS), pdfs
    # The version without a date, in the reader's words where kindreflex has them.
    version = "Versie 1.0.0" if language == "nl" else "Version 1.0.0"
    text = re.sub(r"<[^>]+>", "", (out / language / "plan.html").read_text(encoding="utf-8"))
    assert version in text and not re.search(rf"{version} (of|van) ", text), text[:2000]
