"""Ids that become file names: the layout suffixes and device names they may not take."""

from __future__ import annotations

# The layouts of DESIGN §6. An output is named `<sector>[+<context>][-<layout>].<ext>`, so a
# sector `sport-card` would be named like the card of `sport`: ids may not end in a layout's
# suffix. `output.names` adds the layouts the renderer has (render.pages.LAYOUTS); a test
# keeps those within this list, so `validate` refuses every id a build would refuse.
DESIGN_LAYOUTS = ("handout", "worker", "card", "card-sheet", "poster")
# The handout has no suffix; every other layout adds `-<layout>`.
DEFAULT_LAYOUT = "handout"

# Names Windows reserves for devices: `con.pdf` cannot be created or opened there.
WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
     *(f"lpt{n}" for n in range(1, 10))]
)


def layout_suffixes(layouts: tuple[str, ...] = DESIGN_LAYOUTS) -> tuple[str, ...]:
    """The file-name suffixes of the layouts (`-card`, `-card-sheet`, …), longest first."""
    suffixes = {f"-{layout}" for layout in layouts if layout != DEFAULT_LAYOUT}
    return tuple(sorted(suffixes, key=lambda s: (-len(s), s)))


def file_name_problem(name: str, layouts: tuple[str, ...] = DESIGN_LAYOUTS) -> str | None:
    """Why an id cannot be the base of an output file name, or None if it can."""
    if name.lower() in WINDOWS_DEVICES:
        return f"'{name}' is a name Windows reserves for a device (con, prn, aux, nul, com1-9, " \
               "lpt1-9): such a file cannot be opened there"
    for suffix in layout_suffixes(layouts):
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            return (f"'{name}' ends in '{suffix}': its file would have the name of the "
                    f"{suffix[1:]} layout of '{base}'")
    return None
