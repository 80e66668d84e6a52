"""Extraction off the reactor: a bounded process pool for the per-page job.

trafilatura on lxml is CPU-bound (tens of milliseconds per real page) and holds the GIL, so
run inside a pipeline it stalls Scrapy's reactor: downloads wait while one core parses and the
other idles. The pool moves parsing into worker processes; the reactor only awaits futures.
The job is a module-level function of ``(page, options)``; the extract pipeline passes
:func:`newscrawl.processing.extract_clean`, which also strips and fingerprints the text so that
the crawler process does none of the per-page text work.

Back-pressure: at most ``max_pending`` pages are submitted or running at once; further
callers wait on a semaphore. Together with Scrapy's scraper slot limit this keeps memory flat
whatever the crawl size.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from newscrawl.extraction.article import ExtractionOptions, extract_article
from newscrawl.extraction.errors import ExtractionError
from newscrawl.items import Article, FetchedPage

logger = logging.getLogger(__name__)

Job = Callable[[FetchedPage, ExtractionOptions], Article]
"""What the pool runs: pure, picklable by reference (a module-level function)."""


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _warm_up(job: Job, options: ExtractionOptions) -> None:
    """Run once per worker so the first real page does not pay for imports and caches."""
    page = FetchedPage(
        url="http://warm.up/",
        html="<html><body><p>x</p></body></html>",
        fetched_at="1970-01-01T00:00:00Z",
    )
    with contextlib.suppress(ExtractionError):
        job(page, options)


class ExtractionPool:
    """Runs ``job`` (default :func:`extract_article`) in ``workers`` processes (0: in this
    process)."""

    def __init__(
        self,
        workers: int,
        max_pending: int,
        options: ExtractionOptions,
        job: Job = extract_article,
    ) -> None:
        self.workers = workers
        self.max_pending = max(1, max_pending)
        self.options = options
        self.job = job
        self._executor: Executor | None = None
        self._slots: asyncio.Semaphore | None = None
        self.pending = 0
        self.peak_pending = 0

    def start(self) -> None:
        if self.workers > 0 and self._executor is None:
            # forkserver, not fork: forking a process that runs a reactor and threads can
            # deadlock in the child; the server preloads the extraction modules once.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([self.job.__module__])
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_warm_up,
                initargs=(self.job, self.options),
            )

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    async def extract(self, page: FetchedPage) -> Article:
        """Extract ``page``, waiting for a free slot first; raises ``ExtractionError``."""
        if self._slots is None:  # created lazily: it must belong to the running loop
            self._slots = asyncio.Semaphore(self.max_pending)
        async with self._slots:
            self.pending += 1
            self.peak_pending = max(self.peak_pending, self.pending)
            try:
                return await self._run(page)
            finally:
                self.pending -= 1

    async def _run(self, page: FetchedPage) -> Article:
        if self.workers == 0:
            return self.job(page, self.options)
        self.start()
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, self.job, page, self.options)
        except BrokenProcessPool:
            # A worker died (out of memory, killed). Replace the pool; the page is lost to
            # this attempt and reported by the caller, the crawl goes on.
            logger.error("extraction worker died on %s; restarting the pool", page.url)
            executor, self._executor = self._executor, None
            if executor is not None:
                executor.shutdown(wait=False, cancel_futures=True)
            raise ExtractionError(
                f"extraction worker died on {page.url}", reason="worker_crashed"
            ) from None
