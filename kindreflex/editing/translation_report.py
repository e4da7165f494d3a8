"""Missing translations: every text that lacks a declared language, at file:line, and every
interface word a declared language lacks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..framework.project import Project
from ..framework.refs import ENTRY_LISTS
from ..framework.schema import text_fields
from ..framework.texts import is_language_tag, text_language
from ..framework.yaml_source import Document
from ..render.interface_checks import MissingWord, missing_interface_words
from ..render.theme import theme_for

# Fields whose value is a text a person reads (a string or a {lang: text} mapping), and
# fields whose value is a list of such texts.
TEXT_FIELDS = text_fields()
TEXT_LISTS = ENTRY_LISTS
Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class MissingText:
    """A text without a version in one language."""

    file: str
    line: int
    column: int
    language: str
    pointer: str
    text: str

    def format_text(self) -> str:
        """`file:line:col: missing 'en': /steps/3/title "Noteer …"`."""
        sample = self.text if len(self.text) <= 50 else self.text[:49] + "…"
        return (f"{self.file}:{self.line}:{self.column}: missing '{self.language}': "
                f"{self.pointer} \"{sample}\"")


def _texts(value: Any, path: Path_, text_context: bool) -> Iterator[tuple[Path_, Any]]:
    """(path, text) for every readable text below `value`."""
    if isinstance(value, dict):
        keys = set(value)
        if text_context and keys and all(isinstance(k, str) and is_language_tag(k)
                                         for k in keys):
            yield path, value
            return
        if text_context and "text" in keys:  # a list text written {id, text, condition}
            yield from _texts(value["text"], (*path, "text"), True)
            return
        for key, child in value.items():
            if key == "sources":
                continue  # titles of source documents are cited as published, not translated
            if key == "terms" and isinstance(child, dict):
                for name, term in child.items():
                    yield from _texts(term, (*path, key, name), True)
            elif key in TEXT_LISTS and isinstance(child, list):
                for index, entry in enumerate(child):
                    yield from _texts(entry, (*path, key, index), True)
            else:
                yield from _texts(child, (*path, key), key in TEXT_FIELDS)
        if value.get("field") in TEXT_FIELDS and "value" in value:
            yield from _texts(value["value"], (*path, "value"), True)
        if value.get("field") in TEXT_LISTS and isinstance(value.get("items"), list):
            for index, entry in enumerate(value["items"]):
                yield from _texts(entry, (*path, "items", index), True)
    elif isinstance(value, list):
        for index, entry in enumerate(value):
            yield from _texts(entry, (*path, index), False)
    elif isinstance(value, str) and text_context:
        yield path, value


def missing_in(doc: Document, languages: tuple[str, ...], default: str) -> list[MissingText]:
    """Every text of one file that lacks one of `languages` (a plain string is `default`)."""
    found = []
    for path, text in _texts(doc.data, (), False):
        present = dict(text) if isinstance(text, dict) else {default: text}
        shown = text.get(default) or next(iter(text.values()), "") if isinstance(text, dict) \
            else text
        for lang in languages:
            if text_language(present, lang) is None:  # a text in nl serves nl-NL too
                line, column = doc.position(path)
                pointer = "/" + "/".join(str(p) for p in path)
                found.append(MissingText(doc.file, line, column, lang, pointer, str(shown)))
    return found


def missing_translations(project: Project, languages: tuple[str, ...] = ()) -> list[MissingText]:
    """Missing texts in every file of the project, for the given (default: all) languages."""
    declared = project.languages
    wanted = languages or declared
    docs = [project.framework] if project.framework else []
    docs += [overlay.doc for _key, overlay in sorted(project.overlays.items())]
    result: list[MissingText] = []
    for doc in docs:
        if doc is not None:
            result.extend(missing_in(doc, tuple(wanted), declared[0]))
    return result


def missing_interface(project: Project, languages: tuple[str, ...] = ()) -> list[MissingWord]:
    """The interface words each language (default: every declared one) lacks in the root's
    theme catalogues and kindreflex's own."""
    return missing_interface_words(project, theme_for(project.root), languages)
