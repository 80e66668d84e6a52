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
a running call, so the pool's processes are terminated and the pool replaced. The time counts
from submission: with at most ``max_pending`` pages queued, a page waits for a few others at
most, which matters only when pages take a sizeable share of the timeout each.

Starting costs the forkserver about a second (importing the extraction modules, compiling
dateparser's languages), and ``ProcessPoolExecutor`` spawns a worker inside ``submit``: the
first page would block the reactor for that second. :meth:`ExtractionPool.start` spawns the
workers on a thread instead, and pages wait for that asynchronously; the server itself is
launched earlier still (:mod:`~newscrawl.extraction.forkserver`: by the command line before it
imports Scrapy, by the extract pipeline when it is built), so its loading overlaps the crawler
process's own start-up.

A worker that dies (a crash in a C extension, the kernel's OOM killer) breaks the whole pool:
every page running or queued in it fails with ``BrokenProcessPool``, and nothing says which
page killed the worker. Those pages, and the ones caught in a pool killed for a stuck page,
run again one at a time in a one-worker *isolation* pool: there a crash has a single suspect,
which alone is dropped as ``worker_crashed``; the innocent pages are extracted. The main pool is
replaced at once, so new pages do not wait for the isolated ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import multiprocessing
import os
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from newscrawl.extraction.article import ExtractionOptions, extract_article
from newscrawl.extraction.errors import ExtractionError
from newscrawl.extraction.forkserver import launch_forkserver
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


def _spawn_workers(executor: ProcessPoolExecutor, workers: int, done: Future[None]) -> None:
    """Spawn ``executor``'s workers (``submit`` spawns one at a time while none is idle, and
    waits for the forkserver to answer); ``done`` tells the reactor when they are up."""
    try:
        for future in [executor.submit(os.getpid) for _ in range(workers)]:
            future.result()
    except BaseException as error:  # the first page reports it (a broken pool, a dead server)
        done.set_exception(error)
    else:
        done.set_result(None)


def _warm_up(job: Job, options: ExtractionOptions) -> None:
    """Run once per worker so the first real page does not pay for imports and caches.

    Then everything the worker holds so far (modules, compiled patterns, dateparser's
    locales: some 100,000 objects) is moved out of the garbage collector's sight: they live
    as long as the worker, and each full collection would walk them all again (0.3 ms a
    real page, measured over the corpus pages).
    """
    page = FetchedPage(
        url="http://warm.up/",
        html="<html><body><p>x</p></body></html>",
        fetched_at="1970-01-01T00:00:00Z",
    )
    with contextlib.suppress(ExtractionError):
        job(page, options)
    gc.freeze()


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
        """Executors this pool killed or found broken: their pages go to isolation."""
        self._isolation: ProcessPoolExecutor | None = None
        """One worker, one page at a time: where pages caught in a broken pool run again."""
        self._isolation_lock: asyncio.Lock | None = None
        self._slots: asyncio.Semaphore | None = None
        self.pending = 0
        self.peak_pending = 0
        self._starting: Future[None] | None = None
        """Set while :meth:`start`'s thread spawns the workers."""

    def start(self) -> None:
        """Create the pool and spawn its workers on a thread: returns at once."""
        if self.workers > 0 and self._executor is None:
            self._executor = self._new_executor(self.workers)
            self._starting = Future()
            threading.Thread(
                target=_spawn_workers,
                args=(self._executor, self.workers, self._starting),
                name="newscrawl-pool-start",
                daemon=True,
            ).start()

    def _new_executor(self, workers: int) -> ProcessPoolExecutor:
        # forkserver, not fork: forking a process that runs a reactor and threads can
        # deadlock in the child; the server preloads the extraction modules and the
        # warm-up once, and each worker starts from that state.
        launch_forkserver(self.job.__module__)
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("forkserver"),
            initializer=_warm_up,
            initargs=(self.job, self.options),
        )

    def close(self) -> None:
        for executor in (self._executor, self._isolation):
            if executor is not None:
                executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._isolation = None

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
        executor = self._executor
        loop = asyncio.get_running_loop()
        try:
            if self._starting is not None:
                try:
                    await asyncio.wrap_future(self._starting)
                finally:
                    self._starting = None
            # Inside the try: submitting to a pool whose worker just died raises at once.
            future = loop.run_in_executor(executor, self.job, page, self.options)
            return await asyncio.wait_for(future, self.timeout)
        except TimeoutError:
            if executor not in self._killed:
                self._retire(executor, kill=True)
                logger.error(
                    "extraction of %s took over %g s; restarting the pool", page.url, self.timeout
                )
                raise ExtractionError(
                    f"extraction took over {self.timeout:g} s: {page.url}", reason="timeout"
                ) from None
            # Timed out in the same moment as the page that was stuck: not at fault.
        except BrokenProcessPool:
            if executor not in self._killed:
                # A worker died, under this page or another: new pages go to a new pool,
                # the ones it held (this one included) to isolation.
                logger.warning(
                    "an extraction worker died; restarting the pool and running its pages "
                    "one at a time"
                )
                self._retire(executor, kill=False)
        return await self._run_isolated(page)

    async def _run_isolated(self, page: FetchedPage) -> Article:
        """Run ``page`` alone in the one-worker isolation pool: if that worker dies, the
        page killed it."""
        if self._isolation_lock is None:
            self._isolation_lock = asyncio.Lock()
        async with self._isolation_lock:
            if self._isolation is None:
                self._isolation = self._new_executor(1)
            executor = self._isolation
            try:
                future = asyncio.get_running_loop().run_in_executor(
                    executor, self.job, page, self.options
                )
                return await asyncio.wait_for(future, self.timeout)
            except TimeoutError:
                self._isolation = None
                self._kill(executor)
                logger.error("extraction of %s took over %g s", page.url, self.timeout)
                raise ExtractionError(
                    f"extraction took over {self.timeout:g} s: {page.url}", reason="timeout"
                ) from None
            except BrokenProcessPool:
                self._isolation = None
                executor.shutdown(wait=False, cancel_futures=True)
                logger.error("extraction worker died on %s, run alone", page.url)
                raise ExtractionError(
                    f"extraction worker died on {page.url}", reason="worker_crashed"
                ) from None

    def _retire(self, executor: ProcessPoolExecutor | None, *, kill: bool) -> None:
        """Stop submitting to ``executor``: the next page starts a new pool. ``kill``: its
        workers are killed first (one of them is stuck). Either way its other pages fail with
        ``BrokenProcessPool`` and go to isolation (not ``cancel_futures``: a cancelled future
        would look like a cancelled crawl)."""
        if executor is None or executor in self._killed:
            return
        self._killed.add(executor)
        if executor is self._executor:
            self._executor = None
        if kill:
            self._kill(executor)
        else:
            executor.shutdown(wait=False)

    @staticmethod
    def _kill(executor: ProcessPoolExecutor) -> None:
        """Kill the workers, then shut the executor down. ``_processes`` is private, but the
        only handle on the workers there is."""
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            with contextlib.suppress(Exception):
                process.kill()
        executor.shutdown(wait=False)
