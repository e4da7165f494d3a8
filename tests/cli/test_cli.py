"""The command line: version, help for every command, exit codes and formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kindreflex.cli import cli
from kindreflex.errors import INVISIBLE

from ..helpers import MINI, REPO, copy_project, edited_mini, run


def test_version_and_help() -> None:
    assert run("--version").output.startswith("kindreflex, version ")
    result = run("--help")
    assert result.exit_code == 0
    assert "Tailored step-by-step plans" in result.output


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help(name: str) -> None:
    command = cli.commands[name]
    assert command.help and len(command.help.split()) >= 4, f"{name} needs a help text"
    result = run(name, "--help")
    assert result.exit_code == 0
    assert " ".join(command.help.split()[:6]) in " ".join(result.output.split())
    for param in command.params:
        if param.param_type_name == "option":
            assert getattr(param, "help", None), f"option {param.name} of {name} has no help"


def test_console_script_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "kindreflex", "--help"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0
    assert "validate" in result.stdout


def test_validate_ok_exit_zero() -> None:
    result = run("validate", "--root", str(MINI))
    assert result.exit_code == 0, result.output
    assert "ok:" in result.output


def test_missing_root_is_usage_error(tmp_path: Path) -> None:
    result = run("validate", "--root", str(tmp_path))
    assert result.exit_code == 2
    assert "no 'frameworks' folder" in result.output
    assert "Traceback" not in result.output


def test_unknown_sector_is_usage_error() -> None:
    result = run("explain", "nosuch", "--root", str(MINI))
    assert result.exit_code == 2
    assert "unknown sector 'nosuch' (known: sport)" in result.output


def test_several_errors_in_several_files_in_one_run(tmp_path: Path) -> None:
    root = copy_project(MINI, tmp_path / "p")
    kader = root / "frameworks" / "kader.yaml"
    kader.write_text(kader.read_text().replace("  - id: principle-x", "").replace(
        "version: 1.2.0", "version: 1.2.0\nversoin: 2"))
    sport = root / "frameworks" / "sectors" / "sport.yaml"
    sport.write_text(sport.read_text().replace("remove: route:thuis", "remove: route:huis"))
    lockdown = root / "frameworks" / "contexts" / "lockdown.yaml"
    lockdown.write_text(lockdown.read_text().replace("kind: context", "kind: context\nkind: x"))
    result = run("validate", "--root", str(root), "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.output)
    files = {e["file"] for e in payload["errors"]}
    duplicate = next(e for e in payload["errors"] if e["code"] == "yaml-duplicate-key")
    assert duplicate["pointer"] == "/kind"
    assert files == {"frameworks/kader.yaml", "frameworks/sectors/sport.yaml",
                     "frameworks/contexts/lockdown.yaml"}
    for error in payload["errors"]:
        assert set(error) >= {"file", "line", "column", "code", "message", "pointer"}
        assert error["line"] >= 1 and error["column"] >= 1
        assert error["pointer"] == "" or error["pointer"].startswith("/"), error


def test_github_format(tmp_path: Path) -> None:
    root = copy_project(MINI, tmp_path / "p")
    sport = root / "frameworks" / "sectors" / "sport.yaml"
    sport.write_text(sport.read_text().replace("remove: route:thuis", "remove: route:huis"))
    result = run("validate", "--root", str(root), "--format", "github")
    assert result.exit_code == 1
    assert result.output.startswith(
        "::error file=frameworks/sectors/sport.yaml,line=27,col=13,title=overlay-target-unknown::")


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    root = copy_project(MINI, tmp_path / "p")
    kader = root / "frameworks" / "kader.yaml"
    kader.write_text(kader.read_text().replace("    source: https://www.1712.be\n", ""))
    assert run("validate", "--root", str(root)).exit_code == 0
    strict = run("validate", "--root", str(root), "--strict")
    assert strict.exit_code == 1
    assert "warning[contact-no-source]" in strict.output


def test_validate_does_not_import_weasyprint() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from kindreflex.cli import cli\n"
        f"r = CliRunner().invoke(cli, ['validate', '--root', {str(REPO)!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "print('weasyprint' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_internal_error_has_no_traceback_without_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    import kindreflex.framework.project as project

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(project, "open_project", broken)
    result = run("validate", "--root", str(MINI))
    assert result.exit_code == 2
    assert "internal error: RuntimeError: boom" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("command", ["explain", "diff"])
def test_invisible_characters_of_prose_are_shown_escaped(tmp_path: Path, command: str,
                                                         fmt: str) -> None:
    # Right-to-left prose may need direction marks, so a text may hold them; a terminal line
    # shows them as escapes and never obeys them. JSON keeps the same data.
    root = edited_mini(tmp_path / "root", ("text: {nl: Noteer de feiten., en:",
                                           "text: {nl: \"Noteer de \u202efeiten.\", en:"))
    sport = root / "frameworks" / "sectors" / "sport.yaml"
    sport.write_text(sport.read_text().replace("goal: {nl: Feiten vastleggen,",
                                               "goal: {nl: \"Feiten \u2067vastleggen\u2069\","))
    result = run(command, "sport", "--root", str(root), "--format", fmt)
    assert result.exit_code == 0, result.output
    assert not INVISIBLE.search(result.output)
    shown = "\\u2067vastleggen\\u2069" if command == "diff" else "\\u202efeiten"
    assert shown in result.output
    if fmt == "json":
        assert ("\u202efeiten" if command == "explain" else "\u2067vastleggen\u2069") in \
            json.dumps(json.loads(result.output), ensure_ascii=False)
