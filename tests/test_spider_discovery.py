"""Discovery: URL rules, page signals, document sniffing, and real ``news`` crawls.

The crawls run ``python -m scrapy crawl news`` in a subprocess (a Twisted reactor cannot be
restarted in one process) against :class:`tests.support.discovery_site.DiscoverySite`, with
the settings of ``tests/support/discovery_settings.py`` (no extraction pipelines; items are
collected through a JSON Lines feed export, stats through a JSON dump). The site's request
log tells what was fetched and, as important, what never was.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Request, Response, TextResponse, XmlResponse
from scrapy.statscollectors import MemoryStatsCollector

from newscrawl.discovery.documents import (
    DocumentKind,
    document_body,
    root_name,
    sitemap_entries,
    sniff,
)
from newscrawl.discovery.links import (
    UrlKind,
    classify_url,
    is_on_site,
    is_section_shaped,
    never_follow_reason,
    origin_domain,
)
from newscrawl.discovery.pagesignals import PageKind, judge_page, read_page_signals
from newscrawl.discovery.sitefile import SiteFileError
from newscrawl.normalize.urls import is_http_url, strip_tracking_params
from newscrawl.spiders.news import META_HINTS, META_SITE, NewsSpider, utc_now_iso
from tests.support.discovery_site import DiscoverySite

REPO = Path(__file__).resolve().parent.parent

FETCHED_AT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
STATS = "newscrawl/discovery/"


# -- URL rules ------------------------------------------------------------------------------


class TestCleanLink:
    """Tracking parameters and fragments go; every other byte of the query stays."""

    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            ("https://n.example/a?utm_source=x&utm_medium=y", "https://n.example/a"),
            ("https://n.example/a?id=3&UTM_Campaign=z&fbclid=q#top", "https://n.example/a?id=3"),
            ("https://n.example/a?gclid=1&page=2&ref=home", "https://n.example/a?page=2"),
            ("https://n.example/a?b=2&a=1&b=3", "https://n.example/a?b=2&a=1&b=3"),
            (
                "https://n.example/a?gallery=2&source=rss",
                "https://n.example/a?gallery=2&source=rss",
            ),
            (
                "https://n.example/a?referrer=x&prefix_ref=y",
                "https://n.example/a?referrer=x&prefix_ref=y",
            ),
            ("https://n.example/a#comments", "https://n.example/a"),
            ("https://n.example/a", "https://n.example/a"),
        ],
    )
    def test_strip_tracking_params(self, url: str, expected: str) -> None:
        assert strip_tracking_params(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://n.example/a", True),
        ("HTTPS://n.example:8443", True),
        ("ftp://n.example/a", False),
        ("file:///etc/passwd", False),
        ("mailto:a@n.example", False),
        ("javascript:void(0)", False),
        ("/relative/path", False),
        ("http:///no-host", False),
        ("http://n.example:abc/", False),
        ("http://n.example:99999/", False),
        ("http://[::1", False),
    ],
)
def test_is_http_url(url: str, expected: bool) -> None:
    assert is_http_url(url) is expected


class TestOnSite:
    """A site is host *and* port: two demo sites on 127.0.0.1 are two sites."""

    @pytest.mark.parametrize(
        ("url", "domains", "expected"),
        [
            ("http://127.0.0.1:8001/a", ["127.0.0.1:8001"], True),
            ("http://127.0.0.1:8002/a", ["127.0.0.1:8001"], False),
            ("http://127.0.0.1/a", ["127.0.0.1:8001"], False),
            ("https://www.example.com/a", ["example.com"], True),
            ("http://example.com/a", ["example.com"], True),
            ("https://example.com:443/a", ["example.com"], True),
            ("http://example.com:8080/a", ["example.com"], False),
            ("https://notexample.com/a", ["example.com"], False),
            ("https://example.com.evil.net/a", ["example.com"], False),
            ("ftp://example.com/a", ["example.com"], False),
            ("mailto:a@example.com", ["example.com"], False),
            ("http://example.com:99999/a", ["example.com"], False),
            ("http://b.example/a", ["a.example", "b.example"], True),
        ],
    )
    def test_is_on_site(self, url: str, domains: list[str], expected: bool) -> None:
        assert is_on_site(url, domains) is expected

    @pytest.mark.parametrize(
        ("url", "domain"),
        [
            ("http://127.0.0.1:8001/", "127.0.0.1:8001"),
            ("https://WWW.Example.com/x", "www.example.com"),
            ("http://example.com:80/", "example.com"),
            ("https://example.com:8443/", "example.com:8443"),
        ],
    )
    def test_origin_domain(self, url: str, domain: str) -> None:
        assert origin_domain(url) == domain


@pytest.mark.parametrize(
    ("url", "kind", "reason"),
    [
        ("https://n.example/", UrlKind.LISTING, "home"),
        ("https://n.example", UrlKind.LISTING, "home"),
        ("https://n.example/index.html", UrlKind.LISTING, "home"),
        ("https://n.example/tag/economy/", UrlKind.LISTING, "tag"),
        ("https://n.example/topics/climate", UrlKind.LISTING, "tag"),
        ("https://n.example/category/world/page/3/", UrlKind.LISTING, "pagination"),
        ("https://n.example/world/?page=2", UrlKind.LISTING, "pagination"),
        ("https://n.example/author/jane-doe/", UrlKind.LISTING, "author"),
        ("https://n.example/search?q=x", UrlKind.LISTING, "search"),
        ("https://n.example/?s=budget", UrlKind.LISTING, "search"),
        ("https://n.example/login", UrlKind.LISTING, "account"),
        ("https://n.example/wp-login.php", UrlKind.LISTING, "account"),
        ("https://n.example/about", UrlKind.LISTING, "static"),
        ("https://n.example/2024/03/", UrlKind.LISTING, "archive"),
        ("https://n.example/2024/", UrlKind.LISTING, "archive"),
        ("https://n.example/feed/", UrlKind.LISTING, "feed"),
        ("https://n.example/mot-cle/lac/", UrlKind.LISTING, "tag"),
        ("https://n.example/auteur/elodie-garnier/", UrlKind.LISTING, "author"),
        ("https://n.example/rubrik/politik", UrlKind.LISTING, "category"),
        ("https://n.example/suche/", UrlKind.LISTING, "search"),
        ("https://n.example/mentions-legales/", UrlKind.LISTING, "static"),
        ("https://n.example/img/photo.JPG", UrlKind.ASSET, "jpg"),
        ("https://n.example/static/site.css?v=3", UrlKind.ASSET, "css"),
        ("https://n.example/files/report.pdf", UrlKind.ASSET, "pdf"),
        ("https://n.example/2024/03/05/budget-vote", UrlKind.ARTICLE, "date_path"),
        ("https://n.example/news/20240305/budget", UrlKind.ARTICLE, "date_path"),
        ("https://n.example/world/europe/budget-vote-passes-narrowly", UrlKind.ARTICLE, "slug"),
        ("https://n.example/world/story-12345678.html", UrlKind.ARTICLE, "numeric_id"),
        ("https://n.example/topics/climate/2024/03/ice-melts", UrlKind.ARTICLE, "date_path"),
        # A listing word followed by a headline-like or numbered last segment: an article.
        ("https://n.example/archiv/hafen-erhaelt-neue-kraene-73813", UrlKind.ARTICLE, "slug"),
        ("https://n.example/themen/the-long-road-back-to-the-harbour", UrlKind.ARTICLE, "slug"),
        ("https://n.example/presse/archiv/neue-kraene-im-hafen.html", UrlKind.ARTICLE, "slug"),
        ("https://n.example/tag/new-york-city/", UrlKind.LISTING, "tag"),
        ("https://n.example/news_view.html?idx=77&page=1", UrlKind.UNKNOWN, ""),
        ("https://n.example/news_view.html?idx=77&page=2", UrlKind.LISTING, "pagination"),
        ("https://n.example/?p=123", UrlKind.UNKNOWN, ""),
        ("https://n.example/world/", UrlKind.UNKNOWN, ""),
        ("https://n.example/story/abcdef", UrlKind.UNKNOWN, ""),
        ("https://n.example/rss.xml", UrlKind.UNKNOWN, ""),
        ("https://n.example/news.rss", UrlKind.UNKNOWN, ""),
    ],
)
def test_classify_url(url: str, kind: UrlKind, reason: str) -> None:
    assert (classify_url(url).kind, classify_url(url).reason) == (kind, reason)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://n.example/a.png", "asset"),
        ("https://n.example/search?q=x", "search"),
        ("https://n.example/logout", "account"),
        ("https://n.example/tag/x/", None),  # listings are followed for discovery
        ("https://n.example/2024/03/05/story", None),
    ],
)
def test_never_follow(url: str, reason: str | None) -> None:
    assert never_follow_reason(classify_url(url)) == reason


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://n.example/world/", True),
        ("https://n.example/news/world-cup", True),
        ("https://n.example/a/b/c", False),
        ("https://n.example/world?x=1", False),
        ("https://n.example/", False),
        ("https://n.example/story/abc123", False),
    ],
)
def test_section_shaped(url: str, expected: bool) -> None:
    assert is_section_shaped(url) is expected


# -- page signals -------------------------------------------------------------------------


def html(url: str, head: str = "", body: str = "<p>text</p>") -> HtmlResponse:
    page = f"<html><head>{head}</head><body>{body}</body></html>"
    return HtmlResponse(url, body=page.encode(), encoding="utf-8")


OG_ARTICLE = '<meta property="og:type" content="article">'
OG_WEBSITE = '<meta property="og:type" content="website">'


def ld(json_text: str) -> str:
    return f'<script type="application/ld+json">{json_text}</script>'


@pytest.mark.parametrize(
    ("url", "head", "kind", "reason"),
    [
        ("https://n.example/", OG_ARTICLE, "article", "og_type_article"),
        (
            "https://n.example/world/",
            ld(
                '{"@graph": [{"@type": "WebPage"}, {"@type": ["Thing", "https://schema.org/NewsArticle"]}]}'
            ),
            "article",
            "jsonld_NewsArticle",
        ),
        ("https://n.example/x", ld('[{"@type": "BlogPosting"}]'), "article", "jsonld_BlogPosting"),
        (
            "https://n.example/x",
            '<meta property="article:published_time" content="2024-03-05">',
            "article",
            "published_time",
        ),
        ("https://n.example/tag/economy/", "", "listing", "tag"),
        ("https://n.example/", OG_WEBSITE, "listing", "home"),
        ("https://n.example/2024/03/05/story", OG_WEBSITE, "article", "url_date_path"),
        (
            "https://n.example/x",
            ld('{"@type": "CollectionPage"}'),
            "listing",
            "jsonld_CollectionPage",
        ),
        ("https://n.example/world/", OG_WEBSITE, "listing", "section"),
        # in doubt: yielded
        ("https://n.example/world/", "", "unknown", "no_signal"),
        ("https://n.example/story/abc123", OG_WEBSITE, "unknown", "no_signal"),
        ("https://n.example/x", ld("{not json"), "unknown", "no_signal"),
    ],
)
def test_judge_page(url: str, head: str, kind: str, reason: str) -> None:
    verdict = judge_page(url, read_page_signals(html(url, head).selector))
    assert (verdict.kind, verdict.reason) == (PageKind(kind), reason)
    assert verdict.should_yield is (kind != "listing")


# -- document sniffing --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "name"),
    [
        (b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- c --><urlset xmlns="x">', "urlset"),
        (b"  <sitemapindex>", "sitemapindex"),
        (b'<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><rss version="2.0">', "rss"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b"<rdf:RDF xmlns:rdf='x'>", "rdf"),
        (b"<!DOCTYPE html>\n<HTML lang=en>", "html"),
        (b"{}", None),
        (b"", None),
    ],
)
def test_root_name(body: bytes, name: str | None) -> None:
    assert root_name(body) == name


@pytest.mark.parametrize(
    ("response", "kind"),
    [
        (XmlResponse("http://n.example/s.xml", body=b"<urlset/>"), DocumentKind.SITEMAP),
        (HtmlResponse("http://n.example/atom", body=b"<feed/>"), DocumentKind.FEED),
        (HtmlResponse("http://n.example/", body=b"<div>no html tag</div>"), DocumentKind.HTML),
        (TextResponse("http://n.example/x", body=b"<html></html>"), DocumentKind.HTML),
        (TextResponse("http://n.example/x.json", body=b'{"a": 1}'), DocumentKind.OTHER),
        (Response("http://n.example/x.bin", body=b"<html></html>"), DocumentKind.OTHER),
        (XmlResponse("http://n.example/x.xml", body=b"<other/>"), DocumentKind.OTHER),
    ],
)
def test_sniff(response: Response, kind: DocumentKind) -> None:
    assert sniff(response, response.body) is kind


class TestDocumentBody:
    """Gzipped sitemaps are inflated within DOWNLOAD_MAXSIZE, as SitemapSpider does."""

    def test_plain_body_is_returned_as_is(self) -> None:
        response = XmlResponse("http://n.example/s.xml", body=b"<urlset/>")
        assert document_body(response, 10) is response.body

    def test_gzip_is_inflated(self) -> None:
        body = gzip.compress(b"<urlset><url><loc>http://n.example/a</loc></url></urlset>")
        response = Response("http://n.example/s.xml.gz", body=body)
        inflated = document_body(response, 1024)
        assert inflated is not None
        assert sniff(response, inflated) is DocumentKind.SITEMAP
        assert sitemap_entries(inflated) == ("urlset", [{"loc": "http://n.example/a"}])

    def test_gzip_bomb_stops_at_max_size(self) -> None:
        response = Response("http://n.example/s.xml.gz", body=gzip.compress(b" " * 200_000))
        assert document_body(response, 10_000) is None

    def test_broken_gzip(self) -> None:
        response = Response("http://n.example/s.xml.gz", body=b"\x1f\x8b\x08garbage")
        assert document_body(response, 0) is None

    @pytest.mark.parametrize("body", [b"", b"garbage", b"<rss/>"])
    def test_not_a_sitemap(self, body: bytes) -> None:
        with pytest.raises(ValueError, match="not a sitemap"):
            sitemap_entries(body)


# -- Google News sitemaps -----------------------------------------------------------------

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
 <url><loc>http://n.example/2024/ferry-returns</loc>
  <news:news>
   <news:publication><news:name>Nordkurier</news:name><news:language>de</news:language>
   </news:publication>
   <news:publication_date>2024-05-02T08:00:00+02:00</news:publication_date>
   <news:title>Fähre fährt wieder nach Hiddensee</news:title>
  </news:news></url>
 <url><loc>http://n.example/2024/harbour-fees</loc><lastmod>2024-05-06</lastmod>
  <news:news><news:publication_date>2024-04-20</news:publication_date>
   <news:title>Hafengebühren steigen</news:title></news:news></url>
 <url><loc>http://n.example/2024/no-news-block</loc><lastmod>2024-05-03</lastmod></url>
</urlset>""".encode()


