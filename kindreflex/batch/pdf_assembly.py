"""Personalised PDFs from parts: organisation pages from a chunk laid over the shared part.

qpdf (through pikepdf) does the work, so the assembled file stays a tagged PDF/UA document:
the organisation page's content and structure elements are copied in (see `tag_merge`), the
shared part keeps its tree, outline, links, /Lang, /MarkInfo and XMP metadata. Parsing is
lazy and streams are copied without decoding, so an organisation costs a fraction of a render.
"""

from __future__ import annotations

import hashlib
import io
import re
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


@dataclass(frozen=True)
class Outline:
    """The bookmarks of a PDF in order, each with its level (WeasyPrint's `bookmark-level`,
    which the PDF's outline does not keep: a part without the level-1 heading has its
    level-2 entries at the top)."""

    levels: tuple[int, ...]

    def entries(self, pdf: pikepdf.Pdf) -> list[tuple[int, Any, Any]]:
        """(level, title, destination) of every bookmark of `pdf`, in order."""
        found: list[tuple[Any, Any]] = []
        outlines = pdf.Root.get("/Outlines")
        stack = [outlines.get("/First")] if outlines is not None else []
        while stack:
            item = stack.pop()
            if item is None:
                continue
            found.append((item.Title, item.get("/Dest")))
            stack += [item.get("/Next"), item.get("/First")]
        if len(found) != len(self.levels):
            raise OutputError(f"the PDF has {len(found)} bookmarks, its layout "
                              f"{len(self.levels)}")
        return [(level, title, dest) for level, (title, dest)
                in zip(self.levels, found, strict=True)]


class Assembler:
    """Lays an organisation's pages over the first `pages_each` pages of one shared part: each
    a placeholder, or a page with content of its own that the organisation's page adds to (see
    `tag_merge`)."""

    def __init__(self, shared: bytes, pages_each: int, *,
                 outlines: tuple[Outline, Outline] | None = None) -> None:
        self.shared = shared
        self.pages_each = pages_each
        # The organisation's and the shared part's bookmarks, laid out as one outline (the
        # organisation's first), and the organisation's document information and XMP (its
        # part was rendered for it alone); None: one bookmark, the organisation's name, first,
        # and the document information of `PdfMeta`.
        self.outlines = outlines

    def assemble(self, chunk: pikepdf.Pdf, organisation: ChunkOrganisation,
                 meta: PdfMeta) -> bytes:
        """One personalised PDF: the shared part with the organisation's pages laid on."""
        if len(organisation.pages) != self.pages_each:
            raise OutputError(f"{meta.bookmark}: {len(organisation.pages)} organisation "
                              f"pages, expected {self.pages_each}")
        with pikepdf.open(io.BytesIO(self.shared)) as out:
            targets = [out.pages[slot].obj for slot in range(self.pages_each)]
            sources = [chunk.pages[index].obj for index in organisation.pages]
            copier = Copier(out, {s.objgen: t for s, t in zip(sources, targets, strict=True)})
            merge = TagMerge(out, copier)
            for source, target in zip(sources, targets, strict=True):
                offset = merge.offset(target)
                if offset:
                    _add_to_page(out, copier, source, target, offset)
                else:
                    _overlay(out, copier, source, target)
                merge.add_annotations(source, target)
            merge.finish(merge.elements(chunk, sources), targets)
            _copy_form(out, copier, chunk)
            if self.outlines is None:
                bookmark_first(out, meta.bookmark, copier.copy(organisation.destination))
                set_metadata(out, meta)
            else:
                own, shared = self.outlines
                write_outline(out, [*((level, title, copier.copy(dest)) for level, title, dest
                                      in own.entries(chunk)), *shared.entries(out)])
                _take_metadata(out, chunk, meta.identifier)
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


# The operators that name a resource of the page, and which of their operands does.
_RESOURCE_OPERAND = {"Tf": 0, "Do": 0, "gs": 0, "cs": 0, "CS": 0, "sh": 0, "scn": -1,
                     "SCN": -1, "BDC": 1, "DP": 1}
