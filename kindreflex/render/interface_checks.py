"""Checks of the interface words a root's plans need: every word in every declared language,
translations with the message's placeholders, and the forms of names they ask for.

The interface words are the messages of kindreflex's English catalogue (a test keeps it
complete). For each language the framework declares, each word must be in one of the
catalogues that serve it (`interface_words.catalogue_files`); a word none has is printed in
English, so `validate` warns (`interface-word-missing`, naming the word and the languages);
`build` and `batch` warn once for a language whose catalogue is not begun (more than
`FEW_MISSING` words missing), and `kindreflex translations --add-to-catalogue` puts the
words in the root's catalogue, to translate (`editing.catalogue_starter`).
A translation whose placeholders differ from the message's, or that asks for a form of a
value that has none, is an error at its catalogue line; so is a form a role or contact does
not declare (`form-missing`), checked on every sector and context plan.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from babel.messages.catalog import Catalog, Message

from ..errors import ContentError, Issue
from ..framework.form_checks import name_forms
from ..framework.grammar import MESSAGE_PLACEHOLDER, declared_forms, form_of
from ..framework.project import Project
from .interface_words import (
    CatalogueFile,
    CatalogueProblem,
    catalogue_files,
    read_catalogue,
    root_catalogue,
    shipped_catalogue,
)
from .theme import Theme

# The placeholders of interface messages that take a name with forms, and its kind.
NAME_PLACEHOLDERS = {"role": "role", "roles": "role", "contact": "contact"}
ENGLISH = "en"
# More words missing than this in one language, and `build` and `batch` give one warning for
# the language, not one per word: a producer of a plan in a new language is told once (and
# how to start its catalogue); `validate` and `translations` still name every word.
FEW_MISSING = 3


@dataclass(frozen=True)
class MissingWord:
    """An interface word that no catalogue of a language has."""

    msgid: str
    language: str
    file: str  # where it belongs: the language's first catalogue of the theme, or the framework
    line: int
    column: int


@dataclass(frozen=True)
class Found:
    """A message's translation for one language, and where it is written."""

    message: Message
    file: CatalogueFile


def english_messages() -> list[Message]:
    """Every interface message as kindreflex's English catalogue has it (plural forms, flags)."""
    catalog = read_catalogue(CatalogueFile(shipped_catalogue(ENGLISH), "", ENGLISH))
    return [message for message in catalog if message.id]


def interface_messages() -> list[str]:
    """Every interface word the templates and the code use: the English catalogue's messages."""
    return [message_key(message) for message in english_messages()]


def message_key(message: Message) -> str:
    """How a message is looked up: its msgid (the singular of a message with plural forms)."""
    return message.id if isinstance(message.id, str) else message.id[0]


def _translated(message: Message | None) -> bool:
    if message is None or message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


class _Lookup:
    """The catalogues of each language, read once; problems collected as issues."""

    def __init__(self, theme: Theme | None) -> None:
        self.theme = theme
        self.issues: list[Issue] = []
        self.unreadable: set[str] = set()  # languages with a catalogue that cannot be read
        self._catalogues: dict[str, list[tuple[CatalogueFile, Catalog]]] = {}

    def catalogues(self, lang: str) -> list[tuple[CatalogueFile, Catalog]]:
        if lang not in self._catalogues:
            found = []
            for file in catalogue_files(self.theme, lang):
                try:
                    found.append((file, read_catalogue(file)))
                except CatalogueProblem as problem:
                    self.unreadable.add(lang)
                    if problem.issue not in self.issues:
                        self.issues.append(problem.issue)
            self._catalogues[lang] = found
        return self._catalogues[lang]

    def find(self, lang: str, msgid: str) -> Found | None:
        for file, catalog in self.catalogues(lang):
            message = catalog.get(msgid)
            if _translated(message):
                return Found(message, file)  # type: ignore[arg-type]
        return None


def missing_interface_words(project: Project, theme: Theme | None,
                            languages: tuple[str, ...] = ()) -> list[MissingWord]:
    """Every interface word that a declared language (or one of `languages`) lacks;
    ContentError if a catalogue of those languages cannot be read (its words are not known to
    be missing, and a catalogue written from this list must not replace it)."""
    lookup = _Lookup(theme)
    words = interface_messages()
    missing = []
    for lang in languages or project.languages:
        place = _place(project, lookup, lang)
        missing += [MissingWord(msgid, lang, *place) for msgid in words
                    if lookup.find(lang, msgid) is None]
    if lookup.issues:
        raise ContentError(list(dict.fromkeys(lookup.issues)))
    return missing


def _place(project: Project, lookup: _Lookup, lang: str) -> tuple[str, int, int]:
    """Where a language's missing words belong: its theme catalogue, else the framework's
    `languages` entry that declares it."""
    own = [file for file, _catalog in lookup.catalogues(lang) if not file.shipped]
    if own:
        return own[0].label, 1, 1
    doc = project.framework
    if doc is None:
        return "frameworks", 1, 1
    index = project.languages.index(lang) if lang in project.languages else 0
    line, column = doc.position(("languages", index))
    return doc.file, line, column


