"""A publication date the page states for readers: after a label ("Datum 28.04.2023",
"Published: 3 May 2024"), or in the article's header, under the headline.

Asked for pages that declare no date in their metadata, before htmldate. htmldate ranks
dates by markup (``class="date"`` first), and on a page without metadata the first such
element is as often a teaser's date in a "more stories" rail as the article's own. A date
that the page *labels* as its publication date is what a reader goes by, so it comes first;
then the date line of the article's header: the first date in the few elements after the
headline, where article templates print it, else in the few lines just above it. The date
line also checks declared dates that say less than they seem (:mod:`.pubdate`).

Written here because neither htmldate nor trafilatura reads labels or headline positions:
htmldate's text patterns match a date anywhere in a node, not the node a label introduces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from itertools import islice

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction.treewalk import following_elements
from newscrawl.normalize.dates import (
    DATE_IN_TEXT,
    PUBLISHED_LABELS,
    UPDATED_LABELS,
    DateRejected,
    ParsedDate,
    parse_date,
)

# A label is a publication-date label when the whole of it is one (so "Date of birth" and
# "Updated" never are): the date normalizer's own list of them.
_LABEL = re.compile(r"(?:" + "|".join(PUBLISHED_LABELS) + r")\s*:?", re.IGNORECASE)
# "Updated 3 May", "Stand: 28.04.2020", "mis à jour le 7 janvier": a later date than the
# publication, anywhere in a line (whole words).
_UPDATED = re.compile(r"(?<!\w)(?:" + "|".join(UPDATED_LABELS) + r")(?!\w)", re.IGNORECASE)
_MAX_LABEL_CHARS = 30
_MAX_VALUE_CHARS = 60
# Elements that may hold a label, short ones only: one expression, filtered by libxml2.
_LABEL_ELEMENTS = etree.XPath(
    "(//strong | //b | //dt | //th | //label | //span[not(*)] | //em)"
    f"[string-length(normalize-space()) <= {_MAX_LABEL_CHARS}]"
)


def is_date_label(text: str) -> bool:
    """``"Datum"``, ``"Published:"``, ``"Veröffentlicht am"``: a publication-date label."""
    return _LABEL.fullmatch(" ".join(text.split())) is not None


def _value_after(label: HtmlElement) -> str | None:
    """The text the label introduces: its tail, else the next sibling element's text."""
    tail = (label.tail or "").strip()
    if tail:
        return tail
    sibling = label.getnext()
    if sibling is not None:
        return sibling.text_content().strip()
    return None


def labelled_date(tree: HtmlElement) -> str | None:
    """The first date-like text that a publication-date label introduces, as written."""
    for label in _LABEL_ELEMENTS(tree):
        if not is_date_label(label.text_content()):
            continue
        value = _value_after(label)
        if value and len(value) <= _MAX_VALUE_CHARS and DATE_IN_TEXT.search(value):
            return value
    return None


MAX_HEADER_ELEMENTS = 40
"""How far after the headline the date line may sit (elements, in document order). On the
corpus pages without declared dates the first date within 40 elements was the article's on
53 of 56 pages; further down, rails of teasers with their own dates begin."""

# Date lines in shapes that DATE_IN_TEXT (shared with the byline and text cleaners, which
# must not change with it) leaves out: "4. 2. 2022", "07 Dezember, 2022", "3 de mayo de 2022".
_DATELINE = re.compile(
    DATE_IN_TEXT.pattern
    + r"|\b\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\b"
    + r"|\b\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]{3,}\.?,?\s+(?:de\s+)?\d{4}\b"
)
# What may stand between a date at the edge of a text and that edge: "(21. November 2022)",
# "Von Ada Muster, 28.09.23.", "12/10/2020 |".
_EDGE = r"[\s()\[\].,;:|·•–—-]*"
# A time after a date: "22:41", ", 10:05 Uhr", "um 9.30 Uhr", "at 9:15 pm".
_CLOCK = re.compile(
    r",?\s*(?:(?:um|at|à)\s+)?\d{1,2}[:.]\d{2}(?:\s*(?:uhr|[ap]\.?m\.?)(?!\w))?", re.IGNORECASE
)
# Inline elements: their tail continues the same line of text ("Von <span>DTB</span>
# 4. 2. 2022"); the tail after a block element is another line.
_INLINE_TAGS = frozenset({"a", "span", "em", "strong", "b", "i", "small", "abbr", "time", "font"})
_SKIPPED_TAGS = frozenset({"script", "style", "noscript"})


Dateline = tuple[str, ParsedDate]
"""A date as a page writes it, and its reading."""


