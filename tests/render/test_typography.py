"""French typography on rendered pages: a narrow no-break space before : ; ? ! and inside « »."""

from __future__ import annotations

import pytest

from kindreflex.render.typography import NNBSP, finish, french


@pytest.mark.parametrize(("source", "expected"), [
    ("Étape 1 : Notez", f"Étape 1{NNBSP}: Notez"),
    ("Étape 1: Notez", f"Étape 1{NNBSP}: Notez"),
    ("Vous hésitez ? Appelez.", f"Vous hésitez{NNBSP}? Appelez."),
    ("Attention !", f"Attention{NNBSP}!"),
    ("Oui ?!", f"Oui{NNBSP}?!"),
    ("a ; b", f"a{NNBSP}; b"),
    ("« Tu veux ? »", f"«{NNBSP}Tu veux{NNBSP}?{NNBSP}»"),
    ("<strong>Qui</strong>: le responsable", f"<strong>Qui</strong>{NNBSP}: le responsable"),
    ("le <em>niet-pluisgevoel</em> : le", f"le <em>niet-pluisgevoel</em>{NNBSP}: le"),
    ('<h2 data-bookmark="Étape 2: Notez">x</h2>',
     f'<h2 data-bookmark="Étape 2{NNBSP}: Notez">x</h2>'),
])
def test_french_spacing(source: str, expected: str) -> None:
    assert french(source) == expected


@pytest.mark.parametrize("unchanged", [
    'Voir <a href="https://www.1712.be">https://www.1712.be</a>',
    "de 14:30 à 17:00",
    "mailto:info@example.be",
    "<style>a:hover { color: red; }</style>",
    '<span class="q-icon" aria-hidden="true">?</span> ',
    "https://example.org/?a=1",
])
def test_addresses_times_styles_and_icons_stay_as_they_are(unchanged: str) -> None:
    assert french(unchanged) == unchanged


def test_only_french_gets_the_rule() -> None:
    assert finish("Step 1: Write", "en") == "Step 1: Write"
    assert finish("Stap 1: Schrijf", "nl") == "Stap 1: Schrijf"
    assert finish("Étape 1 : Notez", "fr-BE") == f"Étape 1{NNBSP}: Notez"


def test_an_overlong_run_of_letters_is_kept_cheap_to_break() -> None:
    """Longer than any real word: in a span that is never hyphenated (render time)."""
    word = "abcdefghij" * 5
    html = (f"<html><head><title>{word}</title><style>p::after {{ content: '{word}'; }}"
            f"</style></head><body><p>Kinderopvangmedewerker {word}.</p></body></html>")
    done = finish(html, "nl")
    assert f'<p>Kinderopvangmedewerker <span class="long-word">{word}</span>.</p>' in done
    assert f"<title>{word}</title>" in done and f"content: '{word}'" in done
    assert finish(html.replace(word, word[:39]), "en") == html.replace(word, word[:39])
