"""The claims register of the shipped content: complete, all sourced, and in docs/domain.md.

`scripts/claims_register.py` writes the table into docs/domain.md (so does
KINDREFLEX_UPDATE_GOLDEN=1 here) after a deliberate change of claims or contacts; review the
diff.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from datetime import date, timedelta
from types import ModuleType

from kindreflex.framework.project import load_project

from ..helpers import REPO


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "claims_register", REPO / "scripts" / "claims_register.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


REGISTER = _script()
DOMAIN = REPO / "docs" / "domain.md"
ROWS = REGISTER.claims_register(load_project(REPO))


def test_docs_domain_carries_the_current_register() -> None:
    table = REGISTER.register_markdown(ROWS)
    document = DOMAIN.read_text(encoding="utf-8")
    if os.environ.get("KINDREFLEX_UPDATE_GOLDEN"):
        document = REGISTER.replace_register(document, table)
        DOMAIN.write_text(document, encoding="utf-8")
    start, end = REGISTER.START, REGISTER.END
    assert start in document and end in document
    written = document[document.index(start):document.index(end) + len(end)] + "\n"
    assert written == table, "run .venv/bin/python scripts/claims_register.py"


def test_every_claim_and_contact_has_a_source_checked_this_year() -> None:
    assert len(ROWS) >= 40
    unsourced = [f"{r.file}: {r.about}" for r in ROWS if not r.sourced]
    assert unsourced == []
    for row in ROWS:
        assert row.url.startswith(("https://", "http://")), row
        assert date.fromisoformat(row.checked) > date(2026, 11, 29) - timedelta(days=365), row


def test_the_register_covers_each_kind_and_the_facts_the_fact_check_named() -> None:
    kinds = {row.kind for row in ROWS}
    assert kinds == {"contact", "legal", "duty", "fact"}
    about = {(row.file.rsplit("/", 1)[-1], row.about) for row in ROWS}
    for expected in [
        ("handelingskader.yaml", "step:melden"),                 # art. 458bis
        ("handelingskader.yaml", "principle:veiligheid-eerst"),  # art. 422bis
        ("handelingskader.yaml", "principle:discreet"),          # discretieplicht
        ("handelingskader.yaml", "step:overleggen"),             # 1712 first for citizens
        ("handelingskader.yaml", "contact:zsg"),
        ("handelingskader.yaml", "contact:ecoute-103"),
        ("handelingskader.yaml", "contact:sos-enfants"),
        ("buitenschoolse-opvang.yaml", "route:medewerker/step:opgroeien"),  # reporting duty
        ("buitenschoolse-opvang.yaml", "contact:opgroeien"),     # not for a home concern
        ("jeugdwerk.yaml", "contact:crisislijn"),                # summer camps
        ("sport.yaml", "role:api"),                              # federations since 2021
        ("sport.yaml", "role:verantwoordelijke"),                # club API not required
        ("cultuur.yaml", "step:overleggen/action:academie"),     # DKO
    ]:
        assert expected in about, expected