def _read(text: str, fetched_at: datetime, language: str | None) -> ParsedDate | None:
    try:
        return parse_date(text, fetched_at=fetched_at, language=language)
    except DateRejected:
        return None


def date_in_line(text: str, *, fetched_at: datetime, language: str | None) -> Dateline | None:
    """The date a short line of a page header states, as written, and its reading.

    A line that reads as a date as a whole ("Published 3 May 2024, 10:05") is kept whole, so
    that its time stays with it. Otherwise a date at either edge of the line counts: the end
    of a byline ("Von Ada Muster (21. November 2022)"), the start of a date line that runs
    into the text ("(21. November 2022) Energieverbraucher erhalten ..."). A date in the
    middle of a sentence ("Seit dem 1. Oktober 2022 gilt ...") is the text's, not the page's.
    """
    text = " ".join(text.split())
    if not text or not _DATELINE.search(text):
        return None
    if len(text) <= _MAX_VALUE_CHARS and (parsed := _read(text, fetched_at, language)):
        return text.strip("|·•–—- "), parsed  # "| 30 septembre 2018": a byline's separator
    for match in _DATELINE.finditer(text):
        clock = _CLOCK.match(text, match.end())  # the time that goes with the date
        end = clock.end() if clock else match.end()
        before, after, found = text[: match.start()], text[end:], text[match.start() : end]
        at_start = re.fullmatch(_EDGE, before) is not None and (
            not after or after[0] in ")]|·•–—-" or after.startswith((" –", " —", " -", " |"))
        )
        at_end = len(text) <= _MAX_VALUE_CHARS and re.fullmatch(_EDGE, after) is not None
        if (at_start or at_end) and (parsed := _read(found, fetched_at, language)):
            return found, parsed
    return None


def _own_lines(element: HtmlElement) -> list[str]:
    """The text that is ``element``'s own: its text (the whole text of a ``<time>``), and
    the tail of an inline element, which continues the line it stands in."""
    own = element.text_content() if element.tag == "time" else element.text
    lines = [own] if own else []
    if element.tag in _INLINE_TAGS and element.tail and element.tail.strip():
        label = " ".join(element.text_content().split())
        # After a label, the tail is that label's value: "Registriert: 18.09.2008" is a
        # forum member's sign-up date; only a publication-date label introduces the page's.
        if not label.endswith(":") or is_date_label(label):
            lines.append(element.tail)
    return lines


def dateline_near_headline(
    headline: HtmlElement, *, fetched_at: datetime, language: str | None
) -> Dateline | None:
    """The date line of the article's header: the first readable date in the elements that
    follow the headline, else in the few just before it (bylines and kickers above the
    headline: "Par Loïc Le Clerc | 30 septembre 2018"), as written, with its reading.

    Only an element's own text counts (the text of a ``<time>`` whole): a container's
    ``text_content()`` would carry the date of every teaser inside it. A line that says
    "updated" is taken only when no other date line is found: the publication date often
    stands next to it.
    """
    walks = (
        islice(following_elements(headline), MAX_HEADER_ELEMENTS),
        islice(filter(_has_own_text, _preceding_elements(headline)), MAX_LINES_BEFORE),
    )
    updated: Dateline | None = None
    for walk in walks:
        for element in walk:
            if element.tag in _SKIPPED_TAGS:
                continue
            for line in _own_lines(element):
                found = date_in_line(line, fetched_at=fetched_at, language=language)
                if found is None:
                    continue
                if not _UPDATED.search(line):
                    return found
                updated = updated or found
    return updated


def date_after_headline(
    headline: HtmlElement, *, fetched_at: datetime, language: str | None
) -> str | None:
    """The date line of the article's header as written (see :func:`dateline_near_headline`)."""
    found = dateline_near_headline(headline, fetched_at=fetched_at, language=language)
    return found[0] if found is not None else None


MAX_LINES_BEFORE = 4
"""How many elements with text of their own (share icons and wrappers do not count) may
stand between a date line above the headline and the headline: a byline and its date, a
kicker. Further up begin the navigation and its teasers."""


def _has_own_text(element: HtmlElement) -> bool:
    return any(line.strip() for line in _own_lines(element))


def _preceding_elements(element: HtmlElement) -> Iterator[HtmlElement]:
    """The elements before ``element``, nearest first, its ancestors excepted."""
    node: HtmlElement | None = element
    while node is not None:
        for sibling in node.itersiblings(preceding=True):
            yield from _reversed_tree(sibling)
        node = node.getparent()


def _reversed_tree(element: HtmlElement) -> Iterator[HtmlElement]:
    for child in reversed(element):
        yield from _reversed_tree(child)
    yield element
