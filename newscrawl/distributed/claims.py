"""One record per article across the workers of a run: an atomic claim in Redis.

The dedupe pipeline keeps the run's article ids and content hashes in memory, per process,
and looks in the crawl state for what earlier runs wrote. Two workers that extract the same
article at the same moment (two URLs with one canonical URL, a story republished under
another address) would both pass it. ``SADD`` answers "was it already there?" atomically, so
the first worker to claim an id or a content hash writes the article and any other drops it,
with the dedupe pipeline's reasons (``duplicate_url``, ``duplicate_content``).
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newscrawl.distributed.crawler import shared_run
from newscrawl.distributed.run import SharedRun
from newscrawl.items import Article
from newscrawl.pipelines.drops import drop


class SharedClaimPipeline:
    def __init__(self, run: SharedRun, stats: StatsCollector) -> None:
        self.run = run
        self.stats = stats
        self.ids_key = run.key("claimed_ids")
        self.content_key = run.key("claimed_content")
        run.register_keys(self.ids_key, self.content_key)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedClaimPipeline:
        return cls(shared_run(crawler), crawler.stats)

    def process_item(self, item: object) -> object:
        if not isinstance(item, Article):
            return item
        client = self.run.client
        if not client.sadd(self.ids_key, item.id):
            raise drop(self.stats, "duplicate_url", item.canonical_url)
        if not client.sadd(self.content_key, item.content_hash):
            client.srem(self.ids_key, item.id)  # not written after all
            raise drop(self.stats, "duplicate_content", item.url)
        return item
