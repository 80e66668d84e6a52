"""The naive baseline: a plain Scrapy ``SitemapSpider`` that runs trafilatura in its callback.

This is how most people first combine the two, and what newscrawl has to beat: extraction
runs on the reactor thread, so while a page is parsed nothing is downloaded or written.

Run it outside any Scrapy project directory (so no project settings apply)::

    scrapy runspider benchmarks/naive_spider.py -a site=http://127.0.0.1:8000/ \\
        -o naive.jsonl:jsonlines -s AUTOTHROTTLE_ENABLED=False -s ROBOTSTXT_OBEY=True

``-a stats=PATH`` writes the crawl's final Scrapy stats there as JSON (for the benchmark).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from scrapy.http import Response
from scrapy.spiders import SitemapSpider
from trafilatura import bare_extraction

FIELDS = ("title", "author", "date", "sitename", "description", "categories", "tags", "text")


class NaiveNewsSpider(SitemapSpider):
    name = "naive"

    def __init__(self, site: str = "", stats: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not site:
            raise ValueError("give -a site=http://host:port/")
        self.sitemap_urls = [site.rstrip("/") + "/robots.txt"]
        self.stats_path = stats

    def parse(self, response: Response) -> Iterator[dict[str, Any]]:
        document = bare_extraction(response.text, url=response.url, with_metadata=True)
        if document is None:
            return
        record = {"url": response.url}
        record.update({name: getattr(document, name, None) for name in FIELDS})
        yield record

    def closed(self, reason: str) -> None:
        if self.stats_path:
            stats = self.crawler.stats.get_stats()
            with open(self.stats_path, "w", encoding="utf-8") as out:
                json.dump(stats, out, default=str)
