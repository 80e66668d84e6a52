"""The whole path on the bundled demo sites: crawl → pipelines → JSON Lines, and the same
records from ``newscrawl extract`` on the same pages stored as files and as a WARC.

Crawls run the real CLI in a subprocess (a Twisted reactor cannot restart in one process)
against :class:`newscrawl.demo.server.DemoServer` on 127.0.0.1.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator

from newscrawl.demo.check import DemoCheck, check_records, read_records
from newscrawl.demo.expected import SITES_DIR, load_expected, site_slugs
from newscrawl.demo.server import DemoServer
from tests.support.offline_warc import WarcBuilder

SCHEMA = Path(__file__).parent.parent / "newscrawl" / "schema" / "article.schema.json"
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING"]


def newscrawl(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def server() -> DemoServer:
    with DemoServer() as running:
        yield running


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="module")
def crawl(server: DemoServer, workdir: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    output = workdir / "crawl" / "articles.jsonl"
    targets = [server.url(slug, "/") for slug in site_slugs()]
    result = newscrawl("crawl", *targets, "-o", str(output), "--workers", "2", *FAST, cwd=workdir)
    return result, output


@pytest.fixture(scope="module")
def records(crawl: tuple[subprocess.CompletedProcess[str], Path]) -> list[dict]:
    result, output = crawl
    assert result.returncode == 0, result.stderr[-3000:]
    return read_records(output)


@pytest.fixture(scope="module")
def check(records: list[dict]) -> DemoCheck:
    return check_records(records, load_expected())


class TestDemoCrawl:
    """Every demo article comes out exactly as expected; nothing else comes out."""

    def test_every_article_found_and_nothing_else(self, check: DemoCheck) -> None:
        assert check.expected >= 30
        assert check.missing == []
        assert check.unexpected == []

    @pytest.mark.parametrize("field", ["title", "published", "authors", "body", "boilerplate"])
    def test_field_is_exact_on_every_article(self, check: DemoCheck, field: str) -> None:
        assert check.mismatches.get(field, []) == []

    def test_records_validate_against_the_shipped_schema(self, records: list[dict]) -> None:
        validator = Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
        errors = [f"{r['url']}: {e.message}" for r in records for e in validator.iter_errors(r)]
        assert errors == []

    def test_ids_are_unique_and_languages_declared(self, records: list[dict]) -> None:
        assert len({r["id"] for r in records}) == len(records)
        assert {r["language"] for r in records} >= {"en", "de", "fr", "es"}

    def test_run_report_counts_the_drops(self, crawl: tuple, records: list[dict]) -> None:
        _, output = crawl
        report = json.loads(output.with_name("articles.report.json").read_text(encoding="utf-8"))
        assert report["articles_written"] == len(records)
        assert report["exit_code"] == 0
        assert report["dropped"].get("not_article", 0) + report["pages_fetched"] > len(records)
        assert report["fill_rates"]["title"] == 1.0
        # each demo site's robots.txt disallows one linked page: listed, not an error
        assert report["problems"]["ignored/IgnoreRequest"]["count"] == len(site_slugs())
        assert report["error_rate"] == 0.0
        # discovery's counts, skips included (listings, and links to other sites)
        discovery = report["discovery"]
        assert discovery["entries/urlset"] > 0 and discovery["leaf_articles"] > 0
        assert discovery["skipped_listing"] > 0


def _disallowed(slug: str) -> list[str]:
    robots = (SITES_DIR / slug / "robots.txt").read_text(encoding="utf-8").splitlines()
    prefixes, ours = [], False
    for line in robots:
        name, _, value = line.partition(":")
        if name.strip().lower() == "user-agent":
            ours = value.strip() == "*"
        elif ours and name.strip().lower() == "disallow" and value.strip():
            prefixes.append(value.strip())
    return prefixes


def _served_pages(server: DemoServer) -> list[tuple[str, bytes, str]]:
    """(url, body, content type) of every HTML page a polite crawler may fetch."""
    pages = []
    for slug in site_slugs():
        root = SITES_DIR / slug
        blocked = _disallowed(slug)
        for file in sorted(root.rglob("*.html")):
            path = "/" + file.relative_to(root).as_posix()
            if file.name == "404.html" or any(path.startswith(p) for p in blocked):
                continue
            if path.endswith("/index.html"):
                path = path.removesuffix("index.html")
            url = server.url(slug, path)
            with urllib.request.urlopen(url, timeout=10) as response:
                pages.append((url, response.read(), response.headers["Content-Type"]))
    return pages


@pytest.fixture(scope="module")
def stored(server: DemoServer, workdir: Path) -> dict[str, Path]:
    """The demo pages as served, stored as a directory of .html files and as a WARC.gz."""
    pages = _served_pages(server)
    directory = workdir / "pages"
    for index, (_, body, _) in enumerate(pages):
        (directory / f"{index:03d}").mkdir(parents=True)
        (directory / f"{index:03d}" / "page.html").write_bytes(body)
    warc = workdir / "pages.warc.gz"
    with WarcBuilder(warc) as builder:
        for url, body, content_type in pages:
            builder.response(url, body, content_type=content_type, date=None)  # now
    return {"files": directory, "warc": warc}


def _without_fetch_time(rows: list[dict]) -> dict[str, dict]:
    return {r["url"]: {k: v for k, v in r.items() if k != "fetched_at"} for r in rows}


class TestExtractMatchesCrawl:
    """``newscrawl extract`` on stored pages gives the crawl's records, apart from fetched_at."""

    @pytest.mark.parametrize("kind", ["files", "warc"])
    def test_same_records(
        self, kind: str, stored: dict[str, Path], records: list[dict], workdir: Path
    ) -> None:
        output = workdir / f"extract-{kind}.jsonl"
        result = newscrawl(
            "extract", str(stored[kind]), "-o", str(output), "--workers", "1", *FAST, cwd=workdir
        )
        assert result.returncode == 0, result.stderr[-3000:]
        extracted = _without_fetch_time(read_records(output))
        crawled = _without_fetch_time(records)
        assert sorted(extracted) == sorted(crawled)
        for url, record in crawled.items():
            assert extracted[url] == record, url


def test_demo_command_succeeds(workdir: Path) -> None:
    """The README's first command: serve, crawl, check, stop; exit code 0."""
    output = workdir / "demo" / "articles.jsonl"
    result = newscrawl("demo", "-o", str(output), "-s", "LOG_LEVEL=WARNING", cwd=workdir)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "expected articles found" in result.stderr
    assert len(read_records(output)) == len(load_expected())
    assert all(urlsplit(r["url"]).hostname == "127.0.0.1" for r in read_records(output))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--until", "yesterday"], "until: 'yesterday' is not a date like 2024-03-01"),
        (["--since", "2024-05-02", "--until", "2024-05-01"], "until: 2024-05-01 is before since"),
        (["-s", "NEWSCRAWL_FAVOR=fast"], "NEWSCRAWL_FAVOR must be balanced, precision or recall"),
    ],
)
def test_a_crawl_that_cannot_start_says_why(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    """Exit code 2 and one line naming the problem, not Scrapy's unhandled-error traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "crawl", "http://127.0.0.1:9/", *arguments],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert f"newscrawl crawl: {message}" in result.stderr
    assert "Traceback" not in result.stderr
