"""Reading stored pages: WARC, directories of HTML files, JSON Lines (newscrawl.offline)."""

from __future__ import annotations

import gzip
import json
import random
import string
import tracemalloc
from pathlib import Path

import pytest

# tests/ is not a package: make ``tests.support`` importable from the repository root.
from newscrawl.offline import InputError, StoredPage, iter_stored_pages
from newscrawl.offline.decode import Unreadable, decode_html
from newscrawl.offline.readers import page_url, utc_timestamp
from tests.support.offline_warc import WarcBuilder, chunked

PNG_AS_HTML = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 8


def read(*inputs: str | Path) -> tuple[list[StoredPage], list[tuple[str, str]]]:
    """All pages and all ``(source, reason)`` skips of ``inputs``."""
    skips: list[tuple[str, str]] = []
    pages = list(
        iter_stored_pages(inputs, on_skip=lambda source, reason: skips.append((source, reason)))
    )
    return pages, skips


def html_page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body>{body}</body></html>"


class TestDecodeHtml:
    """One gate for every input kind: charset from header, else page, else UTF-8, else cp1252."""

    @pytest.mark.parametrize(
        ("body", "content_type", "expected"),
        [
            ("<p>Café €</p>".encode(), "text/html; charset=utf-8", "<p>Café €</p>"),
            (b"<p>Caf\xe9</p>", "text/html; charset=ISO-8859-1", "<p>Café</p>"),
            # latin-1 means windows-1252, as in browsers: 0x93/0x94 are curly quotes.
            (b"<p>\x93Caf\xe9\x94</p>", "text/html; charset=latin1", "<p>“Café”</p>"),
            # The header wins over the page's own declaration.
            (
                b'<meta charset="utf-8"><p>Caf\xe9</p>',
                "text/html; charset=iso-8859-1",
                '<meta charset="utf-8"><p>Café</p>',
            ),
            (
                '<meta charset="windows-1251"><p>Привет</p>'.encode("cp1251"),
                "text/html",
                '<meta charset="windows-1251"><p>Привет</p>',
            ),
            (
                b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">'
                b"<p>\xb3\xf3d\xbc</p>",
                None,
                '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">'
                "<p>łódź</p>",
            ),
            ("<p>naïve</p>".encode(), None, "<p>naïve</p>"),
            (b"<p>na\xefve</p>", None, "<p>naïve</p>"),
            (b"\xef\xbb\xbf<p>bom</p>", None, "<p>bom</p>"),
            ("<p>bom16</p>".encode("utf-16"), None, "<p>bom16</p>"),
            (b"<p>\x81</p>", None, "<p>\ufffd</p>"),
            ("\ufeff<p>text</p>", None, "<p>text</p>"),
        ],
    )
    def test_decodes(self, body: bytes | str, content_type: str | None, expected: str) -> None:
        assert decode_html(body, content_type) == expected

    @pytest.mark.parametrize(
        ("body", "reason"),
        [
            (b"", "empty"),
            (b" \r\n\t ", "empty"),
            ("   ", "empty"),
            (PNG_AS_HTML, "binary"),
            (b"<html>\x00</html>", "binary"),
            ("<p>\x00</p>", "binary"),
            (b"<p>" + b"\x01\x02\x03\x1b" * 20 + b"</p>", "binary"),
        ],
    )
    def test_rejects(self, body: bytes | str, reason: str) -> None:
        with pytest.raises(Unreadable) as caught:
            decode_html(body, "text/html")
        assert caught.value.reason == reason

    def test_a_few_control_characters_are_still_text(self) -> None:
        body = b"<p>" + b"x" * 200 + b"\x0b\x1a</p>"
        assert decode_html(body).endswith("\x0b\x1a</p>")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-06T07:08:09Z", "2024-05-06T07:08:09Z"),
        ("2024-05-06T07:08:09.123456Z", "2024-05-06T07:08:09Z"),
        ("2024-05-06T09:08:09+02:00", "2024-05-06T07:08:09Z"),
        ("2024-05-06T07:08:09", "2024-05-06T07:08:09Z"),  # naive is UTC
        ("2024-05-06", "2024-05-06T00:00:00Z"),
        (" 2024-05-06T07:08:09Z ", "2024-05-06T07:08:09Z"),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_utc_timestamp(value: str | None, expected: str | None) -> None:
    assert utc_timestamp(value) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<link rel="canonical" href="https://ex.com/a">', "https://ex.com/a"),
        ("<LINK REL=Canonical HREF=http://ex.com/b>", "http://ex.com/b"),
        (
            "<link href='https://ex.com/c?x=1&amp;y=2' rel='alternate canonical'>",
            "https://ex.com/c?x=1&y=2",
        ),
        ('<link rel="canonical" href=" https://ex.com/d ">', "https://ex.com/d"),
        ('<meta property="og:url" content="https://ex.com/og">', "https://ex.com/og"),
        ('<meta name="og:url" content="https://ex.com/og2"/>', "https://ex.com/og2"),
        # A relative canonical is no use: og:url instead.
        (
            '<link rel="canonical" href="/rel"><meta property="og:url" content="https://ex.com/og">',
            "https://ex.com/og",
        ),
        # Canonical wins over og:url, wherever they are.
        (
            '<meta property="og:url" content="https://ex.com/og"><link rel="canonical" href="https://ex.com/c">',
            "https://ex.com/c",
        ),
        ('<link rel="canonical" href="ftp://ex.com/f">', None),
        ('<link rel="canonical" href="https:///nohost">', None),
        ('<link rel="stylesheet" href="https://ex.com/s.css">', None),
        ('<!-- <link rel="canonical" href="https://ex.com/commented"> -->', None),
        ("", None),
    ],
)
def test_page_url(head: str, expected: str | None) -> None:
    assert page_url(html_page("x", head)) == expected


