"""Reading input files safely: regular files only, never more than a bound of bytes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

# What a path can be instead of a regular file, in words for the message.
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


# The kind of problem of a file over the bound; each reader reports it with its own code
# (yaml-too-large, org-file-too-large).
TOO_LARGE = "too-large"


class FileProblem(Exception):
    """A file that cannot be read as input; `code` is the message code to report."""

    def __init__(self, code: str, reason: str, hint: str = "") -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.hint = hint


# The byte-order marks of UTF-16, which Windows programs call "Unicode" (Notepad's "Unicode",
# Excel's "Unicode text"): such a file is not UTF-8 from its first byte.
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


# What to do about a file that is not UTF-8 (an organisations CSV says it in a spreadsheet's terms).
UTF8_HINT = "save the file as UTF-8 in your editor"


class NotUtf8(ValueError):
    """A file that is not UTF-8: where its first bad byte is, and a message naming it."""

    def __init__(self, line: int, column: int, byte: int, what: str = "") -> None:
        self.line, self.column, self.byte = line, column, byte
        self.what = what or f"is not valid UTF-8 (byte 0x{byte:02x})"  # said of "the file"
        self.reason = f"the file {self.what}"
        super().__init__(self.reason)


def utf8_text(raw: bytes) -> str:
    """The text of a file's bytes, read as UTF-8 without the byte-order mark an editor or a
    spreadsheet may put first; NotUtf8 at the first byte that is not UTF-8 (a file saved as
    Latin-1 or Windows-1252: "é" is the one byte 0xe9)."""
    if raw.startswith(UTF16_MARKS):
        raise NotUtf8(1, 1, raw[0], "is saved as UTF-16 (\"Unicode\"), not UTF-8")
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        before = raw[:error.start]
        start = before.rfind(b"\n") + 1
        column = len(before[start:].decode("utf-8", errors="replace")) + 1
        raise NotUtf8(before.count(b"\n") + 1, column, raw[error.start]) from None


def _kind(mode: int) -> str:
    for test, words in _KINDS:
        if test(mode):
            return words
    return "not a regular file"


def _not_regular(mode: int) -> FileProblem:
    return FileProblem("file-not-regular", f"this is {_kind(mode)}, not a regular file",
                       "give a regular file (a symbolic link must point at one)")


def is_regular_file(path: Path) -> bool:
    """True if `path` is (or links to) a regular file; never opens it."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; FileProblem otherwise.

    The type is checked before opening (opening a FIFO blocks, a device may do anything) and
    again on the open descriptor (the path may have been swapped in between). The size is not
    taken from `st_size`, which is 0 for /proc files and wrong for a growing file: at most
    `limit + 1` bytes are read, and one byte too many is an error.
    """
    try:
        before = path.stat()
        if not stat.S_ISREG(before.st_mode):
            raise _not_regular(before.st_mode)
        # O_NONBLOCK: should the path have become a FIFO after the check, open returns at once.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise FileProblem("file-unreadable",
                          f"cannot read the file: {error.strerror or error}") from None
    except ValueError as error:  # a NUL byte in the name
        raise FileProblem("file-unreadable", f"cannot read the file: {error}") from None
    try:
        after = os.fstat(fd)
        if not stat.S_ISREG(after.st_mode):
            raise _not_regular(after.st_mode)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise FileProblem("file-unreadable",
                          f"cannot read the file: {error.strerror or error}") from None
    finally:
        os.close(fd)
    if size > limit:
        raise FileProblem(TOO_LARGE, f"the file is larger than the limit of {limit} bytes",
                          "split the content or remove what is not needed")
    return b"".join(chunks)
