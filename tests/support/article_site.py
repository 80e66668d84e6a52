"""A generated news site on 127.0.0.1 for resume, incremental and dedupe tests.

``/robots.txt`` names ``/sitemap.xml``, which lists ``/a/<n>.html`` for every article with a
``<lastmod>``. Each article has its own headline and several paragraphs of distinct prose.
Articles can be edited (new text, newer lastmod) and added while the server runs, extra
pages (copies under other URLs) can be mounted, and every request path is logged, so tests
can tell what a crawl fetched. A per-request delay keeps a crawl running long enough to be
killed in the middle.
"""

from __future__ import annotations

import json
import random
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from time import sleep
from urllib.parse import urlsplit

SYLLABLES = [a + b for a in "klmnrstv" for b in "aeiou"]
# A vocabulary of a few thousand made-up words: articles drawn from it share few shingles,
# like real articles do (a small vocabulary would make every article a near-duplicate).
VOCABULARY = [a + b + c for a in SYLLABLES[:16] for b in SYLLABLES for c in ("", "n", "r", "s")]


def article_text(number: int, version: int = 1) -> list[str]:
    """Five paragraphs of 40 words, different for every article and version."""
    rng = random.Random(number * 1000 + version)
    paragraphs = []
    for p in range(5):
        words = rng.choices(VOCABULARY, k=40)
        paragraphs.append(
            f"Item {number}.{p}.{version}: {words[0].capitalize()} " + " ".join(words[1:]) + "."
        )
    return paragraphs


def article_html(
    number: int,
    version: int = 1,
    *,
    canonical: str | None = None,
    headline: str | None = None,
    footer: str = "",
) -> str:
    title = headline or f"Story number {number} about the harbour (v{version})"
    body = "".join(f"<p>{p}</p>" for p in article_text(number, version))
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": "2025-10-01T08:00:00Z",
        "author": {"@type": "Person", "name": "Ada Brook"},
    }
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title} | Test Times</title>{link}"
        f"<script type='application/ld+json'>{json.dumps(data)}</script></head>"
        "<body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1>{body}{footer}</article></body></html>"
    )


class ArticleSite:
    """Context manager: ``with ArticleSite(300, delay=0.01) as site: site.url("/")``."""

    def __init__(self, articles: int, delay: float = 0.0) -> None:
        self.delay = delay
        self.versions: dict[int, int] = dict.fromkeys(range(articles), 1)
        created = datetime.now(UTC) - timedelta(days=1)
        self.lastmod: dict[int, datetime] = dict.fromkeys(range(articles), created)
        self.extra: dict[str, str] = {}
        self.footer = ""
        """HTML every article ends with (inside ``<article>``): a site's template line."""
        self.requests: Counter[str] = Counter()
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site._serve(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> ArticleSite:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        return self.origin + path

    def edit(self, number: int) -> None:
        """New text for an article, with a sitemap lastmod of now."""
        with self._lock:
            self.versions[number] += 1
            self.lastmod[number] = datetime.now(UTC)

    def add(self) -> int:
        with self._lock:
            number = len(self.versions)
            self.versions[number] = 1
            self.lastmod[number] = datetime.now(UTC)
            return number

    def sitemap(self) -> str:
        entries = "".join(
            f"<url><loc>{self.origin}/a/{n}.html</loc>"
            f"<lastmod>{self.lastmod[n].isoformat(timespec='microseconds')}</lastmod></url>"
            for n in sorted(self.versions)
        )
        return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        path = urlsplit(handler.path).path
        with self._lock:
            self.requests[path] += 1
        if self.delay:
            sleep(self.delay)
        status, kind, body = 200, "text/html; charset=utf-8", ""
        if path == "/robots.txt":
            kind, body = (
                "text/plain",
                f"User-agent: *\nAllow: /\nSitemap: {self.origin}/sitemap.xml\n",
            )
        elif path == "/sitemap.xml":
            kind, body = "application/xml", self.sitemap()
        elif path in self.extra:
            body = self.extra[path]
        elif path.startswith("/a/") and path.endswith(".html"):
            try:
                number = int(path[3:-5])
                body = article_html(number, self.versions[number], footer=self.footer)
            except (ValueError, KeyError):
                status, body = 404, "<html><body>Not found</body></html>"
        else:
            status, body = 404, "<html><body>Not found</body></html>"
        data = body.encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
