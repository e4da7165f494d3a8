"""HTML rendering: structure, languages, template lookup, UI catalogs and the flowchart."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from markupsafe import Markup

from kindreflex.errors import ContentError, OutputError
from kindreflex.framework.project import load_project
from kindreflex.framework.texts import language_span_problems
from kindreflex.layouts import LAYOUTS
from kindreflex.render import edition_check, flowchart
from kindreflex.render.environment import css_string, page_counter_css, site, url_breaks
from kindreflex.render.fit_check import measure_html
from kindreflex.render.i18n import format_day
from kindreflex.render.interface_words import interface_words, shipped_catalogue
from kindreflex.render.localizer import inline_markdown, localizer_for, strip_markdown
from kindreflex.render.pages import render_plan
from kindreflex.render.plan_view import PlanView
from kindreflex.render.theme import default_templates_dir, theme_for

from ..helpers import REPO
from ..sample_plans import sample_plan, t

DAY = date(2026, 11, 28)
PACKAGE = Path(__file__).resolve().parents[2] / "kindreflex"


def render(lang: str = "nl", **kwargs: object) -> str:
    return render_plan(sample_plan(), lang, theme=theme_for(), day=DAY, **kwargs)  # type: ignore[arg-type]


def test_page_has_language_landmarks_and_skip_link() -> None:
    html = render("en")
    assert '<html lang="en"' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert 'class="skip-link" href="#main"' in html
    assert "<title>Handling framework for signals – After-school care</title>" in html


def test_acute_box_comes_first_and_steps_follow_in_order() -> None:
    html = render("nl")
    main = html[html.index("<main"):]
    assert main.index('class="acute"') < main.index('id="step-noteren"')
    positions = [main.index(f'id="step-{step}"') for step in ("noteren", "overleggen", "melden")]
    assert positions == sorted(positions)
    assert "Bij acuut gevaar" in main


def test_phones_are_tel_links_and_displayed_as_written() -> None:
    html = render("nl")
    assert 'href="tel:112"' in html
    assert 'href="tel:+3225489800">02 548 98 00</a>' in html


def test_decision_options_say_where_they_lead() -> None:
    html = render("nl")
    assert '<a href="#step-melden">Ga naar stap 3: Meld en volg op</a>' in html
    assert '<a href="#route-collega">Volg de route: Vermoeden tegen een collega</a>' in html
    assert "Einde van de procedure" in html


def test_placeholders_and_markdown_links_are_rendered() -> None:
    html = render("en")
    assert "Talk it over with the person in charge" in html
    assert '<a href="https://www.1712.be">1712</a>' in html


def test_fallback_text_is_marked_with_its_language() -> None:
    html = render("fr")  # the 'melden' goal/actions have no French text
    assert '<span lang="nl">Meld bij het Vertrouwenscentrum.</span>' in html


def test_ui_strings_follow_the_language() -> None:
    assert "Stap 2" in render("nl")
    assert "Step 2" in render("en")
    assert "Étape 2" in render("fr")


def test_dates_are_written_per_language() -> None:
    assert format_day(DAY, "nl") == "28 november 2026"
    assert format_day(DAY, "en") == "November 28, 2026"
    assert format_day("2026-11-28", "fr") == "28 novembre 2026"
    assert "Gemaakt op 28 november 2026" in render("nl")


def test_dates_follow_the_plans_region() -> None:
    """English for Belgium puts the day first; a tag's own region wins; an unknown pair
    falls back to the language alone."""
    assert format_day(DAY, "en", "BE") == "28 November 2026"
    assert format_day(DAY, "en", "US") == "November 28, 2026"
    assert format_day(DAY, "en", "ZZ") == "November 28, 2026"
    assert format_day(DAY, "nl", "NL") == "28 november 2026"
    assert format_day(DAY, "en-GB", "US") == "28 November 2026"
    assert "Made on 28 November 2026" in render("en")  # the sample plan is for Belgium


def test_qr_code_only_with_an_online_url() -> None:
    assert 'class="qr"' in render("nl")
    plain = render_plan(sample_plan(url=None), "nl", theme=theme_for(), day=DAY)
    assert 'class="qr"' not in plain


def test_card_layout_has_steps_acute_box_whom_to_tell_and_helplines() -> None:
    html = render("nl", layout="card")
    assert 'class="glance"' in html and 'class="acute"' in html
    assert "Aan wie vertel je het?" in html and "Hulplijnen" in html
    assert html.count('class="fill"') == 2  # name and phone, to fill in
    assert "1712" in html


def test_print_medium_embeds_fonts_by_file_url_and_page_counter() -> None:
    html = render("nl", medium="print")
    assert "file://" in html and "OpenSans-Regular.ttf" in html
    assert 'content: "Pagina " counter(page) " van " counter(pages)' in html


def test_screen_medium_is_self_contained() -> None:
    html = render("nl")
    assert "file://" not in html
    assert not re.search(r'(src|href)="(https?:)?//[^"]*\.(css|js|woff2?|ttf|png|svg)"', html)
    # The only scripts: the online check's data and its own script, inline (no request).
    assert re.findall(r"<script\b[^>]*>", html) == [
        '<script type="application/json" id="kr-editions">', "<script>"]
    assert f"<script>{edition_check.script()}</script>" in html


def test_css_string_escapes_quotes_and_markup() -> None:
    assert css_string('a"b</style>') == '"a\\22 b\\3c /style\\3e "'
    assert page_counter_css(interface_words("fr")) == (
        '"Page " counter(page) " sur " counter(pages)'
    )


def test_unknown_layout_is_an_output_error() -> None:
    with pytest.raises(OutputError, match="unknown layout"):
        render(layout="flyer")


def test_override_dir_wins_and_can_extend_the_default(tmp_path: Path) -> None:
    override = tmp_path / "override"
    override.mkdir()
    (override / "handout.html.j2").write_text(
        '{% extends "default/handout.html.j2" %}{% block title %}OVERRIDDEN{% endblock %}'
    )
    root = tmp_path / "root"
    (root / "templates").mkdir(parents=True)
    (root / "templates" / "card.html.j2").write_text("ROOT CARD {{ lang }}")
    theme = theme_for(root, override)
    assert theme.dirs == (override.resolve(), (root / "templates").resolve(),
                          default_templates_dir())
    html = render_plan(sample_plan(), "nl", theme=theme, day=DAY)
    assert "<title>OVERRIDDEN</title>" in html and 'class="acute"' in html
    assert render_plan(sample_plan(), "nl", theme=theme, day=DAY, layout="card") == "ROOT CARD nl"


def test_undefined_variable_in_a_template_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "handout.html.j2").write_text("line one\n{{ no_such_thing }}\n")
    with pytest.raises(ContentError, match="no_such_thing") as info:
        render_plan(sample_plan(), "nl", theme=theme_for(None, tmp_path), day=DAY)
    (issue,) = info.value.issues
    assert (issue.file, issue.line, issue.code) == (f"{tmp_path.name}/handout.html.j2", 2,
                                                    "template-error")


def test_template_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "handout.html.j2").write_text("ok\n{% if %}\n")
    with pytest.raises(ContentError) as info:
        render_plan(sample_plan(), "nl", theme=theme_for(None, tmp_path), day=DAY)
    assert info.value.issues[0].format_text().startswith(
        f"{tmp_path.name}/handout.html.j2:2:1: error[template-syntax]: ")


def _template_msgids() -> set[str]:
    from kindreflex.render.environment import environment

    env = environment(theme_for(), "en")
    ids: set[str] = set()
    for path in default_templates_dir().glob("*.j2"):
        for _line, _func, message in env.extract_translations(path.read_text()):
            ids.add(message if isinstance(message, str) else message[0])
    for module in sorted(PACKAGE.rglob("*.py")):  # every module: a new one is covered too
        with module.open("rb") as handle:
            for _line, message, _comments, _context in extract(
                "python", handle, keywords={"gettext": None, "gettext_html": None, "_": None,
                                            "ngettext": (1, 2), "raw_message": None}
            ):
                ids.add(message if isinstance(message, str) else message[0])
    return ids


@pytest.mark.parametrize("lang", ["nl", "en", "fr"])
def test_every_ui_string_is_translated(lang: str) -> None:
    with shipped_catalogue(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    wanted = _template_msgids()
    assert len(wanted) > 30
    missing = sorted(m for m in wanted if m not in catalog or not catalog[m].string)
    assert missing == []
    for message in catalog:
        if message.id and message.id in wanted:
            assert not message.fuzzy, message.id
            # Placeholders must survive translation, or formatting breaks at build time.
            assert sorted(re.findall(r"%\(\w+\)s", message.id)) == sorted(
                re.findall(r"%\(\w+\)s", str(message.string))
            ), message.id


def test_flowchart_wraps_long_text_inside_the_page() -> None:
    import weasyprint
    from weasyprint.formatting_structure import boxes

    long_title = "Een heel lange titel die zeker over meerdere regels moet lopen " * 3
    compound = "kinderbeschermingsvertrouwenscontactpersoonsfunctie"
    plan = sample_plan()
    steps = tuple(
        type(step)(**{**step.__dict__, "title": {"nl": f"{long_title} {compound}"}})
        for step in plan.steps
    )
    plan = sample_plan(steps=steps * 3)
    view = PlanView(plan, localizer_for(plan, "nl"), interface_words("nl"))
    chart = flowchart.chart(plan, view)
    assert chart is not None and len(chart.steps) == len(plan.steps)
    theme = theme_for()
    html = render_plan(plan, "nl", theme=theme, day=DAY, medium="print")
    document = weasyprint.HTML(string=html, base_url=theme.dirs[0].as_uri() + "/").render()
    seen = 0

    def inside(box: boxes.Box, left: float, right: float) -> None:
        # Every word stays inside the chart box it belongs to (step, question, answer).
        nonlocal seen
        classes = box.element.get("class", "") if box.element is not None else ""
        if box.element_tag in ("p", "span") and classes in ("fc-box", "fc-q", "fc-opt"):
            left, right = box.content_box_x(), box.content_box_x() + box.width
        if isinstance(box, boxes.TextBox) and classes.startswith("fc-"):
            seen += 1
            assert left - 0.5 <= box.position_x, box.text
            assert box.position_x + box.width <= right + 0.5, box.text
        for child in getattr(box, "children", ()):
            inside(child, left, right)

    for page in document.pages:
        root = page._page_box
        inside(root, root.content_box_x(), root.content_box_x() + root.width)
    assert seen > len(plan.steps)


def test_qr_code_prefers_the_organisation_url() -> None:
    from kindreflex.framework.model import Layer

    organisation = Layer("organisation", "speelberg", {"nl": "De Speelberg"}, "org.yaml",
                         url="https://speelberg.example/plan")
    plan = sample_plan(layers=(*sample_plan().layers, organisation))
    view = PlanView(plan, localizer_for(plan, "nl"), interface_words("nl"))
    assert view.online_url == "https://speelberg.example/plan"
    assert "speelberg.example/plan" in render_plan(plan, "nl", theme=theme_for(), day=DAY)
    unsafe = sample_plan(url="javascript:alert(1)")
    assert PlanView(unsafe, localizer_for(unsafe, "nl"), interface_words("nl")).online_url is None


def test_bundled_fonts_come_with_their_licence() -> None:
    fonts = default_templates_dir() / "fonts"
    assert {p.name for p in fonts.glob("*.ttf")} >= {
        "OpenSans-Regular.ttf", "OpenSans-Bold.ttf", "OpenSans-Italic.ttf"}
    assert "Apache License" in (fonts / "LICENSE-Apache-2.0.txt").read_text()
    assert "Open Sans" in (fonts / "COPYRIGHT-OpenSans.txt").read_text()


def test_rendering_and_building_do_not_import_weasyprint() -> None:
    import subprocess
    import sys

    code = ("import sys, kindreflex.output.build, kindreflex.render.pages, kindreflex.render.pdf; "
            "assert 'weasyprint' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PACKAGE.parent)


def test_contacts_show_their_language_and_the_card_keeps_the_readers_lines() -> None:
    from dataclasses import replace

    base = sample_plan()
    contacts = tuple(
        replace(c, languages=("nl",)) if c.id == "1712"
        else replace(c, languages=("fr",)) if c.id == "vk" else c
        for c in base.contacts)
    plan = sample_plan(contacts=contacts)
    dutch = PlanView(plan, localizer_for(plan, "nl"), interface_words("nl"))
    french = PlanView(plan, localizer_for(plan, "fr"), interface_words("fr"))
    one_seven = plan.contact("1712")
    assert dutch.language_note(one_seven) == "Taal: Nederlands"
    assert french.language_note(one_seven) == "Langue : néerlandais"
    assert dutch.language_note(plan.contact("112")) == ""
    assert [c.id for c in french.contacts(["1712", "vk"])] == ["vk", "1712"]
    dutch_keys = [c.id for c in dutch.key_contacts]
    french_keys = [c.id for c in french.key_contacts]
    # The reader's own steps name 1712: it stays in French too, after the French line and
    # marked with its language (docs/format.md, "Contacts and their languages").
    assert "1712" in dutch_keys and french_keys.index("vk") < french_keys.index("1712")
    assert french.language_mark(one_seven) == "en néerlandais"
    assert dutch.language_mark(one_seven) == ""
    assert "112" in french_keys  # urgent numbers stay whatever their language
    html = render_plan(plan, "fr", theme=theme_for(), day=DAY)
    assert '<span class="contact-lang">Langue\u202f: français</span>' in html


def test_a_helplines_name_in_the_language_it_answers_in_says_so() -> None:
    """A name written in every language as in the one the line answers in (the VK's Dutch
    name on a French card) is in that language: screen readers say it so, and it breaks at
    that language's syllables. A translated name, or a line that answers the reader, is the
    reader's."""
    base = sample_plan()
    dutch_name = t("Vertrouwenscentrum Kindermishandeling", "Vertrouwenscentrum "
                   "Kindermishandeling", "Vertrouwenscentrum Kindermishandeling")
    contacts = tuple(
        replace(c, languages=("nl",), name=dutch_name) if c.id == "vk"
        else replace(c, languages=("fr",), name=t("SOS Enfants", "SOS Enfants", "SOS Enfants"))
        if c.id == "1712" else replace(c, languages=("nl",)) if c.id == "101" else c
        for c in base.contacts)
    plan = sample_plan(contacts=contacts)
    views = {lang: PlanView(plan, localizer_for(plan, lang), interface_words(lang))
             for lang in ("nl", "fr", "en")}
    vk, sos, police = plan.contact("vk"), plan.contact("1712"), plan.contact("101")
    assert [views[lang].name_language(vk) for lang in ("nl", "fr", "en")] == [None, "nl", "nl"]
    assert [views[lang].name_language(sos) for lang in ("nl", "fr", "en")] == ["fr", None, "fr"]
    # Translated ("Police 101" is French and English for "Politie 101"): the reader's words.
    assert views["fr"].name_language(police) is None
    # A name a text puts in ({contact:vk}) is marked too, inside a link as well.
    asked = t("Bel {contact:vk}.", "Call {contact:vk}.", "Appelez le [{contact:vk}](https://vk.be).")
    assert views["fr"].loc.html(asked) == Markup(
        'Appelez le <a href="https://vk.be"><span lang="nl" class="lang-part">'
        'Vertrouwenscentrum Kindermishandeling</span></a>.')
    assert views["fr"].loc.plain(asked) == "Appelez le Vertrouwenscentrum Kindermishandeling."
    assert views["nl"].loc.html(asked) == Markup("Bel Vertrouwenscentrum Kindermishandeling.")
    # A name holding a bracket cannot be marked: it is printed as it is, never half a mark.
    odd = sample_plan(contacts=tuple(
        replace(c, name=t("VK [Gent]", "VK [Gent]", "VK [Gent]")) if c.id == "vk" else c
        for c in contacts))
    odd_view = PlanView(odd, localizer_for(odd, "fr"), interface_words("fr"))
    assert odd_view.loc.plain(asked) == "Appelez le VK [Gent]."
    card = render_plan(plan, "fr", theme=theme_for(), day=DAY, layout="card")
    assert '<span class="contact-name" lang="nl">Vertrouwenscentrum Kindermishandeling' in card
    assert '<span class="contact-name">Vertrouwenscentrum' not in card
    handout = render_plan(plan, "nl", theme=theme_for(), day=DAY)
    assert re.search(r'class="contact-name" lang="fr"[^>]*>SOS Enfants', handout), handout


