"""Step numbers come from one place and mean the same in titles, references, the contents, the
flowchart, bookmarks and the card; plus the other plan-wide details: the publisher as author,
conditions as "Only if …", decisions of route steps, placeholders keeping their casing."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from kindreflex.framework.model import Condition, Decision, Entry, Option, Plan, Step
from kindreflex.render import flowchart
from kindreflex.render.i18n import format_day, language_name
from kindreflex.render.interface_words import interface_words
from kindreflex.render.localizer import localizer_for
from kindreflex.render.pages import render_plan
from kindreflex.render.plan_view import PlanView
from kindreflex.render.theme import theme_for

from ..sample_plans import sample_plan, t

DAY = date(2026, 11, 28)


def view_of(plan: Plan, lang: str = "nl") -> PlanView:
    return PlanView(plan, localizer_for(plan, lang), interface_words(lang))


def html_of(plan: Plan, lang: str = "nl", layout: str = "handout") -> str:
    return render_plan(plan, lang, theme=theme_for(), day=DAY, layout=layout)


def with_steps(plan: Plan, **changes: dict[str, object]) -> Plan:
    """The plan with fields of some steps changed: with_steps(plan, acuut={"number": True})."""
    return replace(plan, steps=tuple(replace(s, **changes.get(s.id, {})) for s in plan.steps))


def circles(plan: Plan) -> list[str]:
    """The badges of the flowchart's step boxes, top to bottom."""
    chart = flowchart.chart(plan, view_of(plan))
    return [item.mark for item in chart.steps] if chart else []


def bookmarks(html: str) -> list[str]:
    return re.findall(r'data-bookmark="([^"]*)"', html)


def contents(html: str) -> list[str]:
    toc = html[html.index('<nav class="toc"'):html.index("</nav>")]
    return re.findall(r'<a href="#step-[^"]*">([^<]*)</a>', toc)


def chips(html: str) -> list[str]:
    return re.findall(r'<span class="glance-no"[^>]*>([^<]*)</span>', html)


def test_the_acute_step_has_no_number_by_default() -> None:
    plan = sample_plan()
    view = view_of(plan)
    assert [view.number(s) for s in plan.steps] == [None, 1, 2, 3]
    html = html_of(plan)
    assert contents(html) == ["Bij acuut gevaar", "Stap 1: Noteer wat je ziet en hoort",
                              "Stap 2: Overleg met verantwoordelijke", "Stap 3: Meld en volg op"]
    assert bookmarks(html)[:2] == ["Bij acuut gevaar – Is er acuut gevaar?",
                                   "Stap 1: Noteer wat je ziet en hoort"]
    assert '<span class="acute-title">Is er acuut gevaar?</span>' in html
    assert "Ga naar stap 1: Noteer wat je ziet en hoort" in html  # the acute step's "nee"
    assert circles(plan) == ["!", "1", "2", "3"]
    assert chips(html_of(plan, layout="card")) == ["!", "1", "2", "3"]


def test_number_true_numbers_the_acute_step_everywhere() -> None:
    plan = with_steps(sample_plan(), acuut={"number": True})
    html = html_of(plan)
    assert contents(html)[1:] == ["Stap 2: Noteer wat je ziet en hoort",
                                  "Stap 3: Overleg met verantwoordelijke",
                                  "Stap 4: Meld en volg op"]
    assert bookmarks(html)[0] == "Bij acuut gevaar – Stap 1: Is er acuut gevaar?"
    assert '<span class="acute-title">Stap 1: Is er acuut gevaar?</span>' in html
    assert "Ga naar stap 2: Noteer wat je ziet en hoort" in html
    assert circles(plan) == ["1", "2", "3", "4"]
    assert chips(html_of(plan, layout="card")) == ["1", "2", "3", "4"]


def test_number_false_leaves_a_step_out_of_the_count() -> None:
    plan = with_steps(sample_plan(), overleggen={"number": False})
    html = html_of(plan)
    assert contents(html)[1:] == ["Stap 1: Noteer wat je ziet en hoort",
                                  "Overleg met verantwoordelijke", "Stap 2: Meld en volg op"]
    section = html[html.index('id="step-overleggen"'):html.index('id="step-melden"')]
    assert "step-no" not in section
    assert "Ga naar stap 2: Meld en volg op" in html
    assert circles(plan) == ["!", "1", "", "2"]
    # A reference to an unnumbered step names it without a number.
    plan = with_steps(plan, noteren={"decisions": (Decision("d", t("Vraag?"), (
        Option("o", t("Terug"), "step:overleggen"),)),)})
    assert "Ga naar: Overleg met verantwoordelijke" in html_of(plan)