def test_page_url_ignores_the_body() -> None:
    html = html_page('<link rel="canonical" href="https://ex.com/in-body">')
    assert page_url(html) is None


class TestWarc:
    """2xx HTML ``response`` records become pages; every other record is a named skip."""

    @pytest.fixture(params=[True, False], ids=["warc.gz", "warc"])
    def warc(self, request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, WarcBuilder]:
        path = tmp_path / ("crawl.warc.gz" if request.param else "crawl.warc")
        with WarcBuilder(path, gzip=request.param) as w:
            w.warcinfo()
            w.request("https://Example.com/a")
            w.response(
                "https://Example.com/%7Ea?q=a%20b&x=1#top",
                html_page("<p>Grüße €</p>").encode(),
                date="2024-05-06T07:08:09.123456Z",
            )
            w.metadata("https://Example.com/a")
            w.response(
                "https://example.com/missing", html_page("gone").encode(), status="404 Not Found"
            )
            w.response(
                "https://example.com/r",
                b"",
                status="301 Moved Permanently",
                headers=[("Location", "/a")],
            )
            w.response(
                "https://example.com/doc.pdf",
                b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
                content_type="application/pdf",
            )
            w.response(
                "https://example.com/latin1",
                html_page("Caf\xe9 cr\xe8me").encode("latin-1"),
                content_type="text/html; charset=ISO-8859-1",
            )
            w.response(
                "https://example.com/meta",
                html_page("Привет, мир", head='<meta charset="windows-1251">').encode("cp1251"),
                content_type="text/html",
            )
            w.response(
                "https://example.com/chunked",
                chunked(gzip.compress(html_page("chunked and gzipped").encode())),
                headers=[("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")],
            )
            w.response(
                "https://example.com/chunked-plain",
                chunked(html_page("only chunked").encode()),
                headers=[("Transfer-Encoding", "chunked")],
            )
            w.response("https://example.com/image", PNG_AS_HTML)
            w.response("https://example.com/empty", b"")
            w.revisit("https://example.com/a")
            w.dns("example.com")
            w.response(
                "https://example.com/xhtml",
                html_page("xhtml").encode(),
                content_type="application/xhtml+xml",
            )
            w.response(
                "https://example.com/untyped",
                html_page("no content type").encode(),
                content_type=None,
                date=None,
            )
            w.response("https://example.com/untyped.bin", b"GIF89a....", content_type=None)
        return path, w

    def test_pages_and_skips(self, warc: tuple[Path, WarcBuilder]) -> None:
        path, w = warc
        at = [f"{path}#{offset}" for offset in w.offsets]
        pages, skips = read(path)

        assert [(p.url, p.source) for p in pages] == [
            ("https://Example.com/%7Ea?q=a%20b&x=1#top", at[2]),
            ("https://example.com/latin1", at[7]),
            ("https://example.com/meta", at[8]),
            ("https://example.com/chunked", at[9]),
            ("https://example.com/chunked-plain", at[10]),
            ("https://example.com/xhtml", at[15]),
            ("https://example.com/untyped", at[16]),
        ]
        assert skips == [
            (at[0], "not_response"),
            (at[1], "not_response"),
            (at[3], "not_response"),
            (at[4], "http_404"),
            (at[5], "http_301"),
            (at[6], "not_html"),
            (at[11], "binary"),
            (at[12], "empty"),
            (at[13], "revisit"),
            (at[14], "not_http"),
            (at[17], "not_html"),
        ]
        text = {p.url.rsplit("/", 1)[1]: p.html for p in pages}
        assert "<p>Grüße €</p>" in text["%7Ea?q=a%20b&x=1#top"]
        assert "Café crème" in text["latin1"]
        assert "Привет, мир" in text["meta"]
        assert "<body>chunked and gzipped</body>" in text["chunked"]
        assert "<body>only chunked</body>" in text["chunked-plain"]
        assert pages[0].fetched_at == "2024-05-06T07:08:09Z"
        assert pages[1].fetched_at == "2024-05-06T07:08:09Z"

    def test_kind_is_read_from_content_not_name(self, tmp_path: Path) -> None:
        path = tmp_path / "archive.dat"
        with WarcBuilder(path) as w:
            w.response("https://example.com/", html_page("hi").encode())
        pages, skips = read(path)
        assert [p.source for p in pages] == [f"{path}#0"]
        assert skips == []

    def test_whole_file_gzip(self, tmp_path: Path) -> None:
        """A WARC gzipped as a whole (not per record) is read through a decompressing stream."""
        plain = tmp_path / "plain.warc"
        with WarcBuilder(plain, gzip=False) as w:
            w.request("https://example.com/1")
            for n in range(1, 4):
                w.response(f"https://example.com/{n}", html_page(f"page {n}").encode())
            w.response("https://example.com/404", b"", status="404 Not Found")
        whole = tmp_path / "whole.warc.gz"
        whole.write_bytes(gzip.compress(plain.read_bytes()))

        pages, skips = read(whole)

        assert [p.url for p in pages] == [f"https://example.com/{n}" for n in (1, 2, 3)]
        assert [p.source for p in pages] == [f"{whole}#{offset}" for offset in w.offsets[1:4]]
        assert skips == [(f"{whole}#0", "not_response"), (f"{whole}#{w.offsets[4]}", "http_404")]

    @pytest.mark.parametrize(
        ("compressed", "cut", "reason"),
        [
            (True, 5, "corrupt_warc"),
            (True, 200, "corrupt_warc"),
            (True, 1500, "truncated"),
            (False, 5, "corrupt_warc"),
            (False, 40, "corrupt_warc"),
            (False, 200, "corrupt_warc"),
            (False, 1500, "truncated"),
        ],
    )
    def test_truncated_warc_keeps_what_was_read(
        self, tmp_path: Path, compressed: bool, cut: int, reason: str
    ) -> None:
        """A crawl killed mid-write: the whole records are read, the cut one is reported."""
        path = tmp_path / "cut.warc"
        rng = random.Random(7)
        with WarcBuilder(path, gzip=compressed) as w:
            for n in range(3):
                words = "".join(rng.choices(string.ascii_letters + " ", k=3000))
                w.response(f"https://example.com/{n}", html_page(words).encode())
        assert w.offsets[2] + cut < path.stat().st_size
        path.write_bytes(path.read_bytes()[: w.offsets[2] + cut])

        pages, skips = read(path)

        assert [p.url for p in pages] == ["https://example.com/0", "https://example.com/1"]
        assert skips == [(f"{path}#{w.offsets[2]}", reason)]

    def test_streams_a_large_warc_gz(self, tmp_path: Path) -> None:
        path = tmp_path / "big.warc.gz"
        filler = "<p>" + "news text " * 1000 + "</p>"
        with WarcBuilder(path) as w:
            for n in range(300):
                w.response(f"https://example.com/{n}", html_page(f"{n}{filler}").encode())
        raw_size = 300 * len(filler)

        tracemalloc.start()
        try:
            pages = iter_stored_pages([path])
            first = next(pages)
            _, peak = tracemalloc.get_traced_memory()
            rest = sum(1 for _ in pages)
        finally:
            tracemalloc.stop()

        assert first.url == "https://example.com/0"
        assert rest == 299
        assert peak < raw_size / 10