class TestNewsSitemap:
    """A Google News sitemap dates its entries by ``<news:publication_date>`` (often its only
    date) and names each article's headline and language: Scrapy's ``Sitemap`` keeps none of
    it (it reads an entry's direct children only)."""

    def test_entries_carry_the_news_fields(self) -> None:
        kind, entries = sitemap_entries(NEWS_SITEMAP)
        assert kind == "urlset"
        assert entries == [
            {
                "loc": "http://n.example/2024/ferry-returns",
                "news_published": "2024-05-02T08:00:00+02:00",
                "news_title": "Fähre fährt wieder nach Hiddensee",
                "news_language": "de",
            },
            {
                "loc": "http://n.example/2024/harbour-fees",
                "lastmod": "2024-05-06",
                "news_published": "2024-04-20",
                "news_title": "Hafengebühren steigen",
            },
            {"loc": "http://n.example/2024/no-news-block", "lastmod": "2024-05-03"},
        ]

    def test_since_reads_the_publication_date_and_hints_reach_the_request(self) -> None:
        """``--since`` keeps the entries published on or after the day (a later ``lastmod``
        is an edit, not a publication); what the entry says travels as page hints."""
        crawler = Crawler(NewsSpider, {})
        spider = NewsSpider.from_crawler(crawler, target="http://n.example/", since="2024-05-01")
        crawler.stats = MemoryStatsCollector(crawler)
        url = "http://n.example/news-sitemap.xml"
        meta = {META_SITE: next(iter(spider.sites))}
        response = XmlResponse(url, body=NEWS_SITEMAP, request=Request(url, meta=meta))
        requests = {r.url: r.meta[META_HINTS] for r in spider.parse(response)}
        assert requests == {
            "http://n.example/2024/ferry-returns": {
                "published": "2024-05-02T08:00:00+02:00",
                "title": "Fähre fährt wieder nach Hiddensee",
                "language": "de",
            },
            "http://n.example/2024/no-news-block": {
                "published": "2024-05-03",
                "modified": "2024-05-03",
            },
        }
        assert crawler.stats.get_value("newscrawl/discovery/since_skipped/sitemap") == 1

    def test_until_goes_by_the_publication_date_only(self) -> None:
        """After ``until``: a news entry published later is skipped; an entry whose only
        date is a later ``lastmod`` may be an edit of a page of the window, so it is kept."""
        crawler = Crawler(NewsSpider, {})
        spider = NewsSpider.from_crawler(crawler, target="http://n.example/", until="2024-04-30")
        crawler.stats = MemoryStatsCollector(crawler)
        url = "http://n.example/news-sitemap.xml"
        meta = {META_SITE: next(iter(spider.sites))}
        response = XmlResponse(url, body=NEWS_SITEMAP, request=Request(url, meta=meta))
        assert sorted(r.url for r in spider.parse(response)) == [
            "http://n.example/2024/harbour-fees",  # published 2024-04-20, edited 2024-05-06
            "http://n.example/2024/no-news-block",
        ]
        assert crawler.stats.get_value("newscrawl/discovery/until_skipped/sitemap") == 1

    def test_a_window_skips_children_of_an_index_named_by_period(self) -> None:
        index = b"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <sitemap><loc>http://n.example/sitemaps/2024/09/</loc></sitemap>
 <sitemap><loc>http://n.example/sitemaps/2024/10/</loc></sitemap>
 <sitemap><loc>http://n.example/sitemaps/2024/11/</loc></sitemap>
 <sitemap><loc>http://n.example/sitemap-2024-10-31.xml</loc></sitemap>
 <sitemap><loc>http://n.example/sitemap-2024-11-01.xml</loc></sitemap>
 <sitemap><loc>http://n.example/sitemap-2023.xml</loc></sitemap>
 <sitemap><loc>http://n.example/sitemap-pages.xml</loc></sitemap>
