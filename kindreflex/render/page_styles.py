"""A page's style sheets parsed once per process: what every render with the same CSS shares.

WeasyPrint parses the `<style>` elements of every document it renders: tokenising the CSS,
compiling each selector, loading the `@font-face` fonts into a new font configuration. The
layouts' CSS is the same for every plan in one language, layout and type scale (a batch
renders it once per organisation), so that work is done once here and kept: the document's
`<style>` elements are handed to WeasyPrint as parsed style sheets, with the font
configuration that holds their fonts. WeasyPrint takes parsed sheets as the user's style
sheets: above its own defaults and below the page's `style` attributes, as the page's own
sheets were (the templates mark no `style` attribute `!important`, where the two would
differ), so the PDF is the same byte for byte (tests/render/test_page_styles.py).

The warnings WeasyPrint logs while parsing are kept with the sheets and given to each render
that uses them, so every render still reports its CSS problems. One cache per thread: the
preview server renders in threads, and WeasyPrint's font configuration is not shared safely.
"""

from __future__ import annotations

import logging
import multiprocessing.util
import os
import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import weasyprint_log
from .theme import Theme
from .theme_fonts import font_configuration, theme_fonts

# A `media` that matches no device: WeasyPrint then skips the element it parsed here.
PARSED_HERE = "kindreflex-parsed"
# An `@import` rule (CSS escapes aside, which no theme needs for it).
IMPORT = re.compile(r"@import\b", re.IGNORECASE)
# Sheets kept per thread: each layout and language at a type scale or two (a batch renders
# one layout in one language at a time; a build, every layout of one language in turn).
KEEP = 8


@dataclass(frozen=True)
class ParsedStyles:
    """The parsed style sheets of a page, the font configuration that holds their fonts,
    and what WeasyPrint warned about while parsing them."""

    font_config: Any  # weasyprint.text.fonts.FontConfiguration
    sheets: tuple[Any, ...]  # weasyprint.CSS, in document order
    warnings: tuple[logging.LogRecord, ...]


class _Cache:
    """One thread's parsed sheets in one process, the least recently used first."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.entries: OrderedDict[tuple[Any, ...], ParsedStyles] = OrderedDict()


_LOCAL = threading.local()
# Every thread's cache of this process, to empty at exit (weakly: a thread's goes with it).
_CACHES: weakref.WeakSet[_Cache] = weakref.WeakSet()
_cleanup_pid: int | None = None  # the process whose exit empties them


def _cache() -> _Cache:
    """This thread's cache in this process.

    A forked worker inherits its parent's caches and leaves them alone: their font
    configurations hold font files in temporary folders that are the parent's to remove.
    """
    global _cleanup_pid
    pid = os.getpid()
    caches: dict[int, _Cache] | None = getattr(_LOCAL, "caches", None)
    if caches is None:
        caches = _LOCAL.caches = {}
    if pid not in caches:
        caches[pid] = _Cache()
        _CACHES.add(caches[pid])
    if _cleanup_pid != pid:
        _cleanup_pid = pid
        # WeasyPrint removes a font configuration's folder when it is collected, which at
        # interpreter exit comes too late (its modules are gone): empty the caches first. A
        # pool's worker leaves through multiprocessing's exit function, not atexit.
        multiprocessing.util.Finalize(None, forget_all, exitpriority=0)
    return caches[pid]


def forget() -> None:
    """Drop this thread's parsed sheets: the next render parses (and fetches) its own."""
    _cache().entries.clear()


def forget_all() -> None:
    """Drop the parsed sheets of every thread of this process (not those a fork inherited)."""
    for cache in list(_CACHES):
        if cache.pid == os.getpid():
            cache.entries.clear()


def _fonts_present(font_config: Any) -> bool:
    """True if the font files a kept configuration wrote are still on disk. WeasyPrint keeps
    them in a temporary folder (`_folder`) that any process holding a copy of the object
    removes when it collects it (a forked child that exits through the interpreter); laid out
    with the folder gone, a PDF has fonts without their files and WeasyPrint fails."""
    folder = getattr(font_config, "_folder", None)
    return folder is None or Path(folder).is_dir()


def _font_files_key(fonts: Sequence[Path]) -> tuple[tuple[str, int, int], ...]:
    """The theme's font files as they are now: an added or changed font is another key."""
    key = []
    for path in fonts:
        stat = path.stat()
        key.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(key)


def page_styles(root: Any, theme: Theme, base_url: str, fetcher: Any) -> ParsedStyles:
    """The parsed sheets of the `<style>` elements of `root` (an lxml/ElementTree page),
    which are then marked for WeasyPrint to skip; parsed now or taken from this thread's
    cache, and their parse warnings logged again for the render in progress."""
    import weasyprint

    elements = [element for element in root.iter("style")
                if element.get("media", "all").strip() in ("", "all", "print")]
    # The element's own text, as WeasyPrint reads it (the text between its children).
    texts = tuple("".join([element.text or "", *(child.tail or "" for child in element)])
                  for element in elements)
    key = (texts, base_url, tuple(str(folder) for folder in theme.dirs),
           _font_files_key(theme_fonts(theme)))
    cache = _cache().entries
    found = cache.get(key)
    if found is not None and not _fonts_present(found.font_config):
        del cache[key]
        found = None
    if found is None:
        with weasyprint_log.captured() as records:
            font_config = font_configuration(theme)
            sheets = tuple(weasyprint.CSS(string=text, base_url=base_url, url_fetcher=fetcher,
                                          font_config=font_config) for text in texts)
        found = ParsedStyles(font_config, sheets, tuple(records))
        # A sheet that imports another depends on a file its text does not show: an editor
        # may change that file while the preview runs, so such sheets are parsed every time.
        if not any(IMPORT.search(text) for text in texts):
            cache[key] = found
            while len(cache) > KEEP:
                cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    for element in elements:
        element.set("media", PARSED_HERE)
    logger = logging.getLogger("weasyprint")
    for record in found.warnings:
        logger.handle(record)
    return found
