"""What a fetched URL turned out to be: sitemap, feed, HTML page or something else.

A start URL may be a home page, a section, a feed or a sitemap, and servers label feeds and
sitemaps inconsistently (``text/html``, ``application/octet-stream``, gzip files), so the
kind is read from the body's root element first and from the response class second.
Gzipped bodies are inflated as Scrapy's ``SitemapSpider`` does, within ``DOWNLOAD_MAXSIZE``.
"""

from __future__ import annotations

import re
from contextlib import suppress
from enum import StrEnum
from io import BytesIO
from typing import Any

from lxml import etree
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap

SNIFF_BYTES = 4096


class DocumentKind(StrEnum):
    SITEMAP = "sitemap"
    """``<urlset>`` or ``<sitemapindex>``."""
    FEED = "feed"
    """``<rss>``, ``<feed>`` (Atom) or ``<rdf:RDF>`` (RSS 1.0)."""
    HTML = "html"
    OTHER = "other"
    """Anything else (images, PDFs, JSON, plain text, unreadable gzip): never yielded."""


_ROOTS = {
    "urlset": DocumentKind.SITEMAP,
    "sitemapindex": DocumentKind.SITEMAP,
    "rss": DocumentKind.FEED,
    "feed": DocumentKind.FEED,
    "rdf": DocumentKind.FEED,
    "html": DocumentKind.HTML,
}
# XML declaration, processing instructions, comments and a DOCTYPE before the root element.
_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)")


def document_body(response: Response, max_size: int) -> bytes | None:
    """The response body, gunzipped when it is a gzip file; ``None`` if it cannot be read.

    ``max_size`` bounds the inflated size (0 = no bound), like ``DOWNLOAD_MAXSIZE``.
    """
    if not gzip_magic_number(response):
        return response.body
    try:
        # Raises a ValueError subclass past max_size, OSError/EOFError on broken data.
        return gunzip(response.body, max_size=max_size)
    except (ValueError, OSError, EOFError):
        return None


def root_name(body: bytes) -> str | None:
    """Local name of the first element of ``body``, lower-cased (``rdf:RDF`` → ``rdf``)."""
    head = body[:SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf")
    prolog = _PROLOG.match(head)
    match = _ROOT.match(head, prolog.end() if prolog else 0)
    if not match:
        return None
    return match.group(1).decode("ascii", "replace").rpartition(":")[2].lower()


def sniff(response: Response, body: bytes | None) -> DocumentKind:
    """Classify a response whose (inflated) body is ``body``."""
    if body is None:
        return DocumentKind.OTHER
    kind = _ROOTS.get(root_name(body) or "")
    if kind is DocumentKind.HTML:
        return kind if isinstance(response, TextResponse) else DocumentKind.OTHER
    if kind is not None:
        return kind
    if isinstance(response, HtmlResponse) and body is response.body:
        return DocumentKind.HTML
    return DocumentKind.OTHER


def sitemap_entries(body: bytes) -> tuple[str, list[dict[str, Any]]]:
    """``(type, entries)`` of a sitemap, parsed by Scrapy's safe ``Sitemap`` class.

    ``type`` is ``urlset`` or ``sitemapindex``; entries are dicts with ``loc`` and, when
    present, ``lastmod``; the entries of a Google News sitemap also carry ``news_published``,
    ``news_title`` and ``news_language`` (see :func:`news_fields`). A document broken halfway
    keeps the entries before the break. Raises ``ValueError`` for a body that is not XML or
    not a sitemap.
    """
    try:
        sitemap = Sitemap(body)
    except (etree.XMLSyntaxError, StopIteration) as exc:
        raise ValueError(f"not a sitemap: {exc}") from None
    if sitemap.type not in ("urlset", "sitemapindex"):
        raise ValueError(f"not a sitemap: root element <{sitemap.type}>")
    entries: list[dict[str, Any]] = []
    with suppress(etree.XMLSyntaxError):
        entries.extend(sitemap)
    if sitemap.type == "urlset" and NEWS_NAMESPACE.encode() in body:
        news = news_fields(body)
        for entry in entries:
            if entry.get("news") == "":  # Scrapy's flattened <news:news>: its children are below
                del entry["news"]
            entry.update(news.get(entry["loc"], {}))
    return sitemap.type, entries


NEWS_NAMESPACE = "http://www.google.com/schemas/sitemap-news/0.9"
_NEWS = f"{{{NEWS_NAMESPACE}}}"
_NEWS_FIELDS = {
    "news_published": f"{_NEWS}publication_date",
    "news_title": f"{_NEWS}title",
    "news_language": f"{_NEWS}publication/{_NEWS}language",
}


def news_fields(body: bytes) -> dict[str, dict[str, str]]:
    """The Google News extension of each ``<url>`` of a sitemap, by ``loc``: the article's
    publication date, headline and language (``<news:news>``).

    News sitemaps often give no ``<lastmod>``: the publication date is their only date. Read
    in a pass of its own because Scrapy's ``Sitemap`` keeps an entry's direct children only
    (and clears the nested ones as it goes); the parser is as safe as Scrapy's (no entities,
    no network, recovering from breaks).
    """
    found: dict[str, dict[str, str]] = {}
    events = etree.iterparse(
        BytesIO(body),
        events=("end",),
        tag=f"{_NEWS}news",
        recover=True,
        resolve_entities=False,
        no_network=True,
        remove_comments=True,
        remove_pis=True,
    )
    with suppress(etree.XMLSyntaxError):
        for _, news in events:
            url = news.getparent()
            loc = _loc_of(url)
            if loc:
                fields = {k: news.findtext(path) for k, path in _NEWS_FIELDS.items()}
                found[loc] = {k: v.strip() for k, v in fields.items() if v and v.strip()}
            news.clear()
            # Drop the entries read so far, as Scrapy's Sitemap does: memory stays flat.
            urlset = url.getparent() if url is not None else None
            while urlset is not None and url.getprevious() is not None:
                del urlset[0]
    return found


def _loc_of(url: etree._Element | None) -> str | None:
    """The ``<loc>`` of a sitemap's ``<url>`` element, whatever its namespace."""
    for child in url if url is not None else ():
        if isinstance(child.tag, str) and child.tag.rpartition("}")[2] == "loc":
            return (child.text or "").strip() or None
    return None
