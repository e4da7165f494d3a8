"""The shipped content built end to end: every sector, language, layout and format."""

from __future__ import annotations

import io
import re
from functools import cache
from html import unescape
from pathlib import Path

import pikepdf
import pyphen
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from kindreflex.framework.model import Plan
from kindreflex.framework.phones import display_phone
from kindreflex.framework.project import load_project
from kindreflex.render.interface_words import interface_words
from kindreflex.render.localizer import localizer_for
from kindreflex.render.plan_view import PlanView
from kindreflex.render.theme import theme_for
from kindreflex.render.theme_fonts import theme_fonts

from ..helpers import REPO, outline_titles
from ..pdf_checks import pdfua_problems, structure_languages
from ..pdf_pages import pdf_text


@pytest.fixture(scope="module")
def shipped(shipped_build: Path) -> tuple[Path, dict[str, Plan]]:
    """The shared build of the repository (tests/shipped_build.py: among others `build --all
    --layout handout --layout card --layout poster`, where every layout fits its paper in
    every language) and the plans it was built from."""
    project = load_project(REPO)
    return shipped_build, {sector: project.plan(sector) for sector in project.sector_ids}


def test_every_sector_and_language_was_built(shipped: tuple[Path, dict[str, Plan]]) -> None:
    out, plans = shipped
    languages = load_project(REPO).languages
    assert len(plans) >= 3 and len(languages) >= 2
    for lang in languages:
        for sector in plans:
            for name in (sector, f"{sector}-card"):
                for ext in ("html", "pdf"):
                    assert (out / lang / f"{name}.{ext}").is_file()
                    assert f'href="{lang}/{name}.{ext}"' in (out / "index.html").read_text()


def test_handouts_have_every_step_in_order_and_every_number(
    shipped: tuple[Path, dict[str, Plan]],
) -> None:
    out, plans = shipped
    # Text extraction is slow: every sector in the default language, one in every language.
    first = next(iter(plans))
    cases = [(sector, plan, lang) for sector, plan in plans.items() for lang in plan.languages
             if lang == plan.default_language or sector == first]
    for sector, plan, lang in cases:
        loc = localizer_for(plan, lang)
        path = out / lang / f"{sector}.pdf"
        text = pdf_text(path)
        titles = [" ".join(loc.plain(step.title).split()) for step in plan.steps]
        # The overview flowchart repeats the titles; the step sections come after it.
        position = text.index(titles[0]) + len(titles[0])
        body_start = text.index(titles[-1], position)
        position = body_start + 1
        for title in titles[1:]:
            found = text.find(title, position)
            assert found >= 0, (path.name, lang, title)
            position = found + len(title)
        for contact in plan.contacts:
            if contact.phone:
                assert display_phone(contact.phone) in text, (path, contact.id)


def test_outline_has_an_entry_per_step(shipped: tuple[Path, dict[str, Plan]]) -> None:
    out, plans = shipped
    for sector, plan in plans.items():
        for lang in plan.languages:
            loc = localizer_for(plan, lang)
            titles = [" ".join(loc.plain(step.title).split()) for step in plan.steps]
            path = out / lang / f"{sector}.pdf"
            # French bookmarks carry a narrow no-break space before ':' and '?'.
            outline = [" ".join(t.split()) for t in outline_titles(path)]
            entries = [t for t in outline if any(x in t for x in titles)]
            assert len(entries) == len(titles), (path, entries)


def test_metadata_and_card_pages(shipped: tuple[Path, dict[str, Plan]]) -> None:
    out, plans = shipped
    for sector, plan in plans.items():
        for lang in plan.languages:
            handout = PdfReader(str(out / lang / f"{sector}.pdf"))
            assert handout.metadata is not None and handout.metadata.title
            assert handout.trailer["/Root"]["/Lang"] == lang
            card = PdfReader(str(out / lang / f"{sector}-card.pdf"))
            assert len(card.pages) <= 2, (sector, lang)
            card_text = pdf_text(out / lang / f"{sector}-card.pdf")
            for contact in plan.contacts:
                if contact.urgent and contact.phone:
                    assert display_phone(contact.phone) in card_text


