"""Packaging: exported schemas current, schema lines in every shipped file, wheel contents."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kindreflex.framework.schema import SCHEMA_NAMES, schema_text

from .helpers import REPO, run


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_committed_schema_matches_the_package(name: str) -> None:
    committed = (REPO / "schema" / f"{name}.schema.json").read_text()
    assert committed == schema_text(name), "run `kindreflex schema` and commit schema/"


def test_schema_command_writes_every_schema(tmp_path: Path) -> None:
    result = run("schema", "--out", str(tmp_path))
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "framework.schema.json", "organisations.schema.json", "overlay.schema.json"]


def shipped_yaml() -> list[Path]:
    return sorted((REPO / "frameworks").rglob("*.yaml"))


@pytest.mark.parametrize("path", shipped_yaml(), ids=lambda p: p.name)
def test_every_shipped_file_points_at_its_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    depth = len(path.relative_to(REPO / "frameworks").parts) - 1
    kind = "framework" if depth == 0 else "overlay"
    expected = "../" * (depth + 1) + f"schema/{kind}.schema.json"
    assert first == f"# yaml-language-server: $schema={expected}"
    assert (path.parent / expected).resolve().is_file()


def test_wheel_carries_templates_frameworks_and_schemas(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(REPO)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("kindreflex-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "kindreflex/cli/__init__.py" in names
    assert "kindreflex/framework/schemas/framework.schema.json" in names
    assert "kindreflex/_data/frameworks/handelingskader.yaml" in names
    assert "kindreflex/_data/schema/overlay.schema.json" in names
    assert any(n.startswith("kindreflex/_data/templates/") for n in names)


def test_installed_wheel_builds_outside_the_repository(tmp_path: Path) -> None:
    """`pip install` the wheel into a fresh environment and build from another folder."""
    import site
    import sysconfig

    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(wheels), str(REPO)], check=True, capture_output=True)
    env_dir = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    target = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip())
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q",
                    "--target", str(target), str(next(wheels.glob("*.whl")))],
                   check=True, capture_output=True)
    # The dependencies come from this environment's site-packages, appended after the wheel:
    # a path line in a .pth file is not itself scanned for .pth files, so the editable
    # install of the repository stays out of sight.
    deps = sysconfig.get_paths()["purelib"]
    (target / "zz_dependencies.pth").write_text(deps + "\n" + "\n".join(site.getsitepackages()))
    root = tmp_path / "somewhere"
    shutil.copytree(REPO / "frameworks", root / "frameworks")
    out = tmp_path / "out"
    script = ("import kindreflex, sys; from kindreflex.cli import main; "
              "print(kindreflex.__file__, file=sys.stderr); main()")
    result = subprocess.run(
        [str(python), "-c", script, "build", "sport", "--root", str(root), "--out", str(out),
         "--lang", "nl", "--format", "html"],
        capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stderr.splitlines()[0]
    assert "Sportclubs" in (out / "nl" / "sport.html").read_text(encoding="utf-8")
