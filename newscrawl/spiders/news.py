"""The generic ``news`` spider: discover article pages of one or more sites and fetch them.

Usage::

    scrapy crawl news -a target=https://example.com/
    scrapy crawl news -a target=sites/example.toml,https://other.example/rss.xml \\
        -a since=2024-03-01 -a max_depth=1 -a deny='/video/'

Arguments (all optional except ``target``):

``target``
    Start URLs (home, section, RSS/Atom feed or sitemap: the kind is read from the response)
    and/or paths of TOML site files or of directories of them (``sites/``: every ``*.toml``
    in it), comma-separated, or a list when built from Python. Bare URLs of one origin
    (``host:port``) form one site.
``since`` / ``until``
    ``YYYY-MM-DD``: a date window. Sitemap/feed entries dated before ``since`` are not
    requested, nor news-sitemap entries published after ``until``, nor child sitemaps whose
    URL names a period outside the window (``sitemap-2025-10.xml``). The validate pipeline
    drops what extraction dates outside it (``NEWSCRAWL_SINCE`` / ``NEWSCRAWL_UNTIL``).
``allow`` / ``deny``
    Regex (a list from Python) added to every site's patterns. A URL matching a ``deny``
    pattern is never requested; with ``allow`` patterns, only matching page URLs are
    requested (start points, feeds and sitemaps are exempt).
``max_depth``
    Link-following depth from the start pages (default 2; overrides site files).
    Depth is Scrapy's ``request.meta["depth"]`` (DepthMiddleware); entries of feeds and
    sitemaps restart at depth 0 (``depth_reset``) because they are starting points too.
``language`` / ``date_order``
    Passed on in ``hints`` (override site files).

For each HTML page that may be an article the spider yields a
:class:`~newscrawl.items.FetchedPage`; it yields nothing else. Every decision is counted
in stats under ``newscrawl/discovery/``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.sitemap import sitemap_urls_from_robots
from w3lib.html import strip_html5_whitespace

from newscrawl.discovery.dates import is_after, is_before, url_period
from newscrawl.discovery.documents import (
    SNIFF_BYTES,
    DocumentKind,
    document_body,
    sitemap_entries,
    sniff,
)
from newscrawl.discovery.feeds import FeedError, parse_feed
from newscrawl.discovery.links import (
    UrlKind,
    classify_url,
    is_on_site,
    never_follow_reason,
    origin_domain,
    split_domain,
)
from newscrawl.discovery.pagesignals import PageKind, judge_page, read_page_signals
from newscrawl.discovery.sitefile import (
    SiteConfig,
    SiteFileError,
    check_date_order,
    check_language,
    check_max_depth,
    compile_patterns,
    load_site_file,
    site_for_urls,
)
from newscrawl.items import FetchedPage
from newscrawl.normalize.urls import is_http_url, strip_tracking_params

STATS_PREFIX = "newscrawl/discovery/"

# request.meta keys set by this spider
META_SITE = "newscrawl_site"
"""Key of the site (in ``NewsSpider.sites``) a request belongs to."""
META_SOURCE = "newscrawl_source"
"""How the URL was discovered: ``links``, ``sitemap`` or ``feed`` (→ ``hints["source"]``)."""
META_HINTS = "newscrawl_hints"
"""Feed/sitemap facts about the URL (``published``, ``modified``, ``title``, ``language``)."""
META_FOLLOW = "newscrawl_follow"
"""``False``: do not follow the page's links (feed and sitemap entries are leaves)."""

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml"})


