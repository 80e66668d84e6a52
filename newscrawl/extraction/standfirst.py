"""The standfirst (lead, dek, summary) that news pages show between headline and body.

Most news pages open the article with a one- to three-sentence summary set apart from the
body: in the header, next to the headline, in bold. trafilatura often leaves it out, as it
sits outside the container holding the paragraphs. Publishers state the same summary as the
page's description (``<meta name=description>``, ``og:description``, JSON-LD), so the
description tells which visible block is the standfirst: a block whose text *is* the
description, shown on the page before the body starts. Only a description the page shows is
taken: a description written for search engines alone is not part of the article.
"""

from __future__ import annotations

import re
from itertools import islice

from lxml.html import HtmlElement

from newscrawl.extraction.headline import comparison_key
from newscrawl.extraction.treewalk import following_elements

MIN_STANDFIRST_CHARS = 40
"""Shorter descriptions ("Nachrichten aus Berlin") are labels, not a summary."""
MAX_STANDFIRST_CHARS = 600
"""Longer ones are the article's opening copied whole, not a summary set apart."""
MAX_HEADER_ELEMENTS = 150
"""Elements after the headline searched for the standfirst (kicker, byline, date, share bar
and picture may come between)."""
PROBE_CHARS = 24
"""How much of the description's opening locates it on the page."""
HELD_WITHIN_CHARS = 1000
"""A text holds its standfirst near its start (after a caption or a date line at most)."""
_BLOCKS = frozenset(
    {"p", "div", "h2", "h3", "h4", "span", "strong", "b", "section", "header", "li", "em"}
)
_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "title", "meta", "a"})
_CAPTIONS = frozenset({"figure", "figcaption", "caption", "picture"})
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*$")


def _probe(description: str) -> str | None:
    """The opening of the description as it would appear in a text node."""
    words = description.split()
    probe = ""
    for word in words:
        probe = f"{probe} {word}" if probe else word
        if len(probe) >= PROBE_CHARS:
            break
    return probe if len(probe) >= PROBE_CHARS // 2 else None


def find_standfirst(headline: HtmlElement | None, description: str | None, text: str) -> str | None:
    """The visible text of the block that shows ``description`` between the ``headline``
    element and the start of ``text`` on the page, or None.

    The block is the smallest element around the description's opening words whose text
    is the description (a description cut with "…" may stop short of the block's end). It
    must follow the headline closely and come before the body's first paragraph: the same
    words elsewhere are a teaser of the article in a list. It must not be a caption (some
    sites describe the page by its picture's caption). Only the elements just after the
    headline are read, so the search costs the same on every page, however long."""
    if headline is None or not description or not text:
        return None
    description = " ".join(description.split())
    if not MIN_STANDFIRST_CHARS <= len(description) <= MAX_STANDFIRST_CHARS:
        return None
    cut = bool(_ELLIPSIS.search(description))
    key = comparison_key(_ELLIPSIS.sub("", description))
    probe = _probe(description)
    opening = _probe(text.split("\n\n", 1)[0])
    if probe is None or len(key) < MIN_STANDFIRST_CHARS // 2:
        return None
    if comparison_key(text[: 2 * len(description)]).startswith(key[: len(key) // 2]):
        return None  # the description is the body's own opening
    for element in islice(following_elements(headline), MAX_HEADER_ELEMENTS):
        if element.tag in _SKIPPED or not element.text:
            continue
        flat = " ".join(element.text.split())
        if opening and opening in flat:
            return None  # the body began: no standfirst above it
        if probe in flat:
            return _block_of(element, key, cut)
    return None


def _block_of(element: HtmlElement, key: str, cut: bool) -> str | None:
    """The text of the smallest block from ``element`` up that reads as ``key``."""
    for block in (element, *element.iterancestors()):
        if block.tag == "body":
            break
        if block.tag in _CAPTIONS:
            return None
        if block.tag not in _BLOCKS:
            continue
        found = " ".join(block.text_content().split())
        found_key = comparison_key(found)
        if found_key == key or (
            cut and found_key.startswith(key) and len(found) <= MAX_STANDFIRST_CHARS
        ):
            if any(a.tag in _CAPTIONS for a in block.iterancestors()):
                return None
            return found
        if len(found_key) > len(key) + 1:
            break
    return None


def with_standfirst(text: str, standfirst: str | None) -> str:
    """``text`` led by ``standfirst``, unless the text holds it already."""
    if not standfirst:
        return text
    key = comparison_key(standfirst)
    if key in comparison_key(text[: 2 * len(standfirst) + HELD_WITHIN_CHARS]):
        return text
    return f"{standfirst}\n\n{text}" if text else text
