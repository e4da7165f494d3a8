"""A theme cannot hang a build or exhaust memory: every text, list and number a template makes
is bounded, and one render has a time and memory bound; both end in a located
`template-too-costly` error. Any other exception of a template is located too."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kindreflex.errors import ContentError
from kindreflex.render import isolation
from kindreflex.render import pages as pages_module
from kindreflex.render.environment import render_template
from kindreflex.render.pages import render_plan
from kindreflex.render.theme import Theme, theme_for

from ..sample_plans import sample_plan

DAY = date(2026, 11, 28)
# Each of these asks for gigabytes or for minutes; each must stop at once, at its line.
PAYLOADS = [
    "{{ 'a'|center(10**9) }}",
    "{{ '{:>1000000000}'.format('a') }}",
    "{{ '{0:{1}}'.format('a', 10**9) }}",
    "{{ '{:.1000000000f}'.format(1.5) }}",
    "{{ '{0}{0}{0}{0}{0}'.format('x' * 1000000) }}",
    "{{ '%1000000000s'|format('a') }}",
    "{{ '%1000000000s' % 'a' }}",
    "{{ '%*s' % (1000000000, 'a') }}",
    "{{ 'a'|indent(10**9) }}",
    "{{ 'a'|indent('x' * 100000) ~ ('a\n' * 100000)|indent('x' * 100000) }}",
    "{{ ('x' * 100000)|replace('x', 'y' * 100000) }}",
    "{{ ('x' * 100000).replace('x', 'y' * 100000) }}",
    "{{ ('x' * 100000).replace('', 'y' * 100) }}",
    "{{ ('y' * 100000).join('x' * 100000) }}",
    "{{ ('x' * 100000)|join('y' * 100000) }}",
    "{{ (['x' * 100000] * 100)|join }}",
    "{{ 'a'.center(10**9) }}",
    "{{ 'a'.ljust(10**9) ~ 'a'.rjust(10**9) }}",
    "{{ 'a'.zfill(10**9) }}",
    "{{ ('\t' * 100000).expandtabs(100000) }}",
    "{{ ('a' * 100000).translate({97: 'b' * 100000}) }}",
    "{{ ('a b ' * 100000)|wordwrap(1, wrapstring='y' * 1000) }}",
    "{{ [1]|batch(10**9, 'x')|list }}",
    "{{ [1]|slice(10**9)|list }}",
    "{{ ([['x'] * 100000] * 100)|sum(start=[]) }}",
    "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}{{ ns.s|length }}",
    "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
    "{% endfor %}{{ ns.s|length }}",
    "{% set ns = namespace(n=2) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}"
    "{% endfor %}{{ ns.n }}",
    "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s|length }}{% endif %}"
    "{% endmacro %}{{ d('ab', 40) }}",
    "{{ ((10**1000)**1000)**1000 }}",
    "{{ 9 ** 9999999 }}",
    "{{ (2 ** 16000) * (2 ** 16000) }}",
    "{{ 'x' * 10000000 }}",
    "{{ (range(100000)|list + range(100000)|list)|length }}",
    "{% for i in range(10000000) %}{% endfor %}",
]


def theme_with(tmp_path: Path, template: str) -> Theme:
    """A theme whose handout is one line of text, then `template` on line 2."""
    folder = tmp_path / "theme"
    folder.mkdir(exist_ok=True)
    (folder / "handout.html.j2").write_text("<p>first line</p>\n" + template + "\n")
    return theme_for(None, folder)


def render_error(theme: Theme) -> Any:
    with pytest.raises(ContentError) as info:
        render_plan(sample_plan(), "nl", theme=theme, day=DAY)
    (issue,) = info.value.issues
    return issue


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_template_asking_for_a_huge_value_stops_at_its_line(tmp_path: Path,
                                                              payload: str) -> None:
    started = time.monotonic()
    issue = render_error(theme_with(tmp_path, payload))
    assert (issue.file, issue.line, issue.code) == ("theme/handout.html.j2", 2,
                                                    "template-too-costly"), issue
    assert time.monotonic() - started < 10
    assert "template may make" in issue.message or "range()" in issue.message


def test_lipsum_is_not_there(tmp_path: Path) -> None:
    issue = render_error(theme_with(tmp_path, "{{ lipsum(n=10000000) }}"))
    assert (issue.line, issue.code) == (2, "template-error")
    assert "'lipsum' is undefined" in issue.message


def test_a_template_looping_for_ever_stops_at_its_cpu_bound(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolation, "CPU_SECONDS", 1)
    started = time.monotonic()
    issue = render_error(theme_with(
        tmp_path, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                  "{% endfor %}"))
    assert (issue.file, issue.line, issue.code) == ("theme/handout.html.j2", 2,
                                                    "template-too-costly")
    assert "more than 1 s of processor time" in issue.message
    assert time.monotonic() - started < isolation.Limits().wall_seconds


def test_a_template_filling_memory_stops_at_its_memory_bound(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each text within its bound, a hundred thousand of them at once: only the memory bound
    # of the render sees that.
    monkeypatch.setattr(isolation, "MEMORY_BYTES", 256 * 1024 * 1024)
    issue = render_error(theme_with(
        tmp_path, "{{ range(100000)|map('string')|map('center', 1000000)|list|length }}"))
    assert (issue.file, issue.line, issue.code) == ("theme/handout.html.j2", 2,
                                                    "template-too-costly")
    assert "more memory than a render may use" in issue.message


def test_what_a_theme_normally_does_is_within_the_bounds(tmp_path: Path) -> None:
    theme = theme_with(tmp_path, (
        "{{ 'ab' * 3 }} {{ 2 ** 10 }} {{ '{:>6}'.format(12) }} {{ '%05d' % 42 }} "
        "{{ 'a-b'|replace('-', ' ') }} {{ ['x', 'y']|join(', ') }} {{ 'x'|center(5) }}|"
        "{% set ns = namespace(s='') %}{% for step in plan.steps %}"
        "{% set ns.s = ns.s ~ step.id ~ ' ' %}{% endfor %}{{ ns.s|trim|wordcount }}"))
    html = render_plan(sample_plan(), "nl", theme=theme, day=DAY)
    steps = len(sample_plan().steps)
    assert f"ababab 1024     12 00042 a b x, y   x  |{steps}" in html


@pytest.mark.parametrize(("template", "kind"), [
    ('{{ "{0}".format() }}', "IndexError"),
    ("{{ 1 / 0 }}", "ZeroDivisionError"),
    ("{{ 'x'|int + [] }}", "TypeError"),
    ("{{ '%d' % 'x' }}", "TypeError"),
    ("{{ {'a': 1}|dictsort(by='x') }}", "FilterArgumentError"),
    ("{{ (7 ** 5400) ~ '' }}", "ValueError"),  # over Python's 4,300 digits
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "RecursionError"),
])
def test_any_error_of_a_template_is_located_with_its_kind(tmp_path: Path, template: str,
                                                          kind: str) -> None:
    issue = render_error(theme_with(tmp_path, template))
    assert (issue.file, issue.line, issue.code) == ("theme/handout.html.j2", 2, "template-error")
    assert issue.message.startswith("rendering buitenschoolse-opvang (nl): ")
    assert kind in issue.message or kind == "FilterArgumentError"


def test_a_bug_outside_the_templates_stays_a_bug(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> dict[str, Any]:
        raise LookupError("a bug in building the page")

    monkeypatch.setattr(pages_module, "plan_context", broken)
    theme = theme_with(tmp_path, "{{ plan.title }}")
    with pytest.raises(LookupError, match="a bug in building the page") as info:
        render_plan(sample_plan(), "nl", theme=theme, day=DAY)
    # --debug shows where it happened, in the render process.
    assert any("in the render process" in note for note in info.value.__notes__)


def test_only_a_theme_of_the_editor_s_own_renders_in_a_process_of_its_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The built-in theme is kindreflex's code: the normal render path pays nothing."""
    def no_fork() -> int:
        raise AssertionError("forked")

    monkeypatch.setattr(isolation.os, "fork", no_fork)
    assert "<!DOCTYPE html>" in render_plan(sample_plan(), "nl", theme=theme_for(), day=DAY)
    with pytest.raises(AssertionError, match="forked"):
        render_plan(sample_plan(), "nl", theme=theme_with(tmp_path, "{{ 1 }}"), day=DAY)


