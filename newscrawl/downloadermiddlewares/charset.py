"""Read an HTML page in the encoding its bytes are actually in.

Scrapy trusts the ``Content-Type`` charset first. When a server declares one encoding and
sends another, the page comes out as mojibake (UTF-8 read as Latin-1: ``NoÃ«l``) or full of
U+FFFD (Windows-1252 read as UTF-8), which extraction then drops as binary. Two checks,
cheap enough for every page, catch the common cases without guessing:

* declared anything but UTF-8, but the body is valid UTF-8 and not plain ASCII: it is UTF-8
  (text in a legacy encoding almost never happens to be valid UTF-8);
* declared UTF-8, but the body is not valid UTF-8: the page's own ``<meta charset>`` if that
  decodes the body cleanly, else Windows-1252 if that does (what browsers fall back to).

A body with NUL bytes is binary and left alone, and so is one that no candidate decodes
cleanly. Each repair counts ``newscrawl/charset/repaired`` and is listed in the run report
(``charset/repaired``) with the declared and the used encoding.
"""

from __future__ import annotations

import codecs
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from w3lib.encoding import html_body_declared_encoding, resolve_encoding

from newscrawl.downloadermiddlewares._report import find_run_report

UTF8 = "utf-8"
FALLBACK = "cp1252"
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _is_utf8(encoding: str | None) -> bool:
    return bool(encoding) and codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")


def repaired_encoding(body: bytes, declared: str) -> str | None:
    """The encoding to read ``body`` with instead of ``declared``; ``None``: keep it."""
    if not body or body.startswith(_BOMS) or b"\x00" in body:
        return None
    if not _is_utf8(declared):
        if codecs.lookup(declared).name.startswith("utf-16"):
            return None
        return UTF8 if not body.isascii() and _decodes(body, UTF8) else None
    if _decodes(body, UTF8):
        return None
    meta = resolve_encoding(html_body_declared_encoding(body) or "")
    for candidate in (meta, FALLBACK):
        if candidate and not _is_utf8(candidate) and _decodes(body, candidate):
            return candidate
    return None


class CharsetRepairMiddleware:
    """See the module docstring."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.report = find_run_report(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, HtmlResponse):
            return response
        try:
            declared = response.encoding
            if _is_utf8(declared) and "\ufffd" not in response.text:
                # The common case, valid UTF-8 as declared, told from the text the spider
                # reads anyway (decoded once, invalid bytes replaced by U+FFFD), not from a
                # second decoding of the body (0.3 ms a real page).
                return response
            encoding = repaired_encoding(response.body, declared)
        except LookupError:
            return response
        if encoding is None:
            return response
        self.crawler.stats.inc_value("newscrawl/charset/repaired")
        if self.report is not None:
            self.report.note(
                "charset/repaired", response.url, f"declared {declared}, read as {encoding}"
            )
        return response.replace(encoding=encoding)
