"""The outlet's own promotion that closes an article: newsletter and channel sign-up lines.

After the story, sites advertise their newsletter or messenger channel in a sentence or two
("Der BR24 Newsletter informiert Sie ...", "Check out more stories by signing up to our
free weekly newsletter"). The phrasing varies from site to site, but what they promote does
not: a short paragraph among the last few that speaks of a newsletter is the outlet's
advertisement, not the story (which may discuss newsletters further up).
"""

from __future__ import annotations

import re

TAIL_PARAGRAPHS = 3
MAX_PROMO_CHARS = 300
_PROMOTED = re.compile(
    r"newsletter|infolettre|(?:whats\s?app|telegram)[-\s]?(?:kanal|channel)"
    r"|canal\s+de\s+(?:whatsapp|telegram)",
    re.IGNORECASE,
)


def without_closing_promos(text: str) -> str:
    """``text`` without short newsletter or channel promotions among its last paragraphs."""
    paragraphs = text.split("\n\n")
    if len(paragraphs) <= TAIL_PARAGRAPHS:
        return text
    head = paragraphs[: len(paragraphs) - TAIL_PARAGRAPHS]
    tail = [
        p for p in paragraphs[len(head) :] if len(p) > MAX_PROMO_CHARS or not _PROMOTED.search(p)
    ]
    return "\n\n".join(head + tail)
