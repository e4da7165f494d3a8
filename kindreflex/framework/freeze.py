"""Turns resolved plan data into the frozen model of `model.py`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import (
    Action,
    Contact,
    Decision,
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
from .texts import as_text


class _Texts:
    """Normalises localized texts to mappings in the framework's default language."""

    def __init__(self, default_language: str) -> None:
        self.default = default_language

    def req(self, value: Any) -> Text:
        return as_text(value if value is not None else "", self.default)

    def opt(self, value: Any) -> Text | None:
        return None if value is None else as_text(value, self.default)

    def many(self, values: Any) -> tuple[Text, ...]:
        return tuple(as_text(v, self.default) for v in values or [])


def _ids(values: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in values or [])


def _step(t: _Texts, d: Mapping[str, Any]) -> Step:
    return Step(
        id=str(d["id"]),
        title=t.req(d.get("title")),
        goal=t.opt(d.get("goal")),
        acute=bool(d.get("acute", False)),
        who=_ids(d.get("who")),
        actions=tuple(Action(str(a["id"]), t.req(a.get("text"))) for a in d.get("actions") or []),
        record=t.opt(d.get("record")),
        do=t.many(d.get("do")),
        dont=t.many(d.get("dont")),
        contacts=_ids(d.get("contacts")),
        decisions=tuple(
            Decision(
                id=str(dec["id"]),
                question=t.req(dec.get("question")),
                acute=bool(dec.get("acute", False)),
                options=tuple(
                    Option(str(o["id"]), t.req(o.get("label")), str(o.get("to", "end")))
                    for o in dec.get("options") or []
                ),
            )
            for dec in d.get("decisions") or []
        ),
    )


def _contact(t: _Texts, d: Mapping[str, Any]) -> Contact:
    return Contact(
        id=str(d["id"]),
        name=t.req(d.get("name")),
        phone=None if d.get("phone") is None else str(d["phone"]),
        url=d.get("url"),
        email=d.get("email"),
        hours=t.opt(d.get("hours")),
        when=t.opt(d.get("when")),
        audience=_ids(d.get("audience")),
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
        sources=tuple(Source(str(s.get("title", "")), str(s.get("url", "")))
                      for s in data.get("sources") or []),
        params=dict(data.get("params") or {}),
        terms={k: t.req(v) for k, v in (data.get("terms") or {}).items()},
        roles=tuple(Role(str(r["id"]), t.req(r.get("name")), t.opt(r.get("description")))
                    for r in data.get("roles") or []),
        reader_role=None if data.get("reader_role") is None else str(data["reader_role"]),
        contacts=tuple(_contact(t, c) for c in data.get("contacts") or []),
        signals=tuple(Signal(str(s["id"]), t.req(s.get("title")), t.opt(s.get("description")),
                             t.many(s.get("examples")))
                      for s in data.get("signals") or []),
        principles=tuple(Principle(str(p["id"]), t.req(p.get("title")), t.opt(p.get("text")))
                         for p in data.get("principles") or []),
        steps=tuple(_step(t, s) for s in data.get("steps") or []),
        routes=tuple(
            Route(
                id=str(r["id"]),
                title=t.req(r.get("title")),
                when=t.opt(r.get("when")),
                steps=tuple(
                    RouteStep(str(s["id"]), t.req(s.get("title")), t.opt(s.get("text")),
                              _ids(s.get("who")), _ids(s.get("contacts")))
                    for s in r.get("steps") or []
                ),
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
