"""Interface messages with content: whole sentences with named placeholders, names in the form
each language asks for, French contractions, catalogues of a theme word by word."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kindreflex.framework.grammar import MESSAGE_PLACEHOLDER, join_name
from kindreflex.framework.project import load_project
from kindreflex.layouts import LAYOUTS
from kindreflex.output.build import BuildRequest, run_build
from kindreflex.render.interface_words import interface_words, shipped_catalogue
from kindreflex.render.localizer import Name
from kindreflex.render.pages import render_plan
from kindreflex.render.theme import theme_for

from ..helpers import REPO, TESTS, run
from ..lines import line_of
from .test_any_language import html_text, page_text

POLSKI = TESTS / "projects" / "polski"
LANGUAGES = ("nl", "en", "fr", "pl-PL")
PL_CASES = ("gen", "dat", "acc", "ins", "loc")


def _polish(base: str, endings: dict[str, str]) -> Name:
    return Name(base, {"pl": endings})


# Two roles and a contact in each language, as a plan would give them (Polish with its cases).
ROLES = {
    "nl": (Name("de verantwoordelijke", {}), Name("de API", {})),
    "en": (Name("the person in charge", {}), Name("the API", {})),
    "fr": (Name("le ou la responsable", {}), Name("le référent intégrité (API)", {})),
    "pl-PL": (_polish("koordynator ds. ochrony dzieci", {
        "gen": "koordynatora ds. ochrony dzieci", "dat": "koordynatorowi ds. ochrony dzieci",
        "acc": "koordynatora ds. ochrony dzieci", "ins": "koordynatorem ds. ochrony dzieci",
        "loc": "koordynatorze ds. ochrony dzieci"}),
        _polish("dyrekcja", {"gen": "dyrekcji", "dat": "dyrekcji", "acc": "dyrekcję",
                             "ins": "dyrekcją", "loc": "dyrekcji"})),
}
CONTACTS = {
    "nl": Name("Noodnummer 112", {}), "en": Name("Emergency number 112", {}),
    "fr": Name("Numéro d’urgence 112", {}),
    "pl-PL": _polish("Numer alarmowy 112", {"ins": "numerem alarmowym 112"}),
}
# What the sentences around names must read, in every language.
EXPECTED = {
    "Tell %(role)s.": {
        "nl": "Vertel het aan de verantwoordelijke.", "en": "Tell the person in charge.",
        "fr": "Prévenez le ou la responsable.",
        "pl-PL": "Powiedz o tym koordynatorowi ds. ochrony dzieci."},
    "For %(role)s": {
        "nl": "Voor de verantwoordelijke", "en": "For the person in charge",
        "fr": "Pour le ou la responsable", "pl-PL": "Dla koordynatora ds. ochrony dzieci"},
    "with %(roles)s": {
        "nl": "samen met de verantwoordelijke en de API",
        "en": "with the person in charge and the API",
        "fr": "avec le ou la responsable et le référent intégrité (API)",
        "pl-PL": "razem z koordynatorem ds. ochrony dzieci i dyrekcją"},
    "%(role)s takes over": {
        "nl": "De verantwoordelijke neemt over", "en": "The person in charge takes over",
        "fr": "Le ou la responsable prend le relais",
        "pl-PL": "Koordynator ds. ochrony dzieci przejmuje sprawę"},
    "Contact %(contact)s": {
        "nl": "Contact: Noodnummer 112", "en": "Contact: Emergency number 112",
        "fr": "Contact : Numéro d’urgence 112",
        "pl-PL": "Skontaktuj się z numerem alarmowym 112"},
}


def messages_with_placeholders() -> list[str]:
    with shipped_catalogue("en").open("rb") as handle:
        catalog = read_po(handle, locale="en")
    return sorted(message.id if isinstance(message.id, str) else message.id[0]
                  for message in catalog if message.id and "%(" in str(message.id))


def words_of(lang: str):  # type: ignore[no-untyped-def]
    return interface_words(lang, theme_for(POLSKI) if lang.startswith("pl") else None)


def test_the_list_of_messages_is_complete() -> None:
    listed = messages_with_placeholders()
    assert set(EXPECTED) <= set(listed)
    assert "Step %(number)s: %(title)s" in listed and len(listed) >= 20


@pytest.mark.parametrize("msgid", messages_with_placeholders())
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_with_a_placeholder_renders(msgid: str, lang: str) -> None:
    words = words_of(lang)
    written, fell_back = words.raw_message(msgid)
    assert not fell_back, f"{msgid!r} has no {lang} translation"
    values: dict[str, object] = {}
    for key in {match.group(1) for match in MESSAGE_PLACEHOLDER.finditer(msgid)}:
        values[key] = {"role": ROLES[lang][0], "roles": list(ROLES[lang]),
                       "contact": CONTACTS[lang]}.get(key, f"<{key.upper()}>")
    if msgid.startswith("PDF, "):
        shown = words.ngettext(msgid, msgid.replace("page", "pages"), 3, **values)
    else:
        shown = words.gettext(msgid, **values)
    assert "%(" not in shown and "\ufdd0" not in shown
    for key, value in values.items():
        if isinstance(value, str):
            assert value in shown, (key, shown)
    if msgid in EXPECTED:
        assert shown == EXPECTED[msgid][lang]
    # A Polish translation that asks for a case gets the name in that case.
    for match in MESSAGE_PLACEHOLDER.finditer(written):
        if match.group(2):
            assert lang == "pl-PL" and match.group(2) in PL_CASES


def test_html_messages_escape_the_catalogue_and_keep_markup_values() -> None:
    from markupsafe import Markup

    words = interface_words("en")
    html = words.gettext_html("Only if %(condition)s", condition=Markup("<em>a</em> & b"))
    assert html == "Only if <em>a</em> & b"
    assert words.gettext_html("Go to: %(title)s", title="<b>x</b>") == "Go to: &lt;b&gt;x&lt;/b&gt;"


@pytest.mark.parametrize(("before", "name", "expected"), [
    ("Adressez-vous à ", "le pouvoir organisateur", "Adressez-vous au pouvoir organisateur"),
    ("Adressez-vous à ", "les responsables", "Adressez-vous aux responsables"),
    ("le numéro de ", "le club", "le numéro du club"),
    ("la liste de ", "les contacts", "la liste des contacts"),
    ("À ", "le club", "Au club"),
    ("Adressez-vous à ", "le ou la responsable", "Adressez-vous au ou à la responsable"),
    ("le nom de ", "le ou la responsable", "le nom du ou de la responsable"),
    ("Adressez-vous à ", "la direction", "Adressez-vous à la direction"),
    ("Adressez-vous à ", "l’organisation", "Adressez-vous à l’organisation"),
    ("Voilà ", "le club", "Voilà le club"),  # "là" is not "à"
])
def test_french_contractions(before: str, name: str, expected: str) -> None:
    assert "".join(join_name(before, name, "fr-BE")) == expected
    assert "".join(join_name(before, name, "nl")) == before + name  # other languages: none


def test_a_theme_overrides_words_one_by_one_and_french_contracts(tmp_path: Path) -> None:
    catalogue = tmp_path / "templates" / "locale" / "fr" / "LC_MESSAGES" / "messages.po"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text('#, python-format\nmsgid "Tell %(role)s."\n'
                         'msgstr "Adressez-vous à %(role)s."\n', encoding="utf-8")
    words = interface_words("fr", theme_for(tmp_path))
    assert words.gettext("Tell %(role)s.", role=Name("le pouvoir organisateur", {})) == \
        "Adressez-vous au pouvoir organisateur."
    assert words.gettext("Tell %(role)s.", role=Name("les animateurs", {})) == \
        "Adressez-vous aux animateurs."
    assert words.gettext("Contents") == "Sommaire"  # the others stay kindreflex's own
    assert interface_words("fr").gettext("Tell %(role)s.", role=Name("la direction", {})) == \
        "Prévenez la direction."


def test_no_shipped_french_output_misses_a_contraction() -> None:
    """Every French page of every sector, with and without every context, in every layout:
    the PDF is made from the print page, so its text is the print page's."""
    project = load_project(REPO)
    theme = theme_for(REPO)
    wrong = re.compile(r"(?<!\w)(à|de) (le|les) ", re.IGNORECASE)
    pages = 0
    for sector in project.sector_ids:
        for context in (None, *project.context_ids):
            plan = project.plan(sector, context)
            for layout in LAYOUTS:
                for medium in ("screen", "print"):
                    html = render_plan(plan, "fr", theme=theme, day=date(2026, 12, 6),
                                       layout=layout, medium=medium)
                    text = page_text(html)
                    assert not wrong.search(text), (plan.plan_id, layout, wrong.findall(text))
                    pages += 1
    assert pages == len(project.sector_ids) * (1 + len(project.context_ids)) * len(LAYOUTS) * 2


