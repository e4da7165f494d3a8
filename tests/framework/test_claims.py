"""The claims register: legal references, duties and contacts without a source fail --strict."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kindreflex.framework.project import load_project

from ..helpers import MINI, copy_project, run
from ..lines import line_of

WORDS = """claim_words:
  legal: [Strafwetboek, decreet, Criminal Code]
  duty: [verplicht, must report]
"""
SOURCES = """sources:
  - id: sw-458bis
    title: "Strafwetboek art. 458bis"
    url: https://example.org/458bis
    checked: 2026-11-01
"""
LEGAL_ACTION = ("      - {id: feiten, text: {nl: Noteer de feiten., en: Write down the facts.}}\n"
                "      - {id: wet, text: {nl: Artikel 458bis van het Strafwetboek geldt., "
                "en: Article 458bis of the Criminal Code applies.}}\n")


def project(tmp_path: Path, *, header: str = WORDS, extra: str = "",
            action: str = LEGAL_ACTION) -> Path:
    """The mini project with claim words, a legal action in step noteren and `extra` YAML."""
    root = copy_project(MINI, tmp_path / "p")
    kader = root / "frameworks" / "kader.yaml"
    text = kader.read_text()
    text = text.replace("terms:\n", header + extra + "terms:\n", 1)
    old = "      - {id: feiten, text: {nl: Noteer de feiten., en: Write down the facts.}}\n"
    assert old in text
    kader.write_text(text.replace(old, action, 1))
    return root


def validate(root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = run("validate", "--root", str(root), "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def codes(report: dict[str, Any], kind: str) -> list[tuple[str, int, str]]:
    return [(i["file"], i["line"], i["code"]) for i in report[kind]]


def test_a_legal_reference_without_a_claim_warns_and_fails_strict(tmp_path: Path) -> None:
    root = project(tmp_path)
    exit_code, report = validate(root)
    assert exit_code == 0
    kader = root / "frameworks" / "kader.yaml"
    assert codes(report, "warnings") == [
        ("frameworks/kader.yaml", line_of(kader, "id: wet,"), "claim-unsourced")]
    warning = report["warnings"][0]
    assert warning["message"] == ("the text of step:noteren/action:wet states a legal reference "
                                  "('Strafwetboek') without a claim that gives its source")
    assert "about: step:noteren/action:wet, kind: legal" in warning["hints"][0]
    assert validate(root, "--strict")[0] == 1


def test_a_claim_with_a_source_on_the_item_or_its_step_covers_the_text(tmp_path: Path) -> None:
    for about in ("step:noteren/action:wet", "step:noteren"):
        claims = (f"claims:\n  - {{about: '{about}', kind: legal, source: sw-458bis, "
                  "statement: Art. 458bis lets professionals inform the prosecutor.}\n")
        root = project(tmp_path / about.replace(":", "-").replace("/", "_"),
                       extra=SOURCES + claims)
        assert validate(root, "--strict") == (0, {"errors": [], "warnings": []}), about


def test_a_duty_needs_a_duty_or_legal_claim(tmp_path: Path) -> None:
    duty = ("      - {id: feiten, text: {nl: De organisator is verplicht te melden., "
            "en: The organiser must report it.}}\n")
    root = project(tmp_path / "bare", action=duty)
    _code, report = validate(root)
    assert [w["message"] for w in report["warnings"]] == [
        "the text of step:noteren/action:feiten states a duty ('verplicht') without a claim "
        "that gives its source"]
    fact = "claims:\n  - {about: step:noteren, kind: fact, source: sw-458bis, statement: x}\n"
    root = project(tmp_path / "fact", action=duty, extra=SOURCES + fact)
    assert codes(validate(root)[1], "warnings") == [
        ("frameworks/kader.yaml", line_of(root / "frameworks" / "kader.yaml", "is verplicht"),
         "claim-unsourced")]
    covered = fact.replace("kind: fact", "kind: duty")
    root = project(tmp_path / "duty", action=duty, extra=SOURCES + covered)
    assert validate(root, "--strict")[0] == 0


def test_a_contact_without_a_source_fails_strict(tmp_path: Path) -> None:
    root = project(tmp_path, action="      - {id: feiten, text: {nl: Noteer., en: Note.}}\n")
    kader = root / "frameworks" / "kader.yaml"
    kader.write_text(kader.read_text().replace("    source: https://www.1712.be\n", "", 1))
    exit_code, report = validate(root)
    assert exit_code == 0
    assert [w["code"] for w in report["warnings"]] == ["contact-no-source"]
    assert validate(root, "--strict")[0] == 1


def test_a_claim_without_a_source_is_a_schema_error(tmp_path: Path) -> None:
    claims = "claims:\n  - {about: step:noteren, kind: legal, statement: x}\n"
    exit_code, report = validate(project(tmp_path, extra=claims))
    assert exit_code == 1
    assert [(e["code"], e["message"]) for e in report["errors"]][:1] == [
        ("schema-missing-field", "a claim needs a 'source'")]


def test_unknown_source_and_unknown_item_are_errors_with_hints(tmp_path: Path) -> None:
    claims = ("claims:\n"
              "  - {about: step:noteren, kind: legal, source: sw-458, statement: x}\n"
              "  - {about: step:notere, kind: legal, source: sw-458bis, statement: y}\n")
    exit_code, report = validate(project(tmp_path, extra=SOURCES + claims))
    assert exit_code == 1
    found = {e["code"]: e for e in report["errors"]}
    assert found["claim-source-unknown"]["hints"] == ["did you mean 'sw-458bis'?"]
    assert found["claim-target-unknown"]["hints"][0] == "did you mean 'step:noteren'?"
    kader = tmp_path / "p" / "frameworks" / "kader.yaml"
    assert found["claim-target-unknown"]["line"] == line_of(kader, "about: step:notere,")


def test_a_claim_about_an_item_an_overlay_removes_no_longer_applies(tmp_path: Path) -> None:
    claims = "claims:\n  - {about: route:thuis/step:melden, kind: fact, source: sw-458bis, " \
             "statement: x}\n"
    root = project(tmp_path, extra=SOURCES + claims, action=LEGAL_ACTION.replace(
        "Strafwetboek", "wetboek").replace("Criminal Code", "code"))
    assert validate(root, "--strict")[0] == 0  # the sport sector removes route:thuis


def test_a_cited_source_without_a_checked_date_warns(tmp_path: Path) -> None:
    sources = SOURCES.replace("    checked: 2026-11-01\n", "")
    claims = "claims:\n  - {about: step:noteren, kind: legal, source: sw-458bis, statement: x}\n"
    _code, report = validate(project(tmp_path, extra=sources + claims))
    assert [(w["code"], w["message"]) for w in report["warnings"]] == [
        ("source-unchecked", "the source 'sw-458bis' has no checked")]


def test_overlay_sources_and_claims_merge_into_the_plan(tmp_path: Path) -> None:
    root = project(tmp_path, action="      - {id: feiten, text: {nl: Noteer., en: Note.}}\n")
    sport = root / "frameworks" / "sectors" / "sport.yaml"
    text = sport.read_text().replace(
        "operations:\n",
        "description: {nl: Volgens het decreet van 2024., en: Under the decree of 2024.}\n"
        + SOURCES.replace("sw-458bis", "decreet-2024")
        + "claims:\n  - {about: description, kind: legal, source: decreet-2024, "
          "statement: The decree of 2024.}\n"
        + "operations:\n", 1)
    sport.write_text(text)
    assert validate(root, "--strict") == (0, {"errors": [], "warnings": []})
    res = load_project(root).resolve("sport")
    assert [s["id"] for s in res.data["sources"]] == ["decreet-2024"]
    assert res.provenance["#claims/0"].label() == \
        f"frameworks/sectors/sport.yaml:{line_of(sport, 'about: description')}:5 (claims)"
    # Without the claim, the description's legal word is reported at the description.
    sport.write_text(text.replace("claims:\n  - {about: description", "claims:\n  - {about: "
                                  "step:noteren"))
    assert codes(validate(root)[1], "warnings") == [
        ("frameworks/sectors/sport.yaml", line_of(sport, "description: {nl: Volgens"),
         "claim-unsourced")]


def test_a_source_id_defined_twice_is_an_error(tmp_path: Path) -> None:
    root = project(tmp_path, extra=SOURCES + SOURCES.replace("sources:\n", ""))
    exit_code, report = validate(root)
    assert exit_code == 1
    assert [e["code"] for e in report["errors"]] == ["source-duplicate"]


def test_a_claim_past_its_review_date_warns_and_fails_strict(tmp_path: Path) -> None:
    claims = ("claims:\n  - {about: step:noteren, kind: legal, source: sw-458bis, "
              "statement: x, review_by: 2020-01-31}\n")
    root = project(tmp_path / "past", extra=SOURCES + claims)
    exit_code, report = validate(root)
    assert exit_code == 0
    line = line_of(root / "frameworks" / "kader.yaml", "review_by: 2020-01-31")
    assert codes(report, "warnings") == [("frameworks/kader.yaml", line, "claim-review-due")]
    message = report["warnings"][0]["message"]
    assert message.startswith("the claim about 'step:noteren' was due for review on "
                              "2020-01-31 (")
    assert validate(project(tmp_path / "strict", extra=SOURCES + claims), "--strict")[0] == 1
    later = claims.replace("2020-01-31", "2099-01-31")
    assert validate(project(tmp_path / "later", extra=SOURCES + later), "--strict") == (
        0, {"errors": [], "warnings": []})


def test_a_source_past_its_review_date_warns(tmp_path: Path) -> None:
    sources = SOURCES.replace("    checked: 2026-11-01\n",
                              "    checked: 2026-11-01\n    review_by: 2021-04-08\n")
    claims = "claims:\n  - {about: step:noteren, kind: legal, source: sw-458bis, statement: x}\n"
    _code, report = validate(project(tmp_path, extra=sources + claims))
    assert [(w["code"], w["line"]) for w in report["warnings"]] == [("claim-review-due", 13)]
    assert report["warnings"][0]["message"].startswith(
        "the source 'sw-458bis' was due for review on 2021-04-08 (")


def test_a_review_date_is_a_date(tmp_path: Path) -> None:
    claims = ("claims:\n  - {about: step:noteren, kind: legal, source: sw-458bis, "
              "statement: x, review_by: next year}\n")
    exit_code, report = validate(project(tmp_path, extra=SOURCES + claims))
    assert exit_code == 1
    assert [e["code"] for e in report["errors"]] == ["schema-invalid-value"]
