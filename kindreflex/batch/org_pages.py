"""HTML of personalised handouts: organisation pages, the shared part, or both in one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..errors import OutputError
from ..framework.model import Plan
from ..layouts import DEFAULT_LAYOUT, LAYOUTS
from ..render import qr
from ..render.edition import Edition
from ..render.environment import render_template
from ..render.fallback_marks import language_spans
from ..render.interface_words import interface_words
from ..render.page_nav import PageNav
from ..render.pages import plan_context
from ..render.theme import Theme
from .organisation import OrgContact

PARTS = ("organisations", "shared", "full")
# The organisation pages of one organisation: a cover with its name, contacts and QR code.
ORGANISATION_PAGES = 1
# Printable ASCII, Latin-1 and Latin Extended-A, plus the ligatures HarfBuzz forms: what
# organisation names, people's names and addresses in Latin script use.
GLYPHS = "".join(
    chr(code) for code in [*range(0x21, 0x7F), *range(0xA1, 0x180)] if code != 0xAD
) + " fi fl ff ffi ffl"


@dataclass(frozen=True)
class OrgView:
    """What the organisation pages show of one organisation."""

    id: str
    name: str
    contacts: tuple[OrgContact, ...]
    url: str | None = None
    qr: Markup | None = None


def org_view(org_id: str, name: str, contacts: Sequence[OrgContact], url: str | None,
             lang: str, theme: Theme) -> OrgView:
    """An OrgView with its QR code drawn (labelled in `lang`, in the theme's words)."""
    label = interface_words(lang, theme).gettext("QR code to the online version")
    code = qr.qr_svg(url, label) if url else None
    return OrgView(org_id, name, tuple(contacts), url, code)


def render_organisation_html(
    part: str,
    plan: Plan,
    lang: str,
    organisations: Sequence[OrgView],
    *,
    theme: Theme,
    edition: Edition,
    layout: str = DEFAULT_LAYOUT,
    medium: str = "print",
    nav: PageNav | None = None,
) -> str:
    """The print HTML of one part of a personalised plan in `layout`, by the layout's
    organisation template (templates/organisation.html.j2 for the handout). Every part
    prints `edition`: the shared part's, which the running footer carries on every page."""
    spec = LAYOUTS[layout]
    with_layout = part != "organisations"
    if part not in PARTS or (medium == "screen" and part != "full") \
            or spec.organisation_template is None:
        raise OutputError(f"cannot render the part {part!r} of the {layout} for the {medium}")
    # The same context `render_plan` gives the layout this template extends, plus the
    # organisations' own pages.
    def context() -> dict[str, Any]:
        return {
            **plan_context(plan, lang, theme=theme, edition=edition, layout=layout,
                           medium=medium, with_flowchart=with_layout and spec.flowchart,
                           nav=nav),
            "part": part,
            "organisations": list(organisations),
            "organisation_page_count": ORGANISATION_PAGES,
            "glyphs": GLYPHS,
        }

    interface_words(lang, theme)  # compiled here: a theme's own render runs in a child
    return language_spans(render_template(theme, lang, spec.organisation_template, context,
                                          plan.plan_id))
