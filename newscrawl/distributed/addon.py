"""The add-on that turns a crawl into a worker of a shared Redis frontier.

Listed in ``ADDONS`` by the project settings, it does nothing unless ``NEWSCRAWL_REDIS_URL``
is set, so the one setting (or ``newscrawl crawl --redis URL``) is all a user gives. Then it
sets the ordinary scrapy-redis settings (``SCHEDULER``, ``DUPEFILTER_CLASS``, ``REDIS_URL``,
``SCHEDULER_QUEUE_KEY``, ``SCHEDULER_DUPEFILTER_KEY``, ``SCHEDULER_PERSIST``) to the
subclasses in this package, swaps the SQLite crawl state for the Redis one and gives the
worker an id for ``%(worker)s`` in feed URIs and the report path. A value the user set on
the command line wins over the add-on's (it sets at ``project`` priority).
"""

from __future__ import annotations

import contextlib
import logging

from scrapy.crawler import Crawler
from scrapy.settings import Settings

logger = logging.getLogger(__name__)

PACKAGE = "newscrawl.distributed"
DEFAULT_FEED = "output/%(name)s/%(time)s.jsonl"
DEFAULT_REPORT = "output/%(name)s/%(time)s.report.json"


class RedisFrontier:
    """``ADDONS`` entry: configure scrapy-redis and newscrawl's distributed components."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisFrontier:
        return cls(crawler)

    def update_settings(self, settings: Settings) -> None:
        url = settings.get("NEWSCRAWL_REDIS_URL")
        if not url:
            return
        try:  # imported here: without Redis, nothing of it is needed
            import scrapy_redis  # noqa: F401

            from newscrawl.distributed.run import default_worker_id, safe_name
        except ImportError:
            raise SystemExit(
                "newscrawl: NEWSCRAWL_REDIS_URL needs scrapy-redis: pip install 'newscrawl[redis]'"
            ) from None
        if settings.get("JOBDIR"):
            logger.warning("JOBDIR is not used with NEWSCRAWL_REDIS_URL: the queue is in Redis")
        worker = safe_name(settings.get("NEWSCRAWL_REDIS_WORKER") or default_worker_id())
        defaults = {
            "REDIS_URL": url,
            "SCHEDULER": f"{PACKAGE}.scheduler.SharedScheduler",
            "DUPEFILTER_CLASS": f"{PACKAGE}.dupefilter.SharedStateDupeFilter",
            "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
            # Per run: the last worker of the run deletes them (SharedRun.leave), so no worker
            # flushes them under the others and the next run re-reads sitemaps and feeds.
            "SCHEDULER_QUEUE_KEY": "%(frontier)s:%(run)s:requests",
            "SCHEDULER_DUPEFILTER_KEY": "%(frontier)s:%(run)s:dupefilter",
            "SCHEDULER_PERSIST": True,
        }
        for name, value in defaults.items():
            if settings.getpriority(name) is None or settings.getpriority(name) <= 20:
                settings.set(name, value, priority="project")
        settings.set("NEWSCRAWL_REDIS_WORKER", worker, priority="cmdline")  # made file-safe
        if not settings.get("FEED_URI_PARAMS"):
            settings.set("FEED_URI_PARAMS", f"{PACKAGE}.feeds.worker_uri_params", "project")
        self._per_worker_outputs(settings, worker)
        self._components(settings)

    @staticmethod
    def _per_worker_outputs(settings: Settings, worker: str) -> None:
        """Workers on one machine must not share a file: the project's default feed and
        report names get the worker id, and ``%(worker)s`` in a report path is filled in
        here (the run report formats only ``%(name)s`` and ``%(time)s``)."""
        feeds = settings.getdict("FEEDS")
        if DEFAULT_FEED in feeds:
            feeds[DEFAULT_FEED.replace(".jsonl", "-%(worker)s.jsonl")] = feeds.pop(DEFAULT_FEED)
            settings.set("FEEDS", feeds, priority=settings.getpriority("FEEDS") or 0)
        report = settings.get("NEWSCRAWL_REPORT")
        if report:
            if report == DEFAULT_REPORT:
                report = "output/%(name)s/%(time)s-%(worker)s.report.json"
            report = report.replace("%%(worker)s", worker).replace("%(worker)s", worker)
            settings.set(
                "NEWSCRAWL_REPORT", report, priority=settings.getpriority("NEWSCRAWL_REPORT") or 0
            )

    @staticmethod
    def _components(settings: Settings) -> None:
        from newscrawl.distributed.claims import SharedClaimPipeline
        from newscrawl.distributed.extension import SharedFrontierExtension
        from newscrawl.distributed.inflight import (
            InFlightDownloaderMiddleware,
            InFlightSpiderMiddleware,
        )
        from newscrawl.distributed.nearduplicates import SharedDedupePipeline
        from newscrawl.distributed.state import RedisCrawlStateExtension
        from newscrawl.pipelines.dedupe import DedupePipeline
        from newscrawl.state.extension import CrawlStateExtension

        with contextlib.suppress(KeyError):  # KeyError: the crawl state was switched off
            settings.replace_in_component_priority_dict(
                "EXTENSIONS", CrawlStateExtension, RedisCrawlStateExtension
            )
        with contextlib.suppress(KeyError):  # KeyError: the dedupe pipeline was switched off
            settings.replace_in_component_priority_dict(
                "ITEM_PIPELINES", DedupePipeline, SharedDedupePipeline
            )
        # Before the state (400) and the run report (500): it joins the run first and sets
        # the run's totals into the stats before the report reads them.
        settings.set_in_component_priority_dict("EXTENSIONS", SharedFrontierExtension, 390)
        # After the dedupe pipeline (600): the same check, made atomic across workers.
        settings.set_in_component_priority_dict("ITEM_PIPELINES", SharedClaimPipeline, 650)
        # Outermost (nearest the engine): the spider middleware sees the final output, the
        # downloader middleware's process_exception runs after every other one's.
        settings.set_in_component_priority_dict("SPIDER_MIDDLEWARES", InFlightSpiderMiddleware, 1)
        settings.set_in_component_priority_dict(
            "DOWNLOADER_MIDDLEWARES", InFlightDownloaderMiddleware, 1
        )
