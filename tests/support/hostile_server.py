"""A hostile news server on 127.0.0.1: every way a server can hurt a crawler, plus good pages.

:class:`HostileServer` serves, on one port (port 0: the OS picks), in daemon threads:

* good article pages (``GOOD``), which must all reach the output;
* one resource per hostile behaviour (``HOSTILE``: path → what it does), each of which must
  be listed with its reason in the run report: 500s, 503 with ``Retry-After`` (seconds and
  HTTP date), 429, 404/410, a server that never answers, a slow drip, a connection reset, a
  redirect loop, a gzip bomb, 50 MB pages (with and without ``Content-Length``), random bytes
  served as ``text/html``, an empty body, a page disallowed by robots.txt;
* pages that recover (``RECOVERING``): a 503 and a 429 with ``Retry-After: 1`` before the
  article, to check that retries wait as asked and still deliver the page;
* pages served with a wrong declared charset (``WRONG_CHARSET``), which must come out
  readable;
* ``/robots.txt`` (a ``Disallow`` and a ``Sitemap:`` line) and ``/sitemap.xml`` listing
  every page above.

Every request is logged with its time (``hits``), so tests can check when retries came.
"""

from __future__ import annotations

import contextlib
import os
import random
import socket
import struct
import subprocess
import threading
import time
import zlib
from collections.abc import Callable
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

HTML = "text/html; charset=utf-8"
BIG_PAGE_BYTES = 50 * 1024 * 1024
BOMB_INFLATED_BYTES = 1024 * 1024 * 1024  # 1 GiB of zeros, about 1 MB on the wire

_WORDS = [
    "council",
    "harbour",
    "budget",
    "river",
    "school",
    "bridge",
    "festival",
    "market",
    "election",
    "museum",
    "railway",
    "weather",
    "farmers",
    "library",
    "hospital",
    "workers",
    "teachers",
    "ferry",
    "tourism",
    "mayor",
    "police",
    "court",
    "station",
    "village",
    "energy",
    "housing",
    "water",
    "forest",
    "garden",
    "theatre",
    "factory",
]


def article_html(title: str, seed: int, *, charset: str = "utf-8", extra: str = "") -> str:
    """An article page with a headline, a date, a byline and four paragraphs of prose."""
    rng = random.Random(seed)
    paragraphs = []
    for _ in range(4):
        words = [rng.choice(_WORDS) for _ in range(45)]
        paragraphs.append(f"<p>{' '.join(words).capitalize()}.{extra}</p>")
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="{charset}"><title>{title} | '
        f'Hostile Herald</title><meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="2025-03-0{seed % 9 + 1}T08:00:00Z">'
        f'</head><body><article><h1>{title}</h1><p class="byline">By Ana Lima</p>'
        f"{''.join(paragraphs)}</article></body></html>"
    )


