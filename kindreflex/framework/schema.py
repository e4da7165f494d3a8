"""JSON Schema (Draft 2020-12) validation of frameworks, overlays and organisation files, in
plain English.

The schemas live in `schemas/`; a compiled validator answers "valid?" and, only when a
document has problems, `schema_messages` (or the caller's subclass of it) explains each one in
words for editors.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from .operations import OPERATIONS
from .overlay_schema import overlay_text_fields, whole_overlay_schema
from .schema_facts import text_field_names
from .schema_files import schema_file

if TYPE_CHECKING:
    # The pure-Python validator explains problems; it is imported only when there are some,
    # so a valid run (the usual case) does not pay its start-up time.
    from jsonschema import Draft202012Validator
    from referencing import Registry

    from .schema_messages import SchemaMessages

# `organisations` is the file of `kindreflex batch --orgs` (read by the batch stage).
SCHEMA_NAMES = ("framework", "overlay", "organisations")
# What an empty file should start with, per schema.
_FIRST_LINES = {"framework": "start with 'kind: framework'",
                "overlay": "start with 'kind: sector'",
                "organisations": "start each organisation with '- id: ...'"}

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class SchemaProblem:
    """One schema problem at a place in a document, in words for editors."""

    path: Path_
    code: str
    message: str
    hints: tuple[str, ...] = ()
    key_error: bool = False

    def sort_key(self) -> tuple[Any, ...]:
        """Order by place in the document, then code and message."""
        return (tuple((isinstance(p, str), p) for p in self.path), self.code, self.message)


def _check_name(name: str) -> None:
    if name not in SCHEMA_NAMES:
        raise ValueError(f"unknown schema {name!r}; expected one of {', '.join(SCHEMA_NAMES)}")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema `name` (framework or overlay) as the validators use it; cached, so do not
    change it. The overlay schema's operations come from their table (`overlay_schema`)."""
    _check_name(name)
    if name == "overlay":
        return whole_overlay_schema(schema_file("overlay"), OPERATIONS)
    return schema_file(name)


@cache
def text_fields() -> frozenset[str]:
    """Every field name that holds one text in a framework or an overlay (a `reason` too)."""
    return text_field_names() | overlay_text_fields(OPERATIONS)


@cache
def _registry() -> Registry[Any]:
    from referencing import Registry, Resource

    # Registered under the relative names the schemas use for each other (no absolute $id).
    return Registry().with_resources(
        (f"{name}.schema.json", Resource.from_contents(load_schema(name))) for name in SCHEMA_NAMES
    )


# ECMA-262's white space and line terminators: `\\s` there, not Python's wider set (which has
# U+001C-U+001F and U+0085 too).
_ECMA_SPACE = ("\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f"
               "\\u3000\\ufeff")
_ECMA_CLASSES = {"s": _ECMA_SPACE, "d": "0-9", "w": "A-Za-z0-9_"}


@cache
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """`pattern` compiled with the meaning JSON Schema gives it (ECMA-262).

    In Python `$` also matches before a final line break, so `^[a-z]{2}$` would accept
    "de\\n"; in JSON Schema (and in the editor, and in the compiled validator) it does not.
    Every `$` outside a character class becomes `\\Z`, the true end of the text, and `\\s`,
    `\\d`, `\\w` take their ECMA sets.
    """
    out: list[str] = []
    in_class = escaped = False
    for char in pattern:
        if escaped:
            escaped = False
            ecma = _ECMA_CLASSES.get(char.lower())
            if ecma is not None and ((in_class and char.islower()) or not in_class):
                out[-1] = ecma if in_class else ("[^" if char.isupper() else "[") + ecma + "]"
                continue
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            out.append("\\Z")
            continue
        out.append(char)
    return re.compile("".join(out))


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, validators

    # The same patterns and formats as the compiled validator: `$` is the end of the text
    # and a `format: date` must be a real date (2026-02-31 is not).
    strict = validators.extend(  # type: ignore[no-untyped-call]
        Draft202012Validator, {"pattern": _ecma_pattern})
    # Inlining the `$ref`s saves jsonschema a lookup per value: a third of its time.
    validator: Draft202012Validator = strict(
        _inlined(load_schema(name), name, {}), registry=_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER)
    return validator


