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
    accessible = f'<svg role="img" aria-label="{escape(label)}"' + svg[len("<svg") :]
    return Markup(accessible)
