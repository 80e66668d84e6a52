"""Pipeline 3: ``published``/``modified`` to ISO 8601, in the page's day/month order.

A date with a time and a zone becomes UTC (``...Z``); a bare date stays a date. A date that
cannot be read, lacks a day, or lies in the future of the fetch is set to null and counted
(``newscrawl/date_rejected/<field>/<reason>``) — the article itself is kept.
"""

from __future__ import annotations

from datetime import datetime

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newscrawl.items import Article
from newscrawl.normalize.dates import DateRejected, normalize_date


def normalize_article_dates(article: Article) -> dict[str, str]:
    """Set ``published``/``modified`` from their raw values; return ``{field: reason}`` for
    each raw date that was rejected."""
    fetched_at = datetime.fromisoformat(article.fetched_at)
    language = article.locale or article.language
    rejected: dict[str, str] = {}
    for name in ("published", "modified"):
        raw = getattr(article, f"{name}_raw")
        value = None
        if raw:
            try:
                value = normalize_date(raw, fetched_at=fetched_at, language=language)
            except DateRejected as error:
                rejected[name] = error.reason
        setattr(article, name, value)
    return rejected


class DatesPipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatesPipeline:
        return cls(crawler.stats)

    def process_item(self, item: object) -> object:
        if isinstance(item, Article):
            for name, reason in normalize_article_dates(item).items():
                self.stats.inc_value(f"newscrawl/date_rejected/{name}/{reason}")
        return item
