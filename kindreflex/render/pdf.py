"""HTML to PDF with WeasyPrint (imported lazily): laid out, measured, written; theme files only."""

from __future__ import annotations

import gc
import hashlib
import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import Issue, OutputError
from . import pdf_forms, pdf_tags, weasyprint_log
from .css_warnings import render_issues
from .page_styles import page_styles
from .theme import Theme

# PDF/UA-1 works with WeasyPrint 70 and the bundled TrueType fonts (see tests/test_pdf.py).
PDF_VARIANT = "pdf/ua-1"


class AssetRefused(OutputError):
    """A document asked for a resource outside the theme's asset folders."""


def allowed_path(url: str, asset_dirs: Sequence[Path]) -> Path:
    """The local file `url` names, if it lies inside one of `asset_dirs`; else AssetRefused."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise AssetRefused(f"refused to fetch {url!r}: only files of the template theme are used")
    path = Path(unquote(parts.path)).resolve()
    missing = None
    for folder in asset_dirs:
        if path.is_relative_to(folder.resolve()):
            if path.is_file():
                return path
            missing = path.relative_to(folder.resolve()).as_posix()
    if missing is not None:
        raise AssetRefused(f"the theme file '{missing}' was not found in the template folders")
    raise AssetRefused(
        f"refused to read '{path}': it is outside the template folders "
        f"({', '.join(str(d) for d in asset_dirs)})"
    )


@lru_cache(maxsize=1)
def _fetcher_class() -> type[Any]:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class Refused(FatalURLFetchingError):  # type: ignore[misc]
        """Stops rendering: a refused asset is a template bug, not a missing picture."""

    class AssetFetcher(URLFetcher):  # type: ignore[misc]
        """Serves files under the theme's folders and `data:` URIs; refuses everything else."""

        def __init__(self, asset_dirs: Sequence[Path]) -> None:
            super().__init__(allowed_protocols=("file", "data"), fail_on_errors=True)
            self.asset_dirs = tuple(asset_dirs)
            self.refused: list[str] = []
            self.served: list[Path] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                # Inline data reads nothing from disk or network.
                return super().fetch(url, headers)
            try:
                path = allowed_path(url, self.asset_dirs)
            except AssetRefused as exc:
                self.refused.append(url)
                raise Refused(str(exc)) from exc
            self.served.append(path)
            return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={})

    AssetFetcher.Refused = Refused  # type: ignore[attr-defined]
    return AssetFetcher


def make_fetcher(asset_dirs: Sequence[Path]) -> Any:
    """A WeasyPrint URL fetcher limited to `asset_dirs`."""
    return _fetcher_class()(asset_dirs)


def pdf_identifier(html: str) -> bytes:
    """A stable file identifier: the same HTML always gives the same PDF /ID."""
    return hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")


@contextmanager
def _refused_is_output_error() -> Iterator[None]:
    """A refused asset (the fetcher stops WeasyPrint) as the AssetRefused saying why."""
    from weasyprint.urls import FatalURLFetchingError

    try:
        yield
    except FatalURLFetchingError as exc:
        cause = exc.__cause__
        reason = str(cause.__cause__ or cause) if cause is not None else str(exc)
        # Its message quotes what was asked for: render.css_warnings finds the theme line.
        raise AssetRefused(f"PDF not made: {reason}") from exc


# The PDF options of every PDF kindreflex writes; WeasyPrint reads them when it lays out too.
# `pdf_forms`: inputs that keep `appearance: auto` become form fields (render.pdf_forms).
def _options(html: str) -> dict[str, Any]:
    return {"pdf_variant": PDF_VARIANT, "pdf_identifier": pdf_identifier(html),
            "pdf_forms": True}


@dataclass
class LaidOut:
    """A page laid out by WeasyPrint: its pages and anchors, and the PDF written on demand.

    `document.pages` (each with its `anchors`) is what the fit is measured from, so a layout
    that fits is laid out once and written once. `warnings` holds WeasyPrint's warnings as
    located `template-css` / `template-render` issues (render.css_warnings).
    """

    html: str
    document: Any  # weasyprint.document.Document
    theme: Theme
    template: str  # the page's template as messages name it (where unplaced warnings go)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        """How many pages it has."""
        return len(self.document.pages)

    def pdf(self, *, duplex: bool = False) -> bytes:
        """The PDF: tagged, reproducible, with the PDF/UA fixes of pdf_tags and its form
        fields ready to type in (pdf_forms); `duplex` asks the print dialog for both sides,
        flipped on the long edge, and no scaling."""
        with _refused_is_output_error(), weasyprint_log.captured() as records:
            pdf: bytes = self.document.write_pdf(**_options(self.html))
        self.warnings += render_issues(records, self.html, self.theme, self.template)
        return finish_pdf(pdf, duplex=duplex)