def test_words_marked_as_another_language_are_in_it_and_nothing_else_gets_through() -> None:
    """`[Vlaams Meldpunt]{lang=nl}` in a French text: the words, in a span of their language,
    in the web page, in the PDF's tags and in plain text; a mark that names no language tag,
    or tries to add another attribute, stays text (validate reports it)."""
    french = "Signalez au [Vlaams Meldpunt *Grensoverschrijdend* Gedrag]{lang=nl}."
    assert inline_markdown(french) == ('Signalez au <span lang="nl" class="lang-part">Vlaams '
                                       'Meldpunt <em>Grensoverschrijdend</em> Gedrag</span>.')
    assert strip_markdown(french) == "Signalez au Vlaams Meldpunt Grensoverschrijdend Gedrag."
    assert inline_markdown("[x]{lang=sr-Latn-RS}") == \
        '<span lang="sr-Latn-RS" class="lang-part">x</span>'
    for hostile in ('[x]{lang=nl onclick=alert(1)}', '[x]{lang="nl"}', '[x]{lang=nl}{.evil}',
                    '[<script>alert(1)</script>]{lang=nl}', '[x]{lang=nl" onmouseover="a}'):
        html = inline_markdown(hostile)
        assert "<script" not in html and "onclick=" not in html.replace("onclick=alert", "") \
            and not re.search(r"<span[^>]*\s(?!lang=|class=\"lang-part\")\w+=", html), html
    assert language_span_problems("Le [VK]{lang=nl} et [x]{lang=NL} ou {lang=fr}") == [
        "'NL' in '{lang=NL}' is not a language tag", "'{lang=fr}' follows no words in brackets"]
    assert language_span_problems("[a]{lang=nl-BE} [b]{lang=pl-PL}") == []


