"""FROZEN copy of kindreflex/render/flowchart.py at baa8f45 (SVG text): the "before" of issue 15."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from kindreflex.framework.model import Decision, Option, Plan, Step
from kindreflex.framework.phones import display_phone

if TYPE_CHECKING:
    from kindreflex.render.plan_view import PlanView

# User units of the viewBox; the SVG scales to the page width, so 680 units ≈ 178 mm.
WIDTH = 680
MAX_PART_HEIGHT = 880  # one part fits an A4 page below its heading
# Only the bundled font: a named system font would be embedded instead of it in the PDF.
FONT = "'Open Sans', sans-serif"
STEP_X, STEP_W = 4, 372
OPT_X, OPT_W = 412, 264
GAP = 28
LINE = 18
SMALL_LINE = 16
# Open Sans is about 0.56 em wide per character on average; bold a little wider.
CHAR_EM = 0.6


@dataclass
class _Block:
    """A drawn unit (a step with its decisions) and its height."""

    height: int
    parts: list[str] = field(default_factory=list)


def wrap(text: str, width_units: float, font_size: float) -> list[str]:
    """Wrap `text` into lines that fit `width_units` at `font_size` (long words split)."""
    chars = max(8, int(width_units / (font_size * CHAR_EM)))
    return textwrap.wrap(text, chars, break_long_words=True, break_on_hyphens=True) or [""]


def _text(x: float, y: float, lines: list[str], size: int, line: int, weight: str = "normal",
          anchor: str = "start") -> str:
    spans = "".join(
        f'<tspan x="{x}" y="{y + i * line}">{escape(text)}</tspan>' for i, text in enumerate(lines)
    )
    return (
        f'<text font-family="{FONT}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}" fill="#000">{spans}</text>'
    )


def _step_block(step: Step, number: str, title: str, y: int) -> tuple[int, str]:
    lines = wrap(title, STEP_W - 64, 14)
    height = max(46, 16 + len(lines) * LINE)
    stroke = 4 if step.acute else 2
    cy = y + height / 2
    text_y = cy - (len(lines) - 1) * LINE / 2 + 5
    svg = (
        f'<rect x="{STEP_X}" y="{y}" width="{STEP_W}" height="{height}" rx="8" fill="#fff" '
        f'stroke="#000" stroke-width="{stroke}"/>'
        f'<circle cx="{STEP_X + 26}" cy="{cy}" r="16" fill="#000"/>'
        + _text(STEP_X + 26, cy + 5, [str(number)], 15, LINE, "bold", "middle")
        .replace('fill="#000"', 'fill="#fff"')
        + _text(STEP_X + 54, text_y, lines, 14, LINE, "bold")
    )
    return height, svg


def _decision_block(
    decision: Decision, question: str, targets: list[tuple[str, str]], y: int
) -> tuple[int, str]:
    inset = 22
    hex_x, hex_w = STEP_X + 18, STEP_W - 36
    q_lines = wrap(question, hex_w - 2 * inset - 12, 13)
    hex_h = max(56, 22 + len(q_lines) * SMALL_LINE)
    boxes: list[tuple[list[str], list[str], int]] = []
    for label, goes_to in targets:
        label_lines = wrap(label, OPT_W - 18, 12)
        to_lines = wrap(goes_to, OPT_W - 34, 12)
        boxes.append((label_lines, to_lines, 12 + (len(label_lines) + len(to_lines)) * SMALL_LINE))
    options_h = sum(h for _, _, h in boxes) + 8 * max(0, len(boxes) - 1)
    height = max(hex_h, options_h)
    hex_y = y + (height - hex_h) / 2
    cy = hex_y + hex_h / 2
    stroke = 4 if decision.acute else 2
    points = " ".join(
        f"{px},{py}"
        for px, py in (
            (hex_x + inset, hex_y), (hex_x + hex_w - inset, hex_y), (hex_x + hex_w, cy),
            (hex_x + hex_w - inset, hex_y + hex_h), (hex_x + inset, hex_y + hex_h), (hex_x, cy),
        )
    )
    text_y = cy - (len(q_lines) - 1) * SMALL_LINE / 2 + 5
    svg = [
        f'<polygon points="{points}" fill="#fff" stroke="#000" stroke-width="{stroke}"/>',
        _text(hex_x + hex_w / 2, text_y, q_lines, 13, SMALL_LINE, "bold", "middle"),
    ]
    oy = y + (height - options_h) / 2
    elbow = (hex_x + hex_w + OPT_X) / 2
    for label_lines, to_lines, box_h in boxes:
        mid = oy + box_h / 2
        svg.append(
            f'<path d="M{hex_x + hex_w},{cy} H{elbow} V{mid} H{OPT_X - 8}" fill="none" '
            f'stroke="#000" stroke-width="1.5"/>'
            f'<polygon points="{OPT_X - 9},{mid - 4.5} {OPT_X - 1},{mid} {OPT_X - 9},{mid + 4.5}" '
            f'fill="#000"/>'
        )
        svg.append(
            f'<rect x="{OPT_X}" y="{oy}" width="{OPT_W}" height="{box_h}" rx="4" fill="#fff" '
            f'stroke="#000" stroke-width="1.2"/>'
        )
        svg.append(_text(OPT_X + 9, oy + 17, label_lines, 12, SMALL_LINE, "bold"))
        to_y = oy + 17 + len(label_lines) * SMALL_LINE
        # A drawn arrow: the bundled font has no arrow glyph.
        svg.append(
            f'<path d="M{OPT_X + 9},{to_y - 4} h9 m-3,-3 l3,3 l-3,3" fill="none" '
            f'stroke="#000" stroke-width="1.5"/>'
        )
        svg.append(_text(OPT_X + 25, to_y, to_lines, 12, SMALL_LINE))
        oy += box_h + 8
    return int(height + 0.5), "".join(svg)


def _arrow(y: int) -> str:
    x = STEP_X + STEP_W / 2
    # Arrowheads are drawn polygons, not <marker>s: no ids to keep unique across parts.
    return (
        f'<path d="M{x},{y + 2} V{y + GAP - 9}" stroke="#000" stroke-width="2"/>'
        f'<polygon points="{x - 5},{y + GAP - 10} {x + 5},{y + GAP - 10} {x},{y + GAP - 2}" '
        f'fill="#000"/>'
    )


def _target_words(view: PlanView, option: Option) -> str:
    target = view.target(option)
    if target.kind == "contact" and target.phone:
        phone = display_phone(target.phone)
        if phone not in target.label:
            return f"{target.label} ({phone})"
    return target.label


def draw(plan: Plan, view: PlanView, gettext: Callable[[str], str]) -> list[Markup]:
    """The flowchart as one or more SVG parts, each small enough for one printed page."""
    plain = view.loc.plain
    blocks: list[_Block] = []
    for step in plan.steps:
        height, svg = _step_block(step, view.mark(step), plain(step.title), 0)
        block = _Block(height, [svg])
        for decision in step.decisions:
            targets = [
                (plain(option.label), _target_words(view, option))
                for option in decision.options
            ]
            block.parts.append(_arrow(block.height))
            dec_h, dec_svg = _decision_block(decision, plain(decision.question), targets,
                                             block.height + GAP)
            block.parts.append(dec_svg)
            block.height += GAP + dec_h
        blocks.append(block)

    parts: list[list[_Block]] = [[]]
    used = 0
    for block in blocks:
        needed = block.height + (GAP if parts[-1] else 0)
        if parts[-1] and used + needed > MAX_PART_HEIGHT:
            parts.append([])
            used, needed = 0, block.height
        parts[-1].append(block)
        used += needed
    title = gettext("Flowchart of the steps and decisions")
    return [
        _svg(part, f"{title} ({index}/{len(parts)})" if len(parts) > 1 else title)
        for index, part in enumerate(parts, start=1)
        if part
    ]


def _svg(blocks: list[_Block], title: str) -> Markup:
    body: list[str] = []
    y = 2
    for index, block in enumerate(blocks):
        if index:
            body.append(_arrow(y))
            y += GAP
        body.append(f'<g transform="translate(0,{y})">{"".join(block.parts)}</g>')
        y += block.height
    height = y + 4
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flowchart" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(title)}" preserveAspectRatio="xMidYMin meet">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )
