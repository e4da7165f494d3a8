"""Ids that become file names: the layout suffixes and device names they may not take."""

from __future__ import annotations

from ..layouts import layout_suffixes

# Names Windows reserves for devices: `con.pdf` cannot be created or opened there.
WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
     *(f"lpt{n}" for n in range(1, 10))]
)


def file_name_problem(name: str) -> str | None:
    """Why an id cannot be the base of an output file name, or None if it can.

    An output is named `<sector>[+<context>][-<layout>].<ext>` (docs/architecture.md,
    "Output files"), so a sector `sport-card` would be named like the card of `sport`: ids may not
    end in a layout's suffix.
    """
    if name.lower() in WINDOWS_DEVICES:
        return f"'{name}' is a name Windows reserves for a device (con, prn, aux, nul, com1-9, " \
               "lpt1-9): such a file cannot be opened there"
    for suffix in layout_suffixes():
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            return (f"'{name}' ends in '{suffix}': its file would have the name of the "
                    f"{suffix[1:]} layout of '{base}'")
    return None
