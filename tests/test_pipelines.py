"""Validate and dedupe pipelines, drop counting, the extraction pool and the run summary."""

from __future__ import annotations

import asyncio
import hashlib
import json
import subprocess
import sys
from dataclasses import fields, replace
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawl.extraction.article import ExtractionOptions
from newscrawl.extraction.errors import ExtractionError, NotAnArticle
from newscrawl.extraction.pool import ExtractionPool, Job
from newscrawl.items import Article, FetchedPage
from newscrawl.normalize.dates import DETECTION_LANGUAGES
from newscrawl.normalize.simhash import simhash
from newscrawl.normalize.text import content_hash
from newscrawl.pipelines.dates import normalize_article_dates
from newscrawl.pipelines.dedupe import DedupePipeline
from newscrawl.pipelines.validate import ValidatePipeline
from newscrawl.processing import extract_clean
from newscrawl.runsummary import RunSummary
from tests.support.jobs import (
    CRASH_MARKER,
    STALL_MARKER,
    crash_on_marker,
    report_frozen_objects,
    report_loaded_date_languages,
    stall_on_marker,
)

SCHEMA = Path(__file__).parent.parent / "newscrawl" / "schema" / "article.schema.json"

BODY = " ".join(["Ferry crews returned to work on Monday after a week of talks."] * 8)


def make_article(**changes: object) -> Article:
    base = Article(
        id="0123456789abcdef0123",
        url="https://herald.example/a.html",
        canonical_url="https://herald.example/a.html",
        site="herald.example",
        fetched_at="2025-11-05T10:00:00Z",
        title="Ferry crews return",
        text=BODY,
        word_count=len(BODY.split()),
        content_hash=hashlib.sha1(BODY.encode()).hexdigest(),
        published="2025-11-04",
    )
    return replace(base, **changes)


def crawler_with(**settings: object):
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    return crawler


class TestValidate:
    """Incomplete records are dropped and each drop is counted by its reason."""

    @pytest.mark.parametrize(
        ("changes", "reason"),
        [
            ({"title": None}, "no_title"),
            ({"text": "  ", "word_count": 0}, "empty_body"),
            ({"text": "Too short.", "word_count": 2}, "too_short"),
            ({"published": "4 Nov 2025"}, "bad_date"),
            ({"authors": ["Ada", ""]}, "bad_field"),
        ],
    )
    def test_drops_with_reason(self, changes: dict, reason: str) -> None:
        crawler = crawler_with()
        pipeline = ValidatePipeline.from_crawler(crawler)
        with pytest.raises(DropItem, match=reason):
            pipeline.process_item(make_article(**changes))
        assert crawler.stats.get_value(f"newscrawl/dropped/{reason}") == 1

    def test_complete_article_passes(self) -> None:
        article = make_article(authors=["Ada Brook"])
        assert ValidatePipeline.from_crawler(crawler_with()).process_item(article) is article

    def test_since_drops_older_articles_only(self) -> None:
        pipeline = ValidatePipeline.from_crawler(crawler_with(NEWSCRAWL_SINCE="2025-11-04"))
        pipeline.process_item(make_article(published="2025-11-04T23:00:00Z"))
        with pytest.raises(DropItem, match="before_since"):
            pipeline.process_item(make_article(published="2025-11-03"))

    def test_a_window_compares_the_publishers_day(self) -> None:
        pipeline = ValidatePipeline.from_crawler(
            crawler_with(NEWSCRAWL_SINCE="2025-10-01", NEWSCRAWL_UNTIL="2025-10-31")
        )
        # 23:30 in New York on 31 October is 1 November in UTC: in the window.
        late = make_article(published="2025-11-01T04:30:00Z", published_day="2025-10-31")
        assert pipeline.process_item(late) is late
        with pytest.raises(DropItem, match="after_until"):
            pipeline.process_item(make_article(published="2025-11-01"))
        with pytest.raises(DropItem, match="before_since"):
            pipeline.process_item(
                make_article(published="2025-10-01T02:00:00Z", published_day="2025-09-30")
            )
        with pytest.raises(ValueError, match=r"NEWSCRAWL_UNTIL \(2025-10-01\) is before"):
            ValidatePipeline.from_crawler(
                crawler_with(NEWSCRAWL_SINCE="2025-10-02", NEWSCRAWL_UNTIL="2025-10-01")
            )

    def test_bad_since_setting_is_a_clear_error(self) -> None:
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            ValidatePipeline.from_crawler(crawler_with(NEWSCRAWL_SINCE="last week"))


