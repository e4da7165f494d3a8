"""PDF/UA fixes around WeasyPrint's tagging: figure names in, artifacts and table scopes out.

WeasyPrint 70 tags every `<img>` and inline `<svg>` as a /Figure and takes its text alternative
from `alt` (img) or a `<title>` child (svg) only: it ignores `aria-hidden`, `role` and
`aria-label`, has no way to mark a figure as decoration, leaves the content of page-margin
boxes (running footer, "page x of y") as marked content that no structure element in the tree
holds, and drops `<th scope>` (it links cells with /Headers, which a checker may not follow).

So, generically, for any template:
1. `name_figures` (before rendering, on WeasyPrint's parsed tree) gives each figure the text
   alternative HTML gives it (alt, aria-label, aria-labelledby, <title>); a decorative one
   (aria-hidden="true" on it or an ancestor, role none/presentation, `alt=""`) gets a marker;
2. `finish_tags` (after rendering, with pikepdf) turns marked figures and every piece of
   marked content outside the structure tree into /Artifact, and gives each /TH the /Scope
   that WeasyPrint's own /Headers links imply;
3. `tag_languages` makes WeasyPrint's structure elements carry the /Lang of an element with a
   `lang` of its own (WeasyPrint 70 writes only the document's): a word shown in another
   language (an interface word in English, a text in the default language) is then read in
   that language from the PDF too.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from typing import Any
from xml.etree.ElementTree import Element

# pikepdf is imported inside the functions: this module loads with every build command, also
# one that makes no PDF.
# The alt text that tells `finish_tags` a figure is decoration. WeasyPrint copies it to /Alt;
# no figure keeps it.
DECORATIVE = "kindreflex:decorative"
SVG = "{http://www.w3.org/2000/svg}"
_NONE_ROLES = ("none", "presentation")


def _accessible_name(element: Element, ids: dict[str, Element]) -> str:
    """The text alternative HTML gives an image or SVG (empty: none)."""
    labelled = " ".join(
        " ".join("".join(ids[ref].itertext()).split())
        for ref in (element.get("aria-labelledby") or "").split() if ref in ids)
    title = element.find(f"{SVG}title")
    candidates = (element.get("aria-label"), labelled, element.get("alt"),
                  title.text if title is not None else None, element.get("title"))
    return next((" ".join(c.split()) for c in candidates if c and c.strip()), "")


def name_figures(root: Element) -> None:
    """Give every figure of a parsed document the /Alt WeasyPrint writes, or the marker."""
    ids = {el.get("id", ""): el for el in root.iter() if el.get("id")}
    stack: list[tuple[Element, bool]] = [(root, False)]
    while stack:
        element, hidden = stack.pop()
        hidden = hidden or element.get("aria-hidden") == "true"
        if element.tag in ("img", f"{SVG}svg"):
            decorative = (hidden or element.get("role") in _NONE_ROLES
                          or element.get("alt") == "")
            _set_alt(element, DECORATIVE if decorative else _accessible_name(element, ids))
            continue  # an SVG's own elements are drawn inside its figure
        stack.extend((child, hidden) for child in reversed(element))


_LANG_MARK = "_kindreflex_lang"


def tag_languages() -> bool:
    """Wrap WeasyPrint's tagging once so that each structure element made for an element with
    its own `lang` gets that /Lang; True when in place (False: WeasyPrint tags differently)."""
    import pydyf
    from weasyprint.pdf import tags

    build = getattr(tags, "_build_box_tree", None)
    if build is None:
        return False
    if getattr(build, _LANG_MARK, False):
        return True

    def with_languages(box: Any, parent: Any, pdf: Any, *args: Any) -> Iterator[Any]:
        # The wrapper replaces the module's function, so WeasyPrint's own recursion passes here
        # for every box: each element is seen once, right after it was made.
        source = getattr(getattr(box, "_box", box), "element", None)
        lang = source.get("lang") if source is not None and source.tag != "html" else None
        for element in build(box, parent, pdf, *args):
            if lang and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            yield element

    setattr(with_languages, _LANG_MARK, True)
    tags._build_box_tree = with_languages
    return True


def _set_alt(element: Element, text: str) -> None:
    if not text:
        return  # no name at all: the figure stays unnamed, and the PDF/UA check says so
    if element.tag == "img":
        element.set("alt", text)
        return
    for old in element.findall(f"{SVG}title"):
        element.remove(old)
    title = element.makeelement(f"{SVG}title", {})
    title.text = text
    element.insert(0, title)


def finish_tags(data: bytes, then: Callable[[Any], None] | None = None) -> bytes:
    """WeasyPrint's PDF with decoration and page furniture as artifacts and header scopes;
    `then` makes its own changes to the open PDF before it is written (the PDF is read once)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is None and then is None:
            return data
        if tree is not None:
            _finish_tree(pdf, tree)
        if then is not None:
            then(pdf)
        out = io.BytesIO()
        save(pdf, out)
    return out.getvalue()


def _finish_tree(pdf: Any, tree: Any) -> None:
    import pikepdf

    kept = _prune(tree)
    parents = dict(number_tree(tree.ParentTree))
    for page in pdf.pages:
        mapping = parents.get(int(page.obj.get("/StructParents", -1)))
        if not isinstance(mapping, pikepdf.Array):
            continue
        outside = {mcid for mcid, element in enumerate(mapping)
                   if element is not None and element.objgen not in kept}
        if outside:
            artifacts(pdf, page, outside)
            for mcid in outside:
                mapping[mcid] = None


def save(pdf: Any, out: io.BytesIO) -> None:
    """Write `pdf` without touching its compressed streams; the same input gives the same bytes."""
    import pikepdf

    pdf.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none, deterministic_id=True,
             fix_metadata_version=False)


