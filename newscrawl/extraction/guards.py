"""Input guards for extraction: page shapes that make the parsers lose text or crash.

:func:`guard_tree` runs both guards below on the tree ``loader.load_page`` built.

A fragment such as ``<iframe></html>`` parses to a tree whose root is the ``<iframe>``;
htmldate (inside trafilatura) removes every iframe and fails with an ``AssertionError`` on
a root without a parent. :func:`as_document` puts such a root inside ``<html><body>``.

lxml (libxml2) stops building the tree at 256 levels of nesting and drops everything deeper
without an error; trafilatura then finds no text, or only the shallow part, and the page
looks empty or short for reasons nobody can see. :func:`guard_nesting` notices a tree that
reached that limit and parses the page again with ``huge_tree`` (libxml2's limit is then
2048 levels), then unwraps every element below ``FLATTEN_DEPTH`` except paragraphs and
headings, so that the text is kept at a depth every later step handles. A page nested past
even that limit is refused as ``too_deep``.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import Element, HtmlElement, HTMLParser, fromstring

from newscrawl.extraction.errors import UnreadableHtml

LXML_MAX_DEPTH = 256
"""libxml2's nesting limit without ``XML_PARSE_HUGE``: deeper content is dropped."""
HUGE_MAX_DEPTH = 2048
"""The limit with ``huge_tree``; past it, content is dropped again."""
FLATTEN_DEPTH = 64
"""Below this depth, wrappers are unwrapped: their text stays, their nesting goes."""
KEEP_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "br", "img", "hr"})
_MARGIN = 6  # a tree this close to a limit may have been cut at it
# C0 controls but tab/newline/CR, as extraction strips them: lxml refuses them in text.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _at_depth(depth: int) -> etree.XPath:
    """Elements exactly ``depth`` levels below the root (the root is level 1)."""
    return etree.XPath("/" + "/".join(["*"] * depth))


_NEAR_LXML_LIMIT = _at_depth(LXML_MAX_DEPTH - _MARGIN)
_NEAR_HUGE_LIMIT = _at_depth(HUGE_MAX_DEPTH - _MARGIN)
_FLATTEN_AT = _at_depth(FLATTEN_DEPTH)
_HUGE_PARSER = HTMLParser(
    huge_tree=True,
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
)


def flatten_below(tree: HtmlElement, depth: int = FLATTEN_DEPTH) -> None:
    """Unwrap, in place, every element deeper than ``depth`` but paragraphs and headings."""
    for top in _at_depth(depth)(tree):
        for element in list(top.iterdescendants()):
            if not isinstance(element.tag, str):  # comments, entities
                element.drop_tree()
            elif element.tag not in KEEP_TAGS:
                element.drop_tag()


def guard_nesting(tree: HtmlElement, html: str) -> HtmlElement:
    """``tree`` (parsed from ``html``) if lxml kept all of it; otherwise the page parsed again
    without the 256-level limit and flattened. Raises :class:`UnreadableHtml` with reason
    ``too_deep`` when even that parse is cut."""
    if not _NEAR_LXML_LIMIT(tree):
        return tree
    try:
        source = _CONTROL_CHARS.sub("", html).encode("utf-8", "replace")
        deep = fromstring(source, parser=_HUGE_PARSER)
        if not _NEAR_HUGE_LIMIT(deep):
            flatten_below(deep)
            return deep
    except (etree.ParserError, ValueError) as error:
        raise UnreadableHtml(
            f"nested past {LXML_MAX_DEPTH} levels: {error}", reason="too_deep"
        ) from None
    raise UnreadableHtml(f"nested {HUGE_MAX_DEPTH} levels deep or more", reason="too_deep")


def as_document(tree: HtmlElement) -> HtmlElement:
    """``tree`` if its root is ``<html>``; else the tree inside a new ``<html><body>``."""
    if tree.tag == "html":
        return tree
    document = Element("html")
    body = Element("body")
    document.append(body)
    body.append(tree)
    return document


def guard_tree(tree: HtmlElement, html: str) -> HtmlElement:
    """The tree to extract from: whole (:func:`guard_nesting`) and rooted at ``<html>``."""
    return as_document(guard_nesting(tree, html))
