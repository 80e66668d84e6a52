"""Guarantee 7: hostile content cannot expand, read local files, reach the local network,
run code or write outside ``output/``.

* sitemaps and feeds with entity expansion ("billion laughs") or external entities (XXE) are
  parsed inertly, in a subprocess under a hard address-space limit, and crawled for real;
* non-http(s) URLs and private/loopback addresses that are not the crawl's own targets are
  refused by :class:`~newscrawl.downloadermiddlewares.safety.SafetyMiddleware`, for links
  and redirects alike (unit tests with a stub resolver, and a crawl that is redirected from
  its target to another loopback name);
* site files are data: Python in a site file is never run;
* names from sites and URLs never make an output path leave ``output/``.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from newscrawl.discovery.sitefile import SiteFileError, load_site_file, site_for_urls
from newscrawl.downloadermiddlewares.safety import SafetyMiddleware, literal_address
from newscrawl.spiders.news import NewsSpider
from tests.support.hostile_server import _Server, article_html, run_measured

MIB = 1024 * 1024
LOL = '<!ENTITY lol{n} "{refs}">'
BILLION_LAUGHS_DTD = (
    '<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY lol0 "lol">'
    + "".join(LOL.format(n=n, refs=f"&lol{n - 1};" * 10) for n in range(1, 10))
    + "]>"
)
XXE_DTD = '<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def billion_laughs_sitemap(base: str) -> bytes:
    return (
        BILLION_LAUGHS_DTD.format(root="urlset")
        + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + f"<url><loc>{base}/2025/03/laughs-&lol9;</loc></url>"
        + f"<url><loc>{base}/2025/03/sitemap-story-after-the-laughs</loc></url></urlset>"
    ).encode()


def xxe_feed(base: str) -> bytes:
    return (
        XXE_DTD.format(root="rss") + '<rss version="2.0"><channel><title>&xxe;</title>'
        f"<item><title>&xxe;</title><link>{base}/2025/03/xxe-&xxe;</link></item>"
        f"<item><title>Fine</title><link>{base}/2025/03/feed-story-after-the-xxe</link></item>"
        "</channel></rss>"
    ).encode()


# -- the parsers, under a hard memory limit ------------------------------------------------

PARSE_UNDER_LIMIT = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (768 * 2**20, 768 * 2**20))
from newscrawl.discovery.documents import sitemap_entries
from newscrawl.discovery.feeds import FeedError, parse_feed
body = sys.stdin.buffer.read()
if sys.argv[1] == "sitemap":
    kind, entries = sitemap_entries(body)
    urls = [e.get("loc", "") for e in entries]
else:
    urls = [e.url for e in parse_feed(body, base_url="http://news.example/").entries]
print(repr(urls))
# VmHWM, not ru_maxrss: the latter keeps the peak of the forking parent across exec.
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")][0]
print(int(hwm.split()[1]) * 1024, file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        ("sitemap", billion_laughs_sitemap("http://news.example")),
        ("feed", BILLION_LAUGHS_DTD.format(root="rss").encode() + b"<rss><channel><item>"
         b"<title>&lol9;</title><link>http://news.example/a-&lol9;</link></item></channel></rss>"),
        ("sitemap", XXE_DTD.format(root="urlset").encode()
         + b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
         b"<loc>http://news.example/&xxe;</loc></url></urlset>"),
        ("feed", xxe_feed("http://news.example")),
    ],
    ids=["laughs-sitemap", "laughs-feed", "xxe-sitemap", "xxe-feed"],
)  # fmt: skip
def test_entity_tricks_stay_inert_within_bounded_memory(kind: str, body: bytes) -> None:
    """Under a 768 MiB address-space limit (a billion laughs expands to about 3 GB), the
    parsers return without expanding an entity or reading a local file."""
    result = subprocess.run(
        [sys.executable, "-c", PARSE_UNDER_LIMIT, kind],
        input=body,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    output = result.stdout.decode()
    assert "lollollol" not in output
    assert "root:" not in output
    peak = int(result.stderr.decode().split()[-1])
    assert peak < 200 * MIB


# -- the safety middleware -----------------------------------------------------------------


class _TargetSpider(Spider):
    name = "targets"

    def __init__(self, targets: list[str] | tuple[str, ...]) -> None:
        super().__init__()
        self.sites = {"site": site_for_urls(targets)}


def _middleware(targets: list[str] | tuple[str, ...], **settings: Any) -> SafetyMiddleware:
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()
    middleware = SafetyMiddleware.from_crawler(crawler)
    middleware.spider_opened(_TargetSpider(targets))

    async def resolve(host: str) -> Any:  # a stub DNS: no network in tests
        return literal_address({"intranet.news.example": "10.1.2.3"}.get(host, "93.184.216.34"))

    middleware._resolve = resolve  # type: ignore[method-assign]
    return middleware


def _verdict(middleware: SafetyMiddleware, url: str, **meta: Any) -> str:
    try:
        asyncio.run(middleware.process_request(Request(url, meta=meta)))
    except IgnoreRequest as refused:
        return str(refused)
    return "allowed"


class TestSafetyMiddleware:
    """Refused: other schemes and internal addresses; allowed: public hosts and the targets."""

    PUBLIC = ("https://news.example/",)

    @pytest.mark.parametrize(
        "url",
        [
            "file:///etc/passwd",
            "ftp://news.example/file",
            "data:text/html,<h1>hi</h1>",
            "s3://bucket/key",
            "gopher://127.0.0.1:6379/_FLUSHALL",
        ],
    )
    def test_non_http_schemes_are_refused(self, url: str) -> None:
        middleware = _middleware(self.PUBLIC)
        assert _verdict(middleware, url).startswith("unsafe scheme")
        assert middleware.crawler.stats.get_value("newscrawl/safety/refused/scheme") == 1

    @pytest.mark.parametrize(
        "url",
        [
            "http://127.0.0.1/admin",
            "http://localhost./",
            "http://10.0.0.5/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]:8080/",
            "http://[::ffff:127.0.0.1]/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://0.0.0.0:8000/",
            "http://intranet.news.example/",  # a public-looking name of a private address
        ],
    )
    def test_internal_addresses_are_refused_from_a_public_site(self, url: str) -> None:
        middleware = _middleware(self.PUBLIC)
        if url == "http://localhost./":

            async def resolve(host: str) -> Any:
                return literal_address("127.0.0.1")

            middleware._resolve = resolve  # type: ignore[method-assign]
        verdict = _verdict(middleware, url, redirect_urls=["https://news.example/moved"])
        assert verdict.startswith("unsafe private_address"), verdict
        assert "redirected from https://news.example/moved" in verdict

    @pytest.mark.parametrize(
        "url", ["https://news.example/story", "https://cdn.example.org/feed.xml"]
    )
    def test_public_addresses_are_allowed(self, url: str) -> None:
        assert _verdict(_middleware(self.PUBLIC), url) == "allowed"

    def test_a_loopback_target_may_stay_on_its_own_origin_only(self) -> None:
        middleware = _middleware(["http://127.0.0.1:8001/"])
        assert _verdict(middleware, "http://127.0.0.1:8001/2025/03/story") == "allowed"
        assert _verdict(middleware, "http://127.0.0.1:6379/").startswith("unsafe private")
        assert _verdict(middleware, "http://10.0.0.5:8001/").startswith("unsafe private")

    def test_allowed_private_hosts_setting(self) -> None:
        middleware = _middleware(self.PUBLIC, NEWSCRAWL_ALLOW_PRIVATE_HOSTS=["10.0.0.5:8080"])
        assert _verdict(middleware, "http://10.0.0.5:8080/") == "allowed"
        assert _verdict(middleware, "http://10.0.0.5/").startswith("unsafe private")


# -- real crawls ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site() -> Iterator[_Server]:
    server = _Server()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    port = server.server_address[1]

    def static(body: bytes, content_type: str = "text/html; charset=utf-8") -> Any:
        return lambda handler: handler.send_body(body, content_type=content_type)

    def redirect(location: str) -> Any:
        return lambda handler: handler.send_body(b"", status=302, headers={"Location": location})

    stories = [
        "/2025/03/sitemap-story-after-the-laughs",
        "/2025/03/feed-story-after-the-xxe",
        "/2025/03/home-story-with-bad-links",
    ]
    links = [
        "file:///etc/passwd",
        "ftp://127.0.0.1/",
        f"http://localhost:{port}/2025/03/private-by-link",
        "/2025/03/redirects-to-file",
    ]
    routes = server.routes
    routes["/robots.txt"] = static(b"User-agent: *\nAllow: /\n", "text/plain")
    routes["/sitemap.xml"] = static(billion_laughs_sitemap(base), "application/xml")
    routes["/feed.xml"] = static(xxe_feed(base), "application/rss+xml")
    routes["/feed-hop"] = redirect(f"http://localhost:{port}/private-feed.xml")
    routes["/private-feed.xml"] = static(xxe_feed(base), "application/rss+xml")
    routes["/2025/03/redirects-to-file"] = redirect("file:///etc/passwd")
    home = "".join(f'<a href="{href}">x</a>' for href in [*links, stories[2]])
    routes["/"] = static(f"<html><body><h1>Home</h1>{home}</body></html>".encode())
    for n, path in enumerate(stories):
        routes[path] = static(article_html(f"Story {n} ../../escape %(name)s", n).encode())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _base(server: _Server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def crawl(site: _Server, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One crawl from a site file: home page, the laughs sitemap, the XXE feed and a feed
    URL that redirects to another loopback name. No ``-o``: the default output paths."""
    workdir = tmp_path_factory.mktemp("security")
    base = _base(site)
    site_file = workdir / "evil.toml"
    site_file.write_text(
        'name = "../../../escape-%(name)s"\n'
        f'start_urls = ["{base}/"]\n'
        f'sitemaps = ["{base}/sitemap.xml"]\n'
        f'feeds = ["{base}/feed.xml", "{base}/feed-hop"]\n',
        encoding="utf-8",
    )
    before = {path for path in workdir.parent.rglob("*")}
    command = [sys.executable, "-m", "newscrawl.cli", "crawl", str(site_file), "--workers", "0"]
    command += ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_TIMEOUT=5"]
    command += ["-s", "LOG_LEVEL=WARNING"]
    result, peak = run_measured(command, cwd=workdir, timeout=120)
    created = sorted(p for p in workdir.parent.rglob("*") if p not in before and p.is_file())
    reports = [p for p in created if p.name.endswith(".report.json")]
    outputs = [p for p in created if p.suffix == ".jsonl"]
    return {
        "result": result,
        "peak": peak,
        "workdir": workdir,
        "created": created,
        "report": json.loads(reports[0].read_text(encoding="utf-8")) if reports else {},
        "records": [json.loads(line) for p in outputs for line in p.read_text().splitlines()],
    }


