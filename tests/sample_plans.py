"""A rich hand-built `Plan` for render, PDF and build tests (imported, not a conftest)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kindreflex.framework.model import (
    Action,
    Contact,
    Decision,
    Entry,
    Form,
    FormField,
    Layer,
    Option,
    Plan,
    Principle,
    Role,
    Route,
    RouteStep,
    Signal,
    Source,
    Step,
)


def t(nl: str, en: str | None = None, fr: str | None = None) -> dict[str, str]:
    """A localized text; missing languages fall back to Dutch."""
    text = {"nl": nl}
    if en is not None:
        text["en"] = en
    if fr is not None:
        text["fr"] = fr
    return text


def entry(nl: str, en: str | None = None, fr: str | None = None) -> Entry:
    """A text of a list (do, don't, examples), as the framework's files give it."""
    return Entry(t(nl, en, fr))


ROLES = (
    Role("medewerker", t("begeleider", "carer", "accompagnateur")),
    Role("verantwoordelijke", t("verantwoordelijke", "person in charge", "responsable")),
    Role("directie", t("directie", "management", "direction")),
)

CONTACTS = (
    Contact(
        "112",
        t("Noodnummer 112", "Emergency number 112", "Numéro d'urgence 112"),
        phone="112",
        when=t("acuut gevaar voor leven of gezondheid", "acute danger to life or health",
               "danger aigu pour la vie ou la santé"),
        hours=t("dag en nacht", "day and night", "jour et nuit"),
        urgent=True,
    ),
    Contact(
        "101",
        t("Politie 101", "Police 101", "Police 101"),
        phone="101",
        when=t("een misdrijf is bezig", "a crime is happening", "un délit est en cours"),
        hours=t("dag en nacht", "day and night", "jour et nuit"),
        urgent=True,
    ),
    Contact(
        "1712",
        t("1712", "1712", "1712"),
        phone="1712",
        url="https://www.1712.be",
        when=t("advies bij vermoeden van geweld", "advice on suspected violence",
               "conseil en cas de suspicion de violence"),
        hours=t("werkdagen 9-17 u", "weekdays 9am-5pm", "jours ouvrables 9-17 h"),
        audience=("professional", "child", "parent"),
    ),
    Contact(
        "vk",
        t("Vertrouwenscentrum Kindermishandeling", "Child Abuse Confidential Centre",
          "Centre de confiance"),
        phone="+3225489800",
        url="https://www.vertrouwenscentrum.be",
        email="info@example.org",
        when=t("overleg over een zorgwekkende situatie", "to discuss a worrying situation"),
    ),
)

STEPS = (
    Step(
        "acuut",
        t("Is er acuut gevaar?", "Is there acute danger?", "Y a-t-il un danger aigu ?"),
        goal=t("Het kind is veilig.", "The child is safe.", "L'enfant est en sécurité."),
        acute=True,
        who=("medewerker",),
        actions=(
            Action("bel-112", t("Bel **{phone:112}** bij gevaar voor leven.",
                                "Call **{phone:112}** if a life is in danger.",
                                "Appelez le **{phone:112}** si une vie est en danger.")),
            Action("blijf", t("Blijf bij het kind.", "Stay with the child.",
                              "Restez avec l'enfant.")),
        ),
        contacts=("112", "101"),
        decisions=(
            Decision(
                "gevaar",
                t("Is er nu gevaar?", "Is there danger now?", "Y a-t-il un danger maintenant ?"),
                acute=True,
                options=(
                    Option("ja", t("Ja", "Yes", "Oui"), "contact:112"),
                    Option("nee", t("Nee", "No", "Non"), "step:noteren"),
                ),
            ),
        ),
    ),
    Step(
        "noteren",
        t("Noteer wat je ziet en hoort", "Write down what you see and hear",
          "Notez ce que vous voyez et entendez"),
        goal=t("Feiten vastleggen, zonder te interpreteren.",
               "Record facts without interpreting them."),
        who=("medewerker",),
        actions=(
            Action("noteer", t("Noteer letterlijk wat het kind zegt.",
                               "Write down literally what the child says.",
                               "Notez mot pour mot ce que dit l'enfant.")),
            Action("datum", t("Zet er datum en uur bij.", "Add the date and time.",
                              "Ajoutez la date et l'heure.")),
        ),
        record=t("Wat, wanneer, wie was erbij.", "What, when, who was there.",
                 "Quoi, quand, qui était là."),
        do=(entry("Luister rustig.", "Listen calmly.", "Écoutez calmement."),),
        dont=(entry("Beloof geen geheimhouding.", "Do not promise secrecy.",
                "Ne promettez pas le secret."),),
        contacts=("1712",),
    ),
    Step(
        "overleggen",
        t("Overleg met {role:verantwoordelijke}", "Talk it over with the {role:verantwoordelijke}",
          "Concertez-vous avec le {role:verantwoordelijke}"),
        goal=t("Samen de zorg wegen.", "Weigh the concern together."),
        who=("medewerker", "verantwoordelijke"),
        actions=(
            Action("bespreek", t("Bespreek je notities, zie [1712](https://www.1712.be).",
                                 "Discuss your notes, see [1712](https://www.1712.be).")),
        ),
        do=(entry("Vraag advies bij {contact:1712}.", "Ask {contact:1712} for advice."),),
        dont=(entry("Onderzoek niet zelf.", "Do not investigate yourself."),),
        contacts=("1712", "vk"),
        decisions=(
            Decision(
                "ernst",
                t("Is de zorg ernstig?", "Is the concern serious?",
                  "La préoccupation est-elle grave ?"),
                options=(
                    Option("ja", t("Ja", "Yes", "Oui"), "step:melden"),
                    Option("personeel", t("Het gaat om een collega", "It concerns a colleague",
                                          "Cela concerne un collègue"), "route:collega"),
                    Option("advies", t("Twijfel", "In doubt", "Doute"), "contact:1712"),
                    Option("nee", t("Nee, afsluiten", "No, close", "Non, clôturer"), "end"),
                ),
            ),
        ),
    ),
    Step(
        "melden",
        t("Meld en volg op", "Report and follow up", "Signalez et suivez"),
        who=("verantwoordelijke", "directie"),
        actions=(Action("meld", t("Meld bij het Vertrouwenscentrum.",
                                  "Report to the Confidential Centre.")),),
        contacts=("vk",),
    ),
)

ROUTES = (
    Route(
        "collega",
        t("Vermoeden tegen een collega", "Suspicion against a colleague",
          "Soupçon envers un collègue"),
        when=t("Als de zorg over een medewerker gaat.",
               "When the concern is about a staff member."),
        steps=(
            RouteStep("directie",
                      t("Meld aan de directie", "Tell management", "Informez la direction"),
                      text=t("Niet aan de collega zelf.", "Not to the colleague."),
                      who=("directie",), contacts=("1712",)),
        ),
    ),
)

FORMS = (
    Form(
        "observatie",
        t("Observatieverslag", "Observation record", "Fiche d'observation"),
        intro=t("Schrijf feiten op, geen meningen.", "Write facts, not opinions."),
        fields=(
            FormField("datum", t("Datum en uur", "Date and time", "Date et heure"), lines=1),
            FormField("wat", t("Wat zag of hoorde je?", "What did you see or hear?"), lines=8),
            FormField("wie", t("Wie was erbij?", "Who was there?"), lines=3),
        ),
    ),
)


def sample_plan(**changes: Any) -> Plan:
    """A plan with every feature the templates draw; `changes` replace fields."""
    plan = Plan(
        framework_id="handelingskader",
        version="1.2.0",
        date="2026-11-01",
        languages=("nl", "en", "fr"),
        title=t("Handelingskader signalen", "Handling framework for signals",
                "Cadre d'action signaux"),
        subtitle=t("Wat doe je bij een zorg over een kind?",
                   "What to do when worried about a child?"),
        status=t("Voorstel, gebouwd op de bronnen.", "A proposal built on the sources.",
                 "Une proposition fondée sur les sources."),
        url="https://example.org/plan",
        publisher=t("Voorbeeldbureau", "Example office", "Bureau exemple"),
        sources=(Source("Meldcode", "https://example.org/meldcode"),),
        params={"organisatie-naam": "De Speelberg"},
        terms={"organisatie": t("de organisatie", "the organisation")},
        roles=ROLES,
        contacts=CONTACTS,
        signals=(
            Signal("online", t("Online signalen", "Online signals", "Signaux en ligne"),
                   description=t("Grooming, sexting.", "Grooming, sexting."),
                   examples=(entry("Een volwassene vraagt foto's.", "An adult asks for photos."),)),
        ),
        principles=(
            Principle("luister", t("Luister", "Listen", "Écoutez"),
                      text=t("Blijf kalm.", "Stay calm.", "Restez calme.")),
        ),
        steps=STEPS,
        routes=ROUTES,
        forms=FORMS,
        layers=(
            Layer("sector", "buitenschoolse-opvang",
                  t("Buitenschoolse opvang", "After-school care", "Accueil extrascolaire"),
                  "frameworks/sectors/buitenschoolse-opvang.yaml"),
        ),
    )
    return replace(plan, **changes) if changes else plan


def hostile_plan() -> Plan:
    """The sample plan with hostile content in texts a person reads."""
    evil = {
        "nl": "<script>window.__pwned=1</script> <img src=x onerror=\"window.__pwned=2\"> "
              "[klik](javascript:window.__pwned=3) ![x](file:///etc/passwd) "
              "![y](http://127.0.0.1/steal.png) <a href=\"javascript:alert(1)\">a</a>",
    }
    steps = (replace(STEPS[0], title=evil), *STEPS[1:])
    steps = (steps[0], replace(steps[1], record=evil), *steps[2:])
    contact = replace(CONTACTS[2], name=evil, url="javascript:alert(1)")
    return sample_plan(
        steps=steps,
        contacts=(*CONTACTS[:2], contact, CONTACTS[3]),
        subtitle=evil,
        url="javascript:alert(1)",
    )
