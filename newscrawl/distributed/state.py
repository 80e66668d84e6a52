"""The crawl state in Redis: what any worker of any run emitted, shared by all workers.

Same interface as :class:`newscrawl.state.store.CrawlState` (the dupefilter rule and the
dedupe pipeline read ``known``/``known_url``/``run_id`` and do not care where they come
from), kept in two hashes so that every worker reads what the others wrote:

* ``<key>:articles`` — article id → JSON ``{url, content_hash, emitted_at, run_id}``;
* ``<key>:urls`` — URL → article id.

``run_id`` is the shared run's, so an article another worker of this run already wrote
counts as written by this run (the dedupe pipeline drops it as ``duplicate_url``). A run
cannot be resumed from a job directory: the frontier itself is the resumable part.
"""

from __future__ import annotations

import json

import redis
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.distributed.crawler import shared_run
from newscrawl.distributed.templates import RedisTemplateStore
from newscrawl.state.extension import CrawlStateExtension
from newscrawl.state.store import KnownArticle, _now


class RedisCrawlState:
    """A :class:`~newscrawl.state.store.CrawlState` whose tables are Redis hashes."""

    resumed = False
    crashed = False

    def __init__(self, client: redis.Redis, key: str, run_id: str) -> None:
        self.client = client
        self.key = key
        self.articles_key = f"{key}:articles"
        self.urls_key = f"{key}:urls"
        self.run_id = run_id

    def known(self, article_id: str) -> KnownArticle | None:
        raw = self.client.hget(self.articles_key, article_id)
        if raw is None:
            return None
        data = json.loads(raw)
        return KnownArticle(
            article_id, data["url"], data["content_hash"], data["emitted_at"], data["run_id"]
        )

    def known_url(self, url: str) -> KnownArticle | None:
        article_id = self.client.hget(self.urls_key, url)
        return self.known(article_id) if article_id else None

    def record(self, article_id: str, url: str, content_hash: str) -> None:
        record = {
            "url": url,
            "content_hash": content_hash,
            "emitted_at": _now(),
            "run_id": self.run_id,
        }
        pipe = self.client.pipeline(transaction=True)
        pipe.hset(self.articles_key, article_id, json.dumps(record))
        pipe.hset(self.urls_key, url, article_id)
        pipe.execute()

    def close(self, *, finished: bool) -> None:
        """Nothing to finish: every record is written when it happens."""

    def template_store(self) -> RedisTemplateStore:
        """Where the site templates are learned: beside the state, shared by all workers."""
        return RedisTemplateStore(self.client, f"{self.key}:templates")


class RedisCrawlStateExtension(CrawlStateExtension):
    """:class:`~newscrawl.state.extension.CrawlStateExtension` on the Redis store (the add-on
    puts it in its place). ``NEWSCRAWL_STATE`` empty still means no state at all."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisCrawlStateExtension:
        settings = crawler.settings
        if not settings.get("NEWSCRAWL_STATE"):
            raise NotConfigured
        run = shared_run(crawler)
        key = settings.get("NEWSCRAWL_REDIS_STATE_KEY") % {
            "prefix": settings.get("NEWSCRAWL_REDIS_PREFIX", "newscrawl"),
            "name": getattr(crawler.spidercls, "name", "crawl"),
        }
        state = RedisCrawlState(run.client, key, run.run_id)
        extension = cls(crawler, state, settings.getbool("NEWSCRAWL_FULL"))  # type: ignore[arg-type]
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension
