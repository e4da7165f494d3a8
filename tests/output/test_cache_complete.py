"""The incremental cache is complete: change any scalar of any shipped file, and every output
whose bytes change gets another input hash (so `build`, `batch` and `serve` render it again).

Each case changes one scalar of one shipped YAML file (a text gets a letter more, a number one
more, true becomes false, a date the next day). If the project still validates, then for
every plan the change can reach, either the plan's fingerprint (and so the input hash of each
of its outputs) changed, or every output renders to the very same bytes as before. The
default run samples twelve scalars that have such a change, each checked to be really changed
and compared; `pytest -m slow` tries every one.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kindreflex.framework.project import Project, open_project
from kindreflex.layouts import LAYOUTS
from kindreflex.output.build import Job, input_digests
from kindreflex.render.edition import Edition
from kindreflex.render.fingerprint import plan_fingerprint
from kindreflex.render.pages import render_plan
from kindreflex.render.theme import theme_for

from ..helpers import REPO

DAY = dt.date(2026, 11, 28)
MEDIA = ("screen", "print")
FORMATS = ("html", "pdf")
STAMP = "the same code, theme and date"


@dataclass(frozen=True)
class Scalar:
    """One scalar value of a shipped file, by its place in the text."""

    file: str
    start: int
    end: int
    tag: str
    value: str
    quoted: bool


def _scalars(node: yaml.Node, file: str) -> Iterator[Scalar]:
    if isinstance(node, yaml.MappingNode):
        for _key, value in node.value:
            yield from _scalars(value, file)
    elif isinstance(node, yaml.SequenceNode):
        for value in node.value:
            yield from _scalars(value, file)
    elif isinstance(node, yaml.ScalarNode):
        yield Scalar(file, node.start_mark.index, node.end_mark.index, node.tag.rsplit(":", 1)[1],
                     node.value, node.style is not None)


def shipped_scalars() -> list[Scalar]:
    found: list[Scalar] = []
    for path in sorted((REPO / "frameworks").rglob("*.yaml")):
        file = path.relative_to(REPO).as_posix()
        found += _scalars(yaml.compose(path.read_text(encoding="utf-8")), file)
    return found


SCALARS = shipped_scalars()


def candidates(scalar: Scalar) -> list[str]:
    """Source texts to put in the scalar's place, most likely to stay valid first."""
    value = scalar.value
    if scalar.tag == "bool":
        return ["false" if value.lower() == "true" else "true"]
    if scalar.tag == "int":
        return [str(int(value) + 1), str(int(value) - 1)]
    if scalar.tag == "timestamp":
        return [(dt.date.fromisoformat(value) + dt.timedelta(days=1)).isoformat()]
    if scalar.tag != "str":
        return []
    last = value[-1:] or "a"
    other = "1" if last.isdigit() and last != "1" else ("2" if last.isdigit() else "z")
    return [json.dumps(value + " Z", ensure_ascii=False),
            json.dumps(value[:-1] + other, ensure_ascii=False),
            json.dumps(value + "z", ensure_ascii=False)]


@dataclass
class Baseline:
    """The shipped project as it is, its plans, fingerprints and (lazily) rendered outputs."""

    root: Path
    project: Project
    texts: dict[str, str]
    digests: dict[tuple[str, str | None], dict[str, str]] = field(default_factory=dict)
    outputs: dict[tuple[str, str | None, str, str, str], str] = field(default_factory=dict)

    def combos(self, project: Project) -> list[tuple[str, str | None]]:
        return [(s, c) for s in project.sector_ids for c in (None, *project.context_ids)]

    def render(self, project: Project, combo: tuple[str, str | None], lang: str, layout: str,
               medium: str) -> str:
        plan = project.plan(*combo)
        return render_plan(plan, lang, theme=theme_for(self.root), day=DAY, layout=layout,
                           medium=medium)

    def output(self, combo: tuple[str, str | None], lang: str, layout: str, medium: str) -> str:
        key = (*combo, lang, layout, medium)
        if key not in self.outputs:
            self.outputs[key] = self.render(self.project, combo, lang, layout, medium)
        return self.outputs[key]


# Its module fixture is dear: every test here runs on one worker (make test: --dist loadgroup),
# so it is made once, not once per worker.
pytestmark = pytest.mark.xdist_group("cache-complete")


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Baseline:
    root = tmp_path_factory.mktemp("shipped")
    shutil.copytree(REPO / "frameworks", root / "frameworks")
    project = open_project(root)
    assert not project.issues.errors
    texts = {s.file: (root / s.file).read_text(encoding="utf-8") for s in SCALARS}
    base = Baseline(root, project, texts)
    base.digests = {c: digests(project, c) for c in base.combos(project)}
    return base


def digests(project: Project, combo: tuple[str, str | None]) -> dict[str, str]:
    """The input hash `build` gives each output of one plan, in every language and layout."""
    plan = project.plan(*combo)
    jobs = [Job(plan, lang, layout) for lang in project.languages for layout in LAYOUTS]
    # A paper's edition code is a function of what the hash holds already (the plan, the
    # language, the layout, the theme and the code); the build adds the edition for its date,
    # from OUT's log, which the one day of these renders does not need.
    same_edition = {job.paper: Edition("", DAY) for job in jobs}
    return input_digests(jobs, FORMATS, STAMP, {id(plan): plan_fingerprint(plan)},
                         same_edition)