def test_contents_entries_are_numbered_once() -> None:
    # The list of contents does not number its entries: "Stap 1" is the entry's own number
    # ("4. Stap 1: …" before). Print already hid the list numbers; the screen does too now.
    html = html_of(sample_plan())
    css = html[html.index("<style>"):html.index("</style>")]
    assert re.search(r"\.toc ol \{[^}]*list-style: none", css)
    assert not re.search(r'<li><a href="#step-[^"]*">\d+\.', html)


def test_the_publisher_is_the_author() -> None:
    html = html_of(sample_plan())
    assert '<meta name="author" content="Voorbeeldbureau">' in html
    assert '<meta name="author" content="Example office">' in html_of(sample_plan(), "en")
    html = html_of(sample_plan(publisher=None))
    assert '<meta name="author"' not in html
    assert 'content="kindreflex"' not in html.replace(
        '<meta name="generator" content="kindreflex">', "")


def test_conditions_print_as_only_if() -> None:
    plan = sample_plan(conditions=(Condition("minderjarig", t(
        "het kind minderjarig is", "the child is a minor", "l'enfant est mineur")),))
    plan = with_steps(plan, noteren={
        "do": (Entry(t("Luister rustig.", "Listen calmly."), "luister", "minderjarig"),),
        "condition": "minderjarig"})
    assert "Luister rustig. <span class=\"only\">(Alleen als het kind minderjarig is)</span>" \
        in html_of(plan)
    assert "(Only if the child is a minor)" in html_of(plan, "en")
    assert "(Seulement si l'enfant est mineur)" in html_of(plan, "fr")
    section = html_of(plan)[html_of(plan).index('id="step-noteren"'):]
    assert section.index('class="only-step"') < section.index("Luister rustig.")


def test_route_step_decisions_are_drawn_with_their_targets() -> None:
    plan = sample_plan()
    route = plan.routes[0]
    first = replace(route.steps[0], decisions=(Decision("ernst", t("Is het ernstig?"), (
        Option("ja", t("Ja"), "contact:112"), Option("nee", t("Nee"), "next"))),))
    last = replace(route.steps[0], id="nazorg", title=t("Zorg voor nazorg"), decisions=())
    plan = replace(plan, routes=(replace(route, steps=(first, last)),))
    html = html_of(plan)
    assert 'id="route-collega-step-nazorg"' in html
    assert '<a href="#route-collega-step-nazorg">Ga verder met: Zorg voor nazorg</a>' in html
    assert 'aria-labelledby="dec-route-collega-step-directie-ernst"' in html
    assert "Contact: Noodnummer 112" in html


def test_placeholders_keep_the_casing_of_what_they_name() -> None:
    # Mid-sentence a name is printed exactly as written; only {Role:…} capitalises.
    plan = sample_plan(roles=(replace(sample_plan().roles[0],
                                      name=t("deskundige letselduiding")),
                              *sample_plan().roles[1:]))
    loc = localizer_for(plan, "nl")
    assert loc.plain(t("Bel een {role:medewerker}.")) == "Bel een deskundige letselduiding."
    assert loc.plain(t("{Role:medewerker} kijkt.")) == "Deskundige letselduiding kijkt."
    assert loc.plain(t("Bel {contact:vk}.")) == "Bel Vertrouwenscentrum Kindermishandeling."
    assert loc.plain(t("Zie {term:organisatie}.")) == "Zie de organisatie."
    assert loc.plain(t("{Term:organisatie} beslist.")) == "De organisatie beslist."


def test_a_step_with_all_defaults_is_numbered() -> None:
    assert Step("s", t("S")).numbered
    assert not Step("s", t("S"), acute=True).numbered
    assert Step("s", t("S"), acute=True, number=True).numbered
    assert not Step("s", t("S"), number=False).numbered


def test_regional_language_tags_use_their_language_for_words_and_dates() -> None:
    assert interface_words("nl-NL").gettext("Contents") == "Inhoud"
    assert interface_words("fr-BE").gettext("Contents") == "Sommaire"
    assert format_day("2026-11-28", "nl-NL") == "28 november 2026"
    assert language_name("nl-NL") == "Nederlands (Nederland)"
    assert language_name("en-GB") == "English (United Kingdom)"
    assert language_name("xx") == "xx"  # an unknown language is named by its tag
    plan = sample_plan(languages=("nl-NL",))
    html = render_plan(plan, "nl-NL", theme=theme_for(), day=DAY)
    assert html.startswith('<!DOCTYPE html>\n<html lang="nl-NL"')
    # The sample's texts are in nl: they serve nl-NL and are not marked as another language.
    assert "Stap 1: Noteer wat je ziet en hoort" in html and '<span lang="nl">' not in html
