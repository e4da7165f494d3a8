"""Pocket cards for many organisations: each one's front and online block over a shared back.

A card's back is the same for every organisation of a shared part but for its last block, the
online address (render.card_parts). So the card of a shared part is rendered once, as a whole
(its type scale and which blocks go on the back) and as the shared part, and per organisation
only its front and that block, about a third of a card. The organisation's part is laid over
the shared part (pdf_assembly): the front on the shared part's empty first page, the online
block over its back, where the whole card puts it.

An organisation gets the card `build` would make for it, with its own edition, at the type
scale `build` would find for it. Where that cannot be known from its own part, its card is
rendered whole: a front that runs over or might have room for the first block of the back
(its whole card would take it onto the front), an online block that does not land where the
whole card puts it, a larger type at which the shared back alone does not run over (whether
the organisation's card fits it depends on what the organisation adds), or a shared part of
few organisations (its card costs about three).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import OutputError
from ..framework.model import Plan
from ..layouts import CARD_PADDING_MM, LAYOUTS
from ..output import manifest as mf
from ..render.card_parts import ORGANISATION_BLOCKS, CardPart
from .tasks import Part, chunk_size, project_of
from .whole_render import LayoutJob

if TYPE_CHECKING:  # the renderer is loaded by the tasks, in the workers
    from ..render.fit_check import Anchor

# With fewer organisations than this in a shared part, each card is rendered whole: the
# shared part costs about three cards (the whole card, the probes, the part itself).
IN_PARTS_FROM = 4
# The room above the own part's first block of the back it is first measured with (mm).
PROBE_MM = 10.0
# How closely the organisation's online block must land where the whole card puts it, and how
# far past the page it must end to be known not to fit (mm).
PLACE_TOLERANCE_MM = 0.05
OVER_MM = 0.05


@dataclass(frozen=True)
class Front:
    """The front of the card at one type scale: its blocks, and how far below the foot of
    the last the first block of the back would reach there (the foot of its content, which
    the page must hold, from the border edge at the foot of the last block of the front)."""

    scale: float
    blocks: tuple[str, ...]
    reach_mm: float
    limit_mm: float  # the foot of the page's area

    def keeps(self, document: Any) -> bool:
        """True if an organisation's front (laid out) keeps the split: its last block is
        whole on the first page, and the first block of the back would not fit under it (so
        the whole card puts that on the back, as the shared part does)."""
        from ..render.fit_check import border_bottom_mm, boxes_of_class

        found = list(boxes_of_class(document, f"cb-{self.blocks[-1]}"))
        return len(found) == 1 and found[0][0] == 0 \
            and border_bottom_mm(found[0][1]) + self.reach_mm > self.limit_mm


@dataclass(frozen=True)
class Larger:
    """A type scale larger than the card's, which the shared part's card does not fit: an
    organisation's card does not fit it either if its front keeps the split there and its
    back runs over, by the shared back alone, or with its online block."""

    front: Front
    own_back: tuple[str, ...]
    place_mm: float | None  # where its online block starts (None: the back alone runs over)


@dataclass(frozen=True)
class SharedCard:
    """A shared part's card, rendered once, and what an organisation's own part needs."""

    pdf: bytes  # the shared part: an empty front, the back without the online block
    levels: tuple[int, ...]  # the levels of its bookmarks, in order
    front: Front  # at the type scale of the card: the largest at which it fits
    larger: tuple[Larger, ...]  # the larger scales, largest first
    own: CardPart  # what each organisation's own part shows
    place_mm: float  # where the whole card draws the online block's first box


def bookmark_levels(document: Any) -> tuple[int, ...]:
    """The levels of a laid-out document's bookmarks, in order (as its PDF's outline)."""
    return tuple(int(level) for page in document.pages for level, *_rest in page.bookmarks)


def shared_card_task(key: tuple[str, str, str | None], part: Part,
                     example: dict[str, Any]) -> SharedCard | None:
    """The card of a shared part, once; None if it cannot be made in parts (what cannot be
    rendered at all is then reported by the whole render of each card)."""
    try:
        return _shared_card(key, part, example)
    except OutputError:
        return None


def _shared_card(key: tuple[str, str, str | None], part: Part,
                 example: dict[str, Any]) -> SharedCard | None:
    """The card of a shared part, once; None if it cannot be made in parts. Where the card
    breaks and at which type it prints is found on the card of `example`, one of its
    organisations (layer): the shared part's own front has lines to write on where theirs
    have a name and a number, a little higher or lower, and its online block may lack the
    QR code an organisation's address gives theirs."""
    from ..render.fit_check import Measure, content_top, fit_problems
    from ..render.pages import blocks_after_first_page, render_plan
    from ..render.pdf import lay_out

    spec = LAYOUTS[part.layout]
    edition = part.printed_as()
    sample = project_of(key).plan(key[1], key[2], organisation=example, checked=True)
    view = _view(sample, part)

    def laid(scale: float, card_part: CardPart | None = None, plan: Plan = sample) -> Any:
        return lay_out(render_plan(plan, part.lang, theme=part.theme, day=part.day,
                                   layout=part.layout, medium="print", scale=scale,
                                   edition=edition, card_part=card_part), part.theme.dirs)

    # The scales in order, as the card's own print finds the first that fits (a smaller
    # type never needs more paper).
    # Each with where the online block starts (None: the shared back alone runs over).
    larger: list[tuple[Front, tuple[str, ...], float | None]] = []
    for scale in spec.scales:
        whole_laid = laid(scale)
        whole = Measure.of(whole_laid.document)
        back = blocks_after_first_page(whole)
        own_back = tuple(name for name in back if name in ORGANISATION_BLOCKS)
        shared_back = tuple(name for name in back if name not in ORGANISATION_BLOCKS)
        # The back: something shared, then the organisation's blocks.
        if not shared_back or not own_back or back != [*shared_back, *own_back]:
            return None
        blocks = tuple(name for name in view.card_blocks if name not in back)
        front = _front(laid, scale, blocks, back[0], whole.page_height_mm)
        if front is None or not front.keeps(laid(scale, CardPart("own", blocks)).document):
            return None
        if not fit_problems(spec, whole):
            break
        # Too big: the shared back alone runs over, or with an organisation's online block.
        alone = laid(scale, CardPart("shared", blocks, own_back), part.plan)
        if alone.page_count > 2 or Measure.of(alone.document).off_paper:
            larger.append((front, own_back, None))
            continue
        # Else the online block decides: where it would start, below the shared back.
        end = _back_end(alone.document, shared_back[-1])
        gap = _gap(laid, scale, shared_back[-1], own_back[0])
        if end is None or gap is None:
            return None
        larger.append((front, own_back, end + gap))
    else:
        return None  # no scale fits: each card is rendered whole and reported
    place = content_top(whole_laid.document, f"cb-{own_back[0]}")
    probe = content_top(laid(scale, CardPart("own", blocks, own_back, PROBE_MM)).document,
                        f"cb-{own_back[0]}")
    if place is None or probe is None or place.page != 1 or probe.page != 1:
        return None
    shared = laid(scale, CardPart("shared", blocks, own_back), part.plan)
    if shared.page_count != 2:
        return None
    own = CardPart("own", blocks, own_back, PROBE_MM + place.depth_mm - probe.depth_mm)
    return SharedCard(shared.pdf(), bookmark_levels(shared.document), front,
                      tuple(Larger(bigger, bigger_own, at) for bigger, bigger_own, at in larger),
                      own, place.depth_mm)


