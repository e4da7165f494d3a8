"""A QR code to the online version of a plan, as inline SVG."""

from __future__ import annotations

import segno
from markupsafe import Markup, escape


def qr_svg(url: str, label: str) -> Markup:
    """An accessible inline SVG QR code that scales with its box (black on white)."""
    code = segno.make(url, error="m")
    # omitsize + viewBox: the CSS decides the printed size, so it stays scannable.
    svg: str = code.svg_inline(
        scale=1,
        border=2,
        dark="#000",
        light="#fff",
        omitsize=True,
        svgclass="qr",
        lineclass=None,
    )
    # The name says where the code leads (WCAG 1.1.1); the <title> carries it into the PDF
    # as the figure's /Alt. Brackets, not a colon: French puts a space before a colon.
    name = escape(f"{label} ({url})")
    start, rest = svg.split(">", 1)
    accessible = f'<svg role="img" aria-label="{name}"{start[len("<svg"):]}><title>{name}</title>'
    return Markup(accessible + rest)
