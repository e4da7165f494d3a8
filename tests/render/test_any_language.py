"""Any language: a framework in Polish (which kindreflex does not ship) with its own interface
words and the grammatical cases its sentences need, and the same framework without them."""

from __future__ import annotations

import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pdfplumber
import phonenumbers
import pikepdf
import pytest
from babel.messages.pofile import read_po, write_po
from pypdf import PdfReader

from kindreflex.batch.run import BatchRequest, run_batch
from kindreflex.editing.live_state import Preview
from kindreflex.errors import Issue
from kindreflex.framework.grammar import MESSAGE_PLACEHOLDER
from kindreflex.layouts import LAYOUTS
from kindreflex.output.build import BuildRequest, run_build
from kindreflex.render.fallback_marks import language_spans, mark, with_directions
from kindreflex.render.interface_checks import interface_messages, message_key
from kindreflex.render.interface_words import shipped_catalogue

from ..helpers import TESTS, right_to_left_root, run
from ..pdf_checks import pdfua_problems, structure_languages
from ..pdf_pages import pdf_text

POLSKI = TESTS / "projects" / "polski"
PLANS = ("klub-sportowy", "klub-sportowy+zdalnie")
LAYOUT_FILES = ("", "-worker", "-card", "-card-sheet", "-poster")


class _Text(HTMLParser):
    """Every text node of a page (not the bodies of <style> and <script>)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def page_text(html: str) -> str:
    """The text nodes of a page, whitespace collapsed."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def html_text(path: Path) -> str:
    return page_text(path.read_text(encoding="utf-8"))


def english_fragments() -> set[str]:
    """Every English interface message, and each piece of it between placeholders, that has
    a word of at least three letters, not all capitals (so "Do", "PDF, " or " – " are not
    taken for English: every language writes PDF)."""
    with shipped_catalogue("en").open("rb") as handle:
        catalog = read_po(handle, locale="en")
    fragments: set[str] = set()
    for message in catalog:
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        for msgid in ids:
            for piece in MESSAGE_PLACEHOLDER.split(msgid)[::3]:
                piece = " ".join(piece.split()).strip(" :.,;–()“”?")
                if re.search(r"[A-Za-z][a-z]{2}", piece):
                    fragments.add(piece)
    return fragments


def found_english(text: str, fragments: set[str]) -> list[str]:
    return sorted(f for f in fragments
                  if re.search(rf"(?<![\w]){re.escape(f)}(?![\w])", text, re.IGNORECASE))


# Its module fixture builds once, on the worker that runs every test here (--dist loadgroup).
pytestmark = pytest.mark.xdist_group("any-language")


