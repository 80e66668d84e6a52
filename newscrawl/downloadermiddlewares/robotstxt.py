"""robots.txt the way RFC 9309 reads an unreachable file: a server error means "disallow all".

Scrapy builds a parser from whatever the robots.txt request returned, so a 503 error page,
or a connection that fails, means allow-all: exactly when a site is struggling, a crawler
would take that as permission. RFC 9309 §2.3.1.4: when robots.txt is unreachable because of
server or network errors, the crawler MUST assume complete disallow. A 4xx still means the
site has no rules (§2.3.1.3).
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.misc import build_from_crawler

logger = logging.getLogger(__name__)

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class UnreachableMeansDisallowMiddleware(RobotsTxtMiddleware):
    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            logger.warning(
                "robots.txt of %s answered %d: crawling nothing there", netloc, response.status
            )
            self._stats.inc_value("robotstxt/unreachable_disallow_all")
            response = response.replace(body=DISALLOW_ALL)
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):  # refused on purpose (e.g. unsafe): no rules known
            super()._robots_error(exc, netloc)
            return
        logger.warning(
            "robots.txt of %s unreachable (%s): crawling nothing there", netloc, type(exc).__name__
        )
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        self._stats.inc_value("robotstxt/unreachable_disallow_all")
        parser = build_from_crawler(self._parserimpl, self.crawler, DISALLOW_ALL)
        waiting = self._parsers[netloc]
        self._parsers[netloc] = parser
        waiting.callback(parser)
