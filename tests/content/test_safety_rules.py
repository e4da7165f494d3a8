"""Safety rules: advice the shipped plans must never give a worker, and advice whose absence
is the danger. Checked over the resolved text of every plan: each sector, with and without
each context, in every language of the framework. docs/domain.md ("Safety rules") lists them.

A *never* rule is a pattern per language that finds the advice in one clause of a text the
reader is told (principles, steps, routes, forms, what a contact is for; not the signals,
which describe what happens to a child). A clause that also says "not", "never" or "no" is
the warning against the advice, not the advice. An *always* rule is a set of patterns that
must all match one text the worker handout and the pocket card show.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import pytest

from kindreflex.framework.model import Decision, Plan, Text
from kindreflex.framework.project import Project, load_project
from kindreflex.render.interface_words import interface_words
from kindreflex.render.localizer import localizer_for
from kindreflex.render.plan_view import PlanView

from ..helpers import REPO

# Words that turn a clause into a warning against what it names.
NEGATION = {
    "nl": r"\b(niet|geen|nooit|niets|niemand)\b",
    "en": r"\b(not|never|no|nothing|nobody|don’t|don't)\b",
    "fr": r"(?<!\w)(ne|n[’']|pas|jamais|rien|aucune?|ni)(?!\w)",
}
CLAUSE_END = re.compile(r"(?<=[.!?;:])\s+")


@dataclass(frozen=True)
class Never:
    """Advice that must not appear: its pattern per language, found in one clause (or in the
    whole text with `whole_text`), unless the clause also matches `unless`."""

    id: str
    says: str
    patterns: Mapping[str, str]
    unless: Mapping[str, str] = field(default_factory=lambda: NEGATION)
    whole_text: bool = False


@dataclass(frozen=True)
class Always:
    """Advice that must appear: every pattern of the language matches one text of `where`."""

    id: str
    says: str
    parts: Mapping[str, tuple[str, ...]]
    where: str  # a key of PLACES


NEVER = (
    Never("own-copy-of-evidence",
          "Take screenshots of, forward or save a child's chat, photos or videos (the "
          "evidence stays on the child's or the parent's own device; the police secure it).",
          {"nl": r"schermafbeelding|screenshot|\bstuur\b[^.]*\bdoor\b|\bdoorsturen\b"
                 r"|\b(bewaar|kopieer|download)\b[^.]*\b(beelden|beeld|foto’s|foto's|foto"
                 r"|chat|gesprek|berichten)\b",
           "en": r"screen ?shots?|\bforward\b|\b(save|keep|copy|download)\b[^.]*\b(images?"
                 r"|photos?|pictures?|chats?|conversation|messages|videos?)\b",
           "fr": r"captures? d[’']écran|\btransf[ée]r\w*|\b(gardez|conservez|enregistrez|copiez"
                 r"|téléchargez)\b[^.]*\b(images?|photos?|chat|conversation|messages|vidéos?)\b"}),
    Never("confront-the-suspect",
          "Confront the person suspected, or question them about it.",
          {"nl": r"\bconfronteer\b|\bspreek\b[^.]*\b(dader|verdachte|persoon|collega|leider)\b"
                 r"[^.]*\baan\b",
           "en": r"\bconfront\b|\b(question|challenge|accuse)\b[^.]*\b(suspect|perpetrator"
                 r"|colleague|person)\b",
           "fr": r"\b(confrontez|interpellez|interrogez)\b"}),
    Never("promise-secrecy",
          "Promise the child to keep it secret or to tell no one.",
          {"nl": r"\bbeloof\b[^.]*\b(geheim|geheimhouding|niemand)\b",
           "en": r"\bpromise\b[^.]*\b(secret|secrecy|no one|nobody|not to tell)\b",
           "fr": r"\bprome(ttez|ts)\b[^.]*\b(secret|personne)\b"}),
    Never("investigate-yourself",
          "Investigate yourself: interrogate the child, look for proof, start your own "
          "inquiry.",
          {"nl": r"\bonderzoek\b[^.]*\bzelf\b|\beigen onderzoek\b|\bverhoor\b|\bzoek\b[^.]*"
                 r"\bbewijs\b",
           "en": r"\binvestigat\w*\b[^.]*\byourself\b|\bown investigation\b|\binterrogat\w*"
                 r"|\b(look|search) for (proof|evidence)\b",
           "fr": r"\benqu[êe]t\w*\b[^.]*\bvous-même\b|\bpropre enquête\b|\binterrogatoire\b"
                 r"|\bcherchez des preuves\b"}),
    Never("photograph-the-child",
          "Photograph a child's injuries or body.",
          {"nl": r"\b(maak|neem)\b[^.]*\bfoto\w*\b[^.]*\b(letsel\w*|lichaam|blauwe plek\w*)\b",
           "en": r"\b(take|make)\b[^.]*\b(photos?|pictures?)\b[^.]*\b(injur\w*|body|bruises?)\b",
           "fr": r"\bphotographiez\b|\bprenez\b[^.]*\bphotos?\b[^.]*\b(blessures?|corps)\b"}),
    Never("discretion-as-a-ban",
          "Keep what you know inside the organisation, without saying that those who must "
          "help (the VK, the police) are the exception: read as a ban on calling them.",
          {"nl": r"discretieplicht.*\bbuiten\b", "en": r"duty of discretion.*\b(outside|within)\b",
           "fr": r"devoir de discrétion.*\b(en dehors|reste dans)\b"},
          unless={"nl": r"\bbehalve\b", "en": r"\bexcept\b", "fr": r"\bsauf\b"},
          whole_text=True),
)

ALWAYS = (
    Always("parent-suspect-ask-the-vk-first",
           "A parent or someone at home is suspected, or it is about sexual abuse: do not talk "
           "with the parents, ask the VK first. In the main flow: the question about the "
           "parents in the worker handout, and what to do when a child tells you something on "
           "the card.",
           {"nl": (r"\bouder\b", r"\bthuis\b", r"\bseksueel misbruik\b", r"\bVK\b",
                   r"\bniet met de ouders\b"),
            "en": (r"\bparent\b", r"\bat home\b", r"\bsexual abuse\b", r"\bVK\b",
                   r"\bnot talk (to|with) the parents\b"),
            "fr": (r"\bparent\b", r"\bfoyer\b", r"\babus sexuels?\b", r"\bVK\b",
                   r"\bne parlez pas aux parents\b")},
           where="card"),
    Always("parent-suspect-in-the-parents-question",
           "The same rule as an answer to the question whether to talk with the parents, in a "
           "step the worker handout shows in full.",
           {"nl": (r"\bouder\b", r"\bthuis\b", r"\bseksueel misbruik\b", r"\bVK\b"),
            "en": (r"\bparent\b", r"\bat home\b", r"\bsexual abuse\b", r"\bVK\b"),
            "fr": (r"\bparent\b", r"\bfoyer\b", r"\babus sexuels?\b", r"\bVK\b")},
           where="worker-decisions"),
    Always("sextortion-evidence-stays-with-the-child",
           "Where a plan tells what to do about sextortion: the messages stay on the child's or "
           "the parent's own phone, and the police secure them.",
           {"nl": (r"\btoestel\b|\bgsm\b", r"\bpolitie\b"),
            "en": (r"\bphone\b|\bdevice\b", r"\bpolice\b"),
            "fr": (r"\btéléphone\b|\bappareil\b", r"\bpolice\b")},
           where="sextortion-evidence"),
)


# --- what the plans say --------------------------------------------------------------------

PROJECT = load_project(REPO)


def plans(project: Project) -> Iterator[tuple[str, Plan]]:
    """Every plan a build makes: each sector alone and with each context."""
    for sector in project.sector_ids or [None]:
        for context in (None, *project.context_ids):
            name = "+".join(part for part in (sector, context) if part) or "framework"
            yield name, project.plan(sector, context)


def advice(plan: Plan) -> Iterator[tuple[str, Text]]:
    """(place, text) for every text that tells the reader what to do."""
    for principle in plan.principles:
        yield f"principle:{principle.id}", principle.title
        if principle.text:
            yield f"principle:{principle.id}", principle.text
    for step in plan.steps:
        place = f"step:{step.id}"
        yield from ((place, t) for t in (step.title, step.goal, step.record) if t)
        yield from ((f"{place}/action:{a.id}", a.text) for a in step.actions)
        yield from ((place, entry) for entry in (*step.do, *step.dont))
        yield from decision_texts(place, step.decisions)
    for route in plan.routes:
        yield from ((f"route:{route.id}", t) for t in (route.title, route.when) if t)
        for route_step in route.steps:
            place = f"route:{route.id}/step:{route_step.id}"
            yield from ((place, t) for t in (route_step.title, route_step.text) if t)
            yield from decision_texts(place, route_step.decisions)
    yield from ((f"form:{f.id}", f.intro) for f in plan.forms if f.intro)
    yield from ((f"contact:{c.id}", c.when) for c in plan.contacts if c.when)


def decision_texts(place: str, decisions: tuple[Decision, ...]) -> Iterator[tuple[str, Text]]:
    """(place, text) for each question and each of its answers."""
    for decision in decisions:
        yield f"{place}/decision:{decision.id}", decision.question
        for option in decision.options:
            yield f"{place}/option:{option.id}", option.label


def view(plan: Plan, lang: str) -> PlanView:
    """What the reader's layouts show of `plan` (the same choices the templates use)."""
    return PlanView(plan, localizer_for(plan, lang), interface_words(lang))


