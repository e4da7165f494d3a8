"""Turns resolved plan data into the frozen model of `model.py`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .grammar import Forms, term_parts
from .model import (
    Action,
    Condition,
    Contact,
    Decision,
    Entry,
    Form,
    FormField,
    Layer,
    Option,
    Plan,
    Principle,
    Provenance,
    Role,
    Route,
    RouteStep,
    Signal,
    Source,
    Step,
    Text,
)
from .phones import DEFAULT_REGION
from .texts import as_text


class _Texts:
    """Normalises localized texts to mappings in the framework's default language."""

    def __init__(self, default_language: str) -> None:
        self.default = default_language

    def req(self, value: Any) -> Text:
        return as_text(value if value is not None else "", self.default)

    def opt(self, value: Any) -> Text | None:
        return None if value is None else as_text(value, self.default)

    def entries(self, values: Any) -> tuple[Entry, ...]:
        """A list of texts, each a plain text, a per-language mapping or {id, text, condition}."""
        found = []
        for value in values or []:
            if isinstance(value, Mapping) and "text" in value:
                found.append(Entry(as_text(value["text"], self.default), _opt_id(value.get("id")),
                                   _opt_id(value.get("condition")),
                                   bool(value.get("first_page", False))))
            else:
                found.append(Entry(as_text(value, self.default)))
        return tuple(found)


def _opt_id(value: Any) -> str | None:
    return None if value is None else str(value)


def _forms(value: Any) -> Forms:
    """A name's forms as plain mappings (language -> form -> text)."""
    if not isinstance(value, Mapping):
        return {}
    return {str(lang): {str(form): str(text) for form, text in (table or {}).items()}
            for lang, table in value.items()}


def _ids(values: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in values or [])


def _decisions(t: _Texts, values: Any) -> tuple[Decision, ...]:
    return tuple(
        Decision(
            id=str(dec["id"]),
            question=t.req(dec.get("question")),
            acute=bool(dec.get("acute", False)),
            options=tuple(
                Option(str(o["id"]), t.req(o.get("label")), str(o.get("to", "end")))
                for o in dec.get("options") or []
            ),
        )
        for dec in values or []
    )


def _step(t: _Texts, d: Mapping[str, Any]) -> Step:
    number = d.get("number")
    return Step(
        id=str(d["id"]),
        title=t.req(d.get("title")),
        goal=t.opt(d.get("goal")),
        acute=bool(d.get("acute", False)),
        who=_ids(d.get("who")),
        actions=tuple(Action(str(a["id"]), t.req(a.get("text")), _opt_id(a.get("condition")),
                             bool(a.get("first_page", False)))
                      for a in d.get("actions") or []),
        record=t.opt(d.get("record")),
        do=t.entries(d.get("do")),
        dont=t.entries(d.get("dont")),
        contacts=_ids(d.get("contacts")),
        decisions=_decisions(t, d.get("decisions")),
        number=None if number is None else bool(number),
        condition=_opt_id(d.get("condition")),
    )


def _route_step(t: _Texts, d: Mapping[str, Any]) -> RouteStep:
    return RouteStep(str(d["id"]), t.req(d.get("title")), t.opt(d.get("text")),
                     _ids(d.get("who")), _ids(d.get("contacts")),
                     _decisions(t, d.get("decisions")), _opt_id(d.get("condition")),
                     bool(d.get("first_page", False)))


def _contact(t: _Texts, d: Mapping[str, Any]) -> Contact:
    return Contact(
        id=str(d["id"]),
        name=t.req(d.get("name")),
        forms=_forms(d.get("forms")),
        phone=None if d.get("phone") is None else str(d["phone"]),
        fill_in=bool(d.get("fill_in", False)),
        url=d.get("url"),
        email=d.get("email"),
        hours=t.opt(d.get("hours")),
        when=t.opt(d.get("when")),
        audience=_ids(d.get("audience")),
        languages=_ids(d.get("languages")),
        equivalent=_ids(d.get("equivalent")),
        urgent=bool(d.get("urgent", False)),
        last_checked=None if d.get("last_checked") is None else str(d["last_checked"]),
        source=d.get("source"),
    )


def build_plan(data: Mapping[str, Any], layers: tuple[Layer, ...],
               provenance: Mapping[str, Provenance]) -> Plan:
    """The frozen `Plan` for resolved data."""
    languages = tuple(str(lang) for lang in data.get("languages") or ["nl"])
    t = _Texts(languages[0])
    return Plan(
        framework_id=str(data["id"]),
        version=str(data.get("version", "")),
        date=str(data.get("date", "")),
        languages=languages,
        title=t.req(data.get("title")),
        subtitle=t.opt(data.get("subtitle")),
        status=t.opt(data.get("status")),
        url=data.get("url"),
        sources=tuple(Source(str(s.get("title", "")), str(s.get("url", "")),
                             None if s.get("id") is None else str(s["id"]),
                             None if s.get("checked") is None else str(s["checked"]),
                             None if s.get("language") is None else str(s["language"]))
                      for s in data.get("sources") or []),
        params=dict(data.get("params") or {}),
        terms={k: t.req(term_parts(v)[0]) for k, v in (data.get("terms") or {}).items()},
        term_forms={k: _forms(term_parts(v)[1]) for k, v in (data.get("terms") or {}).items()
                    if term_parts(v)[1]},
        region=str(data.get("region") or DEFAULT_REGION),
        publisher=t.opt(data.get("publisher")),
        conditions=tuple(Condition(str(c["id"]), t.req(c.get("text")))
                         for c in data.get("conditions") or []),
        roles=tuple(Role(str(r["id"]), t.req(r.get("name")), t.opt(r.get("description")),
                         _forms(r.get("forms")), _opt_id(r.get("if_suspected")))
                    for r in data.get("roles") or []),
        reader_role=None if data.get("reader_role") is None else str(data["reader_role"]),
        contacts=tuple(_contact(t, c) for c in data.get("contacts") or []),
        signals=tuple(Signal(str(s["id"]), t.req(s.get("title")), t.opt(s.get("description")),
                             t.entries(s.get("examples")))
                      for s in data.get("signals") or []),
        principles=tuple(Principle(str(p["id"]), t.req(p.get("title")), t.opt(p.get("text")))
                         for p in data.get("principles") or []),
        steps=tuple(_step(t, s) for s in data.get("steps") or []),
        routes=tuple(
            Route(
                id=str(r["id"]),
                title=t.req(r.get("title")),
                when=t.opt(r.get("when")),
                steps=tuple(_route_step(t, s) for s in r.get("steps") or []),
            )
            for r in data.get("routes") or []
        ),
        forms=tuple(
            Form(
                id=str(f["id"]),
                title=t.req(f.get("title")),
                intro=t.opt(f.get("intro")),
                fields=tuple(FormField(str(x["id"]), t.req(x.get("label")), int(x.get("lines", 2)))
                             for x in f.get("fields") or []),
            )
            for f in data.get("forms") or []
        ),
        layers=layers,
        provenance=dict(provenance),
    )
