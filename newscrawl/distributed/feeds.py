"""``%(worker)s`` in feed URIs: each worker of a shared frontier writes its own feed.

Scrapy's ``FEED_URI_PARAMS`` hook; the add-on sets it when the user has not set one of
their own. ``-o 'out/articles-%(worker)s.jsonl'`` gives one file per worker, and the union of
the files holds every article once.
"""

from __future__ import annotations

from typing import Any

from scrapy import Spider


def worker_uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    return {**params, "worker": spider.crawler.settings.get("NEWSCRAWL_REDIS_WORKER", "")}
