"""RSS 2.0, RSS 1.0 (RDF) and Atom entries: link, title and date as written in the feed.

Scrapy parses sitemaps (``scrapy.utils.sitemap.Sitemap``) but has no RSS/Atom entry parser,
and feedparser is not a project dependency, so feeds are read here with lxml directly, with
the same safety settings as Scrapy's sitemap parser: entities are not resolved (a
billion-laughs or XXE feed stays inert), no network access, no DTD loading and no
``huge_tree``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

FEED_ROOTS = {"rss": "rss", "feed": "atom", "rdf": "rdf"}
"""Local name of the root element → feed kind."""


class FeedError(ValueError):
    """The document is not an RSS or Atom feed, or not XML at all."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    url: str
    """Absolute link of the entry (resolved against the feed URL / ``xml:base``)."""
    title: str | None = None
    published: str | None = None
    """The date exactly as written (``pubDate``, ``published``, ``dc:date``, ``updated``)."""


@dataclass(frozen=True, slots=True)
class Feed:
    kind: str
    """``rss``, ``atom`` or ``rdf``."""
    entries: tuple[FeedEntry, ...]


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )


def _local(tag: object) -> str:
    if not isinstance(tag, str):  # comments, processing instructions, entities
        return ""
    return tag.rpartition("}")[2].lower() if "}" in tag else tag.rpartition(":")[2].lower()


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    text = "".join(element.itertext()).strip()
    return " ".join(text.split()) or None


def _child(element: etree._Element, *names: str) -> etree._Element | None:
    for name in names:
        for child in element:
            if _local(child.tag) == name:
                return child
    return None


def _atom_link(entry: etree._Element) -> str | None:
    fallback = None
    for child in entry:
        if _local(child.tag) != "link" or not child.get("href"):
            continue
        rel = (child.get("rel") or "alternate").lower()
        if rel == "alternate":
            return child.get("href")
        if fallback is None and rel not in ("self", "edit", "replies", "enclosure"):
            fallback = child.get("href")
    return fallback


def _rss_link(item: etree._Element) -> str | None:
    link = _text(_child(item, "link"))
    if link:
        return link
    guid = _child(item, "guid")
    if guid is not None and (guid.get("isPermaLink") or "true").lower() == "true":
        return _text(guid)
    about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
    return about or None


def _entries(root: etree._Element, kind: str, base_url: str) -> list[FeedEntry]:
    entry_tag = "entry" if kind == "atom" else "item"
    date_names = ("published", "updated", "issued", "modified", "pubdate", "date")
    entries = []
    for element in root.iter():
        if _local(element.tag) != entry_tag:
            continue
        link = _atom_link(element) if kind == "atom" else _rss_link(element)
        if not link:
            continue
        base = element.base or base_url  # honours xml:base on the entry or its ancestors
        try:
            url = urljoin(base, link.strip())
        except ValueError:  # e.g. a broken IPv6 literal: skip the entry, keep the feed
            continue
        entries.append(
            FeedEntry(
                url=url,
                title=_text(_child(element, "title")),
                published=_text(_child(element, *date_names)),
            )
        )
    return entries


def parse_feed(body: bytes, base_url: str = "") -> Feed:
    """Parse an RSS/Atom document into its entries, in document order.

    Raises :class:`FeedError` when ``body`` is not a feed.
    """
    try:
        root = etree.fromstring(body, parser=_parser(), base_url=base_url or None)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"not XML: {exc}") from exc
    if root is None:
        raise FeedError("empty document")
    kind = FEED_ROOTS.get(_local(root.tag))
    if kind is None:
        raise FeedError(f"root element <{root.tag}> is not rss, feed or rdf:RDF")
    return Feed(kind=kind, entries=tuple(_entries(root, kind, base_url)))
