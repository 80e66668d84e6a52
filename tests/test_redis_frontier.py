"""Many workers, one frontier: two crawl processes sharing a real Redis.

A real ``redis-server`` runs on a free loopback port in a temporary directory, a generated
news site on 127.0.0.1. Two ``newscrawl crawl --redis`` processes crawl it at the same time:
each article is fetched and written once across both, both do a share and exit 0, the run's
keys are gone afterwards, and the next run writes only the article added since.

The share is made certain, not likely: the site holds every article response until both
workers (told apart by their User-Agent) have asked for an article, so the first worker
cannot finish alone however slowly the second one starts. If the second never gets any work
the hold times out and the assertions say so.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from scrapy import Request, Spider, signals
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse, Response
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newscrawl.distributed.addon import RedisFrontier
from newscrawl.distributed.claims import SharedClaimPipeline
from newscrawl.distributed.crawler import shared_run
from newscrawl.distributed.inflight import (
    TICKET,
    InFlightDownloaderMiddleware,
    InFlightSpiderMiddleware,
)
from newscrawl.distributed.nearduplicates import RedisNearDuplicateIndex
from newscrawl.distributed.run import SharedRun, Verdict
from newscrawl.distributed.scheduler import SharedScheduler
from newscrawl.distributed.templates import RedisTemplateStore
from newscrawl.items import Article
from newscrawl.normalize.simhash import NearDuplicateIndex
from newscrawl.normalize.template import LineCounter
from newscrawl.settings import ITEM_PIPELINES
from tests.support.article_site import ArticleSite

REDIS_SERVER = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(
    REDIS_SERVER is None and not os.environ.get("CI"),
    reason="redis-server is not installed (make test installs it when run as root)",
)

# What outlives a run: the emitted articles and the site-template counts (here only the
# site's article count: the test site's articles share no line).
STATE_KEYS = {
    "newscrawl:news:state:articles",
    "newscrawl:news:state:urls",
    "newscrawl:news:state:templates:sites",
}
HOLD_TIMEOUT = 20.0  # below DOWNLOAD_TIMEOUT (30 s)
REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], object], timeout: float = 10.0) -> None:
    """Poll a condition (not a race against a fixed sleep); fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A redis-server of its own: loopback only, no persistence, stopped after the test."""
    assert REDIS_SERVER is not None, "redis-server is missing (apt-get install redis-server)"
    port = _free_port()
    workdir = tmp_path / "redis"
    workdir.mkdir()
    command = [
        REDIS_SERVER,
        "--port", str(port), "--bind", "127.0.0.1", "--protected-mode", "yes",
        "--dir", str(workdir), "--save", "", "--appendonly", "no",
    ]  # fmt: skip
    server = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)

    def answers() -> bool:
        assert server.poll() is None, "redis-server exited"
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False

    try:
        wait_for(answers)
        yield url
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=15)


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis]:
    connection = redis.Redis.from_url(redis_url, decode_responses=True)
    yield connection
    connection.close()


# -- site templates, learned by all workers ------------------------------------------------


class TestTemplatesInRedis:
    """The Redis store keeps the SQLite store's rules: a line is learned with enough articles
    and a share of the site's, and a line one article had adds only to a known line."""

    def test_learned_needs_count_and_share(self, client: redis.Redis) -> None:
        store = RedisTemplateStore(client, "t:templates")
        first, second = LineCounter(), LineCounter()  # two workers of one run
        for number in range(20):
            counter = first if number % 2 else second
            keys = {1000 + number}
            if number < 10:
                keys.add(-7)  # in half of the site's articles: learned
            if number < 3:
                keys.add(2)  # in three: too few
            counter.add("a.example:8001", keys)
        store.merge(first, min_share=0.25)
        store.merge(second, min_share=0.25)
        assert store.learned(min_articles=8, min_share=0.25) == {"a.example:8001": frozenset({-7})}
        assert store.learned(min_articles=8, min_share=0.6) == {}

    def test_lines_seen_once_only_add_to_known_ones(self, client: redis.Redis) -> None:
        store = RedisTemplateStore(client, "t:templates")
        counter = LineCounter()
        for _ in range(7):
            counter.add("a.example", {1})
        store.merge(counter, min_share=0.25)
        later = LineCounter()
        later.add("a.example", {1, 3})
        store.merge(later, min_share=0.25)
        assert client.hgetall("t:templates:lines:a.example") == {"1": "8"}
        assert client.hget("t:templates:sites", "a.example") == "8"


# -- the idle rule, on SharedRun alone ---------------------------------------------------


class TestIdleRule:
    """A worker stays while another is busy or requests are queued, and closes when neither
    holds: also when the busy worker died and its mark expired."""

    def test_stays_while_another_is_busy_and_closes_when_its_mark_expires(
        self, client: redis.Redis
    ) -> None:
        first = SharedRun.join(client, "t:f", "first", ttl_ms=60_000)
        second = SharedRun.join(client, "t:f", "second", ttl_ms=300)
        assert second.run_id == first.run_id
        # Joining marks a worker busy: its start requests are work that may fill the queue.
        assert first.idle_verdict() is Verdict.OTHERS_BUSY
        # "second" crashes: no heartbeat refreshes its mark, which expires.
        wait_for(lambda: not client.exists(second.key("busy:second")))
        assert first.idle_verdict() is Verdict.DONE

    def test_an_idle_worker_lets_the_others_close(self, client: redis.Redis) -> None:
        first = SharedRun.join(client, "t:f", "first")
        second = SharedRun.join(client, "t:f", "second")
        assert first.idle_verdict() is Verdict.OTHERS_BUSY
        assert second.idle_verdict() is Verdict.DONE  # "first" cleared its mark above
        assert first.idle_verdict() is Verdict.DONE

    def test_queued_requests_keep_a_worker_even_when_nobody_is_busy(
        self, client: redis.Redis
    ) -> None:
        run = SharedRun.join(client, "t:f", "only")
        queue = run.key("requests")
        run.attach_queue(lambda: client.zcard(queue))
        client.zadd(queue, {"a request": 0})
        assert run.idle_verdict() is Verdict.WORK_QUEUED
        assert not client.exists(run.key("busy:only"))  # idle while it waits to pop
        client.delete(queue)
        assert run.idle_verdict() is Verdict.DONE

    def test_requests_a_dead_worker_had_in_hand_go_back_to_the_queue(
        self, client: redis.Redis
    ) -> None:
        survivor = SharedRun.join(client, "t:f", "survivor")
        dead = SharedRun.join(client, "t:f", "dead", ttl_ms=200)
        queue = survivor.key("requests")
        survivor.attach_queue(lambda: client.zcard(queue), queue)
        client.zadd(dead.inflight_key, {"in hand": -1})
        assert survivor.idle_verdict() is Verdict.OTHERS_BUSY
        assert client.zcard(queue) == 0  # alive: its requests are its own
        wait_for(lambda: not client.exists(dead.key("alive:dead"), dead.key("busy:dead")))
        assert survivor.idle_verdict() is Verdict.WORK_QUEUED
        assert client.zrange(queue, 0, -1, withscores=True) == [("in hand", -1.0)]
        assert not client.exists(dead.inflight_key)

    def test_an_idle_worker_has_nothing_in_flight(self, client: redis.Redis) -> None:
        run = SharedRun.join(client, "t:f", "w")
        client.zadd(run.inflight_key, {"refused by a middleware, never downloaded": 0})
        assert run.idle_verdict() is Verdict.DONE
        assert not client.exists(run.inflight_key)

    def test_heartbeat_keeps_a_busy_mark_and_not_an_idle_one(self, client: redis.Redis) -> None:
        run = SharedRun.join(client, "t:f", "w", ttl_ms=60_000)
        client.pexpire(run.key("busy:w"), 50)
        run.heartbeat()
        assert client.pttl(run.key("busy:w")) > 50_000
        run.mark_idle()
        run.heartbeat()
        assert not client.exists(run.key("busy:w"))
        assert client.pttl(run.key("alive:w")) > 50_000


