"""Property tests: an empty overlay changes nothing; random operations never crash."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kindreflex.framework.checks import CheckOptions, check_resolution
from kindreflex.framework.loader import Document
from kindreflex.framework.loading import check_resolved
from kindreflex.framework.overlay import apply_overlay, start_resolution
from kindreflex.framework.schema import schema_problems

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
ids = st.sampled_from(["nieuw", "noteren", "x", "awel", "acuut", "feiten"])
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
              st.lists(st.one_of(texts, st.builds(lambda i: {"id": i, "text": "t"}, ids)),
                       max_size=3)),
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


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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
