"""The ``stored`` spider: stored pages through Scrapy's item pipelines, with back-pressure.

Crawls run in a subprocess (a Twisted reactor cannot be restarted in one process) with the
minimal settings of ``tests/support/offline_settings.py``, a probe pipeline that holds each
item a little and records how many it held at once, and an extension that dumps the stats.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newscrawl.spiders.stored import InFlight, split_inputs
from tests.support.offline_warc import WarcBuilder

REPO = Path(__file__).resolve().parents[1]

PROBE = "tests.support.offline_pipeline.ConcurrencyProbePipeline"


@dataclass
class Run:
    returncode: int
    log: str
    stats: dict[str, Any]
    feed: list[dict[str, Any]]

    def log_lines(self, logger: str) -> list[str]:
        marker = f"[{logger}] "
        return [line.split(marker, 1)[1] for line in self.log.splitlines() if marker in line]


def crawl(workdir: Path, inputs: str, **settings: object) -> Run:
    """``scrapy crawl stored -a inputs=...`` with the probe pipeline and a JSON Lines feed."""
    feed = workdir / "feed.jsonl"
    stats = workdir / "stats.json"
    all_settings: dict[str, object] = {
        "ITEM_PIPELINES": json.dumps({PROBE: 100}),
        "FEEDS": json.dumps({str(feed): {"format": "jsonlines", "overwrite": True}}),
        "STATS_DUMP_FILE": str(stats),
        **settings,
    }
    command = [sys.executable, "-m", "scrapy", "crawl", "stored", "-a", f"inputs={inputs}"]
    for name, value in all_settings.items():
        command += ["-s", f"{name}={value}"]
    env = {
        **os.environ,
        "SCRAPY_SETTINGS_MODULE": "tests.support.offline_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        "PYTHONWARNINGS": "error",  # as strict as pytest's filterwarnings = error
    }
    done = subprocess.run(
        command, cwd=workdir, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    return Run(
        returncode=done.returncode,
        log=done.stderr,
        stats=json.loads(stats.read_text(encoding="utf-8")) if stats.exists() else {},
        feed=[json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
        if feed.exists()
        else [],
    )


def html_page(n: int) -> str:
    return f"<!DOCTYPE html><html><head><title>{n}</title></head><body>page {n}</body></html>"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a.warc.gz", ["a.warc.gz"]),
        ("a.warc.gz,dir/,b.jsonl", ["a.warc.gz", "dir/", "b.jsonl"]),
        (f"a.warc{os.pathsep}b.jsonl", ["a.warc", "b.jsonl"]),
        (" a.warc , ,b.jsonl,", ["a.warc", "b.jsonl"]),
        (["x,y.jsonl", Path("z")], ["x,y.jsonl", Path("z")]),
        (Path("p.warc"), [Path("p.warc")]),
        ("", []),
    ],
)
def test_split_inputs(value: Any, expected: list[Any]) -> None:
    assert split_inputs(value) == expected


class TestInFlight:
    """The producer waits while ``limit`` items are in flight and resumes when one finishes."""

    def test_waits_for_room(self) -> None:
        async def scenario() -> list[str]:
            events: list[str] = []
            gate = InFlight(2)

            async def producer() -> None:
                for n in range(4):
                    await gate.wait_for_room()
                    gate.started()
                    events.append(f"sent {n} ({gate.count} in flight)")
                await gate.drain()
                events.append("drained")

            task = asyncio.create_task(producer())
            for _ in range(4):
                await asyncio.sleep(0)
                events.append("finish one")
                gate.finished()
            await asyncio.wait_for(task, 1)
            return events

        assert asyncio.run(scenario()) == [
            "sent 0 (1 in flight)",
            "sent 1 (2 in flight)",
            "finish one",
            "sent 2 (2 in flight)",
            "finish one",
            "sent 3 (2 in flight)",
            "finish one",
            "finish one",
            "drained",
        ]

    def test_limit_must_be_positive(self) -> None:
        with pytest.raises(ValueError, match="at least 1"):
            InFlight(0)


@pytest.fixture(scope="module")
def stored_inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[int]]:
    """280 pages + 3 bad lines in JSON Lines, 20 pages + 3 skipped records in a WARC.gz."""
    root = tmp_path_factory.mktemp("stored")
    jsonl = root / "pages.jsonl"
    lines = [
        json.dumps({"url": f"https://example.com/j{n}", "html": html_page(n)}) for n in range(280)
    ]
    lines[10:10] = ["{broken", json.dumps({"url": "https://example.com/nohtml"}), "[1]"]
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    warc = root / "pages.warc.gz"
    with WarcBuilder(warc) as w:
        w.request("https://example.com/w0")
        for n in range(20):
            w.response(f"https://example.com/w{n}", html_page(n).encode())
        w.response("https://example.com/gone", b"gone", status="404 Not Found")
        w.response("https://example.com/doc.pdf", b"%PDF-1.4", content_type="application/pdf")
    return jsonl, warc, w.offsets


LIMIT = 8
"""The in-flight bound of the main run."""


@pytest.fixture(scope="module")
def run(
    stored_inputs: tuple[Path, Path, list[int]], tmp_path_factory: pytest.TempPathFactory
) -> Run:
    jsonl, warc, _ = stored_inputs
    return crawl(
        tmp_path_factory.mktemp("crawl"),
        f"{jsonl},{warc}",
        NEWSCRAWL_OFFLINE_MAX_INFLIGHT=LIMIT,
        NEWSCRAWL_OFFLINE_PROGRESS_EVERY=100,
        PROBE_DELAY=0.01,
    )


class TestStoredCrawl:
    """300 stored pages through a slow pipeline with at most 8 items in flight."""

    def test_finishes_cleanly(self, run: Run) -> None:
        assert run.returncode == 0, run.log
        assert run.stats["finish_reason"] == "finished"
        assert "Traceback" not in run.log
        assert "ERROR" not in run.log

    def test_every_page_arrives_exactly_once(
        self, run: Run, stored_inputs: tuple[Path, Path, list[int]]
    ) -> None:
        jsonl, warc, offsets = stored_inputs
        expected = [f"https://example.com/j{n}" for n in range(280)]
        expected += [f"https://example.com/w{n}" for n in range(20)]
        assert Counter(item["url"] for item in run.feed) == Counter(expected)
        assert run.stats["item_scraped_count"] == 300
        assert run.stats["newscrawl/offline/pages"] == 300
        by_url = {item["url"]: item for item in run.feed}
        assert by_url["https://example.com/j0"]["hints"] == {"source": f"{jsonl}:1"}
        assert by_url["https://example.com/j10"]["hints"] == {"source": f"{jsonl}:14"}
        assert by_url["https://example.com/w3"]["hints"] == {"source": f"{warc}#{offsets[4]}"}
        assert by_url["https://example.com/w3"]["fetched_at"] == "2024-05-06T07:08:09Z"
        assert by_url["https://example.com/j0"]["fetched_at"].endswith("Z")
        assert by_url["https://example.com/j0"]["html"] == html_page(0)

    def test_in_flight_bound_holds_and_is_used(self, run: Run) -> None:
        assert run.stats["probe/items"] == 300
        assert run.stats["probe/max_concurrent"] == LIMIT

    def test_skips_are_counted_and_logged(
        self, run: Run, stored_inputs: tuple[Path, Path, list[int]]
    ) -> None:
        jsonl, warc, offsets = stored_inputs
        skipped = {
            key.removeprefix("newscrawl/offline/skipped/"): value
            for key, value in run.stats.items()
            if key.startswith("newscrawl/offline/skipped/")
        }
        assert skipped == {
            "invalid_json": 1,
            "missing_html": 1,
            "not_an_object": 1,
            "not_response": 1,
            "http_404": 1,
            "not_html": 1,
        }
        warnings = [line for line in run.log_lines("stored") if line.startswith("WARNING:")]
        assert warnings == [
            f"WARNING: skipped {jsonl}:11: invalid_json",
            f"WARNING: skipped {jsonl}:12: missing_html",
            f"WARNING: skipped {jsonl}:13: not_an_object",
            f"WARNING: skipped {warc}#{offsets[21]}: http_404",
            f"WARNING: skipped {warc}#{offsets[22]}: not_html",
        ]

    def test_progress(self, run: Run) -> None:
        progress = [line for line in run.log_lines("stored") if "pages read" in line]
        assert [line.split(",")[0] for line in progress] == [
            "INFO: 100 pages read",
            "INFO: 200 pages read",
            "INFO: 300 pages read",
            "INFO: 300 pages read",
        ]
        assert progress[-1] == "INFO: 300 pages read, 0 in flight"


def test_without_a_bound_the_probe_sees_everything_at_once(
    stored_inputs: tuple[Path, Path, list[int]], tmp_path: Path
) -> None:
    """The measurement behind the bound: with room for all, all 300 are in the pipeline."""
    jsonl, warc, _ = stored_inputs
    run = crawl(
        tmp_path, f"{jsonl},{warc}", NEWSCRAWL_OFFLINE_MAX_INFLIGHT=100_000, PROBE_DELAY=1.0
    )
    assert run.returncode == 0, run.log
    assert run.stats["probe/max_concurrent"] == 300


def test_dropped_and_failed_items_leave_the_flight(tmp_path: Path) -> None:
    """Dropped and failing items free their place too: the crawl neither stalls nor overshoots."""
    jsonl = tmp_path / "pages.jsonl"
    urls = [f"https://example.com/{n}/{('ok', 'drop', 'fail')[n % 3]}" for n in range(60)]
    jsonl.write_text(
        "".join(
            json.dumps({"url": url, "html": html_page(n)}) + "\n" for n, url in enumerate(urls)
        ),
        encoding="utf-8",
    )
    run = crawl(
        tmp_path,
        str(jsonl),
        NEWSCRAWL_OFFLINE_MAX_INFLIGHT=3,
        PROBE_DROP_SUFFIX="/drop",
        PROBE_FAIL_SUFFIX="/fail",
    )
    assert run.returncode == 0, run.log
    assert run.stats["finish_reason"] == "finished"
    assert run.stats["item_scraped_count"] == 20
    assert run.stats["item_dropped_count"] == 20
    assert run.stats["log_count/ERROR"] == 20
    assert run.stats["probe/max_concurrent"] == 3
    assert sorted(item["url"] for item in run.feed) == sorted(u for u in urls if u.endswith("/ok"))


def test_missing_input_stops_before_crawling(tmp_path: Path) -> None:
    run = crawl(tmp_path, f"{tmp_path / 'nope.warc.gz'}")
    assert run.returncode != 0
    assert f"InputError: no such file: {tmp_path / 'nope.warc.gz'}" in run.log
    assert run.feed == []