# --- property: random filters and arguments, every render ends within its bound -------------

TEXTS = st.sampled_from(["''", "'ab'", "'a\\tb\\nc'", "'x' * 100000", "plan.title.nl"])
NUMBERS = st.sampled_from(["0", "3", "-2", "100", "10 ** 6", "10 ** 9", "10 ** 1000", "1.5"])
VALUES = st.one_of(TEXTS, NUMBERS, st.sampled_from(["[1, 2]", "range(100000)|list",
                                                    "plan.steps", "[]"]))
FILTERS = st.sampled_from([
    "center({n})", "indent({n})", "indent({t})", "format({t})", "format({n}, {n})",
    "replace({t}, {t})", "replace({t}, {t}, {n})", "join({t})", "wordwrap({n})",
    "wordwrap({n}, wrapstring={t})", "truncate({n})", "batch({n})", "slice({n})",
    "string", "list", "length", "upper", "e", "sum", "int", "trim", "reverse", "unique",
    "tojson", "urlencode", "title", "first", "sort", "string|list",
])
METHODS = st.sampled_from([
    "center({n})", "ljust({n}, {t})", "rjust({n})", "zfill({n})", "expandtabs({n})",
    "replace({t}, {t})", "join({v})", "format({v}, {v})", "format_map({{'a': {v}}})",
    "split()", "upper()", "splitlines()",
])
OPERATORS = st.sampled_from(["*", "**", "+", "~", "%", "//"])


