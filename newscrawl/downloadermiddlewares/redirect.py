"""Scrapy's ``RedirectMiddleware``, plus run report entries for the redirects it gives up on.

Two ways a redirect chain ends without a response and without a trace in the report:

* a loop (``/a`` → ``/b`` → ``/a``): the repeated URL is dropped by the scheduler's
  duplicate filter, silently; listed as ``redirect/loop`` with the chain;
* more than ``REDIRECT_MAX_TIMES`` hops: Scrapy raises ``IgnoreRequest`` from
  ``process_response``, which no ``process_exception`` sees; listed as ``redirect/too_many``.

Both are counted (``newscrawl/redirect/loop``, ``newscrawl/redirect/too_many``).
"""

from __future__ import annotations

from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.signals import request_dropped

from newscrawl.downloadermiddlewares._report import find_run_report
from newscrawl.extensions.runreport import RunReport


class ReportingRedirectMiddleware(RedirectMiddleware):
    """Replaces Scrapy's ``RedirectMiddleware`` at the same priority (600)."""

    report: RunReport | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        middleware.report = find_run_report(crawler)
        crawler.signals.connect(middleware.request_dropped, signal=request_dropped)
        return middleware

    def process_response(self, request: Request, response: Response) -> Request | Response:
        try:
            return super().process_response(request, response)
        except IgnoreRequest as error:
            chain = [*request.meta.get("redirect_urls", []), request.url]
            self._note("too_many", chain[0], f"{error} after {' → '.join(chain)}")
            raise

    def request_dropped(self, request: Request) -> None:
        """Scheduler refused ``request``: when it was a redirect back into its own chain,
        that is a loop."""
        chain = request.meta.get("redirect_urls") or []
        if request.url in chain:
            self._note("loop", chain[0], "redirect loop: " + " → ".join([*chain, request.url]))

    def _note(self, kind: str, url: str, reason: str) -> None:
        self.crawler.stats.inc_value(f"newscrawl/redirect/{kind}")
        if self.report is not None:
            self.report.note(f"redirect/{kind}", url, reason[:300])
