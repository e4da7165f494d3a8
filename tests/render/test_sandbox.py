"""Templates are not code: a template reaching Python, the system or files fails at its line
and runs nothing."""

from __future__ import annotations

import builtins
import os
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kindreflex.errors import ContentError
from kindreflex.render.environment import environment
from kindreflex.render.pages import render_plan
from kindreflex.render.sandbox import ThemeEnvironment
from kindreflex.render.theme import theme_for

from ..sample_plans import sample_plan

DAY = date(2026, 11, 28)
ATTACKS = [
    ("{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}", "template-unsafe"),
    ("{{ joiner.__init__.__globals__['os'].system('touch {marker}') }}", "template-unsafe"),
    ("{{ lipsum.__globals__['os'].system('touch {marker}') }}", "template-error"),  # no lipsum
    ("{{ namespace.__init__.__globals__['__builtins__']['open']('{marker}', 'w') }}",
     "template-unsafe"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "template-unsafe"),
    ("{{ plan.__class__.__init__.__globals__ }}", "template-unsafe"),
    ("{{ view.loc._replace }}", "template-unsafe"),
    ("{{ self._TemplateReference__context }}", "template-unsafe"),
    ("{{ asset_url.__globals__ }}", "template-unsafe"),
    ("{{ '{0.__class__}'.format(plan) }}", "template-unsafe"),
    ("{{ plan.params.update({'x': 1}) }}", "template-unsafe"),
    ("{{ plan.steps.__len__() }}", "template-unsafe"),
    ("{{ 'x' * 100000000 }}", "template-too-costly"),
    ("{{ 9 ** 9999999 }}", "template-too-costly"),
    ("{{ asset_url('/etc/passwd') }}", "template-asset"),
    ("{{ asset_url('../../../../../../etc/passwd') }}", "template-asset"),
    ("{{ asset_url('fonts/../../../../etc/passwd') }}", "template-asset"),
    ("{% include '/etc/passwd' %}", "template-not-found"),
    ("{% include '../../../../../../etc/passwd' %}", "template-not-found"),
    ("{% import 'os' as os %}", "template-not-found"),
]


@pytest.fixture
def guarded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Every way out to the system, recorded (and refused) should a template reach it.

    Templates render in a child process: the calls are recorded in a file, which both see.
    """
    log = tmp_path / "calls-to-the-system"

    def record(call: str) -> None:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(call + "\n")

    def refuse(name: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            record(name)
            raise AssertionError(f"a template called {name}")
        return call

    for module, name in [(os, "system"), (os, "popen"), (subprocess, "Popen"),
                         (os, "execv"), (os, "remove")]:
        monkeypatch.setattr(module, name, refuse(f"{module.__name__}.{name}"))
    real_open = builtins.open

    def watched_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).startswith(("/etc/", "/proc/")):
            record(f"open {file}")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watched_open)
    return log


@pytest.mark.parametrize(("attack", "code"), ATTACKS, ids=[a for a, _ in ATTACKS])
def test_a_template_that_reaches_out_fails_at_its_line_and_runs_nothing(
        tmp_path: Path, guarded: Path, attack: str, code: str) -> None:
    marker = tmp_path / "ran"
    theme_dir = tmp_path / "theme"
    theme_dir.mkdir()
    (theme_dir / "handout.html.j2").write_text(
        "<p>first line</p>\n" + attack.replace("{marker}", str(marker)) + "\n")
    with pytest.raises(ContentError) as info:
        render_plan(sample_plan(), "nl", theme=theme_for(None, theme_dir), day=DAY)
    (issue,) = info.value.issues
    assert (issue.file, issue.line, issue.code) == ("theme/handout.html.j2", 2, code)
    assert str(tmp_path) not in issue.format_text()
    assert not marker.exists() and not guarded.exists()


def test_one_sandbox_for_every_template_the_default_theme_too() -> None:
    env = environment(theme_for(), "nl")
    assert isinstance(env, ThemeEnvironment)
    html = render_plan(sample_plan(), "nl", theme=theme_for(), day=DAY)
    assert "<!DOCTYPE html>" in html


def test_a_link_out_of_the_theme_is_not_a_template(tmp_path: Path, guarded: Path) -> None:
    theme_dir = tmp_path / "theme"
    theme_dir.mkdir()
    (theme_dir / "secret.j2").symlink_to("/etc/hostname")
    (theme_dir / "handout.html.j2").write_text("{% include 'secret.j2' %}\n")
    with pytest.raises(ContentError) as info:
        render_plan(sample_plan(), "nl", theme=theme_for(None, theme_dir), day=DAY)
    assert info.value.issues[0].code == "template-unsafe"
    assert not guarded.exists()


def test_a_theme_may_lay_out_what_it_is_given(tmp_path: Path) -> None:
    theme_dir = tmp_path / "theme"
    (theme_dir / "css").mkdir(parents=True)
    (theme_dir / "css" / "extra.css").write_text("p { color: #333; }")
    (theme_dir / "handout.html.j2").write_text(
        "{% set ns = namespace(n=0) %}{% for step in plan.steps %}{% set ns.n = ns.n + 1 %}"
        "{% endfor %}<p>{{ ns.n }} {{ plain(plan.title) }} {{ view.number(plan.steps[1]) }} "
        "{{ 'ab' * 3 }} {{ 2 ** 10 }} {{ plan.steps|length }}</p>"
        "<style>{% include 'css/extra.css' %}</style><a href=\"{{ asset_url('css/extra.css') }}\">")
    html = render_plan(sample_plan(), "nl", theme=theme_for(None, theme_dir), day=DAY)
    steps = len(sample_plan().steps)
    assert f"<p>{steps} " in html and " 1 ababab 1024 " in html
    assert "color: #333" in html and "data:text/css;base64," in html
