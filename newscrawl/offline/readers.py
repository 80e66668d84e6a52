"""Read stored pages: WARC / WARC.gz files, directories of HTML files, JSON Lines files.

:func:`iter_stored_pages` checks every input first (a missing or unrecognisable one is an
:class:`InputError` before anything is read), then streams :class:`StoredPage` objects one
at a time: a WARC or JSON Lines file is never held in memory, gzipped ones included.

What is not a page is reported through ``on_skip(source, reason)`` and never raised, with one
of these reasons:

=====================  ==============================================================
``not_response``       a WARC record other than ``response`` (request, warcinfo, ...)
``revisit``            a WARC ``revisit`` record (no payload of its own)
``not_http``           a ``response`` record without HTTP headers (e.g. ``dns:``)
``http_<code>``        an HTTP status other than 2xx (``http_404``, ``http_301``)
``http_bad_status``    an HTTP status line without a three-digit code
``not_html``           a content type other than ``text/html`` / ``application/xhtml+xml``
``no_target_uri``      a response record without ``WARC-Target-URI``
``truncated``          a WARC record cut short by the end of the file
``corrupt_warc``       the rest of a WARC file could not be parsed (cut, garbled)
``corrupt_gzip``       a gzipped HTML or JSON Lines file that does not decompress
``unreadable``         a file in a directory that could not be opened
``empty``              an empty (or whitespace-only) body
``binary``             a body that is not text (NUL bytes, many control characters)
``too_large``          a body over ``decode.MAX_PAGE_BYTES`` (32 MiB)
``invalid_json``       a JSON Lines line that is not JSON
``not_an_object``      a JSON Lines line that is JSON but not an object
``missing_url``        no ``url``, or an empty one
``url_not_a_string``   ``url`` is not a string
``missing_html``       no ``html``
``html_not_a_string``  ``html`` is not a string
``bad_fetched_at``     ``fetched_at`` is not an ISO 8601 date-time string
=====================  ==============================================================
"""

from __future__ import annotations

import gzip
import html as html_entities
import itertools
import json
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newscrawl.offline import decode
from newscrawl.offline.decode import Unreadable, decode_html

OnSkip = Callable[[str, str], None]
"""``on_skip(source, reason)``: called for every record, file or line that is not a page."""

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
"""Files a directory input contributes (matched case-insensitively)."""

HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})

HEAD_SCAN_CHARS = 65536
"""How far into a page :func:`page_url` looks for ``<link rel=canonical>`` / ``og:url``."""

_GZIP_MAGIC = b"\x1f\x8b"
_SNIFF_BYTES = 512
_STREAM_ERRORS = (OSError, EOFError, zlib.error)
"""What reading a damaged (gzipped) stream raises; ``gzip.BadGzipFile`` is an OSError."""


@dataclass(frozen=True, slots=True)
class StoredPage:
    """One HTML page read from storage."""

    url: str
    html: str
    fetched_at: str | None
    """UTC ``YYYY-MM-DDTHH:MM:SSZ`` when the input records it (WARC, JSON Lines), else None."""
    source: str
    """Where it was read: ``file.warc.gz#offset``, a file path, or ``file.jsonl:LINE``."""


class InputError(Exception):
    """An input that cannot be read at all: missing, unreadable, or of an unknown kind."""


class Kind(Enum):
    """What an input is."""

    WARC = "warc"
    JSONL = "jsonl"
    HTML = "html"
    DIRECTORY = "directory"


def iter_stored_pages(
    inputs: Iterable[str | Path], *, on_skip: OnSkip | None = None
) -> Iterator[StoredPage]:
    """Check all ``inputs`` now, then return an iterator over their pages, in input order.

    Raises :class:`InputError` at call time, before any page is read, if an input is missing,
    unreadable or neither a WARC, a JSON Lines file, an HTML file nor a directory. Directories
    are walked recursively in sorted path order for ``.html``/``.htm`` (optionally ``.gz``).
    """
    checked = [(path, input_kind(path)) for path in map(Path, inputs)]
    return _iter_checked(checked, on_skip or _ignore_skip)