def reaches(file: str, combo: tuple[str, str | None]) -> bool:
    """True if the file takes part in the plan of this (sector, context)."""
    sector, context = combo
    return (file.count("/") == 1 or file == f"frameworks/sectors/{sector}.yaml"
            or (context is not None and file == f"frameworks/contexts/{context}.yaml"))


@dataclass(frozen=True)
class Outcome:
    """What checking one scalar did."""

    changed: bool  # a candidate validated, and YAML reads it as another value
    reached: int  # plans that read the scalar's file
    rehashed: int  # of those, plans whose input hashes changed (their outputs are rebuilt)
    compared: int  # outputs whose input hash stayed, rendered again and found the same


def outputs_to_compare(languages: Sequence[str], turn: int, *, every: bool
                       ) -> list[tuple[str, tuple[str, str]]]:
    """The (language, (medium, format)) pairs of one layout to compare: all of them, or the
    one whose turn it is."""
    pairs = [(lang, pair) for lang in languages for pair in zip(MEDIA, FORMATS, strict=True)]
    return pairs if every else [pairs[turn % len(pairs)]]


def check_scalar(base: Baseline, scalar: Scalar, *, exhaustive: bool = False) -> Outcome:
    """Change one scalar; check every reachable output's hash, and compare those whose hash
    stayed (each layout once, or every output if `exhaustive`)."""
    original = base.texts[scalar.file]
    path = base.root / scalar.file
    reached = [combo for combo in base.combos(base.project) if reaches(scalar.file, combo)]
    try:
        for new in candidates(scalar):
            text = original[:scalar.start] + new + original[scalar.end:]
            path.write_text(text, encoding="utf-8")
            project = open_project(base.root)
            if not project.issues.errors:
                break
        else:
            return Outcome(changed=False, reached=len(reached), rehashed=0, compared=0)
        # The file really holds another value now (not only another spelling of it).
        assert yaml.safe_load(text) != yaml.safe_load(original), (scalar, new)
        rehashed = compared = 0
        for combo in base.combos(base.project):
            now = digests(project, combo)
            if combo not in reached:
                assert now == base.digests[combo], (scalar, combo)
                continue  # the plan does not read this file: its outputs cannot change
            rehashed += now != base.digests[combo]
            # An output whose input hash is the same must have the very same bytes. Each
            # layout is compared in one language and medium, which turn with the scalar's
            # place (`pytest -m slow` compares them all): a render costs up to seconds.
            for index, layout in enumerate(LAYOUTS):
                for lang, (medium, fmt) in outputs_to_compare(project.languages, scalar.start
                                                              + index, every=exhaustive):
                    name = Job(project.plan(*combo), lang, layout).name(fmt)
                    if now[name] != base.digests[combo][name]:
                        continue  # rebuilt
                    compared += 1
                    rendered = base.render(project, combo, lang, layout, medium)
                    assert rendered == base.output(combo, lang, layout, medium), \
                        f"{scalar} changes {name}, not its input hash"
        return Outcome(changed=True, reached=len(reached), rehashed=rehashed, compared=compared)
    finally:
        path.write_text(original, encoding="utf-8")


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.sampled_from(SCALARS))
def test_a_sample_of_shipped_scalars(baseline: Baseline, scalar: Scalar) -> None:
    """Twelve scalars that can change and still validate, each really changed, and the plans
    it reaches hashed anew or rendered again and compared."""
    outcome = check_scalar(baseline, scalar)
    # About a quarter of the scalars have no change that validates (an id that others name,
    # a value of a closed list): they say nothing about the cache, so another is drawn.
    assume(outcome.changed)
    assert outcome.reached >= 1, outcome  # a file no plan reads would check nothing
    assert outcome.rehashed == outcome.reached or outcome.compared > 0, outcome


def test_a_title_outside_the_resolved_data_changes_the_hash(baseline: Baseline) -> None:
    """The case that was stale: a sector's title and description live in its layer."""
    sport = next(s for s in SCALARS if s.file.endswith("sectors/sport.yaml")
                 and baseline.texts[s.file][:s.start].rstrip().endswith(("title:\n  nl:",
                                                                          "nl:")))
    assert check_scalar(baseline, sport).changed
    for needle in ("\ntitle:", "\ndescription:"):
        text = baseline.texts["frameworks/sectors/sport.yaml"]
        place = text.index(needle)
        scalar = next(s for s in SCALARS if s.file == "frameworks/sectors/sport.yaml"
                      and s.start > place)
        outcome = check_scalar(baseline, scalar)
        assert outcome.changed and outcome.rehashed == outcome.reached == 2, outcome


@pytest.mark.slow
def test_every_shipped_scalar(baseline: Baseline) -> None:
    outcomes = [check_scalar(baseline, scalar, exhaustive=True) for scalar in SCALARS]
    assert len(outcomes) == len(SCALARS) > 1000
    assert all(o.reached >= 1 for o in outcomes)
