"""Output file names: one function for builds, one for batches, unique by construction; the
links between a run's web pages.

A build writes `OUT/<lang>/<sector>[+<context>][-<layout>].<ext>`; a batch writes its own
namespace, `OUT/orgs/<lang>/<org-id>[-<layout>].<ext>`, which no build name can reach (a
language tag is never `orgs`); see docs/architecture.md, "Output files". Ids may not end in
a layout suffix (framework.file_safe_ids), so no two (id, layout) pairs give one name;
`check_unique` still checks every run's names before anything is rendered.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Sequence

from ..errors import UsageError
from ..layouts import DEFAULT_LAYOUT, LAYOUTS
from ..render.page_nav import LanguageLink, PageNav

BATCH_FOLDER = "orgs"
INDEX = "index.html"  # OUT/index.html: every plan a build left in OUT
# Files of OUT itself, never an output of a plan or an organisation.
RESERVED = frozenset({INDEX, "build-manifest.json", "manifest.json", "editions.json",
                      BATCH_FOLDER})


def build_output_name(lang: str, plan_id: str, layout: str, ext: str) -> str:
    """`<lang>/<sector>[+<context>][-<layout>].<ext>`, relative to OUT."""
    return f"{paper_name(lang, plan_id, layout)}.{ext}"


def paper_name(lang: str, plan_id: str, layout: str) -> str:
    """`<lang>/<sector>[+<context>][-<layout>]`: a build's paper (its HTML and PDF), as the
    edition log and `kindreflex changes` name it."""
    return f"{lang}/{plan_id}{LAYOUTS[layout].suffix}"


def batch_output_name(lang: str, org_id: str, ext: str, layout: str = DEFAULT_LAYOUT) -> str:
    """`orgs/<lang>/<org-id>[-<layout>].<ext>`, relative to OUT: the batch's own namespace."""
    return f"{BATCH_FOLDER}/{lang}/{org_id}{LAYOUTS[layout].suffix}.{ext}"


def build_page_nav(lang: str, plan_id: str, layout: str, languages: Sequence[str],
                   formats: Sequence[str]) -> PageNav | None:
    """The links of a build's web page (None: the run writes no web pages): its PDF when the
    run writes it, the page in each other language of the run, and OUT's index, which every
    build writes."""
    if "html" not in formats:
        return None
    return _page_nav(lambda other, ext: build_output_name(other, plan_id, layout, ext), lang,
                     languages, pdf="pdf" in formats, index=INDEX)


def batch_page_nav(lang: str, org_id: str, layout: str, languages: Sequence[str],
                   formats: Sequence[str]) -> PageNav | None:
    """The links of an organisation's web page (None: the run writes no web pages): its PDF
    and its page in each other language when the run writes them. No index: a batch writes
    none, and OUT's index lists the sector's plans, not the organisation's."""
    if "html" not in formats:
        return None
    return _page_nav(lambda other, ext: batch_output_name(other, org_id, ext, layout), lang,
                     languages, pdf="pdf" in formats, index=None)


def _page_nav(name_of: Callable[[str, str], str], lang: str, languages: Sequence[str], *,
              pdf: bool, index: str | None) -> PageNav:
    """The links of the web page `name_of(lang, "html")`, relative to its folder, so that
    they work wherever OUT is put (a web server, a USB stick)."""
    folder = posixpath.dirname(name_of(lang, "html"))

    def href(name: str) -> str:
        return posixpath.relpath(name, folder)

    return PageNav(
        pdf=href(name_of(lang, "pdf")) if pdf else None,
        languages=tuple(LanguageLink(other, href(name_of(other, "html")))
                        for other in dict.fromkeys(languages) if other != lang),
        index=href(index) if index else None)


def check_unique(names: Iterable[str], batch: bool = False) -> None:
    """UsageError if two outputs of one run would have the same name (also when only the
    case differs, as on Windows and macOS), or one would leave its namespace."""
    seen: set[str] = set()
    for name in names:
        in_batch_folder = name.startswith(BATCH_FOLDER + "/")
        if name in RESERVED or in_batch_folder != batch:
            raise UsageError(f"the output {name!r} would take a name kept for another kind of "
                             "file")
        folded = name.casefold()
        if folded in seen:
            raise UsageError(f"two outputs of this run would both be written to {name!r}; "
                             "give the sectors, contexts or organisations other ids")
        seen.add(folded)
