"""The framework's extension points, used as docs/architecture.md says: in a copy of the package,
a new overlay operation is its function and its entry in `operations.OPERATIONS`, and a new
check is its function and its line in `checks.CHECKS` plus its docs. Nothing else changes, and
validate, explain, diff, new-sector and the exported schema all know them."""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from .helpers import MINI, REPO, copy_project
from .test_docs import emitted_codes

CLEAR_FUNCTION = '''
def field_to_clear(entries: ItemList) -> dict[str, Any]:
    """`field` is one of the optional fields of the kind of item named."""
    definition = schema_file("framework")["$defs"][entries.definition]
    optional = [name for name in definition["properties"]
                if name not in definition.get("required", [])]
    return {"properties": {"field": {"enum": optional}}}


def apply_clear(run: OverlayRun, path: Path_, op: dict[str, Any]) -> None:
    """Remove one optional field of an item."""
    ref, field_name = op["clear"], op["field"]
    items, index = run.find((*path, "clear"), ref, "clear")
    run.claim((*path, "field"), ref, field_name)
    items[index].pop(field_name, None)
    run.res.provenance.pop(f"{ref}#{field_name}", None)
    run.change("clear", ref, field_name, (*path, "clear"), op.get("reason"))


def example_clear(ex: Examples) -> str | None:
    """`clear` of a step's goal."""
    return f"#  - clear: step:{ex.steps[0]}  # drop an optional field\\n#    field: goal\\n" \\
        if ex.steps else None


'''
CLEAR_ENTRY = '''    Operation(
        "clear", apply_clear,
        _definition("Clear operation", "Remove one optional field of an item.", {
            "clear": _target("clear"), "field": {"type": "string"}, "reason": REASON},
            ["clear", "field"]),
        "-", "cleared", diff_shows_value=False, per_kind=PerKind(field_to_clear),
        example=example_clear),
'''
CLEAR_IMPORTS = '''from .schema_facts import ItemList
from .schema_files import schema_file
'''
GOAL_CHECK = '''
def steps_without_goal(plan: CheckedPlan) -> Iterator[Issue]:
    """Steps of the plan that do not say what they are for."""
    for ref, item, kind, _path in plan.entries:
        if kind == "step" and "/" not in ref and not item.get("goal"):
            yield plan.issue(ref, "step-no-goal", f"step '{item['id']}' has no goal",
                             "add 'goal:' with what the step is for", severity="warning")


'''
GOAL_DOCS = '''
### step-no-goal
A step of the plan does not say what it is for. A warning: add `goal:`.
'''
CLEAR_OVERLAY = '''  - clear: contact:1712
    field: when
    reason: {nl: Staat al in de stap., en: Already in the step.}
'''


def insert(path: Path, before: str, text: str) -> None:
    """Put `text` in front of the one place `before` stands in a file of the copy."""
    content = path.read_text(encoding="utf-8")
    assert content.count(before) == 1, before
    path.write_text(content.replace(before, text + before), encoding="utf-8")


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package and its docs, with a `clear` operation and a `step-no-goal` check added."""
    root = tmp_path_factory.mktemp("extended")
    shutil.copytree(REPO / "kindreflex", root / "kindreflex",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "docs", root / "docs")
    (root / "templates").symlink_to(REPO / "templates")  # the built-in theme, as in a checkout
    framework = root / "kindreflex" / "framework"
    insert(framework / "operations.py", "from .yaml_source import Document\n", CLEAR_IMPORTS)
    insert(framework / "operations.py", "_ADDED_ITEMS_NOTE = (", CLEAR_FUNCTION)
    insert(framework / "operations.py", ")\nOPERATION_NAMES = ", CLEAR_ENTRY)
    insert(framework / "checks.py", "from collections.abc import Callable, Iterable\n",
           "from collections.abc import Iterator\n")
    insert(framework / "checks.py", "CHECKS: tuple[Check, ...] = (", GOAL_CHECK)
    insert(framework / "checks.py", ")\n\n\ndef check_codes",
           '    Check(steps_without_goal, ("step-no-goal",)),\n')
    insert(root / "docs" / "editors.md", "\n### contact-no-source\n", GOAL_DOCS)
    project = copy_project(MINI, root / "project")
    with (project / "frameworks" / "sectors" / "sport.yaml").open("a", encoding="utf-8") as f:
        f.write(CLEAR_OVERLAY)
    return root


def kindreflex(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the copied package's command line on the copied project."""
    return subprocess.run([sys.executable, "-m", "kindreflex", *args], cwd=copy,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(copy)})


def test_only_the_registries_and_the_docs_changed(copy: Path) -> None:
    changed = []
    for path in (copy / "kindreflex").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            original = REPO / path.relative_to(copy)
            if not filecmp.cmp(path, original, shallow=False):
                changed.append(path.relative_to(copy).as_posix())
    assert sorted(changed) == ["kindreflex/framework/checks.py",
                               "kindreflex/framework/operations.py"]
    # The rule of tests/test_docs.py, on the copy: every code emitted is documented.
    emitted = emitted_codes(copy / "kindreflex")
    editors = (copy / "docs" / "editors.md").read_text(encoding="utf-8")
    documented = {code for code in re.findall(r"^### ([a-z0-9-]+)$", editors, re.M)
                  if "-" in code}
    assert "step-no-goal" in emitted
    assert emitted == documented


def test_a_new_operation_validates_resolves_and_shows_in_diff(copy: Path) -> None:
    validate = kindreflex(copy, "validate", "--root", "project")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    plan = json.loads(kindreflex(copy, "explain", "sport", "--root", "project",
                                 "--format", "json").stdout)["plan"]
    contact = next(c for c in plan["contacts"] if c["id"] == "1712")
    assert "when" not in contact and contact["phone"] == "1712"
    diff = kindreflex(copy, "diff", "sport", "--root", "project")
    assert "  - cleared   contact:1712 when\n      reason: Staat al in de stap.\n" in diff.stdout
    explain = kindreflex(copy, "explain", "sport", "--root", "project")
    assert explain.returncode == 0 and "contact:1712" in explain.stdout
    assert "  when:" not in explain.stdout.split("contact:1712")[1].split("contact:")[0]
    scaffold = kindreflex(copy, "new-sector", "zwem", "--title", "Zwem", "--root", "project")
    assert scaffold.returncode == 0, scaffold.stderr
    new = copy / "project" / "frameworks" / "sectors" / "zwem.yaml"
    text = new.read_text(encoding="utf-8")
    new.unlink()  # the other tests read the project as it was
    assert "#  - clear: step:noteren" in text


def test_a_new_operation_is_in_the_exported_schema(copy: Path) -> None:
    assert kindreflex(copy, "schema", "--out", "exported").returncode == 0
    schemas = {name: json.loads((copy / "exported" / f"{name}.schema.json").read_text())
               for name in ("framework", "overlay")}
    registry: Registry[Any] = Registry().with_resources(
        (f"{name}.schema.json", Resource.from_contents(schema))
        for name, schema in schemas.items())
    validator = Draft202012Validator(schemas["overlay"], registry=registry)
    overlay = {"kind": "sector", "id": "x", "extends": "kader", "title": "X",
               "operations": [{"clear": "contact:1712", "field": "when"}]}
    assert list(validator.iter_errors(overlay)) == []
    overlay["operations"] = [{"clear": "contact:1712", "field": "name"}]  # name is required
    assert list(validator.iter_errors(overlay)) != []


def test_a_new_check_is_reported_and_can_be_switched_off(copy: Path) -> None:
    result = kindreflex(copy, "validate", "--root", "project", "--format", "json")
    report = json.loads(result.stdout)
    goals = [w for w in report["warnings"] if w["code"] == "step-no-goal"]
    assert [w["message"] for w in goals][:1] == ["step 'acuut' has no goal"]
    assert kindreflex(copy, "validate", "--strict", "--root", "project").returncode == 1
    script = ("import sys; from pathlib import Path; "
              "from kindreflex.framework.checks import CheckOptions; "
              "from kindreflex.framework.project import open_project; "
              "project = open_project(Path('project'), CheckOptions(disabled={'step-no-goal'})); "
              "print(sorted({i.code for i in project.issues.warnings}))")
    off = subprocess.run([sys.executable, "-c", script], cwd=copy, capture_output=True,
                         text=True, check=True, env={**os.environ, "PYTHONPATH": str(copy)})
    assert "step-no-goal" not in off.stdout and off.stdout.startswith("[")
