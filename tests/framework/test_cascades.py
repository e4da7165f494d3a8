"""One message per cause: what only follows from a failed operation or a removed item is folded
under it ("and 1 more caused by this"), a reference error names the overlay that removed its
target, and every unknown target gets the closest ids."""

from __future__ import annotations

from pathlib import Path

from kindreflex.errors import Issue, fold_caused
from kindreflex.framework.project import open_project

from ..helpers import MINI, copy_project, run
from ..lines import line_of

# Where the items the hints name stand in the sample project's framework.
KADER_FEITEN = line_of(MINI / "frameworks" / "kader.yaml", "{id: feiten,")
KADER_NEE = line_of(MINI / "frameworks" / "kader.yaml", "{id: nee,")

FOLDED = "and {} more caused by this"


def project_with(tmp_path: Path, sport: str = "", kader: tuple[str, str] | None = None,
                 ) -> list[Issue]:
    """The errors of the mini project with operations added to sector sport (and a text of
    the framework replaced)."""
    root = copy_project(MINI, tmp_path / "root")
    with (root / "frameworks" / "sectors" / "sport.yaml").open("a", encoding="utf-8") as file:
        file.write(sport)
    if kader is not None:
        path = root / "frameworks" / "kader.yaml"
        text = path.read_text(encoding="utf-8")
        assert kader[0] in text
        path.write_text(text.replace(kader[0], kader[1], 1), encoding="utf-8")
    return open_project(root).issues.errors


CLAIMED_INSERT = """\
  - insert: step:noteren/action
    after: step:noteren/action:feitn
    item: {id: foto, text: {nl: Maak geen foto's., en: Do not take pictures.}}
claims:
  - {about: step:noteren/action:foto, kind: fact, source: bron, statement: "A test claim."}
sources:
  - {id: bron, title: Bron, url: "https://example.org", checked: 2026-11-01}
"""


def test_a_typo_in_an_insert_target_is_one_error_not_a_claim_error_too(tmp_path: Path) -> None:
    errors = project_with(tmp_path, CLAIMED_INSERT)
    assert [e.code for e in errors] == ["overlay-target-unknown"]
    error = errors[0]
    assert error.message == "after target 'step:noteren/action:feitn' does not exist"
    assert error.hints[0] == ("did you mean 'step:noteren/action:feiten' "
                              f"(frameworks/kader.yaml:{KADER_FEITEN})?")
    assert error.hints[-1].startswith(FOLDED.format(1) + ", at frameworks/sectors/sport.yaml:")
    assert "(claim-target-unknown)" in error.hints[-1]


def test_what_refers_to_an_item_that_was_never_inserted_is_folded(tmp_path: Path) -> None:
    errors = project_with(tmp_path, """\
  - insert: contact
    before: contact:1713
    item: {id: crisis, name: {nl: Crisislijn, en: Crisis line}, phone: "1712"}
  - append: step:overleggen
    field: contacts
    items: [crisis]
  - update: contact:crisis
    fields:
      when: {nl: "Bel {contact:crisis}", en: "Call {phone:crisis}"}
""", ("    title: {nl: Noteer wat je ziet, en: Write down what you see}",
      '    title: {nl: "Noteer wat je ziet, bel {contact:crisis}", en: "Write it down"}'))
    assert [e.code for e in errors] == ["overlay-target-unknown"]
    assert errors[0].message == "before target 'contact:1713' does not exist"
    # The update of the contact, the reference to it and the placeholder naming it.
    folded = errors[0].hints[-1]
    assert folded.startswith(FOLDED.format(3))
    for code in ("overlay-target-unknown", "reference-unknown", "placeholder-unresolved"):
        assert f"({code})" in folded


def test_texts_naming_a_contact_a_sector_removed_are_one_error_naming_the_sector(
        tmp_path: Path) -> None:
    errors = project_with(
        tmp_path, "  - remove: contact:1712\n    reason: {nl: Niet nodig, en: Not needed}\n",
        ('    contacts: ["1712"]\n',
         '    contacts: ["112"]\n    goal: {nl: "Bel {contact:1712}", en: "Call {phone:1712}"}\n'))
    assert [e.code for e in errors] == ["placeholder-unresolved"]
    error = errors[0]
    assert error.message == ("in sector sport: the placeholder '{contact:1712}' does not "
                             "resolve: sector sport (frameworks/sectors/sport.yaml:31) removed "
                             "contact:1712")
    assert error.hints[-1] == FOLDED.format(1) + ", at the same place"