def test_every_language_keeps_the_page_budgets(shipped: tuple[Path, dict[str, Plan]]) -> None:
    """Issue 11's budgets hold in French and English too, not only in Dutch (tests/render/
    test_layouts.py checks Dutch with and without the context): a handout of at most 12 A4
    pages, a card of two A6 pages, a poster of one A3 page."""
    out, plans = shipped
    for sector, plan in plans.items():
        for lang in plan.languages:
            pages = {name: len(PdfReader(str(out / lang / f"{name}.pdf")).pages)
                     for name in (sector, f"{sector}-card", f"{sector}-poster")}
            assert pages == {sector: pages[sector], f"{sector}-card": 2,
                             f"{sector}-poster": 1}, (lang, pages)
            assert pages[sector] <= 12, (lang, pages)


def test_french_handouts_and_cards_name_the_french_services(
    shipped: tuple[Path, dict[str, Plan]],
) -> None:
    """A French reader is sent to 103 Écoute-Enfants and SOS Enfants, and sees in which
    language each line answers; a Dutch card lists its Dutch-speaking line first and keeps the
    French one its steps depend on, marked with its language (docs/format.md)."""
    out, plans = shipped
    for sector in plans:
        for name in (sector, f"{sector}-card"):
            text = pdf_text(out / "fr" / f"{name}.pdf")
            assert "103 Écoute-Enfants" in text, name
            assert "SOS Enfants" in text, name
            assert "Langue : français" in text, name
        assert "Langue : néerlandais" in pdf_text(out / "fr" / f"{sector}.pdf")
        dutch_card = pdf_text(out / "nl" / f"{sector}-card.pdf")
        assert "Awel" in dutch_card and "Taal: Nederlands" in dutch_card
        assert "103 Écoute-Enfants FR" in dutch_card
        assert dutch_card.index("Awel 102") < dutch_card.index("103 Écoute-Enfants")


def test_french_pages_set_a_narrow_no_break_space_before_high_punctuation(
    shipped: tuple[Path, dict[str, Plan]],
) -> None:
    out, plans = shipped
    page = (out / "fr" / f"{next(iter(plans))}.html").read_text(encoding="utf-8")
    assert "Étape 1\u202f:" in page
    assert "maintenant\u202f?" in page
    # The body but the online check's script, code that typography leaves be (its words, in
    # the JSON block before it, are checked).
    body = re.sub(r"<script>.*?</script>", "", page.split("<body", 1)[1], flags=re.DOTALL)
    assert " ?" not in body and " :" not in body and "\u00a0:" not in body
    assert "https://" in page  # addresses keep their colon


def test_every_shipped_pdf_passes_the_pdfua_check(shipped: tuple[Path, dict[str, Plan]]) -> None:
    """`pdfua check` finds nothing in any PDF of the build: every sector, language, layout."""
    out, plans = shipped
    languages = load_project(REPO).languages
    pdfs = [out / lang / f"{sector}{suffix}.pdf" for lang in languages for sector in plans
            for suffix in ("", "-card", "-poster")]
    assert all(pdf.is_file() for pdf in pdfs)
    assert [problem for pdf in pdfs for problem in pdfua_problems(pdf)] == []


def test_every_shipped_pdf_embeds_only_the_bundled_fonts(
    shipped: tuple[Path, dict[str, Plan]],
) -> None:
    """No fallback font (issue 24): every font program in every PDF of the build is a subset
    of a bundled font (its family and PostScript name), embedded as TrueType (/FontFile2)."""
    out, _plans = shipped
    theme = theme_for(REPO)
    bundled = {_names(TTFont(str(path))) for path in theme_fonts(theme)}
    embedded: set[tuple[str, str]] = set()
    for path in sorted(out.glob("*/*.pdf")):
        with pikepdf.open(path) as pdf:
            for obj in pdf.objects:
                if not (isinstance(obj, pikepdf.Dictionary)
                        and obj.get("/Type") == "/FontDescriptor"):
                    continue
                assert not {"/FontFile", "/FontFile3"} & set(obj.keys()), (path, obj.FontName)
                names = _names(TTFont(io.BytesIO(obj.FontFile2.read_bytes())))
                assert names in bundled, (path.name, str(obj.FontName), names)
                assert str(obj.FontName).split("+", 1)[-1].startswith(
                    names[0].replace(" ", "-")), (path.name, str(obj.FontName))
                embedded.add(names)
    assert len(embedded) == 3, embedded  # regular, bold and italic are all in use


