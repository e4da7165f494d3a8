"""Content in any language: forms of names in texts, French contractions in texts, claim words
with stems per language, neutral parameter names, and ids suggested from any script."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from kindreflex.framework.org_params import ORG_PARAMS, param_value
from kindreflex.framework.project import load_project
from kindreflex.framework.schema_words import slug
from kindreflex.render.localizer import localizer_for

from ..helpers import TESTS, edited_mini, run

POLSKI = TESTS / "projects" / "polski"


def validate(root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = run("validate", "--root", str(root), "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def test_texts_ask_for_forms_and_overlays_change_them_with_the_name() -> None:
    project = load_project(POLSKI)
    framework = localizer_for(project.plan(None), "pl-PL")
    sector = localizer_for(project.plan("klub-sportowy"), "pl-PL")
    text = {"pl": "Poinformuj {role:koordynator|acc}; {Role:koordynator|ins}; "
                  "{term:organizacja|gen}; {role:koordynator}."}
    assert framework.plain(text) == ("Poinformuj koordynatora ds. ochrony dzieci; "
                                     "Koordynatorem ds. ochrony dzieci; organizacji; "
                                     "koordynator ds. ochrony dzieci.")
    assert sector.plain(text) == ("Poinformuj osobę ds. ochrony dzieci w klubie; "
                                  "Osobą ds. ochrony dzieci w klubie; klubu; "
                                  "osoba ds. ochrony dzieci w klubie.")


def test_a_name_renamed_without_its_forms_is_an_error_where_it_is_renamed(
        tmp_path: Path) -> None:
    root = tmp_path / "polski"
    shutil.copytree(POLSKI, root)
    sector = root / "frameworks" / "sectors" / "klub-sportowy.yaml"
    text = sector.read_text(encoding="utf-8")
    start = text.index("  - update: role:koordynator")
    end = text.index("  - replace: step:zapisz")
    sector.write_text(text[:start] + "  - replace: role:koordynator\n    field: name\n"
                      '    value: "osoba ds. ochrony dzieci w klubie"\n' + text[end:],
                      encoding="utf-8")
    code, report = validate(root)
    assert code == 1
    (error,) = [e for e in report["errors"] if e["code"] == "form-outdated"]
    assert (error["file"], error["line"]) == ("frameworks/sectors/klub-sportowy.yaml", 20)
    assert error["message"].startswith("the name of role:koordynator was changed here, but its "
                                       "forms are still those of the name before "
                                       "(frameworks/procedura.yaml:")


def test_french_texts_contract_a_word_with_the_article_of_a_name(tmp_path: Path) -> None:
    root = edited_mini(
        tmp_path / "mini",
        ("languages: [nl, en]", "languages: [nl, en, fr]"),
        ("    name: {nl: verantwoordelijke, en: person in charge}",
         "    name: {nl: verantwoordelijke, en: person in charge, fr: le ou la responsable}"),
        ("  organisatie: {nl: de organisatie, en: the organisation}",
         "  organisatie: {nl: de organisatie, en: the organisation, fr: le club}"),
    )
    plan = load_project(root).plan(None)
    french = localizer_for(plan, "fr")
    assert french.plain({"fr": "Adressez-vous à {role:verantwoordelijke} ou au bureau "
                               "de {term:organisatie}."}) == \
        "Adressez-vous au ou à la responsable ou au bureau du club."
    assert french.plain({"fr": "À {term:organisatie}, parlez-en."}) == "Au club, parlez-en."


def test_a_term_with_forms_validates_and_a_bad_form_name_is_located(tmp_path: Path) -> None:
    root = edited_mini(tmp_path / "mini", (
        "  organisatie: {nl: de organisatie, en: the organisation}",
        "  organisatie:\n    name: {nl: de organisatie, en: the organisation}\n"
        "    forms: {nl: {Gen: der organisatie}}"))
    code, report = validate(root)
    assert code == 1
    assert [(e["line"], e["column"], e["code"], e["message"]) for e in report["errors"]] == [
        (12, 18, "schema-invalid-value", "the name 'Gen' in 'nl' in 'forms' of 'organisatie' "
         "of 'terms' of the framework is not a name of a form")]
    fixed = edited_mini(tmp_path / "fixed", (
        "  organisatie: {nl: de organisatie, en: the organisation}",
        "  organisatie:\n    name: {nl: de organisatie, en: the organisation}\n"
        "    forms: {nl: {gen: der organisatie}}"))
    assert validate(fixed, "--strict") == (0, {"errors": [], "warnings": []})
    plan = load_project(fixed).plan(None)
    assert plan.terms["organisatie"]["nl"] == "de organisatie"
    assert localizer_for(plan, "nl").plain({"nl": "{term:organisatie|gen}"}) == "der organisatie"


@pytest.mark.parametrize(("lang", "words", "text", "found"), [
    # Dutch: a compound and an inflection of the listed stem.
    ("nl", "legal: ['*decreet']", "Het Jeugddecreet regelt dit.", "Jeugddecreet"),
    ("nl", "duty: ['verplicht*']", "Dat is een verplichting van de club.", "verplichting"),
    # French: feminine and plural forms, and the word with its accent.
    ("fr", "duty: ['obligatoire*', 'obligation*']", "Des déclarations obligatoires.",
     "obligatoires"),
    ("fr", "legal: ['décret*']", "Selon les décrets de 2021.", "décrets"),
    # Polish: cases of a noun, written with the stem.
    ("pl", "legal: ['ustaw*']", "Zgodnie z ustawą o ochronie małoletnich.", "ustawą"),
    ("pl", "duty: ['obowiąz*']", "To jest obowiązek każdego opiekuna.", "obowiązek"),
])
def test_claim_words_match_stems_and_compounds_per_language(
        tmp_path: Path, lang: str, words: str, text: str, found: str) -> None:
    root = edited_mini(
        tmp_path / "mini",
        ("languages: [nl, en]", f"languages: [nl, en{', ' + lang if lang != 'nl' else ''}]"),
        ("terms:\n", f"claim_words:\n  {lang}: {{{words}}}\nterms:\n"),
        ("      - {id: feiten, text: {nl: Noteer de feiten., en: Write down the facts.}}",
         f"      - {{id: feiten, text: {{nl: Noteer de feiten., en: Write down the facts., "
         f"{lang}: \"{text}\"}}}}" if lang != "nl" else
         f"      - {{id: feiten, text: {{nl: \"{text}\", en: Write down the facts.}}}}"),
    )
    code, report = validate(root)
    assert code == 0
    messages = [w["message"] for w in report["warnings"] if w["code"] == "claim-unsourced"]
    assert len(messages) == 1 and f"('{found}')" in messages[0], report


def test_claim_words_of_one_language_leave_the_others_alone(tmp_path: Path) -> None:
    root = edited_mini(
        tmp_path / "mini",
        ("terms:\n", "claim_words:\n  en: {duty: ['obliga*']}\nterms:\n"),
        ("      - {id: feiten, text: {nl: Noteer de feiten., en: Write down the facts.}}",
         "      - {id: feiten, text: {nl: Dat is obligaat., en: Write down the facts.}}"),
    )
    assert validate(root, "--strict")[0] == 0  # the Dutch text is not checked with English words


def test_organisation_params_have_english_names_and_keep_the_dutch_ones() -> None:
    assert ORG_PARAMS["name"] == "organisation-name"
    assert all("aanspreekpunt" not in name and "organisatie" not in name
               for name in ORG_PARAMS.values())
    set_new = {"organisation-name": "KSA Noord", "organisatie-naam": ""}
    assert param_value(set_new, "organisatie-naam") == "KSA Noord"
    assert param_value({"aanspreekpunt-naam": "Ann"}, "contact-person-name") == "Ann"
    with pytest.raises(KeyError):
        param_value({}, "organisation-name")


def test_a_text_with_the_old_param_name_still_resolves(tmp_path: Path) -> None:
    root = edited_mini(tmp_path / "mini", (
        "terms:\n", "params:\n  organisation-name: ''\nterms:\n"), (
        "en: Write down the facts.}}",
        "en: \"Write down the facts for {param:organisatie-naam}.\"}}"))
    assert validate(root, "--strict")[0] == 0
    plan = load_project(root).plan(None, None, {
        "kind": "organisation", "id": "noord", "extends": "kader",
        "operations": [{"set": {"params": {"organisation-name": "KSA Noord"}}}]})
    assert localizer_for(plan, "en").plain(plan.steps[1].actions[0].text) == \
        "Write down the facts for KSA Noord."


@pytest.mark.parametrize(("written", "language", "suggested"), [
    ("Einschätzen", "de", "einschaetzen"),
    ("Fotoß", "de-AT", "fotoss"),
    ("Jugendhaus Müller", "de", "jugendhaus-mueller"),
    ("Päiväkoti", "fi", "paivakoti"),  # Finnish ä is a letter of its own: no 'ae'
    ("Café Été", "fr", "cafe-ete"),
    ("Łódź Żłobek", "pl-PL", "lodz-zlobek"),
    ("Sportclub Gent", None, "sportclub-gent"),
])
def test_id_suggestions_transliterate(written: str, language: str | None,
                                      suggested: str) -> None:
    assert slug(written, language) == suggested


def test_an_id_hint_is_in_the_framework_language(tmp_path: Path) -> None:
    root = edited_mini(tmp_path / "mini", ("languages: [nl, en]", "languages: [de, en]"),
                       ("  - id: luister\n", "  - id: Zuhören\n"))
    code, report = validate(root)
    assert code == 1
    hints = [h for e in report["errors"] if e["code"] == "schema-invalid-id" for h in e["hints"]]
    assert "for example 'zuhoeren'" in hints