class TestRunLifecycle:
    """The last worker to leave deletes the run's keys; a run whose workers all died is
    replaced by the next worker to start."""

    def test_last_worker_deletes_the_frontier(self, client: redis.Redis) -> None:
        first = SharedRun.join(client, "t:f", "first")
        second = SharedRun.join(client, "t:f", "second")
        client.zadd(first.key("requests"), {"r": 0})
        first.register_keys(first.key("requests"))
        first.count("articles", 3)
        assert first.leave() is False
        assert client.exists(first.key("requests"))
        assert second.total("articles") == 3
        assert second.leave() is True
        assert client.keys("t:f*") == []
        assert SharedRun.join(client, "t:f", "third").run_id != first.run_id

    def test_a_dead_run_is_replaced(self, client: redis.Redis) -> None:
        dead = SharedRun.join(client, "t:f", "dead", ttl_ms=200)
        client.sadd(dead.key("dupefilter"), "fingerprint")
        dead.register_keys(dead.key("dupefilter"))
        wait_for(lambda: not client.exists(dead.key("alive:dead")))
        fresh = SharedRun.join(client, "t:f", "fresh")
        assert fresh.run_id != dead.run_id
        assert not client.exists(dead.key("dupefilter"))
        assert client.get("t:f:run") == fresh.run_id


class TestClaims:
    """Two workers extracting one article (or one text under two ids) write it once."""

    def _article(self, number: int, text_hash: str) -> Article:
        return Article(
            id=f"{number:040x}",
            url=f"http://127.0.0.1/a/{number}.html",
            canonical_url=f"http://127.0.0.1/a/{number}.html",
            site="127.0.0.1",
            fetched_at="2025-10-01T08:00:00Z",
            content_hash=text_hash,
        )

    def test_the_first_claim_wins(self, client: redis.Redis) -> None:
        stats = MemoryStatsCollector(get_crawler())
        first, second = (
            SharedClaimPipeline(SharedRun.join(client, "t:f", name), stats) for name in ("w1", "w2")
        )
        assert first.process_item(self._article(1, "aa")) is not None
        with pytest.raises(DropItem, match="duplicate_url"):
            second.process_item(self._article(1, "aa"))
        with pytest.raises(DropItem, match="duplicate_content"):
            second.process_item(self._article(2, "aa"))
        assert second.process_item(self._article(2, "bb")) is not None  # id 2 was released
        assert stats.get_value("newscrawl/dropped/duplicate_url") == 1
        assert stats.get_value("newscrawl/dropped/duplicate_content") == 1

    def test_a_dead_workers_unwritten_claim_is_taken_over_a_written_one_never(
        self, client: redis.Redis
    ) -> None:
        stats = MemoryStatsCollector(get_crawler())
        runs = [SharedRun.join(client, "t:f", name) for name in ("w1", "w2")]
        first, second = (SharedClaimPipeline(run, stats) for run in runs)
        unwritten, written = self._article(1, "aa"), self._article(2, "bb")
        first.process_item(unwritten)
        first.process_item(written)
        first.written(written)
        with pytest.raises(DropItem, match="duplicate_url"):  # w1 is alive: its claim holds
            second.process_item(self._article(1, "aa"))
        client.delete(runs[0].key("alive:w1"))  # w1 dies
        assert second.process_item(self._article(1, "aa")) is not None
        with pytest.raises(DropItem, match="duplicate_url"):
            second.process_item(self._article(2, "bb"))
        with pytest.raises(DropItem, match="duplicate_content"):
            second.process_item(self._article(3, "bb"))

    def test_an_article_dropped_after_its_claim_frees_it(self, client: redis.Redis) -> None:
        stats = MemoryStatsCollector(get_crawler())
        first, second = (
            SharedClaimPipeline(SharedRun.join(client, "t:f", name), stats) for name in ("w1", "w2")
        )
        article = self._article(1, "aa")
        first.process_item(article)
        second.not_written(article)  # another worker's drop does not free w1's claim
        with pytest.raises(DropItem, match="duplicate_url"):
            second.process_item(self._article(1, "aa"))
        first.not_written(article)  # a later pipeline dropped it in w1
        assert second.process_item(self._article(1, "aa")) is not None


