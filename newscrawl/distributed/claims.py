"""One record per article across the workers of a run: an atomic claim in Redis.

The dedupe pipeline keeps the run's article ids and content hashes in memory, per process,
and looks in the crawl state for what earlier runs wrote. Two workers that extract the same
article at the same moment (two URLs with one canonical URL, a story republished under
another address) would both pass it. A claim answers "is it somebody else's?" atomically, so
the first worker to claim an id or a content hash writes the article and any other drops it,
with the dedupe pipeline's reasons (``duplicate_url``, ``duplicate_content``).

A claim names its worker until the article is written (``item_scraped``: the feed exporter,
connected before this pipeline, has written the line), then it is final. A worker that dies
between claiming and writing leaves its claims behind; the page goes back to the queue (the
in-flight set, :mod:`newscrawl.distributed.inflight`) and the worker that fetches it again
may take over a claim whose holder has no liveness mark. A claim that a later pipeline
drops, or an item error voids, is given up so that another copy of the article can be
written.
"""

from __future__ import annotations

from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newscrawl.distributed.crawler import shared_run
from newscrawl.distributed.run import SharedRun
from newscrawl.items import Article
from newscrawl.pipelines.drops import drop

WRITTEN = ""
"""The holder of a claim whose article is written: nobody can take it over."""

# KEYS: the id claims, the content claims (hashes: field → holder). ARGV: article id, content
# hash, this worker, the run's liveness-mark prefix. Returns 0 (claimed), 1 (the id is
# another's), 2 (the content is another's).
CLAIM = """
local function taken(key, field, me, alive)
    local holder = redis.call('HGET', key, field)
    if not holder or holder == me then
        return false
    end
    -- written, or held by a worker that is alive: not free
    return holder == '' or redis.call('EXISTS', alive .. holder) == 1
end
local id, content, me, alive = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if taken(KEYS[1], id, me, alive) then
    return 1
end
if taken(KEYS[2], content, me, alive) then
    return 2
end
redis.call('HSET', KEYS[1], id, me)
redis.call('HSET', KEYS[2], content, me)
return 0
"""

# KEYS: the id claims, the content claims. ARGV: article id, content hash, this worker. Gives
# up this worker's claims on the article (not another's, not a written one).
GIVE_UP = """
for i, field in ipairs({ARGV[1], ARGV[2]}) do
    if redis.call('HGET', KEYS[i], field) == ARGV[3] then
        redis.call('HDEL', KEYS[i], field)
    end
end
"""


class SharedClaimPipeline:
    def __init__(self, run: SharedRun, stats: StatsCollector) -> None:
        self.run = run
        self.stats = stats
        self.ids_key = run.key("claimed_ids")
        self.content_key = run.key("claimed_content")
        self.alive_prefix = run.key("alive:")
        run.register_keys(self.ids_key, self.content_key)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedClaimPipeline:
        pipeline = cls(shared_run(crawler), crawler.stats)
        crawler.signals.connect(pipeline.written, signal=signals.item_scraped)
        crawler.signals.connect(pipeline.not_written, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.not_written, signal=signals.item_error)
        return pipeline

    def process_item(self, item: object) -> object:
        if not isinstance(item, Article):
            return item
        verdict = self.run.client.eval(
            CLAIM,
            2,
            self.ids_key,
            self.content_key,
            item.id,
            item.content_hash,
            self.run.worker,
            self.alive_prefix,
        )
        if verdict == 1:
            raise drop(self.stats, "duplicate_url", item.canonical_url)
        if verdict == 2:
            raise drop(self.stats, "duplicate_content", item.url)
        return item

    def written(self, item: Any) -> None:
        """``item_scraped``: the article is in the feed; its claims are final."""
        if isinstance(item, Article):
            pipe = self.run.client.pipeline(transaction=True)
            pipe.hset(self.ids_key, item.id, WRITTEN)
            pipe.hset(self.content_key, item.content_hash, WRITTEN)
            pipe.execute()

    def not_written(self, item: Any) -> None:
        """``item_dropped``/``item_error``: whatever this worker claimed for it is free."""
        if isinstance(item, Article):
            self.run.client.eval(
                GIVE_UP,
                2,
                self.ids_key,
                self.content_key,
                item.id,
                item.content_hash,
                self.run.worker,
            )
