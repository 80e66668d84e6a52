"""Pipeline 3: ``published``/``modified`` to ISO 8601, in the page's day/month order.

A date with a time and a zone becomes UTC (``...Z``); a bare date stays a date. A date that
cannot be read, lacks a day, or lies in the future of the fetch is set to null and counted
(``newscrawl/date_rejected/<field>/<reason>``) — the article itself is kept.
"""

from __future__ import annotations

from datetime import datetime

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newscrawl.items import Article
from newscrawl.normalize.dates import DateRejected, normalize_date


class DatesPipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatesPipeline:
        return cls(crawler.stats)

    def process_item(self, item: object) -> object:
        if not isinstance(item, Article):
            return item
        adapter = ItemAdapter(item)
        fetched_at = datetime.fromisoformat(adapter["fetched_at"])
        language = adapter["locale"] or adapter["language"]
        for name in ("published", "modified"):
            raw = adapter[f"{name}_raw"]
            if not raw:
                continue
            try:
                adapter[name] = normalize_date(raw, fetched_at=fetched_at, language=language)
            except DateRejected as rejected:
                adapter[name] = None
                self.stats.inc_value(f"newscrawl/date_rejected/{name}/{rejected.reason}")
        return item