def _polski_copy(tmp_path: Path) -> Path:
    root = tmp_path / "polski"
    shutil.copytree(POLSKI, root)
    return root


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_form_a_text_asks_for_and_no_name_has_is_an_error_at_the_text(tmp_path: Path) -> None:
    root = _polski_copy(tmp_path)
    framework = root / "frameworks" / "procedura.yaml"
    _replace(framework, "{role:koordynator|acc} jeszcze", "{role:koordynator|voc} jeszcze")
    line = next(n for n, text in enumerate(framework.read_text().splitlines(), 1)
                if "|voc}" in text)
    result = run("validate", "--root", str(root))
    assert result.exit_code == 1
    assert (f"frameworks/procedura.yaml:{line}:") in result.output
    assert ("error[form-missing]: the placeholder '{role:koordynator|voc}' asks for the form "
            "'voc' of role 'koordynator' in pl-PL, which it does not declare") in result.output
    assert "declared forms: acc, dat, gen, ins, loc" in result.output


def test_a_form_of_a_value_without_forms_is_refused(tmp_path: Path) -> None:
    root = _polski_copy(tmp_path)
    _replace(root / "frameworks" / "procedura.yaml", "Zadzwoń pod numer 112.",
             "Zadzwoń pod numer {phone:112|gen}.")
    result = run("validate", "--root", str(root))
    assert result.exit_code == 1
    assert "error[form-not-allowed]: the placeholder '{phone:112|gen}'" in result.output


