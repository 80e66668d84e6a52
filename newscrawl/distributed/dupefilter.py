"""scrapy-redis's dupefilter, named per run, with newscrawl's cross-run rule on top.

scrapy-redis's ``RFPDupeFilter`` keeps one Redis set of fingerprints shared by the workers:
a request is fetched once across them. Its key is named per spider and, kept between runs
(``SCHEDULER_PERSIST``), it would make the next run find every sitemap and feed "seen";
here it is named per run (``SCHEDULER_DUPEFILTER_KEY`` with ``%(run)s``) and deleted by the
last worker. What makes runs incremental is the rule of
:class:`~newscrawl.state.dupefilter.StateDupeFilter` (skip a page whose article an earlier
run emitted unless its sitemap/feed date is newer), applied to the state shared in Redis.
"""

from __future__ import annotations

from scrapy import Spider
from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.dupefilter import RFPDupeFilter

from newscrawl.distributed.crawler import shared_run
from newscrawl.state.dupefilter import SkipsKnownArticles


class SharedStateDupeFilter(SkipsKnownArticles, RFPDupeFilter):
    @classmethod
    def from_spider(cls, spider: Spider) -> SharedStateDupeFilter:
        crawler = spider.crawler
        settings = crawler.settings
        run = shared_run(crawler)
        key = run.format_key(settings.get("SCHEDULER_DUPEFILTER_KEY"), spider.name)
        dupefilter = cls(
            get_redis_from_settings(settings), key=key, debug=settings.getbool("DUPEFILTER_DEBUG")
        )
        dupefilter.attach_crawl_state(crawler)
        return dupefilter

    def close(self, reason: str = "") -> None:
        """scrapy-redis deletes the set here; one worker closing must not clear it under the
        others (the last worker of the run deletes it)."""
