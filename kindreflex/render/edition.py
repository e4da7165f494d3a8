"""Editions: a short code for what the reader of a paper sees, and the date it first did.

The code is computed from the paper's reader lines (render.reader_text) as its print page
shows them with the date, the edition itself and the framework's version and date withheld
(`pages.edition_source`): the same text and numbers give the same code on any machine, on any
day and with any number of jobs; the bytes, the fonts or the type size do not count. It is 6
characters of Crockford's base32 (no I, L, O or U, which read as 1 and 0), shown as
`7KQ2-M4`. Which date goes with a code is kept by the build in OUT's edition log
(output.edition_log): the day the paper first had this content.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .reader_changes import Change
from .reader_text import ReaderLine

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 6  # 30 bits: a few editions per paper never meet; a typo is seen at once
# A code as people may type it: any case, with or without the dash; I and L are 1, O is 0.
_TYPED = re.compile(r"[^0-9A-Z]")


def edition_code(lines: Sequence[ReaderLine]) -> str:
    """The edition code of a paper with these reader lines (`7KQ2-M4`)."""
    text = json.dumps([[line.kind, line.text] for line in lines], ensure_ascii=False,
                      separators=(",", ":"))
    number = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
    digits = "".join(CROCKFORD[(number >> (5 * i)) & 31] for i in range(CODE_LENGTH))
    return f"{digits[:4]}-{digits[4:]}"


def typed_code(text: str) -> str:
    """An edition code as someone typed it, written the way codes are printed (`7kq2m4` →
    `7KQ2-M4`); what is not a code comes back changed but never matches one."""
    plain = _TYPED.sub("", text.upper().replace("I", "1").replace("L", "1").replace("O", "0"))
    return f"{plain[:4]}-{plain[4:]}" if len(plain) > 4 else plain


@dataclass(frozen=True)
class PastEdition:
    """One edition of a paper: its code, its date and what changed for the reader since the
    edition before it (nothing for the first)."""

    code: str
    day: date
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Edition:
    """The edition a paper is printed as: its code, the date it first had that content, and
    its editions so far (oldest first, this one last) for the page's online check."""

    code: str
    day: date
    history: tuple[PastEdition, ...] = ()

    def editions(self) -> tuple[PastEdition, ...]:
        """The history, ending with this edition (a history not yet written holds it alone)."""
        if self.history and self.history[-1].code == self.code:
            return self.history
        return (*self.history, PastEdition(self.code, self.day))


# The page computing a paper's edition prints neither the date nor the edition: these stand
# in for them, so that they never count in the code.
SOURCE_DAY = date(2000, 1, 1)
WITHHELD = Edition("", SOURCE_DAY)