def _boxes(document: Any, block: str, page: int) -> list[Any]:
    """The laid-out boxes of a card block (`cb-NAME`) on one page."""
    from ..render.fit_check import boxes_of_class

    return [box for on, box in boxes_of_class(document, f"cb-{block}") if on == page]


def _back_end(document: Any, last: str, page: int = 1) -> float | None:
    """The foot of the shared back (the border edge of its last block), on the back's page."""
    from ..render.fit_check import border_bottom_mm

    found = _boxes(document, last, page)
    return border_bottom_mm(found[-1]) if found else None


def _gap(laid: Callable[[float, CardPart], Any], scale: float, last: str,
         first_own: str) -> float | None:
    """How far below the foot of the shared back's last block the organisation's first block
    starts drawing, at `scale`: the two laid out together, alone on a page (the margins
    between them collapse as in the whole card)."""
    from ..render.fit_check import content_top

    pair = laid(scale, CardPart("own", (last, first_own))).document
    end = _back_end(pair, last, page=0)
    top = content_top(pair, f"cb-{first_own}")
    return top.depth_mm - end if end is not None and top is not None and top.page == 0 \
        else None


def _front(laid: Callable[[float, CardPart], Any], scale: float, blocks: tuple[str, ...],
           first_back: str, paper_mm: float) -> Front | None:
    """The front at `scale`, its reach measured by laying out its last block and the first
    block of the back together, alone on a page."""
    from ..render.fit_check import border_bottom_mm, content_bottom_mm

    pair = laid(scale, CardPart("own", (blocks[-1], first_back))).document
    last, after = _boxes(pair, blocks[-1], 0), _boxes(pair, first_back, 0)
    if len(last) != 1 or len(after) != 1:
        return None
    return Front(scale, blocks, content_bottom_mm(after[0]) - border_bottom_mm(last[0]),
                 paper_mm - CARD_PADDING_MM)


