"""Test components for the ``stored`` spider runs in tests/test_stored_spider.py.

:class:`ConcurrencyProbePipeline` sleeps a little per item and records how many items it was
processing at once (stats are dumped by :mod:`tests.support.stats_dump`).
"""

from __future__ import annotations

import asyncio
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem


class ConcurrencyProbePipeline:
    """Holds each item ``PROBE_DELAY`` seconds; stats ``probe/max_concurrent``, ``probe/items``.

    An item whose url ends in ``PROBE_DROP_SUFFIX`` is dropped and one whose url ends in
    ``PROBE_FAIL_SUFFIX`` raises, so that every way out of the pipelines is exercised.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.delay = crawler.settings.getfloat("PROBE_DELAY", 0.005)
        self.drop_suffix = crawler.settings.get("PROBE_DROP_SUFFIX") or None
        self.fail_suffix = crawler.settings.get("PROBE_FAIL_SUFFIX") or None
        self.current = 0
        self.max_concurrent = 0
        self.items = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        self.current += 1
        self.items += 1
        self.max_concurrent = max(self.max_concurrent, self.current)
        try:
            await asyncio.sleep(self.delay)
        finally:
            self.current -= 1
        if self.drop_suffix and item.url.endswith(self.drop_suffix):
            raise DropItem("probe drop")
        if self.fail_suffix and item.url.endswith(self.fail_suffix):
            raise RuntimeError("probe failure")
        return item

    def close_spider(self) -> None:
        self.crawler.stats.set_value("probe/max_concurrent", self.max_concurrent)
        self.crawler.stats.set_value("probe/items", self.items)
