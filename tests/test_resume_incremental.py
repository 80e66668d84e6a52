"""Nothing lost, nothing duplicated: resumed jobs, incremental re-crawls, cross-URL dedupe.

Every crawl is the real CLI in its own process group (pool workers included), so a SIGKILL
here is what an out-of-memory killer or a lost machine does to a scheduled crawl.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from scrapy import Request

from newscrawl.spiders.news import META_HINTS
from newscrawl.state.dupefilter import StateDupeFilter
from tests.support.article_site import ArticleSite, article_html

CRAWL_SETTINGS = [
    "-s", "AUTOTHROTTLE_ENABLED=False",
    "-s", "CONCURRENT_REQUESTS=4",
    "-s", "LOG_LEVEL=INFO",
    "--workers", "1",
]  # fmt: skip


def start_crawl(url: str, *args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "newscrawl.cli", "crawl", url, *args, *CRAWL_SETTINGS],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the kill reaches the pool workers
    )


def run_crawl(url: str, *args: str, cwd: Path) -> tuple[int, str]:
    process = start_crawl(url, *args, cwd=cwd)
    _, stderr = process.communicate(timeout=300)
    return process.returncode, stderr


def lines_of(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def interrupt_after(
    url: str, args: list[str], cwd: Path, output: Path, lines: int, sig: int
) -> None:
    """Start a crawl, wait until ``output`` has ``lines`` records, then send ``sig``."""
    process = start_crawl(url, *args, cwd=cwd)
    deadline = time.monotonic() + 120
    while lines_of(output) < lines and process.poll() is None:
        assert time.monotonic() < deadline, "crawl made no progress"
        time.sleep(0.02)
    if process.poll() is None:
        os.killpg(process.pid, sig)
    process.communicate(timeout=120)
    if sig == signal.SIGKILL:
        with contextlib.suppress(ProcessLookupError):  # no survivor: forkserver, pool workers
            os.killpg(process.pid, signal.SIGKILL)


def records_of(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert data == b"" or data.endswith(b"\n"), "torn last line"
    return [json.loads(line) for line in data.splitlines()]


def article_numbers(records: list[dict]) -> Counter[int]:
    return Counter(int(r["url"].rsplit("/", 1)[1].removesuffix(".html")) for r in records)


class TestResume:
    """A job killed with SIGKILL (several times) or stopped with SIGTERM resumes to an output
    that holds every article exactly once, without a torn line."""

    def test_sigkill_at_several_points(self, tmp_path: Path) -> None:
        with ArticleSite(240, delay=0.004) as site:
            job = tmp_path / "job"
            output = job / "articles.jsonl"
            args = ["--job", str(job)]
            for lines in (15, 70, 150):
                interrupt_after(site.url("/"), args, tmp_path, output, lines, signal.SIGKILL)
            code, stderr = run_crawl(site.url("/"), *args, cwd=tmp_path)
            assert code == 0, stderr[-2000:]
            counts = article_numbers(records_of(output))
        assert sorted(counts) == list(range(240)), "articles lost"
        assert max(counts.values()) == 1, "articles duplicated"

    def test_sigterm_stops_cleanly_and_resumes(self, tmp_path: Path) -> None:
        with ArticleSite(120, delay=0.004) as site:
            job = tmp_path / "job"
            output = job / "articles.jsonl"
            interrupt_after(
                site.url("/"), ["--job", str(job)], tmp_path, output, 30, signal.SIGTERM
            )
            stopped_at = lines_of(output)
            code, stderr = run_crawl(site.url("/"), "--job", str(job), cwd=tmp_path)
            assert code == 0, stderr[-2000:]
            counts = article_numbers(records_of(output))
        assert 30 <= stopped_at < 120
        assert sorted(counts) == list(range(120))
        assert max(counts.values()) == 1


class TestIncremental:
    """A re-run emits only new or changed articles and does not fetch unchanged ones."""

    def test_rerun_emits_only_new_and_changed(self, tmp_path: Path) -> None:
        with ArticleSite(30) as site:
            first, second, third = (tmp_path / f"run{n}.jsonl" for n in (1, 2, 3))
            code, stderr = run_crawl(site.url("/"), "-o", str(first), cwd=tmp_path)
            assert code == 0, stderr[-2000:]
            assert len(records_of(first)) == 30

            site.edit(3)
            site.edit(17)
            added = site.add()
            site.requests.clear()
            code, stderr = run_crawl(site.url("/"), "-o", str(second), cwd=tmp_path)
            assert code == 0, stderr[-2000:]
            fetched = {p for p in site.requests if p.startswith("/a/")}

            code, stderr = run_crawl(site.url("/"), "-o", str(third), "--full", cwd=tmp_path)
            assert code == 0, stderr[-2000:]
        assert sorted(article_numbers(records_of(second))) == [3, 17, added]
        assert fetched == {"/a/3.html", "/a/17.html", f"/a/{added}.html"}  # the rest: lastmod
        assert len(records_of(third)) == 31  # --full re-emits everything

    def test_nothing_new_is_a_success_not_a_failure(self, tmp_path: Path) -> None:
        with ArticleSite(10) as site:
            for name in ("a", "b"):
                code, stderr = run_crawl(
                    site.url("/"), "-o", str(tmp_path / f"{name}.jsonl"), cwd=tmp_path
                )
                assert code == 0, stderr[-2000:]
        assert records_of(tmp_path / "b.jsonl") == []
        assert "known from earlier runs" in stderr


@pytest.mark.parametrize(
    ("hints", "changed"),
    [
        ({"published": "2024-05-01", "modified": "2024-05-09"}, True),  # edited since
        ({"published": "2024-05-09"}, True),  # a plain sitemap's lastmod, or a feed's date
        ({"published": "2024-05-09", "modified": "2024-05-02"}, False),  # lastmod decides
        ({}, False),
    ],
)
def test_a_known_page_is_fetched_again_when_its_entry_says_it_changed(
    hints: dict[str, str], changed: bool
) -> None:
    request = Request("http://n.example/a", meta={META_HINTS: hints})
    assert StateDupeFilter._changed_since(request, "2024-05-05T00:00:00+00:00") is changed


class TestDedupeAcrossUrls:
    """One record per article whatever URL it is reached under; near-copies are flagged."""

    def test_variants_are_one_record_and_wire_copies_are_flagged(self, tmp_path: Path) -> None:
        with ArticleSite(3) as site:
            canonical = site.url("/a/0.html")
            site.extra["/amp/a/0.html"] = article_html(0, canonical=canonical)
            site.extra["/print/0.html"] = article_html(0, canonical=canonical)
            site.extra["/a/0.html/"] = article_html(0)  # trailing slash, no canonical
            # the same wire story, republished with another headline and a footer line
            site.extra["/wire/copy-of-1.html"] = article_html(
                1,
                headline="Agency story, as republished elsewhere",
                footer="<p>This story was provided by a news agency.</p>",
            )
            links = "".join(f"<a href='{p}'>x</a> " for p in sorted(site.extra))
            site.extra["/"] = f"<html><body><h1>Home</h1>{links}</body></html>"
            output = tmp_path / "out.jsonl"
            code, stderr = run_crawl(site.url("/"), "-o", str(output), cwd=tmp_path)
            assert code == 0, stderr[-2000:]
        records = records_of(output)
        by_url = {r["url"].removeprefix(site.origin): r for r in records}
        copies_of_0 = [
            p for p in by_url if p in ("/a/0.html", "/amp/a/0.html", "/print/0.html", "/a/0.html/")
        ]
        assert len(copies_of_0) == 1, copies_of_0
        assert len(records) == 4  # articles 0, 1, 2 and the flagged wire copy
        original, copy = by_url["/a/1.html"], by_url["/wire/copy-of-1.html"]
        flagged = [r for r in (original, copy) if r["near_duplicate_of"]]
        assert len(flagged) == 1
        assert flagged[0]["near_duplicate_of"] in (original["id"], copy["id"])
        assert all(
            r["near_duplicate_of"] is None
            for p, r in by_url.items()
            if "/a/1" not in p and "wire" not in p
        )


@pytest.mark.parametrize("damage", [b'{"id": "abc", "tit', b"\x00\x00"])
def test_torn_tail_is_cut_before_appending(tmp_path: Path, damage: bytes) -> None:
    """A crash in the middle of a write leaves no partial line in the resumed output."""
    from newscrawl.exporters.storage import cut_torn_tail

    output = tmp_path / "out.jsonl"
    output.write_bytes(b'{"id": "1"}\n{"id": "2"}\n' + damage)
    assert cut_torn_tail(output) == len(damage)
    assert output.read_bytes() == b'{"id": "1"}\n{"id": "2"}\n'
