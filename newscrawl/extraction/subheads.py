"""Subheads that trafilatura lost between two paragraphs it kept.

When trafilatura's own pass finds no article element it takes the text its fallbacks
(readability, jusText) find, and those keep paragraphs but drop headings: a report's
"<h2>Why Kyiv waits</h2>" between two of its paragraphs is missing from the record, which
then reads as one run of text. The heading is easy to put back from the page: it stands,
as a sibling, between the two paragraphs that the text has one after the other.
"""

from __future__ import annotations

from lxml.html import HtmlElement

_SUBHEADS = ("h2", "h3", "h4")
MAX_SUBHEAD_CHARS = 150
"""A heading longer than this is a paragraph set in bold type, not a subhead."""


OPENING_CHARS = 40


def _flat(text: str) -> str:
    return " ".join(text.split())


def _neighbour_paragraph(heading: HtmlElement, *, before: bool) -> HtmlElement | None:
    """The nearest sibling ``<p>`` on one side of ``heading``; another heading between them
    ends the search (two subheads in a row are a box's, not the text's)."""
    siblings = heading.itersiblings(preceding=before)
    for sibling in siblings:
        if sibling.tag in _SUBHEADS:
            return None
        if sibling.tag == "p" and _flat(sibling.text_content()):
            return sibling
    return None


def with_lost_subheads(
    paragraphs: list[str], places: list[HtmlElement | None], container: HtmlElement | None
) -> tuple[list[str], list[HtmlElement | None]]:
    """``paragraphs`` (and their places) with the subheads of ``container`` put back where
    the page has one between two paragraphs that follow each other in the text."""
    if container is None:
        return paragraphs, places
    index = {id(place): i for i, place in enumerate(places) if place is not None}
    # A paragraph whose opening is split over inline markup has no place: its text finds it.
    openings = {_flat(p)[:OPENING_CHARS]: i for i, p in reversed(list(enumerate(paragraphs)))}

    def position(paragraph: HtmlElement) -> int | None:
        found = index.get(id(paragraph))
        if found is None:
            found = openings.get(_flat(paragraph.text_content())[:OPENING_CHARS])
        return found

    present = {_flat(p) for p in paragraphs}
    inserts: list[tuple[int, str, HtmlElement]] = []
    for heading in container.iter(*_SUBHEADS):
        text = _flat(heading.text_content())
        if not text or len(text) > MAX_SUBHEAD_CHARS or text in present:
            continue
        before = _neighbour_paragraph(heading, before=True)
        after = _neighbour_paragraph(heading, before=False)
        if before is None or after is None:
            continue
        first, second = position(before), position(after)
        if first is not None and second == first + 1:
            inserts.append((second, text, heading))
    if not inserts:
        return paragraphs, places
    paragraphs, places = list(paragraphs), list(places)
    for position, text, heading in sorted(inserts, key=lambda x: x[0], reverse=True):
        paragraphs.insert(position, text)
        places.insert(position, heading)
    return paragraphs, places