def _view(plan: Plan, part: Part) -> Any:
    """The view of `plan` in the part's language: which blocks its card has."""
    from ..render.interface_words import interface_words
    from ..render.localizer import localizer_for
    from ..render.plan_view import PlanView

    return PlanView(plan, localizer_for(plan, part.lang), interface_words(part.lang, part.theme))


def own_cards_task(key: tuple[str, str, str | None], part: Part, shared: SharedCard,
                   jobs: Sequence[LayoutJob]) -> list[tuple[LayoutJob, bytes | None]]:
    """Each organisation's card laid over the shared part (None: it cannot be: render it
    whole)."""
    _root, sector, context = key
    # Checked before anything rendered (run_batch resolves every organisation first).
    return [(job, _own_card(project_of(key).plan(sector, context, organisation=job.layer,
                                               checked=True), part, shared, job.inputs))
            for job in jobs]


def _own_card(plan: Plan, part: Part, shared: SharedCard, inputs: str) -> bytes | None:
    """One organisation's card laid over the shared part; None if it cannot be."""
    from ..render.edition import Edition
    from ..render.pages import edition_source, render_plan
    from ..render.pdf import lay_out

    # Its own edition, as `build` prints it: its contact person is on the card.
    code = edition_source(plan, part.lang, theme=part.theme, layout=part.layout).code

    def own(scale: float, card_part: CardPart) -> Any:
        return lay_out(render_plan(plan, part.lang, theme=part.theme, day=part.day,
                                   layout=part.layout, medium="print", scale=scale,
                                   edition=Edition(code, part.day), card_part=card_part),
                       part.theme.dirs)

    try:
        return _laid_over(own, shared, inputs)
    except OutputError:
        return None  # what cannot be made in parts renders whole (and reports its errors)


def _laid_over(own: Callable[[float, CardPart], Any], shared: SharedCard,
               inputs: str) -> bytes | None:
    """The organisation's card from its own part (`own` lays it out) and the shared part."""
    import pikepdf

    from .pdf_assembly import Assembler, ChunkOrganisation, Outline, PdfMeta

    # At a larger type its card must not fit, as the shared part's does not.
    for larger in shared.larger:
        # With its online block at the top of the back, to measure it.
        document = own(larger.front.scale, CardPart(
            "own", larger.front.blocks, larger.own_back if larger.place_mm is not None
            else ())).document
        if not larger.front.keeps(document) or (
                larger.place_mm is not None and not _runs_over(document, larger)):
            return None
    laid = own(shared.front.scale, shared.own)
    if not _fits(laid.document, shared):
        return None
    assembler = Assembler(shared.pdf, 2, outlines=(Outline(bookmark_levels(laid.document)),
                                                   Outline(shared.levels)))
    with pikepdf.open(io.BytesIO(laid.pdf())) as chunk:
        return assembler.assemble(chunk, ChunkOrganisation(range(2), None),
                                  PdfMeta("", "", "", inputs))


