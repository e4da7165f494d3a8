"""JSON Schema (Draft 2020-12) validation of frameworks and overlays, in plain English."""

from __future__ import annotations

import difflib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs

if TYPE_CHECKING:
    # The pure-Python validator explains problems; it is imported only when there are some,
    # so a valid run (the usual case) does not pay its start-up time.
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

SCHEMA_NAMES = ("framework", "overlay")

Path_ = tuple[str | int, ...]

# Which kind of item a list holds, by (kind of its owner, list field).
_ITEM_KINDS: dict[tuple[str, str], str] = {
    ("framework", "roles"): "role",
    ("framework", "contacts"): "contact",
    ("framework", "signals"): "signal",
    ("framework", "principles"): "principle",
    ("framework", "steps"): "step",
    ("framework", "routes"): "route",
    ("framework", "forms"): "form",
    ("framework", "sources"): "source",
    ("step", "actions"): "action",
    ("step", "decisions"): "decision",
    ("decision", "options"): "option",
    ("route", "steps"): "route step",
    ("form", "fields"): "form field",
    ("overlay", "operations"): "operation",
}
_OPERATIONS = ("set", "replace", "update", "insert", "append", "prepend", "remove", "move")
# The kind of item an insert adds, by the last part of its `insert` value.
_INSERT_KINDS = {
    "action": "action",
    "decision": "decision",
    "option": "option",
    "field": "form field",
}

# How to name what a list must hold, by field name (the generic fallback is "a list").
_LIST_NOUNS = {
    "who": "a list of role ids",
    "contacts": "a list of contact ids",
    "do": "a list of texts",
    "dont": "a list of texts",
    "examples": "a list of texts",
    "languages": "a list of language codes",
    "audience": "a list (professional, child, parent)",
    "operations": "a list of operations",
    "items": "a list of items",
}
_TYPE_NOUNS = {
    "string": "a text",
    "object": "a mapping (field: value)",
    "array": "a list",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}
# What a def with several forms stands for, by its title, when the value fits none of them.
_TITLE_NOUNS = {"Text": "a text, or one text per language such as {nl: …, en: …}"}
# Field names that read as plurals: "needs 'options'", not "needs an 'options'".
_PLURALS = frozenset(
    ["languages", "options", "fields", "items", "operations", "steps", "actions", "decisions"]
)
_FIELD_HINTS = {
    "id": "an item's id cannot be changed; remove the item and insert a new one",
    "name": "'name' is for organisation layers; sectors and contexts use 'title'",
}


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


def schema_dir() -> Path:
    """The directory of the packaged schemas."""
    return Path(__file__).resolve().parent / "schemas"


