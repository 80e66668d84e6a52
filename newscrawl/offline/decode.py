"""The one input gate for stored pages: a body (bytes or text) in, HTML text out.

Every input kind (WARC record, HTML file, JSON Lines ``html`` field) goes through
:func:`decode_html`, so a page is decoded, and rejected, the same way wherever it was stored.
A rejection is an :class:`Unreadable` carrying a named ``reason`` that the caller counts.
"""

from __future__ import annotations

import re

from w3lib.encoding import html_to_unicode

MAX_PAGE_BYTES = 32 * 1024 * 1024
"""A page larger than this is ``too_large`` (Scrapy's ``DOWNLOAD_WARNSIZE``); readers read at
most one byte more, so a huge record or a gzip bomb never gets into memory whole."""

BINARY_SAMPLE_CHARS = 8192
"""How much of the decoded text :func:`looks_binary` inspects."""

MAX_CONTROL_RATIO = 0.05
"""Share of C0 control characters (other than whitespace) above which text is binary.

Real HTML has next to none; random bytes decoded as cp1252 or UTF-8 have about 11%."""

_NOT_SPACE = re.compile(r"\S")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class Unreadable(Exception):
    """A stored body that is not a readable HTML page; ``reason`` names why (``empty``, ...)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def decode_html(body: bytes | str, content_type: str | None = None) -> str:
    """Return the HTML text of ``body``, or raise :class:`Unreadable` (``empty``, ``binary``,
    ``too_large``: over :data:`MAX_PAGE_BYTES` bytes, or characters for text).

    Bytes are decoded with the charset of ``content_type`` (the HTTP header), else the one
    declared in the page (BOM, ``<meta charset>``, ``http-equiv``), else UTF-8 if the body is
    valid UTF-8, else cp1252 with replacement characters. Text is taken as it is.
    """
    if len(body) > MAX_PAGE_BYTES:
        raise Unreadable("too_large")
    if isinstance(body, bytes):
        _, text = html_to_unicode(content_type, body, auto_detect_fun=utf8_or_cp1252)
    else:
        text = body.removeprefix("\ufeff")
    if _NOT_SPACE.search(text) is None:
        raise Unreadable("empty")
    if looks_binary(text):
        raise Unreadable("binary")
    return text


def looks_binary(text: str) -> bool:
    """Whether decoded ``text`` is really a binary file: it has a NUL or many control chars."""
    sample = text[:BINARY_SAMPLE_CHARS]
    if "\x00" in sample:
        return True
    return len(_CONTROL.findall(sample)) > MAX_CONTROL_RATIO * len(sample)


def utf8_or_cp1252(body: bytes) -> str:
    """The fallback when nothing declares a charset: UTF-8 if it decodes, else cp1252."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"