def _runs_over(document: Any, larger: Larger) -> bool:
    """True if the online block (laid out at the top of the back) ends clearly below the foot
    of the page when it starts where it does at that scale."""
    from ..render.fit_check import content_bottom_mm, content_top

    assert larger.place_mm is not None
    top = content_top(document, f"cb-{larger.own_back[0]}")
    found = _boxes(document, larger.own_back[0], 1)
    if top is None or top.page != 1 or len(found) != 1:
        return False
    height = content_bottom_mm(found[0]) - top.depth_mm
    return larger.place_mm + height > larger.front.limit_mm + OVER_MM


def _fits(document: Any, shared: SharedCard) -> bool:
    """True if an organisation's own part is what its whole card would be: its front keeps
    the split, its online block is on the next page where the whole card draws it, and
    nothing runs off the paper."""
    from ..render.fit_check import Measure, content_top

    measure = Measure.of(document)
    online: Anchor | None = content_top(document, f"cb-{shared.own.own_back[0]}")
    if measure.pages != 2 or measure.off_paper or online is None or online.page != 1:
        return False
    return shared.front.keeps(document) \
        and abs(online.depth_mm - shared.place_mm) <= PLACE_TOLERANCE_MM


def render_cards(pool: Executor, key: tuple[str, str, str | None], jobs: Sequence[LayoutJob],
                 part_of: Callable[[LayoutJob], Part], workers: int,
                 ) -> Iterator[tuple[LayoutJob, bytes | None]]:
    """(job, PDF) for every job, as they are made, in the pool (None: render it whole).

    `part_of(job)`: the shared part of its organisation (organisations with the same one
    share a card's back)."""
    groups: dict[tuple[str, str, str], tuple[Part, list[LayoutJob]]] = {}
    for job in jobs:
        part = part_of(job)
        group = (part.layout, part.lang, mf.canonical(part.plan.params))
        groups.setdefault(group, (part, []))[1].append(job)
    futures: dict[Future[Any], tuple[str, tuple[str, str, str]]] = {}
    for group, (part, members) in groups.items():
        if len(members) < IN_PARTS_FROM:
            yield from ((job, None) for job in members)
        else:
            futures[pool.submit(shared_card_task, key, part, _example(members))] = (
                "shared", group)
    while futures:
        done, _ = wait(list(futures), return_when=FIRST_COMPLETED)
        for future in done:
            kind, group = futures.pop(future)
            part, members = groups[group]
            if kind == "own":
                yield from future.result()
            elif (shared := future.result()) is None:
                yield from ((job, None) for job in members)
            else:
                size = chunk_size(len(members), workers)
                for start in range(0, len(members), size):
                    futures[pool.submit(own_cards_task, key, part, shared,
                                        members[start:start + size])] = ("own", group)


def _example(members: Sequence[LayoutJob]) -> dict[str, Any]:
    """The organisation (layer) whose card the shared part's is found on: one like most of
    them, with an address (its card's online block starts with a QR code) or without, and
    of them the one with the median amount to print (a long name or person may move a
    block of its front to the back, where the others' stay)."""
    with_address = [job.layer for job in members if job.layer.get("url")]
    alike = with_address if 2 * len(with_address) >= len(members) else [
        job.layer for job in members if not job.layer.get("url")]
    alike.sort(key=lambda layer: len(mf.canonical(layer)))
    return alike[len(alike) // 2]
