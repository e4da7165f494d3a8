"""The structure tree of an assembled PDF: the organisation pages' tags in the shared part's.

The organisation pages come from a chunk PDF, and both they and the shared part were tagged by
WeasyPrint (and cleaned by `render.pdf_tags`). Per organisation this copies the structure
elements of its pages, with their link annotations, into the shared part's tree, and renumbers
what points into the tree: the pages' /ParentTree arrays and the annotations' /StructParent
keys. An organisation page goes onto a page of the shared part of one of two kinds:
- a placeholder (no tagged content): its elements come before the shared part's own (the
  reading order of the full render);
- a shared page with content of its own, which the organisation page adds to (what the
  organisation adds at the end of a card's back): its marked content is numbered on from the
  page's own (`offset`), and its elements follow the shared elements of that page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pikepdf

from ..errors import OutputError
from ..render.pdf_tags import is_element, kids, number_tree

# Keys that tie an object to its place in the chunk; the copy gets its own.
_PLACE_KEYS = frozenset({"/P", "/Parent", "/StructParent", "/StructParents"})
_ELEMENT_PLACE_KEYS = frozenset({"/P", "/Pg", "/K"})
# Element ids of the organisation pages get a prefix: the chunk and the shared part number
# their table cells alike.
ID_PREFIX = "org-"


class Copier:
    """Deep copies from a chunk PDF into an assembled one, with the chunk's pages mapped."""

    def __init__(self, out: pikepdf.Pdf, pages: dict[tuple[int, int], pikepdf.Object]) -> None:
        self.out = out
        self.pages = pages  # chunk page objgen -> page object of `out`
        self.copied: dict[tuple[int, int], pikepdf.Object] = {}

    def copy(self, value: Any) -> Any:
        """`value` as an object of `out` (streams through qpdf, the rest by hand)."""
        if isinstance(value, pikepdf.Stream):
            # Fonts, images, forms and content streams never point at pages: qpdf copies them.
            return self.out.copy_foreign(value)
        if isinstance(value, pikepdf.Dictionary):
            if not value.is_indirect:
                return pikepdf.Dictionary({k: self.copy(v) for k, v in value.items()
                                           if k not in _PLACE_KEYS})
            if value.objgen in self.pages:
                return self.pages[value.objgen]
            if value.get("/Type") == "/Page":
                raise OutputError("an organisation page links to a page of another "
                                  "organisation: its pages cannot be assembled")
            if value.objgen not in self.copied:
                self.copied[value.objgen] = self.out.make_indirect(pikepdf.Dictionary())
                for key, item in value.items():
                    if key not in _PLACE_KEYS:
                        self.copied[value.objgen][key] = self.copy(item)
            return self.copied[value.objgen]
        if isinstance(value, pikepdf.Array):
            return pikepdf.Array([self.copy(item) for item in value])
        return value