@pytest.fixture(scope="module")
def polish(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every layout of the sports club, with and without the remote context, HTML and PDF."""
    out = tmp_path_factory.mktemp("polski")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1796515200")
        for context in (None, "zdalnie"):
            result = run_build(BuildRequest(root=POLSKI, sectors=("klub-sportowy",),
                                            context=context, layouts=tuple(LAYOUTS), out=out,
                                            jobs=1))
            # It fits, and says every word; it has no online address for a QR code.
            assert [issue.code for issue in result.warnings] == ["layout-no-online-address"]
    return out / "pl-PL"


def test_the_polish_framework_is_valid_and_strict_clean() -> None:
    result = run("validate", "--root", str(POLSKI), "--strict")
    assert result.exit_code == 0, result.output
    listed = run("translations", "--root", str(POLSKI))
    assert listed.exit_code == 0 and listed.stdout == ""
    assert "pl-PL 0 text(s) and 0 interface word(s)" in listed.stderr


def test_no_english_interface_word_in_any_polish_layout(polish: Path) -> None:
    fragments = english_fragments()
    assert {"Contents", "Who do you tell", "takes over", "Only if", "Go to step"} <= fragments
    for plan in PLANS:
        for suffix in LAYOUT_FILES:
            html = polish / f"{plan}{suffix}.html"
            # No word in English for want of a Polish one (a bare span; words a text marks as
            # English carry their class: the next test).
            assert '<span lang="en">' not in html.read_text(encoding="utf-8"), html.name
            for path, text in ((html, html_text(html)),
                               (html.with_suffix(".pdf"), pdf_text(html.with_suffix(".pdf")))):
                assert text, path.name
                assert found_english(text, fragments) == [], path.name


def test_words_a_polish_text_marks_as_english_are_english_on_the_page_and_in_the_pdf(
        polish: Path) -> None:
    """In a language kindreflex does not ship, a text marks a loanword as English
    (`[grooming]{lang=en}`): the web page says so, the PDF's tags say so, the mark is gone."""
    page = (polish / "klub-sportowy.html").read_text(encoding="utf-8")
    assert '<span lang="en" class="lang-part">grooming</span>' in page
    assert "{lang=" not in page
    with pikepdf.open(polish / "klub-sportowy.pdf") as pdf:
        assert str(pdf.Root.Lang) == "pl-PL"
        assert ("/Span", "en") in structure_languages(pdf.Root.StructTreeRoot)
    text = pdf_text(polish / "klub-sportowy.pdf")
    assert "(grooming)" in text and "{lang=" not in text


def test_every_polish_pdf_passes_the_pdf_ua_check(polish: Path) -> None:
    for plan in PLANS:
        for suffix in LAYOUT_FILES:
            assert pdfua_problems(polish / f"{plan}{suffix}.pdf") == []


def test_the_check_finds_english_where_there_is_some() -> None:
    # The comparison itself: an English word among Polish ones is found, a Polish one is not.
    fragments = english_fragments()
    assert found_english("Kroki · Contents · Krok 1", fragments) == ["Contents"]
    assert found_english("Osoba ds. ochrony dzieci przejmuje sprawę", fragments) == []


def test_roles_stand_in_the_case_each_sentence_needs(polish: Path) -> None:
    worker = html_text(polish / "klub-sportowy-worker.html")
    card = html_text(polish / "klub-sportowy-card.html")
    handout = html_text(polish / "klub-sportowy.html")
    poster = pdf_text(polish / "klub-sportowy-poster.pdf")
    # The sector renamed the coordinator to a feminine noun: every case follows.
    assert "Dla opiekuna grupy" in worker  # genitive: "for the group carer"
    for text in (worker, card, poster):
        assert "Powiedz o tym osobie ds. ochrony dzieci w klubie." in text  # dative
    assert "razem z osobą ds. ochrony dzieci w klubie" in worker  # instrumental
    assert "Osoba ds. ochrony dzieci w klubie przejmuje sprawę" in worker  # nominative
    assert "Poinformuj osobę ds. ochrony dzieci w klubie jeszcze dziś." in handout  # accusative
    assert "porozmawiać z osobą ds. ochrony dzieci w klubie" in handout  # instrumental
    assert "Zgłoś sprawę dyrekcji." in handout  # dative of another role
    assert "wolontariusza klubu" in handout  # genitive of a term the sector set
    assert "Skontaktuj się z Dziecięcym Telefonem Zaufania" in handout  # a contact's case
    for text in (worker, card, handout):
        assert "koordynator" not in text  # no form of the framework's name is left


def test_titles_name_the_layout_and_the_context(polish: Path) -> None:
    def title(name: str) -> str:
        html = (polish / name).read_text(encoding="utf-8")
        return re.search(r"<title>(.*?)</title>", html).group(1)  # type: ignore[union-attr]

    base = "Co robić, gdy niepokoisz się o dziecko – Kluby sportowe"
    assert title("klub-sportowy.html") == base
    assert title("klub-sportowy-card.html") == f"{base} (Karta kieszonkowa)"
    assert title("klub-sportowy+zdalnie-card.html") == \
        f"{base} · Zajęcia zdalne (Karta kieszonkowa)"
    for name in ("klub-sportowy-card.pdf", "klub-sportowy+zdalnie-card.pdf"):
        metadata = PdfReader(str(polish / name)).metadata
        assert metadata is not None and metadata.title == title(name.replace(".pdf", ".html"))


def test_without_its_interface_words_strict_fails_and_english_is_marked(tmp_path: Path) -> None:
    root = tmp_path / "bare"
    shutil.copytree(POLSKI, root)
    shutil.rmtree(root / "templates")
    result = run("validate", "--root", str(root), "--strict")
    assert result.exit_code == 1
    assert ('frameworks/procedura.yaml:13:13: warning[interface-word-missing]: the interface '
            'word "Contents" has no translation in pl-PL') in result.output
    assert 'the interface word "Tell %(role)s." has no translation in pl-PL' in result.output
    listed = run("translations", "--root", str(root), "--format", "json")
    missing = {word["msgid"] for word in json.loads(listed.stdout)["interface"]}
    assert {"Contents", "Tell %(role)s.", "Step %(number)s"} <= missing
    out = tmp_path / "out"
    run_build(BuildRequest(root=root, sectors=("klub-sportowy",), layouts=("card",),
                           out=out, jobs=1))
    html = (out / "pl-PL" / "klub-sportowy-card.html").read_text(encoding="utf-8")
    assert '<html lang="pl-PL"' in html
    assert '<span lang="en">The steps</span>' in html
    # The sentence around a name: only its English words are marked, the Polish name is not.
    assert re.search(r'<span lang="en">Tell </span>osoba ds\. ochrony dzieci w klubie'
                     r'<span lang="en">\.</span>', html), html
    assert "<title>Co robić" in html and "\ufdd0" not in html and "\ufdd1" not in html
    with pikepdf.open(out / "pl-PL" / "klub-sportowy-card.pdf") as pdf:
        assert str(pdf.Root.Lang) == "pl-PL"
        spans = structure_languages(pdf.Root.StructTreeRoot)
    assert ("/Span", "en") in spans
    assert pdfua_problems(out / "pl-PL" / "klub-sportowy-card.pdf") == []



def _filled(catalogue: str, leave_out: set[str]) -> str:
    """A catalogue of `translations --format po` with every msgstr written (the English copied,
    placeholders and all), except the messages in `leave_out`."""
    catalog = read_po(io.StringIO(catalogue))
    for message in catalog:
        if message.id and message_key(message) not in leave_out:
            message.string = (tuple(message.id[min(n, 1)] for n in range(len(message.string)))
                              if isinstance(message.id, tuple) else message.id)
    out = io.BytesIO()
    write_po(out, catalog)
    return out.getvalue().decode("utf-8")


def test_a_new_language_is_told_once_and_its_catalogue_starts_from_translations(
        tmp_path: Path) -> None:
    root = tmp_path / "bare"
    shutil.copytree(POLSKI, root)
    shutil.rmtree(root / "templates")
    words = interface_messages()
    out = tmp_path / "out"

    def build() -> list[Issue]:
        heard: list[Issue] = []
        run_build(BuildRequest(root=root, sectors=("klub-sportowy",), layouts=("card",),
                               formats=("html",), out=out, jobs=1),
                  warn=lambda issue, _sources: heard.append(issue))
        return heard

    built = build()
    phone = phonenumbers.format_number(phonenumbers.example_number("PL"),
                                       phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    orgs = tmp_path / "orgs.csv"
    orgs.write_text(f"id,name,contact_name,contact_phone\nklub-a,Klub A,Anna Nowak,{phone}\n",
                    encoding="utf-8")
    batched = run_batch(BatchRequest(root=root, sector="klub-sportowy", orgs=orgs,
                                     out=tmp_path / "batch", formats=("html",),
                                     layouts=("card",), jobs=1))
    # `build` and `batch` say it once for the language, with the way to begin its catalogue.
    for warnings in (built, batched.warnings):
        told = [w for w in warnings if w.code == "interface-word-missing"]
        assert len(told) == 1, told
        assert told[0].message.startswith(f"{len(words)} of the {len(words)} interface words "
                                           "have no translation in pl-PL")
        assert told[0].hints[0] == (
            "'kindreflex translations --lang pl-PL --add-to-catalogue' adds every missing word "
            "to templates/locale/pl/LC_MESSAGES/messages.po, to translate")

    listed = run("translations", "--root", str(root), "--format", "po")
    assert listed.exit_code == 0, listed.output
    catalog = read_po(io.StringIO(listed.stdout))
    assert [m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id] == words
    assert all(not any(m.string) if isinstance(m.string, tuple) else m.string == ""
               for m in catalog if m.id)
    plural = [m for m in catalog if m.pluralizable]
    assert plural and all(len(m.string) == 3 for m in plural)  # Polish: three forms
    assert "python-format" in catalog[words[0]].flags
    assert listed.stderr.strip() == f"{len(words)} interface word(s) to translate in pl-PL"

    # Added to the root's catalogue (made, as none is there) and translated (here: the
    # English copied, placeholders kept), the warnings are gone.
    own = root / "templates" / "locale" / "pl" / "LC_MESSAGES" / "messages.po"
    added = run("translations", "--root", str(root), "--lang", "pl-PL", "--add-to-catalogue")
    assert added.exit_code == 0, added.output
    assert added.stdout.startswith(f"added {len(words)} interface word(s) of pl-PL to "
                                   "templates/locale/pl/LC_MESSAGES/messages.po")
    assert own.read_text(encoding="utf-8") == listed.stdout
    own.write_text(_filled(listed.stdout, set()), encoding="utf-8")
    assert run("validate", "--root", str(root), "--strict").exit_code == 0
    # Two words it leaves untranslated are named one by one, at the root's catalogue; they
    # are in it already, so nothing is added twice, and not a byte of it changes.
    left_out = {"Contents", "Tell %(role)s."}
    own.write_text(_filled(listed.stdout, left_out), encoding="utf-8")
    told = [w for w in build() if w.code == "interface-word-missing"]
    assert {re.search(r'"(.*)" has no', w.message).group(1) for w in told} == left_out  # type: ignore[union-attr]
    assert all(w.file == "templates/locale/pl/LC_MESSAGES/messages.po" for w in told)
    before = own.read_bytes()
    again = run("translations", "--root", str(root), "--lang", "pl-PL", "--add-to-catalogue")
    assert again.stdout.startswith("added 0 interface word(s)") and own.read_bytes() == before
    # Two entries taken out of it are added at its end, after everything it held.
    kept = _without(before.decode("utf-8"), left_out)
    own.write_text(kept, encoding="utf-8")
    rest = run("translations", "--root", str(root), "--format", "po")
    assert {m.id for m in read_po(io.StringIO(rest.stdout)) if m.id} == left_out
    assert "# English. Add these entries to templates/locale/pl/LC_MESSAGES/messages.po" \
        in rest.stdout
    added = run("translations", "--root", str(root), "--lang", "pl-PL", "--add-to-catalogue")
    assert added.stdout.startswith("added 2 interface word(s)")
    grown = own.read_text(encoding="utf-8")
    assert grown.startswith(kept.rstrip("\n"))
    assert {message_key(m) for m in read_po(io.StringIO(grown)) if m.id} == set(words)
    assert [w.message for w in build() if w.code == "interface-word-missing"] == \
        [f'the interface word "{word}" has no translation in pl-PL: it is printed in English'
         for word in words if word in left_out]


def test_the_preview_says_once_that_a_language_has_no_catalogue(tmp_path: Path) -> None:
    root = tmp_path / "bare"
    shutil.copytree(POLSKI, root)
    shutil.rmtree(root / "templates")
    heard: list[Issue] = []
    preview = Preview(root, warn=heard.append)
    preview.reload()
    assert [w.code for w in heard] == ["interface-word-missing"]
    assert "interface words have no translation in pl-PL" in heard[0].message
    preview.reload()  # a save elsewhere: not said again
    assert len(heard) == 1
    run("translations", "--root", str(root), "--lang", "pl-PL", "--add-to-catalogue")
    own = root / "templates" / "locale" / "pl" / "LC_MESSAGES" / "messages.po"
    own.write_text(_filled(own.read_text(encoding="utf-8"), {"Contents"}), encoding="utf-8")
    preview.reload()
    assert [w.message for w in heard[1:]] == [
        'the interface word "Contents" has no translation in pl-PL: it is printed in English']


def test_a_catalogue_that_cannot_be_read_is_never_replaced(tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(POLSKI, root)
    own = root / "templates" / "locale" / "pl" / "LC_MESSAGES" / "messages.po"
    broken = own.read_text(encoding="utf-8") + '\nmsgid "Contents"\n\nmsgid "Step"\n'
    own.write_text(broken, encoding="utf-8")
    for how in (("--format", "po"), ("--add-to-catalogue",), ()):
        result = run("translations", "--root", str(root), "--lang", "pl-PL", *how)
        assert result.exit_code == 1, how
        assert "error[interface-catalogue-invalid]" in result.stderr
        assert result.stdout == ""
    assert own.read_text(encoding="utf-8") == broken


def test_no_catalogue_is_written_through_a_link_out_of_the_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(POLSKI, root)
    shutil.rmtree(root / "templates")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "templates").mkdir()
    (root / "templates" / "locale").symlink_to(elsewhere)
    result = run("translations", "--root", str(root), "--lang", "pl-PL", "--add-to-catalogue")
    assert result.exit_code == 2
    assert "a folder on its way is a link out of the root's templates folder; nothing was " \
        "written" in result.stderr
    assert list(elsewhere.iterdir()) == []

def _without(catalogue: str, msgids: set[str]) -> str:
    """A catalogue's text with the entries of `msgids` taken out (each entry a paragraph)."""
    entries = catalogue.split("\n\n")
    return "\n\n".join(entry for entry in entries
                        if not any(f'msgid "{msgid}"' in entry.splitlines()
                                   for msgid in msgids))

def lines_of(words: list[Any]) -> list[str]:
    """pdfplumber's words as lines, each from its left end (a number's groups in the order
    they are drawn)."""
    rows: dict[int, list[Any]] = {}
    for word in words:
        rows.setdefault(round(word["top"]), []).append(word)
    return [" ".join(w["text"] for w in sorted(row, key=lambda w: w["x0"]))
            for row in rows.values()]


def test_a_plan_in_a_language_written_from_right_to_left_is_set_from_the_right(
        tmp_path: Path) -> None:
    """An Arabic plan (no catalogue: its interface words are English) says `dir="rtl"`, and
    each part in a language written the other way says `dir="ltr"`: the browser and the PDF
    set and align each line on its own side. Pages of other languages are untouched."""
    root = right_to_left_root(tmp_path / "arabic")
    out = tmp_path / "out"
    run_build(BuildRequest(root=root, sectors=("klub-sportowy",), layouts=("card", "worker"),
                           out=out, jobs=1))
    html = (out / "ar" / "klub-sportowy-card.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl"' in html
    english = re.findall(r'<span lang="en"[^>]*>', html)
    assert english and all(' dir="ltr"' in tag for tag in english)
    assert not re.search(r'<span lang="en" dir="ltr">(\s[^<]*|[^<]*\s)</span>', html)
    assert ' dir="rtl"' not in html.split("<html", 1)[1].split(">", 1)[1]  # only the page's
    # Numbers to dial (and addresses) are set from the left, whatever the page.
    numbers = re.findall(r'<(?:a|span) [^>]*class="tel[" ][^>]*>', html)
    assert numbers and all(' dir="ltr"' in tag for tag in numbers)

    with pdfplumber.open(out / "ar" / "klub-sportowy-card.pdf") as pdf:
        page = pdf.pages[0]
        title = [w for w in page.extract_words() if any("\u0600" <= c <= "\u06ff"
                                                          for c in w["text"])]
        page_words = page.extract_words()
        left = min(w["x0"] for w in page_words)
        right = max(w["x1"] for w in page_words)
    assert title
    # "800 12 12 12" reads so, not "12 12 12 800" as a number set from the right would.
    lines = lines_of(page_words)
    assert any("800 12 12 12" in line for line in lines), lines
    assert not any("12 12 12 800" in line for line in lines)
    # The title, shorter than the line, ends at the right margin and leaves the left free.
    assert right - max(w["x1"] for w in title) < 2
    assert min(w["x0"] for w in title) - left > 20
    # The worker's page 1 reads from the right: whom to tell (its first column) is on the
    # right half, the steps at a glance on the left; on the Polish page it is the other way.
    for lang, folder, first_on_right in (("ar", out, True),
                                         ("pl-PL", tmp_path / "polish", False)):
        if lang == "pl-PL":
            run_build(BuildRequest(root=POLSKI, sectors=("klub-sportowy",), layouts=("worker",),
                                   formats=("pdf",), out=folder, jobs=1))
        with pdfplumber.open(folder / lang / "klub-sportowy-worker.pdf") as pdf:
            page = pdf.pages[0]
            words = page.extract_words()
            middle = page.width / 2
        # "Name:" (or the Polish "Imię i nazwisko:") labels a line under whom to tell.
        labels = [w for w in words if w["text"].strip(":").lower() in ("name", "imię")]
        assert labels, [w["text"] for w in words]
        assert all((w["x0"] > middle) == first_on_right for w in labels), (lang, labels)
        # The footer (its edition code) where lines start, the page number where they end.
        edition = [w for w in words if w["text"].lower() in ("edition", "wydanie")]
        assert edition and all((w["x0"] > middle) == first_on_right for w in edition), lang
    with pikepdf.open(out / "ar" / "klub-sportowy-card.pdf") as pdf:
        assert str(pdf.Root.Lang) == "ar"
    assert pdfua_problems(out / "ar" / "klub-sportowy-card.pdf") == []


def _chart_page(pdf_path: Path) -> tuple[list[Any], float, list[float]]:
    """The words of the first page with a question and its answer "Tak" (the overview chart),
    the page's width, and where its flow line runs: the vertical lines 60 to 400 pt long (the
    line down the steps' column through a question's row; not the page's frame)."""
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            texts = {w["text"] for w in words}
            if "Tak" in texts and any("zewnątrz" in text for text in texts):
                flow = [float(edge["x0"]) for edge in page.edges
                        if edge["orientation"] == "v" and 60 < edge["height"] < 400]
                return words, float(page.width), flow
    raise AssertionError(f"no overview chart in {pdf_path}")


def test_the_chart_of_a_plan_written_from_right_to_left_is_its_mirror_image(
        tmp_path: Path) -> None:
    """Written from the right, the overview chart runs down the right: the steps there, each
    question's answers to its left, and a number an answer leads to reads in order (it was
    set from the right: "12 12 12 800"). Written from the left, it is the other way round.
    (The arrows' direction follows the same mirrored rules: templates/css/theme.css.)"""
    arabic = right_to_left_root(tmp_path / "arabic")
    for root, lang, from_the_right in ((arabic, "ar", True), (POLSKI, "pl-PL", False)):
        out = tmp_path / lang
        run_build(BuildRequest(root=root, sectors=("klub-sportowy",), formats=("pdf",),
                               out=out, jobs=1))
        words, width, flow = _chart_page(out / lang / "klub-sportowy.pdf")
        question = [w for w in words if "zewnątrz" in w["text"]]  # "… pomocy z zewnątrz?"
        answer = [w for w in words if w["text"] == "Tak"]  # its first answer: "yes"
        step = [w for w in words if w["text"] == "dalsze"]  # the step "Ustal dalsze kroki"
        assert question and answer and step, [w["text"] for w in words]
        assert (question[0]["x0"] > answer[-1]["x1"]) == from_the_right, lang
        assert (step[-1]["x0"] > width / 2) == from_the_right, lang
        # The flow line runs down the steps' column, not through the answers.
        assert flow and all((x > width / 2) == from_the_right for x in flow), (lang, flow)
        lines = lines_of(words)
        assert any("800 12 12 12" in line for line in lines), (lang, lines)
        assert not any("12 12 12 800" in line for line in lines), lang


def test_a_number_in_groups_reads_from_its_first_group_on_a_page_written_from_the_right(
        ) -> None:
    """Where no `tel` part can hold it (a link's text, a title), a number written in groups
    is set from the left on a page written from the right; a `tel` part is not wrapped
    again, and a page written from the left is not touched."""
    page = ('<html lang="ar"><p><a href="#s4">Krok 4: 800 12 12 12</a> <a class="tel" '
            'href="tel:+48800121212">800 12 12 12</a> 2026, +48 22 123 45 67.</p>'
            '<style>p { margin: 0 1em }</style></html>')
    assert with_directions(page) == (
        '<html lang="ar" dir="rtl"><p><a href="#s4">Krok 4: <span class="number" '
        'dir="ltr">800 12 12 12</span></a> <a dir="ltr" class="tel" '
        'href="tel:+48800121212">800 12 12 12</a> 2026, <span class="number" dir="ltr">'
        '+48 22 123 45 67</span>.</p><style>p { margin: 0 1em }</style></html>')
    usual = page.replace('lang="ar"', 'lang="pl"')
    assert with_directions(usual) is usual


def test_fallback_words_side_by_side_are_one_english_part() -> None:
    """A fallback message that names a fallback title ("see “When a child tells you
    something” at the top.") or says a number ("PDF, 6 pages") is one English part, not
    three: set from the right, three parts side by side came out in reverse order ("…tells
    youWhat to do…", "pages 6 PDF,")."""
    words = mark("What to do: see “") + mark("When a child tells you something") + \
        mark("” at the top.")
    page = (f'<html lang="ar"><p><a href="#d">{words}</a> اسم{mark(" takes over")} '
            f'{mark("PDF, ")}6{mark(" pages")}</p></html>')
    # A name between two fallback words, or a space (two messages), keeps them apart; a
    # number joins them.
    assert language_spans(page) == (
        '<html lang="ar" dir="rtl"><p><a href="#d"><span lang="en" dir="ltr">What to do: see '
        '“When a child tells you something” at the top.</span></a> اسم <span lang="en" '
        'dir="ltr">takes over</span> <span lang="en" dir="ltr">PDF, 6 pages</span></p></html>')


def test_only_parts_written_the_other_way_get_a_direction() -> None:
    page = ('<!DOCTYPE html><html lang="nl" class="print"><p>Bel <span lang="ar">مرحبا</span>'
            ' of <a hreflang="fr" lang="fr" href="#">SOS</a></p></html>')
    assert with_directions(page) == page.replace('lang="ar"', 'lang="ar" dir="rtl"')
    usual = '<html lang="fr"><p>Appelez <span lang="nl">Awel</span></p></html>'
    assert with_directions(usual) is usual
    # The space after "For" belongs between it and the name, which an English part set from
    # the left inside an Arabic line would put on its far side.
    arabic = '<html lang="ar"><p><span lang="en">For </span>اسم</p></html>'
    assert with_directions(arabic) == \
        '<html lang="ar" dir="rtl"><p><span lang="en" dir="ltr">For</span> اسم</p></html>'