class TestNearDuplicates:
    """The run's SimHash bands in Redis answer as the in-process index does, for all workers."""

    def test_same_flags_as_the_in_process_index(self, client: redis.Redis) -> None:
        shared = RedisNearDuplicateIndex(SharedRun.join(client, "t:f", "w1"), max_distance=7)
        local = NearDuplicateIndex(max_distance=7)
        rng = random.Random(7)
        fingerprints: list[int] = []
        for number in range(400):
            if fingerprints and rng.random() < 0.5:  # a copy of an earlier one, a few bits off
                fingerprint = rng.choice(fingerprints)
                for bit in rng.sample(range(64), rng.choice([0, 1, 3, 6, 7, 8, 12])):
                    fingerprint ^= 1 << bit
            else:
                fingerprint = rng.getrandbits(64)
            fingerprints.append(fingerprint)
            name = f"{number:040x}"
            assert shared.flag(fingerprint, name) == local.flag(fingerprint, name), number

    def test_workers_see_each_others_articles(self, client: redis.Redis) -> None:
        first, second = (
            RedisNearDuplicateIndex(SharedRun.join(client, "t:f", name)) for name in ("w1", "w2")
        )
        assert first.flag(0x0123456789ABCDEF, "a" * 40) is None
        assert second.flag(0x0123456789ABCDEF ^ 0b1011, "b" * 40) == "a" * 40
        assert second.flag(0xFEDCBA9876543210, "c" * 40) is None


class TestInFlight:
    """A popped request leaves the worker's in-flight set when the worker is done with it."""

    @pytest.fixture
    def crawler(self, redis_url: str):  # type: ignore[no-untyped-def]
        return get_crawler(
            settings_dict={"NEWSCRAWL_REDIS_URL": redis_url, "NEWSCRAWL_REDIS_WORKER": "w1"}
        )

    def _held(self, crawler, client: redis.Redis, name: str) -> Response:  # type: ignore[no-untyped-def]
        run = shared_run(crawler)
        client.zadd(run.inflight_key, {name: 0})
        request = Request(f"http://127.0.0.1/{name}", meta={TICKET: name.encode()})
        return HtmlResponse(request.url, body=b"<html></html>", request=request)

    def _in_flight(self, crawler, client: redis.Redis) -> set[str]:  # type: ignore[no-untyped-def]
        return set(client.zrange(shared_run(crawler).inflight_key, 0, -1))

    def test_a_response_is_released_once_its_items_are_through(
        self, crawler, client: redis.Redis
    ) -> None:
        middleware = InFlightSpiderMiddleware(crawler)
        with_item, without = self._held(crawler, client, "a"), self._held(crawler, client, "b")
        item = {"url": with_item.url}
        follow = Request("http://127.0.0.1/next", meta=dict(with_item.meta))
        assert list(middleware.process_spider_output(with_item, [item, follow])) == [item, follow]
        assert TICKET not in follow.meta  # a new request does not carry this one's ticket
        list(middleware.process_spider_output(without, []))
        assert self._in_flight(crawler, client) == {"a"}  # the item is still in the pipelines
        crawler.signals.send_catch_log(signals.item_scraped, item=item, response=with_item)
        assert self._in_flight(crawler, client) == set()

    def test_a_retry_or_redirect_releases_the_request_it_replaces_once_queued(
        self, redis_url: str, client: redis.Redis
    ) -> None:
        settings = Settings({"NEWSCRAWL_REDIS_URL": redis_url, "NEWSCRAWL_REDIS_WORKER": "w1"})
        RedisFrontier.from_crawler(get_crawler()).update_settings(settings)
        names = ("REDIS_URL", "DUPEFILTER_CLASS", "SCHEDULER_QUEUE_CLASS", "SCHEDULER_QUEUE_KEY")
        crawler = get_crawler(
            settings_dict={
                **{name: settings[name] for name in (*names, "SCHEDULER_DUPEFILTER_KEY")},
                "NEWSCRAWL_REDIS_URL": redis_url,
                "NEWSCRAWL_REDIS_WORKER": "w1",
            }
        )
        crawler.spider = spider = Spider.from_crawler(crawler, "news")
        scheduler = SharedScheduler.from_crawler(crawler)
        scheduler.open(spider)
        in_flight = scheduler.run.inflight_key
        scheduler.enqueue_request(Request("http://127.0.0.1/a"))
        popped = scheduler.next_request()
        assert popped is not None and client.zcard(in_flight) == 1
        # RetryMiddleware queues a copy (meta and its ticket copied), not filtered.
        assert scheduler.enqueue_request(popped.replace(dont_filter=True))
        assert client.zcard(in_flight) == 0 and len(scheduler.queue) == 1
        retried = scheduler.next_request()
        assert retried is not None and client.zcard(in_flight) == 1
        # A redirect to a URL the run has seen is filtered out: the request is done too.
        redirect = retried.replace(url="http://127.0.0.1/a", dont_filter=False)
        assert not scheduler.enqueue_request(redirect)
        assert client.zcard(in_flight) == 0 and len(scheduler.queue) == 0

    def test_a_failed_callback_or_download_is_released(self, crawler, client: redis.Redis) -> None:
        spider_side = InFlightSpiderMiddleware(crawler)
        failed_callback, failed_download = (self._held(crawler, client, n) for n in "ab")
        spider_side.process_spider_exception(failed_callback, ValueError("callback"))
        InFlightDownloaderMiddleware(crawler).process_exception(
            failed_download.request, TimeoutError()
        )
        assert self._in_flight(crawler, client) == set()


