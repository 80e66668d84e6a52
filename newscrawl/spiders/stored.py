"""The ``stored`` spider: stored pages through the crawl's item pipelines, nothing downloaded.

``scrapy crawl stored -a inputs=pages.warc.gz,more/`` (or ``newscrawl extract``) yields one
:class:`~newscrawl.items.FetchedPage` per page that :func:`~newscrawl.offline.readers.
iter_stored_pages` reads, so extraction, stats and feed exports are those of a crawl.

Scrapy hands the items of ``start()`` to the pipelines without waiting for them, so the spider
keeps at most ``NEWSCRAWL_OFFLINE_MAX_INFLIGHT`` of its items in the pipelines at a time and
reads the next page only when one has left. An item leaves with exactly one of the
``item_scraped``, ``item_dropped`` and ``item_error`` signals; a spider middleware that swallowed
start items would leak places (and the final wait for the last items would never end).
Pages are read and decoded in the reactor thread, one at a time between items.

Settings:

- ``NEWSCRAWL_OFFLINE_MAX_INFLIGHT`` (64): items in the pipelines at a time.
- ``NEWSCRAWL_OFFLINE_PROGRESS_EVERY`` (1000): log ``"N pages read, M in flight"`` every N
  pages, and once at the end.

Stats: ``newscrawl/offline/pages`` (pages read) and ``newscrawl/offline/skipped/<reason>``
(see :mod:`newscrawl.offline.readers` for the reasons).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar, Self

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.asyncio import is_asyncio_available

from newscrawl.items import FetchedPage
from newscrawl.offline.readers import StoredPage, iter_stored_pages

DEFAULT_MAX_INFLIGHT = 64
DEFAULT_PROGRESS_EVERY = 1000

QUIET_SKIP_REASONS = frozenset({"not_response"})
"""Skips logged at DEBUG, not WARNING: every WARC has a request record per response."""

_INPUT_SEPARATORS = re.compile(f"[,{re.escape(os.pathsep)}]")


class InFlight:
    """How many items are in the item pipelines, and a way to wait until fewer than ``limit``.

    One producer waits (``start()``); signal handlers call :meth:`finished`.
    """

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"the in-flight limit must be at least 1, not {limit}")
        self.limit = limit
        self.count = 0
        self._room = asyncio.Event()

    def started(self) -> None:
        self.count += 1

    def finished(self) -> None:
        self.count -= 1
        self._room.set()

    async def wait_for_room(self, limit: int | None = None) -> None:
        """Return once fewer than ``limit`` (default: :attr:`limit`) items are in flight."""
        limit = self.limit if limit is None else limit
        while self.count >= limit:
            self._room.clear()
            await self._room.wait()

    async def drain(self) -> None:
        """Return once no item is in flight."""
        await self.wait_for_room(1)


def split_inputs(inputs: str | Path | Iterable[str | Path]) -> list[str | Path]:
    """The input paths from a list, or from a ``-a inputs=`` string separated by ``,``/pathsep."""
    if isinstance(inputs, Path):
        return [inputs]
    if isinstance(inputs, str):
        return [part.strip() for part in _INPUT_SEPARATORS.split(inputs) if part.strip()]
    return list(inputs)


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class StoredPagesSpider(scrapy.Spider):
    """Yields a :class:`FetchedPage` per stored page, with back-pressure on the pipelines."""

    name = "stored"
    # Extraction of stored pages is not incremental: every run gives a record per article
    # in its inputs (set NEWSCRAWL_STATE to a path to make it so).
    custom_settings: ClassVar[dict[str, Any]] = {"NEWSCRAWL_STATE": ""}

    def __init__(self, *args: Any, inputs: str | Iterable[str | Path] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inputs = split_inputs(inputs)
        if not self.inputs:
            raise ValueError("no inputs: pass -a inputs=PATH[,PATH...]")
        # Checks every input now (InputError), reads them only when start() iterates.
        self._pages: Iterator[StoredPage] = iter_stored_pages(self.inputs, on_skip=self._skipped)
        self.pages_read = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        max_inflight = settings.getint("NEWSCRAWL_OFFLINE_MAX_INFLIGHT", DEFAULT_MAX_INFLIGHT)
        progress_every = settings.getint("NEWSCRAWL_OFFLINE_PROGRESS_EVERY", DEFAULT_PROGRESS_EVERY)
        for name, value in [
            ("NEWSCRAWL_OFFLINE_MAX_INFLIGHT", max_inflight),
            ("NEWSCRAWL_OFFLINE_PROGRESS_EVERY", progress_every),
        ]:
            if value < 1:
                raise ValueError(f"{name} must be at least 1, not {value}")
        spider.in_flight = InFlight(max_inflight)
        spider.progress_every = progress_every
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(spider._item_finished, signal=signal)
        return spider

    async def start(self) -> AsyncIterator[FetchedPage]:
        if not is_asyncio_available():
            raise RuntimeError("the stored spider needs Scrapy's asyncio reactor")
        try:
            while True:
                await self.in_flight.wait_for_room()
                page = next(self._pages, None)
                if page is None:
                    break
                self.pages_read += 1
                self.crawler.stats.inc_value("newscrawl/offline/pages")
                if self.pages_read % self.progress_every == 0:
                    self._log_progress()
                self.in_flight.started()
                yield FetchedPage(
                    url=page.url,
                    html=page.html,
                    fetched_at=page.fetched_at or utc_now(),
                    hints={"source": page.source},
                )
        finally:
            close = getattr(self._pages, "close", None)
            if close is not None:
                close()
        # Ending start() only once the last items are through lets the engine close the
        # spider at once, instead of at its next idle check (up to 5 s later).
        await self.in_flight.drain()
        self._log_progress()

    def _item_finished(self) -> None:
        self.in_flight.finished()

    def _skipped(self, source: str, reason: str) -> None:
        self.crawler.stats.inc_value(f"newscrawl/offline/skipped/{reason}")
        level = logging.DEBUG if reason in QUIET_SKIP_REASONS else logging.WARNING
        self.logger.log(level, "skipped %s: %s", source, reason)

    def _log_progress(self) -> None:
        self.logger.info("%d pages read, %d in flight", self.pages_read, self.in_flight.count)
