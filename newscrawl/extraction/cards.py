"""Teaser cards: headlines and blurbs of other stories that a link wraps whole.

Related-story boxes, "read also" cards and onward-reading grids set each teaser as one
link around a block or two: ``<a href="/other-story"><h2>Other headline</h2><p>Its
blurb</p></a>``. trafilatura keeps their blocks as paragraphs when the box stands among the
article's paragraphs, and the blurb is prose that no link-text rule recognises (the link's
text is headline and blurb together). What gives them away is the markup, in any language:
the article's own paragraphs are never blocks inside a link; a link inside a paragraph is
inline. Spans are not blocks here: "click to tweet" quotes of the article's own sentences
are spans in a share link.

Other grids set the link inside the card (``<div class="card"><h3><a>Headline</a></h3>
<p>Blurb</p></div>``), several like cards side by side. Such a grid closing the text ("More
from the site") is told by its cards: three or more sibling blocks alike in tag and class,
each short, with a heading and a link to another page. Only a closing run of two cards or
more goes (a roundup of products is a grid of such cards in the middle of its text).

A third kind links only its headline and sets the blurb beside it (``<div><a href=/other>
<img></a><a href=/other>Other headline</a><p>Blurb</p></div>``), often once, among the
article's paragraphs: the blurb's smallest enclosing block holds that linked headline above
it and hardly any other text (:func:`beside_linked_headline`).
"""

from __future__ import annotations

from collections.abc import Callable

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


MIN_GRID_CARDS = 3
"""Sibling cards that make a grid; two alike blocks are as likely the text's own."""
MAX_CARD_CHARS = 400
"""A card holds a headline and a blurb; a longer block is a section of the text."""
MAX_CARD_DEPTH = 6
"""How far above a paragraph's element its card may be (headline in a link in a div...)."""
MIN_CLOSING_GRID = 4
"""Paragraphs of a closing grid: two cards' headline and blurb at least."""
MAX_GRID_LABEL_CHARS = 40
_HEADINGS = ("h2", "h3", "h4")


def _teaser_card(block: HtmlElement) -> bool:
    """A short block with a heading and a link to another page."""
    if next(block.iter(*_HEADINGS), None) is None:
        return False
    text = block.text_content()
    return len(" ".join(text.split())) <= MAX_CARD_CHARS and any(
        _links_away(a) for a in block.iter("a")
    )


def in_grid(place: HtmlElement) -> bool:
    """Whether ``place`` sits in a card of a grid: a block with :data:`MIN_GRID_CARDS` or
    more alike siblings (itself included), all of them teaser cards."""
    element = place
    for _ in range(MAX_CARD_DEPTH):
        parent = element.getparent()
        if parent is None:
            return False
        alike = [
            s for s in parent if s.tag == element.tag and s.get("class") == element.get("class")
        ]
        if len(alike) >= MIN_GRID_CARDS and all(_teaser_card(s) for s in alike):
            return True
        element = parent
    return False


def without_closing_grid(
    paragraphs: list[str], places: list[HtmlElement | None]
) -> tuple[list[str], list[HtmlElement | None]]:
    """The paragraphs without a closing run of grid cards (:func:`in_grid`) and the short
    label above it ("More from the Herald"); the text stays whole if nothing else is left."""
    end = len(paragraphs)
    while end > 0 and (place := places[end - 1]) is not None and in_grid(place):
        end -= 1
    if len(paragraphs) - end < MIN_CLOSING_GRID or end == 0:
        return paragraphs, places
    label = paragraphs[end - 1]
    if end > 1 and len(label) <= MAX_GRID_LABEL_CHARS and not label.endswith((".", "!", "?")):
        end -= 1
    return paragraphs[:end], places[:end]