def input_kind(path: Path) -> Kind:
    """The kind of ``path``, by its first bytes (gzip or not), else by its name."""
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        return Kind.DIRECTORY
    if not path.is_file():
        raise InputError(f"{path}: not a regular file or a directory")
    try:
        head = _peek(path)
    except _STREAM_ERRORS as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc
    kind = _kind_from_content(head) or _kind_from_name(path.name)
    if kind is None:
        raise InputError(
            f"{path}: not a WARC, JSON Lines or HTML file "
            "(neither its first bytes nor its name tell)"
        )
    return kind


def _iter_checked(checked: list[tuple[Path, Kind]], on_skip: OnSkip) -> Iterator[StoredPage]:
    for path, kind in checked:
        yield from _READERS[kind](path, on_skip)


def _ignore_skip(source: str, reason: str) -> None:
    pass


def _peek(path: Path) -> bytes:
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if head.startswith(_GZIP_MAGIC):
        with gzip.open(path, "rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    return head


def _kind_from_content(head: bytes) -> Kind | None:
    if head.startswith(b"WARC/"):
        return Kind.WARC
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"{"):
        return Kind.JSONL
    if text.startswith(b"<"):
        return Kind.HTML
    return None


def _kind_from_name(name: str) -> Kind | None:
    name = name.lower().removesuffix(".gz")
    if name.endswith(".warc"):
        return Kind.WARC
    if name.endswith((".jsonl", ".ndjson")):
        return Kind.JSONL
    if name.endswith((".html", ".htm")):
        return Kind.HTML
    return None


def _open_maybe_gzip(path: Path) -> IO[bytes]:
    """Open ``path`` for streaming bytes, decompressing it if it starts with the gzip magic."""
    with path.open("rb") as fh:
        magic = fh.read(2)
    if magic == _GZIP_MAGIC:
        return gzip.open(path, "rb")
    return path.open("rb")


# --- WARC -------------------------------------------------------------------------------


def read_warc(path: Path, on_skip: OnSkip) -> Iterator[StoredPage]:
    """The HTML pages of the 2xx ``response`` records of a WARC file (gzipped or not).

    A WARC.gz should compress each record on its own; one gzipped as a whole is read too,
    through a decompressing stream (its offsets then count uncompressed bytes).
    """
    read = 0
    with path.open("rb") as fh:
        records = ArchiveIterator(fh)
        try:
            for source, entry in _warc_entries(records, str(path)):
                read += 1
                yield from _page_or_skip(source, entry, on_skip)
        except ArchiveLoadFailed as exc:
            if "non-chunked gzip" not in str(exc):
                on_skip(f"{path}#{records.offset}", "corrupt_warc")
                return
        except _STREAM_ERRORS:
            on_skip(f"{path}#{records.offset}", "corrupt_warc")
            return
        else:
            # warcio ends quietly at a record cut short: the bytes from there on were not read.
            if records.offset < os.fstat(fh.fileno()).st_size:
                on_skip(f"{path}#{records.offset}", "corrupt_warc")
            return
    yield from _read_whole_gzip_warc(path, read, on_skip)


def _read_whole_gzip_warc(path: Path, already_read: int, on_skip: OnSkip) -> Iterator[StoredPage]:
    """Go on reading a WARC gzipped as one member, after the records already read."""
    with gzip.open(path, "rb") as fh:
        records = ArchiveIterator(fh)
        try:
            entries = _warc_entries(records, str(path))
            for source, entry in itertools.islice(entries, already_read, None):
                yield from _page_or_skip(source, entry, on_skip)
        except (ArchiveLoadFailed, *_STREAM_ERRORS):
            on_skip(f"{path}#{records.offset}", "corrupt_warc")