class TestDates:
    """``published`` is the moment in UTC, ``published_day`` the publisher's calendar day."""

    def test_offset_gives_the_local_day(self) -> None:
        article = make_article(published=None, published_raw="2025-11-01T01:30:00+02:00")
        assert normalize_article_dates(article) == {}
        assert (article.published, article.published_day) == ("2025-10-31T23:30:00Z", "2025-11-01")

    def test_url_date_places_a_utc_time(self) -> None:
        article = make_article(
            url="https://herald.example/2025/10/30/ferry-crews-return/",
            published_raw="2025-10-31T02:10:00Z",
        )
        normalize_article_dates(article)
        assert (article.published, article.published_day) == ("2025-10-31T02:10:00Z", "2025-10-30")

    def test_rejected_date_leaves_no_day(self) -> None:
        article = make_article(published_raw="sometime soon", published_day="2025-11-04")
        assert normalize_article_dates(article) == {"published": "unparseable"}
        assert (article.published, article.published_day) == (None, None)


class TestDedupe:
    """One record per canonical URL and per content within a run."""

    def test_same_id_and_same_content_are_dropped(self) -> None:
        crawler = crawler_with()
        pipeline = DedupePipeline.from_crawler(crawler)
        pipeline.process_item(make_article())
        with pytest.raises(DropItem, match="duplicate_url"):
            pipeline.process_item(make_article(content_hash="f" * 40))
        with pytest.raises(DropItem, match="duplicate_content"):
            pipeline.process_item(make_article(id="f" * 20, url="https://herald.example/b"))
        pipeline.process_item(make_article(id="e" * 20, content_hash="e" * 40))
        assert crawler.stats.get_value("newscrawl/dropped/duplicate_url") == 1
        assert crawler.stats.get_value("newscrawl/dropped/duplicate_content") == 1


FERRY_PAGE = FetchedPage(
    url="https://herald.example/a.html",
    html="<html><body><article><h1>Ferry crews return</h1>"
    + "".join(f"<p>{BODY}</p>" for _ in range(3))
    + "</article></body>",
    fetched_at="2025-11-05T10:00:00Z",
)


def _one_worker_report(job: Job) -> Article:
    """What ``job`` reports from a fresh one-worker pool (see tests/support/jobs.py)."""
    pool = ExtractionPool(1, 1, ExtractionOptions(), job=job)
    page = FetchedPage(url="https://herald.example/a", html="<p>x</p>", fetched_at="2025")
    try:
        return asyncio.run(pool.extract(page))
    finally:
        pool.close()


class TestExtractionPool:
    """The pool extracts in worker processes and keeps the typed failure reasons."""

    def test_worker_process_extracts_and_reports_reasons(self) -> None:
        good = FERRY_PAGE
        listing = replace(
            good,
            html="<html><body>"
            + "".join(f"<h2><a href='/{i}'>Teaser headline number {i}</a></h2>" for i in range(6))
            + "</body></html>",
        )
        pool = ExtractionPool(workers=1, max_pending=2, options=ExtractionOptions())

        async def run() -> tuple[list[object], int]:
            results = await asyncio.gather(
                *(pool.extract(good) for _ in range(5)),
                pool.extract(listing),
                return_exceptions=True,
            )
            return results, pool.peak_pending

        try:
            results, peak = asyncio.run(run())
        finally:
            pool.close()
        assert all(isinstance(r, Article) and r.title == "Ferry crews return" for r in results[:5])
        assert isinstance(results[5], NotAnArticle) and results[5].reason == "not_article"
        assert peak == 2  # back-pressure: never more than max_pending in flight

    def test_stuck_page_is_dropped_as_timeout_and_the_others_are_kept(self) -> None:
        """A page that never finishes costs itself only: its worker is killed, the pages
        queued behind it run again on a new pool, and the pool goes on."""
        good = FERRY_PAGE
        stuck = replace(good, url=f"https://herald.example{STALL_MARKER}.html")
        pool = ExtractionPool(1, 4, ExtractionOptions(), job=stall_on_marker)

        async def run() -> tuple[list[object], object]:
            await pool.extract(good)  # workers started and warm before the clock matters
            pool.timeout = 4.0
            stalled = asyncio.ensure_future(pool.extract(stuck))
            await asyncio.sleep(0.5)  # the stuck page's clock runs out first
            queued = [pool.extract(replace(good, url=f"{good.url}?n={i}")) for i in range(3)]
            results = await asyncio.gather(stalled, *queued, return_exceptions=True)
            after = await pool.extract(good)
            return results, after

        try:
            results, after = asyncio.run(run())
        finally:
            pool.close()
        assert isinstance(results[0], ExtractionError) and results[0].reason == "timeout"
        assert all(isinstance(r, Article) for r in results[1:]), results[1:]
        assert isinstance(after, Article)

    def test_a_page_that_kills_its_worker_is_the_only_page_lost(self) -> None:
        """A dying worker breaks the whole pool and fails every page in it; those pages run
        again one at a time, so that only the page that kills a worker alone is dropped."""
        good = FERRY_PAGE
        fatal = replace(good, url=f"https://herald.example{CRASH_MARKER}.html")
        pool = ExtractionPool(2, 8, ExtractionOptions(), job=crash_on_marker)

        async def run() -> tuple[list[object], object]:
            await pool.extract(good)  # the pool is up: the pages below are in flight together
            pages = [replace(good, url=f"{good.url}?n={i}") for i in range(6)]
            pages.insert(2, fatal)
            results = await asyncio.gather(
                *(pool.extract(page) for page in pages), return_exceptions=True
            )
            return results, await pool.extract(good)

        try:
            results, after = asyncio.run(run())
        finally:
            pool.close()
        crashed = results.pop(2)
        assert isinstance(crashed, ExtractionError) and crashed.reason == "worker_crashed"
        assert all(isinstance(r, Article) for r in results), results
        assert isinstance(after, Article)

    def test_workers_start_with_dateparser_warm(self) -> None:
        """The forkserver loads the detection languages once; workers fork from it and do
        not compile them again on their first page with a date in words."""
        article = _one_worker_report(report_loaded_date_languages)
        assert set(DETECTION_LANGUAGES) <= set(article.tags)

    def test_the_loop_keeps_turning_while_a_new_pool_starts(self, tmp_path: Path) -> None:
        # The forkserver's loading (held here until a flag file appears) used to happen inside
        # the first submit, on the reactor's thread: downloads stood still for a second.
        probe = subprocess.run(
            [sys.executable, "-m", "tests.support.pool_start_probe", str(tmp_path / "flag")],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=Path(__file__).resolve().parent.parent,
        )
        assert probe.returncode == 0, probe.stderr
        result = json.loads(probe.stdout)
        assert result["longest_gap"] < 2.0  # the load waits up to 10 s: blocked, it shows
        assert result["waiting_before_flag"]  # the page waited for the workers, asleep
        assert result["title"] == "Ferry crews return"

    def test_workers_freeze_what_they_hold_after_warm_up(self) -> None:
        """The long-lived objects of a warm worker are out of the collector's sight."""
        assert _one_worker_report(report_frozen_objects).word_count > 10_000

    def test_pipeline_job_strips_and_fingerprints_in_the_worker(self) -> None:
        """The extract pipeline's job leaves the crawler process no per-page text work: the
        article comes back with its boilerplate lines gone and its hashes set."""
        paragraphs = "".join(f"<p>{BODY}</p><p>Advertisement</p>" for _ in range(3))
        page = FetchedPage(
            url="https://herald.example/b.html",
            html=f"<html><body><article><h1>Ferry crews return</h1>{paragraphs}"
            "<p>Stale editorial line</p></article></body>",
            fetched_at="2025-11-05T10:00:00Z",
        )
        options = ExtractionOptions(extra_boilerplate=("Stale editorial line",))
        pool = ExtractionPool(workers=1, max_pending=1, options=options, job=extract_clean)
        try:
            article = asyncio.run(pool.extract(page))
        finally:
            pool.close()
        assert "Advertisement" not in article.text and "Stale editorial" not in article.text
        assert article.word_count == 3 * len(BODY.split())
        assert article.content_hash == content_hash(article.text)
        assert article.simhash == f"{simhash(article.text):016x}"


