"""Walks over a page's tree that XPath makes costly."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree
from lxml.html import HtmlElement


def following_elements(element: HtmlElement) -> Iterator[HtmlElement]:
    """The elements after ``element`` in document order, its descendants excepted: XPath's
    ``following::*``, lazily. libxml2 builds the whole axis before the first node (half a
    second on a 2 MB page), where the readers of the article's header (its date line, its
    standfirst) stop after a few dozen elements."""
    node: HtmlElement | None = element
    while node is not None:
        for sibling in node.itersiblings():
            yield from sibling.iter(etree.Element)
        node = node.getparent()