</sitemapindex>"""
        crawler = Crawler(NewsSpider, {})
        spider = NewsSpider.from_crawler(
            crawler, target="http://n.example/", since="2024-10-01", until="2024-10-31"
        )
        crawler.stats = MemoryStatsCollector(crawler)
        url = "http://n.example/sitemap.xml"
        meta = {META_SITE: next(iter(spider.sites))}
        response = XmlResponse(url, body=index, request=Request(url, meta=meta))
        assert sorted(r.url for r in spider.parse(response)) == [
            "http://n.example/sitemap-2024-10-31.xml",
            "http://n.example/sitemap-pages.xml",  # names no period: read
            "http://n.example/sitemaps/2024/10/",
        ]
        assert crawler.stats.get_value("newscrawl/discovery/window_skipped/sitemap") == 4


# -- spider arguments ---------------------------------------------------------------------


class TestSpiderArguments:
    """Arguments are checked when the spider is built, with the site-file error messages."""

    def test_comma_separated_and_list_targets(self, tmp_path: Path) -> None:
        toml = tmp_path / "s.toml"
        toml.write_text('name = "S"\nstart_urls = ["http://127.0.0.1:9001/"]\nmax_depth = 4\n')
        spider = NewsSpider(
            target=f"http://127.0.0.1:9002/, {toml} ,http://127.0.0.1:9002/feed.rss",
            language="de",
            date_order="dmy",
            allow="/20\\d\\d/,x",
            deny=["/video/"],
        )
        assert list(spider.sites) == ["S", "127.0.0.1:9002"]
        site_file, bare = spider.sites.values()
        assert bare.start_urls == ("http://127.0.0.1:9002/", "http://127.0.0.1:9002/feed.rss")
        assert site_file.max_depth == 4 and bare.max_depth == 2
        assert site_file.hints() == {"site_name": "S", "language": "de", "date_order": "DMY"}
        assert [p.pattern for p in bare.allow] == ["/20\\d\\d/,x"]  # a regex is never split
        assert [p.pattern for p in bare.deny] == ["/video/"]
        assert spider.allowed_domains == ["127.0.0.1"]

        listed = NewsSpider(target=["http://127.0.0.1:9002/", str(toml)], max_depth="1")
        assert {site.max_depth for site in listed.sites.values()} == {1}

    def test_a_directory_target_is_every_site_file_in_it(self, tmp_path: Path) -> None:
        for name, port in (("b-second", 9004), ("a-first", 9003)):
            (tmp_path / f"{name}.toml").write_text(
                f'name = "{name}"\nstart_urls = ["http://127.0.0.1:{port}/"]\n', encoding="utf-8"
            )
        (tmp_path / "notes.txt").write_text("not a site file", encoding="utf-8")
        spider = NewsSpider(target=str(tmp_path))
        assert list(spider.sites) == ["a-first", "b-second"]
        empty = tmp_path / "empty"
        empty.mkdir()
        with pytest.raises(SiteFileError, match="holds no"):
            NewsSpider(target=str(empty))

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({}, "give -a target"),
            ({"target": " , "}, "give -a target"),
            ({"target": "ftp://n.example/"}, "is not an http(s) URL"),
            ({"target": "javascript:alert(1)"}, "is not an http(s) URL"),
            ({"target": "no-such-file"}, "neither an http(s) URL nor a site file"),
            ({"target": "missing.toml"}, "cannot read site file"),
            ({"target": "http://n.example/", "since": "03/01/2024"}, "since: '03/01/2024'"),
            ({"target": "http://n.example/", "until": "soon"}, "until: 'soon'"),
            (
                {"target": "http://n.example/", "since": "2024-05-02", "until": "2024-05-01"},
                "until: 2024-05-01 is before since: 2024-05-02",
            ),
            ({"target": "http://n.example/", "max_depth": "two"}, "max_depth: 'two'"),
            ({"target": "http://n.example/", "deny": "(x"}, "deny: invalid regex"),
            ({"target": "http://n.example/", "language": "english"}, "language:"),
            ({"target": "http://n.example/", "date_order": "XYZ"}, "date_order:"),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, Any], message: str) -> None:
        with pytest.raises(SiteFileError, match=re.escape(message)):
            NewsSpider(**kwargs)

    def test_depth_limit_follows_the_deepest_site(self) -> None:
        crawler = Crawler(NewsSpider, {"DEPTH_LIMIT": 3})  # settings not frozen yet
        NewsSpider.from_crawler(crawler, target="http://127.0.0.1:9002/", max_depth="4")
        assert crawler.settings.getint("DEPTH_LIMIT") == 4
        crawler = Crawler(NewsSpider, {})
        NewsSpider.from_crawler(crawler, target="http://127.0.0.1:9002/")
        assert crawler.settings.getint("DEPTH_LIMIT") == 2

    def test_fetched_at_format(self) -> None:
        assert FETCHED_AT.fullmatch(utc_now_iso())


# -- real crawls --------------------------------------------------------------------------


@dataclass
class Crawl:
    items: list[dict[str, Any]]
    stats: dict[str, Any]
    requested: list[str]
    """Path (and query) of every request the demo site received, in order."""
    offsite_requested: list[str]
    stderr: str

    def item(self, path: str) -> dict[str, Any]:
        matches = [item for item in self.items if _path(item["url"]) == path]
        assert len(matches) == 1, f"{path}: {len(matches)} items"
        return matches[0]

    @property
    def yielded(self) -> set[str]:
        return {_path(item["url"]) for item in self.items}

    def stat(self, key: str) -> int:
        return self.stats.get(STATS + key, 0)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def run_crawl(site: DiscoverySite, out: Path, target: str, *args: str) -> Crawl:
    items_path, stats_path = out / "items.jsonl", out / "stats.json"
    command = [
        sys.executable,
        "-W",
        "error::DeprecationWarning",
        "-m",
        "scrapy",
        "crawl",
        "news",
        "-a",
        f"target={target}",
        *args,
        "-O",
        str(items_path),
        "-s",
        f"STATS_DUMP_FILE={stats_path}",
    ]
    env = {
        **os.environ,
        "SCRAPY_SETTINGS_MODULE": "tests.support.discovery_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    mark = site.mark()
    proc = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    requested, offsite = site.requests_since(mark)
    lines = items_path.read_text(encoding="utf-8").splitlines()
    return Crawl(
        items=[json.loads(line) for line in lines],
        stats=json.loads(stats_path.read_text()),
        requested=requested,
        offsite_requested=offsite,
        stderr=proc.stderr,
    )


@pytest.fixture(scope="module")
def site() -> Iterator[DiscoverySite]:
    demo = DiscoverySite()
    demo.start()
    yield demo
    demo.stop()


@pytest.fixture(scope="module")
def full_crawl(site: DiscoverySite, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    return run_crawl(site, tmp_path_factory.mktemp("full"), site.url("/"))


@pytest.fixture(scope="module")
def follow_crawl(site: DiscoverySite, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    return run_crawl(
        site,
        tmp_path_factory.mktemp("follow"),
        site.url("/"),
        "-s",
        "NEWSCRAWL_FOLLOW_ARTICLE_LINKS=True",
    )


@pytest.fixture(scope="module")
def since_crawl(site: DiscoverySite, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    return run_crawl(
        site,
        tmp_path_factory.mktemp("since"),
        site.url("/"),
        "-a",
        "since=2024-01-01",
        "-a",
        "max_depth=1",
    )


@pytest.fixture(scope="module")
def site_file_crawl(site: DiscoverySite, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    out = tmp_path_factory.mktemp("sitefile")
    toml = out / "demo.toml"
    toml.write_text(
        'name = "Discovery Demo"\n'
        f'domains = ["{site.domain}"]\n'
        f'feeds = ["{site.url("/feed.rss")}"]\n'
        'deny = ["rss-old"]\n'
        'language = "en"\n'
        'date_order = "DMY"\n'
        "max_depth = 0\n",
        encoding="utf-8",
    )
    # Two targets: the site file, and one bare URL on the "off-site" server (its own site).
    return run_crawl(site, out, f"{toml},{site.offsite.base}/offsite-story")


class TestFullCrawl:
    """A default crawl from the home page finds articles through every discovery path."""

    def test_runs_clean(self, full_crawl: Crawl) -> None:
        assert "Warning" not in full_crawl.stderr
        assert "Traceback" not in full_crawl.stderr
        assert full_crawl.stats["finish_reason"] == "finished"

    def test_robots_sitemap_index_and_child_sitemaps(self, full_crawl: Crawl) -> None:
        for path in ("/sitemap_index.xml", "/sitemap-news.xml", "/sitemap-archive.xml.gz"):
            assert path in full_crawl.requested
        assert full_crawl.item(DiscoverySite.SITEMAP_ARTICLES[0])["hints"] == {
            "published": "2024-03-08T09:30:00+00:00",
            "modified": "2024-03-08T09:30:00+00:00",  # a plain sitemap's lastmod is both
            "source": "sitemap",
        }
        assert full_crawl.item(DiscoverySite.SITEMAP_ARTICLES[1])["hints"]["published"] == (
            "2023-11-02"
        )
        # The gzipped child sitemap was inflated and read.
        gz = full_crawl.item(DiscoverySite.GZIP_SITEMAP_ARTICLES[0])
        assert gz["hints"] == {
            "published": "2022-12-30",
            "modified": "2022-12-30",
            "source": "sitemap",
        }
        assert full_crawl.stat("sitemaps_from_robots") == 1

    def test_linked_atom_feed(self, full_crawl: Crawl) -> None:
        # /atom.xml is linked from the home page and served as text/html.
        assert "/atom.xml" in full_crawl.requested
        assert full_crawl.item(DiscoverySite.ATOM_ARTICLES[0])["hints"] == {
            "published": "2024-03-07T08:00:00Z",
            "title": "Atom only story",
            "source": "feed",
        }

    def test_linked_rss_feed(self, full_crawl: Crawl) -> None:
        # /feed.rss is linked (<link rel=alternate>) from the /world/ section only.
        assert full_crawl.item(DiscoverySite.RSS_ARTICLES[0])["hints"] == {
            "published": "Sat, 09 Mar 2024 10:00:00 GMT",
            "title": "RSS only story",
            "source": "feed",
        }
        assert full_crawl.stat("feeds_linked") >= 2

    def test_links_up_to_depth_two(self, full_crawl: Crawl) -> None:
        for path in DiscoverySite.DEPTH1_ARTICLES + DiscoverySite.DEPTH2_ARTICLES:
            assert full_crawl.item(path)["hints"] == {"source": "links"}
        assert "/world/more/" in full_crawl.requested  # depth 2: fetched, links not followed
        for path in DiscoverySite.DEPTH3_ARTICLES:
            assert path not in full_crawl.requested
        assert full_crawl.stats["request_depth_max"] == 2

    def test_articles_are_leaves(self, full_crawl: Crawl) -> None:
        # Listings are expanded; an article's own links are not followed.
        assert DiscoverySite.RELATED_ONLY not in full_crawl.requested
        assert full_crawl.stat("leaf_articles") >= len(DiscoverySite.DEPTH1_ARTICLES) - 1

    def test_article_links_followed_on_request(self, follow_crawl: Crawl) -> None:
        assert follow_crawl.item(DiscoverySite.RELATED_ONLY)["hints"] == {"source": "links"}
        assert follow_crawl.stat("leaf_articles") == 0
        assert DiscoverySite.DEPTH1_ARTICLES[0] in follow_crawl.yielded

    def test_in_doubt_pages_are_yielded(self, full_crawl: Crawl) -> None:
        # No declaration, unknown URL shape: extraction decides.
        assert "/story/quiet" in full_crawl.yielded
        # Section-shaped URL, but the page declares an article.
        assert "/opinion/editorial" in full_crawl.yielded

    def test_listings_are_fetched_but_not_yielded(self, full_crawl: Crawl) -> None:
        for path in DiscoverySite.LISTINGS:
            assert path in full_crawl.requested, path
            assert path not in full_crawl.yielded, path
        assert full_crawl.stat("skipped_listing") == len(DiscoverySite.LISTINGS)
        for reason in ("home", "tag", "author", "pagination", "section", "jsonld_CollectionPage"):
            assert full_crawl.stat(f"skipped_listing/{reason}") >= 1, reason

    def test_exactly_the_expected_pages_are_yielded(self, full_crawl: Crawl) -> None:
        expected = set(
            DiscoverySite.SITEMAP_ARTICLES
            + DiscoverySite.GZIP_SITEMAP_ARTICLES
            + DiscoverySite.RSS_ARTICLES
            + DiscoverySite.RSS_OLD_ARTICLES
            + DiscoverySite.ATOM_ARTICLES
            + DiscoverySite.ATOM_OLD_ARTICLES
            + DiscoverySite.DEPTH1_ARTICLES
            + DiscoverySite.DEPTH2_ARTICLES
            + [DiscoverySite.REDIRECT_FROM]
        )
        assert full_crawl.yielded == expected
        assert len(full_crawl.items) == len(expected)  # each page once

    def test_robots_disallow_assets_search_login_never_requested(self, full_crawl: Crawl) -> None:
        for path in DiscoverySite.NEVER_REQUESTED:
            assert path not in full_crawl.requested, path
        assert full_crawl.stats["robotstxt/forbidden"] >= 1
        assert full_crawl.stat("skipped_asset") == 3
        assert full_crawl.stat("skipped_search") == 1
        assert full_crawl.stat("skipped_account") == 1
        assert full_crawl.stat("skipped_listing_entry/tag") == 1

    def test_offsite_and_other_schemes_never_requested(self, full_crawl: Crawl) -> None:
        assert full_crawl.offsite_requested == []
        # A redirect to the same host on another port: dropped before it is fetched.
        assert DiscoverySite.REDIRECT_AWAY in full_crawl.requested
        assert full_crawl.stat("skipped_offsite_redirect") == 1
        assert full_crawl.stat("skipped_offsite") == 2  # a home-page link and a feed entry
        assert full_crawl.stat("skipped_not_http") == 3  # mailto:, javascript:, tel:
        assert full_crawl.stat("skipped_invalid_url") == 1  # http://[broken-ipv6/x

    def test_tracking_duplicate_fetched_once_without_parameters(self, full_crawl: Crawl) -> None:
        assert full_crawl.requested.count("/2024/03/05/home-linked-story") == 1
        assert not [p for p in full_crawl.requested if "utm_" in p or "fbclid" in p]
        assert full_crawl.requested.count("/story/quiet") == 1
        assert full_crawl.stat("tracking_params_stripped") == 1

    def test_redirect_keeps_discovered_url_and_final_url(self, full_crawl: Crawl) -> None:
        item = full_crawl.item(DiscoverySite.REDIRECT_FROM)
        assert _path(item["final_url"]) == DiscoverySite.REDIRECT_TO
        assert DiscoverySite.REDIRECT_TO not in full_crawl.yielded

    def test_non_html_and_errors_not_yielded(self, full_crawl: Crawl) -> None:
        assert "/2024/03/06/report-data-file" in full_crawl.requested
        assert "/2024/03/06/missing-story" in full_crawl.requested
        assert "/2024/03/06/report-data-file" not in full_crawl.yielded
        assert "/2024/03/06/missing-story" not in full_crawl.yielded
        assert full_crawl.stat("skipped_non_html") == 1

    def test_item_fields(self, full_crawl: Crawl, site: DiscoverySite) -> None:
        for item in full_crawl.items:
            assert FETCHED_AT.fullmatch(item["fetched_at"])
            assert item["html"].startswith("<!DOCTYPE html>")
            assert item["url"].startswith(site.url("/"))
            assert all(isinstance(v, str) for v in item["hints"].values())
            if _path(item["url"]) != DiscoverySite.REDIRECT_FROM:
                assert item["final_url"] is None
        assert full_crawl.stat("yielded/sitemap") == 3
        assert full_crawl.stat("yielded/feed") == 4
        assert full_crawl.stat("yielded/links") == 6


class TestSinceAndDepth:
    """``since`` drops old sitemap/feed entries before any request; ``max_depth=1`` stops links."""

    def test_old_sitemap_entries_and_sitemaps_not_requested(self, since_crawl: Crawl) -> None:
        assert "/sitemap-archive.xml.gz" not in since_crawl.requested  # index lastmod 2023
        for path in [*DiscoverySite.GZIP_SITEMAP_ARTICLES, DiscoverySite.SITEMAP_ARTICLES[1]]:
            assert path not in since_crawl.requested
        assert DiscoverySite.SITEMAP_ARTICLES[0] in since_crawl.yielded
        assert since_crawl.stat("since_skipped/sitemap") == 2

    def test_old_feed_entries_not_requested(self, since_crawl: Crawl) -> None:
        for path in DiscoverySite.RSS_OLD_ARTICLES + DiscoverySite.ATOM_OLD_ARTICLES:
            assert path not in since_crawl.requested
        for path in DiscoverySite.RSS_ARTICLES + DiscoverySite.ATOM_ARTICLES:
            assert path in since_crawl.yielded
        assert since_crawl.stat("since_skipped/feed") == 2

    def test_max_depth_one(self, since_crawl: Crawl) -> None:
        for path in DiscoverySite.DEPTH1_ARTICLES:
            assert path in since_crawl.yielded
        for path in [*DiscoverySite.DEPTH2_ARTICLES, "/world/more/"]:
            assert path not in since_crawl.requested
        # The RSS feed is linked from a depth-1 page: feeds do not count as link depth.
        assert "/feed.rss" in since_crawl.requested


class TestSiteFileTarget:
    """A site file is a target like a URL; its name, language and date order reach the hints."""

    def test_feed_from_site_file(self, site_file_crawl: Crawl) -> None:
        assert site_file_crawl.item(DiscoverySite.RSS_ARTICLES[0])["hints"] == {
            "site_name": "Discovery Demo",
            "language": "en",
            "date_order": "DMY",
            "published": "Sat, 09 Mar 2024 10:00:00 GMT",
            "title": "RSS only story",
            "source": "feed",
        }

    def test_robots_sitemaps_of_the_site_carry_site_hints(self, site_file_crawl: Crawl) -> None:
        item = site_file_crawl.item(DiscoverySite.SITEMAP_ARTICLES[0])
        assert item["hints"]["site_name"] == "Discovery Demo"
        assert item["hints"]["source"] == "sitemap"

    def test_deny_pattern_and_no_link_following(self, site_file_crawl: Crawl) -> None:
        assert DiscoverySite.RSS_OLD_ARTICLES[0] not in site_file_crawl.requested
        assert site_file_crawl.stat("skipped_denied") == 1
        assert "/" not in site_file_crawl.requested  # not a start point, and max_depth = 0
        for path in DiscoverySite.DEPTH1_ARTICLES + DiscoverySite.ATOM_ARTICLES:
            assert path not in site_file_crawl.requested

    def test_second_target_is_its_own_site(self, site_file_crawl: Crawl) -> None:
        # The bare URL on the other port is crawled as a site of its own, without the site
        # file's hints; the feed entry pointing there is still off-site for the demo site.
        assert site_file_crawl.offsite_requested.count("/offsite-story") == 1
        assert "/offsite-feed-story" not in site_file_crawl.offsite_requested
        offsite = [i for i in site_file_crawl.items if _path(i["url"]) == "/offsite-story"]
        assert [i["hints"] for i in offsite] == [{"source": "links"}]
        sources = Counter(i["hints"].get("site_name") for i in site_file_crawl.items)
        assert sources[None] == 1