def _warc_entries(records: ArchiveIterator, name: str) -> Iterator[tuple[str, StoredPage | str]]:
    """``(source, page)`` per record, or ``(source, skip reason)``."""
    for record in records:
        try:
            url, html, fetched_at = _warc_record_page(record)
        except Unreadable as exc:
            entry: tuple[str, str, str | None] | str = exc.reason
        else:
            entry = (url, html, fetched_at)
        source = f"{name}#{records.get_record_offset()}"  # reads the rest of the record
        if (damage := _record_damage(record)) is not None:
            yield source, damage
        elif isinstance(entry, str):
            yield source, entry
        else:
            yield source, StoredPage(*entry, source)


def _record_damage(record: Any) -> str | None:
    """``truncated`` if the file ended inside the record, ``corrupt_warc`` if its header is
    broken, else None. Call once the record has been read to its end."""
    if record.rec_type is None or record.length is None:
        return "corrupt_warc"
    if getattr(record.raw_stream, "limit", 0) > 0:
        return "truncated"
    return None


def _page_or_skip(source: str, entry: StoredPage | str, on_skip: OnSkip) -> Iterator[StoredPage]:
    if isinstance(entry, StoredPage):
        yield entry
    else:
        on_skip(source, entry)


def _warc_record_page(record: Any) -> tuple[str, str, str | None]:
    """``(url, html, fetched_at)`` of a WARC record, or :class:`Unreadable`."""
    if record.rec_type == "revisit":
        raise Unreadable("revisit")
    if record.rec_type != "response":
        raise Unreadable("not_response")
    http = record.http_headers
    if http is None:
        raise Unreadable("not_http")
    status = http.get_statuscode()
    if not (len(status) == 3 and status.isdigit()):
        raise Unreadable("http_bad_status")
    if not status.startswith("2"):
        raise Unreadable(f"http_{status}")
    content_type = http.get_header("Content-Type")
    media_type = content_type.split(";", 1)[0].strip().lower() if content_type else None
    if media_type is not None and media_type not in HTML_MEDIA_TYPES:
        raise Unreadable("not_html")
    url = record.rec_headers.get_header("WARC-Target-URI")
    if not url:
        raise Unreadable("no_target_uri")
    # content_stream() undoes chunked transfer-encoding and gzip/deflate/br content-encoding.
    body = record.content_stream().read(decode.MAX_PAGE_BYTES + 1)
    if media_type is None and not _starts_like_html(body):
        raise Unreadable("not_html")
    html = decode_html(body, content_type)
    return url, html, utc_timestamp(record.rec_headers.get_header("WARC-Date"))


_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)\b", re.I | re.S)


def _starts_like_html(body: bytes) -> bool:
    """For a response without a Content-Type: does the body open like an HTML document?"""
    return _HTML_START.match(body.removeprefix(b"\xef\xbb\xbf")[:4096]) is not None


# --- HTML files -------------------------------------------------------------------------


def read_html_directory(root: Path, on_skip: OnSkip) -> Iterator[StoredPage]:
    """The pages of the ``.html``/``.htm`` (optionally ``.gz``) files under ``root``."""
    for path in html_files(root):
        yield from read_html_file(path, on_skip)


def html_files(root: Path) -> list[Path]:
    """The HTML files under ``root``, recursively, sorted by path (symlinked dirs not followed)."""
    found = [
        Path(dirpath, name)
        for dirpath, _dirnames, filenames in os.walk(root)
        for name in filenames
        if name.lower().endswith(HTML_SUFFIXES)
    ]
    return sorted(found)


def read_html_file(path: Path, on_skip: OnSkip) -> Iterator[StoredPage]:
    """The page of one HTML file (gzipped or not); its URL is from the page, else ``file://``."""
    source = str(path)
    try:
        with _open_maybe_gzip(path) as fh:
            body = fh.read(decode.MAX_PAGE_BYTES + 1)
    except (EOFError, zlib.error, gzip.BadGzipFile):
        on_skip(source, "corrupt_gzip")
        return
    except OSError:
        on_skip(source, "unreadable")
        return
    try:
        html = decode_html(body)
    except Unreadable as exc:
        on_skip(source, exc.reason)
        return
    yield StoredPage(page_url(html) or path.resolve().as_uri(), html, None, source)


