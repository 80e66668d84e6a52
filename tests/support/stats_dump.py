"""A test extension: writes a crawl's final stats as JSON to ``STATS_DUMP_FILE``.

Crawls in tests run in a subprocess; this is how the test reads their stats afterwards.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class StatsDumpExtension:
    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = crawler.settings.get("STATS_DUMP_FILE")
        if not path:
            raise NotConfigured("STATS_DUMP_FILE is not set")
        extension = cls(crawler, Path(path))
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_stopped(self) -> None:
        stats = self.crawler.stats.get_stats()
        self.path.write_text(json.dumps(stats, default=str, sort_keys=True), encoding="utf-8")