def test_the_card_lists_the_lines_of_the_readers_own_steps_in_the_readers_language() -> None:
    """A pocket card holds the helplines named where the reader acts (steps, their questions,
    route steps), chosen by the plan's structure, not by id, in every language (the reader's
    own first); the handout keeps them all."""
    from dataclasses import replace

    from kindreflex.framework.model import Contact, RouteStep

    base = sample_plan()
    extra = (Contact("alleen-directie", t("Lijn van de directie"), phone="1712"),
             Contact("route-lijn", t("Lijn van een route"), phone="1712"),
             Contact("franse-lijn", t("Ligne", "Line", "Ligne"), phone="1712",
                     languages=("fr",)))
    steps = tuple(replace(s, contacts=(*s.contacts, "alleen-directie")) if s.id == "melden"
                  else replace(s, contacts=(*s.contacts, "franse-lijn"))
                  if s.id == "noteren" else s for s in base.steps)
    own = RouteStep("zelf", t("Bel zelf"), who=("medewerker",), contacts=("route-lijn",))
    routes = tuple(replace(r, steps=(*r.steps, own)) for r in base.routes)
    plan = sample_plan(contacts=(*base.contacts, *extra), steps=steps, routes=routes)
    dutch = PlanView(plan, localizer_for(plan, "nl"), interface_words("nl"))
    french = PlanView(plan, localizer_for(plan, "fr"), interface_words("fr"))
    assert [c.id for c in dutch.card_helplines] == ["1712", "vk", "route-lijn", "franse-lijn"]
    assert [c.id for c in french.card_helplines] == ["1712", "franse-lijn", "vk", "route-lijn"]
    assert "alleen-directie" in [c.id for c in dutch.key_contacts]  # the worker handout's list
    # The key to the language tags: each language once, named and tagged.
    assert str(french.language_key(french.card_helplines)) == (
        'Langue : français <span class="lang-tags">FR</span>')
    assert str(dutch.language_key(dutch.card_helplines[:1])) == ""
    assert str(dutch.language_key(dutch.card_helplines)) == (
        'Taal: Frans <span class="lang-tags">FR</span>')
    card = render_plan(plan, "fr", theme=theme_for(), day=DAY, layout="card")
    assert 'Langue\u202f: français <span class="lang-tags">FR</span>' in card
    assert "Lijn van de directie" not in card and "Lijn van een route" in card


