"""The bundled demo sites, their expectations, and the loopback server that serves them."""

from __future__ import annotations

import http.client
import json
import re
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html as lh

from newscrawl.demo import expected as expected_module
from newscrawl.demo.expected import SITES_DIR, ExpectedArticle, load_expected, site_slugs
from newscrawl.demo.server import ORIGIN_PLACEHOLDER, DemoServer

ARTICLES = load_expected()
TITLE_SUFFIX = {
    "harbour-herald": " | The Harbour Herald",
    "rheinblick": " - Rheinblick",
    "courrier-du-lac": " : Le Courrier du Lac",
}
FEED_TYPES = {"application/rss+xml", "application/atom+xml"}
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "atom": "http://www.w3.org/2005/Atom",
}


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def fetch(url: str, target: str | None = None, method: str = "GET") -> Reply:
    """One request with http.client: no proxies, no redirects followed, raw targets allowed."""
    parts = urlsplit(url)
    if target is None:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request(method, target)
        resp = conn.getresponse()
        body = resp.read()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, body)
    finally:
        conn.close()


def norm(text: str) -> str:
    return " ".join(text.split())


def record_date(iso: str) -> str:
    """A metadata date in the record's form: UTC ``...Z`` when it has a time, else the day."""
    if "T" not in iso:
        return iso
    moment = datetime.fromisoformat(iso)
    assert moment.tzinfo is not None, f"metadata time without offset: {iso}"
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def jsonld_article(doc) -> tuple[dict | None, dict[str, dict]]:
    """The (News)Article node of a page's JSON-LD and an @id index of all nodes."""
    nodes: list[dict] = []
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        data = json.loads(script.text_content())
        for item in data if isinstance(data, list) else [data]:
            nodes.extend(item.get("@graph", [item]))
    by_id = {n["@id"]: n for n in nodes if "@id" in n}
    article = next((n for n in nodes if n.get("@type") in ("NewsArticle", "Article")), None)
    return article, by_id


@pytest.fixture(scope="module")
def demo():
    with DemoServer() as server:
        yield server


def article_id(article: ExpectedArticle) -> str:
    return f"{article.site}:{article.path}"


# -- expectations ------------------------------------------------------------------------------


class TestExpectations:
    """expected.jsonl covers enough sites, languages and articles, and every row is complete."""

    def test_enough_sites_articles_and_languages(self):
        assert len(site_slugs()) >= 3
        assert len(ARTICLES) >= 30
        assert len({a.language for a in ARTICLES}) >= 3
        for slug in site_slugs():
            assert len(load_expected(slug)) >= 10, slug
        keys = [(a.site, a.path) for a in ARTICLES]
        assert len(keys) == len(set(keys))

    @pytest.mark.parametrize("article", ARTICLES, ids=article_id)
    def test_row_is_complete(self, article: ExpectedArticle):
        assert article.path.startswith("/") and "?" not in article.path
        assert article.title.strip() == article.title and article.title
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?", article.published)
        assert re.fullmatch(r"[a-z]{2}", article.language)
        assert article.authors and all(isinstance(a, str) and a for a in article.authors)
        for author in article.authors:
            assert not re.match(r"(?i)(by|von|par|por|text)\b", author), author
            assert "@" not in author and "|" not in author and not re.search(r"\d", author)
            assert author == author.strip()
            assert not (author.isupper() and len(author) > 4), f"ALL CAPS name {author!r}"
        assert article.first_paragraph and article.last_paragraph
        assert article.first_paragraph != article.last_paragraph
        assert article.boilerplate
        for line in article.boilerplate:
            assert line not in article.first_paragraph and line not in article.last_paragraph

    def test_loader_rejects_bad_rows(self, tmp_path, monkeypatch):
        site = tmp_path / "bad-site"
        site.mkdir()
        lines = (SITES_DIR / site_slugs()[0] / "expected.jsonl").read_text("utf-8").splitlines()
        row = json.loads(lines[0])
        monkeypatch.setattr(expected_module, "SITES_DIR", tmp_path)
        (site / "expected.jsonl").write_text(json.dumps(row) + "\n\n", "utf-8")
        assert [a.path for a in load_expected("bad-site")] == [row["path"]]
        (site / "expected.jsonl").write_text(json.dumps({**row, "published": "31.10.2025"}))
        with pytest.raises(ValueError, match="published"):
            load_expected("bad-site")
        del row["title"]
        (site / "expected.jsonl").write_text(json.dumps({**row, "titel": "x"}))
        with pytest.raises(ValueError, match=r"expected.jsonl:1: missing keys \['title'\]"):
            load_expected("bad-site")
        with pytest.raises(FileNotFoundError):
            load_expected("no-such-site")


# -- articles as served ------------------------------------------------------------------------