class TestAddon:
    """Off without NEWSCRAWL_REDIS_URL; with it, scrapy-redis's settings point at the
    subclasses and outputs are named per worker."""

    def _settings(self, **values: object):  # type: ignore[no-untyped-def]
        from scrapy.settings import Settings

        settings = Settings()
        settings.setmodule("newscrawl.settings", priority="project")
        for name, value in values.items():
            settings.set(name, value, priority="cmdline")
        RedisFrontier(None).update_settings(settings)  # type: ignore[arg-type]
        return settings

    def test_off_by_default(self) -> None:
        settings = self._settings()
        assert settings.get("SCHEDULER") == "scrapy.core.scheduler.Scheduler"
        assert settings.get("DUPEFILTER_CLASS") == "newscrawl.state.dupefilter.StateDupeFilter"
        assert not settings.get("REDIS_URL")

    def test_on_with_a_url(self) -> None:
        settings = self._settings(
            NEWSCRAWL_REDIS_URL="redis://127.0.0.1:1/0",
            NEWSCRAWL_REDIS_WORKER="w/1",
            NEWSCRAWL_REPORT="out/a-%%(worker)s.report.json",
        )
        assert settings.get("SCHEDULER").endswith("SharedScheduler")
        assert settings.get("DUPEFILTER_CLASS").endswith("SharedStateDupeFilter")
        assert settings.get("REDIS_URL") == "redis://127.0.0.1:1/0"
        assert settings.get("NEWSCRAWL_REDIS_WORKER") == "w-1"
        assert settings.get("NEWSCRAWL_REPORT") == "out/a-w-1.report.json"
        assert "output/%(name)s/%(time)s-%(worker)s.jsonl" in settings.getdict("FEEDS")
        extensions = {getattr(k, "__name__", k) for k in settings.getdict("EXTENSIONS")}
        assert {"RedisCrawlStateExtension", "SharedFrontierExtension"} <= extensions
        assert "newscrawl.state.extension.CrawlStateExtension" not in extensions
        pipelines = {getattr(k, "__name__", k) for k in settings.getdict("ITEM_PIPELINES")}
        assert {"SharedDedupePipeline", "SharedClaimPipeline"} <= pipelines
        assert "newscrawl.pipelines.dedupe.DedupePipeline" not in pipelines


# -- two real workers ---------------------------------------------------------------------