def test_a_short_layout_writes_a_web_address_as_its_site() -> None:
    assert site("https://www.kindengezin.be/nl/professionelen/sector/vk") == "www.kindengezin.be"
    assert site("https://www.one.be") == "www.one.be"
    assert site("www.caw.be/contact") == "www.caw.be"


def test_a_web_address_breaks_after_a_slash_dot_or_hyphen_after_its_host_only() -> None:
    """Its host name (and an e-mail address) is one unbreakable piece; every other break
    point is a <wbr> (tests/test_reader_rules.py checks where printed addresses broke)."""
    whole = '<span class="url-whole">{}</span>'.format
    assert url_breaks("https://www.vertrouwenscentrum-kindermishandeling.be/") == whole(
        "www.vertrouwenscentrum-kindermishandeling.be")
    assert url_breaks("https://www.x-y.be/nl/over-ons.html?a=b-c&d=<e>") == (
        whole("www.x-y.be/") + "<wbr>nl/<wbr>over-<wbr>ons.<wbr>html?a=b-<wbr>c&amp;d=&lt;e&gt;")
    assert url_breaks("mailto:an.de-wit@club-x.be") == whole("an.de-wit@club-x.be")
    assert url_breaks("an.de-wit@club-x.be") == whole("an.de-wit@club-x.be")