@cache
def _fast_validator(name: str) -> Any:
    # A compiled validator answers "valid?" in a fraction of a millisecond; the detailed
    # (and slower) jsonschema walk only runs when there is something to explain.
    return jsonschema_rs.Draft202012Validator(_inlined(load_schema(name), name, {}),
                                              validate_formats=True)


def _inlined(node: Any, name: str, done: dict[tuple[str, str], Any]) -> Any:
    """A copy of `node` with every `$ref` into the packaged schemas replaced by its target.

    The keywords beside a `$ref` are annotations only (description, examples), so merging
    them into the target keeps the meaning. The schemas have no recursive definitions.
    """
    if isinstance(node, list):
        return [_inlined(item, name, done) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and "#" in ref:
        file, _, pointer = ref.partition("#")
        target_name = file.removesuffix(".schema.json") if file else name
        if target_name in SCHEMA_NAMES and pointer.startswith("/"):
            key = (target_name, pointer)
            if key not in done:
                target: Any = load_schema(target_name)
                for part in pointer.split("/")[1:]:
                    target = target[part]
                done[key] = _inlined(target, target_name, done)
            resolved = done[key]
            extra = {k: v for k, v in node.items() if k != "$ref"}
            return {**resolved, **extra} if extra else resolved
    return {key: _inlined(value, name, done) for key, value in node.items()}


def schema_text(name: str) -> str:
    """The schema `name` as written to disk: indented by 2, authoring order, final newline."""
    return json.dumps(load_schema(name), indent=2, ensure_ascii=False) + "\n"


def write_schemas(out_dir: Path) -> list[Path]:
    """Write `<name>.schema.json` for every schema into `out_dir`; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMA_NAMES:
        target = out_dir / f"{name}.schema.json"
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(schema_text(name))
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.append(target)
    return written


def schema_problems(document: Any, name: str,
                    sources: Mapping[Path_, str] | None = None,
                    messages: type[SchemaMessages] | None = None,
                    language: str | None = None) -> list[SchemaProblem]:
    """Every schema problem of `document` against schema `name`, ordered by place.

    `sources` holds the source text of values YAML typed (`1.10` read as 1.1), so a message
    can quote what the editor wrote. `messages` words the problems (default: `SchemaMessages`;
    a stage with its own codes, such as the batch's organisation files, gives a subclass).
    `language`, the framework's default language, is the one of the ids hints suggest.
    """
    _check_name(name)
    if document is None:
        return [SchemaProblem((), "schema-empty", "the file is empty", (_FIRST_LINES[name],))]
    if _fast_validator(name).is_valid(document):
        return []
    if messages is None:
        from .schema_messages import SchemaMessages

        messages = SchemaMessages
    mapper = messages(document, name, sources, language)
    found: dict[SchemaProblem, None] = {}
    for error in _validator(name).iter_errors(document):
        for problem in mapper.problems(error):
            found.setdefault(problem, None)
    if not found:
        # The two validators must agree; should they ever not, the compiled one's verdict
        # stands and is reported as it is rather than letting the document through.
        for error in _fast_validator(name).iter_errors(document):
            path = tuple(error.instance_path)
            found.setdefault(SchemaProblem(path, "schema-invalid-value",
                                           f"{mapper.field(path)}: {error.message}"), None)
    # An operation with two operation keys is reported once, not field by field.
    kept = [
        p for p in found if not any(p.path[: len(c)] == c and p.path != c for c in mapper.conflicts)
    ]
    return sorted(kept, key=SchemaProblem.sort_key)

