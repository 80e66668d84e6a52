"""The article's own container, read from where trafilatura's paragraphs sit on the page.

trafilatura picks paragraphs by their text density, one block at a time, so a text-rich block
after the story (a fundraising appeal, the publisher's press-contact box, a tag list, a
newsletter box, a sources list) joins the body as its last paragraphs. What tells them
apart is where they are: most of the body sits inside one element of the page (the article's
container), and these closing blocks sit outside it, in the page's sidebar or footer.
:func:`without_outside_tail` finds that container from the paragraphs themselves (no class
names, no site rules) and drops the run of closing paragraphs that lies outside it.
"""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

PREFIX_CHARS = 24
"""How much of a paragraph's opening finds the text node it starts with."""
CONTAINER_SHARE = 0.7
"""The container is the deepest element that holds this share of the located text."""
MAX_TAIL_SHARE = 0.35
"""A longer closing run is a part of the text that the page sets apart, not furniture."""
MAX_UNLOCATED_CHARS = 200
"""An unlocated paragraph this short may sit in a closing run (a box's line with markup)."""
MIN_OUTSIDE_AROUND_UNLOCATED = 2
"""Located paragraphs outside the container that a run needs to take unlocated ones along."""
_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "title"})


def _flat(text: str) -> str:
    return " ".join(text.split())


def _opening(text: str) -> str:
    """``_flat(text)[:PREFIX_CHARS]``, without splitting all of a long text: a text node may
    be a whole article, and every one of the page's is indexed. Flattening a head of the text
    gives the same opening once the flattened head is longer than it (a cut word or space
    only changes the head's end)."""
    if len(text) > 8 * PREFIX_CHARS:
        head = _flat(text[: 8 * PREFIX_CHARS])
        if len(head) > PREFIX_CHARS:
            return head[:PREFIX_CHARS]
    return _flat(text)[:PREFIX_CHARS]


def _text_index(tree: HtmlElement) -> dict[str, HtmlElement]:
    """The opening of each text node on the page → the element it belongs to (first one)."""
    index: dict[str, HtmlElement] = {}
    for element in tree.iter(etree.Element):
        if element.tag in _SKIPPED:
            continue
        text, tail = element.text, element.tail
        if text and not text.isspace():
            index.setdefault(_opening(text), element)
        if tail and not tail.isspace():
            parent = element.getparent()
            if parent is not None:
                index.setdefault(_opening(tail), parent)
    return index


def _paragraph_key(paragraph: str) -> str:
    """A paragraph's opening as its first text node reads (list bullets, table bars off)."""
    return _flat(paragraph.removeprefix("- ").strip("| "))[:PREFIX_CHARS]


def container_of(places: list[HtmlElement | None], sizes: list[int]) -> HtmlElement | None:
    """The deepest element that holds :data:`CONTAINER_SHARE` of the located text."""
    weights: dict[HtmlElement, int] = {}
    depths: dict[HtmlElement, int] = {}
    for place, size in zip(places, sizes, strict=True):
        if place is None:
            continue
        chain = [place, *place.iterancestors()]
        for depth, element in enumerate(reversed(chain)):
            weights[element] = weights.get(element, 0) + size
            depths[element] = depth
    located = sum(s for p, s in zip(places, sizes, strict=True) if p is not None)
    if not located:
        return None
    holders = [e for e, w in weights.items() if w >= CONTAINER_SHARE * located]
    return max(holders, key=depths.__getitem__, default=None)


def _inside(place: HtmlElement, container: HtmlElement) -> bool:
    return place is container or any(a is container for a in place.iterancestors())


def locate(paragraphs: list[str], tree: HtmlElement) -> list[HtmlElement | None]:
    """The element each paragraph's first text node belongs to on the page (None where its
    opening is not found): one index of the page's text for every rule that asks. A
    paragraph that goes on in the previous one's element (a line after a ``<br>``) is
    placed there."""
    index = _text_index(tree)
    places: list[HtmlElement | None] = []
    for paragraph in paragraphs:
        key = _paragraph_key(paragraph)
        place = index.get(key)
        # trafilatura splits a text node at its line breaks ("Shop online?<br>Then use our
        # links"): a line that goes on the previous paragraph's element is in its place.
        if (
            place is None
            and key
            and places
            and (previous := places[-1]) is not None
            and key in _flat(previous.text_content())
        ):
            place = previous
        places.append(place)
    return places


def without_outside_tail(
    text: str, tree: HtmlElement, places: list[HtmlElement | None] | None = None
) -> str:
    r"""``text`` without the closing paragraphs that lie outside the article's container.

    Only a run at the end goes, and only paragraphs found on the page: one that cannot be
    located (its opening is split over inline markup) goes only if short and amid (or
    after) :data:`MIN_OUTSIDE_AROUND_UNLOCATED` located ones outside; table rows end the
    run (a table may sit beside the text, in a layout table). A run longer than
    :data:`MAX_TAIL_SHARE` of the text stays. ``places`` are the paragraphs' elements when
    the caller has :func:`locate`\ d them already."""
    paragraphs = text.split("\n\n")
    if len(paragraphs) < 2:
        return text
    if places is None:
        places = locate(paragraphs, tree)
    sizes = [len(p) for p in paragraphs]
    container = container_of(places, sizes)
    if container is None:
        return text
    end, outside, start = len(paragraphs), 0, len(paragraphs)
    while end > 1:
        place = places[end - 1]
        if paragraphs[end - 1].startswith("|"):
            break
        if place is not None:
            if _inside(place, container):
                break
            outside, start = outside + 1, end - 1
        elif sizes[end - 1] > MAX_UNLOCATED_CHARS:
            break
        end -= 1
    # The run starts at its first located paragraph; unlocated ones go only amid located.
    end = start
    if outside < (1 if places[-1] is not None else MIN_OUTSIDE_AROUND_UNLOCATED):
        return text
    if end == len(paragraphs) or sum(sizes[end:]) > MAX_TAIL_SHARE * sum(sizes):
        return text
    return "\n\n".join(paragraphs[:end])
