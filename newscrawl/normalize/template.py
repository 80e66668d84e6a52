"""A site's template, learned from its articles: lines that recur across many of them.

Every site has lines that no general rule knows: "Follow the Valley Post on every channel",
"Reporting by the river desk", a promotion for its app. A crawler sees many articles of each
site, and a line that a quarter of a site's articles carry is the site's, not the story's.
No extractor does this on its own (each sees one page; trafilatura's ``deduplicate=True``
comes closest, with a process-wide cache that makes its output depend on page order).

Here the counts are kept per site and stripping uses only what *earlier runs* learned
(:mod:`newscrawl.state.templates` keeps them in the crawl state), so one run's output does not
depend on the order it met its pages, and a first run is exactly what extraction gave.

Counting is bounded (lossy counting, after Manku & Motwani 2002): a line seen once costs an
entry until the table is full, then all entries seen once are dropped. A template line recurs
long before that, so it survives; the table never holds more than ``max_entries`` lines
(100,000 by default: 7 MB at most, measured with tracemalloc, whatever the crawl's size).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

MAX_LINE_CHARS = 200
"""Longer lines are prose; a template line is a sentence or two at most."""
MAX_SHARE_REMOVED = 0.5
"""Never strip more than this share of a text's characters: that would be a mistake, not a
template (a page whose whole text repeats is the dedupe pipeline's business)."""


def line_key(line: str) -> int | None:
    """A signed 64-bit key of ``line`` (case and spacing ignored); ``None`` when too long or
    empty. Signed so that SQLite stores it as an INTEGER."""
    normalized = " ".join(line.split())  # whitespace runs as one space, ends stripped
    # A paragraph is rejected before it is casefolded: casefolding never shortens a text.
    if not normalized or len(normalized) > MAX_LINE_CHARS:
        return None
    normalized = normalized.casefold()
    if len(normalized) > MAX_LINE_CHARS:
        return None
    digest = hashlib.blake2b(normalized.encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


def text_keys(text: str) -> set[int]:
    """The keys of the distinct short lines of ``text``."""
    keys = {line_key(line) for line in text.split("\n")}
    keys.discard(None)
    return keys  # type: ignore[return-value]


class LineCounter:
    """In how many articles of each site each short line occurred, in bounded memory."""

    def __init__(self, max_entries: int = 100_000) -> None:
        self.max_entries = max_entries
        self.lines: dict[str, Counter[int]] = {}
        self.articles: Counter[str] = Counter()
        self._entries = 0
        self.purges = 0

    def add(self, site: str, keys: Iterable[int]) -> None:
        counts = self.lines.setdefault(site, Counter())
        before = len(counts)
        counts.update(keys)
        self.articles[site] += 1
        self._entries += len(counts) - before
        if self._entries > self.max_entries:
            self._purge()

    def _purge(self) -> None:
        """Drop every line seen once (in every site)."""
        self.purges += 1
        self._entries = 0
        for site, counts in self.lines.items():
            kept = Counter({key: n for key, n in counts.items() if n > 1})
            self.lines[site] = kept
            self._entries += len(kept)


def strip_learned(text: str, learned: frozenset[int] | set[int]) -> tuple[str, int]:
    """``text`` without its lines whose key is in ``learned``; returns (text, lines removed).

    Paragraphs stay separated by one blank line; a paragraph left empty goes. When the lines
    to strip would take more than :data:`MAX_SHARE_REMOVED` of the text, nothing is stripped.
    """
    if not learned or not text:
        return text, 0
    paragraphs = []
    removed = removed_chars = 0
    for paragraph in text.split("\n\n"):
        kept = []
        for line in paragraph.split("\n"):
            if line_key(line) in learned:
                removed += 1
                removed_chars += len(line)
            else:
                kept.append(line)
        if kept:
            paragraphs.append("\n".join(kept))
    if not removed or removed_chars > MAX_SHARE_REMOVED * len(text):
        return text, 0
    return "\n\n".join(paragraphs), removed
