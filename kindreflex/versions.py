"""Framework versions and the version ranges overlays declare (`>=1.0, <2`)."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable

_CLAUSE = re.compile(r"^\s*(>=|<=|==|!=|>|<)?\s*(\d+(?:\.\d+){0,2})\s*$")
_OPERATORS: dict[str, Callable[[tuple[int, ...], tuple[int, ...]], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    "<": operator.lt,
}


def parse_version(text: str) -> tuple[int, int, int]:
    """`1.2` -> (1, 2, 0); ValueError if it is not a version."""
    parts = [int(p) for p in str(text).strip().split(".")]
    if not 1 <= len(parts) <= 3:
        raise ValueError(text)
    padded = [*parts, 0, 0][:3]
    return padded[0], padded[1], padded[2]


def version_matches(version: str, spec: str) -> bool:
    """True if `version` satisfies every comma-separated clause of `spec`; ValueError if bad."""
    current = parse_version(version)
    for clause in str(spec).split(","):
        match = _CLAUSE.match(clause)
        if match is None:
            raise ValueError(clause)
        op = match.group(1) or "=="
        if not _OPERATORS[op](current, parse_version(match.group(2))):
            return False
    return True
