"""Pipeline 3: ``published``/``modified`` to ISO 8601, in the page's day/month order.

A date with a time and a zone becomes UTC (``...Z``); a bare date stays a date.
``published_day`` keeps the day the source wrote (its own time zone). A date that
cannot be read, lacks a day, or lies in the future of the fetch is set to null and counted
(``newscrawl/date_rejected/<field>/<reason>``) — the article itself is kept.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Protocol, runtime_checkable

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newscrawl.items import Article
from newscrawl.normalize.dates import (
    DateRejected,
    day_in_url,
    normalize_date_and_day,
    warm_up_dateparser,
)


def normalize_article_dates(article: Article, date_order: str | None = None) -> dict[str, str]:
    """Set ``published`` (+ ``published_day``) and ``modified`` from their raw values; return
    ``{field: reason}`` for each raw date that was rejected. ``date_order`` (``DMY``,
    ``MDY``...), declared for the site, wins over the order the page's language implies."""
    fetched_at = datetime.fromisoformat(article.fetched_at)
    language = article.locale or article.language
    url_day = day_in_url(article.url)
    rejected: dict[str, str] = {}
    for name in ("published", "modified"):
        raw = getattr(article, f"{name}_raw")
        value = day = None
        if raw:
            try:
                value, day = normalize_date_and_day(
                    raw,
                    fetched_at=fetched_at,
                    language=language,
                    date_order=date_order,
                    local_day_hint=url_day,
                )
            except DateRejected as error:
                rejected[name] = error.reason
        setattr(article, name, value)
        if name == "published":
            article.published_day = day
    return rejected


@runtime_checkable
class SiteDateOrders(Protocol):
    """What a spider that knows its sites (site files: ``date_order = "MDY"``) offers."""

    def date_order_for(self, url: str) -> str | None: ...


class DatesPipeline:
    def __init__(self, stats: StatsCollector, crawler: Crawler | None = None) -> None:
        self.stats = stats
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatesPipeline:
        return cls(crawler.stats, crawler)

    def open_spider(self) -> None:
        # dateparser's first use costs this process about half a second: spent now, on a
        # thread, while the crawl is still discovering, not on the reactor mid-crawl.
        threading.Thread(
            target=warm_up_dateparser, name="newscrawl-dateparser-warm-up", daemon=True
        ).start()

    def _date_order(self, url: str) -> str | None:
        spider = getattr(self.crawler, "spider", None)
        return spider.date_order_for(url) if isinstance(spider, SiteDateOrders) else None

    def process_item(self, item: object) -> object:
        if isinstance(item, Article):
            order = self._date_order(item.url)
            for name, reason in normalize_article_dates(item, order).items():
                self.stats.inc_value(f"newscrawl/date_rejected/{name}/{reason}")
        return item
