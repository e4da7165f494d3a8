"""Finer tailoring: list texts with ids, reasons on every operation, conditions ("Only if …"),
and decisions inside route steps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kindreflex.framework.checks import check_resolution
from kindreflex.framework.freeze import build_plan
from kindreflex.framework.model import Entry
from kindreflex.framework.overlay import Resolution

from ..helpers import MINI, copy_project, edited_mini, run
from ..lines import line_of
from .test_overlay import resolve, step

KADER = MINI / "frameworks" / "kader.yaml"


def with_framework(tmp_path: Path, old: str, new: str) -> Path:
    return edited_mini(tmp_path / "p", (old, new))


def with_sector(root: Path, operations: str) -> Path:
    (root / "frameworks" / "sectors" / "zorg.yaml").write_text(
        "kind: sector\nid: zorg\nextends: kader\ntitle: {nl: Zorg, en: Care}\n"
        "operations:\n" + operations)
    return root


def codes(res: Resolution) -> list[str]:
    return [i.code for i in [*res.issues, *check_resolution(res)]]


# --- ids on do, dont and examples ----------------------------------------------------------

ENTRIES = """\
    do:
      - {nl: Gebruik de woorden van het kind., en: Use the child's own words.}
      - {id: rustig, text: {nl: Blijf rustig., en: Stay calm.}}
      - {id: datum, text: {nl: Noteer de datum., en: Write down the date.}}
"""


def entries_root(tmp_path: Path) -> Path:
    return with_framework(
        tmp_path,
        "    do:\n      - {nl: Gebruik de woorden van het kind., en: Use the child's own words.}\n",
        ENTRIES)


def test_texts_with_and_without_ids_validate_side_by_side(tmp_path: Path) -> None:
    root = entries_root(tmp_path)
    result = run("validate", "--strict", "--root", str(root))
    assert result.exit_code == 0, result.output
    result = run("explain", "sport", "--root", str(root))
    assert "step:noteren/do:rustig    [frameworks/kader.yaml:" in result.stdout
    assert "step:noteren/do:datum" in result.stdout


@pytest.mark.parametrize(("operations", "expected"), [
    ("  - remove: step:noteren/do:rustig\n    reason: {nl: Staat elders., en: Elsewhere.}\n",
     ["Use the child's own words.", "Write down the date.", "Also note the training session."]),
    ("  - replace: step:noteren/do:datum\n    field: text\n"
     "    value: {nl: Noteer datum en uur., en: Write down date and time.}\n",
     ["Use the child's own words.", "Stay calm.", "Write down date and time.",
      "Also note the training session."]),
    ("  - move: step:noteren/do:datum\n    before: step:noteren/do:rustig\n",
     ["Use the child's own words.", "Write down the date.", "Stay calm.",
      "Also note the training session."]),
    ("  - insert: step:noteren/do\n    after: step:noteren/do:rustig\n"
     "    item: {id: foto, text: {nl: Geen foto's., en: No photos.}}\n",
     ["Use the child's own words.", "Stay calm.", "No photos.", "Write down the date.",
      "Also note the training session."]),
])
def test_an_entry_is_addressed_by_its_id(tmp_path: Path, operations: str,
                                         expected: list[str]) -> None:
    root = with_sector(entries_root(tmp_path), operations)
    assert run("validate", "--strict", "--root", str(root)).exit_code == 0
    result = run("explain", "zorg", "--root", str(root), "--format", "json")
    do = json.loads(result.stdout)["plan"]["steps"][1]["do"]
    texts = [(entry.get("text") or entry)["en"] for entry in do]
    assert texts == expected[: len(texts)] and len(texts) == len(expected) - 1
    # (the last expected text is sport's append; zorg is another sector)


def test_a_new_entry_with_an_existing_id_is_refused(tmp_path: Path) -> None:
    root = with_sector(entries_root(tmp_path),
                       "  - append: step:noteren\n    field: do\n"
                       "    items: [{id: rustig, text: {nl: Nog eens., en: Again.}}]\n")
    result = run("validate", "--root", str(root))
    assert result.exit_code == 1
    assert "error[overlay-insert-exists]: append of 'rustig' to step:noteren" in result.stdout


def test_an_unknown_entry_id_gets_the_closest_as_hint(tmp_path: Path) -> None:
    root = with_sector(entries_root(tmp_path),
                       "  - remove: step:noteren/do:rustug\n    reason: {nl: x, en: x}\n")
    result = run("validate", "--root", str(root))
    assert "error[overlay-target-unknown]: remove target 'step:noteren/do:rustug'" in result.stdout
    assert "did you mean 'step:noteren/do:rustig'" in result.stdout


def test_entries_freeze_as_texts_with_id_and_condition() -> None:
    res = resolve("""
     - append: step:noteren
       field: dont
       items:
         - {nl: Niet roepen., en: Do not shout.}
         - {id: beloven, text: {nl: Niets beloven., en: Promise nothing.}}
     """)
    plan = build_plan(res.data, (), res.provenance)
    dont = plan.step("noteren").dont
    assert dont == (Entry({"nl": "Niet roepen.", "en": "Do not shout."}),
                    Entry({"nl": "Niets beloven.", "en": "Promise nothing."}, "beloven"))
    assert dict(dont[1]) == {"nl": "Niets beloven.", "en": "Promise nothing."}


# --- reasons on every operation -------------------------------------------------------------

EVERY_OPERATION = """\
  - set: {terms: {organisatie: {nl: de club, en: the club}}}
    reason: {nl: r-set, en: r-set}
  - replace: step:noteren
    field: title
    value: {nl: Schrijf op, en: Write down}
    reason: {nl: r-replace, en: r-replace}
  - update: step:overleggen
    fields: {goal: {nl: Samen, en: Together}}
    reason: {nl: r-update, en: r-update}
  - insert: step
    after: step:overleggen
    item: {id: extra, title: {nl: Extra, en: Extra}}
    reason: {nl: r-insert, en: r-insert}
  - append: step:noteren
    field: dont
    items: [{nl: x, en: x}]
    reason: {nl: r-append, en: r-append}
  - prepend: signal:online
    field: examples
    items: [{nl: x, en: x}]
    reason: {nl: r-prepend, en: r-prepend}
  - move: principle:luister
    at: end
    reason:
      nl: r-move
      en: "r-move: a reason of more than sixty characters is shown in full, never cut off"
  - remove: route:thuis
    reason: {nl: r-remove, en: r-remove}
"""


def test_every_operation_takes_a_reason_and_diff_shows_it_in_full(tmp_path: Path) -> None:
    root = with_sector(copy_project(MINI, tmp_path / "p"), EVERY_OPERATION)
    assert run("validate", "--strict", "--root", str(root)).exit_code == 0
    result = run("diff", "zorg", "--root", str(root), "--lang", "en")
    reasons = [line.strip() for line in result.stdout.splitlines()
               if line.strip().startswith("reason:")]
    assert reasons == [
        "reason: r-set", "reason: r-replace", "reason: r-update", "reason: r-insert",
        "reason: r-append", "reason: r-prepend",
        "reason: r-move: a reason of more than sixty characters is shown in full, never cut off",
        "reason: r-remove"]
    changes = json.loads(run("diff", "zorg", "--root", str(root), "--format", "json").stdout)
    assert all(c["reason"] for c in changes["changes"])


# --- conditions -----------------------------------------------------------------------------

CONDITIONS = """\
conditions:
  - id: minderjarig
    text: {nl: het kind minderjarig is, en: the child is a minor}
roles:"""


def test_an_unknown_condition_is_a_located_error(tmp_path: Path) -> None:
    root = with_framework(tmp_path, "roles:", CONDITIONS)
    root = with_sector(root, "  - update: step:noteren\n    fields: {condition: minderjarg}\n")
    result = run("validate", "--root", str(root))
    assert result.exit_code == 1
    line = line_of(root / "frameworks" / "sectors" / "zorg.yaml", "condition: minderjarg}")
    assert f"frameworks/sectors/zorg.yaml:{line}:25: error[reference-unknown]: step:noteren " \
           "(condition) refers to condition 'minderjarg', which does not exist" in result.stdout
    assert "did you mean 'condition:minderjarig'?" in result.stdout


def test_removing_a_condition_still_used_names_both_places(tmp_path: Path) -> None:
    root = with_framework(tmp_path, "roles:", CONDITIONS)
    kader = root / "frameworks" / "kader.yaml"
    kader.write_text(kader.read_text().replace(
        "      - {nl: Gebruik de woorden van het kind., en: Use the child's own words.}",
        "      - {text: {nl: Praat met de ouders., en: Talk with the parents.}, "
        "condition: minderjarig}"))
    assert run("validate", "--strict", "--root", str(root)).exit_code == 0
    root = with_sector(root, "  - remove: condition:minderjarig\n    reason: {nl: x, en: x}\n")
    result = run("validate", "--root", str(root))
    used = line_of(kader, "Praat met de ouders.")
    removed = line_of(root / "frameworks" / "sectors" / "zorg.yaml",
                      "remove: condition:minderjarig")
    # Only the plans with sector zorg have the problem: the message names them.
    assert f"frameworks/kader.yaml:{used}:7: error[reference-removed]: in sector zorg: " \
           "step:noteren (do) refers to condition:minderjarig, which sector zorg " \
           f"(frameworks/sectors/zorg.yaml:{removed}) removed" in result.stdout


# --- decisions in route steps ---------------------------------------------------------------

ROUTE = """\
      - {id: melden, title: {nl: Meld, en: Report}, who: [verantwoordelijke]}
      - id: wegen
        title: {nl: Weeg, en: Weigh}
        decisions:
          - id: ernst
            question: {nl: Is het ernstig?, en: Is it serious?}
            options:
              - {id: ja, label: {nl: Ja, en: "Yes"}, to: "contact:112"}
              - {id: nee, label: {nl: Nee, en: "No"}, to: next}
      - {id: opvolgen, title: {nl: Volg op, en: Follow up}}
"""


def test_a_route_step_may_hold_decisions(tmp_path: Path) -> None:
    root = with_framework(
        tmp_path,
        "      - {id: melden, title: {nl: Meld, en: Report}, who: [verantwoordelijke]}\n", ROUTE)
    result = run("validate", "--strict", "--root", str(root))
    assert result.exit_code == 0, result.output
    # An overlay addresses them like any nested item.
    root = with_sector(root, "  - replace: route:thuis/step:wegen/decision:ernst/option:ja\n"
                             "    field: to\n    value: route:thuis\n")
    assert run("validate", "--root", str(root)).exit_code == 0
    root = with_sector(root, "  - replace: route:thuis/step:wegen/decision:ernst/option:ja\n"
                             "    field: to\n    value: contact:onbekend\n")
    result = run("validate", "--root", str(root))
    assert "error[reference-unknown]: route:thuis/step:wegen/decision:ernst/option:ja (to) " \
           "refers to contact 'onbekend'" in result.stdout


def test_codes_of_a_clean_tailoring_are_empty() -> None:
    res = resolve("""
     - insert: step:noteren/dont
       at: start
       item: {id: geen-foto, text: {nl: Geen foto's., en: No photos.}}
     """)
    assert codes(res) == []
    assert step(res, "noteren")["dont"][0]["id"] == "geen-foto"