class HoldingSite(ArticleSite):
    """An :class:`ArticleSite` that holds article responses until every expected
    User-Agent has asked for an article (``hold=False``: serves at once), and never answers
    the article requests of a ``frozen`` User-Agent (a worker about to be killed)."""

    def __init__(self, articles: int, agents: set[str]) -> None:
        super().__init__(articles, delay=0.02)
        self.agents = agents
        self.hold = True
        self.frozen: set[str] = set()
        self.articles_by_agent: Counter[str] = Counter()
        self._arrived = threading.Condition()

    def __exit__(self, *exc: object) -> None:
        self.thaw()
        super().__exit__(*exc)

    def thaw(self) -> None:
        with self._arrived:
            self.frozen.clear()
            self._arrived.notify_all()

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        if urlsplit(handler.path).path.startswith("/a/"):
            agent = handler.headers.get("User-Agent", "")
            with self._arrived:
                self.articles_by_agent[agent] += 1
                self._arrived.notify_all()
                if agent in self.frozen:
                    self._arrived.wait_for(lambda: agent not in self.frozen, HOLD_TIMEOUT * 3)
                    return  # its worker is gone: no answer
                if self.hold and not self._arrived.wait_for(
                    lambda: self.agents <= set(self.articles_by_agent), HOLD_TIMEOUT
                ):
                    self.hold = False  # give up once: the test then fails, without hanging
        super()._serve(handler)


def start_worker(
    url: str, redis_url: str, worker: str, out: Path, *extra: str, test_components: bool = False
) -> subprocess.Popen[str]:
    """A ``newscrawl crawl --redis`` process; ``test_components``: it can import
    ``tests.support`` (for a pipeline of a test)."""
    command = [
        sys.executable, "-m", "newscrawl.cli", "crawl", url, "--redis", redis_url,
        "-o", str(out / "articles-%(worker)s.jsonl"), "--workers", "0",
        "-s", f"NEWSCRAWL_REDIS_WORKER={worker}", "-s", f"USER_AGENT=agent-{worker}",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=4",
        "-s", "NEWSCRAWL_REDIS_IDLE_POLL=0.2", "-s", "LOG_LEVEL=INFO", *extra,
    ]  # fmt: skip
    env = None
    if test_components:
        paths = [str(REPO), os.environ.get("PYTHONPATH")]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths))}
    return subprocess.Popen(
        command,
        cwd=out,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_two_workers(url: str, redis_url: str, out: Path) -> dict[str, tuple[int, str]]:
    out.mkdir(parents=True)
    workers = {name: start_worker(url, redis_url, name, out) for name in ("w1", "w2")}
    results = {}
    for name, process in workers.items():
        _, stderr = process.communicate(timeout=180)
        results[name] = (process.returncode, stderr)
    return results


def records(out: Path, worker: str) -> list[dict]:
    path = out / f"articles-{worker}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_two_workers_share_a_run_and_the_next_run_is_incremental(
    redis_url: str, client: redis.Redis, tmp_path: Path
) -> None:
    with HoldingSite(30, {"agent-w1", "agent-w2"}) as site:
        started = time.monotonic()
        first = run_two_workers(site.url("/"), redis_url, tmp_path / "first")
        first_seconds = time.monotonic() - started
        for name, (code, stderr) in first.items():
            assert code == 0, f"{name}: {stderr[-3000:]}"
            assert "Traceback" not in stderr, stderr[-3000:]
        by_worker = {name: records(tmp_path / "first", name) for name in first}
        urls = Counter(r["url"] for rs in by_worker.values() for r in rs)
        expected = {site.url(f"/a/{n}.html") for n in range(30)}
        assert set(urls) == expected
        assert max(urls.values()) == 1, "an article written twice"
        assert all(by_worker.values()), {k: len(v) for k, v in by_worker.items()}
        assert set(site.articles_by_agent) == {"agent-w1", "agent-w2"}
        fetched = {path: n for path, n in site.requests.items() if path.startswith("/a/")}
        assert len(fetched) == 30 and set(fetched.values()) == {1}, "a page fetched twice"
        assert site.requests["/sitemap.xml"] == 1
        # Each worker's report is its own; the run's total is in both.
        for name in first:
            report = json.loads((tmp_path / "first" / f"articles-{name}.report.json").read_text())
            assert report["articles_written"] == len(by_worker[name])
            assert report["run_articles_written"] == 30
        # The run's frontier is gone; only the crawl state stays for the next run.
        assert set(client.keys("*")) == STATE_KEYS
        assert client.hlen("newscrawl:news:state:articles") == 30
        # Both workers' template counts, each article once: the site's articles are learned from.
        site_key = site.origin.removeprefix("http://")
        assert client.hget("newscrawl:news:state:templates:sites", site_key) == "30"

        site.hold = False
        added = site.add()
        second = run_two_workers(site.url("/"), redis_url, tmp_path / "second")
        for name, (code, stderr) in second.items():
            assert code == 0, f"{name}: {stderr[-3000:]}"
        written = [r["url"] for name in second for r in records(tmp_path / "second", name)]
        assert written == [site.url(f"/a/{added}.html")]
        fetched = {path: n for path, n in site.requests.items() if path.startswith("/a/")}
        assert len(fetched) == 31 and set(fetched.values()) == {1}, "a page fetched again"
        assert site.requests["/sitemap.xml"] >= 2, "the second run did not re-read the sitemap"
        assert set(client.keys("*")) == STATE_KEYS
    print(f"first run of two workers: {first_seconds:.1f} s")


