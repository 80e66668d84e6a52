"""The visible byline: found by its markup or its wording, then taken out of the body.

Many pages state authors only in the visible text ("Par Élodie Garnier et Jean-Baptiste
Roux" in a ``<p class="signature">``), which trafilatura neither reports as author nor keeps
out of the text. Bylines are recognised in two general ways:

* markup: an element whose class, id or ``rel`` names a byline/author/signature in common
  CMS vocabularies, holding a short text;
* wording: a short first or last paragraph of the article that starts like a byline
  ("By", "Par", "Von", "Por", "Text:").

The element found is removed from the tree before trafilatura runs, so the byline never
ends up as the last "paragraph" of the article.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

MAX_BYLINE_WORDS = 16

# Class/id tokens that mark a byline in common CMS templates (WordPress, Drupal, Arc,
# newspaper themes), in several languages.
_MARKUP = re.compile(
    r"(?:^|[\s_-])(?:by-?line|byl|author(?:s|-?name)?|auteurs?|autor(?:en|in)?|autore|"
    r"signature|firma|verfasser|writer|reporter|journalist)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Containers that hold author *biographies* or comment authors, not bylines.
_NOT_BYLINE = re.compile(r"bio|avatar|comment|box|card|profile|related|share|widget", re.I)
_WORDING = re.compile(
    r"^(?:by|par|von|por|di|door|text|texte|words|written by|reporting by)\b\s*:?\s*\S",
    re.IGNORECASE,
)
_OUTSIDE_CONTENT = frozenset({"nav", "footer", "aside", "form", "button", "script", "style"})


def _words(text: str) -> int:
    return len(text.split())


def _in_page_chrome(element: HtmlElement) -> bool:
    for ancestor in element.iterancestors():
        if ancestor.tag in _OUTSIDE_CONTENT:
            return True
        marker = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if _NOT_BYLINE.search(marker):
            return True
    return False


def _by_markup(tree: HtmlElement) -> HtmlElement | None:
    for element in tree.iter("p", "div", "span", "a", "address", "section", "li"):
        marker = f"{element.get('class', '')} {element.get('id', '')} {element.get('rel', '')}"
        if not _MARKUP.search(marker) or _NOT_BYLINE.search(marker):
            continue
        text = " ".join(element.text_content().split())
        if text and _words(text) <= MAX_BYLINE_WORDS and not _in_page_chrome(element):
            return element
    return None


def _by_wording(tree: HtmlElement) -> HtmlElement | None:
    container = tree.find(".//article")
    if container is None:
        container = tree.find(".//main")
    if container is None:
        return None
    paragraphs = [p for p in container.iter("p") if p.text_content().strip()]
    for paragraph in paragraphs[:2] + paragraphs[-1:]:
        text = " ".join(paragraph.text_content().split())
        if _words(text) <= MAX_BYLINE_WORDS and _WORDING.match(text):
            return paragraph
    return None


def take_byline(tree: HtmlElement) -> str | None:
    """Find the visible byline, remove its element from ``tree`` and return its text."""
    element = _by_markup(tree)
    if element is None:
        element = _by_wording(tree)
    if element is None:
        return None
    text = " ".join(element.text_content().split())
    element.drop_tree()  # keeps the tail text, drops the byline from what trafilatura sees
    return text