class TestHostileContentCrawl:
    """The crawl of a site that tries every trick above."""

    def test_crawl_finishes_and_keeps_the_real_articles(self, crawl: dict[str, Any]) -> None:
        assert crawl["result"].returncode == 0, crawl["result"].stderr[-3000:]
        paths = sorted("/" + r["url"].split("/", 3)[3] for r in crawl["records"])
        assert paths == ["/2025/03/home-story-with-bad-links"]
        assert crawl["peak"] < 600 * MIB

    def test_documents_with_a_dtd_are_refused_whole(self, site: _Server) -> None:
        """A sitemap or feed that declares entities is not read at all (discovery sniffs no
        root element past an internal DTD subset): not even its harmless entries."""
        hits = [path for path, _ in site.hits]
        assert "/sitemap.xml" in hits
        assert "/feed.xml" in hits
        assert not [path for path in hits if "after-the" in path or "laughs" in path]

    def test_no_entity_was_expanded_nor_a_local_file_read(
        self, crawl: dict[str, Any], site: _Server
    ) -> None:
        requested = " ".join(path for path, _ in site.hits)
        assert "lollol" not in requested
        assert "root:" not in requested
        assert all("root:" not in json.dumps(record) for record in crawl["records"])

    def test_redirect_from_the_target_to_another_internal_name_is_refused(
        self, crawl: dict[str, Any], site: _Server
    ) -> None:
        assert "/private-feed.xml" not in [path for path, _ in site.hits]
        ignored = crawl["report"]["problems"]["ignored/IgnoreRequest"]["urls"]
        refused = [entry for entry in ignored if "private-feed.xml" in entry["url"]]
        assert refused, ignored
        assert refused[0]["reason"].startswith("unsafe private_address: localhost")
        assert "redirected from" in refused[0]["reason"]

    def test_non_http_links_and_redirects_are_not_followed(
        self, crawl: dict[str, Any], site: _Server
    ) -> None:
        hits = [path for path, _ in site.hits]
        assert "/2025/03/private-by-link" not in hits
        assert "root:" not in crawl["result"].stderr

    def test_every_file_written_is_inside_output(self, crawl: dict[str, Any]) -> None:
        output = crawl["workdir"] / "output"
        assert crawl["created"], "the crawl wrote nothing"
        for path in crawl["created"]:
            assert path.resolve().is_relative_to(output.resolve()), path