MIN_TEASER_HEADLINE_CHARS = 25
"""A linked headline of another story; shorter links are labels ("Politics", "More")."""
MAX_TEASER_EXTRA_CHARS = 40
"""What a teaser holds besides its headline and blurb: a section label, a date."""
MAX_TEASER_CHILDREN = 8
"""A teaser holds a picture, a label, a headline, a blurb, a date: a few children. Asking
a long article's container for its links, once for each of its paragraphs, cost 1 ms a
page."""
_TEXT_BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"})
_INLINE_HOLDERS = frozenset({"p", "li", "blockquote", "td"})


def _flat_length(element: HtmlElement) -> int:
    return len(" ".join(element.text_content().split()))


def _headline_link(anchor: HtmlElement, card: HtmlElement) -> bool:
    """A link that stands as a block of ``card`` (alone or in a heading), to another page:
    not a link inside a paragraph's running text."""
    if not _links_away(anchor):
        return False
    for element in anchor.iterancestors():
        if element is card:
            return True
        if element.tag in _INLINE_HOLDERS:
            return False
    return False


def _headline_links_before(element: HtmlElement, card: HtmlElement) -> list[HtmlElement]:
    """The headline links of ``card`` above ``element``: a teaser sets its headline first,
    where a share link or a "read more" follows the text it belongs to."""
    links = []
    for node in card.iter("a", element.tag):
        if node is element:
            break
        if node.tag == "a" and _headline_link(node, card):
            links.append(node)
    return links


def beside_linked_headline(place: HtmlElement) -> bool:
    """Whether ``place`` is the blurb of a teaser whose link wraps only the headline:
    ``<div><a href=/other>Other headline</a><p>Its blurb</p></div>``. The smallest block
    above the paragraph that holds a link to another page, standing above the paragraph,
    holds that linked headline and hardly anything else; an article's paragraph sits in a
    container with more text."""
    block = next((e for e in (place, *place.iterancestors()) if e.tag in _TEXT_BLOCKS), None)
    if block is None:
        return False
    own = _flat_length(block)
    if own > MAX_CARD_CHARS:
        return False
    element = block
    for _ in range(MAX_CARD_DEPTH):
        card = element.getparent()
        if card is None or len(card) > MAX_TEASER_CHILDREN:
            return False  # a block of many children is a text or a list, not one teaser
        links = _headline_links_before(element, card)
        if links:
            headline = max(_flat_length(a) for a in links)
            return (
                headline >= MIN_TEASER_HEADLINE_CHARS
                and _flat_length(card) <= own + headline + MAX_TEASER_EXTRA_CHARS
            )
        if any(True for _ in card.iter("a")):
            return False  # the first block with links has only inline ones: running text
        element = card
    return False


def _without(
    paragraphs: list[str],
    places: list[HtmlElement | None],
    is_teaser: Callable[[HtmlElement], bool],
) -> tuple[list[str], list[HtmlElement | None]]:
    """The paragraphs (and their places) whose place is not a teaser's. A text made of
    nothing else stays whole: a page may be a list of its links."""
    keep = [
        place is None or len(p) < MIN_CARD_CHARS or not is_teaser(place)
        for p, place in zip(paragraphs, places, strict=True)
    ]
    if all(keep) or not any(keep):
        return paragraphs, places
    return (
        [p for p, k in zip(paragraphs, keep, strict=True) if k],
        [e for e, k in zip(places, keep, strict=True) if k],
    )


def without_cards(
    paragraphs: list[str], places: list[HtmlElement | None]
) -> tuple[list[str], list[HtmlElement | None]]:
    """The paragraphs (and their places) that are not blocks of a teaser card."""
    return _without(paragraphs, places, in_card)


def without_teaser_blurbs(
    paragraphs: list[str], places: list[HtmlElement | None]
) -> tuple[list[str], list[HtmlElement | None]]:
    """The paragraphs (and their places) that are not blurbs beside another story's linked
    headline (:func:`beside_linked_headline`). It runs after the closing grid is gone: a
    grid's blurbs are found with their cards, label included."""
    return _without(paragraphs, places, beside_linked_headline)