def finish_pdf(data: bytes, *, duplex: bool = False) -> bytes:
    """WeasyPrint's PDF with the PDF/UA fixes of pdf_tags, its form fields ready to type in
    (pdf_forms) and, for `duplex`, the print preferences of ask_duplex; read and written once;
    the same input gives the same bytes."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf_tags.finish_tags(pdf)
        pdf_forms.finish_forms(pdf)
        if duplex:
            ask_duplex(pdf)
        out = io.BytesIO()
        pdf_tags.save(pdf, out)
    return out.getvalue()


def ask_duplex(pdf: Any) -> None:
    """Viewer preferences for a sheet printed on both sides, set on an open pikepdf PDF:
    duplex flipped on the long edge and no fit-to-page scaling (a card sheet's backs must land
    behind their fronts, at the size of the crop marks). Print dialogs take them as defaults."""
    import pikepdf

    preferences = pdf.Root.get("/ViewerPreferences", pikepdf.Dictionary())
    preferences.Duplex = pikepdf.Name.DuplexFlipLongEdge
    preferences.PrintScaling = pikepdf.Name("/None")
    pdf.Root.ViewerPreferences = preferences


# A layout makes millions of small objects (boxes, styles, text runs) that live until its page
# is written and hold few cycles; at CPython's default first-generation threshold (700) the
# collector scans the young ones thousands of times per page: a tenth of a handout's CPU.
# Raised once for the process; the older generations still run, so nothing is kept for ever.
LAYOUT_GC_THRESHOLD = 50_000


def collect_garbage_less() -> None:
    """Raise the collector's first threshold to LAYOUT_GC_THRESHOLD (never lowers it)."""
    first, second, third = gc.get_threshold()
    if 0 < first < LAYOUT_GC_THRESHOLD:
        gc.set_threshold(LAYOUT_GC_THRESHOLD, second, third)


def lay_out(html: str, asset_dirs: Sequence[Path], *, template: str = "") -> LaidOut:
    """Lay out print HTML with WeasyPrint (assets from `asset_dirs` only), not yet a PDF."""
    import weasyprint

    collect_garbage_less()
    cache_page_references()
    pdf_tags.tag_languages()
    theme = Theme(tuple(asset_dirs))
    fetcher = make_fetcher(asset_dirs)
    base = asset_dirs[0].resolve().as_uri() + "/"
    with _refused_is_output_error(), weasyprint_log.captured() as records:
        source = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
        # WeasyPrint's tags need help to pass a PDF/UA check: see pdf_tags.
        pdf_tags.name_figures(source.etree_element)
        styles = page_styles(source.etree_element, theme, base, fetcher)
        document = source.render(font_config=styles.font_config,
                                 stylesheets=list(styles.sheets), **_options(html))
    where = template or theme.label(theme.dirs[0])
    return LaidOut(html, document, theme, where, render_issues(records, html, theme, where))


def html_to_pdf(html: str, asset_dirs: Sequence[Path], *,
                warn: Callable[[Issue], None] | None = None) -> bytes:
    """Render HTML to PDF bytes (tagged, reproducible, assets from `asset_dirs` only);
    `warn` hears WeasyPrint's warnings (else they are dropped)."""
    laid = lay_out(html, asset_dirs)
    pdf = laid.pdf()
    if warn is not None:
        for issue in laid.warnings:
            warn(issue)
    return pdf


# --- Compatibility shim: pydyf's `PDF.page_references` (remove when pydyf caches it) -------
# pydyf <= 0.13 rebuilds the tuple of all page references on every read of the property, and
# WeasyPrint's PDF/UA tagging reads it once per structure element, so tagging grows with
# pages × elements: quadratic in the length of a plan. The replacement keeps the tuple on the
# PDF object and rebuilds it only when /Kids changed length (pydyf only ever appends pages).
# Report for upstream: docs/upstream-pydyf-page-references.md. Versions outside the range are
# left alone; tests/render/test_render_cost.py then shows whether long plans still pay.
PYDYF_UNCACHED = "<=0.13.0"
_CACHE_KEY = "_kindreflex_page_references"


def _cached_page_references(pdf: Any) -> tuple[bytes, ...]:
    kids = pdf.pages["Kids"]
    key = (id(kids), len(kids))
    cached = pdf.__dict__.get(_CACHE_KEY)
    if cached is None or cached[0] != key:
        refs = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
        cached = pdf.__dict__[_CACHE_KEY] = (key, refs)
    return cached[1]  # type: ignore[no-any-return]


def pydyf_needs_cache(version: str) -> bool:
    """Whether this pydyf version is one known to rebuild `page_references` on every read."""
    from packaging.specifiers import SpecifierSet

    return version in SpecifierSet(PYDYF_UNCACHED)


def cache_page_references() -> bool:
    """Make `pydyf.PDF.page_references` cached if this pydyf needs it; True when in place."""
    import pydyf

    current = pydyf.PDF.__dict__.get("page_references")
    if isinstance(current, property) and current.fget is _cached_page_references:
        return True
    if not pydyf_needs_cache(pydyf.__version__) or not isinstance(current, property):
        return False
    pydyf.PDF.page_references = property(_cached_page_references, doc=current.__doc__)
    return True
