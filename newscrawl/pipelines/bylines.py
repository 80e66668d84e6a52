"""Pipeline 4: the raw byline becomes a clean list of author names."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newscrawl.items import Article
from newscrawl.normalize.bylines import clean_authors


def clean_article_authors(article: Article) -> Article:
    """Set ``authors`` from ``byline_raw`` (the site's own name is not an author)."""
    article.authors = clean_authors(article.byline_raw, site_name=article.site_name)
    return article


class BylinesPipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BylinesPipeline:
        return cls(crawler.stats)

    def process_item(self, item: object) -> object:
        if isinstance(item, Article):
            clean_article_authors(item)
            if item.byline_raw and not item.authors:
                self.stats.inc_value("newscrawl/byline_discarded")
        return item
