"""A popped request stays in the worker's in-flight set until nothing of it can be lost.

The scheduler pops each request into the worker's in-flight set in one Lua step, so that a
worker that dies hands back what it held (:meth:`~newscrawl.distributed.run.SharedRun.reclaim`).
Taking it out as the download ends (Scrapy's ``request_left_downloader``) was too early: a
worker killed while the page was being extracted lost the article for the whole run, since the
run's dupefilter had already seen its URL. A request now leaves the set when it is done:

* a response, once the spider's output for it has been consumed (new requests are in the
  shared queue then) and every item it yielded has been through the item pipelines: scraped
  (the feed exporter, connected before us, has written it), dropped or failed;
* a retry or a redirect, once the new request is in the shared queue (it carries the old
  one's ticket: ``Request.replace`` and ``copy`` copy ``meta``);
* a download that fails for good, or that a downloader middleware refuses (robots.txt,
  offsite), when the exception has passed every other downloader middleware.

Scrapy has no signal for "the engine is done with this request" (the engine's own
bookkeeping of it is private), hence the three hooks above. Whatever slips past them (a
middleware that swaps ``response.request``, an exception raised in ``process_response``)
stays in the set until the worker turns idle, when the set is emptied: at worst a request is
fetched once more after a crash, and the claims pipeline keeps its article single.
"""

from __future__ import annotations

import weakref
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from newscrawl.distributed.crawler import shared_run
from newscrawl.distributed.run import SharedRun

TICKET = "newscrawl_inflight"
"""``request.meta`` key: the request as the in-flight set holds it (its encoded form)."""


def release(run: SharedRun, request: Request) -> None:
    """Take ``request`` out of the in-flight set, if it is in it (once: the ticket goes)."""
    ticket = request.meta.pop(TICKET, None)
    if ticket is not None:
        run.release(ticket)


class InFlightSpiderMiddleware:
    """``SPIDER_MIDDLEWARES``, outermost: releases a response's request once its output and
    the items of that output are done."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._items: weakref.WeakKeyDictionary[Request, int] = weakref.WeakKeyDictionary()
        """Items of a request's response still in the item pipelines."""
        self._output_done: weakref.WeakSet[Request] = weakref.WeakSet()
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(self._item_done, signal=signal)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> InFlightSpiderMiddleware:
        return cls(crawler)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        request = response.request
        for output in result:
            yield self._passing(request, output)
        self._output_ended(request)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        request = response.request
        async for output in result:
            yield self._passing(request, output)
        self._output_ended(request)

    def process_spider_exception(self, response: Response, exception: Exception) -> None:
        """The callback (or a middleware before it) failed: what it yielded so far is all
        there will be."""
        self._output_ended(response.request)

    def _passing(self, request: Request | None, output: Any) -> Any:
        if isinstance(output, Request):
            # A new request (``meta=response.meta`` copies the ticket): it must not release
            # this one when it is queued.
            output.meta.pop(TICKET, None)
        elif request is not None:
            self._items[request] = self._items.get(request, 0) + 1
        return output

    def _output_ended(self, request: Request | None) -> None:
        if request is None:
            return
        self._output_done.add(request)
        if not self._items.get(request):
            self._release(request)

    def _item_done(self, response: Response | Any = None, **_: Any) -> None:
        request = response.request if isinstance(response, Response) else None
        if request is None or request not in self._items:
            return
        left = self._items[request] - 1
        self._items[request] = left
        if left <= 0 and request in self._output_done:
            self._release(request)

    def _release(self, request: Request) -> None:
        self._items.pop(request, None)
        self._output_done.discard(request)
        release(shared_run(self.crawler), request)


class InFlightDownloaderMiddleware:
    """``DOWNLOADER_MIDDLEWARES``, outermost, so that its ``process_exception`` runs last:
    an exception that reaches it was not turned into a retry or a response by any other."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> InFlightDownloaderMiddleware:
        return cls(crawler)

    def process_exception(self, request: Request, exception: Exception) -> None:
        release(shared_run(self.crawler), request)
