"""Opens the crawl state for a run, adopts what the output already holds, records emissions.

Settings:
* ``NEWSCRAWL_STATE`` — SQLite path (``%(name)s`` = spider name); empty: no state, every run
  emits everything it finds.
* ``NEWSCRAWL_RESUME`` — continue the last unfinished run (``--job``) instead of a new one.
* ``NEWSCRAWL_FULL`` — re-emit articles already emitted by earlier runs (``--full``).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.items import Article
from newscrawl.state.store import CrawlState

logger = logging.getLogger(__name__)

CLEAN_FINISH = ("finished", "closespider_pagecount", "closespider_itemcount", "closespider_timeout")


def _local_jsonl_outputs(crawler: Crawler) -> list[Path]:
    """Feed targets that are plain local JSON Lines paths (no per-run placeholders)."""
    paths = []
    for uri, options in crawler.settings.getdict("FEEDS").items():
        uri = str(uri)
        if "%(" in uri or (options or {}).get("format") != "jsonlines":
            continue
        if uri.startswith("file://"):
            uri = uri[len("file://") :]
        elif "://" in uri:
            continue
        paths.append(Path(uri))
    return paths


class CrawlStateExtension:
    def __init__(self, crawler: Crawler, state: CrawlState, full: bool) -> None:
        self.crawler = crawler
        self.state = state
        self.full = full

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlStateExtension:
        template = crawler.settings.get("NEWSCRAWL_STATE")
        if not template:
            raise NotConfigured
        path = Path(template % {"name": getattr(crawler.spidercls, "name", "crawl")})
        state = CrawlState(path, resume=crawler.settings.getbool("NEWSCRAWL_RESUME"))
        jobdir = crawler.settings.get("JOBDIR")
        if state.crashed and jobdir:
            _discard_scheduler_state(Path(jobdir))
        extension = cls(crawler, state, crawler.settings.getbool("NEWSCRAWL_FULL"))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        stats = self.crawler.stats
        stats.set_value("newscrawl/state/run_resumed", self.state.resumed)
        if not self.state.resumed:
            return
        for path in _local_jsonl_outputs(self.crawler):
            if path.exists():
                adopted = self.state.adopt_output(path)
                stats.inc_value("newscrawl/state/adopted_from_output", adopted)
                logger.info("resuming: %d articles already in %s", adopted, path)

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, Article):
            self.state.record(item.id, item.url, item.content_hash)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.state.close(finished=reason in CLEAN_FINISH)


def _discard_scheduler_state(jobdir: Path) -> None:
    """Scrapy saves its disk queue's bookkeeping only on a clean close: after a crash the
    queue files hand out stale requests (seen here: a resumed crawl dequeued leftovers of the
    old queue instead of its new requests). The crawl state re-discovers whatever was not
    written, so the broken queue and ``requests.seen`` are dropped rather than trusted."""
    for name in ("requests.queue", "requests.seen"):
        target = jobdir / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    logger.warning("previous run of this job crashed: its request queue was discarded")


def crawl_state(crawler: Crawler) -> CrawlStateExtension | None:
    """The running crawl's state extension, if the state is enabled."""
    manager = getattr(crawler, "extensions", None)
    for extension in getattr(manager, "middlewares", ()):
        if isinstance(extension, CrawlStateExtension):
            return extension
    return None
