"""Where a web page links to besides itself: its PDF, its other languages and the index."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LanguageLink:
    """The same page in another language: its language tag and its address."""

    lang: str
    href: str


@dataclass(frozen=True)
class PageNav:
    """The links at the top of a web page, each address relative to the page.

    Whoever writes the pages makes it (`output.file_names.build_page_nav`), knowing which
    files it writes: a link only ever leads to a file that is there. An empty PageNav shows
    nothing.
    """

    pdf: str | None = None
    languages: tuple[LanguageLink, ...] = ()
    index: str | None = None

    def __bool__(self) -> bool:
        return bool(self.pdf or self.languages or self.index)