_RESOURCE_OF = {"Tf": "/Font", "Do": "/XObject", "gs": "/ExtGState", "cs": "/ColorSpace",
                "CS": "/ColorSpace", "sh": "/Shading", "scn": "/Pattern", "SCN": "/Pattern",
                "BDC": "/Properties", "DP": "/Properties"}
# Resource names of an added page get this prefix: the two pages' names cannot clash.
ADDED_PREFIX = "kfo"


def _add_to_page(out: pikepdf.Pdf, copier: Copier, source: Any, target: Any,
                 offset: int) -> None:
    """The chunk page's content drawn over a shared page's own, after it: its resources
    renamed, its marked content numbered on from `offset` (tag_merge numbers its elements'
    MCIDs alike)."""
    if [float(v) for v in source.MediaBox] != [float(v) for v in target.MediaBox]:
        raise OutputError("the organisation pages and the shared part differ in page size")
    resources = source.get("/Resources", pikepdf.Dictionary())
    for form in resources.get("/XObject", pikepdf.Dictionary()).values():
        if b"/MCID" in form.read_bytes():
            raise OutputError("marked content in a form XObject of an organisation page: "
                              "it cannot be added to a shared page")
    merged = pikepdf.Dictionary({key: (pikepdf.Dictionary(dict(value.items()))
                                       if isinstance(value, pikepdf.Dictionary) else value)
                                 for key, value in target.get("/Resources",
                                                              pikepdf.Dictionary()).items()})
    for category, names in resources.items():
        if not isinstance(names, pikepdf.Dictionary):
            continue
        into = merged.get(category, pikepdf.Dictionary())
        for name, value in names.items():
            copy = copier.copy(value)
            if category == "/Font":
                _retag(copy)
            into[f"/{ADDED_PREFIX}{name[1:]}"] = copy
        merged[category] = into
    instructions: list[Any] = []
    for instruction in pikepdf.parse_content_stream(source):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            raise OutputError("an inline image on an organisation page: it cannot be added "
                              "to a shared page")
        operator = instruction.operator
        name = str(operator)
        operands = list(instruction.operands)
        if name in _RESOURCE_OPERAND and operands:
            index = _RESOURCE_OPERAND[name]
            value = operands[index]
            if isinstance(value, pikepdf.Name) and str(value) in resources.get(
                    _RESOURCE_OF[name], {}):
                operands[index] = pikepdf.Name(f"/{ADDED_PREFIX}{str(value)[1:]}")
        if name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) \
                and "/MCID" in operands[1]:
            properties = pikepdf.Dictionary(dict(operands[1].items()))
            properties.MCID = int(properties.MCID) + offset
            operands[1] = properties
        instructions.append((operands, operator))
    target.Resources = merged
    own = target.Contents
    streams = list(own) if isinstance(own, pikepdf.Array) else [own]
    # Each page's drawing keeps its own graphics state: WeasyPrint's starts with a transform.
    target.Contents = pikepdf.Array([
        out.make_stream(b"q\n"), *streams, out.make_stream(b"\nQ\nq\n"),
        out.make_stream(pikepdf.unparse_content_stream(instructions)),
        out.make_stream(b"\nQ\n")])


_SUBSET_TAG = re.compile(r"/([A-Z]{6})\+(.+)")


def _retag(font: Any) -> None:
    """Give a copied font subset a tag of its own (`/ABCDEF+Open-Sans`, from its glyphs):
    WeasyPrint tags a font's subsets alike in every document, and a reader that finds two
    subsets of one tag on a page draws both with one of them."""
    fonts = [font, *font.get("/DescendantFonts", [])]
    for each in fonts:
        descriptor = each.get("/FontDescriptor")
        files = [descriptor.get(key) for key in ("/FontFile", "/FontFile2", "/FontFile3")
                 if descriptor is not None and key in descriptor]
        if not files:
            continue
        digest = hashlib.sha256(b"own" + files[0].read_raw_bytes()).digest()
        tag = "".join(chr(ord("A") + byte % 26) for byte in digest[:6])
        for holder, key in ((font, "/BaseFont"), (each, "/BaseFont"),
                            (descriptor, "/FontName")):
            found = _SUBSET_TAG.fullmatch(str(holder.get(key, "")))
            if found:
                holder[key] = pikepdf.Name(f"/{tag}+{found.group(2)}")