def _check_name(name: str) -> None:
    if name not in SCHEMA_NAMES:
        raise ValueError(f"unknown schema {name!r}; expected one of {', '.join(SCHEMA_NAMES)}")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The packaged schema `name` (framework or overlay); cached, so do not change it."""
    _check_name(name)
    text = (schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _registry() -> Registry[Any]:
    from referencing import Registry, Resource

    # Registered under the relative names the schemas use for each other (no absolute $id).
    return Registry().with_resources(
        (f"{name}.schema.json", Resource.from_contents(load_schema(name))) for name in SCHEMA_NAMES
    )


@cache
def _validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    # Inlining the `$ref`s saves jsonschema a lookup per value: a third of its time.
    return Draft202012Validator(_inlined(load_schema(name), name, {}), registry=_registry())


@cache
def _fast_validator(name: str) -> Any:
    # A compiled validator answers "valid?" in a fraction of a millisecond; the detailed
    # (and slower) jsonschema walk only runs when there is something to explain.
    return jsonschema_rs.Draft202012Validator(_inlined(load_schema(name), name, {}))


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


def schema_problems(document: Any, name: str) -> list[SchemaProblem]:
    """Every schema problem of `document` against schema `name`, ordered by place."""
    _check_name(name)
    if document is None:
        hint = (
            "start with 'kind: framework'" if name == "framework" else "start with 'kind: sector'"
        )
        return [SchemaProblem((), "schema-empty", "the file is empty", (hint,))]
    if _fast_validator(name).is_valid(document):
        return []
    mapper = _Mapper(document, name)
    found: dict[SchemaProblem, None] = {}
    for error in _validator(name).iter_errors(document):
        for problem in mapper.problems(error):
            found.setdefault(problem, None)
    # An operation with two operation keys is reported once, not field by field.
    kept = [
        p for p in found if not any(p.path[: len(c)] == c and p.path != c for c in mapper.conflicts)
    ]
    return sorted(kept, key=SchemaProblem.sort_key)


# --------------------------------------------------------------------------- wording


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeio" else "a"


def _quoted(names: Iterable[str], last: str = "or") -> str:
    items = [f"'{n}'" for n in names]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def _actual(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def _schema_pointer(ref: str) -> Any:
    """Follow a `$ref` of the packaged schemas (local or `framework.schema.json#…`)."""
    file, _, pointer = ref.partition("#")
    candidates = [file.removesuffix(".schema.json")] if file else ["overlay", "framework"]
    for name in candidates:
        node: Any = load_schema(name)
        for part in filter(None, pointer.split("/")):
            if not isinstance(node, dict) or part not in node:
                node = None
                break
            node = node[part]
        if node is not None:
            return node
    return None


def _discriminator(branch: Any) -> str | None:
    if isinstance(branch, dict) and "$ref" in branch:
        branch = _schema_pointer(branch["$ref"])
    if isinstance(branch, dict) and branch.get("required"):
        first: str = branch["required"][0]
        return first
    return None


class _Mapper:
    """Turns jsonschema errors into `SchemaProblem`s, naming things from the document."""

    def __init__(self, document: Any, name: str) -> None:
        self.document = document
        self.name = name
        self.conflicts: set[Path_] = set()
        framework = load_schema("framework")["$defs"]
        overlay = load_schema("overlay")["$defs"]["op_insert"]["properties"]
        # Pattern -> (code, message template with {what} and {value}, hint).
        self.patterns: dict[str, tuple[str, str, str]] = {
            framework["id"]["pattern"]: (
                "schema-invalid-id",
                "{what} is not a valid id",
                "ids use lowercase letters, digits and '-' only",
            ),
            framework["ref"]["pattern"]: (
                "schema-invalid-reference",
                "{what} is not a valid reference",
                "write kind:id such as 'step:noteren', or a nested item such as "
                "'step:noteren/action:foto'",
            ),
            framework["target"]["pattern"]: (
                "schema-invalid-reference",
                "{what} is not a valid target",
                "use step:ID, route:ID, contact:ID, next or end",
            ),
            overlay["insert"]["pattern"]: (
                "schema-invalid-reference",
                "{what} is not something that can be inserted",
                "use role, contact, signal, principle, step, route or form, or a nested list "
                "such as step:ID/action, step:ID/decision, step:ID/decision:ID/option, "
                "route:ID/step or form:ID/field",
            ),
            framework["language"]["pattern"]: (
                "schema-invalid-value",
                "{what} is not a language code",
                "use two lowercase letters such as nl, en or fr (or nl-BE)",
            ),
            framework["date"]["pattern"]: (
                "schema-invalid-value",
                "{what} is not a date",
                "write dates as YYYY-MM-DD, for example 2026-11-28",
            ),
            framework["url"]["pattern"]: (
                "schema-invalid-value",
                "{what} is not a web address",
                "web addresses start with https:// (or http://)",
            ),
            framework["contact"]["properties"]["email"]["pattern"]: (
                "schema-invalid-value",
                "{what} is not an e-mail address",
                "write it as name@example.be",
            ),
            framework["contact"]["properties"]["phone"]["pattern"]: (
                "schema-invalid-value",
                "{what} is not a phone number",
                'write the number as dialled in Belgium, in quotes, for example "1712"',
            ),
            load_schema("framework")["properties"]["version"]["pattern"]: (
                "schema-invalid-value",
                "{what} is not a version number",
                "write MAJOR.MINOR.PATCH, for example 1.0.0",
            ),
            load_schema("overlay")["properties"]["framework_version"]["pattern"]: (
                "schema-invalid-value",
                "{what} is not a version range",
                'write it in quotes, for example ">=1.0, <2"',
            ),
        }

    # ---------------------------------------------------------------- the document

    def at(self, path: Path_) -> Any:
        node = self.document
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def kind(self, path: Path_) -> str | None:
        """The kind of thing at `path` (step, action, operation, …), if it is one."""
        if not path:
            return self.name
        last = path[-1]
        if isinstance(last, int) and len(path) >= 2 and isinstance(path[-2], str):
            owner = self.kind(path[:-2])
            if owner == "operation" and path[-2] == "items":
                return self._appended_kind(path[:-2])
            return _ITEM_KINDS.get((owner or "", path[-2]))
        if last == "item" and self.kind(path[:-1]) == "operation":
            insert = self.at((*path[:-1], "insert"))
            if isinstance(insert, str):
                tail = insert.rsplit("/", 1)[-1]
                if "/" not in insert:
                    return tail
                if tail == "step":
                    return "route step"
                return _INSERT_KINDS.get(tail)
        return None

    def _appended_kind(self, op_path: Path_) -> str | None:
        field = self.at((*op_path, "field"))
        kinds = {
            "actions": "action",
            "decisions": "decision",
            "options": "option",
            "fields": "form field",
        }
        if field == "steps":
            return "route step"
        return kinds.get(field) if isinstance(field, str) else None

    def operation(self, path: Path_) -> str | None:
        node = self.at(path)
        if isinstance(node, dict):
            return next((op for op in _OPERATIONS if op in node), None)
        return None

    def where(self, path: Path_) -> str:
        """A name for the thing at `path`: "step 'melden'", "'title' of step 'melden'"."""
        if not path:
            if self.name == "framework":
                return "the framework"
            kind = self.at(("kind",))
            if kind == "organisation":
                return "the organisation layer"
            return f"the {kind} overlay" if kind in ("sector", "context") else "the overlay"
        kind = self.kind(path)
        node = self.at(path)
        last = path[-1]
        if kind == "operation":
            op = self.operation(path)
            if op is None:
                return f"operation {int(last) + 1}"
            value = node[op]
            return (
                f"the '{op}: {value}' operation"
                if isinstance(value, str)
                else f"the '{op}' operation"
            )
        if kind is not None:
            owner = self.owner(path[:-1])
            if last == "item":
                name = f"the new {kind}"
            elif isinstance(node, dict) and isinstance(node.get("id"), str):
                name = f"{kind} '{node['id']}'"
            else:
                name = f"{kind} {int(last) + 1}" if isinstance(last, int) else kind
            return f"{name} of {owner}" if owner else name
        if isinstance(last, int):
            return f"item {last + 1} of {self.where(path[:-1])}"
        parent_kind = self.kind(path[:-1])
        if parent_kind == "operation" and last == "fields":
            return f"the fields of {self.where(path[:-1])}"
        return f"'{last}' of {self.where(path[:-1])}"

    def owner(self, path: Path_) -> str | None:
        """The nearest named item or operation above `path`, if any (not the file itself)."""
        for end in range(len(path), 0, -1):
            if self.kind(path[:end]) is not None:
                return self.where(path[:end])
        return None

    def field(self, path: Path_) -> str:
        """A name for the value at `path`: "'who' in step 'melden'"."""
        if not path:
            return "the file"
        if self.kind(path) is not None:
            return self.where(path)
        last = path[-1]
        if isinstance(last, int):
            return f"item {last + 1} of {self.field(path[:-1])}"
        return f"'{last}' in {self.where(path[:-1])}"

    def subject(self, path: Path_) -> str:
        """Like `where`, but "a step" rather than "step 3" when the item has no id yet."""
        kind = self.kind(path)
        node = self.at(path)
        if (
            kind not in (None, "operation", self.name)
            and path
            and isinstance(path[-1], int)
            and not (isinstance(node, dict) and isinstance(node.get("id"), str))
        ):
            owner = self.owner(path[:-1])
            name = f"{_article(kind or '')} {kind}"
            return f"{name} of {owner}" if owner else name
        return self.where(path)

    # ---------------------------------------------------------------- the errors

    def problems(self, error: ValidationError) -> Iterator[SchemaProblem]:
        """The problems one jsonschema error stands for (none, one or several)."""
        path: Path_ = tuple(error.absolute_path)
        keyword = error.validator
        schema = error.schema if isinstance(error.schema, dict) else {}
        if keyword == "not":
            yield from self._forbidden(error, path)
        elif keyword == "additionalProperties":
            yield from self._unknown(error, path, schema)
        elif keyword == "required":
            yield from self._missing(error, path, schema)
        elif keyword == "type":
            yield self._wrong_type(error, path)
        elif keyword in ("oneOf", "anyOf"):
            yield from self._branches(error, path)
        elif keyword == "pattern":
            yield self._pattern(error, path)
        elif keyword in ("enum", "const"):
            yield self._enum(error, path, schema)
        elif keyword in ("minimum", "maximum"):
            low, high = schema.get("minimum"), schema.get("maximum")
            bounds = (
                f"between {low} and {high}"
                if low is not None and high is not None
                else (f"at least {low}" if low is not None else f"at most {high}")
            )
            yield SchemaProblem(
                path,
                "schema-invalid-value",
                f"{self.field(path)} must be {bounds}, not {error.instance}",
            )
        elif keyword in ("minLength", "minProperties"):
            yield SchemaProblem(path, "schema-empty", f"{self.field(path)} is empty")
        elif keyword == "minItems":
            yield SchemaProblem(
                path,
                "schema-empty",
                f"{self.field(path)} is an empty list",
                (
                    "add at least one item"
                    if error.validator_value == 1
                    else f"add at least {error.validator_value} items",
                ),
            )
        elif keyword == "uniqueItems":
            seen: list[Any] = []
            twice: list[str] = []
            for item in error.instance if isinstance(error.instance, list) else []:
                if item in seen and str(item) not in twice:
                    twice.append(str(item))
                seen.append(item)
            yield SchemaProblem(
                path,
                "schema-invalid-value",
                f"{self.field(path)} lists the same value more than once",
                tuple(f"'{value}' appears more than once" for value in twice),
            )
        else:
            yield SchemaProblem(
                path, "schema-invalid-value", f"{self.field(path)}: {error.message}"
            )

    def _forbidden(self, error: ValidationError, path: Path_) -> Iterator[SchemaProblem]:
        # `not: {required: [...]}` is how the schemas forbid a field in some cases only.
        value = error.validator_value
        names = value.get("required", []) if isinstance(value, dict) else []
        node = self.at(path)
        keys = [k for k in names if isinstance(node, dict) and k in node]
        if not keys:
            yield SchemaProblem(
                path, "schema-invalid-value", f"{self.field(path)}: {error.message}"
            )
        for key in keys:
            hint = _FIELD_HINTS.get(key)
            yield SchemaProblem(
                (*path, key),
                "schema-unknown-field",
                f"field '{key}' is not allowed in {self.where(path)}",
                (hint,) if hint else (),
                key_error=True,
            )

    def _unknown(
        self, error: ValidationError, path: Path_, schema: Mapping[str, Any]
    ) -> Iterator[SchemaProblem]:
        allowed = [k for k, s in schema.get("properties", {}).items() if s is not False]
        instance = error.instance if isinstance(error.instance, dict) else {}
        for key in instance:
            if key in allowed:
                continue
            shown = str(key)
            hints: list[str] = []
            close = _did_you_mean(shown, allowed)
            if shown == "id":
                hints.append(_FIELD_HINTS["id"])
            elif close:
                hints.append(close)
            elif allowed:
                hints.append(f"allowed fields: {', '.join(allowed)}")
            yield SchemaProblem(
                (*path, key),
                "schema-unknown-field",
                f"unknown field '{shown}' in {self.where(path)}",
                tuple(hints),
                key_error=True,
            )

    def _missing(
        self, error: ValidationError, path: Path_, schema: Mapping[str, Any]
    ) -> Iterator[SchemaProblem]:
        instance = error.instance if isinstance(error.instance, dict) else {}
        properties = schema.get("properties", {})
        required: Any = error.validator_value
        for name in required:
            if name in instance:
                continue
            hints: tuple[str, ...] = ()
            described = properties.get(name)
            if isinstance(described, dict) and described.get("description"):
                hints = (f"'{name}': {described['description']}",)
            needs = f"needs '{name}'" if name in _PLURALS else f"needs {_article(name)} '{name}'"
            op = self.operation(path) if self.kind(path) == "operation" else None
            if op is not None:
                target = instance.get(op)
                on = f" ('{op}: {target}')" if isinstance(target, str) else ""
                message = f"{_article(op)} '{op}' operation {needs}{on}"
            else:
                message = f"{self.subject(path)} {needs}"
            yield SchemaProblem(path, "schema-missing-field", message, hints)

    def _wrong_type(self, error: ValidationError, path: Path_) -> SchemaProblem:
        expected: Any = error.validator_value
        types = [expected] if isinstance(expected, str) else list(expected)
        if error.instance is None:
            return SchemaProblem(
                path,
                "schema-empty",
                f"{self.field(path)} is empty",
                ("write a value after the colon, or remove the line",),
            )
        last = path[-1] if path else None
        nouns = []
        schema = error.schema if isinstance(error.schema, dict) else {}
        titled = _TITLE_NOUNS.get(str(schema.get("title")))
        for kind in [] if titled else types:
            if kind == "array" and isinstance(last, str) and last in _LIST_NOUNS:
                nouns.append(_LIST_NOUNS[last])
            else:
                nouns.append(_TYPE_NOUNS.get(kind, kind))
        hints: list[str] = []
        if "string" in types and isinstance(error.instance, bool):
            hints.append(
                "YAML reads yes, no, on, off, true and false as true/false: put the text in quotes"
            )
        elif "string" in types and isinstance(error.instance, int | float):
            hints.append(f'put it in quotes: "{error.instance}"')
        if "object" in types and isinstance(error.instance, str):
            hints.append("write the fields on the lines below, indented")
        return SchemaProblem(
            path,
            "schema-wrong-type",
            f"{self.field(path)} must be {titled or _join(nouns)}, not {_actual(error.instance)}",
            tuple(hints),
        )

    def _pattern(self, error: ValidationError, path: Path_) -> SchemaProblem:
        value = str(error.instance)
        is_key = "propertyNames" in error.relative_schema_path
        code, template, hint = self.patterns.get(
            str(error.validator_value),
            ("schema-invalid-value", "{what} has the wrong form", ""),
        )
        if is_key:
            what = f"the name '{value}' in {self.field(path)}"
            path = (*path, value)
        else:
            what = self.field(path)
            template += ": '{value}'"
        hints = [hint] if hint else []
        if code == "schema-invalid-id" and _slug(value) and _slug(value) != value:
            hints.append(f"for example '{_slug(value)}'")
        if code == "schema-invalid-reference" and ":" in value:
            kinds = ("role", "contact", "signal", "principle", "step", "route", "form")
            guess = _did_you_mean(value.split(":", 1)[0], kinds)
            if guess:
                hints.append(guess)
        if is_key and ":" in value and "language" in template:
            hints.append("a text that starts with '{' must be in quotes")
        return SchemaProblem(
            path, code, template.format(what=what, value=value), tuple(hints), key_error=is_key
        )

    def _enum(
        self, error: ValidationError, path: Path_, schema: Mapping[str, Any]
    ) -> SchemaProblem:
        value: Any = error.validator_value
        allowed = [schema["const"]] if error.validator == "const" else list(value)
        if not allowed:
            description = str(schema.get("description", "nothing is allowed here")).rstrip(".")
            return SchemaProblem(
                path, "schema-invalid-value", description[:1].lower() + description[1:]
            )
        hints: list[str] = []
        close = _did_you_mean(str(error.instance), [str(a) for a in allowed])
        if close:
            hints.append(close)
        choices = _quoted((str(a) for a in allowed), "or")
        return SchemaProblem(
            path,
            "schema-invalid-value",
            f"{self.field(path)} cannot be '{error.instance}': use {choices}",
            tuple(hints),
        )

    def _branches(self, error: ValidationError, path: Path_) -> Iterator[SchemaProblem]:
        value: Any = error.validator_value
        branches: list[Any] = list(value)
        instance = error.instance
        discriminators = [_discriminator(b) for b in branches]
        by_branch: dict[int, list[ValidationError]] = {}
        for sub in error.context or ():
            index = sub.relative_schema_path[0]
            if isinstance(index, int):
                by_branch.setdefault(index, []).append(sub)
        off_target: set[int] = set()
        for index, subs in by_branch.items():
            for sub in subs:
                if sub.relative_path:
                    continue
                if sub.validator == "type":
                    off_target.add(index)
                elif sub.validator == "required" and isinstance(sub.schema, dict):
                    key = sub.schema.get("required", [None])[0]
                    if isinstance(instance, dict) and key not in instance:
                        off_target.add(index)
        keys = [d for d in discriminators if d is not None]
        present = [k for k in keys if isinstance(instance, dict) and k in instance]
        is_operation = bool(keys) and set(keys) == set(_OPERATIONS)
        where = "an operation" if is_operation else self.where(path)
        if len(present) > 1:
            if is_operation:
                message = (
                    f"an operation does one thing only; this one has {_quoted(present, 'and')}"
                )
                hints: tuple[str, ...] = ("split it into separate operations",)
                self.conflicts.add(path)
            else:
                message = f"{where} has {_quoted(present, 'and')}; use only one of {_quoted(keys)}"
                hints = ()
            yield SchemaProblem(path, "schema-invalid-value", message, hints)
            return
        candidates = [i for i in by_branch if i not in off_target]
        if len(candidates) == 1:
            for sub in by_branch[candidates[0]]:
                yield from self.problems(sub)
            return
        if len(candidates) > 1:
            from jsonschema.exceptions import best_match

            chosen = best_match(sub for i in candidates for sub in by_branch[i])
            if chosen is not None:
                yield from self.problems(chosen)
            return
        schema = error.schema if isinstance(error.schema, dict) else {}
        if "type" in schema and not _fits(instance, schema["type"]):
            return  # the type error of the same schema says it better
        if isinstance(instance, dict) and keys and len(keys) == len(discriminators):
            unknown = [k for k in instance if _did_you_mean(str(k), keys)]
            for key in unknown:
                yield SchemaProblem(
                    (*path, key),
                    "schema-unknown-field",
                    f"unknown field '{key}' in {where}",
                    (_did_you_mean(str(key), keys) or "",),
                    key_error=True,
                )
            if not unknown:
                yield SchemaProblem(
                    path,
                    "schema-missing-field",
                    f"{where} needs one of {_quoted(keys)}",
                    (f"this one has {_quoted(map(str, instance), 'and')}",)
                    if is_operation and instance
                    else (),
                )
            return
        if instance is None:
            yield SchemaProblem(path, "schema-empty", f"{self.field(path)} is empty")
            return
        noun = _TITLE_NOUNS.get(str(schema.get("title")), "something else")
        yield SchemaProblem(
            path,
            "schema-wrong-type",
            f"{self.field(path)} must be {noun}, not {_actual(instance)}",
        )


def _fits(instance: Any, types: Any) -> bool:
    names = [types] if isinstance(types, str) else list(types)
    checks = {
        "object": isinstance(instance, dict),
        "array": isinstance(instance, list),
        "string": isinstance(instance, str),
        "boolean": isinstance(instance, bool),
        "integer": isinstance(instance, int) and not isinstance(instance, bool),
        "number": isinstance(instance, int | float) and not isinstance(instance, bool),
        "null": instance is None,
    }
    return any(checks.get(name, False) for name in names)
