"""The PDF's form fields, ready to be typed in: one field per name, a font every reader has.

WeasyPrint (`pdf_forms=True`) makes a form field of each `<input>` and `<textarea>` that
keeps `appearance: auto`, named by its `name` and described (`/TU`, what a screen reader
says) by its `title`, each inside a /Form structure element, as PDF/UA asks. Two things are
left to do here:

1. Fields of one name become one field with a widget for each place (the card sheet prints
   the card four times: typing the name once fills all four). A PDF that has two fields of
   one fully qualified name is malformed, and readers treat them apart.
2. A field's default appearance names the page's embedded font, a subset holding only the
   glyphs the page prints, which readers and pikepdf cannot write other text with. Text
   fields use Helvetica instead (`/Helv` in the form's resources), the font every PDF reader
   has for forms; its size stays WeasyPrint's.
"""

from __future__ import annotations

import re
from typing import Any

# The form's own font, as PDF forms name it: Helvetica, one of the standard 14 fonts.
FIELD_FONT = "/Helv"
# The attributes of a field, which its widgets inherit from it once they are its kids.
FIELD_KEYS = ("/T", "/TU", "/FT", "/Ff", "/V", "/DV", "/DA", "/MaxLen", "/Q")
_SIZE = re.compile(rb"(-?[0-9.]+)\s+Tf")


def finish_forms(pdf: Any) -> None:
    """Give an open PDF (pikepdf) one field per name, typed in with Helvetica."""
    import pikepdf

    form = pdf.Root.get("/AcroForm")
    if form is None or not form.get("/Fields"):
        return
    _add_field_font(pdf, form)
    fields: dict[str, Any] = {}  # by name, in the order of their first place
    for field in list(form.Fields):
        if field.get("/FT") == "/Tx":
            field.DA = pikepdf.String(_appearance(bytes(field.get("/DA", b""))))
        name = str(field.get("/T", "")).replace(".", "\u00b7")  # "." would nest names
        field.T = pikepdf.String(name)
        if name not in fields:
            fields[name] = field
            continue
        if "/Kids" not in fields[name]:
            fields[name] = _parent_of(pdf, fields[name])
        _adopt(fields[name], field)
    form.Fields = pikepdf.Array(list(fields.values()))


def _add_field_font(pdf: Any, form: Any) -> None:
    """The form's own default resources, holding only FIELD_FONT (WeasyPrint points /DR at a
    page's resources: fonts added there would be on that page, and never embedded)."""
    import pikepdf

    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
        Encoding=pikepdf.Name.WinAnsiEncoding))
    form.DR = pikepdf.Dictionary(Font=pikepdf.Dictionary({FIELD_FONT: font}))


def _appearance(default: bytes) -> bytes:
    """A text field's default appearance with the form's font, at WeasyPrint's size."""
    size = _SIZE.search(default)
    return f"{FIELD_FONT} {size.group(1).decode() if size else '0'} Tf 0 g".encode("ascii")


def _parent_of(pdf: Any, widget: Any) -> Any:
    """A field that takes over the field attributes of `widget`, with it as its first kid."""
    import pikepdf

    parent = pdf.make_indirect(pikepdf.Dictionary())
    for key in FIELD_KEYS:
        if key in widget:
            parent[key] = widget[key]
            del widget[key]
    parent.Kids = pikepdf.Array([widget])
    widget.Parent = parent
    return parent


def _adopt(parent: Any, widget: Any) -> None:
    """Make `widget` another place of the field `parent` (its own field attributes go)."""
    for key in FIELD_KEYS:
        if key in widget:
            del widget[key]
    widget.Parent = parent
    parent.Kids.append(widget)
