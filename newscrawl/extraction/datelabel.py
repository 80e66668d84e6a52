"""A publication date the page states for readers: after a label ("Datum 28.04.2023",
"Published: 3 May 2024"), or in the article's header, under the headline.

Asked only for pages that declare no date in their metadata, before htmldate. htmldate ranks
dates by markup (``class="date"`` first), and on a page without metadata the first such
element is as often a teaser's date in a "more stories" rail as the article's own. A date
that the page *labels* as its publication date is what a reader goes by, so it comes first;
then the first date in the few elements after the headline, where article templates print
the date line.

Written here because neither htmldate nor trafilatura reads labels or headline positions:
htmldate's text patterns match a date anywhere in a node, not the node a label introduces.
"""

from __future__ import annotations

import re
from datetime import datetime
from itertools import islice

from lxml.html import HtmlElement

from newscrawl.extraction.treewalk import following_elements
from newscrawl.normalize.dates import (
    DATE_IN_TEXT,
    PUBLISHED_LABELS,
    DateRejected,
    normalize_date,
)

# A label is a publication-date label when the whole of it is one (so "Date of birth" and
# "Updated" never are): the date normalizer's own list of them.
_LABEL = re.compile(r"(?:" + "|".join(PUBLISHED_LABELS) + r")\s*:?", re.IGNORECASE)
_MAX_LABEL_CHARS = 30
_MAX_VALUE_CHARS = 60
# Elements that may hold a label, short ones only: one expression, filtered by libxml2.
_LABEL_ELEMENTS = (
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
    for label in tree.xpath(_LABEL_ELEMENTS):
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


def date_after_headline(
    headline: HtmlElement, *, fetched_at: datetime, language: str | None
) -> str | None:
    """The first readable date in the elements that follow the headline, as written.

    Only an element's own text counts (the text of a ``<time>`` whole): a container's
    ``text_content()`` would carry the date of every teaser inside it.
    """
    for element in islice(following_elements(headline), MAX_HEADER_ELEMENTS):
        if element.tag in ("script", "style", "noscript"):
            continue
        own = element.text_content() if element.tag == "time" else element.text
        text = " ".join((own or "").split())
        if not text or len(text) > _MAX_VALUE_CHARS or not DATE_IN_TEXT.search(text):
            continue
        try:
            normalize_date(text, fetched_at=fetched_at, language=language)
        except DateRejected:
            continue
        return text
    return None
