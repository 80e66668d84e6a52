"""A site's concurrency limit holds in a burst: a sitemap's entries queued at once, no delay.

Scrapy 2.19's downloader let such a burst start every queued request together, up to
``CONCURRENT_REQUESTS`` against one host (``newscrawl/downloader``). A loopback site counts
the requests it is answering at any moment; each answer takes a little while, so requests
that overlap are seen overlapping.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from tests.support.article_site import ArticleSite
from tests.support.loopback import crawl_cli

PER_DOMAIN = 3


class OverlapCountingSite(ArticleSite):
    """An :class:`ArticleSite` that records the most requests it answered at once."""

    def __init__(self, articles: int) -> None:
        super().__init__(articles, delay=0.05)
        self.answering = 0
        self.most_at_once = 0
        self._count_lock = threading.Lock()

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        with self._count_lock:
            self.answering += 1
            self.most_at_once = max(self.most_at_once, self.answering)
        try:
            super()._serve(handler)
        finally:
            with self._count_lock:
                self.answering -= 1


def test_per_domain_concurrency_holds_without_a_download_delay(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    with OverlapCountingSite(40) as site:
        done = crawl_cli(
            site.url("/"),
            "-o",
            str(output),
            "--workers",
            "0",
            "-s",
            f"CONCURRENT_REQUESTS_PER_DOMAIN={PER_DOMAIN}",
            "-s",
            "CONCURRENT_REQUESTS=32",
            "-s",
            "NEWSCRAWL_STATE=",
            cwd=tmp_path,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    urls = {json.loads(line)["url"] for line in output.read_text(encoding="utf-8").splitlines()}
    assert urls == {site.url(f"/a/{n}.html") for n in range(40)}
    assert 1 < site.most_at_once <= PER_DOMAIN, site.most_at_once
