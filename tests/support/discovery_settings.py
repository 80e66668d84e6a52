"""Scrapy settings for the ``news`` spider runs in tests/test_spider_discovery.py.

Apart from the project's settings on purpose: no extraction pipelines (the crawls collect
``FetchedPage`` items through a feed export), no throttling, and the final stats dumped to
JSON so that tests can read the ``newscrawl/discovery/*`` counters.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

BOT_NAME = "newscrawl-discovery-tests"
SPIDER_MODULES = ["newscrawl.spiders.news"]
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
ROBOTSTXT_OBEY = True
ITEM_PIPELINES: dict[str, int] = {}
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
DOWNLOAD_TIMEOUT = 10
RETRY_ENABLED = False
CONCURRENT_REQUESTS = 16
EXTENSIONS = {"tests.support.discovery_settings.DiscoveryStatsDump": 0}


class DiscoveryStatsDump:
    """Writes the crawl's final stats as JSON to ``DISCOVERY_STATS_FILE``."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = crawler.settings.get("DISCOVERY_STATS_FILE")
        if not path:
            raise NotConfigured("DISCOVERY_STATS_FILE is not set")
        extension = cls(crawler, Path(path))
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self) -> None:
        stats = self.crawler.stats.get_stats()
        self.path.write_text(json.dumps(stats, default=str, indent=1, sort_keys=True))