def test_a_reference_to_a_removed_item_names_the_overlay_that_removed_it(tmp_path: Path) -> None:
    errors = project_with(
        tmp_path, "  - remove: contact:1712\n    reason: {nl: Niet nodig, en: Not needed}\n")
    assert [e.code for e in errors] == ["reference-removed"]
    assert errors[0].message == ("in sector sport: step:overleggen (contacts) refers to "
                                 "contact:1712, which sector sport "
                                 "(frameworks/sectors/sport.yaml:31) removed")
    assert not any(hint.startswith("and ") for hint in errors[0].hints)


def test_a_misspelled_option_gets_the_closest_ids(tmp_path: Path) -> None:
    errors = project_with(tmp_path, """\
  - insert: step:acuut/decision:gevaar/option
    before: step:acuut/decision:gevaar/option:nej
    item: {id: twijfel, label: {nl: Twijfel, en: Unsure}, to: next}
""")
    assert [(e.code, e.hints) for e in errors] == [(
        "overlay-target-unknown",
        ("did you mean 'step:acuut/decision:gevaar/option:nee' "
         f"(frameworks/kader.yaml:{KADER_NEE})?",))]


def test_an_option_named_without_its_decision_gets_its_full_reference(tmp_path: Path) -> None:
    errors = project_with(tmp_path, """\
  - move: step:acuut/decision:gevaar/option:ja
    after: step:acuut/option:nee
""")
    assert [e.code for e in errors] == ["overlay-target-unknown"]
    assert errors[0].hints == (
        "did you mean 'step:acuut/decision:gevaar/option:nee' "
        f"(frameworks/kader.yaml:{KADER_NEE})?",)


def test_a_claim_about_a_misspelled_item_is_guessed_where_it_goes_wrong(tmp_path: Path) -> None:
    errors = project_with(tmp_path, """\
claims:
  - {about: step:noteren/action:feitn, kind: fact, source: bron, statement: "A claim."}
sources:
  - {id: bron, title: Bron, url: "https://example.org", checked: 2026-11-01}
""")
    assert [(e.code, e.hints) for e in errors] == [
        ("claim-target-unknown", ("did you mean 'step:noteren/action:feiten'?",))]


def test_the_cli_prints_one_error_with_the_folded_count(tmp_path: Path) -> None:
    root = copy_project(MINI, tmp_path / "root")
    with (root / "frameworks" / "sectors" / "sport.yaml").open("a", encoding="utf-8") as file:
        file.write(CLAIMED_INSERT)
    result = run("validate", "--root", str(root))
    assert result.exit_code == 1
    assert result.stdout.count("error[") == 1 and FOLDED.format(1) in result.stdout
    assert result.stderr.startswith("1 error(s)")


def test_folding_keeps_the_order_and_follows_chains() -> None:
    root = Issue("a.yaml", 5, 3, "overlay-target-unknown", "root")
    middle = Issue("a.yaml", 9, 3, "overlay-target-unknown", "middle", cause=root.place())
    last = Issue("b.yaml", 2, 1, "reference-unknown", "last", cause=middle.place())
    alone = Issue("a.yaml", 1, 1, "schema-empty", "alone")
    removed_1 = Issue("c.yaml", 4, 1, "placeholder-unresolved", "r1", cause="removed x")
    removed_2 = Issue("c.yaml", 3, 1, "reference-removed", "r2", cause="removed x")
    folded = fold_caused([alone, root, middle, last, removed_1, removed_2])
    assert [i.message for i in folded] == ["alone", "root", "r2"]
    assert folded[1].hints == ("and 2 more caused by this, at a.yaml:9:3 "
                               "(overlay-target-unknown), b.yaml:2:1 (reference-unknown)",)
    assert folded[2].hints == ("and 1 more caused by this, at c.yaml:4:1 "
                               "(placeholder-unresolved)",)
    assert fold_caused([alone]) == [alone]


def test_a_contact_removed_and_added_under_another_id_is_named_as_renamed(
        tmp_path: Path) -> None:
    errors = project_with(tmp_path, """\
  - remove: contact:1712
    reason: {nl: Nieuw nummer, en: New number}
  - insert: contact
    at: end
    item: {id: "17120", name: {nl: Hulplijn, en: Helpline}, phone: "1712",
           last_checked: 2026-11-01, source: "https://www.1712.be"}
""")
    assert [e.code for e in errors] == ["reference-removed"]
    assert errors[0].hints[:2] == ("remove this reference as well, or keep the item",
                                   "did you mean 'contact:17120' "
                                   "(frameworks/sectors/sport.yaml:35)?")
