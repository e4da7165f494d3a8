"""The interface words a language lacks as gettext entries to translate: a whole catalogue to
print (`translations --format po`), or entries added to the root's own catalogue
(`translations --add-to-catalogue`), which keeps every byte it had."""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po

from ..errors import UsageError
from ..framework.project import Project
from ..render.i18n import build_date
from ..render.interface_checks import english_messages, message_key, missing_interface_words
from ..render.interface_words import (
    CatalogueFile,
    catalogue_files,
    read_catalogue,
    root_catalogue,
)
from ..render.theme import theme_for

# The opening comment of a catalogue written whole.
CATALOGUE_COMMENT = """\
# The interface words of kindreflex that {lang} lacks: write the translation of each msgid
# in its msgstr. Keep every placeholder (%(role)s, %(title)s …), in the place your language
# puts it; a name may ask for one of its forms (%(role|dat)s). A msgstr left empty stays
# English. {where} (see docs/format.md, "Interface words").
#"""


@dataclass(frozen=True)
class Starter:
    """What a language lacks, and the root's own catalogue for it, if it has one."""

    lang: str
    messages: list[Message]  # the English messages, in the English catalogue's order
    own: CatalogueFile | None

    @property
    def target(self) -> str:
        """The root's catalogue the entries belong in, as messages name it."""
        return self.own.label if self.own else root_catalogue(self.lang)


def starter(project: Project, lang: str) -> Starter:
    """The words `lang` lacks that the root's own catalogue does not hold yet (a message it
    holds untranslated is not added twice); ContentError if a catalogue cannot be read."""
    theme = theme_for(project.root)
    lacking = {word.msgid for word in missing_interface_words(project, theme, (lang,))}
    own = next((file for file in catalogue_files(theme, lang) if not file.shipped), None)
    held = {message_key(m) for m in read_catalogue(own) if m.id} if own else set()
    messages = [m for m in english_messages()
                if message_key(m) in lacking and message_key(m) not in held]
    return Starter(lang, messages, own)


def interface_catalogue(project: Project, lang: str) -> tuple[str, int]:
    """The words `lang` lacks as a whole gettext catalogue with empty translations (header:
    the language and its plural rule), and how many words it holds."""
    found = starter(project, lang)
    return _whole_catalogue(project, found), len(found.messages)


def _whole_catalogue(project: Project, found: Starter) -> str:
    """`found`'s words as a catalogue of their own, with its header."""
    lang = found.lang
    where = f"Add these entries to {found.target}" if found.own else \
        f"Save as {found.target} in the root"
    try:
        # Babel knows the language's plural rule (how many msgstr[n] a count takes).
        locale: Locale | None = Locale.parse(lang, sep="-")
    except (ValueError, UnknownLocaleError):
        locale = None
    # Dated as a build is (SOURCE_DATE_EPOCH, else today): the same root gives the same file.
    day = datetime.combine(build_date(), time(), UTC)
    framework = project.framework.data if project.framework is not None else {}
    catalog = Catalog(locale=locale, fuzzy=False, project=str(framework.get("id", "kindreflex")),
                      version=str(framework.get("version", "")), creation_date=day,
                      revision_date=day,
                      header_comment=CATALOGUE_COMMENT.format(lang=lang, where=where))
    return _written(catalog, found.messages, omit_header=False, plurals=catalog.num_plurals)


def add_to_catalogue(project: Project, lang: str) -> tuple[str, int]:
    """Add the words `lang` lacks to the root's own catalogue (made when it has none), each
    with an empty translation; the file is replaced whole once written. Its name as messages
    give it, and how many words were added."""
    found = starter(project, lang)
    if found.own is None:
        text, count = _whole_catalogue(project, found), len(found.messages)
        folder = project.root / "templates"
        path = project.root / found.target
        _inside(path, folder, found.target)
    else:
        path = found.own.path
        old = path.read_text(encoding="utf-8")
        count = len(found.messages)
        if not count:
            return found.target, 0
        # As many msgstr[n] as the plural rule of the file's own header says.
        entries = _written(Catalog(fuzzy=False), found.messages, omit_header=True,
                           plurals=read_catalogue(found.own).num_plurals)
        text = old.rstrip("\n") + "\n\n" + entries
    _replace(path, text)
    return found.target, count


def _written(catalog: Catalog, messages: list[Message], *, omit_header: bool,
             plurals: int) -> str:
    """`catalog` with `messages` added, each with an empty translation (`plurals` of them for
    a message with plural forms), as the text of a .po file."""
    for message in messages:
        empty: str | tuple[str, ...] = ("",) * plurals if message.pluralizable else ""
        catalog.add(message.id, empty, flags=message.flags)
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=omit_header)
    return out.getvalue().decode("utf-8")


def _inside(path: Path, folder: Path, label: str) -> None:
    """UsageError unless `path` would be written inside `folder` (no folder on the way is a
    link that leads elsewhere)."""
    steps = [folder]
    for part in path.relative_to(folder).parts:
        steps.append(steps[-1] / part)
    if any(step.exists() and not step.resolve().is_relative_to(folder.resolve())
           for step in steps):
        raise UsageError(f"{label}: a folder on its way is a link out of the root's templates "
                         "folder; nothing was written (make the folders themselves)")


def _replace(path: Path, text: str) -> None:
    """Write `path` whole or not at all: a temporary file beside it, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o777  # the file keeps its permissions
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".messages-", suffix=".po")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