class TagMerge:
    """Copies the organisation pages' structure elements into the shared part's tree."""

    def __init__(self, out: pikepdf.Pdf, copier: Copier) -> None:
        self.out = out
        self.copier = copier
        self.tree = out.Root.StructTreeRoot
        self.document = self.tree.K[0] if isinstance(self.tree.K, pikepdf.Array) else self.tree.K
        self.marks: dict[tuple[int, int], dict[int, pikepdf.Object]] = {}  # page: MCID: element
        self.annotations: dict[tuple[int, int], pikepdf.Object] = {}  # chunk annot -> copy
        self.links: list[tuple[pikepdf.Object, pikepdf.Object]] = []  # annotation, element
        self.entries = dict(number_tree(self.tree.ParentTree))
        # Per target page with content of its own: its first free MCID (see `offset`).
        self.offsets: dict[tuple[int, int], int] = {}

    def offset(self, target: pikepdf.Object) -> int:
        """The first MCID free on a shared page: 0 on a placeholder, else one past the page's
        own (the organisation page's marked content is numbered on from there)."""
        key = target.objgen
        if key not in self.offsets:
            own = self.entries.get(int(target.StructParents), []) \
                if "/StructParents" in target else []
            self.offsets[key] = len(own) if any(item is not None for item in own) else 0
        return self.offsets[key]

    def add_annotations(self, source: pikepdf.Object, target: pikepdf.Object) -> None:
        """Copy a chunk page's annotations onto an assembled page."""
        copies = []
        for annotation in source.get("/Annots", []):
            copy = self.copier.copy(annotation)
            copy.P = target
            self.annotations[annotation.objgen] = copy
            copies.append(copy)
        if copies:
            target.Annots = pikepdf.Array([*target.get("/Annots", []), *copies])

    def elements(self, chunk: pikepdf.Pdf, source_pages: Sequence[pikepdf.Object],
                 ) -> list[tuple[Any, Any]]:
        """Copies of the chunk's top-level elements on `source_pages`, in order, each with
        the page of the assembled PDF it is on."""
        chunk_tree = chunk.Root.StructTreeRoot
        wanted = {page.objgen for page in source_pages}
        copies = []
        for top in kids(chunk_tree):
            for element in kids(top):
                page = element.get("/Pg")
                if is_element(element) and page is not None and page.objgen in wanted:
                    copies.append((self.copier.copy(page), self._element(element, self.document)))
        return copies

    def _element(self, element: Any, parent: Any) -> Any:
        new = self.out.make_indirect(pikepdf.Dictionary())
        for key, value in element.items():
            if key not in _ELEMENT_PLACE_KEYS:
                new[key] = self.copier.copy(value)
        if "/ID" in new:
            new.ID = pikepdf.String(ID_PREFIX + str(new.ID))
        _prefix_headers(new.get("/A"))
        new.P = parent
        page = self.copier.copy(element.Pg) if "/Pg" in element else None
        if page is not None:
            new.Pg = page
        children: list[Any] = []
        for kid in kids(element):
            if isinstance(kid, int):
                mcid = kid + self._offset_of(page)
                children.append(mcid)
                self._mark(page, mcid, new)
            elif is_element(kid):
                children.append(self._element(kid, new))
            elif kid.get("/Type") == "/MCR":
                mcr_page = self.copier.copy(kid.Pg) if "/Pg" in kid else page
                if "/Stm" in kid:
                    raise OutputError("marked content in a form XObject of an organisation "
                                      "page: its pages cannot be assembled")
                mcid = int(kid.MCID) + self._offset_of(mcr_page)
                children.append(pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=mcr_page,
                                                   MCID=mcid))
                self._mark(mcr_page, mcid, new)
            else:  # an object reference: a link annotation
                annotation = self.annotations[kid.Obj.objgen]
                children.append(self.out.make_indirect(pikepdf.Dictionary(
                    Type=pikepdf.Name.OBJR, Obj=annotation, Pg=annotation.P)))
                self.links.append((annotation, new))
        new.K = pikepdf.Array(children)
        return new

    def _offset_of(self, page: Any) -> int:
        return self.offsets.get(page.objgen, 0) if page is not None else 0

    def _mark(self, page: Any, mcid: int, element: Any) -> None:
        if page is None:
            raise OutputError("an organisation page's structure element has no page")
        self.marks.setdefault(page.objgen, {})[mcid] = element

    def finish(self, copies: list[tuple[Any, Any]], targets: Sequence[pikepdf.Object]) -> None:
        """Put `copies` in the tree (those on placeholders first, those added to a shared
        page after that page's elements), then number the pages' and links' parents."""
        added = {page.objgen for page in targets if self.offset(page)}
        placeholder_ids = {page.objgen for page in targets} - added
        shared = [element for element in kids(self.document)
                  if not (is_element(element) and element.get("/Pg") is not None
                          and element.Pg.objgen in placeholder_ids and not _marks(element))]
        order = [*(element for page, element in copies if page.objgen not in added), *shared]
        for page, element in copies:
            if page.objgen not in added:
                continue
            last = [kept for kept in order if is_element(kept) and kept.get("/Pg") is not None
                    and kept.Pg.objgen == page.objgen]
            if not last or not all(is_element(kid) for kid in kids(element)):
                order.append(element)
                continue
            # The page's part of the same container (the card's `main` on its back): what
            # the organisation adds ends it, as in the full render.
            moved = [kid for kid in kids(element) if _marks(kid)]
            for kid in moved:
                kid.P = last[-1]
            last[-1].K = pikepdf.Array([*kids(last[-1]), *moved])
        self.document.K = pikepdf.Array(order)
        entries = self.entries
        for page in targets:
            key = int(page.StructParents)
            # A placeholder's own entry holds nothing (else it would be a page added to).
            own = list(entries.get(key, [])) if page.objgen in added else []
            marks = self.marks.get(page.objgen, {})
            entries[key] = pikepdf.Array([*own, *(marks.get(mcid) for mcid in range(
                len(own), max(marks, default=len(own) - 1) + 1))])
        next_key = max([*entries, int(self.tree.get("/ParentTreeNextKey", 0)) - 1]) + 1
        for annotation, element in self.links:
            annotation.StructParent = next_key
            entries[next_key] = element
            next_key += 1
        nums: list[Any] = []
        for key in sorted(entries):
            nums += [key, entries[key]]
        # One flat /Nums array, as WeasyPrint writes it (a few hundred pairs).
        self.tree.ParentTree = self.out.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
        if "/ParentTreeNextKey" in self.tree:
            self.tree.ParentTreeNextKey = next_key


def _prefix_headers(attributes: Any) -> None:
    """Prefix the header ids a copied table cell points at, as its headers' /ID are."""
    owners = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]
    for owner in owners:
        if isinstance(owner, pikepdf.Dictionary) and "/Headers" in owner:
            owner.Headers = pikepdf.Array([pikepdf.String(ID_PREFIX + str(h))
                                           for h in owner.Headers])


def _marks(element: Any) -> bool:
    """True if an element or one below it holds content (marked content or an annotation)."""
    return any(not is_element(kid) or _marks(kid) for kid in kids(element))
