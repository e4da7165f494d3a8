"""Strict YAML loading with a line and column for every node."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Issue, Sources
from .files import TOO_LARGE, UTF8_HINT, FileProblem, NotUtf8, read_bounded, utf8_text
from .texts import PLACEHOLDER, control_characters
from .yaml_indentation import find_misplaced, indentation_message

MAX_FILE_BYTES = 2 * 1024 * 1024
# A real framework has a few thousand nodes; aliases may not multiply that without bound
# ("billion laughs"): the walk stops once this many nodes have been built.
MAX_NODES = 50_000
MAX_DEPTH = 64
# libyaml's parser is ten times faster than the pure-Python one and gives the same marks.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML = "tag:yaml.org,2002:"
# The tags plain data may carry; every other tag (`!!python/object`, `!!set`, `!!binary`, a
# local `!tag`) is reported, on scalars, mappings and sequences alike.
SCALAR_TAGS = {_YAML + name for name in ("str", "int", "float", "bool", "null")}
COLLECTION_TAGS = {"mapping": _YAML + "map", "sequence": _YAML + "seq"}

Path_ = tuple[str | int, ...]
# What PyYAML says when a line stands at the wrong column (libyaml's words and PyYAML's).
INDENTATION_PROBLEMS = ("did not find expected key", "did not find expected '-' indicator",
                        "mapping values are not allowed", "could not find expected ':'",
                        "expected <block end>", "did not find expected <document start>")


@dataclass
class Document:
    """A loaded YAML file: its data and where every value and key stands."""

    file: str  # path relative to the root, as shown in messages
    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # The source text of every scalar YAML typed as a number or true/false (`0470123456`,
    # `1.10`, `NO`): what the editor wrote, for fields that are text and for messages.
    plain: dict[Path_, str] = field(default_factory=dict)

    def source_text(self, path: Path_, value: Any) -> Any:
        """The value at `path` as written in the file if YAML typed it, else `value`."""
        return self.plain.get(tuple(path), value)

    def position(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """(line, column) of the value (or key) at `path`, else of its nearest ancestor."""
        if key and path in self.keys:
            return self.keys[path]
        probe = tuple(path)
        while probe:
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))


class _Abort(Exception):
    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


class _Builder:
    """Turns a composed node graph into plain data, recording positions."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.count = 0
        self.issues: list[Issue] = []
        self.doc = Document(file=file, data=None)
        self._constructor = SafeConstructor()

    def issue(self, node: Node, code: str, message: str, *hints: str,
              path: Path_ = ()) -> Issue:
        pointer = "/" + "/".join(str(part) for part in path) if path else ""
        return Issue(self.file, node.start_mark.line + 1, node.start_mark.column + 1, code,
                     message, hints, pointer)

    def build(self, node: Node, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            # Aliased nodes are shared, so their own mark points at the anchor; the top-level
            # field being expanded is where the editor must look.
            line, column = self.doc.keys.get(path[:1], (1, 1))
            raise _Abort(
                Issue(
                    self.file, line, column, "yaml-too-many-nodes",
                    f"this expands to more than {MAX_NODES} values (aliases repeated too often)",
                    ("remove the '&anchor' / '*alias' repetition; write the items out instead",),
                )
            )
        if depth > MAX_DEPTH:
            raise _Abort(self.issue(node, "yaml-too-deep", "the file is nested too deeply"))
        self.doc.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, MappingNode):
            self._collection_tag(node, "mapping", path)
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            self._collection_tag(node, "sequence", path)
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _unsupported_tag(self, node: Node, path: Path_) -> None:
        shown = "!!" + node.tag.removeprefix(_YAML) if node.tag.startswith(_YAML) else node.tag
        self.issues.append(
            self.issue(
                node,
                "yaml-unsupported-tag",
                f"the tag '{shown}' is not allowed",
                "write plain text, numbers, lists and mappings only; remove the tag",
                path=path,
            )
        )

    def _collection_tag(self, node: Node, kind: str, path: Path_) -> None:
        if node.tag != COLLECTION_TAGS[kind]:
            self._unsupported_tag(node, path)

    def _scalar(self, node: Node, path: Path_) -> Any:
        assert isinstance(node, ScalarNode)
        if node.tag == _YAML + "timestamp":
            value: Any = node.value  # dates stay ISO strings: the schema checks them
        elif node.tag in SCALAR_TAGS:
            value = self._constructor.construct_object(node)
        else:
            self._unsupported_tag(node, path)
            return node.value
        if isinstance(value, str):
            self._check_text(node, value, path)
        elif value is not None:
            self.doc.plain[path] = str(node.value)
        return value

    def _check_text(self, node: Node, text: str, path: Path_, what: str = "text") -> None:
        found = control_characters(text)
        if found:
            self.issues.append(self.issue(
                node, "text-control-character",
                f"this {what} contains the control character {found[0]}",
                "remove it: texts may hold letters, tabs and line breaks, but no control "
                "characters (often pasted along from another program)",
                path=path))

    def _mapping(self, node: MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.issues.append(
                    self.issue(
                        key_node,
                        "yaml-merge-key",
                        "merge keys ('<<') are not supported",
                        "write the fields out in full",
                        path=path,
                    )
                )
                continue
            if not isinstance(key_node, ScalarNode):
                self.issues.append(
                    self.issue(key_node, "yaml-complex-key", "a field name must be plain text",
                               path=path)
                )
                continue
            key = str(key_node.value)
            self._check_text(key_node, key, (*path, key), "field name")
            line = key_node.start_mark.line + 1
            if key in first_seen:
                self.issues.append(
                    self.issue(
                        key_node,
                        "yaml-duplicate-key",
                        f"the field '{key}' appears twice in this mapping (first on line "
                        f"{first_seen[key]})",
                        "keep one of them: YAML would silently use only the last one",
                        path=(*path, key),
                    )
                )
                continue
            first_seen[key] = line
            child = (*path, key)
            self.doc.keys[child] = (line, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, child, depth + 1)
        return result


def _tab_indentation(text: str, file: str) -> Issue | None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            return Issue(
                file,
                number,
                indent.index("\t") + 1,
                "yaml-tab-indent",
                "this line is indented with a tab",
                ("YAML only allows spaces for indentation; replace the tab with spaces",),
            )
    return None


def _syntax_issue(error: yaml.YAMLError, file: str, text: str) -> Issue:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    if mark is not None and any(words in str(problem) for words in INDENTATION_PROBLEMS):
        context_mark = getattr(error, "context_mark", None)
        guess = find_misplaced(text, line, SAFE_LOADER,
                               context_mark.line + 1 if context_mark is not None else None)
        if guess is not None:
            return Issue(file, guess.line, guess.indent + 1, "yaml-indentation",
                         *indentation_message(guess))
    hints: list[str] = []
    context = getattr(error, "context", None)
    context_mark = getattr(error, "context_mark", None)
    if context and context_mark is not None and context_mark.line + 1 != line:
        # The place where YAML noticed the problem is often after the real mistake.
        hints.append(f"this belongs to what starts on line {context_mark.line + 1}, column "
                     f"{context_mark.column + 1} ({context.removeprefix('while ')}): "
                     "check that line for an unclosed bracket or quote")
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if PLACEHOLDER.search(source_line):
        hints.append("a text with a placeholder such as '{role:api}' must be put in quotes when "
                     "it starts with '{' or stands inside a {nl: …, en: …} mapping")
    elif ("{" in source_line or "[" in source_line) and "but got" in str(problem):
        hints.append("inside {…} or […], put a text that contains '?', ':', ',' or '#' in quotes")
    elif not hints:
        hints.append("check the indentation and the ':' after each field name on or above "
                     "this line")
    return Issue(file, line, column, "yaml-syntax", f"YAML syntax error: {problem}", tuple(hints))


def load_yaml(path: Path, file: str,
              sources: Sources | None = None) -> tuple[Document | None, list[Issue]]:
    """Load one YAML file strictly; returns the document (None if unusable) and its issues.

    `sources` keeps the file's text, so messages can show the lines they are about.
    """
    try:
        raw = read_bounded(path, MAX_FILE_BYTES)
    except FileProblem as problem:
        if problem.code == TOO_LARGE:
            return None, [Issue(file, 1, 1, "yaml-too-large",
                                f"the file is larger than the limit of {MAX_FILE_BYTES} bytes",
                                ("split the content or remove what is not needed",))]
        return None, [Issue(file, 1, 1, problem.code, problem.reason,
                            (problem.hint,) if problem.hint else ())]
    return load_yaml_bytes(raw, file, sources)


def load_yaml_bytes(raw: bytes, file: str,
                    sources: Sources | None = None) -> tuple[Document | None, list[Issue]]:
    """Load YAML from bytes (see `load_yaml`)."""
    try:
        text = utf8_text(raw)
    except NotUtf8 as problem:
        return None, [Issue(file, problem.line, problem.column, "yaml-invalid-utf8",
                            problem.reason, (UTF8_HINT,))]
    if sources is not None:
        sources.add(file, text)
    tab = _tab_indentation(text, file)
    if tab is not None:
        return None, [tab]
    try:
        nodes = list(yaml.compose_all(text, Loader=SAFE_LOADER))
    except yaml.YAMLError as error:
        return None, [_syntax_issue(error, file, text)]
    if not nodes:
        return None, [Issue(file, 1, 1, "yaml-empty", "the file is empty")]
    if len(nodes) > 1:
        second = nodes[1]
        return None, [
            Issue(
                file, second.start_mark.line + 1, 1, "yaml-multiple-documents",
                "the file holds more than one YAML document ('---')",
                ("keep one document per file",),
            )
        ]
    builder = _Builder(file)
    try:
        builder.doc.data = builder.build(nodes[0], (), 0)
    except _Abort as abort:
        return None, [*builder.issues, abort.issue]
    except (yaml.YAMLError, ValueError, TypeError) as error:
        return None, [Issue(file, 1, 1, "yaml-invalid-value", f"a value cannot be read: {error}")]
    return builder.doc, builder.issues