def interface_issues(project: Project, theme: Theme | None, languages: tuple[str, ...] = (),
                     *, brief: bool = False) -> list[Issue]:
    """Every problem of the interface words of a root's plans (see the module's docstring),
    in every declared language or in `languages`. `brief`: a language that lacks more than
    `FEW_MISSING` words gets one warning, not one per word (`build`, `batch`)."""
    lookup = _Lookup(theme)
    issues: list[Issue] = []
    words = interface_messages()
    by_word: dict[str, list[MissingWord]] = {}
    by_language: dict[str, list[MissingWord]] = {}
    for lang in languages or project.languages:
        place = _place(project, lookup, lang)
        for msgid in words:
            found = lookup.find(lang, msgid)
            if found is None:
                if lang in lookup.unreadable:  # the catalogue's error says it: its words are
                    continue                   # not known to be missing
                word = MissingWord(msgid, lang, *place)
                by_word.setdefault(msgid, []).append(word)
                by_language.setdefault(lang, []).append(word)
            else:
                issues += _translation_issues(project, lang, msgid, found)
    begun = {lang for lang, lacking in by_language.items()
             if not brief or len(lacking) <= FEW_MISSING}
    issues += [_language_missing(lacking, len(words))
               for lang, lacking in by_language.items() if lang not in begun]
    for msgid, lacking in by_word.items():
        named = [word for word in lacking if word.language in begun]
        if named:
            issues.append(_word_missing(msgid, named))
    return [*dict.fromkeys(lookup.issues), *dict.fromkeys(issues)]


def _word_missing(msgid: str, missing: list[MissingWord]) -> Issue:
    """One word that the languages of `missing` lack, at the first one's place."""
    first = missing[0]
    languages = ", ".join(word.language for word in missing)
    return Issue(
        first.file, first.line, first.column, "interface-word-missing",
        f"the interface word \"{msgid}\" has no translation in {languages}: "
        "it is printed in English", (
            f"add msgid \"{msgid}\" and its msgstr to {catalogue_path(first)} "
            "(docs/format.md, 'Interface words')", starter_hint(first)),
        severity="warning")


def _language_missing(missing: list[MissingWord], total: int) -> Issue:
    """The words one language lacks, as one warning at their place."""
    first = missing[0]
    shown = ", ".join(f"\"{word.msgid}\"" for word in missing[:FEW_MISSING])
    return Issue(
        first.file, first.line, first.column, "interface-word-missing",
        f"{len(missing)} of the {total} interface words have no translation in "
        f"{first.language} ({shown} …): they are printed in English",
        (starter_hint(first), "'kindreflex validate' names each word (docs/format.md, "
         "'Interface words')"),
        severity="warning")


def is_catalogue(file: str) -> bool:
    """True if a missing word's place is a catalogue (the root's own), not the framework."""
    return file.endswith(".po")


def catalogue_path(word: MissingWord) -> str:
    """The catalogue a missing word belongs in: the root's own for its language, where the
    root has one, else where the root's would be."""
    if is_catalogue(word.file):
        return word.file
    return root_catalogue(word.language)


def starter_hint(word: MissingWord) -> str:
    """How to get every word a language lacks into the root's catalogue, to translate."""
    return (f"'kindreflex translations --lang {word.language} --add-to-catalogue' adds every "
            f"missing word to {catalogue_path(word)}, to translate")


def _translation_issues(project: Project, lang: str, msgid: str, found: Found) -> Iterator[Issue]:
    """A translation's placeholders against the message's, and the forms it asks for."""
    wanted = {match.group(1) for match in MESSAGE_PLACEHOLDER.finditer(msgid)}
    written = found.message.string
    strings = tuple(str(x) for x in written) if isinstance(written, tuple) else (str(written),)
    file, line = found.file.label, found.message.lineno or 1
    for string in strings:
        used = list(MESSAGE_PLACEHOLDER.finditer(string))
        names = {match.group(1) for match in used}
        if names - wanted or (wanted - names and len(strings) == 1):
            yield Issue(file, line, 1, "interface-word-placeholder",
                        f"the translation of \"{msgid}\" in {lang} has the placeholders "
                        f"{_listed(names)}, the message {_listed(wanted)}",
                        ("keep every %(name)s of the message in the translation, spelled as "
                         "in the msgid; a form is asked for as %(role|dat)s",))
            continue
        for match in used:
            key, form = match.group(1), match.group(2)
            if form is None:
                continue
            kind = NAME_PLACEHOLDERS.get(key)
            if kind is None:
                yield Issue(file, line, 1, "form-not-allowed",
                            f"the translation of \"{msgid}\" in {lang} asks for the form "
                            f"'{form}' of %({key})s, which is not a name",
                            ("only the names of roles and contacts have forms "
                             f"({', '.join(f'%({k})s' for k in NAME_PLACEHOLDERS)})",))
                continue
            yield from _forms_missing(project, lang, msgid, kind, form, file, line)


def _forms_missing(project: Project, lang: str, msgid: str, kind: str, form: str, file: str,
                   line: int) -> Iterator[Issue]:
    """The roles (or contacts) of any plan that lack a form an interface message asks for."""
    seen: set[str] = set()
    for sector, context in _combinations(project):
        forms = name_forms(project.resolve(sector, context).data)[kind]
        for item_id, item_forms in forms.items():
            if item_id in seen or form_of(item_forms, lang, form) is not None:
                continue
            seen.add(item_id)
            where = "+".join(part for part in (sector, context) if part) or "the framework"
            known = declared_forms(item_forms, lang)
            yield Issue(file, line, 1, "form-missing",
                        f"the translation of \"{msgid}\" in {lang} asks for the form '{form}' "
                        f"of every {kind}'s name, but {kind} '{item_id}' ({where}) does not "
                        "declare it",
                        (f"add it to the {kind}: forms: {{{lang.split('-')[0]}: {{{form}: …}}}}",
                         "declared forms: " + (", ".join(known) if known else "none")))


def _combinations(project: Project) -> list[tuple[str | None, str | None]]:
    """The framework's plan, every sector, every context and every sector with a context."""
    sectors, contexts = project.sector_ids, project.context_ids
    return [(None, None), *((s, None) for s in sectors), *((None, c) for c in contexts),
            *((s, c) for s in sectors for c in contexts)]


def _listed(names: set[str]) -> str:
    return ", ".join(f"%({name})s" for name in sorted(names)) or "none"
