"""Framework versions and the version ranges overlays declare (`>=1.0, <2`), via `packaging`."""

from __future__ import annotations

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version


def version_matches(version: str, spec: str) -> bool:
    """True if `version` satisfies every comma-separated clause of `spec`; ValueError if bad."""
    # A clause without an operator ("1.2") means "== 1.2", as overlays have always written it.
    clauses = [c.strip() for c in str(spec).split(",")]
    written = ", ".join(c if c[:1] in "<>=!~" else f"=={c}" for c in clauses)
    try:
        specifiers = SpecifierSet(written)
        # Pre-releases of the framework (1.1.0-rc1) are versions editors mean to match too.
        return specifiers.contains(Version(str(version)), prereleases=True)
    except (InvalidSpecifier, InvalidVersion) as exc:
        raise ValueError(str(exc)) from exc
