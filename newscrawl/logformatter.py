"""Log lines that name a page by URL instead of dumping the whole item.

Scrapy's default formatter prints the full item on every drop and scrape: for a
``FetchedPage`` that is the page's entire HTML.
"""

from __future__ import annotations

from typing import Any

from scrapy.logformatter import LogFormatter, LogFormatterResult


def _describe(item: Any) -> str:
    url = getattr(item, "url", None)
    return f"<{type(item).__name__} {url}>" if url else repr(item)[:200]


class NewsLogFormatter(LogFormatter):
    def scraped(self, item: Any, response: Any, spider: Any) -> LogFormatterResult:
        result = super().scraped(item, response, spider)
        result["args"] = {**result["args"], "item": _describe(item)}
        return result

    def dropped(
        self, item: Any, exception: BaseException, response: Any, spider: Any
    ) -> LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        result["args"] = {**result["args"], "item": _describe(item)}
        return result

    def item_error(
        self, item: Any, exception: BaseException, response: Any, spider: Any
    ) -> LogFormatterResult:
        result = super().item_error(item, exception, response, spider)
        result["args"] = {**result["args"], "item": _describe(item)}
        return result
