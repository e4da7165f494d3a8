"""Personalised PDFs from parts: organisation pages from a chunk laid over the shared part."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject

from ..errors import OutputError


@dataclass(frozen=True)
class PdfMeta:
    """The document information of one assembled handout."""

    title: str
    author: str
    bookmark: str  # the outline entry of the organisation pages
    identifier: str  # hashed into the PDF /ID: the same inputs give the same file


def chunk_ranges(chunk: PdfReader, count: int) -> list[range]:
    """The pages of each of the `count` organisations of a chunk PDF, in order.

    The glyph sheet comes first, then each organisation's cover: each is a level-1 bookmark.
    """
    starts = [chunk.get_destination_page_number(item) for item in chunk.outline
              if not isinstance(item, list)]
    if len(starts) != count + 1 or None in starts:
        raise OutputError(f"the organisation pages have {len(starts)} bookmarks, "
                          f"expected {count + 1}: does the organisation template still "
                          f"bookmark each cover?")
    pages = [int(start or 0) for start in starts]
    ends = [*pages[2:], len(chunk.pages)]
    return [range(a, b) for a, b in zip(pages[1:], ends, strict=True)]


def untagged(shared: bytes) -> bytes:
    """The shared part without its structure tree (see `Assembler` for why)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(shared)))
    root = writer._root_object
    for key in ("/StructTreeRoot", "/MarkInfo", "/Metadata"):
        if key in root:
            del root[NameObject(key)]
    for page in writer.pages:
        if "/StructParents" in page:
            del page[NameObject("/StructParents")]
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if "/StructParent" in annotation:
                del annotation[NameObject("/StructParent")]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class Assembler:
    """Lays organisation pages over the placeholder pages of one shared part.

    The shared part's structure tree is dropped once, up front: pypdf cannot merge the
    organisation pages' tags into it, and parsing its thousands of tag objects for every
    organisation would cost more than the organisation pages themselves. /Lang, the
    outline, links and metadata stay.
    """

    def __init__(self, shared: bytes, pages_each: int) -> None:
        # One parsed reader for every organisation: pypdf caches the objects it has read,
        # so each clone below copies objects instead of parsing the file again (2x faster).
        self.reader = PdfReader(io.BytesIO(untagged(shared)))
        self.pages_each = pages_each

    def assemble(self, chunk: PdfReader, pages: Sequence[int], meta: PdfMeta) -> bytes:
        """One personalised PDF: the shared part with its placeholders covered."""
        if len(pages) != self.pages_each:
            raise OutputError(f"{meta.bookmark}: {len(pages)} organisation pages, "
                              f"expected {self.pages_each}")
        # A clone keeps what the shared part has right already: its outline, links, /Lang.
        writer = PdfWriter(clone_from=self.reader)
        for slot, index in enumerate(pages):
            # The placeholder brings the footer and "page x of y"; the chunk page the rest.
            page = writer.pages[slot]
            page.merge_page(chunk.pages[index])
            page.compress_content_streams()
        bookmark_first(writer, meta.bookmark)
        return finish(writer, meta)


def bookmark_first(writer: PdfWriter, title: str) -> None:
    """Add an outline entry for page 1 before every other entry (as in the full render)."""
    added = writer.add_outline_item(title=title, page_number=0)
    outlines = _dict(writer._root_object["/Outlines"])
    item = _dict(added)
    first = outlines["/First"]
    if _dict(first) is item:
        return
    previous = item["/Prev"]
    del _dict(previous)[NameObject("/Next")]
    del item[NameObject("/Prev")]
    item[NameObject("/Next")] = first
    _dict(first)[NameObject("/Prev")] = added
    outlines[NameObject("/First")] = added
    outlines[NameObject("/Last")] = previous


def _dict(value: Any) -> DictionaryObject:
    obj = value.get_object()
    if not isinstance(obj, DictionaryObject):
        raise OutputError("the shared part's outline is not what WeasyPrint writes")
    return obj


def finish(writer: PdfWriter, meta: PdfMeta) -> bytes:
    """Metadata and a deterministic /ID, then the bytes."""
    info = _dict(writer._info) if writer._info is not None else DictionaryObject()
    writer.add_metadata({**{str(k): v for k, v in info.items()},
                         "/Title": meta.title, "/Author": meta.author})
    digest = hashlib.sha256(meta.identifier.encode("utf-8")).hexdigest()[:32].encode("ascii")
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
