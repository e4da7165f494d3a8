"""The handout as it was before issue 15, made from today's templates and content.

Issue 15 changed three things in the print HTML: the overview flowchart (SVG text laid out
letter by letter → HTML text in CSS boxes), the contents' page numbers (`leader(".")` dots
→ right-aligned numbers) and the bottom margin of the two-column lists of the contents and
the sources (on the list, which makes WeasyPrint lay out the columns twice → on the section
around it). "Before" is today's HTML with exactly those three things put back:
the chart between its `<!-- flowchart -->` markers is replaced by the SVG parts of the frozen
pre-change code (`flowchart_svg.py`, a copy of kindreflex/render/flowchart.py at baa8f45), and
the old CSS rules are appended to the style sheet (resetting every property today's rules
set on the same elements, so that later changes of those rules do not leak into "before").
Everything else (templates rewritten by other work, content edits) is the same on both
sides, so a before/after ratio measures this change alone. Rendering the HTML of commit
baa8f45 instead would mix in every later change of templates and content.
"""

from __future__ import annotations

import re
from datetime import date

from markupsafe import Markup

from kindreflex.framework.model import Plan
from kindreflex.render.interface_words import interface_words
from kindreflex.render.localizer import localizer_for
from kindreflex.render.pages import render_plan
from kindreflex.render.plan_view import PlanView
from kindreflex.render.theme import Theme

from . import flowchart_svg

CHART = re.compile(r"<!-- flowchart -->.*?<!-- /flowchart -->", re.DOTALL)
# The pre-change rules, appended last so they win over today's.
BEFORE_CSS = """
figure.flowchart-part { margin: 0.5em 0 1em; break-inside: avoid; page-break-inside: avoid; }
svg.flowchart { width: 100%; height: auto; max-width: 680px; display: block; max-height: 235mm; }
.overview { font-size: inherit; break-before: auto; }
.overview h2 { font-size: 1.35em; }
.toc ol { max-width: none; }
.toc a { display: inline; width: auto; }
.toc a::after { content: leader(".") target-counter(attr(href), page); display: inline;
                text-align: inherit; padding-left: 0; }
.toc ol, .sources ul { margin-bottom: 1em; }
.toc, .sources { margin-bottom: 0; }
"""


def svg_parts(plan: Plan, lang: str) -> list[Markup]:
    """The pre-change flowchart of `plan`: SVG parts, each a page at most."""
    words = interface_words(lang)
    view = PlanView(plan, localizer_for(plan, lang), words)
    return flowchart_svg.draw(plan, view, words.gettext)


def before_html(html: str, plan: Plan, lang: str) -> str:
    """Today's print HTML of `plan` with the pre-change flowchart and contents put back."""
    figures = "".join(f'<figure class="flowchart-part">{part}</figure>'
                      for part in svg_parts(plan, lang))
    html, found = CHART.subn(lambda _match: figures, html)
    if found != 1:
        raise ValueError(f"expected one flowchart between markers, found {found}")
    if "</style>" not in html:
        raise ValueError("no style sheet to append the pre-change rules to")
    return html.replace("</style>", BEFORE_CSS + "</style>", 1)


def before_and_after(plan: Plan, lang: str, theme: Theme, day: date) -> tuple[str, str]:
    """The print HTML of the handout before and after issue 15, same content and templates."""
    after = render_plan(plan, lang, theme=theme, day=day, medium="print")
    return before_html(after, plan, lang), after