def test_a_crashed_worker_holds_the_others_only_until_its_marks_expire(
    redis_url: str, client: redis.Redis, tmp_path: Path
) -> None:
    """w2 is killed (SIGKILL) with article requests in hand; w1 waits for w2's marks to
    expire (a 2-second TTL), fetches what w2 had popped, and finishes the run alone."""
    out = tmp_path / "crash"
    out.mkdir()
    ttl = ("-s", "NEWSCRAWL_REDIS_HEARTBEAT_TTL=2")
    with HoldingSite(20, {"agent-w1", "agent-w2"}) as site:
        site.frozen = {"agent-w2"}
        w1 = start_worker(site.url("/"), redis_url, "w1", out, *ttl)
        w2 = start_worker(site.url("/"), redis_url, "w2", out, *ttl)
        try:
            wait_for(lambda: site.articles_by_agent["agent-w2"] > 0, timeout=60)
        finally:
            w2.kill()
            w2.communicate(timeout=30)
        _, stderr = w1.communicate(timeout=120)
        assert w1.returncode == 0, stderr[-3000:]
        held_by_w2 = site.articles_by_agent["agent-w2"]
    written = Counter(r["url"] for name in ("w1", "w2") for r in records(out, name))
    assert set(written) == {site.url(f"/a/{n}.html") for n in range(20)}, stderr[-3000:]
    assert max(written.values()) == 1
    assert held_by_w2 >= 1 and "the last one, the run's frontier is deleted" in stderr
    assert set(client.keys("*")) == STATE_KEYS


def test_an_article_a_dead_worker_fetched_but_never_wrote_is_written_by_another(
    redis_url: str, client: redis.Redis, tmp_path: Path
) -> None:
    """w2 dies (``os._exit``) once its first article has passed extraction and the claims,
    before the feed writes it. The request is still in w2's in-flight set and its claims
    name w2, so w1 fetches the page again once w2's marks expire and writes it: every
    article once, the crashed one fetched twice."""
    out = tmp_path / "crash-before-write"
    out.mkdir()
    ttl = ("-s", "NEWSCRAWL_REDIS_HEARTBEAT_TTL=2")
    crashing = {**ITEM_PIPELINES, "tests.support.crash_pipeline.CrashBeforeWritePipeline": 900}
    with HoldingSite(20, {"agent-w1", "agent-w2"}) as site:
        w1 = start_worker(site.url("/"), redis_url, "w1", out, *ttl)
        w2 = start_worker(
            site.url("/"),
            redis_url,
            "w2",
            out,
            *ttl,
            "-s",
            f"ITEM_PIPELINES={json.dumps(crashing)}",
            test_components=True,
        )
        _, w2_stderr = w2.communicate(timeout=120)
        _, stderr = w1.communicate(timeout=120)
        assert w2.returncode == 70, w2_stderr[-3000:]
        assert w1.returncode == 0, stderr[-3000:]
        fetched = {path: n for path, n in site.requests.items() if path.startswith("/a/")}
    assert records(out, "w2") == []
    written = Counter(r["url"] for r in records(out, "w1"))
    assert set(written) == {site.url(f"/a/{n}.html") for n in range(20)}, stderr[-3000:]
    assert max(written.values()) == 1
    assert 2 in fetched.values(), f"no page was fetched again: {fetched}"
    assert set(client.keys("*")) == STATE_KEYS