@pytest.mark.parametrize("article", ARTICLES, ids=article_id)
def test_article_page_matches_expectation(demo, article: ExpectedArticle):
    url = demo.url(article.site, article.path)
    reply = fetch(url)
    assert reply.status == 200
    assert reply.content_type == "text/html; charset=utf-8"
    assert ORIGIN_PLACEHOLDER not in reply.text
    doc = lh.document_fromstring(reply.body)

    assert doc.xpath('//link[@rel="canonical"]/@href') == [url]
    assert [norm(h.text_content()) for h in doc.xpath("//h1")] == [article.title]
    title_tag = doc.findtext(".//title")
    assert title_tag.endswith(TITLE_SUFFIX[article.site])
    assert doc.get("lang", "").startswith(article.language)

    paragraphs = {norm(p.text_content()) for p in doc.xpath("//p")}
    assert article.first_paragraph in paragraphs
    assert article.last_paragraph in paragraphs
    page_text = norm(doc.text_content())
    for line in article.boilerplate:
        assert line in page_text, line

    # Wherever the page carries metadata, it agrees with the expectation.
    dates = doc.xpath(
        '//meta[@property="article:published_time"]/@content | //meta[@name="date"]/@content'
    )
    node, by_id = jsonld_article(doc)
    if node is not None:
        dates.append(node["datePublished"])
        authors = node["author"] if isinstance(node["author"], list) else [node["author"]]
        names = [by_id.get(a.get("@id"), a).get("name") for a in authors]
        assert names == article.authors
        assert node["headline"] == article.title
    dates += doc.xpath("//h1/following::time[1]/@datetime")
    for value in dates:
        assert record_date(value) == article.published, value
    for value in doc.xpath('//meta[@name="author"]/@content'):
        assert value.split(", ") == article.authors


# -- discovery: robots.txt, sitemaps, feeds, links ---------------------------------------------


def robots(demo, slug: str) -> tuple[list[str], list[str]]:
    """Sitemap URLs and the ``User-agent: *`` Disallow prefixes of a site's robots.txt."""
    reply = fetch(demo.url(slug, "/robots.txt"))
    assert reply.status == 200 and reply.content_type.startswith("text/plain")
    sitemaps, disallowed, agents, in_rules = [], [], set(), False
    for line in reply.text.splitlines():
        key, _, value = (part.strip() for part in line.split("#", 1)[0].partition(":"))
        key = key.lower()
        if key == "user-agent":
            agents = {value} | (agents if not in_rules else set())
            in_rules = False
        elif key in ("allow", "disallow"):
            in_rules = True
            if key == "disallow" and value and "*" in agents:
                disallowed.append(value)
        elif key == "sitemap":
            sitemaps.append(value)
    return sitemaps, disallowed


def sitemap_paths(demo, slug: str) -> set[str]:
    origin = demo.origins[slug]
    queue, paths = deque(robots(demo, slug)[0]), set()
    while queue:
        url = queue.popleft()
        assert url.startswith(origin + "/"), url
        reply = fetch(url)
        assert reply.status == 200 and reply.content_type == "application/xml", url
        root = ET.fromstring(reply.body)
        locs = [loc.text.strip() for loc in root.iterfind(".//sm:loc", NS)]
        if root.tag == f"{{{NS['sm']}}}sitemapindex":
            queue.extend(locs)
            continue
        assert root.tag == f"{{{NS['sm']}}}urlset"
        for loc in locs:
            assert loc.startswith(origin + "/"), loc
            paths.add(loc[len(origin) :])
    return paths


def feed_paths(demo, slug: str) -> set[str]:
    origin = demo.origins[slug]
    home = lh.document_fromstring(fetch(demo.url(slug, "/")).body)
    links = home.xpath('//link[@rel="alternate"]')
    feeds = [
        (link.get("href"), link.get("type")) for link in links if link.get("type") in FEED_TYPES
    ]
    assert feeds, "no feed advertised on the home page"
    paths = set()
    for href, kind in feeds:
        reply = fetch(urljoin(origin + "/", href))
        assert reply.status == 200 and reply.content_type == kind
        root = ET.fromstring(reply.body)
        if kind == "application/rss+xml":
            urls = [item.findtext("link").strip() for item in root.iterfind("./channel/item")]
        else:
            urls = [
                link.get("href")
                for link in root.iterfind("./atom:entry/atom:link", NS)
                if link.get("rel", "alternate") == "alternate"
            ]
        assert urls
        for url in urls:
            assert url.startswith(origin + "/"), url
            paths.add(url[len(origin) :])
    return paths


def crawl_links(demo, slug: str, disallowed: list[str]) -> tuple[set[str], set[str]]:
    """Follow <a href> from the home page like a polite crawler; returns (pages, skipped)."""
    origin = demo.origins[slug]
    seen, skipped, queue = {"/"}, set(), deque(["/"])
    while queue:
        path = queue.popleft()
        reply = fetch(origin + path)
        assert reply.status == 200, f"{path} is linked but answers {reply.status}"
        assert re.search(r'<meta charset="utf-8">', reply.text, re.I), path
        doc = lh.document_fromstring(reply.body)
        refs = doc.xpath(
            "//a/@href | //img/@src | //form/@action | //link[@rel!='canonical']/@href"
        )
        for ref in refs:
            assert ref.startswith(("/", "#", "mailto:")), f"{path}: non-root-relative {ref!r}"
        for href in doc.xpath("//a/@href"):
            if not href.startswith("/"):
                continue
            target = urlsplit(urljoin(origin + path, href)).path
            if any(target.startswith(prefix) for prefix in disallowed):
                skipped.add(target)
            elif target not in seen and (target.endswith("/") or target.endswith(".html")):
                seen.add(target)
                queue.append(target)
    return seen, skipped


