"""A dupefilter that skips articles earlier runs emitted, and forgets what a crash lost.

Scrapy's ``RFPDupeFilter`` with a JOBDIR writes every fingerprint to ``requests.seen`` when the
request is *scheduled*; a SIGKILL then loses the requests that were popped from the queue but
not finished, and a resumed crawl never fetches them again (they are "seen"). Here "seen"
across runs means "its article is in the crawl state" (emitted and, for a resume, present in
the output), so a resumed crawl re-discovers and fetches whatever did not make it. Within a
run, fingerprints are kept in memory as usual.

Incremental crawls: a page whose article an earlier run emitted is not fetched again unless
its sitemap ``lastmod`` / feed date is newer than that emission, or ``NEWSCRAWL_FULL`` is set.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.dupefilters import RFPDupeFilter
from scrapy.statscollectors import StatsCollector

from newscrawl.discovery.dates import parse_entry_date
from newscrawl.spiders.news import META_HINTS
from newscrawl.state.extension import crawl_state
from newscrawl.state.store import KnownArticle

logger = logging.getLogger(__name__)


class SkipsKnownArticles:
    """Dupefilter mixin: after the filter's own "seen in this run", the cross-run rule
    (:func:`skip_known`) on the crawl state. Shared by this module's filter and the Redis
    frontier's (``newscrawl.distributed.dupefilter``), so both skip exactly the same pages."""

    state: KnownArticles | None = None
    full: bool = False
    stats: StatsCollector | None = None

    def attach_crawl_state(self, crawler: Crawler) -> None:
        extension = crawl_state(crawler)
        if extension is not None:
            self.state, self.full = extension.state, extension.full
        self.stats = crawler.stats

    def request_seen(self, request: Request) -> bool:
        if super().request_seen(request):  # type: ignore[misc]
            return True
        return skip_known(request, self.state, self.full, self.stats)


class StateDupeFilter(SkipsKnownArticles, RFPDupeFilter):
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StateDupeFilter:
        # No JOBDIR path on purpose: requests.seen is what loses in-flight requests.
        dupefilter = cls(
            None,
            debug=crawler.settings.getbool("DUPEFILTER_DEBUG"),
            fingerprinter=crawler.request_fingerprinter,
        )
        dupefilter.attach_crawl_state(crawler)
        return dupefilter

    @staticmethod
    def _changed_since(request: Request, emitted_at: str) -> bool:
        return changed_since(request, emitted_at)


class KnownArticles(Protocol):
    """What the rule needs of a crawl state: :class:`CrawlState`, or the Redis-backed store
    that workers sharing one frontier use (``newscrawl.distributed.state``)."""

    run_id: str

    def known_url(self, url: str) -> KnownArticle | None: ...


def skip_known(
    request: Request, state: KnownArticles | None, full: bool, stats: StatsCollector | None
) -> bool:
    """The cross-run rule on top of any "seen in this run" filter: True when an earlier run
    (or this one, before a resume) emitted the page's article and the feed/sitemap does not
    say it changed since. A function, so that other dupefilters (the shared Redis frontier)
    apply exactly the same rule."""
    if state is None or full:
        return False
    known = state.known_url(request.url)
    if known is None:
        return False
    if known.run_id != state.run_id and changed_since(request, known.emitted_at):
        return False
    if stats is not None:
        key = "resume" if known.run_id == state.run_id else "unchanged"
        stats.inc_value(f"newscrawl/state/skipped_known/{key}")
    return True


def changed_since(request: Request, emitted_at: str) -> bool:
    """True when the feed/sitemap says the page changed after we emitted it: its
    ``lastmod`` (``modified``), else its publication date."""
    hints = request.meta.get(META_HINTS) or {}
    stated = parse_entry_date(hints.get("modified") or hints.get("published"))
    if stated is None:
        return False
    return stated > datetime.fromisoformat(emitted_at)