class TestHtmlDirectory:
    """Files under a directory, recursively and in path order; the URL comes from the page."""

    def test_pages_urls_and_order(self, tmp_path: Path) -> None:
        root = tmp_path / "site"
        (root / "sub" / "deeper").mkdir(parents=True)
        (root / "a.html").write_text(
            html_page("canonical", '<link rel="canonical" href="https://example.com/a">'),
            encoding="utf-8",
        )
        (root / "sub" / "b.html.gz").write_bytes(
            gzip.compress(
                html_page("og", '<meta property="og:url" content="https://example.com/b">').encode()
            )
        )
        (root / "sub" / "deeper" / "c d.htm").write_bytes(
            html_page("caf\xe9", '<link rel="canonical" href="/relative">').encode("cp1252")
        )
        (root / "sub" / "e.HTM.gz").write_bytes(gzip.compress(html_page("upper").encode()))
        (root / "z.html").write_bytes(b"  \n")
        (root / "y.html").write_bytes(PNG_AS_HTML)
        (root / "notes.txt").write_text("not a page", encoding="utf-8")
        (root / "data.json").write_text('{"url": "x", "html": "y"}', encoding="utf-8")

        pages, skips = read(root)

        deeper = root / "sub" / "deeper" / "c d.htm"
        assert [(p.url, p.source) for p in pages] == [
            ("https://example.com/a", str(root / "a.html")),
            ("https://example.com/b", str(root / "sub" / "b.html.gz")),
            (deeper.resolve().as_uri(), str(deeper)),
            ((root / "sub" / "e.HTM.gz").resolve().as_uri(), str(root / "sub" / "e.HTM.gz")),
        ]
        assert pages[2].url.startswith("file:///") and pages[2].url.endswith("/c%20d.htm")
        assert "<body>café</body>" in pages[2].html
        assert all(p.fetched_at is None for p in pages)
        assert skips == [(str(root / "y.html"), "binary"), (str(root / "z.html"), "empty")]

    def test_corrupt_gzip_is_skipped(self, tmp_path: Path) -> None:
        (tmp_path / "bad.html.gz").write_bytes(gzip.compress(b"<html>" * 100)[:30])
        (tmp_path / "good.html").write_text(html_page("ok"), encoding="utf-8")
        pages, skips = read(tmp_path)
        assert [p.source for p in pages] == [str(tmp_path / "good.html")]
        assert skips == [(str(tmp_path / "bad.html.gz"), "corrupt_gzip")]

    def test_a_single_html_file_is_an_input_too(self, tmp_path: Path) -> None:
        path = tmp_path / "saved"
        path.write_text(
            html_page("x", '<link rel="canonical" href="http://ex.com/s">'), encoding="utf-8"
        )
        pages, _ = read(path)
        assert [(p.url, p.source) for p in pages] == [("http://ex.com/s", str(path))]