def test_a_printed_web_address_breaks_at_zero_width_spaces_not_elements() -> None:
    """On paper the break points are U+200B, the character WeasyPrint puts in a <wbr>: the
    same break and text, without two styled boxes per break point (a fifth of a handout's
    layout time). The web page keeps <wbr>, which a copied address leaves out."""
    url = "https://www.x-y.be/nl/over-ons.html"
    assert url_breaks(url, medium="print") == url_breaks(url).replace("<wbr>", "\u200b")
    plan = load_project(REPO).plan("sport")
    printed = render_plan(plan, "nl", theme=theme_for(), day=DAY, medium="print")
    screen = render_plan(plan, "nl", theme=theme_for(), day=DAY, medium="screen")
    assert "<wbr>" not in printed and printed.count("\u200b") > 50
    assert "<wbr>" in screen


@pytest.mark.parametrize("url", ["https://" + "a" * 150 + ".be/hulp", "b" * 150 + "@club.be"])
def test_an_overlong_host_breaks_anywhere_and_stays_on_the_card(url: str) -> None:
    """A run of letters longer than any word is not kept whole (it would run off a card):
    it breaks anywhere, as an overlong word in any text does."""
    assert "url-whole" not in url_breaks(url)
    plan = load_project(REPO).plan("sport")
    field = "email" if "@" in url else "url"
    contacts = tuple(replace(contact, **{field: url}) if contact.url else contact
                     for contact in plan.contacts)
    for layout in ("card", "handout"):
        html = render_plan(replace(plan, contacts=contacts), "nl", theme=theme_for(REPO),
                           day=DAY, layout=layout, medium="print",
                           scale=min(LAYOUTS[layout].scales))
        assert measure_html(html, theme_for(REPO).dirs).off_paper == ()


@pytest.mark.parametrize("layout", ["handout", "worker", "card", "poster"])
def test_an_urgent_line_without_a_number_leaves_room_to_write_it_on_paper(layout: str) -> None:
    """A crisis line whose number differs per camp gets a line to write it on, in print only."""
    plan = load_project(REPO).plan("jeugdwerk", "lockdown")
    view = PlanView(plan, localizer_for(plan, "nl"), interface_words("nl"))
    unnumbered = [contact for contact in view.urgent_contacts if not contact.phone]
    assert unnumbered and len(unnumbered) < len(view.urgent_contacts)
    for medium, blanks in (("print", len(unnumbered)), ("screen", 0)):
        html = render_plan(plan, "nl", theme=theme_for(REPO), day=DAY, layout=layout,
                           medium=medium)
        assert html.count('class="tel-blank"') == blanks, medium
