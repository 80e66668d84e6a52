"""Serve the bundled demo sites on loopback, one ``ThreadingHTTPServer`` per site.

Each site directory is served as a static web root: ``/`` and ``/dir/`` map to
``index.html``, a directory without the trailing slash is redirected (301) to it, and any
other unknown path gets the site's ``404.html`` with status 404. ``expected.jsonl``, hidden
files and ``404.html`` itself are never served; a path with a ``..`` segment (also
percent-encoded) is refused with 404. Text responses have the ``@@ORIGIN@@`` placeholder
replaced by the site's origin (``http://127.0.0.1:PORT``) so sitemaps, feeds, robots.txt and
canonical links carry absolute URLs of the running server. Requests are not logged.

Run ``python -m newscrawl.demo.server`` to serve the sites in the foreground.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import unquote

from newscrawl.demo.expected import EXPECTED_FILE, SITES_DIR

HOST = "127.0.0.1"
ORIGIN_PLACEHOLDER = "@@ORIGIN@@"
NOT_FOUND_PAGE = "404.html"
INDEX_PAGE = "index.html"

_NEVER_SERVED = frozenset({EXPECTED_FILE, NOT_FOUND_PAGE})
_TEXT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}


@dataclass(slots=True)
class _Response:
    status: int
    content_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def _xml_type(text: str) -> str:
    """RSS, Atom or plain XML (sitemaps), decided by the root element."""
    head = text[:2048]
    if "<rss" in head:
        return "application/rss+xml"
    if "<feed" in head:
        return "application/atom+xml"
    return "application/xml"


class _SiteServer(ThreadingHTTPServer):
    """Serves one site directory; knows its own origin."""

    daemon_threads = True

    def __init__(self, root: Path, port: int = 0) -> None:
        super().__init__((HOST, port), _SiteHandler)
        self.root = root.resolve()
        self.origin = f"http://{HOST}:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        """Stay quiet when a client hangs up mid-response (crawlers do)."""

    def respond(self, raw_path: str) -> _Response:
        """The response for a request target such as ``/news/?page=2``."""
        try:
            return self._respond(raw_path)
        except (OSError, UnicodeDecodeError):  # e.g. a file name too long for the OS
            return self._not_found()

    def _respond(self, raw_path: str) -> _Response:
        target = raw_path.split("#", 1)[0]
        raw, _, query = target.partition("?")
        path = unquote(raw)
        if not path.startswith("/") or "\\" in path or "\0" in path:
            return self._not_found()
        parts = path[1:].split("/")
        # Empty segments are only allowed as the trailing one ("/dir/").
        if any(not p or p.startswith(".") for p in parts[:-1]) or parts[-1].startswith("."):
            return self._not_found()
        file = self.root.joinpath(*parts)
        if path.endswith("/"):
            file = file / INDEX_PAGE
        elif file.is_dir():
            if (file / INDEX_PAGE).is_file():
                location = raw + "/" + (f"?{query}" if query else "")
                return _Response(301, headers={"Location": location})
            return self._not_found()
        if file.name in _NEVER_SERVED or not file.is_file():
            return self._not_found()
        if not file.resolve().is_relative_to(self.root):
            return self._not_found()
        return self._file(file)

    def _file(self, file: Path, status: int = 200) -> _Response:
        data = file.read_bytes()
        suffix = file.suffix.lower()
        if suffix not in _TEXT_TYPES and suffix != ".xml":
            return _Response(status, "application/octet-stream", data)
        text = data.decode("utf-8").replace(ORIGIN_PLACEHOLDER, self.origin)
        content_type = _TEXT_TYPES.get(suffix) or _xml_type(text)
        return _Response(status, content_type, text.encode("utf-8"))

    def _not_found(self) -> _Response:
        page = self.root / NOT_FOUND_PAGE
        if page.is_file():
            return self._file(page, status=404)
        return _Response(404, body=b"404 Not Found\n")


class _SiteHandler(BaseHTTPRequestHandler):
    server: _SiteServer
    server_version = "NewscrawlDemo/1.0"
    protocol_version = "HTTP/1.1"
    timeout = 30
    """Seconds an idle keep-alive connection may hold its thread."""

    def do_GET(self) -> None:
        self._send(head_only=False)

    def do_HEAD(self) -> None:
        self._send(head_only=True)

    def _send(self, *, head_only: bool) -> None:
        response = self.server.respond(self.path)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head_only:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:
        """No line on stderr per request."""


def _default_slugs(sites_dir: Path) -> list[str]:
    return sorted(p.parent.name for p in sites_dir.glob(f"*/{INDEX_PAGE}"))


class DemoServer:
    """The demo sites, each on its own loopback port, served from daemon threads.

    Use as a context manager (``with DemoServer() as demo: demo.url("slug", "/")``) or call
    :meth:`start` and :meth:`stop`. ``origins`` maps each slug to ``http://127.0.0.1:PORT``
    while the server runs. ``base_port`` 0 (the default) lets the OS pick free ports;
    otherwise the sites get consecutive ports from ``base_port`` in slug order.
    """

    def __init__(
        self,
        sites_dir: Path = SITES_DIR,
        slugs: list[str] | None = None,
        base_port: int = 0,
    ) -> None:
        self.sites_dir = Path(sites_dir)
        self.slugs = list(slugs) if slugs is not None else _default_slugs(self.sites_dir)
        self.base_port = base_port
        self.origins: dict[str, str] = {}
        self._running: list[tuple[_SiteServer, threading.Thread]] = []

    def start(self) -> Self:
        """Bind every site and start serving; returns ``self``."""
        if self._running:
            raise RuntimeError("DemoServer is already running")
        try:
            for i, slug in enumerate(self.slugs):
                root = self.sites_dir / slug
                if not (root / INDEX_PAGE).is_file():
                    raise FileNotFoundError(f"no demo site at {root}")
                port = self.base_port + i if self.base_port else 0
                server = _SiteServer(root, port)
                thread = threading.Thread(
                    target=server.serve_forever,
                    kwargs={"poll_interval": 0.1},
                    name=f"demo-site-{slug}",
                    daemon=True,
                )
                self._running.append((server, thread))
                thread.start()
                self.origins[slug] = server.origin
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop serving and release the ports (safe to call twice)."""
        for server, thread in self._running:
            if thread.is_alive():
                server.shutdown()
                thread.join()
            server.server_close()
        self._running.clear()
        self.origins.clear()

    def url(self, slug: str, path: str = "/") -> str:
        """Absolute URL of ``path`` (root-relative) on site ``slug``."""
        try:
            origin = self.origins[slug]
        except KeyError:
            raise KeyError(f"site {slug!r} is not being served (started? slug?)") from None
        return origin + (path if path.startswith("/") else "/" + path)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """Serve the demo sites until Ctrl-C, printing ``slug origin`` per site."""
    parser = argparse.ArgumentParser(
        prog="python -m newscrawl.demo.server", description="Serve the demo news sites."
    )
    parser.add_argument(
        "--port", type=int, default=0, help="first port (sites use consecutive ports); 0 = any"
    )
    args = parser.parse_args(argv)
    with DemoServer(base_port=args.port) as demo:
        for slug, origin in demo.origins.items():
            print(f"{slug}\t{origin}/", flush=True)
        print("Serving; press Ctrl-C to stop.", file=sys.stderr, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
