"""What code reads from framework.schema.json: kinds of item, their texts and lists."""

from __future__ import annotations

import re

from kindreflex.framework import schema_facts as facts
from kindreflex.framework.overlay_schema import insert_pattern
from kindreflex.framework.schema import ecma_regex, load_schema
from kindreflex.framework.schema_files import schema_file


def ref_of(path: tuple[str, ...]) -> str:
    return "/".join(f"{kind}:an-id" for kind in path)


def test_every_kind_of_item_is_a_reference_the_schema_accepts() -> None:
    # A reference kind is its list's name in the singular; the `ref` definition must agree.
    pattern = ecma_regex(schema_file("framework")["$defs"]["ref"]["pattern"])
    paths = [path for path, _owner, _entries in facts.addressable()]
    assert len(paths) >= 17
    for path in paths:
        assert pattern.search(ref_of(path)), path
    assert not pattern.search("step:an-id/route:an-id")


def test_the_kinds_and_lists_of_the_shipped_schema() -> None:
    assert list(facts.top_level_lists()) == ["role", "contact", "signal", "principle", "step",
                                             "route", "form", "condition"]
    nested = {kinds: entries.field for kinds, entries in facts.nested_lists().items()}
    assert nested[("route", "step")] == "steps"
    assert nested[("step", "dont")] == "dont"
    assert facts.nested_lists()[("route", "step")].definition == "route_step"
    assert facts.nested_lists()[("route", "step")].words == "route step"
    assert facts.nested_lists()[("step", "do")].of_texts
    assert not facts.framework_kind().items["sources"].addressable


def test_text_fields_follow_the_definitions() -> None:
    # A step and a route step are both `step`s in references: their texts are united.
    assert facts.text_fields("step") == {"title", "goal", "record", "text"}
    assert facts.text_fields(None) == {"title", "subtitle", "status", "publisher"}
    assert "languages" in facts.item_list_fields()
    assert "who" in facts.item_list_fields()
    assert "title" not in facts.item_list_fields()


def test_insert_names_each_list_of_items() -> None:
    pattern = re.compile(insert_pattern())
    assert pattern.search("route:a/step:b/decision")
    assert pattern.search("signal:a/example")
    assert not pattern.search("step:a/option")
    assert not pattern.search("step\n")
    assert load_schema("overlay")["$defs"]["op_insert"]["properties"]["insert"]["pattern"] \
        == insert_pattern()
