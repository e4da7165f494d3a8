"""Property tests: an empty overlay changes nothing; random operations never crash."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kindreflex.framework.checks import CheckOptions, check_resolution
from kindreflex.framework.operations import apply_overlay
from kindreflex.framework.overlay import start_resolution
from kindreflex.framework.project import check_resolved
from kindreflex.framework.schema import schema_problems
from kindreflex.framework.yaml_source import Document

from .test_overlay import framework_doc

REFS = [
    "role:medewerker", "role:verantwoordelijke", "contact:112", "contact:1712", "signal:online",
    "principle:luister", "step:acuut", "step:noteren", "step:overleggen", "step:afronden",
    "route:thuis", "form:observatie", "step:acuut/decision:gevaar",
    "step:acuut/decision:gevaar/option:ja", "step:noteren/action:feiten", "route:thuis/step:melden",
    "form:observatie/field:datum", "step:nieuw", "role:x", "contact:awel",
]
FIELDS = ["title", "name", "goal", "who", "contacts", "do", "dont", "examples", "actions", "to",
          "text", "label", "phone", "id", "acute"]
INSERT_KINDS = ["step", "role", "contact", "route", "step:noteren/action", "step:acuut/decision",
                "route:thuis/step", "form:observatie/field", "signal"]
ids = st.one_of(st.sampled_from(["nieuw", "noteren", "x", "awel", "acuut", "feiten"]),
                # what YAML makes of an unquoted or careless id
                st.sampled_from([8, 1712, True, None, 1.5, ["a", "b"], {"a": 1}, "", "a\n"]))
texts = st.one_of(st.text(max_size=12), st.fixed_dictionaries({"nl": st.text(min_size=1,
                                                                             max_size=8)}))
values = st.one_of(texts, st.lists(st.sampled_from(["medewerker", "112", "x"]), max_size=3),
                   st.booleans(), st.just("step:noteren"), st.just("next"))
refs = st.sampled_from(REFS)
positions = st.one_of(st.fixed_dictionaries({"before": refs}), st.fixed_dictionaries(
    {"after": refs}), st.fixed_dictionaries({"at": st.sampled_from(["start", "end"])}))


def _op(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    return data


operations = st.one_of(
    st.builds(lambda r, f, v: {"replace": r, "field": f, "value": v}, refs,
              st.sampled_from(FIELDS), values),
    st.builds(lambda r, fs: {"update": r, "fields": fs}, refs,
              st.dictionaries(st.sampled_from(FIELDS), values, min_size=1, max_size=3)),
    st.builds(lambda k, i, p, t: {"insert": k, **p, "item": {"id": i, "title": t}},
              st.sampled_from(INSERT_KINDS), ids, positions, texts),
    st.builds(lambda op, r, f, items: {op: r, "field": f, "items": items},
              st.sampled_from(["append", "prepend"]), refs, st.sampled_from(FIELDS),
              st.lists(st.one_of(texts, st.builds(lambda i: {"id": i, "text": "t"}, ids),
                                 st.builds(lambda i: {"id": i}, ids)), max_size=3)),
    st.builds(lambda r, why: {"remove": r, "reason": why}, refs, st.text(min_size=1, max_size=5)),
    st.builds(lambda r, p: {"move": r, **p}, refs, positions),
    st.builds(lambda k, v: {"set": {"terms": {k: v}}}, st.sampled_from(["organisatie", "x"]),
              texts),
)


def test_empty_overlay_resolves_to_the_framework_itself() -> None:
    framework = framework_doc()
    res = start_resolution(framework)
    apply_overlay(res, Document("empty.yaml", {"kind": "sector", "id": "e", "operations": []}),
                  "sector", "e")
    assert res.data == framework.data
    assert res.changes == [] and res.issues == []
    assert check_resolution(res) == check_resolution(start_resolution(framework))


# New examples every run (hypothesis draws a fresh seed): runs add up; a failure prints
# the seed to reproduce it. This many keeps the suite's time.
@settings(max_examples=700, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operations, max_size=6))
def test_random_operations_resolve_or_give_located_errors(ops: list[dict[str, Any]]) -> None:
    overlay = {"kind": "sector", "id": "r", "extends": "kader", "title": "R", "operations": ops}
    doc = Document("random.yaml", overlay)
    problems = schema_problems(overlay, "overlay")
    for problem in problems:
        assert problem.code and problem.message
    if problems:
        return  # the project never applies a schema-invalid overlay
    res = start_resolution(framework_doc())
    apply_overlay(res, doc, "sector", "r")
    issues = [*res.issues, *check_resolved(res, CheckOptions())]
    for issue in issues:
        assert issue.file and issue.line >= 1 and issue.column >= 1 and issue.code


# --- the loader ------------------------------------------------------------------------------

_KEYS = ["id", "title", "nl", "a", '"k"', "'q'", "? [x]", "<<", "1712", "yes", '"\\e"']
_SCALARS = ["tekst", "0470123456", "1.10", "NO", "yes", "~", "", "1_000", "9:30", "0x1f",
            "2026-02-31", "2026-11-28", '"a\\eb"', '"\\x9b"', '"\\0"', '"\\t ok"', "'it''s'",
            "!!set {a}", "!!python/object:os.system {a: 1}", "!x [1]", "!!binary aGk=",
            "!!str 12", "&a [1, 2]", "*a", "*b", "[a, {b: c}]", "{a: 1, a: 2}", "|", ">-",
            "[oeps", "{x", '"open', "- item", "#", "{role:api}", ".inf", "-.nan", "1e999"]
_INDENTS = ["", "  ", "    ", "\t", " "]


@st.composite
def yaml_texts(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        indent = draw(st.sampled_from(_INDENTS))
        if draw(st.booleans()):
            lines.append(f"{indent}{draw(st.sampled_from(_KEYS))}: "
                         f"{draw(st.sampled_from(_SCALARS))}")
        else:
            lines.append(f"{indent}- {draw(st.sampled_from(_SCALARS))}")
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["---", "...", "  more text", "%YAML 1.1"])))
    raw = "\n".join(lines).encode("utf-8")
    if draw(st.integers(0, 19)) == 0:
        raw = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b""])) + raw + \
            draw(st.sampled_from([b"", b"\x80", b"\xc3"]))
    return raw


def _plain(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, str | int | float | bool)


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [*value, *(s for v in value.values() for s in _strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


@settings(max_examples=700, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(yaml_texts(), st.binary(max_size=64)))
def test_the_loader_never_crashes_and_every_problem_is_located(raw: bytes) -> None:
    from kindreflex.errors import CONTROL
    from kindreflex.framework.yaml_source import load_yaml_bytes

    doc, issues = load_yaml_bytes(raw, "random.yaml")
    lines = raw.count(b"\n") + 2
    for issue in issues:
        assert issue.file == "random.yaml" and issue.code
        assert 1 <= issue.line <= lines and issue.column >= 1
        assert not CONTROL.search(issue.format_text())
    codes = {issue.code for issue in issues}
    if doc is None:
        assert issues, "an unusable file without a reason"
        return
    assert _plain(doc.data)
    assert () in doc.values
    if any(CONTROL.search(text) for text in _strings(doc.data)):
        assert "text-control-character" in codes
    for path, written in doc.plain.items():
        assert isinstance(written, str) and path in doc.values
