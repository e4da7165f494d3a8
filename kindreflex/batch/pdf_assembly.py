"""Personalised PDFs from parts: organisation pages from a chunk laid over the shared part.

qpdf (through pikepdf) does the work, so the assembled file stays a tagged PDF/UA document:
the organisation page's content and structure elements are copied in (see `tag_merge`), the
shared part keeps its tree, outline, links, /Lang, /MarkInfo and XMP metadata. Parsing is
lazy and streams are copied without decoding, so an organisation costs a fraction of a render.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pikepdf

from ..errors import OutputError
from ..render.pdf_tags import save
from .tag_merge import Copier, TagMerge

# The XObject name of the placeholder page's own drawing (footer, page number) on the page.
PLACEHOLDER = "/kindreflexShared"


@dataclass(frozen=True)
class PdfMeta:
    """The document information of one assembled handout."""

    title: str
    author: str
    bookmark: str  # the outline entry of the organisation pages
    identifier: str  # hashed into the PDF /ID: the same inputs give the same file


@dataclass(frozen=True)
class ChunkOrganisation:
    """Where one organisation's pages are in a chunk, and where its bookmark points."""

    pages: range
    destination: Any  # the /Dest array of its cover's bookmark


def open_chunk(data: bytes) -> pikepdf.Pdf:
    """A chunk PDF, parsed once for all its organisations."""
    return pikepdf.open(io.BytesIO(data))


def chunk_organisations(chunk: pikepdf.Pdf, count: int) -> list[ChunkOrganisation]:
    """The pages of each of the `count` organisations of a chunk PDF, in order.

    The glyph sheet comes first, then each organisation's cover: each is a level-1 bookmark.
    """
    index = {page.obj.objgen: number for number, page in enumerate(chunk.pages)}
    found: list[tuple[int, Any]] = []
    outlines = chunk.Root.get("/Outlines")
    item = outlines.get("/First") if outlines is not None else None
    while item is not None:
        destination = item.get("/Dest")
        if destination is None and "/A" in item:
            destination = item.A.get("/D")
        if not isinstance(destination, pikepdf.Array) or destination[0].objgen not in index:
            raise OutputError("a bookmark of the organisation pages does not point at a page")
        found.append((index[destination[0].objgen], destination))
        item = item.get("/Next")
    if len(found) != count + 1:
        raise OutputError(f"the organisation pages have {len(found)} bookmarks, "
                          f"expected {count + 1}: does the organisation template still "
                          f"bookmark each cover?")
    ends = [start for start, _ in found[2:]] + [len(chunk.pages)]
    return [ChunkOrganisation(range(start, end), destination)
            for (start, destination), end in zip(found[1:], ends, strict=True)]


class Assembler:
    """Lays organisation pages over the placeholder pages of one shared part."""

    def __init__(self, shared: bytes, pages_each: int) -> None:
        self.shared = shared
        self.pages_each = pages_each

    def assemble(self, chunk: pikepdf.Pdf, organisation: ChunkOrganisation,
                 meta: PdfMeta) -> bytes:
        """One personalised PDF: the shared part with its placeholders covered."""
        if len(organisation.pages) != self.pages_each:
            raise OutputError(f"{meta.bookmark}: {len(organisation.pages)} organisation "
                              f"pages, expected {self.pages_each}")
        with pikepdf.open(io.BytesIO(self.shared)) as out:
            targets = [out.pages[slot].obj for slot in range(self.pages_each)]
            sources = [chunk.pages[index].obj for index in organisation.pages]
            copier = Copier(out, {s.objgen: t for s, t in zip(sources, targets, strict=True)})
            merge = TagMerge(out, copier)
            for source, target in zip(sources, targets, strict=True):
                _overlay(out, copier, source, target)
                merge.add_annotations(source, target)
            merge.finish(merge.elements(chunk, sources), targets)
            bookmark_first(out, meta.bookmark, copier.copy(organisation.destination))
            set_metadata(out, meta)
            data = io.BytesIO()
            save(out, data)
        return data.getvalue()


def _overlay(out: pikepdf.Pdf, copier: Copier, source: Any, target: Any) -> None:
    """The chunk page's content and resources on the placeholder page, over its drawing.

    The placeholder page brings the footer and "page x of y", all artifacts: they move into a
    form XObject drawn first, so the two pages' resource names cannot clash.
    """
    if [float(v) for v in source.MediaBox] != [float(v) for v in target.MediaBox]:
        raise OutputError("the organisation pages and the shared part differ in page size")
    drawing = _as_form(out, target)
    resources = copier.copy(source.get("/Resources", pikepdf.Dictionary()))
    xobjects = resources.get("/XObject", pikepdf.Dictionary())
    if PLACEHOLDER in xobjects:
        raise OutputError(f"an organisation page uses the resource name {PLACEHOLDER}")
    xobjects[PLACEHOLDER] = drawing
    resources.XObject = xobjects
    target.Resources = resources
    contents = source.Contents
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    show = out.make_stream(f"q /Artifact BMC {PLACEHOLDER} Do EMC Q\n".encode("ascii"))
    target.Contents = pikepdf.Array([show, *(copier.copy(s) for s in streams)])


def _as_form(out: pikepdf.Pdf, page: Any) -> pikepdf.Stream:
    """A page's drawing as a form XObject (its content stream as it is, compressed or not)."""
    contents = page.Contents
    form = dict(Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=page.MediaBox,
                Resources=page.get("/Resources", pikepdf.Dictionary()))
    if isinstance(contents, pikepdf.Stream):
        encoding = {key[1:]: contents[key] for key in ("/Filter", "/DecodeParms")
                    if key in contents}
        return pikepdf.Stream(out, contents.read_raw_bytes(), **form, **encoding)
    return pikepdf.Stream(out, b"\n".join(s.read_bytes() for s in contents), **form)


def bookmark_first(out: pikepdf.Pdf, title: str, destination: Any) -> None:
    """Add an outline entry for the organisation pages before every other entry."""
    outlines = out.Root.get("/Outlines")
    if outlines is None:
        outlines = out.Root.Outlines = out.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.Outlines, Count=0))
    item = out.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(title),
                                                Parent=outlines, Dest=destination))
    first = outlines.get("/First")
    if first is None:
        outlines.Last = item
    else:
        item.Next = first
        first.Prev = item
    outlines.First = item
    outlines.Count = int(outlines.get("/Count", 0)) + 1


def set_metadata(out: pikepdf.Pdf, meta: PdfMeta) -> None:
    """Title and author in the document information and the XMP; a deterministic /ID."""
    out.docinfo.Title = pikepdf.String(meta.title)
    out.docinfo.Author = pikepdf.String(meta.author)
    # No "edited by pikepdf" stamp: it would put the time of the run into the file.
    with out.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp["dc:title"] = meta.title
        xmp["dc:creator"] = [meta.author]
    digest = hashlib.sha256(meta.identifier.encode("utf-8")).hexdigest()[:32].encode("ascii")
    out.trailer.ID = pikepdf.Array([pikepdf.String(digest), pikepdf.String(digest)])


def organisation_pdfs(assembler: Assembler, chunk_pdf: bytes, metas: Sequence[PdfMeta],
                      pages_each: int) -> list[bytes | None]:
    """Each organisation of a chunk laid over the shared part (None: its pages overflowed)."""
    with open_chunk(chunk_pdf) as chunk:
        found = chunk_organisations(chunk, len(metas))
        return [assembler.assemble(chunk, organisation, meta)
                if len(organisation.pages) == pages_each else None
                for organisation, meta in zip(found, metas, strict=True)]
