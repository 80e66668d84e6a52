"""One run of many workers sharing a frontier in Redis: who is in it, who is busy, who ends it.

scrapy-redis shares a queue and a dupefilter but has no notion of a *run*: its keys are named
per spider, each worker decides alone when to stop (an empty queue, at once), and the first
worker to close deletes the queue under the others (``SCHEDULER_PERSIST=False``) or nobody
ever does (``True``, and the next run finds every sitemap "seen"). This module adds what it
lacks, written by hand because scrapy-redis has no hook for it:

* a run id, shared by every worker that joins while the run has a live worker, so that the
  queue, the dupefilter and the counters of a run are named per run;
* a liveness mark (``alive``) and a busy mark (``busy``) per worker, both with a TTL that a
  heartbeat refreshes: a crashed worker's marks expire, so the others do not wait forever;
* the idle rule (:meth:`SharedRun.idle_verdict`) and the last worker's clean-up
  (:meth:`SharedRun.leave`).

Keys (``F`` is the frontier name, ``R`` the run id)::

    F:run              the current run id
    F:R:workers        set of worker ids that joined
    F:R:alive:<w>      present while worker w lives (TTL)
    F:R:busy:<w>       present while worker w has work in hand (TTL)
    F:R:inflight:<w>   requests worker w popped and has not finished (no TTL: what a crashed
                       worker had in hand goes back to the queue, :meth:`SharedRun.reclaim`)
    F:R:articles       articles written by the run's workers (a counter)
    F:R:known          articles skipped as already emitted by an earlier run (a counter)
    F:R:keys           other keys of the run (queue, dupefilter...), deleted with it

Joining and leaving are Lua scripts, so that "is anybody still alive?" and the clean-up
are one atomic step: a worker that starts while the last one leaves either joins the old
run before its keys go, or starts a new one.

The busy rule (see :meth:`SharedRun.idle_verdict`): a worker marks itself busy when it
joins and *before* it pops a request, and clears the mark only when its engine is idle
(nothing downloading, nothing in the pipelines). Every request in the queue was pushed by a
busy worker, so a worker that sees the queue empty and *then* no busy mark knows that no
work is left in the run.
"""

from __future__ import annotations

import enum
import hashlib
import os
import re
import socket
from collections.abc import Callable, Iterable

import redis

CLEANUP = """
local function cleanup(base)
    local doomed = redis.call('SMEMBERS', base .. ':keys')
    for _, w in ipairs(redis.call('SMEMBERS', base .. ':workers')) do
        table.insert(doomed, base .. ':alive:' .. w)
        table.insert(doomed, base .. ':busy:' .. w)
        table.insert(doomed, base .. ':inflight:' .. w)
    end
    for _, suffix in ipairs({':keys', ':workers', ':articles', ':known'}) do
        table.insert(doomed, base .. suffix)
    end
    for i = 1, #doomed, 500 do
        redis.call('DEL', unpack(doomed, i, math.min(i + 499, #doomed)))
    end
end

local function anyone_alive(base)
    for _, w in ipairs(redis.call('SMEMBERS', base .. ':workers')) do
        if redis.call('EXISTS', base .. ':alive:' .. w) == 1 then
            return true
        end
    end
    return false
end
"""

# ARGV: frontier, candidate run id, worker, ttl (ms). Returns {run id, 1 if new else 0}.
JOIN = (
    CLEANUP
    + """
local frontier, worker, ttl = ARGV[1], ARGV[3], ARGV[4]
local run = redis.call('GET', frontier .. ':run')
local new = 0
if run and not anyone_alive(frontier .. ':' .. run) then
    -- Every worker of that run died: requests they had popped are lost and its dupefilter
    -- would hide them, so its frontier is dropped and a new run starts from scratch.
    cleanup(frontier .. ':' .. run)
    run = false
end
if not run then
    run = ARGV[2]
    new = 1
    redis.call('SET', frontier .. ':run', run)
end
local base = frontier .. ':' .. run
redis.call('SADD', base .. ':workers', worker)
redis.call('SET', base .. ':alive:' .. worker, '1', 'PX', ttl)
redis.call('SET', base .. ':busy:' .. worker, '1', 'PX', ttl)
return {run, new}
"""
)

