"""Keeps a worker of a shared frontier alive while the run has work, and ends the run.

scrapy-redis closes a worker as soon as the shared queue is empty — even while another
worker is fetching the sitemap that will fill it — or never (``SCHEDULER_IDLE_BEFORE_CLOSE``
blocks the reactor on a pop, and a spider of ``scrapy_redis.spiders`` idles forever). This
extension applies :meth:`~newscrawl.distributed.run.SharedRun.idle_verdict` on
``spider_idle``: it raises ``DontCloseSpider`` while requests are queued or another live
worker is busy, and lets the spider close once neither holds. It also

* refreshes the worker's marks (a heartbeat of a third of ``NEWSCRAWL_REDIS_HEARTBEAT_TTL``),
* counts the run's articles and known-article skips in Redis, and puts the run's totals in
  the stats (``newscrawl/distributed/run_articles_written``, ``.../run_known_skipped``) so that
  a worker that wrote nothing because the others did it all is not reported as failed,
* leaves the run when the spider closes; the last worker deletes the run's keys.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.asyncio import CallLaterResult, call_later, create_looping_call

from newscrawl.distributed.crawler import shared_run
from newscrawl.distributed.run import SharedRun, Verdict
from newscrawl.items import Article

logger = logging.getLogger(__name__)

STATS = "newscrawl/distributed/"
# Articles known from earlier runs: not fetched again, or fetched and found unchanged.
KNOWN_SKIPS = ("newscrawl/state/skipped_known/unchanged", "newscrawl/dropped/unchanged")


class SharedFrontierExtension:
    def __init__(self, crawler: Crawler, run: SharedRun, ttl: float, poll: float) -> None:
        self.crawler = crawler
        self.run = run
        self.stats: StatsCollector = crawler.stats
        self.heartbeat = create_looping_call(self._beat)
        self.heartbeat_interval = ttl / 3
        self.poll = poll
        self._wake: CallLaterResult | None = None
        self._known_counted = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedFrontierExtension:
        settings = crawler.settings
        if not settings.get("NEWSCRAWL_REDIS_URL"):
            raise NotConfigured
        extension = cls(
            crawler,
            shared_run(crawler),
            settings.getfloat("NEWSCRAWL_REDIS_HEARTBEAT_TTL", 30.0),
            settings.getfloat("NEWSCRAWL_REDIS_IDLE_POLL", 1.0),
        )
        for handler, signal in (
            (extension.spider_opened, signals.spider_opened),
            (extension.spider_idle, signals.spider_idle),
            (extension.item_scraped, signals.item_scraped),
            (extension.spider_closed, signals.spider_closed),
        ):
            crawler.signals.connect(handler, signal=signal)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        logger.info(
            "worker %s joined run %s of frontier %s",
            self.run.worker,
            self.run.run_id,
            self.run.frontier,
        )
        self.stats.set_value(f"{STATS}worker", self.run.worker)
        self.stats.set_value(f"{STATS}run", self.run.run_id)
        self.heartbeat.start(self.heartbeat_interval, now=True)

    def _beat(self) -> None:
        # An exception would stop the looping call for good: a Redis hiccup is logged and
        # the next beat tries again.
        try:
            self.run.heartbeat()
            self._count_known_skips()
        except Exception:
            logger.exception("heartbeat to Redis failed")

    def _count_known_skips(self) -> None:
        """The dupefilter counts skips of known articles in this worker's stats; the run's
        total lives in Redis (sent in batches, not one call per skipped request)."""
        known = sum(int(self.stats.get_value(key, 0)) for key in KNOWN_SKIPS)
        if known > self._known_counted:
            self.run.count("known", known - self._known_counted)
            self._known_counted = known

    def spider_idle(self, spider: Spider) -> None:
        # Before the busy mark goes: a worker that then sees nobody busy and closes reads
        # run totals that hold this worker's skips too.
        self._count_known_skips()
        verdict = self.run.idle_verdict()
        self.stats.inc_value(f"{STATS}idle/{verdict.value}")
        if verdict is Verdict.DONE:
            return
        if self._wake is None:
            self._wake = call_later(self.poll, self._wake_engine)
        raise DontCloseSpider

    def _wake_engine(self) -> None:
        """Ask the engine to look at the scheduler again now. Without it, an idle engine
        looks again only at its 5-second heartbeat; Scrapy has no public call for this, so
        a missing private attribute just falls back to that heartbeat."""
        self._wake = None
        slot = getattr(self.crawler.engine, "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None:
            nextcall.schedule()

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, Article):
            self.run.count("articles")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._wake is not None:
            self._wake.cancel()
        if self.heartbeat.running:
            self.heartbeat.stop()
        self._count_known_skips()
        self.stats.set_value(f"{STATS}run_articles_written", self.run.total("articles"))
        self.stats.set_value(f"{STATS}run_known_skipped", self.run.total("known"))
        last = self.run.leave()
        self.stats.set_value(f"{STATS}last_worker", last)
        logger.info(
            "worker %s left run %s (%s)%s",
            self.run.worker,
            self.run.run_id,
            reason,
            ": the last one, the run's frontier is deleted" if last else "",
        )
