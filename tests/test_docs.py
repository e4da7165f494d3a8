"""The editors' guide documents every message code the code can emit, and no other."""

from __future__ import annotations

import re
from pathlib import Path

from .helpers import REPO

# Every code starts with one of these words; a new family needs a line here and a section in
# docs/editors.md.
PREFIXES = ("yaml", "schema", "overlay", "reference", "step", "placeholder", "contact",
            "decision", "duplicate", "text", "framework", "file", "batch", "org", "claim",
            "source", "layout", "template", "form", "interface", "role")
FAMILIES = "|".join(PREFIXES)
CODE = re.compile(rf"""["'](?P<code>(?:{FAMILIES})-[a-z0-9]+(?:-[a-z0-9]+)*)["']""")


def emitted_codes(package: Path = REPO / "kindreflex") -> set[str]:
    """The codes the code of `package` may emit (every quoted `family-…` string)."""
    from kindreflex.batch.org_layer import CONTACT_ID
    from kindreflex.framework.org_params import ORG_PARAMS

    codes: set[str] = set()
    for path in package.rglob("*.py"):
        codes.update(m.group("code") for m in CODE.finditer(path.read_text(encoding="utf-8")))
    # The names the batch gives an organisation's params and contact person look like codes
    # of the contact family; they are documented in docs/format.md.
    return codes - set(ORG_PARAMS.values()) - {CONTACT_ID}


def documented_codes() -> set[str]:
    text = (REPO / "docs" / "editors.md").read_text(encoding="utf-8")
    return set(re.findall(r"^### ([a-z0-9-]+)$", text, re.M)) & {
        c for c in re.findall(r"^### (\S+)$", text, re.M) if "-" in c}


def test_every_emitted_code_is_documented() -> None:
    missing = emitted_codes() - documented_codes()
    assert not missing, f"document these codes in docs/editors.md: {sorted(missing)}"


def test_every_documented_code_is_emitted() -> None:
    stale = documented_codes() - emitted_codes()
    assert not stale, f"docs/editors.md documents codes the code never emits: {sorted(stale)}"


def test_the_scan_finds_codes() -> None:
    assert {"yaml-syntax", "overlay-target-unknown", "schema-unknown-field",
            "contact-stale"} <= emitted_codes()


def test_pre_commit_hook_runs_validate() -> None:
    import yaml

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "kindreflex-validate")
    assert hook["entry"].split()[:2] == ["kindreflex", "validate"]
    assert hook["pass_filenames"] is False


def test_vscode_settings_map_every_shipped_file_to_a_schema() -> None:
    import fnmatch
    import json

    settings = json.loads((REPO / "docs" / "vscode-settings.json").read_text())
    mapping = settings["yaml.schemas"]
    for path in (REPO / "frameworks").rglob("*.yaml"):
        relative = path.relative_to(REPO).as_posix()
        matches = [schema for schema, globs in mapping.items()
                   if any(fnmatch.fnmatch(relative, g) and g.count("/") == relative.count("/")
                          for g in ([globs] if isinstance(globs, str) else globs))]
        assert len(matches) == 1, relative
        assert (REPO / matches[0]).is_file()
