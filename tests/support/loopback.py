"""A throwaway HTTP server on 127.0.0.1 for tests (one function answers every GET), and the
``newscrawl crawl`` command line run against it."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

NO_THROTTLE = ("-s", "AUTOTHROTTLE_ENABLED=False")
Respond = Callable[[str], tuple[int, bytes, str]]
"""Path → (status, body, content type)."""


def serve(respond: Respond) -> ThreadingHTTPServer:
    """Start a server in a daemon thread; ``shutdown()`` and ``server_close()`` stop it."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body, content_type = respond(self.path)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@contextmanager
def one_page_site(page: bytes) -> Iterator[str]:
    """A site that allows everything in robots.txt and answers ``page`` at every other path;
    yields its ``host:port``."""

    def respond(path: str) -> tuple[int, bytes, str]:
        if path == "/robots.txt":
            return 200, b"User-agent: *\nAllow: /\n", "text/plain; charset=utf-8"
        return 200, page, "text/html; charset=utf-8"

    server = serve(respond)
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def crawl_cli(*arguments: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``newscrawl crawl ARGUMENTS`` in a subprocess (no AutoThrottle: loopback is fast)."""
    return subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "crawl", *arguments, *NO_THROTTLE],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
