"""Interface words: what the templates and the code add to a plan ("Step 3", "Tell %(role)s.").

They come from gettext catalogues (`.po` files, read with Babel), looked up word by word: the
theme's own first (`--templates DIR/locale/…`, then `ROOT/templates/locale/…`), then the
catalogues kindreflex ships (nl, en, fr). A word no catalogue has is the English message,
marked as such (`fallback_marks`), so the page says `lang="en"` around it; `validate` names it
(`interface_checks`). A message that holds content is filled here: names in the grammatical
form the translation asks for (`%(role|dat)s`), the language's contractions (French `à le` →
`au`), a list of names joined as the language lists them, a first letter capitalised when the
message starts with a name. Catalogues are compiled once per file version and language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from gettext import NullTranslations
from io import BytesIO
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations
from markupsafe import Markup, escape

from ..errors import ContentError, Issue
from ..framework.files import UTF8_HINT, FileProblem, NotUtf8, read_bounded, utf8_text
from ..framework.grammar import MESSAGE_PLACEHOLDER, join_name
from ..framework.texts import language_fallbacks
from .fallback_marks import mark
from .i18n import join_words
from .localizer import Name
from .theme import Theme

DOMAIN = "messages"
# kindreflex's own catalogues: the defaults a theme overrides word by word.
LOCALE_DIR = Path(__file__).parent / "locale"
MAX_CATALOGUE_BYTES = 4 * 1024 * 1024


def catalogue_in(folder: Path, tag: str) -> Path:
    """Where a folder keeps the catalogue of one language tag: locale/<tag>/LC_MESSAGES/…"""
    return folder / "locale" / tag / "LC_MESSAGES" / f"{DOMAIN}.po"


def root_catalogue(lang: str) -> str:
    """Where a root's own catalogue for `lang` goes, as messages name it: under its primary
    language (`templates/locale/pl/…` serves pl-PL and every other Polish)."""
    return f"templates/{catalogue_in(Path(), lang.split('-')[0]).as_posix()}"


def shipped_catalogue(tag: str) -> Path:
    """The catalogue kindreflex ships for a language tag (it may not exist)."""
    return LOCALE_DIR / tag / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class CatalogueFile:
    """One catalogue that serves a language: its path and how messages name it."""

    path: Path
    label: str  # `templates/locale/pl/LC_MESSAGES/messages.po`, `kindreflex/…` when shipped
    tag: str  # the language tag it is written for (`pl`, serving `pl-PL`)
    folder: Path | None = None  # the theme folder it must stay inside (None: shipped)

    @property
    def shipped(self) -> bool:
        """True for kindreflex's own catalogues, False for a theme's (the root's own)."""
        return self.folder is None

    def outside(self) -> bool:
        """True if the path leads out of its theme folder (a link to elsewhere)."""
        return self.folder is not None and \
            not self.path.resolve().is_relative_to(self.folder.resolve())


def catalogue_files(theme: Theme | None, lang: str) -> list[CatalogueFile]:
    """The catalogues that serve readers of `lang`, in lookup order: the theme's folders (a
    more precise tag first within each), then kindreflex's own."""
    found: list[CatalogueFile] = []
    # The theme's own folders (its last folder is kindreflex's built-in templates), labelled.
    own = [(folder, theme.label(folder)) for folder in theme.dirs[:-1]] if theme else []
    for folder, name in own:
        for tag in language_fallbacks(lang):
            path = catalogue_in(folder, tag)
            if path.is_file():
                label = f"{name}/{path.relative_to(folder).as_posix()}"
                found.append(CatalogueFile(path, label, tag, folder))
    for tag in language_fallbacks(lang):
        path = shipped_catalogue(tag)
        if path.is_file():
            found.append(CatalogueFile(path, f"kindreflex/render/locale/{tag}/LC_MESSAGES/"
                                             f"{DOMAIN}.po", tag))
    return found


class CatalogueProblem(Exception):
    """A catalogue that cannot be read, with the place and what is wrong."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


def read_catalogue(file: CatalogueFile) -> Catalog:
    """The catalogue of one file (cached per file version); CatalogueProblem if unreadable or
    a link out of its theme folder (nothing outside the root's and kindreflex's own files is
    read)."""
    try:
        stat = file.path.stat()
    except OSError as error:
        raise CatalogueProblem(_problem(file, 1, f"cannot be read: {error.strerror}")) from None
    return _read(file, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _read(file: CatalogueFile, _mtime: int, _size: int) -> Catalog:
    if file.outside():
        raise CatalogueProblem(_problem(
            file, 1, "is a link that leads out of the theme folder",
            "put the catalogue file itself in the theme folder: only the root's own files and "
            "kindreflex's are read"))
    try:
        data = read_bounded(file.path, MAX_CATALOGUE_BYTES)
    except FileProblem as problem:
        raise CatalogueProblem(_problem(file, 1, problem.reason)) from None
    try:
        # Without the byte-order mark an editor may put first (Notepad does): Babel would
        # read it as part of the first keyword.
        return read_po(BytesIO(data.removeprefix(b"\xef\xbb\xbf")),
                       locale=_babel_locale(file.tag), domain=DOMAIN, abort_invalid=True)
    except PoFileError as error:
        # Babel counts lines from 0 and ends its message with " on <that count>".
        reason = str(error).removesuffix(f" on {error.lineno}")
        raise CatalogueProblem(_problem(file, error.lineno + 1,
                                        f"is not a valid gettext catalogue: {reason}")) from None
    except UnicodeDecodeError as error:
        # Babel decodes line by line in the header's charset (UTF-8 as a rule) and does not
        # say which line: the first byte that is not UTF-8 is the place, if it is that.
        try:
            utf8_text(data)
        except NotUtf8 as problem:
            raise CatalogueProblem(_problem(file, problem.line, problem.what, UTF8_HINT,
                                            column=problem.column)) from None
        raise CatalogueProblem(_problem(file, 1, f"cannot be read: {error}")) from None
    except ValueError as error:
        raise CatalogueProblem(_problem(file, 1, f"cannot be read: {error}")) from None


def _problem(file: CatalogueFile, line: int, what: str,
             hint: str = "write it as a gettext .po file: msgid \"English\" then msgstr "
                         "\"yours\" (docs/format.md, 'Interface words')",
             column: int = 1) -> Issue:
    return Issue(file.label, line, column, "interface-catalogue-invalid",
                 f"the interface catalogue {what}", (hint,))


def _babel_locale(tag: str) -> str | None:
    """The locale Babel reads plural rules from (`pl_PL`), or None if it does not know it."""
    try:
        return str(Locale.parse(tag, sep="-"))
    except (UnknownLocaleError, ValueError):
        return None


# What `_English` puts before a message: the message came from no catalogue of the language.
FALLBACK = "\ufdef"


class _English(NullTranslations):
    """The end of the lookup chain: the English message, marked as a fallback."""

    def gettext(self, message: str) -> str:
        return FALLBACK + message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return FALLBACK + (msgid1 if n == 1 else msgid2)


def _compiled(catalog: Catalog) -> Translations:
    # Compiled in memory: .mo files are build artefacts, kept out of the repository.
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


@lru_cache(maxsize=64)
def _chain(files: tuple[tuple[CatalogueFile, int, int], ...]) -> NullTranslations:
    """The catalogues compiled and chained in lookup order, English last."""
    chain: NullTranslations = _English()
    for file, mtime, size in reversed(files):
        translations = _compiled(_read(file, mtime, size))
        translations.add_fallback(chain)
        chain = translations
    return chain


Value = Any  # str, int, Markup, Name, or a sequence of Names


class InterfaceWords:
    """The interface words of one language, and the messages filled with content."""

    def __init__(self, lang: str, translations: NullTranslations) -> None:
        self.lang = lang
        self._translations = translations

    def raw_message(self, msgid: str) -> tuple[str, bool]:
        """The message in this language as its catalogue writes it, and whether it is the
        English fallback."""
        return _unmark(self._translations.gettext(msgid))

    def gettext(self, msgid: str, **values: Value) -> str:
        """The message filled in, as plain text (fallback words marked)."""
        return str(self._fill(*self.raw_message(msgid), values, html=False))

    def gettext_html(self, msgid: str, **values: Value) -> Markup:
        """The message filled in, as safe HTML: values that are Markup stay HTML."""
        return Markup(self._fill(*self.raw_message(msgid), values, html=True))

    def ngettext(self, singular: str, plural: str, count: int, **values: Value) -> str:
        """The message for `count` things (the language's plural rules), as plain text."""
        found, fell_back = _unmark(self._translations.ngettext(singular, plural, count))
        return str(self._fill(found, fell_back, values, html=False))

    def _fill(self, message: str, fell_back: bool, values: dict[str, Value],
              html: bool) -> str:
        def literal(text: str) -> str:
            text = str(escape(text)) if html else text
            return mark(text) if fell_back and text else text

        pieces: list[str] = []
        end = 0
        first = True
        for match in MESSAGE_PLACEHOLDER.finditer(message):
            before = "".join(pieces) + literal(message[end:match.start()])
            key, form = match.group(1), match.group(2)
            if key not in values:
                # `validate` reports a translation whose placeholders differ from the message's
                # (interface-word-placeholder); the page keeps the placeholder visible.
                pieces, end = [before, literal(match.group(0))], match.end()
                continue
            value = values[key]
            named = isinstance(value, Name) or _names(value)
            shown = self._value(value, form, html)
            if named:
                before, shown = join_name(before, shown, self.lang)
                if first and match.start() == 0:
                    shown = shown[:1].upper() + shown[1:]
            pieces, end = [before, shown], match.end()
            first = False
        return "".join(pieces) + literal(message[end:])

    def _value(self, value: Value, form: str | None, html: bool) -> str:
        if isinstance(value, Name):
            text = value.form(self.lang, form)
        elif _names(value):
            text = join_words([name.form(self.lang, form) for name in value], self.lang)
        elif isinstance(value, Markup):
            return str(value) if html else value.striptags()
        else:
            text = str(value)
        return str(escape(text)) if html else text


def _names(value: Value) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str) and bool(value) \
        and all(isinstance(item, Name) for item in value)


def _unmark(found: str) -> tuple[str, bool]:
    return (found[len(FALLBACK):], True) if found.startswith(FALLBACK) else (found, False)


def interface_words(lang: str, theme: Theme | None = None) -> InterfaceWords:
    """The interface words of `lang`: the theme's catalogues, then kindreflex's own, then
    English. ContentError (located) if a catalogue cannot be read."""
    files = catalogue_files(theme, lang)
    try:
        stamped = []
        for file in files:
            stat = file.path.stat()
            stamped.append((file, stat.st_mtime_ns, stat.st_size))
        return InterfaceWords(lang, _chain(tuple(stamped)))
    except CatalogueProblem as problem:
        raise ContentError([problem.issue]) from None
    except OSError as error:
        raise ContentError([Issue("templates", 1, 1, "interface-catalogue-invalid",
                                  f"an interface catalogue cannot be read: {error.strerror}")]
                           ) from None

