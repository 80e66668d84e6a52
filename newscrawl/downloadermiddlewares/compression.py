"""Scrapy's ``HttpCompressionMiddleware``, plus the run report entry it does not make.

Scrapy stops inflating a compressed body at ``DOWNLOAD_MAXSIZE`` (a gzip bomb) and raises
``IgnoreRequest`` from ``process_response``, a path on which no middleware's
``process_exception`` sees it: the URL would vanish from the report. This subclass lists it
(``too_large``) and counts ``newscrawl/too_large/decompressed`` before re-raising.
"""

from __future__ import annotations

from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from newscrawl.downloadermiddlewares._report import find_run_report
from newscrawl.extensions.runreport import RunReport


class ReportingHttpCompressionMiddleware(HttpCompressionMiddleware):
    """Replaces Scrapy's ``HttpCompressionMiddleware`` at the same priority (590)."""

    report: RunReport | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        middleware.report = find_run_report(crawler)
        return middleware

    def process_response(self, request: Request, response: Response) -> Request | Response:
        try:
            return super().process_response(request, response)
        except IgnoreRequest as error:
            if self.stats is not None:
                self.stats.inc_value("newscrawl/too_large/decompressed")
            if self.report is not None:
                self.report.note("too_large", request.url, str(error)[:200])
            raise