class TestSiteFilesAreData:
    """A site file is parsed as TOML, never imported or evaluated."""

    def test_python_given_as_a_site_file_is_not_run(self, tmp_path: Path) -> None:
        marker = tmp_path / "ran"
        evil = tmp_path / "evil.py"
        evil.write_text(f"open({str(marker)!r}, 'w').write('x')\n", encoding="utf-8")
        with pytest.raises(SiteFileError):
            load_site_file(evil)
        with pytest.raises(SiteFileError):
            NewsSpider(target=str(evil))
        assert not marker.exists()

    def test_code_in_site_file_values_stays_a_string(self, tmp_path: Path) -> None:
        marker = tmp_path / "ran"
        code = f"__import__('pathlib').Path({str(marker)!r}).touch()"
        site_file = tmp_path / "site.toml"
        site_file.write_text(
            f'name = "{code}"\nstart_urls = ["https://news.example/"]\n'
            "deny = ['''" + re.escape(code) + "''']\nlanguage = 'en'\n",
            encoding="utf-8",
        )
        site = load_site_file(site_file)
        assert site.name == code
        spider = NewsSpider(target=str(site_file))
        assert list(spider.sites) == [code]
        assert not marker.exists()

    def test_the_cli_refuses_a_python_target_without_running_it(self, tmp_path: Path) -> None:
        marker = tmp_path / "ran"
        evil = tmp_path / "site.py"
        evil.write_text(f"open({str(marker)!r}, 'w').write('x')\n", encoding="utf-8")
        result, _ = run_measured(
            [sys.executable, "-m", "newscrawl.cli", "crawl", str(evil), "-s", "LOG_LEVEL=ERROR"],
            cwd=tmp_path,
            timeout=60,
        )
        assert result.returncode != 0
        assert not marker.exists()
