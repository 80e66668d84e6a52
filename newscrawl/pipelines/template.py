"""Pipeline 2: strip the lines earlier runs learned are a site's template.

See :mod:`newscrawl.normalize.template` for why and how. Needs the crawl state (the counts
live beside it: in its SQLite file, or in Redis for workers sharing a frontier); without it,
or with ``NEWSCRAWL_TEMPLATE_LEARNING = False``, it is not loaded.

Learning counts an article once in its life: when it is written for the first time (the
``item_scraped`` signal, so dropped pages and duplicates do not count, and the state did not
know it). Re-emitting changed or ``--full`` articles does not count them again, so a site of
few articles crawled many times does not "learn" its own stories.

Settings: ``NEWSCRAWL_TEMPLATE_LEARNING`` (default on), ``NEWSCRAWL_TEMPLATE_MIN_ARTICLES``
(a line must have been in this many of the site's articles, default 8) and
``NEWSCRAWL_TEMPLATE_MIN_SHARE`` (and in this share of them, default 0.25). Stats under
``newscrawl/template/``: lines learned at the start, lines removed, articles changed.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from newscrawl.items import Article
from newscrawl.normalize.simhash import simhash_hex
from newscrawl.normalize.template import LineCounter, strip_learned, text_keys
from newscrawl.normalize.text import content_hash, word_count
from newscrawl.state.extension import CrawlStateExtension, crawl_state
from newscrawl.state.templates import TemplateCounts

logger = logging.getLogger(__name__)


class SiteTemplatePipeline:
    def __init__(
        self,
        state: CrawlStateExtension,
        store: TemplateCounts,
        stats: StatsCollector,
        min_articles: int = 8,
        min_share: float = 0.25,
    ) -> None:
        self.state = state
        self.store = store
        self.stats = stats
        self.min_articles = min_articles
        self.min_share = min_share
        self.counter = LineCounter()
        self.learned: dict[str, frozenset[int]] = {}
        # Keys of new articles between this pipeline and the write (or the drop).
        self._pending: dict[str, tuple[str, set[int]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteTemplatePipeline:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_TEMPLATE_LEARNING", True):
            raise NotConfigured("NEWSCRAWL_TEMPLATE_LEARNING is off")
        state = crawl_state(crawler)
        if state is None:
            raise NotConfigured("no crawl state (NEWSCRAWL_STATE) to learn in")
        min_articles = settings.getint("NEWSCRAWL_TEMPLATE_MIN_ARTICLES", 8)
        min_share = settings.getfloat("NEWSCRAWL_TEMPLATE_MIN_SHARE", 0.25)
        if min_articles < 2 or not 0 < min_share <= 1:
            raise ValueError(
                "NEWSCRAWL_TEMPLATE_MIN_ARTICLES must be >= 2 and NEWSCRAWL_TEMPLATE_MIN_SHARE"
                f" in (0, 1]: {min_articles}, {min_share}"
            )
        # Beside the crawl state: SQLite tables, or Redis hashes that all workers share.
        store = state.state.template_store()
        pipeline = cls(state, store, crawler.stats, min_articles, min_share)
        crawler.signals.connect(pipeline.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(pipeline.item_left, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.item_left, signal=signals.item_error)
        return pipeline

    def open_spider(self) -> None:
        self.learned = self.store.learned(self.min_articles, self.min_share)
        lines = sum(len(keys) for keys in self.learned.values())
        self.stats.set_value("newscrawl/template/learned_lines", lines)
        if lines:
            logger.info("site templates: %d lines of %d sites", lines, len(self.learned))

    def close_spider(self) -> None:
        self.store.merge(self.counter, self.min_share)
        self.store.close()

    def process_item(self, item: object) -> object:
        if not isinstance(item, Article) or not item.text:
            return item
        keys = text_keys(item.text)
        if self.state.state.known(item.id) is None:
            self._pending[item.id] = (item.site, keys)
        learned = self.learned.get(item.site)
        if learned and not learned.isdisjoint(keys):
            text, removed = strip_learned(item.text, learned)
            if removed:
                item.text = text
                item.word_count = word_count(text)
                item.content_hash = content_hash(text)
                item.simhash = simhash_hex(text)
                self.stats.inc_value("newscrawl/template/lines_removed", removed)
                self.stats.inc_value("newscrawl/template/articles_changed")
        return item

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, Article) and (pending := self._pending.pop(item.id, None)):
            self.counter.add(*pending)

    def item_left(self, item: Any, **_: Any) -> None:
        if isinstance(item, Article):
            self._pending.pop(item.id, None)
