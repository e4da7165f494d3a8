"""The suite's dear module fixtures are made once: under `make test` (`--dist loadgroup`)
every test of an `xdist_group` runs on one worker. pytest-xdist marks such a test by a suffix
of its node id; a pytest that ignores it (9.2: pytest-xdist issue 1386) silently spreads the
group over both workers, and each builds the fixture again."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.xdist_group("grouping-check")


def test_a_grouped_test_carries_its_group(request: pytest.FixtureRequest) -> None:
    # Set on an xdist worker when the run distributes by group; absent without xdist.
    by_group = bool(getattr(request.config.option, "loadgroup", False))
    assert not by_group or request.node.nodeid.endswith("@grouping-check"), \
        request.node.nodeid
