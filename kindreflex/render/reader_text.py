"""What the reader of a paper sees, as lines of text, each with the kind of fact it states.

A paper's edition (render.edition) is computed from these lines and `kindreflex changes`
compares them, so both look at the printed page itself (its print HTML), not at the plan
data: whatever a template shows or leaves out is what counts. Each block of the page
(paragraph, list item, heading, table cell, …) is one line, its text with the spaces as a
reader sees them, with the phone numbers it prints (marked up as numbers, or one of the
plan's numbers written in a sentence: "Call 101."). A change means a reprint now when it
changes a phone number, or a line inside the acute-danger box, the "whom to tell" block or a
step's list of actions (a line's kind); every other change is wording. Those parts are found
by the classes the theme's macros give them (see "Templates (themes)" in docs/editors.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

# A line's kind: the part of the paper it is in (the first that holds, for nested parts), or
# "wording". A changed phone number is a change of kind "phone", wherever the line is.
PHONE, ACUTE, TELL, ACTION, WORDING = "phone", "acute", "tell", "action", "wording"
KINDS = (PHONE, ACUTE, TELL, ACTION, WORDING)
# A change of these kinds means the paper must be printed again now.
REPRINT_NOW = frozenset({PHONE, ACUTE, TELL, ACTION})
# The classes of the default theme that mark each part (an element with the class, and
# everything inside it). Phone numbers are also every `tel:` link; `tel-blank` is the line
# left to write a number on.
CLASSES = {PHONE: ("tel", "tel-blank"), ACUTE: ("acute",), TELL: ("tell",),
           ACTION: ("actions", "checklist")}
PARTS = (ACUTE, TELL, ACTION)

# The class of the block that says where a paper leads online (its QR code and address): not
# what the paper says, and not known to `kindreflex changes` (a build's --site-url sets it).
ONLINE = "online"
# Elements whose text starts a line of its own.
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl",
    "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "section", "summary", "table", "td",
    "textarea", "th", "tr", "ul",
})
# Elements that print nothing a reader reads as text: their content is skipped. Inline SVG
# is drawn (icons, the QR code); its <title> is an alternative for screen readers.
SKIPPED = frozenset({"head", "script", "style", "svg", "template", "noscript", "title"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})
# Spaces of every width (the typography's no-break and narrow spaces) read as one space; a
# soft hyphen and zero-width characters are not seen at all.
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


@dataclass(frozen=True)
class ReaderLine:
    """One block of text as the reader sees it, the part of the paper it is in and the phone
    numbers it prints (as printed; "" for a line left blank to write one on)."""

    kind: str
    text: str
    phones: tuple[str, ...] = ()


def normalised(text: str) -> str:
    """Text with its spaces as a reader sees them: one space between words, none around."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def reader_lines(html: str, numbers: Iterable[str] = (),
                 actions: Iterable[str] = ()) -> tuple[ReaderLine, ...]:
    """The lines of text of a page's <body>, in reading order, each with its kind and its
    phone numbers: those marked up as one, and `numbers` (as printed) where a text says them.
    A line of wording that says one of the plan's step `actions` is an action wherever the
    layout puts it (the card's "when a child tells you something" lists the step's actions
    with its do's)."""
    parser = _LineParser()
    parser.feed(html)
    parser.close()
    parser.flush()
    known = {number for number in numbers if number}
    said = tuple({_squashed(action) for action in actions if action.strip()})
    return tuple(_as_action(_with_numbers(line, known), said) for line in parser.lines)


def _squashed(text: str) -> str:
    """Text without any space: the typography's spacing never hides a match."""
    return _SPACES.sub("", _INVISIBLE.sub("", text))


def _as_action(line: ReaderLine, actions: tuple[str, ...]) -> ReaderLine:
    if line.kind != WORDING or not actions:
        return line
    text = _squashed(line.text)
    # The line may add to the action (" (Only if the child is a minor)").
    if any(text.startswith(action) for action in actions):
        return ReaderLine(ACTION, line.text, line.phones)
    return line


def _with_numbers(line: ReaderLine, known: set[str]) -> ReaderLine:
    """The line with every number it says, in the order it says them; a blank to write a
    number on stays (as "")."""
    # A number marked up in a name ("Emergency number 112") counts as the number it holds.
    marked = {phone for phone in line.phones
              if phone and not any(number in phone for number in known)}
    wanted = sorted(known | marked, key=len, reverse=True)
    if not wanted:
        return line
    # A number is a number where no digit goes on before or after it ("1712" is not "171").
    pattern = re.compile("(?<![0-9])(?:" + "|".join(map(re.escape, wanted)) + ")(?![0-9])")
    said = tuple(match.group(0) for match in pattern.finditer(line.text))
    blanks = tuple(phone for phone in line.phones if not phone)
    return ReaderLine(line.kind, line.text, said + blanks)


def _kind_of(classes: frozenset[str]) -> str | None:
    return next((kind for kind in PARTS if classes & set(CLASSES[kind])), None)


class _LineParser(HTMLParser):
    """Collects the text of each block; remembers the parts of the paper around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[ReaderLine] = []
        self.open: list[tuple[str, str | None, bool]] = []  # (tag, part, is a phone number)
        self.skipping = 0
        self.in_body = False
        self.buffer: list[str] = []
        self.phones: list[str] = []
        self.phone: list[str] | None = None  # the text of the phone number being read

    def _part(self) -> str:
        found = {kind for _tag, kind, _phone in self.open if kind is not None}
        return next((kind for kind in PARTS if kind in found), WORDING)

    def flush(self) -> None:
        """End the current line (if it holds text or a number to write in)."""
        self._end_phone()
        text = normalised("".join(self.buffer))
        if text or self.phones:
            self.lines.append(ReaderLine(self._part(), text, tuple(self.phones)))
        self.buffer = []
        self.phones = []

    def _end_phone(self) -> None:
        if self.phone is not None:
            self.phones.append(normalised("".join(self.phone)))
            self.phone = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_body = True
            return
        values = dict(attrs)
        classes = frozenset((values.get("class") or "").split())
        if self.skipping or tag in SKIPPED or ONLINE in classes:
            if tag not in VOID:
                self.skipping += 1
            return
        phone = bool(classes & set(CLASSES[PHONE])) or \
            (values.get("href") or "").lower().startswith("tel:")
        if tag in BLOCKS or tag == "br":
            self.flush()
        if phone and self.phone is None:
            self.phone = []
        if tag not in VOID:
            self.open.append((tag, _kind_of(classes), phone))
        elif phone:
            self._end_phone()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag not in VOID:
                self.skipping -= 1
            return
        if tag == "body":
            self.flush()
            self.in_body = False
            return
        if not any(open_tag == tag for open_tag, _kind, _phone in self.open):
            return  # a stray end tag: HTML parsers ignore it too
        if tag in BLOCKS:
            self.flush()
        while self.open:
            open_tag, _kind, _phone = self.open.pop()
            if open_tag == tag:
                break
        if self.phone is not None and not any(phone for _t, _k, phone in self.open):
            self._end_phone()

    def handle_data(self, data: str) -> None:
        if self.in_body and not self.skipping:
            self.buffer.append(data)
            if self.phone is not None:
                self.phone.append(data)