def card_texts(plan: Plan) -> list[Text]:
    """What the card (and page 1 of the worker handout) says to do when a child tells you."""
    shown = view(plan, plan.languages[0])
    return [*shown.disclosure_do, *shown.disclosure_dont]


def worker_decision_texts(plan: Plan) -> list[Text]:
    """The answers to the questions of the steps the worker handout shows in full."""
    shown = view(plan, plan.languages[0])
    return [option.label for entry in shown.worker_steps if entry.full
            for decision in entry.step.decisions for option in decision.options]


def sextortion_evidence_texts(plan: Plan) -> list[Text] | None:
    """The route steps about evidence in a plan that tells what to do about sextortion."""
    routes = [r for r in plan.routes if r.id == "sextortion"]
    if not routes:
        return None  # the rule does not apply
    return [s.text for r in routes for s in r.steps if s.text and re.search(
        r"bewijs|evidence|preuve", " ".join(s.title.values()), re.I)]


PLACES: dict[str, Callable[[Plan], list[Text] | None]] = {
    "card": card_texts,
    "worker-decisions": worker_decision_texts,
    "sextortion-evidence": sextortion_evidence_texts,
}


# --- the checks ----------------------------------------------------------------------------

def finds(rule: Never, lang: str, text: str) -> bool:
    """True if `rule` finds its advice in `text` (as never_violations reads it)."""
    units = [text] if rule.whole_text else CLAUSE_END.split(text)
    return any(re.search(rule.patterns[lang], unit, re.I)
               and not re.search(rule.unless[lang], unit, re.I) for unit in units)


