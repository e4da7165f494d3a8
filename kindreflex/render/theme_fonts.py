"""The PDF's fonts: the font files of the theme's folders, and no font of the machine.

WeasyPrint finds fonts through fontconfig, which by default knows every font installed on the
machine and falls back to one of them for a character the CSS fonts lack. Then a PDF would
depend on the machine (and on fontconfig's preferences), which no input hash covers. Here the
renderer's fontconfig configuration starts empty and holds the theme's font files only (those
its CSS names with `@font-face` and any other an editor put in a theme folder, which serve as
fallbacks): every font that can reach a PDF is a theme file, hashed by `render.fingerprint`,
and a character none of them has is reported by `render.glyphs` (`text-glyph-missing`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from .theme import Theme

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")


def theme_fonts(theme: Theme) -> tuple[Path, ...]:
    """Every font file of the theme (all its folders), in a stable order."""
    return tuple(sorted(path for folder in theme.dirs for path in folder.rglob("*")
                        if path.suffix.lower() in FONT_SUFFIXES and path.is_file()))


@lru_cache(maxsize=1)
def _configuration_class() -> type[Any]:
    from weasyprint.text.ffi import ffi, fontconfig, pangoft2
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint declares the fontconfig functions it calls; an empty configuration is not one.
    ffi.cdef("FcConfig * FcConfigCreate (void);")

    class ThemeFontConfiguration(FontConfiguration):  # type: ignore[misc]
        """WeasyPrint's font configuration with the machine's fonts replaced by `fonts`."""

        def __init__(self, fonts: Sequence[Path]) -> None:
            super().__init__()
            config = fontconfig.FcConfigCreate()  # no configuration file, no font directory
            for path in fonts:
                fontconfig.FcConfigAppFontAddFile(config, str(path).encode())
            # The font map holds its own reference to the configuration it uses (and lets go
            # of the machine's); `_config` is where WeasyPrint adds the @font-face fonts.
            pangoft2.pango_fc_font_map_set_config(
                ffi.cast("PangoFcFontMap *", self.font_map), config)
            fontconfig.FcConfigDestroy(config)
            self._config = config

    return ThemeFontConfiguration


def font_configuration(theme: Theme) -> Any:
    """A WeasyPrint FontConfiguration that knows the theme's fonts and no other."""
    return _configuration_class()(theme_fonts(theme))