def kids(element: Any) -> list[Any]:
    """The /K entries of a structure element as a list (structure elements, MCIDs, references)."""
    import pikepdf

    kid = element.get("/K")
    if kid is None:
        return []
    return list(kid) if isinstance(kid, pikepdf.Array) else [kid]


def is_element(node: Any) -> bool:
    """True for a structure element (not an MCID, a marked-content or an object reference)."""
    import pikepdf

    return isinstance(node, pikepdf.Dictionary) and node.get("/Type") not in ("/MCR", "/OBJR")


def _prune(tree: Any) -> set[tuple[int, int]]:
    """Drop decorative figures from the tree, set table scopes; the elements left in it."""
    import pikepdf

    kept: set[tuple[int, int]] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        children = kids(node)
        elements = [c for c in children if is_element(c)]
        decorative = {c.objgen for c in elements
                      if c.get("/S") == "/Figure" and str(c.get("/Alt", "")) == DECORATIVE}
        if decorative:
            node.K = pikepdf.Array([c for c in children
                                    if not (is_element(c) and c.objgen in decorative)])
        if node.get("/S") == "/TR":
            _scope_row(elements)
        for child in elements:
            if child.objgen not in decorative:
                kept.add(child.objgen)
                stack.append(child)
    return kept


def _attributes(cell: Any, make: bool = False) -> Any:
    """The /Table attribute dictionary of a cell (None if it has none and not `make`)."""
    import pikepdf

    owned = cell.get("/A")
    candidates = list(owned) if isinstance(owned, pikepdf.Array) else [owned]
    for candidate in candidates:
        if isinstance(candidate, pikepdf.Dictionary) and candidate.get("/O") == "/Table":
            return candidate
    if not make:
        return None
    table = pikepdf.Dictionary(O=pikepdf.Name.Table)
    cell.A = pikepdf.Array([*(c for c in candidates if c is not None), table])
    return table


def _scope_row(cells: list[Any]) -> None:
    """/Scope of each header cell of a row: /Row if a data cell of the row points at it."""
    import pikepdf

    data = [_attributes(cell) for cell in cells if cell.get("/S") == "/TD"]
    in_row = {str(header) for table in data if table is not None
              for header in table.get("/Headers", [])}
    for cell in cells:
        if cell.get("/S") == "/TH":
            row = str(cell.get("/ID", "")) in in_row
            _attributes(cell, make=True).Scope = pikepdf.Name.Row if row else pikepdf.Name.Column


def number_tree(node: Any) -> Iterator[tuple[int, Any]]:
    """The (key, value) pairs of a PDF number tree such as /ParentTree."""
    nums = node.get("/Nums")
    if nums is not None:
        for index in range(0, len(nums) - 1, 2):
            yield int(nums[index]), nums[index + 1]
    for kid in node.get("/Kids", []):
        yield from number_tree(kid)


def artifacts(pdf: Any, page: Any, mcids: set[int]) -> None:
    """Turn the marked-content sequences `mcids` of a page into /Artifact sequences."""
    left = _rewrite(pdf, page, page.obj, mcids)
    # WeasyPrint draws some content (opacity groups) in form XObjects that share the
    # page's numbering: look there for what the page stream itself does not hold.
    resources = page.obj.get("/Resources", {})
    for xobject in resources.get("/XObject", {}).values() if left else ():
        if xobject.get("/Subtype") == "/Form":
            left = _rewrite(pdf, xobject, xobject, left)


def _rewrite(pdf: Any, owner: Any, target: Any, mcids: set[int]) -> set[int]:
    """Rewrite one content stream; the MCIDs it did not hold."""
    import pikepdf

    streams = target.Contents if isinstance(target, pikepdf.Dictionary) else target
    if isinstance(streams, pikepdf.Stream):
        data, found = _rewrite_lines(streams.read_bytes(), mcids)
        if found == mcids:
            streams.write(data)
            return set()
    instructions = pikepdf.parse_content_stream(owner)
    found = set()
    for index, instruction in enumerate(instructions):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        if str(instruction.operator) != "BDC":
            continue
        properties = instruction.operands[-1]
        mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
        if mcid is not None and int(mcid) in mcids:
            found.add(int(mcid))
            instructions[index] = pikepdf.ContentStreamInstruction(
                [pikepdf.Name.Artifact], pikepdf.Operator("BMC"))
    if found:
        data = pikepdf.unparse_content_stream(instructions)
        if isinstance(target, pikepdf.Stream):
            target.write(data)
        else:
            target.Contents = pdf.make_stream(data)
    return mcids - found


# WeasyPrint writes each marked-content start on lines of its own: "/Span\n<</MCID 7>>\nBDC".
_MARKED = re.compile(rb"^/[^\s/<>\[\]()%]+\n<</MCID (\d+)>>\nBDC$", re.MULTILINE)
_INLINE_IMAGE = re.compile(rb"(?<!\S)BI(?!\S)")


def _rewrite_lines(data: bytes, mcids: set[int]) -> tuple[bytes, set[int]]:
    """The fast path of `_rewrite` (a parse takes ten times longer) for WeasyPrint's streams.

    Safe only without literal strings and inline images, the two places where such lines could
    be data rather than operators (WeasyPrint writes text as hex strings): else nothing found.
    """
    found: set[int] = set()
    if b"(" in data or (b"BI" in data and _INLINE_IMAGE.search(data)):
        return data, found

    def swap(match: re.Match[bytes]) -> bytes:
        mcid = int(match.group(1))
        if mcid not in mcids:
            return match.group(0)
        found.add(mcid)
        return b"/Artifact BMC"

    return _MARKED.sub(swap, data), found
