"""Feed entries (RSS 2.0, RSS 1.0, Atom) and the dates that ``since`` compares."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from newscrawl.discovery.dates import is_after, is_before, parse_entry_date, url_period
from newscrawl.discovery.feeds import FeedEntry, FeedError, parse_feed

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
  <title>Demo</title><link>https://news.example/</link>
  <item>
    <title>  First
      story </title>
    <link> https://news.example/2024/03/09/first-story </link>
    <pubDate>Sat, 09 Mar 2024 10:00:00 GMT</pubDate>
    <guid isPermaLink="false">abc-1</guid>
  </item>
  <item>
    <title><![CDATA[Second <b>story</b>]]></title>
    <guid>https://news.example/2024/03/08/second-story</guid>
    <dc:date>2024-03-08T07:00:00+01:00</dc:date>
  </item>
  <item><title>No link</title><guid isPermaLink="false">xyz</guid></item>
  <item><title>Relative</title><link>/2024/03/07/relative-story</link></item>
</channel></rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example/blog/">
  <title>Demo</title>
  <link rel="self" href="https://news.example/atom.xml"/>
  <entry>
    <title type="html">Atom one</title>
    <link rel="replies" href="https://news.example/c/1"/>
    <link rel="alternate" type="text/html" href="2024/03/07/atom-one"/>
    <published>2024-03-07T08:00:00Z</published>
    <updated>2024-03-08T08:00:00Z</updated>
  </entry>
  <entry>
    <title>Atom two</title>
    <link href="https://news.example/2024/03/06/atom-two"/>
    <updated>2024-03-06T08:00:00Z</updated>
  </entry>
  <entry><title>No link</title></entry>
</feed>
"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://news.example/"><title>Demo</title></channel>
  <item rdf:about="https://news.example/2024/03/05/rdf-story">
    <title>RDF story</title>
    <link>https://news.example/2024/03/05/rdf-story</link>
    <dc:date>2024-03-05</dc:date>
  </item>
</rdf:RDF>
"""


class TestParseFeed:
    """Entries keep document order; links are absolute; dates and titles stay as written."""

    def test_rss2(self) -> None:
        feed = parse_feed(RSS, base_url="https://news.example/feed.rss")
        assert feed.kind == "rss"
        assert feed.entries == (
            FeedEntry(
                "https://news.example/2024/03/09/first-story",
                "First story",
                "Sat, 09 Mar 2024 10:00:00 GMT",
            ),
            FeedEntry(
                "https://news.example/2024/03/08/second-story",
                "Second <b>story</b>",
                "2024-03-08T07:00:00+01:00",
            ),
            FeedEntry("https://news.example/2024/03/07/relative-story", "Relative", None),
        )

    def test_atom(self) -> None:
        feed = parse_feed(ATOM, base_url="https://news.example/atom.xml")
        assert feed.kind == "atom"
        assert feed.entries == (
            # rel=alternate wins over rel=replies; xml:base resolves the relative href;
            # published wins over updated.
            FeedEntry(
                "https://news.example/blog/2024/03/07/atom-one",
                "Atom one",
                "2024-03-07T08:00:00Z",
            ),
            FeedEntry(
                "https://news.example/2024/03/06/atom-two", "Atom two", "2024-03-06T08:00:00Z"
            ),
        )

    def test_rss1_rdf(self) -> None:
        feed = parse_feed(RDF)
        assert feed.kind == "rdf"
        assert feed.entries == (
            FeedEntry("https://news.example/2024/03/05/rdf-story", "RDF story", "2024-03-05"),
        )

    def test_broken_feed_keeps_what_it_can(self) -> None:
        body = b"<rss><channel><item><title>A</title><link>http://n.example/a</link></item><item>"
        feed = parse_feed(body)
        assert [e.url for e in feed.entries] == ["http://n.example/a"]

    @pytest.mark.parametrize(
        "body",
        [
            b"",
            b"not xml at all",
            b"<html><body><p>hello</p></body></html>",
            b'<?xml version="1.0"?><urlset><url><loc>http://n.example/</loc></url></urlset>',
        ],
    )
    def test_not_a_feed(self, body: bytes) -> None:
        with pytest.raises(FeedError):
            parse_feed(body)


