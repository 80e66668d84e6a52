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

A page that takes longer than ``timeout`` seconds (a parser stuck in backtracking on a
pathological page) is dropped as ``timeout`` and its worker killed: a stuck worker would
otherwise hold its slot, and the crawl's end, forever. ``concurrent.futures`` cannot cancel
a running call, so the pool's processes are terminated and the pool replaced; the other pages
that were running or queued in it are not at fault and run again once. The time counts from
submission: with at most ``max_pending`` pages queued, a page waits for a few others at most,
which matters only when pages take a sizeable share of the timeout each.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import weakref
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from newscrawl.extraction.article import ExtractionOptions, extract_article
from newscrawl.extraction.errors import ExtractionError
from newscrawl.items import Article, FetchedPage

logger = logging.getLogger(__name__)

WARMUP_MODULE = "newscrawl.extraction.warmup"
"""Imported by the forkserver before it forks workers (see that module)."""

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
        timeout: float | None = None,
    ) -> None:
        self.workers = workers
        self.max_pending = max(1, max_pending)
        self.options = options
        self.job = job
        self.timeout = timeout or None
        """Seconds a page may take in a worker (None: no limit; in-process runs have none)."""
        self._executor: ProcessPoolExecutor | None = None
        self._killed: weakref.WeakSet[ProcessPoolExecutor] = weakref.WeakSet()
        """Executors this pool terminated: their other pages get a second run."""
        self._slots: asyncio.Semaphore | None = None
        self.pending = 0
        self.peak_pending = 0

    def start(self) -> None:
        if self.workers > 0 and self._executor is None:
            # forkserver, not fork: forking a process that runs a reactor and threads can
            # deadlock in the child; the server preloads the extraction modules and the
            # warm-up once, and each worker starts from that state.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([self.job.__module__, WARMUP_MODULE])
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
        loop = asyncio.get_running_loop()
        for attempt in (1, 2):
            self.start()
            executor = self._executor
            future = loop.run_in_executor(executor, self.job, page, self.options)
            try:
                return await asyncio.wait_for(future, self.timeout)
            except TimeoutError:
                if executor in self._killed and attempt == 1:
                    continue  # timed out in the same moment as the page that was stuck
                logger.error(
                    "extraction of %s took over %g s; restarting the pool", page.url, self.timeout
                )
                self._terminate(executor)
                raise ExtractionError(
                    f"extraction took over {self.timeout:g} s: {page.url}", reason="timeout"
                ) from None
            except BrokenProcessPool:
                if executor in self._killed and attempt == 1:
                    continue  # terminated for another page's sake: run this one again
                # A worker died (out of memory, killed). Replace the pool; the page is lost
                # to this attempt and reported by the caller, the crawl goes on.
                logger.error("extraction worker died on %s; restarting the pool", page.url)
                if executor is self._executor:
                    self._executor = None
                    if executor is not None:
                        executor.shutdown(wait=False, cancel_futures=True)
                raise ExtractionError(
                    f"extraction worker died on {page.url}", reason="worker_crashed"
                ) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _terminate(self, executor: ProcessPoolExecutor | None) -> None:
        """Kill ``executor``'s workers (one of them is stuck) and let the next page start a
        new pool. ``_processes`` is private, but the only handle on the workers there is."""
        if executor is None or executor in self._killed:
            return
        self._killed.add(executor)
        if executor is self._executor:
            self._executor = None
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            with contextlib.suppress(Exception):
                process.kill()
        # Not cancel_futures: the broken pool fails the queued pages with BrokenProcessPool,
        # which _run retries; a cancelled future would look like a cancelled crawl.
        executor.shutdown(wait=False)
