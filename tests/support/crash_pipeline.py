"""A pipeline that kills its crawl process: a worker dying between download and write.

``CRASH_AFTER_ITEMS`` (default 1): the process exits (``os._exit``, no clean-up, as a
SIGKILL or an OOM kill would leave it) when that many articles have passed every pipeline
before this one, i.e. after extraction and the claims, before the feed writes them.
"""

from __future__ import annotations

import os
from typing import Any, Self

from scrapy.crawler import Crawler

from newscrawl.items import Article


class CrashBeforeWritePipeline:
    def __init__(self, after: int) -> None:
        self.after = after
        self.seen = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.settings.getint("CRASH_AFTER_ITEMS", 1))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Article):
            self.seen += 1
            if self.seen >= self.after:
                os._exit(70)
        return item
