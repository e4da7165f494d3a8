"""OUT/editions.json: every paper's editions, the date of each and what changed for its reader.

The log is how a paper keeps its date (an edition's date is the day its content first had
its code, not the day of the build that printed it), what the online check and
`kindreflex changes` read, and what the built site publishes for tools. Per paper (one plan,
language and layout: `nl/sport-card`) it holds the current edition's reader lines (to compare
the next one with) and every edition so far, oldest first, each with its code, date, the
framework's version and its changes against the edition before. Runs into one OUT merge
their papers under OUT's lock, like the manifests.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from .. import __version__
from ..framework.files import FileProblem, read_bounded
from ..render.edition import Edition, PastEdition
from ..render.reader_changes import Change, changed_lines, reprint
from ..render.reader_text import ReaderLine
from .writer import OutputWriter

NAME = "editions.json"
FORMAT = 1
MAX_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Paper:
    """One paper's record: which plan, language and layout, its current reader lines, its
    editions (oldest first, the current last), and the hash of what its current edition was
    computed from (`source`: a rerun with the same inputs need not compute it again)."""

    lang: str
    plan: str
    layout: str
    source: str
    lines: tuple[ReaderLine, ...]
    editions: tuple[PastEdition, ...]
    versions: tuple[str, ...] = ()  # the framework's version of each edition

    @property
    def current(self) -> PastEdition:
        """The paper's current edition."""
        return self.editions[-1]

    def first_day(self, code: str) -> date | None:
        """The day the paper first had the edition `code`, if it ever had."""
        return next((past.day for past in self.editions if past.code == code), None)

    def since(self, code: str) -> list[PastEdition] | None:
        """The editions after the last time the paper was `code` (None: it never was)."""
        at = [index for index, past in enumerate(self.editions) if past.code == code]
        return list(self.editions[at[-1] + 1:]) if at else None

    def printed_as(self) -> Edition:
        """The edition the paper is printed as: its current one, with its history."""
        return Edition(self.current.code, self.current.day, self.editions)

    def updated(self, source: str, lines: tuple[ReaderLine, ...], code: str, today: date,
                version: str) -> Paper:
        """The record once the paper says `lines` (edition `code`): a new edition, dated the
        day the paper first had this code (else `today`), unless it is the current one."""
        if code == self.current.code:
            return replace(self, source=source, lines=lines)
        new = PastEdition(code, self.first_day(code) or today,
                          tuple(changed_lines(self.lines, lines)))
        return replace(self, source=source, lines=lines, editions=(*self.editions, new),
                       versions=(*_versions(self), version))


def first_record(lang: str, plan: str, layout: str, source: str,
                 lines: tuple[ReaderLine, ...], code: str, today: date, version: str) -> Paper:
    """The record of a paper built for the first time: its first edition is of `today`."""
    return Paper(lang, plan, layout, source, lines, (PastEdition(code, today),), (version,))


@dataclass
class EditionLog:
    """The papers of OUT's edition log, by paper name (`nl/sport-card`)."""

    papers: dict[str, Paper] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> EditionLog:
        """The log in `path`; an empty log if it is missing or unreadable (editions then
        start again: a code is the same, only its first date may be later)."""
        try:
            data = json.loads(read_bounded(path, MAX_BYTES).decode("utf-8"))
            if data.get("format") != FORMAT:
                return cls()
            return cls({name: _paper(record) for name, record in data["papers"].items()})
        except (FileProblem, UnicodeDecodeError, ValueError, TypeError, KeyError,
                AttributeError):
            return cls()

    def dump(self) -> bytes:
        """The log's bytes: sorted, so the same papers always give the same file; one paper
        a line, so a change of one paper is one line of a diff."""
        papers = ",\n".join(f"{json.dumps(name)}:{_compact(_plain(self.papers[name]))}"
                            for name in sorted(self.papers))
        head = _compact({"format": FORMAT, "tool": f"kindreflex {__version__}"})[:-1]
        return f'{head},"papers":{{\n{papers}\n}}}}\n'.encode()


def merge(writer: OutputWriter, updates: Mapping[str, Paper]) -> tuple[EditionLog, bool]:
    """OUT's log with `updates` applied to what is on disk now (call under OUT's lock: other
    runs' papers stay), written if that changed it; and True if it was written."""
    path = writer.target(NAME)
    log = EditionLog.read(path)
    before = log.dump()
    log.papers.update(updates)
    data = log.dump()
    if data == before and path.is_file():
        return log, False
    writer.write(NAME, data)
    return log, True


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _plain(paper: Paper) -> dict[str, Any]:
    return {
        "lang": paper.lang, "plan": paper.plan, "layout": paper.layout,
        "current": paper.current.code, "source": paper.source,
        "editions": [{"code": past.code, "date": past.day.isoformat(), "version": version,
                      "reprint": reprint(past.changes) if index else "",
                      "changes": [change.as_dict() for change in past.changes]}
                     for index, (past, version) in enumerate(zip(paper.editions,
                                                                 _versions(paper),
                                                                 strict=True))],
        "lines": [[line.kind, line.text, list(line.phones)] for line in paper.lines],
    }


def _versions(paper: Paper) -> tuple[str, ...]:
    """The version of each edition ("" where an edition has none recorded)."""
    return (*paper.versions, *[""] * (len(paper.editions) - len(paper.versions)))


def _paper(record: Mapping[str, Any]) -> Paper:
    editions = tuple(PastEdition(str(e["code"]), date.fromisoformat(str(e["date"])),
                                 tuple(Change.from_dict(c) for c in e.get("changes", ())))
                     for e in record["editions"])
    if not editions:
        raise ValueError("a paper without editions")
    return Paper(str(record["lang"]), str(record["plan"]), str(record["layout"]),
                 str(record.get("source", "")),
                 tuple(ReaderLine(str(kind), str(text), tuple(str(p) for p in phones))
                       for kind, text, phones in record.get("lines", ())),
                 editions, tuple(str(e.get("version", "")) for e in record["editions"]))
