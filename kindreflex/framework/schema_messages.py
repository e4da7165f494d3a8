"""jsonschema errors turned into plain-English `SchemaProblem`s that name the document's things."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .operations import OPERATION_NAMES
from .refs import TOP_LEVEL
from .schema import Path_, SchemaProblem, load_schema
from .schema_places import DocumentPlaces
from .schema_words import (
    FIELD_HINTS,
    LIST_NOUNS,
    PLURALS,
    TITLE_NOUNS,
    TYPE_NOUNS,
    actual,
    article,
    date_hints,
    did_you_mean,
    join,
    pattern_messages,
    quoted,
    shaped_like_a_date,
    slug,
)

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError


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



class SchemaMessages(DocumentPlaces):
    """Turns jsonschema errors into `SchemaProblem`s, naming things from the document."""

    def __init__(self, document: Any, name: str,
                 sources: Mapping[Path_, str] | None = None,
                 language: str | None = None) -> None:
        super().__init__(document, name)
        self.language = language  # the framework's default language: ids suggested in it
        self.conflicts: set[Path_] = set()
        self.sources: Mapping[Path_, str] = sources if sources is not None else {}
        self.patterns = pattern_messages()

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
        elif keyword == "maxLength":
            yield SchemaProblem(
                path,
                "schema-too-long",
                f"{self.field(path)} is longer than {error.validator_value} characters (it "
                f"has {len(str(error.instance))})",
                ("shorten it; a long explanation reads better as several items",),
            )
        elif keyword == "format":
            if shaped_like_a_date(error):
                yield self._format(error, path)
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
            hint = FIELD_HINTS.get(key)
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
            close = did_you_mean(shown, allowed)
            if shown == "id":
                hints.append(FIELD_HINTS["id"])
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
            needs = f"needs '{name}'" if name in PLURALS else f"needs {article(name)} '{name}'"
            op = self.operation(path) if self.kind(path) == "operation" else None
            if op is not None:
                target = instance.get(op)
                on = f" ('{op}: {target}')" if isinstance(target, str) else ""
                message = f"{article(op)} '{op}' operation {needs}{on}"
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
        titled = TITLE_NOUNS.get(str(schema.get("title")))
        for kind in [] if titled else types:
            if kind == "array" and isinstance(last, str) and last in LIST_NOUNS:
                nouns.append(LIST_NOUNS[last])
            else:
                nouns.append(TYPE_NOUNS.get(kind, kind))
        hints: list[str] = []
        written = self.sources.get(path)
        if "string" in types and isinstance(error.instance, bool):
            hints.append(
                "YAML reads yes, no, on, off, true and false as true/false: put the text in quotes"
                + (f': "{written}"' if written is not None else "")
            )
        elif "string" in types and isinstance(error.instance, int | float):
            shown = written if written is not None else error.instance
            hints.append(f'put it in quotes: "{shown}"')
            if written is not None and written != str(error.instance):
                hints.append(f"YAML reads {written} as the number {error.instance}")
        if "object" in types and isinstance(error.instance, str):
            hints.append("write the fields on the lines below, indented")
        return SchemaProblem(
            path,
            "schema-wrong-type",
            f"{self.field(path)} must be {titled or join(nouns)}, not {actual(error.instance)}",
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
        example = slug(value, self.language) if code == "schema-invalid-id" else ""
        if example and example != value:
            hints.append(f"for example '{example}'")
        if code == "schema-invalid-reference" and ":" in value:
            guess = did_you_mean(value.split(":", 1)[0], TOP_LEVEL)
            if guess:
                hints.append(guess)
        if is_key and ":" in value and "language" in template:
            hints.append("a text that starts with '{' must be in quotes")
        return SchemaProblem(
            path, code, template.format(what=what, value=value), tuple(hints), key_error=is_key
        )

    def _format(self, error: ValidationError, path: Path_) -> SchemaProblem:
        if error.validator_value != "date":
            message = f"{self.field(path)}: {error.message}"
            return SchemaProblem(path, "schema-invalid-value", message)
        return SchemaProblem(path, "schema-invalid-value",
                             f"{self.field(path)} is not a real date: '{error.instance}'",
                             date_hints(str(error.instance)))

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
        close = did_you_mean(str(error.instance), [str(a) for a in allowed])
        if close:
            hints.append(close)
        choices = quoted((str(a) for a in allowed), "or")
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
        is_operation = bool(keys) and set(keys) == set(OPERATION_NAMES)
        where = "an operation" if is_operation else self.where(path)
        if len(present) > 1:
            if is_operation:
                message = (
                    f"an operation does one thing only; this one has {quoted(present, 'and')}"
                )
                hints: tuple[str, ...] = ("split it into separate operations",)
                self.conflicts.add(path)
            else:
                message = f"{where} has {quoted(present, 'and')}; use only one of {quoted(keys)}"
                hints = ()
            yield SchemaProblem(path, "schema-invalid-value", message, hints)
            return
        candidates = [i for i in by_branch if i not in off_target]
        if len(present) == 1 and not is_operation:
            # The one branch whose required field the value has is the one it was meant for
            # (a term written {name, forms}, not a text per language).
            candidates = [i for i in candidates if discriminators[i] == present[0]] or candidates
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
            unknown = [k for k in instance if did_you_mean(str(k), keys)]
            for key in unknown:
                yield SchemaProblem(
                    (*path, key),
                    "schema-unknown-field",
                    f"unknown field '{key}' in {where}",
                    (did_you_mean(str(key), keys) or "",),
                    key_error=True,
                )
            if not unknown:
                yield SchemaProblem(
                    path,
                    "schema-missing-field",
                    f"{where} needs one of {quoted(keys)}",
                    (f"this one has {quoted(map(str, instance), 'and')}",)
                    if is_operation and instance
                    else (),
                )
            return
        if instance is None:
            yield SchemaProblem(path, "schema-empty", f"{self.field(path)} is empty")
            return
        noun = TITLE_NOUNS.get(str(schema.get("title")), "something else")
        yield SchemaProblem(
            path,
            "schema-wrong-type",
            f"{self.field(path)} must be {noun}, not {actual(instance)}",
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

