"""Where the printed papers lead online: each paper's own web page once OUT is published
(`build --site-url`), and the warning for cards and posters that lead nowhere."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote, urlsplit

from ..errors import Issue, UsageError
from ..framework.model import Plan
from ..framework.project import Project
from ..framework.schema import load_schema
from ..layouts import LAYOUTS
from .file_names import build_output_name

CODE = "layout-no-online-address"


def check_site_url(site_url: str) -> None:
    """UsageError unless `site_url` is an http or https address of a folder (no query), as
    long at most as the framework's own `url` may be (its schema's `url`): every paper's
    address, with its file name, must fit in a QR code."""
    url = load_schema("framework")["$defs"]["url"]
    parts = urlsplit(site_url)
    if len(site_url) > url["maxLength"]:
        raise UsageError(f"--site-url is {len(site_url)} characters long: give an address of "
                         f"at most {url['maxLength']}, where the output folder is published")
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or parts.query \
            or parts.fragment or not re.match(url["pattern"], site_url):
        raise UsageError(f"--site-url {site_url!r}: give the http or https address where the "
                         "output folder is published, for example https://example.org/plans/")


def paper_url(site_url: str, lang: str, plan_id: str, layout: str) -> str:
    """The address of a paper's web page once OUT is published at `site_url`:
    `<site_url>/<lang>/<sector>[+<context>][-<layout>].html`. A layout made of another's
    pages (the card sheet) leads to that layout's page: its cards are that paper."""
    name = build_output_name(lang, plan_id, LAYOUTS[layout].copies or layout, "html")
    return site_url.rstrip("/") + "/" + quote(name, safe="/+")


def missing_address_warnings(project: Project, plans: Sequence[Plan],
                             layouts: Sequence[str], site_url: str | None) -> list[Issue]:
    """The `layout-no-online-address` warnings of a build: the card or poster of a plan without an
    online address is printed without its QR code. One warning at the title of each sector
    whose plans have none; one at the framework's title when no plan of the build has one
    (its `url` is where to set it for all)."""
    papers = [name for name in dict.fromkeys(layouts) if LAYOUTS[name].online]
    lacking = [plan for plan in plans if plan.online_url is None]
    if site_url or not papers or not lacking or project.framework is None:
        return []
    which = " and ".join(filter(None, (", ".join(papers[:-1]), papers[-1])))
    verb = "is" if len(papers) == 1 else "are"  # "their card is", "their card and poster are"
    site_hint = ("or build with --site-url BASE, the address where you publish the output "
                 "folder: each paper's QR code then leads to its own web page "
                 "(BASE/<lang>/<file>.html)")
    if len(lacking) == len(plans):
        doc = project.framework
        line, column = doc.position(("title",), key=True)
        return [Issue(doc.file, line, column, CODE,
                      f"the plans have no online address: their {which} {verb} printed without a "
                      "QR code to the plan online",
                      ("set 'url: https://…' here (every plan) or in a sector's file (its "
                       "plans): the address where the plans are online", site_hint),
                      "/url", severity="warning")]
    issues = []
    for sector in dict.fromkeys(plan.layer("sector").id for plan in lacking  # type: ignore[union-attr]
                                if plan.layer("sector") is not None):
        doc = project.overlay("sector", sector).doc
        line, column = doc.position(("title",), key=True)
        issues.append(Issue(doc.file, line, column, CODE,
                            f"the plans of the sector '{sector}' have no online address: its "
                            f"{which} {verb} printed without a QR code to the plan online",
                            ("set 'url: https://…' here: the address where this sector's "
                             "plans are online", site_hint),
                            "/url", severity="warning"))
    return issues