@st.composite
def expressions(draw: st.DrawFn, depth: int = 0) -> str:
    """A template expression: a value, a filter or method on one, or an operator on two."""
    def argument(template: str) -> str:
        return template.format(n=draw(NUMBERS), t=draw(TEXTS), v=draw(VALUES))

    if depth >= 3 or draw(st.integers(0, 3)) == 0:
        return draw(VALUES)
    kind = draw(st.sampled_from(["filter", "method", "operator", "loop"]))
    inner = draw(expressions(depth + 1))
    if kind == "filter":
        return f"({inner})|{argument(draw(FILTERS))}"
    if kind == "method":
        return f"({inner}).{argument(draw(METHODS))}"
    if kind == "operator":
        return f"({inner}) {draw(OPERATORS)} ({draw(expressions(depth + 1))})"
    return (f"{{% set ns = namespace(v={inner}) %}}{{% for i in range({draw(NUMBERS)}) %}}"
            f"{{% set ns.v = ns.v {draw(OPERATORS)} ns.v %}}{{% endfor %}}{{{{ ns.v }}}}")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expression=expressions())
def test_every_render_ends_within_its_bound(expression: str, tmp_path_factory: Any) -> None:
    isolation_limits = (isolation.CPU_SECONDS, isolation.MEMORY_BYTES)
    isolation.CPU_SECONDS, isolation.MEMORY_BYTES = 1, 256 * 1024 * 1024
    try:
        line = expression if expression.startswith("{%") else "{{ " + expression + " }}"
        theme = theme_with(tmp_path_factory.mktemp("theme"), line)
        plan = sample_plan()
        started = time.monotonic()
        try:
            render_template(theme, "nl", "handout.html.j2", lambda: {"plan": plan}, "probe")
        except ContentError as error:
            (issue,) = error.issues
            assert issue.code.startswith("template-"), issue
            assert (issue.file, issue.line) == ("theme/handout.html.j2", 2), issue
        assert time.monotonic() - started < isolation.Limits().wall_seconds
    finally:
        isolation.CPU_SECONDS, isolation.MEMORY_BYTES = isolation_limits
