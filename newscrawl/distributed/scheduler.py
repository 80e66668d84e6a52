"""scrapy-redis's scheduler, with a frontier named per run and the busy mark of the idle rule.

What changes from ``scrapy_redis.scheduler.Scheduler``:

* the queue and dupefilter keys are formatted with ``%(frontier)s`` and ``%(run)s`` (the
  shared run, :mod:`newscrawl.distributed.run`), and registered so that the run's last
  worker deletes them;
* ``close`` never flushes: a worker that stops does not own the shared queue;
* ``next_request`` marks the worker busy *before* popping (an idle worker first looks at the
  queue length, so that polling an empty queue does not make it look busy to others);
* stats are counted without the ``spider`` argument Scrapy 2.19 deprecates.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy_redis.scheduler import Scheduler

from newscrawl.distributed.crawler import shared_run
from newscrawl.distributed.run import SharedRun


class SharedScheduler(Scheduler):
    run: SharedRun

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        scheduler = cls.from_settings(crawler.settings)
        scheduler.stats = crawler.stats
        scheduler.run = shared_run(crawler)
        return scheduler

    def open(self, spider: Spider) -> None:
        self.queue_key = self.run.format_key(self.queue_key, spider.name)
        self.dupefilter_key = self.run.format_key(self.dupefilter_key, spider.name)
        super().open(spider)
        self.run.register_keys(self.queue.key, self.df.key)
        self.run.attach_queue(self.queue.__len__)

    def close(self, reason: str) -> None:
        pass

    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        if not self.run.busy:
            if not len(self.queue):
                return None
            self.run.mark_busy()
        request: Any = self.queue.pop()
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request
