"""`diff` shows what changed in a text: the changed words, marked, among a few unchanged
ones; the whole texts with --full. Never two identical cut-off strings."""

from __future__ import annotations

import re
from pathlib import Path

from kindreflex.editing.word_diff import word_diff, word_parts

from ..helpers import MINI, copy_project, run

# A long text, and the same text with one word changed deep inside it.
WORDS = ("Vertel het dezelfde dag aan de verantwoordelijke van de organisatie en schrijf op "
         "wat je zag en hoorde, met de woorden van het kind, zonder te oordelen of zelf te "
         "onderzoeken wat er gebeurd is; bewaar alles op een veilige plek waar alleen jij en "
         "de verantwoordelijke bij kunnen, en vraag advies voor je iets anders doet.")
CHANGED = WORDS.replace("veilige plek", "afgesloten plek", 1)


def project(tmp_path: Path) -> Path:
    root = copy_project(MINI, tmp_path / "root")
    kader = root / "frameworks" / "kader.yaml"
    kader.write_text(kader.read_text(encoding="utf-8").replace(
        "      - {id: feiten, text: {nl: Noteer de feiten., en: Write down the facts.}}",
        f'      - {{id: feiten, text: {{nl: "{WORDS}", en: Write down the facts.}}}}', 1),
        encoding="utf-8")
    sport = root / "frameworks" / "sectors" / "sport.yaml"
    sport.write_text(sport.read_text(encoding="utf-8") +
                     "  - replace: step:noteren/action:feiten\n    field: text\n"
                     f'    value: {{nl: "{CHANGED}", en: Write down the facts.}}\n',
                     encoding="utf-8")
    return root


def test_a_change_deep_inside_a_long_text_shows_the_changed_words(tmp_path: Path) -> None:
    result = run("diff", "sport", "--root", str(project(tmp_path)))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    head = lines.index("  ~ changed   step:noteren/action:feiten text")
    shown = lines[head + 1].strip()
    assert shown == "… is; bewaar alles op een [-veilige-] {+afgesloten+} plek waar alleen jij en …"
    assert WORDS[:60] not in result.stdout  # not the same cut-off start twice


def test_full_shows_the_whole_texts(tmp_path: Path) -> None:
    result = run("diff", "sport", "--root", str(project(tmp_path)), "--full")
    assert result.exit_code == 0, result.output
    shown = next(line.strip() for line in result.stdout.splitlines() if "{+afgesloten+}" in line)
    assert shown == CHANGED.replace("afgesloten", "[-veilige-] {+afgesloten+}")
    assert re.sub(r"\[-[^]]*-\] |\{\+|\+\}", "", shown) == CHANGED


def test_short_values_show_before_and_after_whole(tmp_path: Path) -> None:
    result = run("diff", "sport", "--root", str(MINI))
    assert "  ~ changed   role:verantwoordelijke name: 'verantwoordelijke' → 'API'" in \
        result.stdout


def test_word_parts_join_changes_a_word_or_two_apart() -> None:
    parts = word_parts("de persoon bij wie je terecht kunt", "de API van je club")
    assert [(p.kind, " ".join(p.words)) for p in parts] == [
        ("same", "de"), ("removed", "persoon bij wie je terecht kunt"),
        ("added", "API van je club")]


def test_word_diff_marks_and_colours() -> None:
    assert word_diff("a b c", "a x c") == "a [-b-] {+x+} c"
    assert word_diff("a b", "a b c") == "a b {+c+}"
    assert word_diff("a b c", "a c") == "a [-b-] c"
    coloured = word_diff("a b c", "a x c", colour=True)
    assert "[-" not in coloured and "\x1b[32mx\x1b[0m" in coloured


def test_diff_colours_only_a_terminal(tmp_path: Path) -> None:
    result = run("diff", "sport", "--root", str(project(tmp_path)))
    assert "\x1b" not in result.output