class TestJsonLines:
    """One object per line; a bad line is a skip with ``path:LINE``, never a crash."""

    LINES = (
        json.dumps({"url": "https://example.com/1", "html": html_page("one")}),
        '{"url": "https://example.com/broken", "html": ',
        json.dumps({"url": "https://example.com/no-html"}),
        json.dumps({"url": "https://example.com/int", "html": 123}),
        "",
        json.dumps(["https://example.com/list", "<p>x</p>"]),
        json.dumps({"url": 42, "html": "<p>x</p>"}),
        json.dumps({"html": "<p>x</p>"}),
        json.dumps(
            {
                "url": " https://example.com/2?b=1&a=2 ",
                "html": html_page("two"),
                "fetched_at": "2024-05-06T09:08:09+02:00",
            }
        ),
        json.dumps(
            {"url": "https://example.com/bad-date", "html": "<p>x</p>", "fetched_at": "soon"}
        ),
        json.dumps(
            {"url": "https://example.com/int-date", "html": "<p>x</p>", "fetched_at": 1714979289}
        ),
        json.dumps({"url": "https://example.com/empty", "html": ""}),
        json.dumps({"url": "https://example.com/nul", "html": "<p>\x00\x00</p>"}),
        json.dumps(
            {"url": "https://example.com/null-date", "html": html_page("three"), "fetched_at": None}
        ),
        "null",
        '"just a string"',
    )

    EXPECTED_SKIPS = (
        (2, "invalid_json"),
        (3, "missing_html"),
        (4, "html_not_a_string"),
        (6, "not_an_object"),
        (7, "url_not_a_string"),
        (8, "missing_url"),
        (10, "bad_fetched_at"),
        (11, "bad_fetched_at"),
        (12, "empty"),
        (13, "binary"),
        (15, "not_an_object"),
        (16, "not_an_object"),
    )

    @pytest.mark.parametrize("compressed", [False, True], ids=["jsonl", "jsonl.gz"])
    def test_pages_and_skips(self, tmp_path: Path, compressed: bool) -> None:
        data = ("\n".join(self.LINES) + "\n").encode()
        path = tmp_path / ("pages.jsonl.gz" if compressed else "pages.jsonl")
        path.write_bytes(gzip.compress(data) if compressed else data)

        pages, skips = read(path)

        assert pages == [
            StoredPage("https://example.com/1", html_page("one"), None, f"{path}:1"),
            StoredPage(
                " https://example.com/2?b=1&a=2 ",
                html_page("two"),
                "2024-05-06T07:08:09Z",
                f"{path}:9",
            ),
            StoredPage("https://example.com/null-date", html_page("three"), None, f"{path}:14"),
        ]
        assert skips == [(f"{path}:{line}", reason) for line, reason in self.EXPECTED_SKIPS]

    def test_invalid_utf8_line_is_skipped(self, tmp_path: Path) -> None:
        path = tmp_path / "pages.jsonl"
        path.write_bytes(
            b'{"url": "https://ex.com/a", "html": "caf\xe9"}\n'
            + json.dumps({"url": "https://ex.com/b", "html": "<p>b</p>"}).encode()
        )
        pages, skips = read(path)
        assert [p.url for p in pages] == ["https://ex.com/b"]
        assert skips == [(f"{path}:1", "invalid_json")]

    def test_streams(self, tmp_path: Path) -> None:
        path = tmp_path / "big.jsonl"
        filler = "<p>" + "news text " * 1000 + "</p>"
        with path.open("w", encoding="utf-8") as fh:
            for n in range(2000):
                fh.write(json.dumps({"url": f"https://example.com/{n}", "html": filler}) + "\n")

        tracemalloc.start()
        try:
            pages = iter_stored_pages([path])
            first = next(pages)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
            pages.close()

        assert first.source == f"{path}:1"
        assert peak < path.stat().st_size / 20


