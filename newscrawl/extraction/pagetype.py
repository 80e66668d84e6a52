"""Article or not: section fronts, tag and author pages are fetched for discovery, never emitted.

A page's own declaration decides first (JSON-LD article types, ``og:type=article``, or a
listing type). Pages that declare nothing are judged by their shape: an article has one
headline and running prose; a listing has many linked teaser headlines and short blurbs.
"""

from __future__ import annotations

from enum import StrEnum

from lxml.html import HtmlElement

from newscrawl.discovery.links import UrlKind, classify_url, is_section_shaped
from newscrawl.extraction.metadata import LISTING_TYPES, PageMetadata

MIN_PROSE_WORDS = 30
"""A paragraph of running prose has at least this many words outside links."""


class PageType(StrEnum):
    ARTICLE = "article"
    LISTING = "listing"
    """Section front, tag, author, archive or search page."""


def _teaser_blocks(tree: HtmlElement) -> tuple[int, set[HtmlElement]]:
    """Linked headlines (``<h2><a>…</a></h2>``) and their containers: a listing's teasers."""
    count = 0
    blocks: set[HtmlElement] = set()
    for tag in ("h2", "h3", "h4"):
        for heading in tree.iterfind(f".//{tag}"):
            link = heading.find(".//a[@href]")
            parent = heading.getparent()
            if link is not None and parent is not None and len(link.text_content().split()) >= 3:
                count += 1
                blocks.add(parent)
    return count, blocks


def _prose_paragraphs(tree: HtmlElement, teaser_blocks: set[HtmlElement]) -> int:
    """Paragraphs of running prose that are not the blurb of a teaser."""
    count = 0
    for paragraph in tree.iterfind(".//p"):
        words = len(paragraph.text_content().split())
        if words < MIN_PROSE_WORDS:
            continue
        parent = paragraph.getparent()
        grandparent = parent.getparent() if parent is not None else None
        if parent in teaser_blocks or grandparent in teaser_blocks:
            continue
        linked = sum(len(a.text_content().split()) for a in paragraph.iterfind(".//a"))
        if linked * 3 < words:
            count += 1
    return count + _loose_prose(tree)


def _loose_prose(tree: HtmlElement) -> int:
    """Runs of prose written straight into a ``<div>``/``<td>`` and separated by ``<br>``
    (older CMSs): the element's own text, outside its child elements, between breaks."""
    count = 0
    for block in tree.iter("div", "td"):
        own = [block.text or ""]
        for child in block:
            if child.tag == "br":
                own.append("\n")
            own.append(child.tail or "")
        text = "".join(own)
        if len(text) < 150:
            continue
        count += sum(len(run.split()) >= MIN_PROSE_WORDS for run in text.split("\n\n"))
    return count


# WordPress and similar CMSs name the template in <body class>: "archive", "category"... for
# listings, "single"/"single-post" for one post.
_LISTING_BODY_CLASSES = frozenset(
    {"archive", "category", "tag", "search", "author", "home", "blog"}
)
_SINGLE_BODY_CLASSES = frozenset({"single", "single-post", "article", "post-template-default"})


def _body_classes(tree: HtmlElement) -> set[str]:
    body = tree.find(".//body")
    return set((body.get("class") or "").split()) if body is not None else set()


# URL verdicts that a page's own shape may overrule: "/about", "/archiv/<slug>" and
# "?page=1" can hold one article; a home page, a tag or author page cannot.
_WEAK_URL_REASONS = frozenset({"static", "archive", "pagination"})


def _article_shaped(prose: int, teasers: int) -> bool:
    """Running prose outweighs linked teasers: one text, not a list of others."""
    return prose >= 3 and prose >= teasers


def classify_page(tree: HtmlElement, meta: PageMetadata, url: str) -> PageType:
    """Decide from declarations first, then the URL, then the page's shape (read-only).

    The URL rules are the spider's own (:func:`newscrawl.discovery.links.classify_url`), so a
    page judged from storage gets the verdict it would get in a crawl; weak URL verdicts, a
    CMS's body class and ``og:type=website`` give way to a page whose shape is an article's.
    """
    if meta.declares_article:
        return PageType.ARTICLE
    url_class = classify_url(url)
    if url_class.kind is UrlKind.ASSET:
        return PageType.LISTING
    if url_class.kind is UrlKind.LISTING and url_class.reason not in _WEAK_URL_REASONS:
        return PageType.LISTING
    if meta.jsonld_types & LISTING_TYPES and not meta.published:
        return PageType.LISTING
    teasers, blocks = _teaser_blocks(tree)
    prose = _prose_paragraphs(tree, blocks)
    body_classes = _body_classes(tree)
    weak_signals = (
        url_class.kind is UrlKind.LISTING
        or (meta.og_type in ("website", "profile") and is_section_shaped(url))
        or (meta.og_type in ("website", "profile") and not meta.published and not meta.h1)
        or bool(body_classes & _LISTING_BODY_CLASSES and not body_classes & _SINGLE_BODY_CLASSES)
    )
    if weak_signals and not _article_shaped(prose, teasers):
        return PageType.LISTING
    if teasers >= 4 and prose < 3:
        return PageType.LISTING
    # A section front with few teasers: no running prose, and a one- or two-word <h1> that
    # names the section rather than a story.
    if teasers >= 2 and prose == 0 and all(len(h.split()) <= 3 for h in meta.h1):
        return PageType.LISTING
    return PageType.ARTICLE
