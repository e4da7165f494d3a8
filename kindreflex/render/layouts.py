"""The layouts: one resolved plan on different paper, and what each must fit (DESIGN §6).

No heavy imports here: the command line reads the layout names from this module.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    """One kind of paper for one reader."""

    name: str
    paper: str  # CSS page size
    max_pages: int | None  # None: as long as the plan needs
    exact: bool = False  # True: exactly max_pages (front and back, one poster)
    marks: tuple[FitMark, ...] = ()
    flowchart: bool = False  # the overview chart is drawn for this layout only
    # Type scales to try, largest first, until the plan fits the paper (render.fitting).
    scales: tuple[float, ...] = (1.0,)

    @property
    def template(self) -> str:
        """The template that lays it out."""
        return f"{self.name}.html.j2"


# The card's page (A6) and the cells of the card sheet (a quarter of A4) share one padding,
# so a card that fits its own page fits its cell on the sheet.
CARD_PADDING_MM = 5.0
# The card's type is 8.2 pt; a card that does not fit may shrink to 7 pt, no smaller (still
# legible in a pocket). The worker handout's 9.5 pt may go down to 8.5 pt.
CARD_SCALES = (1.0, 0.93, 0.86)
WORKER_SCALES = (1.0, 0.95, 0.9)
# The poster's headings and numbers shrink; its body text never goes below 14 pt.
POSTER_SCALES = (1.0, 0.92, 0.85, 0.78, 0.72)
SHEET_CELL_MM = (105.0, 148.5)


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


_ALL = (
    Layout("handout", "A4", None, flowchart=True),
    # Page 1 stands alone: the mark at its end must still be on the first page.
    Layout("worker", "A4", 4, marks=(FitMark("fit-first-page", 0, 297.0, "the first page"),),
           scales=WORKER_SCALES),
    # A small plan's card may fit on its front alone: one page is fine, three are not.
    Layout("card", "A6", 2, scales=CARD_SCALES),
    Layout("card-sheet", "A4", 2, marks=_sheet_marks(), scales=CARD_SCALES),
    Layout("poster", "A3", 1, exact=True, scales=POSTER_SCALES),
)
LAYOUT_SPECS = {layout.name: layout for layout in _ALL}
LAYOUTS = tuple(LAYOUT_SPECS)
