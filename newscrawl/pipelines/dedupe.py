"""Pipeline 6: one record per article within a run, by canonical URL and by content.

State is two sets of 10-byte digests (the article id and the content hash), about 150 bytes
per article in CPython; it is the only thing that grows with the size of a crawl.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newscrawl.items import Article
from newscrawl.pipelines.drops import drop


class DedupePipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.seen_ids: set[bytes] = set()
        self.seen_content: set[bytes] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler.stats)

    def process_item(self, item: object) -> object:
        if not isinstance(item, Article):
            return item
        adapter = ItemAdapter(item)
        article_key = bytes.fromhex(adapter["id"])[:10]
        content_key = bytes.fromhex(adapter["content_hash"])[:10]
        if article_key in self.seen_ids:
            raise drop(self.stats, "duplicate_url", adapter["canonical_url"])
        if content_key in self.seen_content:
            raise drop(self.stats, "duplicate_content", adapter["url"])
        self.seen_ids.add(article_key)
        self.seen_content.add(content_key)
        return item