_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEAD_END = re.compile(r"</head\s*>", re.I)
_LINK_OR_META = re.compile(r"<(link|meta)\b([^>]*)>", re.I)
_ATTRIBUTE = re.compile(r"""([^\s"'=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def page_url(html: str) -> str | None:
    """The page's absolute http(s) ``<link rel="canonical">``, else its ``og:url``, else None.

    A cheap scan of the head (comments removed), not a parse of the document.
    """
    head = html[:HEAD_SCAN_CHARS]
    if end := _HEAD_END.search(head):
        head = head[: end.start()]
    head = _COMMENT.sub("", head)
    canonical = og_url = None
    for tag in _LINK_OR_META.finditer(head):
        attrs = _attributes(tag.group(2))
        if tag.group(1).lower() == "link":
            if canonical is None and "canonical" in attrs.get("rel", "").lower().split():
                canonical = _absolute_http_url(attrs.get("href"))
        elif og_url is None and "og:url" in (attrs.get("property"), attrs.get("name")):
            og_url = _absolute_http_url(attrs.get("content"))
    return canonical or og_url


def _attributes(text: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        name = match.group(1).lower()
        value = next((v for v in match.group(2, 3, 4) if v is not None), "")
        attrs.setdefault(name, html_entities.unescape(value))
    return attrs


def _absolute_http_url(value: str | None) -> str | None:
    if not value:
        return None
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


# --- JSON Lines -------------------------------------------------------------------------


def read_jsonl(path: Path, on_skip: OnSkip) -> Iterator[StoredPage]:
    """The pages of a JSON Lines file (gzipped or not) of ``{"url", "html"[, "fetched_at"]}``.

    Blank lines are ignored; a bad line is reported as ``path:LINE`` and reading goes on.
    """
    lineno = 0
    try:
        with _open_maybe_gzip(path) as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                source = f"{path}:{lineno}"
                try:
                    url, html, fetched_at = jsonl_record(line)
                except Unreadable as exc:
                    on_skip(source, exc.reason)
                    continue
                yield StoredPage(url, html, fetched_at, source)
    except (EOFError, zlib.error, gzip.BadGzipFile):
        on_skip(f"{path}:{lineno + 1}", "corrupt_gzip")


def jsonl_record(line: bytes | str) -> tuple[str, str, str | None]:
    """``(url, html, fetched_at)`` of one JSON Lines line, or :class:`Unreadable`."""
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError
        raise Unreadable("invalid_json") from exc
    if not isinstance(obj, dict):
        raise Unreadable("not_an_object")
    url = obj.get("url")
    if url is None or url == "":
        raise Unreadable("missing_url")
    if not isinstance(url, str):
        raise Unreadable("url_not_a_string")
    if "html" not in obj or obj["html"] is None:
        raise Unreadable("missing_html")
    if not isinstance(obj["html"], str):
        raise Unreadable("html_not_a_string")
    fetched_at = obj.get("fetched_at")
    if fetched_at is not None:
        fetched_at = utc_timestamp(fetched_at) if isinstance(fetched_at, str) else None
        if fetched_at is None:
            raise Unreadable("bad_fetched_at")
    return url, decode_html(obj["html"]), fetched_at


# --- shared -----------------------------------------------------------------------------


def utc_timestamp(value: str | None) -> str | None:
    """An ISO 8601 date-time as UTC ``YYYY-MM-DDTHH:MM:SSZ`` (naive means UTC), else None."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_READERS: dict[Kind, Callable[[Path, OnSkip], Iterator[StoredPage]]] = {
    Kind.WARC: read_warc,
    Kind.JSONL: read_jsonl,
    Kind.HTML: read_html_file,
    Kind.DIRECTORY: read_html_directory,
}