@pytest.mark.parametrize("slug", site_slugs())
def test_discovery_channels(demo, slug: str):
    articles = {a.path for a in load_expected(slug)}
    sitemaps, disallowed = robots(demo, slug)
    assert sitemaps and all(s.startswith(demo.origins[slug] + "/") for s in sitemaps)
    assert disallowed

    in_sitemap, in_feed = sitemap_paths(demo, slug), feed_paths(demo, slug)
    assert in_sitemap <= articles and in_feed <= articles
    for path in in_sitemap | in_feed:
        assert fetch(demo.url(slug, path)).status == 200

    linked, private = crawl_links(demo, slug, disallowed)
    assert articles <= in_sitemap | in_feed | linked, "some article cannot be discovered"
    assert articles - in_sitemap - in_feed, "expected an article reachable only by links"
    assert (articles & in_sitemap) - in_feed - linked, "expected a sitemap-only article"
    # The private page exists and is linked, but only a robots-ignoring crawler would get it.
    assert private and not private & (articles | in_sitemap | in_feed)
    for path in private:
        assert fetch(demo.url(slug, path)).status == 200


# -- server behaviour --------------------------------------------------------------------------


@pytest.mark.parametrize("slug", site_slugs())
def test_unknown_paths_get_the_404_page(demo, slug: str):
    page = lh.document_fromstring((SITES_DIR / slug / "404.html").read_bytes())
    heading = norm(page.xpath("//h1")[0].text_content())
    for target in ("/no-such-page.html", "/2024/01/01/gone/", "/404.html", "/expected.jsonl"):
        reply = fetch(demo.url(slug, target))
        assert reply.status == 404, target
        assert reply.content_type == "text/html; charset=utf-8"
        assert heading in reply.text and '"path"' not in reply.text


@pytest.mark.parametrize(
    "target",
    [
        "/../expected.jsonl",
        "/../../demo/server.py",
        "/%2e%2e/harbour-herald/expected.jsonl",
        "/static/..%2f..%2fexpected.jsonl",
        "/static/../index.html",
        "/./index.html",
        "/.hidden",
        "//etc/passwd",
        "/static/",
        "/static",
    ],
)
def test_traversal_and_listings_are_refused(demo, target: str):
    reply = fetch(demo.origins[site_slugs()[0]], target)
    assert reply.status == 404
    assert b'"first_paragraph"' not in reply.body and b"DemoServer" not in reply.body


def test_directory_redirect_head_and_query(demo):
    slug = "harbour-herald"
    reply = fetch(demo.url(slug, "/news?page=2"))
    assert reply.status == 301 and reply.headers["location"] == "/news/?page=2"
    page = fetch(demo.url(slug, "/news/"))
    assert page.status == 200 and page.content_type == "text/html; charset=utf-8"
    head = fetch(demo.url(slug, "/news/"), method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers["content-length"] == str(len(page.body))
    path = ARTICLES[0].path
    tracked = fetch(demo.url(ARTICLES[0].site, path + "?utm_source=related#x"))
    assert tracked.status == 200 and tracked.body == fetch(demo.url(ARTICLES[0].site, path)).body


def test_origin_placeholder_is_replaced_in_text_files(demo):
    for slug in site_slugs():
        for path in ("/robots.txt", "/"):
            reply = fetch(demo.url(slug, path))
            assert ORIGIN_PLACEHOLDER not in reply.text
        assert demo.origins[slug] in fetch(demo.url(slug, "/robots.txt")).text


def test_start_stop_and_quiet_logging(capfd):
    server = DemoServer(slugs=["rheinblick"])
    with pytest.raises(KeyError):
        server.url("rheinblick")
    server.start()
    try:
        origin = server.origins["rheinblick"]
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", origin)
        assert fetch(server.url("rheinblick", "/")).status == 200
        assert fetch(server.url("rheinblick", "/nope")).status == 404
        with pytest.raises(RuntimeError):
            server.start()
    finally:
        server.stop()
    server.stop()
    assert server.origins == {}
    with pytest.raises(ConnectionRefusedError):
        fetch(origin + "/")
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_unknown_slug_is_refused():
    with pytest.raises(FileNotFoundError):
        DemoServer(slugs=["no-such-site"]).start()


def test_module_runs_in_the_foreground():
    proc = subprocess.Popen(
        [sys.executable, "-m", "newscrawl.demo.server"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    try:
        lines = [proc.stdout.readline().split() for _ in site_slugs()]
        assert [slug for slug, _ in lines] == site_slugs()
        for _, origin in lines:
            assert fetch(origin).status == 200
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert "Traceback" not in err
