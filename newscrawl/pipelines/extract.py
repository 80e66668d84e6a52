"""Pipeline 1: a :class:`FetchedPage` becomes a clean :class:`Article` (or a counted drop).

Extraction and the text's clean-up (boilerplate lines trafilatura leaves in: ad labels, share
and "Also read" lines, newsletter prompts) and fingerprints run together in the process pool
(:func:`newscrawl.processing.extract_clean`): they need the page alone, and the crawler
process, which also fetches, parses feeds and exports, keeps its core for that.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newscrawl.extraction.article import ExtractionOptions
from newscrawl.extraction.errors import ExtractionError
from newscrawl.extraction.forkserver import launch_forkserver
from newscrawl.extraction.pool import ExtractionPool, default_workers
from newscrawl.items import Article, FetchedPage
from newscrawl.pipelines.drops import drop
from newscrawl.processing import extract_clean

logger = logging.getLogger(__name__)


class ExtractPipeline:
    """Runs extraction in a process pool without blocking the reactor.

    Settings: ``NEWSCRAWL_EXTRACT_WORKERS`` (processes; ``None`` = one per core, ``0`` = in
    the crawler process), ``NEWSCRAWL_EXTRACT_MAX_PENDING`` (pages submitted at once),
    ``NEWSCRAWL_FAVOR`` (``balanced``, ``precision`` or ``recall``),
    ``NEWSCRAWL_EXTRA_BOILERPLATE`` (exact lines to remove from every body),
    ``NEWSCRAWL_EXTRACT_TIMEOUT`` (seconds a page may take in a worker; 0: no limit).
    """

    def __init__(self, pool: ExtractionPool, stats: StatsCollector) -> None:
        self.pool = pool
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        settings = crawler.settings
        workers = settings.get("NEWSCRAWL_EXTRACT_WORKERS")
        workers = default_workers() if workers in (None, "") else int(workers)
        if workers < 0:
            raise ValueError(f"NEWSCRAWL_EXTRACT_WORKERS must be >= 0, not {workers}")
        favor = settings.get("NEWSCRAWL_FAVOR", "balanced")
        if favor not in ("balanced", "precision", "recall"):
            raise ValueError(f"NEWSCRAWL_FAVOR must be balanced, precision or recall: {favor!r}")
        options = ExtractionOptions(
            favor_precision=favor == "precision",
            favor_recall=favor == "recall",
            max_html_chars=settings.getint("NEWSCRAWL_MAX_HTML_CHARS", 8_000_000),
            extra_boilerplate=tuple(settings.getlist("NEWSCRAWL_EXTRA_BOILERPLATE")),
        )
        max_pending = settings.getint("NEWSCRAWL_EXTRACT_MAX_PENDING", 0) or 4 * max(workers, 1)
        timeout = settings.getfloat("NEWSCRAWL_EXTRACT_TIMEOUT", 120.0)
        if timeout < 0:
            raise ValueError(f"NEWSCRAWL_EXTRACT_TIMEOUT must be >= 0 (0: none), not {timeout}")
        pool = ExtractionPool(workers, max_pending, options, job=extract_clean, timeout=timeout)
        if workers:
            # Its second of loading then overlaps the rest of Scrapy's start-up.
            launch_forkserver(extract_clean.__module__)
        return cls(pool, crawler.stats)

    def open_spider(self) -> None:
        self.pool.start()

    def close_spider(self) -> None:
        self.pool.close()
        self.stats.set_value("newscrawl/extract/peak_pending", self.pool.peak_pending)
        self.stats.set_value("newscrawl/extract/workers", self.pool.workers)

    async def process_item(self, item: object) -> object:
        if not isinstance(item, FetchedPage):
            return item
        try:
            article: Article = await self.pool.extract(item)
        except ExtractionError as error:
            raise drop(self.stats, error.reason, f"{item.url}: {error}") from None
        except Exception as error:
            # A bug in a parser must cost one page, not the crawl.
            logger.exception("extraction failed on %s", item.url)
            raise drop(self.stats, "extraction_error", f"{item.url}: {error!r}") from None
        self.stats.inc_value("newscrawl/extracted")
        return article