class TestParserSafety:
    """Entities are never expanded, nothing is fetched or read from disk."""

    def test_billion_laughs_does_not_blow_up(self) -> None:
        entities = "".join(
            f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
        ).replace("&lol0;", "lol")
        body = (
            f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]>'
            "<rss><channel><item><title>&lol9;</title><link>http://n.example/a</link>"
            "</item></channel></rss>"
        ).encode()
        started = time.perf_counter()
        feed = parse_feed(body)
        assert time.perf_counter() - started < 1.0
        assert all(len(entry.title or "") < 100 for entry in feed.entries)

    def test_external_entities_are_not_resolved(self, tmp_path: Path) -> None:
        secret = tmp_path / "secret.txt"
        secret.write_text("TOP-SECRET-CONTENT")
        body = (
            f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
            "<rss><channel><item><title>x &xxe; y</title>"
            "<link>http://n.example/a</link></item></channel></rss>"
        ).encode()
        feed = parse_feed(body)
        assert [e.url for e in feed.entries] == ["http://n.example/a"]
        assert "TOP-SECRET" not in (feed.entries[0].title or "")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-05", datetime(2024, 3, 5, tzinfo=UTC)),
        ("2024-03-05T10:00:00Z", datetime(2024, 3, 5, 10, tzinfo=UTC)),
        ("2024-03-05T10:00:00+01:00", datetime(2024, 3, 5, 9, tzinfo=UTC)),
        ("2024-03-05T10:00:00", datetime(2024, 3, 5, 10, tzinfo=UTC)),  # naive → UTC
        ("Tue, 05 Mar 2024 10:00:00 GMT", datetime(2024, 3, 5, 10, tzinfo=UTC)),
        ("Tue, 05 Mar 2024 10:00:00 -0500", datetime(2024, 3, 5, 15, tzinfo=UTC)),
        (" 2024-03-05 ", datetime(2024, 3, 5, tzinfo=UTC)),
        ("", None),
        (None, None),
        ("yesterday", None),
        ("2024-13-45", None),
    ],
)
def test_parse_entry_date(raw: str | None, expected: datetime | None) -> None:
    parsed = parse_entry_date(raw)
    assert parsed == expected
    if parsed is not None:
        assert parsed.tzinfo is not None


@pytest.mark.parametrize(
    ("raw", "before"),
    [
        ("2024-02-29", True),
        ("2024-02-29T23:59:59Z", True),
        ("2024-03-01T00:30:00+01:00", True),  # 2024-02-29 23:30 UTC
        ("2024-03-01", False),
        ("Fri, 01 Mar 2024 00:00:00 GMT", False),
        ("2025-01-01", False),
        ("not a date", False),  # unknown dates never exclude
        (None, False),
    ],
)
def test_is_before(raw: str | None, before: bool) -> None:
    assert is_before(raw, date(2024, 3, 1)) is before


@pytest.mark.parametrize(
    ("raw", "after"),
    [
        ("2024-03-02", True),
        ("2024-03-01T23:30:00-05:00", False),  # 1 March where it was written (UTC: 2 March)
        ("2024-03-02T00:30:00+01:00", True),
        ("Fri, 01 Mar 2024 23:59:00 GMT", False),
        ("not a date", False),
        (None, False),
    ],
)
def test_is_after(raw: str | None, after: bool) -> None:
    assert is_after(raw, date(2024, 3, 1)) is after


@pytest.mark.parametrize(
    ("url", "period"),
    [
        ("https://n.example/sitemaps/2025/10/", (date(2025, 10, 1), date(2025, 10, 31))),
        ("https://n.example/sitemap-2024-02.xml", (date(2024, 2, 1), date(2024, 2, 29))),
        ("https://n.example/news_2025_10_31.xml.gz", (date(2025, 10, 31), date(2025, 10, 31))),
        ("https://n.example/archive-2019.xml", (date(2019, 1, 1), date(2019, 12, 31))),
        ("https://n.example/sitemap-202510.xml", None),  # compact: an id as often as a date
        ("https://n.example/post-sitemap3.xml", None),
        ("https://n.example/sitemap-2025-02-31.xml", None),
        ("https://n.example/sitemap.xml?year=2025", None),  # the path only
        ("https://2025.example/sitemap.xml", None),
    ],
)
def test_url_period(url: str, period: tuple[date, date] | None) -> None:
    assert url_period(url) == period