def _gzip_bomb(inflated: int) -> bytes:
    """A gzip stream of ``inflated`` zero bytes (a multiple of 1 MiB), about 1000 times
    smaller. After a full flush, every 1 MiB of zeros compresses to the same bytes, so the
    stream is one block repeated rather than 1 GiB actually compressed."""
    chunk, count = bytes(1 << 20), inflated >> 20
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    last = compressor.compress(chunk) + compressor.flush()
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    trailer = struct.pack("<II", crc, inflated & 0xFFFFFFFF)
    return first + repeated * (count - 2) + last[:-8] + trailer


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        self.server.record(self.path)
        handler = self.server.routes.get(self.path.split("?", 1)[0])
        if handler is None:
            self.send_body(b"<html><body>not found</body></html>", status=404)
        else:
            handler(self)

    def send_body(
        self,
        body: bytes,
        *,
        status: int = 200,
        content_type: str = HTML,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def finish(self) -> None:
        with contextlib.suppress(OSError):  # the reset resource closed the socket itself
            super().finish()

    def log_message(self, format: str, *args: object) -> None:
        pass


Route = Callable[[_Handler], None]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = {}
        self.hits: list[tuple[str, float]] = []
        self._lock = threading.Lock()
        self.stopping = threading.Event()

    def record(self, path: str) -> None:
        with self._lock:
            self.hits.append((path, time.monotonic()))


class HostileServer:
    """See the module docstring. Use as a context manager; ``url(path)`` gives full URLs."""

    GOOD: ClassVar[list[str]] = [f"/2025/03/good-story-number-{n}" for n in range(1, 6)]
    RECOVERING: ClassVar[list[str]] = [
        "/2025/03/busy-then-fine-503-retry-after",
        "/2025/03/rate-limited-then-fine-429",
    ]
    WRONG_CHARSET: ClassVar[list[str]] = [
        "/2025/03/cp1252-page-declared-as-utf8",
        "/2025/03/utf8-page-declared-as-latin1",
    ]
    DISALLOWED = "/private/2025/03/robots-disallowed-story"
    HOSTILE: ClassVar[dict[str, str]] = {
        "/2025/03/always-500-internal-error": "http/500",
        "/2025/03/always-503-retry-after-date": "http/503",
        "/2025/03/always-429-too-many": "http/429",
        "/2025/03/missing-404-story": "http/404",
        "/2025/03/removed-410-story": "http/410",
        "/2025/03/never-answers-timeout": "download/DownloadTimeoutError",
        "/2025/03/slow-drip-one-byte": "download/DownloadTimeoutError",
        "/2025/03/connection-reset-by-peer": "download/DownloadFailedError",
        "/2025/03/redirect-loop-a": "redirect/loop",
        "/2025/03/gzip-bomb-content-encoding": "too_large",
        "/2025/03/fifty-megabytes-with-length": "download/DownloadCancelledError",
        "/2025/03/fifty-megabytes-streamed": "download/DownloadCancelledError",
        "/2025/03/random-bytes-as-html": "dropped/binary_body",
        "/2025/03/empty-body-200": "dropped/binary_body",
        DISALLOWED: "ignored/IgnoreRequest",
    }
    """Hostile resource → the beginning of the problem kind the run report files it under."""

    def __init__(self) -> None:
        self.server = _Server()
        self._thread: threading.Thread | None = None
        self._bomb = _gzip_bomb(BOMB_INFLATED_BYTES)
        self._build()

    def __enter__(self) -> HostileServer:
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[float]:
        """Times (``time.monotonic()``) at which ``path`` was requested."""
        return [when for hit, when in list(self.server.hits) if hit.split("?")[0] == path]

    # -- resources -----------------------------------------------------------------------

    def _build(self) -> None:
        routes = self.server.routes
        for n, path in enumerate(self.GOOD):
            routes[path] = self._static(article_html(f"Good story number {n + 1}", n).encode())

        routes["/robots.txt"] = self._static(
            f"User-agent: *\nDisallow: /private/\nSitemap: {self.base}/sitemap.xml\n".encode(),
            "text/plain",
        )
        every = [*self.GOOD, *self.RECOVERING, *self.WRONG_CHARSET, *self.HOSTILE]
        locs = "".join(f"<url><loc>{self.base}{path}</loc></url>" for path in every)
        routes["/sitemap.xml"] = self._static(
            (
                '<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
            ).encode(),
            "application/xml",
        )

        busy, limited = self.RECOVERING
        routes[busy] = self._fails_then_serves(busy, 503, 2, article_html("Busy then fine", 11))
        routes[limited] = self._fails_then_serves(
            limited, 429, 1, article_html("Rate limited then fine", 12)
        )
        cp1252, latin1 = self.WRONG_CHARSET
        french = " Élise a visité le musée près du café, où l'été dernier tout a changé."
        routes[cp1252] = self._static(
            article_html("Café crème à l'été", 13, charset="windows-1252", extra=french).encode(
                "cp1252"
            ),
            "text/html; charset=utf-8",
        )
        routes[latin1] = self._static(
            article_html("Noël à la crèche", 14, extra=french).encode("utf-8"),
            "text/html; charset=iso-8859-1",
        )

        hostile = list(self.HOSTILE)
        routes[hostile[0]] = lambda h: h.send_body(b"<h1>Internal Server Error</h1>", status=500)
        routes[hostile[1]] = lambda h: h.send_body(
            b"busy",
            status=503,
            headers={"Retry-After": formatdate(time.time() + 1, usegmt=True)},
        )
        routes[hostile[2]] = lambda h: h.send_body(
            b"slow down", status=429, headers={"Retry-After": "1"}
        )
        routes[hostile[3]] = lambda h: h.send_body(b"<h1>Not Found</h1>", status=404)
        routes[hostile[4]] = lambda h: h.send_body(b"<h1>Gone</h1>", status=410)
        routes[hostile[5]] = self._never_answer
        routes[hostile[6]] = self._drip
        routes[hostile[7]] = self._reset
        routes[hostile[8]] = self._redirect(hostile[8].replace("-a", "-b"))
        routes[hostile[8].replace("-a", "-b")] = self._redirect(hostile[8])
        routes[hostile[9]] = lambda h: h.send_body(self._bomb, headers={"Content-Encoding": "gzip"})
        routes[hostile[10]] = self._big(with_length=True)
        routes[hostile[11]] = self._big(with_length=False)
        routes[hostile[12]] = self._static(random.Random(5).randbytes(300_000))
        routes[hostile[13]] = self._static(b"")
        routes[self.DISALLOWED] = self._static(article_html("Disallowed story", 15).encode())

    @staticmethod
    def _static(body: bytes, content_type: str = HTML) -> Route:
        return lambda handler: handler.send_body(body, content_type=content_type)

    def _fails_then_serves(self, path: str, status: int, failures: int, html: str) -> Route:
        def route(handler: _Handler) -> None:
            if len(self.hits(path)) <= failures:
                handler.send_body(b"try later", status=status, headers={"Retry-After": "1"})
            else:
                handler.send_body(html.encode())

        return route

    @staticmethod
    def _redirect(location: str) -> Route:
        return lambda handler: handler.send_body(b"", status=302, headers={"Location": location})

    def _never_answer(self, handler: _Handler) -> None:
        self.server.stopping.wait(30)

    def _drip(self, handler: _Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", HTML)
        handler.end_headers()
        for _ in range(60):
            if self.server.stopping.wait(0.5):
                return
            try:
                handler.wfile.write(b"<p>.")
                handler.wfile.flush()
            except OSError:
                return

    @staticmethod
    def _reset(handler: _Handler) -> None:
        # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()

    @staticmethod
    def _big(*, with_length: bool) -> Route:
        chunk = (b"<p>" + b"filler words in a giant page " * 2000 + b"</p>\n")[: 64 * 1024]

        def route(handler: _Handler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", HTML)
            if with_length:
                handler.send_header("Content-Length", str(BIG_PAGE_BYTES))
            handler.end_headers()
            try:
                handler.wfile.write(b"<html><body>")
                for _ in range(BIG_PAGE_BYTES // len(chunk)):
                    handler.wfile.write(chunk)
            except OSError:  # the crawler hung up, as it should
                return

        return route


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def tree_rss(pid: int) -> int:
    """Resident memory in bytes of ``pid`` and all its descendants (Linux ``/proc``)."""
    children, total, todo = _children(), 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
    return total


def run_measured(
    command: list[str], cwd: str | os.PathLike[str], timeout: float
) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run ``command`` and sample the RSS of its process tree every 50 ms: (result, peak)."""
    peak = 0
    with subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.05):
                peak = max(peak, tree_rss(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        finally:
            done.set()
            sampler.join()
            if process.poll() is None:
                process.kill()
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr), peak
