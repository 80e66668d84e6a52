"""Pipeline 6: one record per article, within a run and across runs.

* Same article id (canonical URL) or same content hash as one already written by this run:
  dropped (``duplicate_url`` / ``duplicate_content``).
* Emitted by an earlier run with the same content: dropped as ``unchanged`` (incremental
  crawls); with changed content it is written again. ``NEWSCRAWL_FULL`` re-emits everything.
* A near-duplicate of an article written earlier in the run (a wire story republished with
  another headline or footer: SimHash within ``NEWSCRAWL_NEAR_DUPLICATE_BITS`` bits) is
  written but *flagged*: ``near_duplicate_of`` holds the earlier article's id. Flagging
  rather than merging keeps each publisher's record (their URL, headline, byline) and lets
  the reader decide.

In-process state is two sets of 10-byte digests and the SimHash index: 398 bytes per
article in CPython (measured with tracemalloc over 100,000 articles); it is the only thing
that grows with the size of a crawl.
"""

from __future__ import annotations

from typing import Protocol

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newscrawl.items import Article
from newscrawl.normalize.simhash import NearDuplicateIndex, simhash_hex
from newscrawl.pipelines.drops import drop
from newscrawl.state.extension import CrawlStateExtension, crawl_state


class NearDuplicates(Protocol):
    """Where the run's fingerprints are looked up: this process's
    :class:`~newscrawl.normalize.simhash.NearDuplicateIndex`, or Redis for workers sharing a
    run (:mod:`newscrawl.distributed.nearduplicates`)."""

    def flag(self, fingerprint: int, name: str) -> str | None: ...


class DedupePipeline:
    def __init__(
        self,
        stats: StatsCollector,
        state: CrawlStateExtension | None = None,
        near_duplicate_bits: int = 7,
    ) -> None:
        self.stats = stats
        self.state = state
        self.seen_ids: set[bytes] = set()
        self.seen_content: set[bytes] = set()
        self.near: NearDuplicates | None = (
            NearDuplicateIndex(near_duplicate_bits) if near_duplicate_bits >= 0 else None
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        bits = crawler.settings.getint("NEWSCRAWL_NEAR_DUPLICATE_BITS", 7)
        return cls(crawler.stats, crawl_state(crawler), bits)

    def _check_state(self, article: Article) -> None:
        if self.state is None:
            return
        known = self.state.state.known(article.id)
        if known is None:
            return
        if known.run_id == self.state.state.run_id:  # written before this run was resumed
            raise drop(self.stats, "duplicate_url", article.canonical_url)
        if known.content_hash == article.content_hash and not self.state.full:
            raise drop(self.stats, "unchanged", article.canonical_url)
        self.stats.inc_value("newscrawl/state/changed_since_last_run")

    def process_item(self, item: object) -> object:
        if not isinstance(item, Article):
            return item
        article_key = bytes.fromhex(item.id)[:10]
        content_key = bytes.fromhex(item.content_hash)[:10]
        if article_key in self.seen_ids:
            raise drop(self.stats, "duplicate_url", item.canonical_url)
        if content_key in self.seen_content:
            raise drop(self.stats, "duplicate_content", item.url)
        self._check_state(item)
        self.seen_ids.add(article_key)
        self.seen_content.add(content_key)
        if self.near is not None:
            # Computed in the pool worker (processing.strip_article); here only if an
            # item arrives without one.
            item.simhash = item.simhash or simhash_hex(item.text)
            fingerprint = int(item.simhash, 16)
            item.near_duplicate_of = self.near.flag(fingerprint, item.id)
            if item.near_duplicate_of:
                self.stats.inc_value("newscrawl/near_duplicates_flagged")
        return item