# ARGV: frontier, run id, worker. Returns 1 when this worker was the last alive (the run's
# keys are then deleted), else 0.
LEAVE = (
    CLEANUP
    + """
local frontier, run, worker = ARGV[1], ARGV[2], ARGV[3]
local base = frontier .. ':' .. run
redis.call('DEL', base .. ':alive:' .. worker, base .. ':busy:' .. worker)
if anyone_alive(base) then
    return 0
end
cleanup(base)
if redis.call('GET', frontier .. ':run') == run then
    redis.call('DEL', frontier .. ':run')
end
return 1
"""
)


# ARGV: run base, this worker, queue key. Puts the requests that dead workers (no alive mark)
# had in hand back into the queue; returns how many.
RECLAIM = """
local base, me, queue = ARGV[1], ARGV[2], ARGV[3]
local moved = 0
for _, w in ipairs(redis.call('SMEMBERS', base .. ':workers')) do
    local inflight = base .. ':inflight:' .. w
    if w ~= me and redis.call('EXISTS', base .. ':alive:' .. w) == 0
            and redis.call('EXISTS', inflight) == 1 then
        moved = moved + redis.call('ZCARD', inflight)
        redis.call('ZUNIONSTORE', queue, 2, queue, inflight, 'AGGREGATE', 'MIN')
        redis.call('DEL', inflight)
    end
end
return moved
"""


class Verdict(enum.Enum):
    """What an idle worker should do (:meth:`SharedRun.idle_verdict`)."""

    WORK_QUEUED = "work_queued"
    """The shared queue holds requests: stay and pop them."""
    OTHERS_BUSY = "others_busy"
    """Another live worker has work in hand and may enqueue more: stay and wait."""
    DONE = "done"
    """Nothing queued, nobody busy: the run's work is finished, close."""


def default_worker_id() -> str:
    """``host-pid``: unique among live processes, readable in logs and file names."""
    return safe_name(f"{socket.gethostname()}-{os.getpid()}")


