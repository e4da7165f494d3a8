"""The layouts: one resolved plan on different paper, one registry entry per layout.

Everything kindreflex knows about a layout is in its entry below: the build, the batch, the
index page, the command line and the id rules read it from here, and a layout's name appears
nowhere else in the code (templates and CSS aside). To add a layout, add an entry, its
template and its CSS: see "Where to add a new layout" in docs/architecture.md.

Plain data only: the framework stage (ids may not end in a layout's suffix) and the command
line (option choices and help) import this module without loading any renderer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# `--layout all` builds every layout: no layout may take that name.
ALL = "all"
# A layout's name is part of file names (`sport-card.pdf`) and of CSS classes (`layout-card`).
_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


def _(message: str) -> str:
    """Mark an English UI text for the catalogs; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class FitMark:
    """An anchor at the end of a box of fixed size: its top must lie within the box."""

    anchor: str  # the id of an empty element at the end of the box's content
    page: int  # the page (0-based) the box is on
    bottom_mm: float  # the box's content ends this far below the top of the page
    what: str  # the box, in words, for messages ("the front of card 2")
    optional: bool = False  # the box may be absent (the backs of a card that fits its front)


@dataclass(frozen=True)
class Layout:
    """One kind of paper for one reader: everything the code knows about it."""

    name: str  # `--layout NAME`, the file suffix `-NAME`, the CSS class `layout-NAME`
    label: str  # its name for readers (English msgid): the index page
    for_whom: str  # one line (English msgid): what it is for and who reads it (the index)
    shows: str  # what it shows, in words: the hint of a `layout-overflow` warning
    template: str  # the theme template that lays it out
    paper: str  # the CSS page size its template sets ("A4")
    max_pages: int | None = None  # None: as long as the plan needs
    exact: bool = False  # True: exactly max_pages (one poster)
    # Printed on both sides, flipped on the long edge, at 100 %: the PDF asks the print dialog
    # for both (its /ViewerPreferences), so the backs land behind their fronts.
    duplex: bool = False
    # Type scales, largest first: the plan prints at the largest that fits the paper (found
    # with few layouts, render.shrink_to_fit; a smaller type must never need more paper).
    scales: tuple[float, ...] = (1.0,)
    marks: tuple[FitMark, ...] = ()  # end marks of boxes of fixed size (render.fit_check)
    flowchart: bool = False  # the overview chart is drawn for this layout
    default: bool = False  # built when no --layout is given; its files have no suffix
    # Made of another layout's pages: takes that layout's type scale (the largest at which it
    # fits) and puts the blocks that layout prints after its first page on the back face.
    copies: str | None = None
    # Read away from a screen, it leads to the plan online by its QR code: `build` warns when
    # the plan has no online address (output.online, `layout-no-online-address`).
    online: bool = False
    # `batch`: None renders each organisation's file whole with `template`; a template name
    # renders the layout once per language as a shared part, and each organisation's own
    # pages (made by that template) are laid over its placeholder pages.
    organisation_template: str | None = None
    # `batch` PDFs: made in parts (batch.card_faces, render.card_parts): each organisation's
    # front and online block over a back rendered once for many. Its template takes
    # `card_part`.
    batch_in_parts: bool = False
    # It prints whom to tell and whom instead (`tell_block`): an organisation's contact person
    # and `alternative_name` fill its lines (`batch` warns when no layout asked for does).
    whom_to_tell: bool = False
    # Page 1 stands alone: its template ends it with a forced page break and, given
    # `first_page_only`, leaves the later pages out. A type scale whose page 1 does not fit is
    # then ruled out by laying out page 1 alone (render.shrink_to_fit), not the whole paper.
    first_page_alone: bool = False

    @property
    def suffix(self) -> str:
        """What the layout adds to an output's file name before the extension: `-card`."""
        return "" if self.default else f"-{self.name}"


# The card's page (A6) and the cells of the card sheet (a quarter of A4) share one padding,
# so a card that fits its own page fits its cell on the sheet.
CARD_PADDING_MM = 5.0
SHEET_CELL_MM = (105.0, 148.5)
# The card's type is 8.2 pt; a card that does not fit may shrink to 7 pt, no smaller (still
# legible in a pocket).
CARD_SCALES = (1.0, 0.93, 0.86)


