"""A publication date the page states in words: "Datum 28.04.2023", "Published: 3 May 2024".

Asked only for pages that declare no date in their metadata, before htmldate. htmldate ranks
dates by markup (``class="date"`` first), and on a page without metadata the first such
element is as often a teaser's date in a "more stories" rail as the article's own. A date
that the page *labels* as its publication date is what a reader goes by, so it comes first.

Written here because neither htmldate nor trafilatura reads labels: htmldate's text patterns
match a date anywhere in a node, not the node a label introduces.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from newscrawl.normalize.dates import DATE_IN_TEXT, PUBLISHED_LABELS

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
