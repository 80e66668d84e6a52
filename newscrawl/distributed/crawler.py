"""The Redis client and the :class:`~newscrawl.distributed.run.SharedRun` of a crawler.

Several components need the same run (the scheduler names its queue after it, the state
records emissions under its id, the extension heartbeats it), and Scrapy builds them in an
order of its own: the first one to ask joins the run, the others get the same object.
"""

from __future__ import annotations

import weakref

import redis
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings

from newscrawl.distributed.run import SharedRun, frontier_name

_RUNS: weakref.WeakKeyDictionary[Crawler, SharedRun] = weakref.WeakKeyDictionary()


def redis_client(settings: BaseSettings) -> redis.Redis:
    """A client that decodes replies (coordination and state are text; the queue's pickled
    requests go through scrapy-redis's own client)."""
    return redis.Redis.from_url(
        settings.get("NEWSCRAWL_REDIS_URL"),
        decode_responses=True,
        socket_timeout=30,
        socket_connect_timeout=30,
        retry_on_timeout=True,
    )


def spider_targets(crawler: Crawler) -> list[str]:
    """What the spider was asked to crawl: the start points of its sites (news spider)."""
    sites = getattr(crawler.spider, "sites", None) or {}
    return [
        url for site in sites.values() for url in (*site.start_urls, *site.feeds, *site.sitemaps)
    ] or [getattr(crawler.spider, "name", "crawl")]


def shared_run(crawler: Crawler) -> SharedRun:
    """This crawler's run of the shared frontier, joined on first use."""
    run = _RUNS.get(crawler)
    if run is None:
        settings = crawler.settings
        spider_name = getattr(crawler.spider, "name", "crawl")
        frontier = settings.get("NEWSCRAWL_REDIS_FRONTIER") or frontier_name(
            settings.get("NEWSCRAWL_REDIS_PREFIX", "newscrawl"),
            spider_name,
            spider_targets(crawler),
        )
        ttl = settings.getfloat("NEWSCRAWL_REDIS_HEARTBEAT_TTL", 30.0)
        run = SharedRun.join(
            redis_client(settings),
            frontier,
            settings.get("NEWSCRAWL_REDIS_WORKER"),
            ttl_ms=max(int(ttl * 1000), 100),
        )
        _RUNS[crawler] = run
    return run
