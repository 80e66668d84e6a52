"""An article's body split over sibling containers by the ads set between them.

Some pages cut the article's container in two or three where an ad slot goes in: ``<div
class="body articleBody">`` holds the first paragraphs, a row with an ad label and an empty
slot follows, then another ``<div class="body articleBody">`` holds the rest. trafilatura
reads the first element its body expressions match and stops there, so the record ends at
the first ad. What tells a continuation apart from the next story or a teaser box is what
stands between: the same kind of container (tag and class) after nothing but an ad label,
while another story brings its headline, byline and date with it.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from newscrawl.extraction.treewalk import following_elements

_CONTAINER_TAGS = frozenset({"div", "section", "article", "main"})
_BLOCK_TAGS = ("p", "h2", "h3", "h4", "li", "blockquote")
_SILENT = frozenset({"script", "style", "noscript", "template"})
MAX_GAP_CHARS = 40
"""Text allowed between two parts: ad labels ("Advertisement", "Reklama", "Anzeige")."""
MIN_PART_CHARS = 200
"""A continuation holds text of its own: a placeholder twin or a one-line notice is no part."""
MAX_PART_LINK_SHARE = 0.2
"""A twin that is mostly links is a teaser box dressed like the article."""
MIN_SHARED_CLASSES = 2
"""Twins whose classes differ share this many: one layout class (``col-12``) is no kinship."""
MAX_SCAN_ELEMENTS = 400
"""How far past a part its continuation is looked for: ad rows are a few dozen elements."""


def _classes(element: HtmlElement) -> frozenset[str]:
    return frozenset((element.get("class") or "").split())


def _block_marks(element: HtmlElement) -> set[tuple[str, str]]:
    """The (tag, class) of the text blocks in ``element``: how the CMS marks the article's
    paragraphs and subheads (``("p", "")`` for bare paragraphs)."""
    return {(b.tag, b.get("class") or "") for b in element.iter(*_BLOCK_TAGS)}


def _same_kind(element: HtmlElement, tag: str, classes: frozenset[str]) -> bool:
    """Same tag, and the same classes or one's classes within the other's (a part may carry
    a modifier class, ``-bottom-space``, that the last one lacks)."""
    if element.tag != tag:
        return False
    other = _classes(element)
    if other == classes:
        return True
    return (other <= classes or classes <= other) and len(other & classes) >= MIN_SHARED_CLASSES


def _reads_as_part(element: HtmlElement, marks: set[tuple[str, str]]) -> bool:
    """Whether ``element`` carries on the text: blocks marked as the container's are, long
    enough and not a box of links."""
    if not marks:
        return False
    blocks = [b for b in element.iter(*_BLOCK_TAGS) if (b.tag, b.get("class") or "") in marks]
    chars = sum(len(b.text_content().strip()) for b in blocks)
    if chars < MIN_PART_CHARS or next(element.iter("h1"), None) is not None:
        return False
    linked = sum(len(a.text_content().strip()) for b in blocks for a in b.iter("a"))
    return linked <= MAX_PART_LINK_SHARE * chars


def _next_part(
    part: HtmlElement, tag: str, classes: frozenset[str], marks: set[tuple[str, str]]
) -> HtmlElement | None:
    """The next container of the same kind after ``part``, when only a short gap of text
    (an ad label) stands between them and it reads as more of the text."""
    gap = len((part.tail or "").strip())
    for scanned, element in enumerate(following_elements(part)):
        if gap > MAX_GAP_CHARS or scanned >= MAX_SCAN_ELEMENTS:
            return None
        if _same_kind(element, tag, classes):
            if _classes(element) != classes:  # a kin, not a twin: its blocks' classes tell
                marks = {mark for mark in marks if mark[1]}
            return element if _reads_as_part(element, marks) else None
        if element.tag in _SILENT:
            gap += len((element.tail or "").strip())
            continue
        gap += len((element.text or "").strip()) + len((element.tail or "").strip())
    return None


def continuations(container: HtmlElement | None) -> list[HtmlElement]:
    """The containers that carry on ``container``'s text past the ads, in page order.

    The twin's text must sit in blocks marked as the container's (tag and class): that
    says it holds the same text stream (a promo or a notice set in a like box has
    paragraphs of its own kind). Bare ``<p>`` count only between twins of the very same
    classes; a kin with a class more or less needs classed blocks in common."""
    if container is None or container.tag not in _CONTAINER_TAGS:
        return []
    classes = _classes(container)
    if not classes:
        return []
    marks = _block_marks(container)
    if not marks:
        return []
    parts: list[HtmlElement] = []
    part = container
    while (part := _next_part(part, container.tag, classes, marks)) is not None:
        parts.append(part)
    return parts


def join_parts(container: HtmlElement, parts: list[HtmlElement]) -> None:
    """Move each part's content into ``container`` (in place), so that one element holds
    the whole text for the extractor that reads only one."""
    for part in parts:
        if part.text and not part.text.isspace():
            last = container[-1] if len(container) else None
            if last is None:
                container.text = (container.text or "") + part.text
            else:
                last.tail = (last.tail or "") + part.text
        for child in list(part):
            container.append(child)
        part.text = None