def test_a_form_a_translation_asks_for_is_checked_at_its_catalogue_line(tmp_path: Path) -> None:
    root = _polski_copy(tmp_path)
    catalogue = root / "templates" / "locale" / "pl" / "LC_MESSAGES" / "messages.po"
    _replace(catalogue, '"Powiedz o tym %(role|dat)s."', '"Powiedz o tym %(role|voc)s."')
    line = next(n for n, text in enumerate(catalogue.read_text().splitlines(), 1)
                if text.startswith('msgid "Tell %(role)s."'))
    result = run("validate", "--root", str(root))
    assert result.exit_code == 1
    label = "templates/locale/pl/LC_MESSAGES/messages.po"
    assert (f"{label}:{line}:1: error[form-missing]: the translation of \"Tell %(role)s.\" in "
            "pl-PL asks for the form 'voc' of every role's name, but role 'opiekun' "
            "(the framework) does not declare it") in result.output
    # The sector renames the coordinator and gives the new name its forms: checked too.
    assert "role 'koordynator' (the framework)" in result.output


def test_a_translation_must_keep_the_placeholders_of_its_message(tmp_path: Path) -> None:
    root = _polski_copy(tmp_path)
    catalogue = root / "templates" / "locale" / "pl" / "LC_MESSAGES" / "messages.po"
    _replace(catalogue, '"Krok %(number)s: %(title)s"', '"Krok %(numer)s: %(title)s"')
    _replace(catalogue, '"Dalej: %(title)s"', '"Dalej: %(title|gen)s"')
    result = run("validate", "--root", str(root))
    assert result.exit_code == 1
    assert ("error[interface-word-placeholder]: the translation of \"Step %(number)s: "
            "%(title)s\" in pl-PL has the placeholders %(numer)s, %(title)s, the message "
            "%(number)s, %(title)s") in result.output
    assert ("error[form-not-allowed]: the translation of \"Go on with: %(title)s\" in pl-PL "
            "asks for the form 'gen' of %(title)s, which is not a name") in result.output


def test_a_catalogue_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    """Notepad and other editors start a UTF-8 file with a byte-order mark; the YAML and CSV
    readers skip it, and so does the catalogue's (it was 'Unknown or misformatted keyword')."""
    root = _polski_copy(tmp_path)
    catalogue = root / "templates" / "locale" / "pl" / "LC_MESSAGES" / "messages.po"
    catalogue.write_bytes(b"\xef\xbb\xbf" + catalogue.read_bytes())
    result = run("validate", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "interface-catalogue-invalid" not in result.output
    assert interface_words("pl-PL", theme_for(root)).gettext("Contents") != "Contents"


def test_an_unreadable_catalogue_is_a_located_error(tmp_path: Path) -> None:
    root = _polski_copy(tmp_path)
    catalogue = root / "templates" / "locale" / "pl" / "LC_MESSAGES" / "messages.po"
    catalogue.write_text('msgid "Contents"\nmsgstr "Spis treści"\nmsgid "Sources\n',
                         encoding="utf-8")
    result = run("validate", "--root", str(root))
    assert result.exit_code == 1
    # The line of the message that has no msgstr (Babel counts from 0: not one line early).
    broken = line_of(catalogue, 'msgid "Sources')
    assert (f"templates/locale/pl/LC_MESSAGES/messages.po:{broken}:1: "
            "error[interface-catalogue-invalid]: the interface catalogue is not a valid gettext "
            "catalogue: missing msgstr for msgid") in result.output, result.output
    # Its words are not known to be missing: no warning that each is printed in English.
    assert "interface-word-missing" not in result.output, result.output
    built = run("build", "klub-sportowy", "--root", str(root), "--layout", "card",
                "--format", "html", "--out", str(tmp_path / "out"))
    assert built.exit_code == 1 and "interface-catalogue-invalid" in built.output
    assert not (tmp_path / "out" / "pl-PL").exists()


def test_a_changed_interface_word_rebuilds_the_pages(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796515200")
    root = _polski_copy(tmp_path)
    out = tmp_path / "out"
    request = BuildRequest(root=root, sectors=("klub-sportowy",), layouts=("card",),
                           formats=("html",), out=out)
    page = out / "pl-PL" / "klub-sportowy-card.html"
    assert page in run_build(request)
    assert "KROKI" not in page.read_text() and ">Kroki<" in page.read_text()
    assert page not in run_build(request)  # nothing changed: nothing rebuilt
    catalogue = root / "templates" / "locale" / "pl" / "LC_MESSAGES" / "messages.po"
    _replace(catalogue, 'msgstr "Kroki"', 'msgstr "Kolejne kroki"')
    assert page in run_build(request)
    assert ">Kolejne kroki<" in page.read_text()
    assert html_text(page)
