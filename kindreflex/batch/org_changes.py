"""`kindreflex changes --orgs FILE`: which organisations' personalised papers to print again.

An organisation's paper (`batch`) is its sector's paper with the organisation's name and
contact person: it needs what the sector's paper needs (output.changes), and more when its
own row changed since REF: a new contact person or number, whom to tell instead or one of
its own numbers (`local_phones`) changes what a worker calls (reprint now), a new name or web
address only the wording (at the next print run). The rows at REF
are the organisations file at REF's commit, when REF is a git commit and the file is in the
repository; otherwise only the sector's changes are known.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ContentError, UsageError
from ..framework.project import load_project
from ..layouts import LAYOUTS
from ..output.changes import GONE, NEW, ChangesReport, ChangesRequest
from ..output.file_names import batch_output_name
from ..output.git_sources import file_at
from ..output.request import FORMATS
from ..render.reader_changes import NEXT_RUN, NOW, UNCHANGED
from .org_file import read_organisations
from .organisation import OrgRow

# The most a paper needs first: a reprint now outweighs one at the next print run.
NEEDS = (NOW, NEW, NEXT_RUN, UNCHANGED)


@dataclass(frozen=True)
class OrgChanges:
    """What one organisation's papers need, and why."""

    organisation: str
    status: str
    files: tuple[str, ...]
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """The organisation's entry of the report."""
        return {"organisation": self.organisation, "status": self.status,
                "files": list(self.files), "reasons": list(self.reasons)}


def add_organisations(report: ChangesReport, request: ChangesRequest, orgs: Path) -> None:
    """Add to `report` what the papers of each organisation of `orgs` need since REF."""
    if len(request.sectors) != 1:
        raise UsageError("--orgs needs the one sector its organisations belong to "
                         "(kindreflex changes SECTOR --orgs FILE --since REF)")
    sector = request.sectors[0]
    project = load_project(request.root)
    region = project.plan(sector, request.context).region
    now = _rows(orgs, str(orgs), region)
    then = _rows_at(orgs, report.commit, region) if report.commit else None
    plan_id = project.plan(sector, request.context).plan_id
    sector_needs = {(paper.paper.lang, paper.paper.layout): paper.status
                    for paper in report.papers if paper.paper.plan_id == plan_id}
    for org_id in sorted({*now, *(then or {})}):
        report.organisations.append(
            _org_changes(org_id, now.get(org_id), then, sector_needs).as_dict())


def _org_changes(org_id: str, row: OrgRow | None, then: dict[str, OrgRow] | None,
                 sector_needs: dict[tuple[str, str], str]) -> OrgChanges:
    papers = sorted(sector_needs, key=lambda key: (key[0], list(LAYOUTS).index(key[1])))
    files = tuple(batch_output_name(lang, org_id, fmt, layout)
                  for lang, layout in papers for fmt in FORMATS)
    if row is None:
        return OrgChanges(org_id, GONE, files, ("no longer in the organisations file",))
    if then is not None and org_id not in then:
        return OrgChanges(org_id, NEW, files, ("new in the organisations file",))
    reasons = [f"the sector's {layout} ({lang}): {need}"
               for (lang, layout), need in sorted(sector_needs.items()) if need != UNCHANGED]
    needs = list(sector_needs.values())
    old = then.get(org_id) if then is not None else None
    if old is not None and old.contacts != row.contacts:
        needs.append(NOW)
        reasons.append("its contact person or contacts changed (whom to tell)")
    if old is not None and old.alternative != row.alternative:
        needs.append(NOW)
        reasons.append("whom to tell instead changed")
    if old is not None and old.local_phones != row.local_phones:
        needs.append(NOW)
        reasons.append("its own numbers of the contacts that depend on the place changed")
    if old is not None and (old.name, old.url) != (row.name, row.url):
        needs.append(NEXT_RUN)
        reasons.append("its name or web address changed")
    status = next((need for need in NEEDS if need in needs), UNCHANGED)
    return OrgChanges(org_id, status, files, tuple(reasons))


def _rows(path: Path, label: str, region: str) -> dict[str, OrgRow]:
    rows, issues = read_organisations(path, label, region)
    if issues:
        raise ContentError(issues)
    return {row.id: row for row in rows}


def _rows_at(path: Path, commit: str, region: str) -> dict[str, OrgRow] | None:
    """The rows of `path` at `commit`; None if the file was not in the repository then."""
    data = file_at(path.resolve(), commit)
    if data is None:
        return None
    with tempfile.TemporaryDirectory(prefix="kindreflex-orgs-") as folder:
        copy = Path(folder) / path.name
        copy.write_bytes(data)
        return _rows(copy, f"{path} at {commit[:12]}", region)
