"""Scrapy settings for the ``news`` spider runs in tests/test_spider_discovery.py.

Apart from the project's settings on purpose: no extraction pipelines (the crawls collect
``FetchedPage`` items through a feed export), no throttling, and the final stats dumped to
JSON so that tests can read the ``newscrawl/discovery/*`` counters.
"""

from __future__ import annotations

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
EXTENSIONS = {"tests.support.stats_dump.StatsDumpExtension": 0}
