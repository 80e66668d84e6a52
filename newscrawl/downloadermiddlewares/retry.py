"""Retries that wait: ``Retry-After`` honoured, exponential backoff with jitter.

Scrapy's :class:`~scrapy.downloadermiddlewares.retry.RetryMiddleware` re-sends a failed
request at once and ignores ``Retry-After``: a server that answers 503 or 429 because it is
overloaded gets the same request back within milliseconds, twice. This subclass decides
*whether* to retry exactly as Scrapy does (``RETRY_TIMES``, ``RETRY_HTTP_CODES``,
``RETRY_EXCEPTIONS``, ``dont_retry``, ``max_retry_times``) and then waits before handing the
retry back to the engine:

* the ``Retry-After`` of the response (delta seconds or an HTTP date), at most
  ``NEWSCRAWL_RETRY_AFTER_MAX`` seconds;
* and at least an exponential backoff, ``base * 2**(n-1)`` for the n-th retry, at most
  ``NEWSCRAWL_RETRY_BACKOFF_MAX``, scaled by a random factor in [0.5, 1] ("equal jitter") so
  that the requests that failed together do not come back together.

The wait is an ``await`` on a reactor timer inside the coroutine method, so the reactor keeps
serving every other request meanwhile; the waiting request keeps its place among the
downloader's active requests (``CONCURRENT_REQUESTS``), which is why both delays are capped.

Settings: ``NEWSCRAWL_RETRY_BACKOFF_BASE`` (seconds; 0 = no backoff),
``NEWSCRAWL_RETRY_BACKOFF_MAX``, ``NEWSCRAWL_RETRY_AFTER_MAX`` (0 = ignore ``Retry-After``).
``request.meta["retry_backoff_base"]`` overrides the base for one request.

Stats, beside Scrapy's ``retry/count``, ``retry/reason_count/<reason>`` and
``retry/max_reached``: ``retry/retry_after`` (retries that waited as the server asked),
``retry/retry_after_capped`` (it asked for longer than the cap), ``retry/retry_after_invalid``
(unreadable header), ``retry/backoff`` (retries that waited), ``retry/delay_seconds`` (total
time waited).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

META_BACKOFF_BASE = "retry_backoff_base"


def parse_retry_after(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (RFC 9110: delay-seconds or HTTP-date).

    ``None`` when absent or unreadable; a date in the past gives 0.
    """
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_delay(retry_number: int, base: float, cap: float, rng: random.Random) -> float:
    """``base * 2**(n-1)`` seconds for the n-th retry, at most ``cap``, times a random factor
    in [0.5, 1]: never less than half the step, never two identical waits."""
    if base <= 0 or retry_number < 1:
        return 0.0
    step = min(cap, base * 2 ** min(retry_number - 1, 30))
    return step * rng.uniform(0.5, 1.0)


class BackoffRetryMiddleware(RetryMiddleware):
    """Replaces Scrapy's ``RetryMiddleware`` (same priority, 550); see the module docstring."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("NEWSCRAWL_RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("NEWSCRAWL_RETRY_BACKOFF_MAX", 30.0)
        self.retry_after_max = settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX", 60.0)
        self.rng = random.Random()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls(crawler.settings)
        middleware.crawler = crawler
        return middleware

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(request, result, response)
        return result

    async def process_exception(
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(request, result, None)
        return result

    def delay_for(self, request: Request, retry: Request, response: Response | None) -> float:
        """Seconds to wait before ``retry`` (the copy of ``request`` that Scrapy built)."""
        stats = self.crawler.stats
        base = float(request.meta.get(META_BACKOFF_BASE, self.backoff_base))
        delay = backoff_delay(retry.meta.get("retry_times", 1), base, self.backoff_max, self.rng)
        if response is not None and self.retry_after_max > 0:
            header = response.headers.get("Retry-After")
            asked = parse_retry_after(header)
            if header is not None and asked is None:
                stats.inc_value("retry/retry_after_invalid")
            elif asked is not None:
                stats.inc_value("retry/retry_after")
                if asked > self.retry_after_max:
                    stats.inc_value("retry/retry_after_capped")
                delay = max(delay, min(asked, self.retry_after_max))
        return delay

    async def _wait(self, request: Request, retry: Request, response: Response | None) -> None:
        delay = self.delay_for(request, retry, response)
        if delay <= 0:
            return
        self.crawler.stats.inc_value("retry/backoff")
        self.crawler.stats.inc_value("retry/delay_seconds", round(delay, 3))
        from twisted.internet import reactor

        await maybe_deferred_to_future(deferLater(reactor, delay))
