"""Pipeline 4: the raw byline becomes a clean list of author names."""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newscrawl.items import Article
from newscrawl.normalize.bylines import clean_authors


class BylinesPipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BylinesPipeline:
        return cls(crawler.stats)

    def process_item(self, item: object) -> object:
        if not isinstance(item, Article):
            return item
        adapter = ItemAdapter(item)
        adapter["authors"] = clean_authors(adapter["byline_raw"], site_name=adapter["site_name"])
        if adapter["byline_raw"] and not adapter["authors"]:
            self.stats.inc_value("newscrawl/byline_discarded")
        return item
