"""Output file names: one function for builds, one for batches, unique by construction.

A build writes `OUT/<lang>/<sector>[+<context>][-<layout>].<ext>`; a batch writes its own
namespace, `OUT/orgs/<lang>/<org-id>[-<layout>].<ext>`, which no build name can reach (a
language tag is never `orgs`); see docs/architecture.md, "Output files". Ids may not end in
a layout suffix (framework.file_safe_ids), so no two (id, layout) pairs give one name;
`check_unique` still checks every run's names before anything is rendered.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import UsageError
from ..layouts import DEFAULT_LAYOUT, LAYOUTS

BATCH_FOLDER = "orgs"
# Files of OUT itself, never an output of a plan or an organisation.
RESERVED = frozenset({"index.html", "build-manifest.json", "manifest.json", "editions.json",
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
