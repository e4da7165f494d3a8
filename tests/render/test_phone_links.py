"""Phone numbers in body texts are tel: links on the web page, never inside another link,
never in a copy that carries no links, never on paper."""

from __future__ import annotations

import re
from datetime import date

from markupsafe import Markup

from kindreflex.framework.project import load_project
from kindreflex.render.pages import render_plan
from kindreflex.render.phone_links import link_phones
from kindreflex.render.theme import theme_for

from ..helpers import TESTS

DAY = date(2026, 11, 28)
OTHER_REGION = TESTS / "projects" / "stappenplan-nl"


def test_a_number_in_a_text_becomes_a_link() -> None:
    linked = link_phones(Markup("Twijfel je? <strong>Bel 1712</strong>."), "BE", ("1712",))
    assert linked == 'Twijfel je? <strong>Bel <a class="tel" href="tel:1712">1712</a></strong>.'


def test_a_number_inside_a_link_stays_as_it_is() -> None:
    text = Markup('<a href="https://www.1712.be">bel 1712</a> of bel 1712')
    assert link_phones(text, "BE", ("1712",)) == (
        '<a href="https://www.1712.be">bel 1712</a> of bel <a class="tel" href="tel:1712">'
        '1712</a>')


def test_a_text_without_a_number_keeps_its_bytes() -> None:
    text = Markup("Zeg: &#39;Ik ga hulp vragen&#39; &amp; luister. Stap 3, 2024.")
    assert str(link_phones(text, "BE", ("112", "1712"))) == str(text)


def test_what_is_escaped_stays_escaped() -> None:
    text = Markup("&lt;script&gt; &quot;bel 112&quot;")
    assert link_phones(text, "BE", ("112",)) == (
        '&lt;script&gt; &#34;bel <a class="tel" href="tel:112">112</a>&#34;')


def test_step_texts_link_their_numbers_on_screen_only() -> None:
    plan = load_project(OTHER_REGION).plan("kinderopvang")
    theme = theme_for(OTHER_REGION)
    screen = render_plan(plan, "nl", theme=theme, day=DAY, layout="worker")
    paper = render_plan(plan, "nl", theme=theme, day=DAY, layout="worker", medium="print")
    # The action "Vraag advies aan Veilig Thuis: bel 0800-2000." of the Dutch framework.
    assert 'bel <a class="tel" href="tel:+318002000">0800-2000</a>.' in screen
    assert "bel 0800-2000." in paper
    assert not re.search(r"bel <a [^>]*>0800-2000", paper)


def test_the_card_sheets_copies_carry_no_links() -> None:
    # Copies after the first are hidden from screen readers: a link in them could still take
    # the keyboard's focus.
    plan = load_project(OTHER_REGION).plan("kinderopvang")
    page = render_plan(plan, "nl", theme=theme_for(OTHER_REGION), day=DAY, layout="card-sheet")
    copies = re.findall(r'<section class="card-face[^"]*" aria-hidden="true">(.*?)</section>\s*'
                        r'</div>', page, re.DOTALL)
    assert len(copies) >= 3
    assert all("<a " not in copy for copy in copies)
    # The first copy's action "Bel 112." is a link.
    first = re.search(r'<section class="card-face card-front" aria-labelledby="card-h0">(.*?)'
                      r'</section>\s*</div>', page, re.DOTALL)
    assert first is not None
    assert re.search(r'Bel <a class="tel" href="tel:112">112</a>\.', first.group(1))