def _names(font: TTFont) -> tuple[str, str]:
    """A font's family and PostScript name."""
    return font["name"].getDebugName(1), font["name"].getDebugName(6)


def test_a_name_or_title_in_another_language_is_tagged_and_broken_in_it(
    shipped: tuple[Path, dict[str, Plan]],
) -> None:
    """The VK's Dutch name on a French or English paper, SOS Enfants on a Dutch one, a Dutch
    source's title under a French plan, words a text marks as Dutch: its structure element
    says its language (screen readers switch), and where it breaks over two lines it breaks
    at a syllable of its own language ("Kindermis-handeling", never "Kindermi-shandeling")."""
    out, plans = shipped
    checked = 0
    for sector, plan in plans.items():
        for lang in ("nl", "fr", "en"):
            view = PlanView(plan, localizer_for(plan, lang), interface_words(lang))
            names = {contact.id: code for contact in plan.contacts
                     if (code := view.name_language(contact)) is not None}
            assert names, (sector, lang)
            card = out / lang / f"{sector}-card.pdf"
            with pikepdf.open(card) as pdf:
                tagged = {code for _kind, code in structure_languages(pdf.Root.StructTreeRoot)}
            assert set(names.values()) <= tagged, (card.name, names, tagged)
            # The words of each name and title in another language, and that language.
            foreign = [(view.loc.plain(plan.contact(contact_id).name), code)
                       for contact_id, code in names.items()]
            foreign += [(source.title, source.language) for source in plan.sources
                        if source.language and view.lang_attribute(source.language)]
            for name in (sector, f"{sector}-card", f"{sector}-worker", f"{sector}-poster"):
                text = pdf_text(out / lang / f"{name}.pdf")
                # And the words its texts mark as another language, as its web page has them.
                page = (out / lang / f"{name}.html").read_text(encoding="utf-8")
                marked = [(unescape(re.sub(r"<[^>]+>", "", words)), code)
                          for code, words in LANGUAGE_PART.findall(page)]
                for words, code in [*foreign, *marked]:
                    for word, at in breaks_within(words, text):
                        checked += 1
                        assert at in syllables(code).positions(word), (
                            f"{lang}/{name}: {word[:at]}-{word[at:]} ({code})")
    assert checked, "no name or title in another language broke over a line: the rule read nothing"


@cache
def syllables(language: str) -> pyphen.Pyphen:
    """The hyphenation dictionary of `language` (WeasyPrint's own), loaded once."""
    return pyphen.Pyphen(lang=language)


# Words a text marks as another language (`[words]{lang=nl}`), in a web page.
LANGUAGE_PART = re.compile(r'<span lang="([^"]+)" class="lang-part">(.*?)</span>')
# PDFium reads the hyphen drawn at a line's end as U+FFFE or U+0002 (pdf_text makes the
# latter "-").
LINE_END_HYPHEN = "[\ufffe\x02-]"


def breaks_within(words: str, text: str) -> list[tuple[str, int]]:
    """Where `words` (a name, a title) stand in `text` broken at a line's end: each broken
    word and the number of its letters before the break."""
    found: list[tuple[str, int]] = []
    pattern = f"{LINE_END_HYPHEN}?".join(re.escape(char) for char in words)
    for match in re.finditer(pattern, text):
        index = 0
        for char in match.group(0):
            if index < len(words) and char == words[index]:
                index += 1
                continue
            start = max((m.start() for m in re.finditer(r"\w+", words[:index])), default=0)
            word = re.match(r"\w+", words[start:])
            if word is not None:
                found.append((word.group(0), index - start))
    return found
