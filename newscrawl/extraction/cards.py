"""Teaser cards: headlines and blurbs of other stories that a link wraps whole.

Related-story boxes, "read also" cards and onward-reading grids set each teaser as one
link around a block or two: ``<a href="/other-story"><h2>Other headline</h2><p>Its
blurb</p></a>``. trafilatura keeps their blocks as paragraphs when the box stands among the
article's paragraphs, and the blurb is prose that no link-text rule recognises (the link's
text is headline and blurb together). What gives them away is the markup, in any language:
the article's own paragraphs are never blocks inside a link; a link inside a paragraph is
inline. Spans are not blocks here: "click to tweet" quotes of the article's own sentences
are spans in a share link.
"""

from __future__ import annotations

from lxml.html import HtmlElement

_CARD_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "header"}
)
MIN_CARD_CHARS = 15
"""Shorter paragraphs ("More", a date) are too common to say where on the page they are."""


def _links_away(anchor: HtmlElement) -> bool:
    """Whether ``anchor`` leads to another page: an accordion's or a tab's title is an
    ``<a>`` without a target (or with an in-page one) around the text's own subhead."""
    href = (anchor.get("href") or "").strip()
    return bool(href) and not href.startswith(("#", "javascript:"))


def in_card(place: HtmlElement) -> bool:
    """Whether ``place`` (the element a paragraph's text starts in) is, or sits in, a block
    that a link to another page wraps: the nearest ``<a>`` above it has a block between."""
    block = False
    for element in (place, *place.iterancestors()):
        if element.tag == "a":
            return block and _links_away(element)
        block = block or element.tag in _CARD_BLOCKS
    return False


def without_cards(
    paragraphs: list[str], places: list[HtmlElement | None]
) -> tuple[list[str], list[HtmlElement | None]]:
    """The paragraphs (and their places) that are not blocks of a teaser card. A text made
    of nothing else stays whole: a page may be a list of its links."""
    keep = [
        place is None or len(p) < MIN_CARD_CHARS or not in_card(place)
        for p, place in zip(paragraphs, places, strict=True)
    ]
    if all(keep) or not any(keep):
        return paragraphs, places
    return (
        [p for p, k in zip(paragraphs, keep, strict=True) if k],
        [e for e, k in zip(places, keep, strict=True) if k],
    )