def _sheet_marks() -> tuple[FitMark, ...]:
    marks = []
    for page, face in enumerate(("front", "back")):
        for cell in range(4):
            bottom = SHEET_CELL_MM[1] * (cell // 2 + 1) - CARD_PADDING_MM
            # A card that fits on its front alone leaves no backs to print.
            marks.append(FitMark(f"fit-{face}-{cell}", page, bottom,
                                 f"the {face} of card {cell + 1} on the sheet",
                                 optional=face == "back"))
    return tuple(marks)


_ENTRIES = (
    Layout(
        "handout", _("Full plan"),
        _("For whoever coordinates: the whole plan, with every step, route and contact."),
        "the whole plan", "handout.html.j2", "A4", flowchart=True, default=True,
        organisation_template="organisation.html.j2",
    ),
    # Page 1 stands alone: the marks at its end and at the end of its column beside the steps
    # (a float, which WeasyPrint would continue over the top of page 2) must still be on the
    # first page. Its 9.5 pt type may go down to 8.5 pt.
    Layout(
        "worker", _("Short version"),
        _("For every worker: page 1 alone says what to do, then their own steps in full."),
        "the acute step, the disclosure step's actions, do and don't, the contact role, every "
        "step title, the reader's steps in full and the routes they act in",
        "worker.html.j2", "A4", 4, scales=(1.0, 0.95, 0.9),
        marks=(FitMark("fit-first-page", 0, 297.0, "the first page"),
               FitMark("fit-first-column", 0, 297.0, "the first page's column beside the steps")),
        first_page_alone=True, whom_to_tell=True,
    ),
    # A small plan's card may fit on its front alone: one page is fine, three are not.
    Layout(
        "card", _("Pocket card"),
        _("For the pocket: acute danger, the steps, whom to tell and the helplines."),
        "the acute step, every step title, the contact role, the disclosure step's actions, "
        "do and don't, and the helplines named in the reader's steps",
        "card.html.j2", "A6", 2, scales=CARD_SCALES, online=True, whom_to_tell=True,
        batch_in_parts=True,
    ),
    Layout(
        "card-sheet", _("Four pocket cards on A4"),
        _("For printing cards: four pocket cards on A4, double-sided, with crop marks."),
        "what the card shows, four times",
        "card-sheet.html.j2", "A4", 2, marks=_sheet_marks(), copies="card", duplex=True,
        online=True, whom_to_tell=True,
    ),
    # The poster's headings and numbers shrink; its body text never goes below 14 pt.
    Layout(
        "poster", _("Poster (A3)"),
        _("For the wall: acute danger, the steps, whom to tell and the helplines."),
        "the acute step, every step title, the contact role and its description, and the "
        "helplines named in the reader's steps",
        "poster.html.j2", "A3", 1, exact=True, scales=(1.0, 0.92, 0.85, 0.78, 0.72),
        online=True, whom_to_tell=True,
    ),
)


def _registry(entries: tuple[Layout, ...]) -> dict[str, Layout]:
    """The entries by name, in order; ValueError naming the mistake in an entry."""
    registry: dict[str, Layout] = {}
    for entry in entries:
        if not _NAME.fullmatch(entry.name) or entry.name == ALL:
            raise ValueError(f"layout name {entry.name!r}: lowercase letters and digits "
                             f"joined by '-', and not {ALL!r}")
        if entry.name in registry:
            raise ValueError(f"two layouts are called {entry.name!r}")
        if not entry.scales or list(entry.scales) != sorted(entry.scales, reverse=True):
            raise ValueError(f"layout {entry.name!r}: scales go from the largest down")
        registry[entry.name] = entry
    defaults = [entry.name for entry in entries if entry.default]
    if len(defaults) != 1:
        raise ValueError(f"exactly one layout is the default, not {defaults or 'none'}")
    for entry in entries:
        if entry.copies is not None and (entry.copies not in registry
                                         or registry[entry.copies].copies is not None):
            raise ValueError(f"layout {entry.name!r} copies {entry.copies!r}: name a layout "
                             "that copies no other")
    return registry


LAYOUTS = _registry(_ENTRIES)
DEFAULT_LAYOUT = next(name for name, entry in LAYOUTS.items() if entry.default)


def layout_suffixes() -> tuple[str, ...]:
    """The file-name suffixes of the layouts (`-card-sheet`, `-card`, …), longest first."""
    suffixes = {entry.suffix for entry in LAYOUTS.values() if entry.suffix}
    return tuple(sorted(suffixes, key=lambda s: (-len(s), s)))


def chosen_layouts(names: tuple[str, ...]) -> tuple[str, ...]:
    """The layouts `--layout` names, in registry order for `all`; the default for none."""
    if ALL in names:
        return tuple(LAYOUTS)
    return tuple(dict.fromkeys(names)) or (DEFAULT_LAYOUT,)