class TestRunSummary:
    """Exit code and report come from stats alone."""

    def test_exit_code(self) -> None:
        ok = {"finish_reason": "finished", "item_scraped_count": 3, "response_received_count": 9}
        assert RunSummary.from_stats(ok).exit_code == 0
        assert RunSummary.from_stats({**ok, "item_scraped_count": 0}).exit_code == 1
        assert RunSummary.from_stats({**ok, "finish_reason": "shutdown"}).exit_code == 1
        errors = {**ok, "downloader/exception_type_count/TimeoutError": 20}
        assert RunSummary.from_stats(errors).exit_code == 1

    def test_drops_by_reason(self) -> None:
        stats = {"newscrawl/dropped/not_article": 4, "newscrawl/dropped/too_short": 1}
        summary = RunSummary.from_stats(stats)
        assert summary.dropped == {"not_article": 4, "too_short": 1}
        assert "not_article 4" in summary.render()


def test_schema_describes_exactly_the_article_fields() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert set(schema["properties"]) == {f.name for f in fields(Article)}
    assert set(schema["required"]) <= set(schema["properties"])


def test_the_dates_pipeline_warms_dateparser_on_a_thread() -> None:
    # In a fresh process: this one's dateparser is warm from earlier tests.
    code = (
        "import json, threading\n"
        "from dateparser.languages.loader import LocaleDataLoader\n"
        "from scrapy.utils.test import get_crawler\n"
        "from newscrawl.pipelines.dates import DatesPipeline\n"
        "DatesPipeline.from_crawler(get_crawler()).open_spider()\n"
        "warm = [t for t in threading.enumerate() if t.name.endswith('dateparser-warm-up')]\n"
        "returned_first = bool(warm) and warm[0].is_alive()\n"
        "for thread in warm:\n"
        "    thread.join(60)\n"
        "locales = sorted(LocaleDataLoader._loaded_locales)\n"
        "print(json.dumps({'returned_first': returned_first, 'locales': locales}))\n"
    )
    probe = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert probe.returncode == 0, probe.stderr
    result = json.loads(probe.stdout)
    assert result["returned_first"]  # open_spider does not wait for the half second
    assert set(DETECTION_LANGUAGES) <= set(result["locales"])
