"""scrapy-redis's scheduler, with a frontier named per run and the busy mark of the idle rule.

What changes from ``scrapy_redis.scheduler.Scheduler``:

* the queue and dupefilter keys are formatted with ``%(frontier)s`` and ``%(run)s`` (the
  shared run, :mod:`newscrawl.distributed.run`), and registered so that the run's last
  worker deletes them;
* ``close`` never flushes, nor does ``open`` (``SCHEDULER_FLUSH_ON_START`` is ignored): one
  worker does not own the shared queue; ``SCHEDULER_IDLE_BEFORE_CLOSE`` is ignored too (see
  :mod:`newscrawl.distributed.extension` for when a worker closes);
* ``next_request`` marks the worker busy *before* popping (an idle worker first looks at the
  queue length, so that polling an empty queue does not make it look busy to others);
* a pop moves the request into the worker's in-flight set in the same step (a Lua script:
  scrapy-redis pops and forgets), with its ticket in ``meta``; it leaves the set when the
  worker is done with it (:mod:`newscrawl.distributed.inflight`), so that what a crashed
  worker had in hand goes back to the queue
  (:meth:`~newscrawl.distributed.run.SharedRun.reclaim`) instead of being lost to the run.
  A retry or a redirect of a request in hand releases it once the new request is queued;
* stats are counted without the ``spider`` argument Scrapy 2.19 deprecates.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from newscrawl.distributed.crawler import shared_run
from newscrawl.distributed.inflight import TICKET
from newscrawl.distributed.run import SharedRun

# KEYS: queue (sorted set), this worker's in-flight set. Pops the first request into the
# in-flight set, atomically: a crash between the two steps cannot lose it.
POP = """
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #first == 0 then
    return false
end
redis.call('ZREM', KEYS[1], first[1])
redis.call('ZADD', KEYS[2], first[2], first[1])
return first[1]
"""


class SharedScheduler(Scheduler):
    run: SharedRun

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        scheduler = cls.from_settings(crawler.settings)
        scheduler.stats = crawler.stats
        scheduler.run = shared_run(crawler)
        return scheduler

    def open(self, spider: Spider) -> None:
        # A worker joining a run must not empty the queue the others fill; and an idle
        # worker waits on the idle rule, not in a blocking pop that stalls the reactor.
        self.flush_on_start = False
        self.idle_before_close = 0
        self.queue_key = self.run.format_key(self.queue_key, spider.name)
        self.dupefilter_key = self.run.format_key(self.dupefilter_key, spider.name)
        super().open(spider)
        self.run.register_keys(self.queue.key, self.df.key)
        tracked = isinstance(self.queue, PriorityQueue)
        self.run.attach_queue(self.queue.__len__, self.queue.key if tracked else None)

    def close(self, reason: str) -> None:
        pass

    def enqueue_request(self, request: Request) -> bool:
        # A retry or a redirect carries the ticket of the request it replaces: that one is
        # done once this one is queued (or filtered out), not before.
        replaced = request.meta.pop(TICKET, None)
        try:
            if not request.dont_filter and self.df.request_seen(request):
                self.df.log(request, self.spider)
                return False
            self.stats.inc_value("scheduler/enqueued/redis")
            self.queue.push(request)
            return True
        finally:
            if replaced is not None:
                self.run.release(replaced)

    def next_request(self) -> Request | None:
        if not self.run.busy:
            if not len(self.queue):
                return None
            self.run.mark_busy()
        if self.run.queue_key is None:  # another queue class: popped and forgotten
            request: Any = self.queue.pop()
        else:
            data = self.server.eval(POP, 2, self.queue.key, self.run.inflight_key)
            request = self.queue._decode_request(data) if data else None
            if request is not None:
                request.meta[TICKET] = data
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request