def never_violations(project: Project) -> list[str]:
    """Every clause of every plan that gives advice a `Never` rule forbids."""
    found = []
    for name, plan in plans(project):
        for lang in plan.languages:
            plain = localizer_for(plan, lang).plain
            base = lang.split("-")[0]
            for place, text in advice(plan):
                resolved = plain(text)
                found += [f"{name} ({lang}) {place}: [{rule.id}] {resolved}"
                          for rule in NEVER if base in rule.patterns
                          and finds(rule, base, resolved)]
    return found


def always_violations(project: Project) -> list[str]:
    """Every plan and language where an `Always` rule finds no text that says it."""
    missing = []
    for name, plan in plans(project):
        for rule in ALWAYS:
            texts = PLACES[rule.where](plan)
            if texts is None:
                continue
            for lang in plan.languages:
                plain = localizer_for(plan, lang).plain
                parts = rule.parts[lang.split("-")[0]]
                if not any(all(re.search(p, plain(t), re.I) for p in parts) for t in texts):
                    missing.append(f"{name} ({lang}): [{rule.id}] not said")
    return missing


def test_the_plans_never_give_forbidden_advice() -> None:
    """No plan, in no language, gives advice a never rule forbids."""
    found = never_violations(PROJECT)
    assert not found, "\n".join(found)


def test_the_plans_always_carry_the_advice_whose_absence_is_the_danger() -> None:
    """Every plan, in every language, says what the always rules require, where they say."""
    missing = always_violations(PROJECT)
    assert not missing, "\n".join(missing)


# Each never rule written as advice (found) and as the warning against it (not found).
EXAMPLES = {
    "own-copy-of-evidence": ("nl", "Maak schermafbeeldingen van het gesprek.",
                             "Maak zelf geen schermafbeeldingen."),
    "confront-the-suspect": ("en", "Confront the colleague.", "Do not confront the colleague."),
    "promise-secrecy": ("fr", "Promettez le secret.", "Ne promettez pas le secret."),
    "investigate-yourself": ("nl", "Onderzoek het zelf.", "Onderzoek niet zelf."),
    "photograph-the-child": ("en", "Take photos of the injuries.",
                             "Do not take photos of the injuries."),
    "discretion-as-a-ban": ("fr", "Les bénévoles ont un devoir de discrétion : ce que vous "
                            "savez reste dans l’organisation.",
                            "Les bénévoles ont un devoir de discrétion : rien en dehors de "
                            "l’organisation, sauf à ceux qui doivent aider."),
}


@pytest.mark.parametrize("rule", NEVER, ids=lambda r: r.id)
def test_each_never_rule_finds_its_advice_and_lets_the_warning_pass(rule: Never) -> None:
    """The patterns are not dead: written as advice they are found, as a warning they pass."""
    lang, advised, warned = EXAMPLES[rule.id]
    assert finds(rule, lang, advised)
    assert not finds(rule, lang, warned)


def test_every_rule_is_listed_in_docs_domain() -> None:
    """docs/domain.md ("Safety rules") names every rule this module checks."""
    document = (REPO / "docs" / "domain.md").read_text(encoding="utf-8")
    for rule in (*NEVER, *ALWAYS):
        assert f"`{rule.id}`" in document, rule.id
