"""Scrapy's downloader, holding ``CONCURRENT_REQUESTS_PER_DOMAIN`` in a burst (``DOWNLOADER``).

Scrapy 2.19's downloader moves queued requests into a slot's transfers in a loop that stops
when the slot has no free transfer left; but a request only counts as transferring once its
download coroutine starts, which the loop merely schedules. A burst of queued requests (a
sitemap's entries, with no download delay) therefore all start at once: measured on
loopback, 32 concurrent requests to one host with ``CONCURRENT_REQUESTS_PER_DOMAIN = 8``,
and 98 TCP connections opened and closed for 207 pages as the keep-alive pool (sized to 8)
overflowed. AutoThrottle (newscrawl's default) hides it: its delay makes the loop start one
request per call. Here the transfer is reserved when its coroutine is created, inside the
loop, so the limit holds with or without a delay; ``_download`` adds it again (a set) and
removes it when the transfer ends, as before.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from scrapy import Request
from scrapy.core.downloader import Downloader, Slot
from scrapy.http import Response
from twisted.internet.defer import Deferred


class SlotLimitedDownloader(Downloader):
    def _wait_for_download(
        self, slot: Slot, request: Request, queue_dfd: Deferred[Response]
    ) -> Coroutine[Any, Any, None]:
        slot.transferring.add(request)
        return super()._wait_for_download(slot, request, queue_dfd)
