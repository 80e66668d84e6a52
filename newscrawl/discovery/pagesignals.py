"""Cheap page signals: is a fetched HTML page worth handing to extraction?

Discovery only filters what is *clearly* not an article (home, tag, author, section fronts);
when in doubt the page is yielded and the extraction pipeline decides. The page's own
declarations come first (``og:type=article``, JSON-LD ``*Article``/``BlogPosting``,
``article:published_time``), then the URL's shape (:func:`~newscrawl.discovery.links.classify_url`),
then listing declarations (JSON-LD ``CollectionPage``…, or ``og:type=website`` on a
section-shaped URL such as ``/world/``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from parsel import Selector

from newscrawl.discovery.links import UrlKind, classify_url, is_section_shaped

ARTICLE_TYPES = frozenset({"BlogPosting", "LiveBlogPosting", "Report"})
"""JSON-LD types that declare an article besides every ``...Article`` type."""
LISTING_TYPES = frozenset({"CollectionPage", "ItemList", "SearchResultsPage", "ProfilePage"})
MAX_JSONLD_CHARS = 512 * 1024
"""Bigger JSON-LD blocks are skipped: this is a cheap check, not extraction."""


@dataclass(frozen=True, slots=True)
class PageSignals:
    og_type: str | None
    jsonld_types: frozenset[str]
    published_time: bool
    """The page has ``<meta property="article:published_time">``."""

    def article_reason(self) -> str | None:
        if self.og_type == "article":
            return "og_type_article"
        for type_ in sorted(self.jsonld_types):
            if type_.endswith("Article") or type_ in ARTICLE_TYPES:
                return f"jsonld_{type_}"
        if self.published_time:
            return "published_time"
        return None

    def listing_reason(self) -> str | None:
        for type_ in sorted(self.jsonld_types & LISTING_TYPES):
            return f"jsonld_{type_}"
        return None


def _types(node: Any, depth: int = 0) -> Iterator[str]:
    """``@type`` values of top-level JSON-LD nodes and of their ``@graph`` members."""
    if depth > 2:
        return
    if isinstance(node, list):
        for item in node:
            yield from _types(item, depth + 1)
    elif isinstance(node, dict):
        type_ = node.get("@type")
        if isinstance(type_, str):
            yield type_.rpartition("/")[2]
        elif isinstance(type_, list):
            yield from (t.rpartition("/")[2] for t in type_ if isinstance(t, str))
        if "@graph" in node:
            yield from _types(node["@graph"], depth + 1)


def read_page_signals(selector: Selector) -> PageSignals:
    """Read the declarations that say "article" or "listing" from a parsed page."""
    og_type = selector.xpath("//meta[@property='og:type']/@content").get()
    types: set[str] = set()
    for script in selector.xpath("//script[@type='application/ld+json']/text()").getall():
        if len(script) > MAX_JSONLD_CHARS:
            continue
        try:
            types.update(_types(json.loads(script)))
        except (ValueError, RecursionError):
            continue
    published = selector.xpath(
        "//meta[@property='article:published_time' or @name='article:published_time']/@content"
    ).get()
    return PageSignals(
        og_type=og_type.strip().lower() if og_type else None,
        jsonld_types=frozenset(types),
        published_time=bool(published and published.strip()),
    )


class PageKind(StrEnum):
    ARTICLE = "article"
    """Declared or shaped like an article."""
    LISTING = "listing"
    """Clearly not an article: not yielded."""
    UNKNOWN = "unknown"
    """No clear signal either way: yielded, extraction decides."""


@dataclass(frozen=True, slots=True)
class PageVerdict:
    kind: PageKind
    reason: str

    @property
    def should_yield(self) -> bool:
        return self.kind is not PageKind.LISTING


def judge_page(url: str, signals: PageSignals) -> PageVerdict:
    """Decide whether the page at ``url`` is yielded to extraction, and why."""
    reason = signals.article_reason()
    if reason:
        return PageVerdict(PageKind.ARTICLE, reason)
    url_class = classify_url(url)
    if url_class.kind in (UrlKind.LISTING, UrlKind.ASSET):
        return PageVerdict(PageKind.LISTING, url_class.reason)
    if url_class.kind is UrlKind.ARTICLE:
        return PageVerdict(PageKind.ARTICLE, f"url_{url_class.reason}")
    reason = signals.listing_reason()
    if reason:
        return PageVerdict(PageKind.LISTING, reason)
    if signals.og_type in ("website", "profile") and is_section_shaped(url):
        return PageVerdict(PageKind.LISTING, "section")
    return PageVerdict(PageKind.UNKNOWN, "no_signal")