def write_outline(out: pikepdf.Pdf, entries: Sequence[tuple[int, Any, Any]]) -> None:
    """The PDF's outline from (level, title, destination) in order: an entry is the child of
    the last one before it of a lower level (as WeasyPrint nests `bookmark-level`)."""
    root = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
    stack: list[tuple[int, Any]] = [(0, root)]
    nodes = [root]
    counts: dict[tuple[int, int], int] = {}
    for level, title, destination in entries:
        while stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1]
        item = out.make_indirect(pikepdf.Dictionary(Title=title, Parent=parent,
                                                    Dest=destination))
        last = parent.get("/Last")
        if last is None:
            parent.First = item
        else:
            last.Next = item
            item.Prev = last
        parent.Last = item
        for _level, ancestor in stack:
            counts[ancestor.objgen] = counts.get(ancestor.objgen, 0) + 1
        stack.append((level, item))
        nodes.append(item)
    for node in nodes:
        if node.objgen in counts:
            node.Count = counts[node.objgen]
    out.Root.Outlines = root


def _copy_form(out: pikepdf.Pdf, copier: Copier, chunk: pikepdf.Pdf) -> None:
    """The chunk's form fields whose widgets were copied, added to the form of `out`."""
    form = chunk.Root.get("/AcroForm")
    if form is None or not form.get("/Fields"):
        return
    fields = [field for field in form.Fields if _copied(copier, field)]
    if not fields:
        return
    target = out.Root.get("/AcroForm")
    if target is None:
        target = out.Root.AcroForm = out.make_indirect(pikepdf.Dictionary(
            {**{key: copier.copy(value) for key, value in form.items() if key != "/Fields"},
             "/Fields": pikepdf.Array()}))
    copies = []
    for field in fields:
        copy = copier.copy(field)
        for kid in copy.get("/Kids", []):
            kid.Parent = copy  # the copier leaves /Parent out: a widget's is its field
        copies.append(copy)
    # The organisation's pages come first (the front, the cover): so do their fields.
    target.Fields = pikepdf.Array([*copies, *target.Fields])


def _copied(copier: Copier, field: Any) -> bool:
    """True if a field's widget (it, or one of its kids) was copied with a page."""
    return field.objgen in copier.copied or any(
        kid.objgen in copier.copied for kid in field.get("/Kids", []))


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
    _set_identifier(out, meta.identifier)


def _take_metadata(out: pikepdf.Pdf, chunk: pikepdf.Pdf, identifier: str) -> None:
    """The chunk's document information and XMP metadata in `out`; a deterministic /ID."""
    out.trailer.Info = out.make_indirect(pikepdf.Dictionary(dict(chunk.docinfo.items())))
    if "/Metadata" in chunk.Root:
        out.Root.Metadata = out.copy_foreign(chunk.Root.Metadata)
    _set_identifier(out, identifier)


def _set_identifier(out: pikepdf.Pdf, identifier: str) -> None:
    """A /ID hashed from `identifier`: the same inputs give the same file."""
    digest = hashlib.sha256(identifier.encode("utf-8")).hexdigest()[:32].encode("ascii")
    out.trailer.ID = pikepdf.Array([pikepdf.String(digest), pikepdf.String(digest)])


def organisation_pdfs(assembler: Assembler, chunk_pdf: bytes, metas: Sequence[PdfMeta],
                      pages_each: int) -> list[bytes | None]:
    """Each organisation of a chunk laid over the shared part (None: its pages overflowed)."""
    with open_chunk(chunk_pdf) as chunk:
        found = chunk_organisations(chunk, len(metas))
        return [assembler.assemble(chunk, organisation, meta)
                if len(organisation.pages) == pages_each else None
                for organisation, meta in zip(found, metas, strict=True)]