class TestInputs:
    """Inputs are checked before anything is read, in the order given."""

    def test_missing_input_fails_before_reading(self, tmp_path: Path) -> None:
        good = tmp_path / "pages.jsonl"
        good.write_text(json.dumps({"url": "u", "html": "<p>x</p>"}) + "\n", encoding="utf-8")
        seen: list[tuple[str, str]] = []
        with pytest.raises(InputError, match=r"no such file: .*nope\.warc"):
            iter_stored_pages(
                [good, tmp_path / "nope.warc"], on_skip=lambda *skip: seen.append(skip)
            )
        assert seen == []

    def test_unknown_kind(self, tmp_path: Path) -> None:
        path = tmp_path / "blob.bin"
        path.write_bytes(b"\x00\x01binary")
        with pytest.raises(InputError, match=r"blob\.bin: not a WARC, JSON Lines or HTML file"):
            iter_stored_pages([path])

    def test_broken_gzip_input(self, tmp_path: Path) -> None:
        path = tmp_path / "pages.jsonl.gz"
        path.write_bytes(b"\x1f\x8bnot really gzip")
        with pytest.raises(InputError, match=r"pages\.jsonl\.gz: cannot read"):
            iter_stored_pages([path])

    def test_inputs_are_read_in_order(self, tmp_path: Path) -> None:
        jsonl = tmp_path / "b.jsonl"
        jsonl.write_text(
            json.dumps({"url": "https://ex.com/j", "html": "<p>j</p>"}), encoding="utf-8"
        )
        warc = tmp_path / "a.warc.gz"
        with WarcBuilder(warc) as w:
            w.response("https://ex.com/w", html_page("w").encode())
        site = tmp_path / "site"
        site.mkdir()
        (site / "p.html").write_text(html_page("d"), encoding="utf-8")

        pages, _ = read(str(jsonl), site, warc)

        assert [p.source for p in pages] == [f"{jsonl}:1", str(site / "p.html"), f"{warc}#0"]

    def test_empty_files_by_name(self, tmp_path: Path) -> None:
        for name in ("empty.warc.gz", "empty.jsonl"):
            (tmp_path / name).write_bytes(b"")
        pages, skips = read(tmp_path / "empty.warc.gz", tmp_path / "empty.jsonl")
        assert (pages, skips) == ([], [])


def test_too_large_pages_are_skipped_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the size limit a page is skipped, whatever holds it; reading goes on after it."""
    monkeypatch.setattr("newscrawl.offline.decode.MAX_PAGE_BYTES", 1000)
    big, small = html_page("x" * 2000), html_page("small")
    warc = tmp_path / "a.warc.gz"
    with WarcBuilder(warc) as w:
        w.response("https://ex.com/big", big.encode())
        w.response("https://ex.com/small", small.encode())
    site = tmp_path / "site"
    site.mkdir()
    (site / "big.html.gz").write_bytes(gzip.compress(big.encode()))
    (site / "small.html").write_text(small, encoding="utf-8")
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text(
        json.dumps({"url": "https://ex.com/big", "html": big})
        + "\n"
        + json.dumps({"url": "https://ex.com/small", "html": small})
        + "\n",
        encoding="utf-8",
    )

    pages, skips = read(warc, site, jsonl)

    assert [p.source for p in pages] == [
        f"{warc}#{w.offsets[1]}",
        str(site / "small.html"),
        f"{jsonl}:2",
    ]
    assert skips == [
        (f"{warc}#0", "too_large"),
        (str(site / "big.html.gz"), "too_large"),
        (f"{jsonl}:1", "too_large"),
    ]