def safe_name(value: str) -> str:
    """A worker id that can go into a file name and a Redis key as it is."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", value).strip("-") or "worker"


def frontier_name(prefix: str, spider_name: str, targets: Iterable[str]) -> str:
    """``prefix:spider:digest``: workers given the same targets share a frontier, while a
    crawl of other sites on the same Redis (same spider) gets its own."""
    digest = hashlib.sha1("\n".join(sorted(targets)).encode()).hexdigest()[:12]
    return f"{prefix}:{spider_name}:{digest}"


class SharedRun:
    """This worker's membership in the current run of a frontier.

    ``pending`` tells how many requests wait in the shared queue (the scheduler attaches its
    queue with :meth:`attach_queue`); until then the queue counts as empty.
    """

    def __init__(
        self, client: redis.Redis, frontier: str, worker: str, ttl_ms: int, run_id: str
    ) -> None:
        self.client = client
        self.frontier = frontier
        self.worker = worker
        self.ttl_ms = ttl_ms
        self.run_id = run_id
        self.busy = True  # joining marks the worker busy: its start requests are work
        self.pending: Callable[[], int] = lambda: 0
        self.queue_key: str | None = None

    @classmethod
    def join(
        cls, client: redis.Redis, frontier: str, worker: str, ttl_ms: int = 30_000
    ) -> SharedRun:
        """Join the frontier's current run, or start a new one when it has none alive."""
        candidate = os.urandom(8).hex()
        run_id, _new = client.eval(JOIN, 0, frontier, candidate, worker, ttl_ms)
        return cls(client, frontier, worker, ttl_ms, _text(run_id))

    # -- keys -----------------------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"{self.frontier}:{self.run_id}"

    def key(self, name: str) -> str:
        return f"{self.base}:{name}"

    def format_key(self, template: str, spider_name: str) -> str:
        """A key template of the settings (``%(frontier)s:%(run)s:requests``) made concrete."""
        return template % {"spider": spider_name, "frontier": self.frontier, "run": self.run_id}

    def register_keys(self, *keys: str) -> None:
        """Keys of the run besides the ones this module names: deleted with the run."""
        if keys:
            self.client.sadd(self.key("keys"), *keys)

    @property
    def inflight_key(self) -> str:
        return self.key(f"inflight:{self.worker}")

    def release(self, ticket: bytes) -> None:
        """A request this worker held is done (:mod:`newscrawl.distributed.inflight`)."""
        self.client.zrem(self.inflight_key, ticket)

    def attach_queue(self, pending: Callable[[], int], key: str | None = None) -> None:
        """The shared queue: its length, and its key when it is a sorted set (the
        ``PriorityQueue`` of scrapy-redis), so that dead workers' requests can go back."""
        self.pending = pending
        self.queue_key = key

    # -- marks ----------------------------------------------------------------------------

    def mark_busy(self) -> None:
        """Before popping: another worker that then finds the queue empty sees this mark."""
        self.client.set(self.key(f"busy:{self.worker}"), "1", px=self.ttl_ms)
        self.busy = True

    def mark_idle(self) -> None:
        """Idle: nothing in hand, so nothing in flight either."""
        self.client.delete(self.key(f"busy:{self.worker}"), self.inflight_key)
        self.busy = False

    def reclaim(self) -> int:
        """Requeue what workers that died had popped and not finished (a worker that dies
        while idle has nothing in flight). Requests a worker is still processing when it is
        declared dead (stalled past the TTL) may be fetched twice; the claims pipeline keeps
        their articles single."""
        if self.queue_key is None:
            return 0
        return int(self.client.eval(RECLAIM, 0, self.base, self.worker, self.queue_key))

    def heartbeat(self) -> None:
        """Refresh the marks' TTL (call it well within the TTL)."""
        pipe = self.client.pipeline(transaction=False)
        pipe.set(self.key(f"alive:{self.worker}"), "1", px=self.ttl_ms)
        if self.busy:
            pipe.set(self.key(f"busy:{self.worker}"), "1", px=self.ttl_ms)
        pipe.execute()

    def busy_workers(self) -> list[str]:
        """Other workers whose busy mark has not expired."""
        others = sorted(_text(w) for w in self.client.smembers(self.key("workers")))
        others = [w for w in others if w != self.worker]
        if not others:
            return []
        pipe = self.client.pipeline(transaction=False)
        for worker in others:
            pipe.exists(self.key(f"busy:{worker}"))
        return [w for w, busy in zip(others, pipe.execute(), strict=True) if busy]

    def idle_verdict(self) -> Verdict:
        """The idle rule, for a worker whose engine has nothing in hand.

        First, the requests of dead workers go back to the queue. Then order matters:
        this worker's mark goes first (it is idle), the queue is read before
        the other workers' marks. A request pushed after the queue was read was pushed by a
        worker that was busy then; it is still busy when its mark is read, or it became
        idle, which it only does once the queue is empty again and whatever it popped is
        done. So "queue empty, then nobody busy" means the run has no work left.
        """
        self.reclaim()
        self.mark_idle()
        if self.pending() > 0:
            return Verdict.WORK_QUEUED
        if self.busy_workers():
            return Verdict.OTHERS_BUSY
        return Verdict.DONE

    # -- counters -------------------------------------------------------------------------

    def count(self, name: str, amount: int = 1) -> None:
        self.client.incrby(self.key(name), amount)

    def total(self, name: str) -> int:
        return int(self.client.get(self.key(name)) or 0)

    # -- the end --------------------------------------------------------------------------

    def leave(self) -> bool:
        """Leave the run; the last live worker deletes the run's keys (the frontier) so the
        next run starts afresh. Returns True when this worker was the last."""
        self.busy = False
        return bool(self.client.eval(LEAVE, 0, self.frontier, self.run_id, self.worker))


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
