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
_INLINE = frozenset({"a", "b", "strong", "em", "i", "span", "abbr", "mark", "u"})
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*$")
_DESCRIPTION_TAGS = ("description", "og:description", "twitter:description")
MAX_DATELINE_CHARS = 30
"""A dateline set before the standfirst ("Berlin.", "WASHINGTON –") is a place, not a text."""
MAX_DATELINE_WORDS = 3


def page_descriptions(tree: HtmlElement, declared: str | None) -> list[str]:
    """The page's descriptions, the declared one first, then the ``<meta>`` ones that differ.

    Pages state more than one: a JSON-LD ``description`` may describe the picture or an
    older version of the story while ``<meta name=description>`` holds the standfirst the
    page shows. Each is a candidate; the page itself tells which it shows."""
    found: list[str] = [declared] if declared else []
    keys = {comparison_key(d) for d in found}
    head = tree.find("head")
    for element in (head if head is not None else tree).iterfind(".//meta[@content]"):
        name = (element.get("name") or element.get("property") or "").strip().lower()
        if name not in _DESCRIPTION_TAGS:
            continue
        content = " ".join((element.get("content") or "").split())
        if content and (key := comparison_key(content)) not in keys:
            keys.add(key)
            found.append(content)
    return found


def _shallow_text(element: HtmlElement) -> str:
    """The element's own text with that of its inline children ("<a>VW</a> hat den..."):
    a standfirst that opens with a link has no text of its own before it. Block children
    stay out, so that a container does not read as the paragraphs it holds."""
    parts = [element.text or ""]
    for child in element:
        if child.tag in _INLINE:
            parts.append(child.text or "")
        parts.append(child.tail or "")
    return " ".join(" ".join(parts).split())


def probe_of(description: str) -> str | None:
    """The opening of the description as it would appear in a text node."""
    words = description.split()
    probe = ""
    for word in words:
        probe = f"{probe} {word}" if probe else word
        if len(probe) >= PROBE_CHARS:
            break
    return probe if len(probe) >= PROBE_CHARS // 2 else None


def find_standfirst_of(
    headline: HtmlElement | None, descriptions: list[str], text: str
) -> str | None:
    """:func:`find_standfirst` for the first of ``descriptions`` the page shows."""
    for description in descriptions:
        if found := find_standfirst(headline, description, text):
            return found
    return None


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
    probe = probe_of(description)
    opening = probe_of(text.split("\n\n", 1)[0])
    if probe is None or len(key) < MIN_STANDFIRST_CHARS // 2:
        return None
    if comparison_key(text[: 2 * len(description)]).startswith(key[: len(key) // 2]):
        return None  # the description is the body's own opening
    for element in islice(following_elements(headline), MAX_HEADER_ELEMENTS):
        if element.tag in _SKIPPED:
            continue
        flat = _shallow_text(element)
        if not flat:
            continue
        if opening and opening in flat:
            return None  # the body began: no standfirst above it
        if probe in flat:
            return _block_of(_holder(element, probe), key, cut)
    return None


def _holder(element: HtmlElement, probe: str) -> HtmlElement:
    """The inline child of ``element`` whose own text holds ``probe``, else ``element``: the
    search for the block starts from the smallest element that reads as the standfirst."""
    for child in element:
        if child.tag in _INLINE and probe in " ".join((child.text or "").split()):
            return child
    return element


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
            return _with_dateline(block, found)
        if len(found_key) > len(key) + 1:
            break
    return None


def _with_dateline(block: HtmlElement, found: str) -> str:
    """``found`` with the dateline its parent block sets before it ("Berlin. Die ..."): the
    place is the standfirst's first word in print, and the body's own opening has it too."""
    parent = block.getparent()
    if parent is None or parent.tag not in _BLOCKS or parent.tag == "body":
        return found
    whole = " ".join(parent.text_content().split())
    if not whole.endswith(found):
        return found
    prefix = whole[: len(whole) - len(found)].strip()
    if (
        prefix
        and len(prefix) <= MAX_DATELINE_CHARS
        and len(prefix.split()) <= MAX_DATELINE_WORDS
        and prefix[-1] in ".:–—-"
    ):
        return f"{prefix} {found}"
    return found


def with_standfirst(text: str, standfirst: str | None) -> str:
    """``text`` led by ``standfirst``, unless the text holds it already."""
    if not standfirst:
        return text
    key = comparison_key(standfirst)
    if key in comparison_key(text[: 2 * len(standfirst) + HELD_WITHIN_CHARS]):
        return text
    return f"{standfirst}\n\n{text}" if text else text
