"""A pocket card in two parts, for many organisations at once (`batch`): what each part shows.

Of a card, only the front (its kicker names the organisation, whom to tell its person) and the
online block at the end of the back (its QR code leads to the organisation's page) differ from
one organisation to the next. The "shared" part is the card with an empty front and the back
without the organisation's blocks, rendered once; the "own" part is one organisation's front,
then its blocks of the back on a page of their own, as far down as the shared back leaves them
(batch.card_faces lays the two over each other).
"""

from __future__ import annotations

from dataclasses import dataclass

# The card's blocks that can name the organisation (render.reader_view.card_blocks): its name
# in the head, its person in whom to tell (both always on the front), its address online
# (always the last block).
ORGANISATION_BLOCKS = frozenset({"head", "tell", "online"})


@dataclass(frozen=True)
class CardPart:
    """One part of a card made in parts."""

    kind: str  # "shared" or "own"
    front: tuple[str, ...]  # the blocks on the front
    own_back: tuple[str, ...] = ()  # the blocks of the back that name the organisation
    top_mm: float = 0.0  # own: the room the shared back takes above its first block (mm)

    def __post_init__(self) -> None:
        if self.kind not in ("shared", "own"):
            raise ValueError(f"unknown card part {self.kind!r}")
