"""A tiny news site on 127.0.0.1 for the discovery tests, plus an "off-site" server.

:class:`DiscoverySite` serves, on its own port:

* ``/robots.txt``: a ``Sitemap:`` line and one ``Disallow``'d article;
* ``/sitemap_index.xml`` → ``/sitemap-news.xml`` (recent) and ``/sitemap-archive.xml.gz``
  (old, gzipped), with ``lastmod`` everywhere;
* ``/feed.rss`` (RSS 2.0, linked from ``/world/``) and ``/atom.xml`` (Atom, linked from ``/``);
* ``/`` (home), section pages, a tag page, an author page, pagination, article pages, an
  article reachable only at link depth 2 (``/`` → ``/world/`` → article) and one at depth 3,
  a link and a redirect to the off-site server, a tracking-parameter link, ``mailto:``,
  ``javascript:`` and broken links, assets, a search and a login link, an on-site redirect,
  a JSON "page" and a 404.

Every request is recorded (path and query) so tests can assert what was *never* fetched.
The off-site server is another port on the same host: a different site.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

HTML = "text/html; charset=utf-8"


def page(
    title: str,
    links: Sequence[str] = (),
    *,
    og_type: str | None = None,
    jsonld: str | None = None,
    published: str | None = None,
    head: str = "",
) -> str:
    """An HTML page with the given declarations and ``<a href>`` links."""
    metas = []
    if og_type:
        metas.append(f'<meta property="og:type" content="{og_type}">')
    if published:
        metas.append(f'<meta property="article:published_time" content="{published}">')
    if jsonld:
        metas.append(f'<script type="application/ld+json">{{"@type": "{jsonld}"}}</script>')
    anchors = "\n".join(f'<li><a href="{href}">link</a></li>' for href in links)
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{''.join(metas)}{head}</head>"
        f"<body><h1>{title}</h1><p>Some text about {title}.</p><ul>{anchors}</ul></body></html>"
    )


def article(title: str, links: Sequence[str] = (), **kwargs: str | None) -> str:
    """An article page: ``og:type=article`` unless ``og_type`` says otherwise."""
    kwargs.setdefault("og_type", "article")
    return page(title, links, **kwargs)


@dataclass
class Resource:
    body: bytes
    content_type: str = HTML
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        self.server.record(self.path)
        resource = self.server.resources.get(self.path)
        if resource is None:
            resource = Resource(b"<html><body>not found</body></html>", status=404)
        self.send_response(resource.status)
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(len(resource.body)))
        for name, value in resource.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(resource.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.resources: dict[str, Resource] = {}
        self.requests: list[str] = []
        self._lock = threading.Lock()

    def record(self, path: str) -> None:
        with self._lock:
            self.requests.append(path)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class DiscoverySite:
    """The demo site and the off-site server, each on its own port, in daemon threads."""

    # Articles that are yielded in a full default crawl, by how they are discovered.
    SITEMAP_ARTICLES: ClassVar[list[str]] = [
        "/2024/03/08/sitemap-article-new-story",
        "/2023/11/02/sitemap-article-old-story",
    ]
    GZIP_SITEMAP_ARTICLES: ClassVar[list[str]] = ["/2022/12/30/gzipped-archive-story"]
    RSS_ARTICLES: ClassVar[list[str]] = ["/2024/03/09/rss-only-story"]
    RSS_OLD_ARTICLES: ClassVar[list[str]] = ["/2023/06/01/rss-old-story"]
    ATOM_ARTICLES: ClassVar[list[str]] = ["/2024/03/07/atom-only-story"]
    ATOM_OLD_ARTICLES: ClassVar[list[str]] = ["/2023/05/05/atom-old-story"]
    DEPTH1_ARTICLES: ClassVar[list[str]] = [
        "/2024/03/05/home-linked-story",
        "/opinion/editorial",
        "/story/quiet",
    ]
    DEPTH2_ARTICLES: ClassVar[list[str]] = [
        "/2024/03/04/depth-two-story",
        "/2024/03/02/tag-linked-story",
    ]
    DEPTH3_ARTICLES: ClassVar[list[str]] = ["/2024/03/03/depth-three-story"]
    RELATED_ONLY = "/2024/02/28/related-only-story"
    """Linked from an article alone: fetched only with NEWSCRAWL_FOLLOW_ARTICLE_LINKS."""
    LISTINGS: ClassVar[list[str]] = [
        "/",
        "/world/",
        "/business/",
        "/world/more/",
        "/tag/economy/",
        "/author/jane-doe/",
        "/world/page/2/",
    ]
    DISALLOWED = "/2024/03/secret-disallowed-article-page.html"
    REDIRECT_FROM = "/old-story-url-redirect"
    REDIRECT_TO = "/2024/03/01/redirected-story"
    REDIRECT_AWAY = "/2024/03/01/story-that-moved-away"
    """Redirects to the off-site server: the redirect is never followed."""
    NEVER_REQUESTED: ClassVar[list[str]] = [
        DISALLOWED,
        "/images/photo.jpg",
        "/static/style.css",
        "/files/report.pdf",
        "/search?q=economy",
        "/login",
        "/tag/politics/",  # a listing entry in the sitemap: not worth a fetch
    ]

    def __init__(self) -> None:
        self.site = _Server()
        self.offsite = _Server()
        self._threads: list[threading.Thread] = []
        self._build()

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        for server in (self.site, self.offsite):
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        for server in (self.site, self.offsite):
            server.shutdown()
            server.server_close()

    def url(self, path: str) -> str:
        return self.site.base + path

    @property
    def domain(self) -> str:
        """``127.0.0.1:PORT`` for site files."""
        return self.site.base.removeprefix("http://")

    def mark(self) -> tuple[int, int]:
        """Positions in both request logs, to look only at one crawl's requests."""
        return len(self.site.requests), len(self.offsite.requests)

    def requests_since(self, mark: tuple[int, int]) -> tuple[list[str], list[str]]:
        return self.site.requests[mark[0] :], self.offsite.requests[mark[1] :]

    # -- content -------------------------------------------------------------------------

    def _build(self) -> None:
        base, off = self.site.base, self.offsite.base
        r = self.site.resources
        r["/robots.txt"] = Resource(
            (
                f"User-agent: *\nDisallow: {self.DISALLOWED}\nSitemap: {base}/sitemap_index.xml\n"
            ).encode(),
            "text/plain",
        )
        r["/sitemap_index.xml"] = Resource(
            (
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<sitemap><loc>{base}/sitemap-news.xml</loc><lastmod>2024-03-10</lastmod>"
                "</sitemap>"
                f"<sitemap><loc>{base}/sitemap-archive.xml.gz</loc>"
                "<lastmod>2023-01-05T10:00:00+00:00</lastmod></sitemap>"
                "</sitemapindex>"
            ).encode(),
            "application/xml",
        )
        entries = [
            (self.SITEMAP_ARTICLES[0], "2024-03-08T09:30:00+00:00"),
            (self.SITEMAP_ARTICLES[1], "2023-11-02"),
            ("/tag/politics/", "2024-03-08"),
            (self.DISALLOWED, "2024-03-08"),
        ]
        r["/sitemap-news.xml"] = Resource(
            _urlset(base, entries).encode(), "application/xml; charset=utf-8"
        )
        r["/sitemap-archive.xml.gz"] = Resource(
            gzip.compress(_urlset(base, [(self.GZIP_SITEMAP_ARTICLES[0], "2022-12-30")]).encode()),
            "application/x-gzip",
        )
        r["/feed.rss"] = Resource(
            (
                '<?xml version="1.0"?><rss version="2.0"><channel><title>Demo</title>'
                f"<item><title>RSS only story</title><link>{base}{self.RSS_ARTICLES[0]}</link>"
                "<pubDate>Sat, 09 Mar 2024 10:00:00 GMT</pubDate></item>"
                f"<item><title>Old RSS story</title><link>{base}{self.RSS_OLD_ARTICLES[0]}</link>"
                "<pubDate>Thu, 01 Jun 2023 10:00:00 GMT</pubDate></item>"
                f"<item><title>Elsewhere</title><link>{off}/offsite-feed-story</link>"
                "<pubDate>Sat, 09 Mar 2024 10:00:00 GMT</pubDate></item>"
                "</channel></rss>"
            ).encode(),
            "application/rss+xml",
        )
        r["/atom.xml"] = Resource(
            (
                '<?xml version="1.0" encoding="utf-8"?>'
                '<feed xmlns="http://www.w3.org/2005/Atom"><title>Demo</title>'
                f'<entry><title>Atom only story</title><link href="{self.ATOM_ARTICLES[0]}"/>'
                "<published>2024-03-07T08:00:00Z</published></entry>"
                f'<entry><title>Old Atom story</title><link href="{self.ATOM_OLD_ARTICLES[0]}"/>'
                "<updated>2023-05-05T08:00:00Z</updated></entry>"
                "</feed>"
            ).encode(),
            # Served as text/html on purpose: the kind is read from the root element.
            "text/html",
            headers={"X-Note": "atom served as html"},
        )
        atom_link = '<link rel="alternate" type="application/atom+xml" href="/atom.xml">'
        rss_link = '<link rel="alternate" type="application/rss+xml" href="/feed.rss">'
        home_links = [
            "/world/",
            "/business/",
            "/tag/economy/",
            "/author/jane-doe/",
            "/world/page/2/",
            "/2024/03/05/home-linked-story?utm_source=twitter&utm_medium=social&fbclid=abc",
            "/opinion/editorial",
            "/story/quiet#comments",
            self.REDIRECT_FROM,
            self.REDIRECT_AWAY,
            "/2024/03/06/report-data-file",
            "/2024/03/06/missing-story",
            self.DISALLOWED,
            f"{off}/offsite-story",
            "mailto:news@example.com",
            "javascript:void(0)",
            "tel:+123",
            "/images/photo.jpg",
            "/static/style.css",
            "/files/report.pdf",
            "/search?q=economy",
            "/login",
            "http://[broken-ipv6/x",
        ]
        r["/"] = Resource(page("Home", home_links, og_type="website", head=atom_link).encode())
        r["/world/"] = Resource(
            page(
                "World",
                ["/", "/2024/03/04/depth-two-story", "/world/more/"],
                jsonld="CollectionPage",
                head=rss_link,
            ).encode()
        )
        r["/world/more/"] = Resource(
            page("More world", [self.DEPTH3_ARTICLES[0]], og_type="website").encode()
        )
        r["/business/"] = Resource(page("Business", ["/"], og_type="website").encode())
        r["/tag/economy/"] = Resource(page("Economy", [self.DEPTH2_ARTICLES[1]]).encode())
        r["/author/jane-doe/"] = Resource(page("Jane Doe", ["/"]).encode())
        r["/world/page/2/"] = Resource(page("World, page 2", ["/"]).encode())
        # The home-linked article also links to itself with the clean URL (a duplicate), and
        # to a story that no listing, feed or sitemap holds.
        r["/2024/03/05/home-linked-story"] = Resource(
            article(
                "Home linked story",
                ["/2024/03/05/home-linked-story", "/", self.RELATED_ONLY],
            ).encode()
        )
        r[self.RELATED_ONLY] = Resource(article("Related only story").encode())
        r["/opinion/editorial"] = Resource(article("Editorial").encode())
        # No declaration at all and an unknown URL shape: yielded, extraction decides.
        r["/story/quiet"] = Resource(page("Quiet story").encode())
        r[self.REDIRECT_FROM] = Resource(b"", status=301, headers={"Location": self.REDIRECT_TO})
        r[self.REDIRECT_TO] = Resource(
            article("Redirected story", og_type=None, jsonld="NewsArticle").encode()
        )
        r[self.REDIRECT_AWAY] = Resource(
            b"", status=302, headers={"Location": f"{off}/offsite-redirect-target"}
        )
        r["/2024/03/06/report-data-file"] = Resource(
            json.dumps({"not": "html"}).encode(), "application/json"
        )
        for path in self.DEPTH2_ARTICLES + self.DEPTH3_ARTICLES:
            r[path] = Resource(article(path).encode())
        for path in (
            self.SITEMAP_ARTICLES
            + self.GZIP_SITEMAP_ARTICLES
            + self.RSS_ARTICLES
            + self.RSS_OLD_ARTICLES
            + self.ATOM_ARTICLES
            + self.ATOM_OLD_ARTICLES
        ):
            r[path] = Resource(
                article(path, og_type=None, published="2024-03-01T00:00:00Z").encode()
            )
        r[self.DISALLOWED] = Resource(article("Secret").encode())

        self.offsite.resources["/offsite-story"] = Resource(article("Offsite").encode())
        self.offsite.resources["/offsite-feed-story"] = Resource(article("Offsite").encode())
        self.offsite.resources["/offsite-redirect-target"] = Resource(article("Offsite").encode())


def _urlset(base: str, entries: list[tuple[str, str]]) -> str:
    urls = "".join(
        f"<url><loc>{base}{path}</loc><lastmod>{lastmod}</lastmod></url>"
        for path, lastmod in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    )