def utc_now_iso() -> str:
    """Now in UTC as ``YYYY-MM-DDTHH:MM:SSZ`` (``FetchedPage.fetched_at``)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _split_targets(target: str | list[str] | tuple[str, ...] | None) -> list[str]:
    values = [target] if isinstance(target, str) else list(target or [])
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _as_patterns(value: str | list[str] | tuple[str, ...] | None) -> list[str]:
    # A regex may contain commas, so a string is one pattern, never split.
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _parse_day(value: str | date | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise SiteFileError(f"{name}: {value!r} is not a date like 2024-03-01") from None


def _load_sites(targets: list[str]) -> list[SiteConfig]:
    """Site files in order, then one site per origin of the bare URLs."""
    sites: list[SiteConfig] = []
    urls_by_origin: dict[str, list[str]] = {}
    for target in targets:
        if is_http_url(target):
            urls_by_origin.setdefault(origin_domain(target), []).append(target)
        elif "://" in target or target.startswith(("mailto:", "javascript:", "file:")):
            raise SiteFileError(f"target: {target!r} is not an http(s) URL")
        elif target.endswith(".toml") or Path(target).is_file():
            sites.append(load_site_file(target))
        elif Path(target).is_dir():
            files = sorted(Path(target).glob("*.toml"))
            if not files:
                raise SiteFileError(f"target: directory {target!r} holds no *.toml site file")
            sites.extend(load_site_file(path) for path in files)
        else:
            raise SiteFileError(f"target: {target!r} is neither an http(s) URL nor a site file")
    sites.extend(site_for_urls(urls) for urls in urls_by_origin.values())
    return sites


def _entry_hints(entry: dict[str, Any]) -> dict[str, str]:
    """What a sitemap entry says of its page: ``published`` (the news publication date, else
    ``lastmod``, the only date a plain sitemap gives), ``modified`` (``lastmod``: whether the
    page changed since an earlier run emitted it), and a news sitemap's ``title`` and
    ``language``."""
    lastmod = entry.get("lastmod") or None
    hints = {
        "published": entry.get("news_published") or lastmod,
        "modified": lastmod,
        "title": entry.get("news_title"),
        "language": entry.get("news_language"),
    }
    return {key: value for key, value in hints.items() if value}


class NewsSpider(Spider):
    name = "news"

    def __init__(
        self,
        target: str | list[str] | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        allow: str | list[str] | None = None,
        deny: str | list[str] | None = None,
        max_depth: str | int | None = None,
        language: str | None = None,
        date_order: str | None = None,
        *args: Any,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        targets = _split_targets(target)
        if not targets:
            raise SiteFileError("target: give -a target=URL_OR_SITE_FILE (comma-separated)")
        self.since = _parse_day(since, "since")
        self.until = _parse_day(until, "until")
        if self.since and self.until and self.until < self.since:
            raise SiteFileError(f"until: {self.until} is before since: {self.since}")
        overrides: dict[str, Any] = {}
        if max_depth is not None:
            overrides["max_depth"] = check_max_depth(max_depth)
        if language:
            overrides["language"] = check_language(language)
        if date_order:
            overrides["date_order"] = check_date_order(date_order)
        extra_allow = compile_patterns(_as_patterns(allow), "allow")
        extra_deny = compile_patterns(_as_patterns(deny), "deny")

        self.sites: dict[str, SiteConfig] = {}
        for site in _load_sites(targets):
            site = replace(
                site, allow=site.allow + extra_allow, deny=site.deny + extra_deny, **overrides
            )
            key, n = site.name, 1
            while key in self.sites:  # two site files with one name stay two sites
                n += 1
                key = f"{site.name} ({n})"
            self.sites[key] = site
        # For Scrapy's OffsiteMiddleware (host names); _drop_offsite checks the port too.
        self.allowed_domains = sorted(
            {split_domain(d)[0] for site in self.sites.values() for d in site.domains}
        )
        self._max_size = 0
        self._follow_article_links = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Settings can still change here (Scrapy >= 2.11). The deepest site sets Scrapy's
        # DEPTH_LIMIT; shallower sites stop following links at their own max_depth.
        depth = max(site.max_depth for site in spider.sites.values())
        if depth:
            crawler.settings.set("DEPTH_LIMIT", depth, priority="spider")
        spider._max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        spider._follow_article_links = crawler.settings.getbool(
            "NEWSCRAWL_FOLLOW_ARTICLE_LINKS", False
        )
        # Scrapy's OffsiteMiddleware compares host names only; this hook also drops requests
        # (redirects included: they are scheduled again) to the same host on another port.
        crawler.signals.connect(spider._drop_offsite, signal=signals.request_scheduled)
        return spider

    def date_order_for(self, url: str) -> str | None:
        """The ``date_order`` declared for the site ``url`` belongs to (read by the dates
        pipeline: :class:`newscrawl.pipelines.dates.SiteDateOrders`)."""
        for site in self.sites.values():
            if site.date_order and is_on_site(url, site.domains):
                return site.date_order
        return None

    # -- helpers -------------------------------------------------------------------------

    def _drop_offsite(self, request: Request) -> None:
        """``request_scheduled`` handler: raise ``IgnoreRequest`` for another site's URL."""
        site = self.sites.get(request.meta.get(META_SITE, ""))
        if site is None or request.meta.get("allow_offsite"):
            return
        if not is_on_site(request.url, site.domains):
            self._inc("skipped_offsite_redirect")
            raise IgnoreRequest(f"off-site for {site.name}: {request.url}")

    def _inc(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(STATS_PREFIX + key, count)

    def _meta(self, site_key: str, source: str, **extra: Any) -> dict[str, Any]:
        return {META_SITE: site_key, META_SOURCE: source, **extra}

    def _allowed_by_patterns(self, url: str, site: SiteConfig, *, page: bool) -> bool:
        if any(p.search(url) for p in site.deny):
            self._inc("skipped_denied")
            return False
        if page and site.allow and not any(p.search(url) for p in site.allow):
            self._inc("skipped_not_allowed")
            return False
        return True

    def _document_request(
        self, url: str, response: Response, site_key: str, source: str
    ) -> Request | None:
        """A request for a sitemap or feed found in robots.txt, a sitemap index or a page.

        It must be on the site, or on the origin of the document that names it (a sitemap
        index names its children); link depth does not apply to it.
        """
        site = self.sites[site_key]
        try:
            if not is_http_url(url):
                self._inc("skipped_not_http")
                return None
            same_origin = urlsplit(url)[:2] == urlsplit(response.url)[:2]
            on_site = same_origin or is_on_site(url, site.domains)
        except ValueError:  # e.g. a broken IPv6 literal
            self._inc("skipped_invalid_url")
            return None
        if not on_site:
            self._inc("skipped_offsite")
            return None
        if not self._allowed_by_patterns(url, site, page=False):
            return None
        meta = self._meta(site_key, source, depth_reset=True, allow_offsite=same_origin)
        return Request(url, callback=self.parse, meta=meta)

    def _page_request(
        self,
        url: str,
        site_key: str,
        source: str,
        hints: dict[str, str] | None = None,
    ) -> Request | None:
        """A request for a page found by a link (``links``) or in a feed/sitemap entry."""
        site = self.sites[site_key]
        try:
            cleaned = strip_tracking_params(url)
            if not is_http_url(cleaned):
                self._inc("skipped_not_http")
                return None
            url_class = classify_url(cleaned)
            on_site = is_on_site(cleaned, site.domains)
        except ValueError:  # e.g. a broken IPv6 literal
            self._inc("skipped_invalid_url")
            return None
        if cleaned != url.split("#", 1)[0]:
            self._inc("tracking_params_stripped")
        reason = never_follow_reason(url_class)
        if reason:
            self._inc(f"skipped_{reason}")
            return None
        if not on_site:
            self._inc("skipped_offsite")
            return None
        if not self._allowed_by_patterns(cleaned, site, page=True):
            return None
        if source == "links":
            return Request(cleaned, callback=self.parse, meta=self._meta(site_key, source))
        # Feed and sitemap entries: starting points (depth 0) whose links are not followed.
        # A listing among them (WordPress sitemaps list category pages) is not worth a fetch.
        if url_class.kind is UrlKind.LISTING:
            self._inc(f"skipped_listing_entry/{url_class.reason}")
            return None
        meta = self._meta(
            site_key, source, depth_reset=True, **{META_FOLLOW: False, META_HINTS: hints or {}}
        )
        return Request(cleaned, callback=self.parse, meta=meta)

    def _too_old(self, raw_date: str | None, source: str) -> bool:
        if self.since is not None and is_before(raw_date, self.since):
            self._inc(f"since_skipped/{source}")
            return True
        return False

    def _too_new(self, published: str | None, source: str) -> bool:
        """Only a publication date excludes an entry after ``until``: a ``lastmod`` or an
        Atom ``updated`` is an edit of a page that may have been published in the window."""
        if self.until is not None and is_after(published, self.until):
            self._inc(f"until_skipped/{source}")
            return True
        return False

    def _period_outside_window(self, url: str) -> bool:
        """A child sitemap whose URL names a period (``sitemap-2025-10.xml``) wholly
        outside the window lists no page of it."""
        if self.since is None and self.until is None:
            return False
        period = url_period(url)
        if period is None:
            return False
        first, last = period
        if (self.since and last < self.since) or (self.until and first > self.until):
            self._inc("window_skipped/sitemap")
            return True
        return False

    # -- crawl ---------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for key, site in self.sites.items():
            origins = {
                urljoin(url, "/robots.txt"): None
                for url in (*site.start_urls, *site.feeds, *site.sitemaps)
                if is_on_site(url, site.domains)
            }
            for robots_url in origins:
                yield Request(
                    robots_url, callback=self.parse_robots, meta=self._meta(key, "sitemap")
                )
            for url in site.start_urls:
                yield Request(url, callback=self.parse, meta=self._meta(key, "links"))
            # Declared by the user, so allowed even on another host (a feed on a CDN).
            for url in site.feeds:
                yield Request(
                    url, callback=self.parse, meta=self._meta(key, "feed", allow_offsite=True)
                )
            for url in site.sitemaps:
                yield Request(
                    url, callback=self.parse, meta=self._meta(key, "sitemap", allow_offsite=True)
                )

    def parse_robots(self, response: Response) -> Iterator[Request]:
        """``Sitemap:`` lines of robots.txt (Disallow rules are RobotsTxtMiddleware's job)."""
        site_key = response.meta[META_SITE]
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            self._inc("sitemaps_from_robots")
            request = self._document_request(url, response, site_key, "sitemap")
            if request is not None:
                yield request

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Request | FetchedPage]:
        """Every fetched URL but robots.txt: sniff what it is and handle it accordingly."""
        site_key = response.meta[META_SITE]
        body = document_body(response, response.meta.get("download_maxsize", self._max_size))
        if body is None:  # broken gzip, or inflated past DOWNLOAD_MAXSIZE
            self._inc("skipped_unreadable_gzip")
            return
        kind = sniff(response, body)
        self._inc(f"documents/{kind}")
        if kind is DocumentKind.OTHER and b"<!ENTITY" in body[:SNIFF_BYTES]:
            # Entity declarations in a feed or sitemap: billion laughs or XXE. Refused whole.
            self._inc("refused_entities")
            self.logger.warning("refused %s: it declares XML entities", response.url)
        elif kind is DocumentKind.OTHER:
            self._inc("skipped_non_html")
        elif kind is DocumentKind.SITEMAP:
            yield from self._parse_sitemap(response, body, site_key)
        elif kind is DocumentKind.FEED:
            yield from self._parse_feed(response, body, site_key)
        else:
            yield from self._parse_html(response, site_key)

    def _parse_sitemap(self, response: Response, body: bytes, site_key: str) -> Iterator[Request]:
        try:
            sitemap_type, entries = sitemap_entries(body)
        except ValueError:
            self._inc("invalid_sitemap")
            return
        for entry in entries:
            loc, lastmod = entry.get("loc", ""), entry.get("lastmod") or None
            # In an index, a child's lastmod is when the child last changed: an older child
            # lists nothing newer, so it is not fetched at all. A news sitemap's entry is
            # dated by its publication date (often its only date).
            published = entry.get("news_published")
            if self._too_old(published or lastmod, "sitemap") or self._too_new(
                published, "sitemap"
            ):
                continue
            if sitemap_type == "sitemapindex":
                if self._period_outside_window(loc):
                    continue
                request = self._document_request(loc, response, site_key, "sitemap")
            else:
                request = self._page_request(loc, site_key, "sitemap", _entry_hints(entry))
            if request is not None:
                self._inc(f"entries/{sitemap_type}")
                yield request

    def _parse_feed(self, response: Response, body: bytes, site_key: str) -> Iterator[Request]:
        try:
            feed = parse_feed(body, base_url=response.url)
        except FeedError:
            self._inc("invalid_feed")
            return
        for entry in feed.entries:
            if self._too_old(entry.published, "feed"):
                continue
            hints = {"published": entry.published, "title": entry.title}
            request = self._page_request(
                entry.url, site_key, "feed", {k: v for k, v in hints.items() if v}
            )
            if request is not None:
                self._inc(f"entries/{feed.kind}")
                yield request

    def _parse_html(self, response: Response, site_key: str) -> Iterator[Request | FetchedPage]:
        site = self.sites[site_key]
        source = response.meta.get(META_SOURCE, "links")
        if not response.meta.get(META_FOLLOW, True):
            # A feed or sitemap entry: its URL already passed the listing rules and its links
            # are not followed, so parsing it here (a full lxml parse on the reactor thread,
            # per article) would only repeat what the extraction worker decides anyway.
            self._inc(f"yielded/{source}")
            yield self._fetched_page(response, site, source)
            return
        # Articles are leaves: fronts, sections, tag pages, feeds and sitemaps list what a site
        # publishes, and an article's own links (menus, "related" rails) lead back to pages
        # those lists already hold. Following them cost the crawler process about 7 ms a page
        # (some 40 requests built, fingerprinted and filtered per article).
        leaves = not self._follow_article_links
        if leaves and classify_url(response.url).kind is UrlKind.ARTICLE:
            # An article by its URL, whatever the page declares (see judge_page): no need
            # to parse it on the reactor thread.
            self._inc(f"yielded/{source}")
            self._inc("leaf_articles")
            yield self._fetched_page(response, site, source)
            return
        signals = read_page_signals(response.selector)
        verdict = judge_page(response.url, signals)
        if verdict.should_yield:
            self._inc(f"yielded/{source}")
            yield self._fetched_page(response, site, source)
        else:
            self._inc("skipped_listing")
            self._inc(f"skipped_listing/{verdict.reason}")
        if leaves and verdict.kind is PageKind.ARTICLE:
            self._inc("leaf_articles")
            return
        if signals.article_reason() is None:
            # An article's own feed is usually its comment feed: only look on other pages.
            yield from self._linked_feeds(response, site_key)
        if response.meta.get("depth", 0) >= site.max_depth:
            self._inc("depth_limit_pages")
            return
        for href in response.xpath("//a/@href | //area/@href").getall():
            try:
                url = response.urljoin(strip_html5_whitespace(href))
            except ValueError:  # e.g. a broken IPv6 literal
                self._inc("skipped_invalid_url")
                continue
            request = self._page_request(url, site_key, "links")
            if request is not None:
                yield request

    def _linked_feeds(self, response: Response, site_key: str) -> Iterable[Request]:
        """``<link rel="alternate" type="application/rss+xml|atom+xml" href>`` of a page."""
        for link in response.xpath("//link[@href and @rel and @type]"):
            rels = (link.attrib.get("rel") or "").lower().split()
            feed_type = (link.attrib.get("type") or "").strip().lower()
            if "alternate" not in rels or feed_type not in FEED_TYPES:
                continue
            try:
                url = strip_tracking_params(
                    response.urljoin(strip_html5_whitespace(link.attrib["href"]))
                )
            except ValueError:
                self._inc("skipped_invalid_url")
                continue
            request = self._document_request(url, response, site_key, "feed")
            if request is not None:
                self._inc("feeds_linked")
                yield request

    def _fetched_page(self, response: Response, site: SiteConfig, source: str) -> FetchedPage:
        redirects = response.meta.get("redirect_urls") or []
        url = redirects[0] if redirects else response.url
        # The site file's declarations (a language the user chose) win over an entry's.
        hints = {**response.meta.get(META_HINTS, {}), **site.hints(), "source": source}
        return FetchedPage(
            url=url,
            html=response.text,
            fetched_at=utc_now_iso(),
            final_url=response.url if response.url != url else None,
            hints=hints,
            site_rules=site.rules or None,
        )


__all__ = ["NewsSpider", "utc_now_iso"]
