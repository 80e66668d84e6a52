"""A robots.txt that answers with a server error means "crawl nothing here" (RFC 9309)."""

from __future__ import annotations

import json
import subprocess
import sys
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.support import loopback
from tests.support.article_site import article_html

HTML = "text/html; charset=utf-8"


def serve(robots_status: int) -> tuple[ThreadingHTTPServer, list[str]]:
    fetched: list[str] = []

    def respond(path: str) -> tuple[int, bytes, str]:
        fetched.append(path)
        if path == "/robots.txt":
            return robots_status, b"<html><body>Service unavailable</body></html>", HTML
        return 200, article_html(1).encode(), HTML

    return loopback.serve(respond), fetched


@pytest.mark.parametrize(("status", "fetched_article"), [(503, False), (500, False), (404, True)])
def test_robots_status_decides(tmp_path: Path, status: int, fetched_article: bool) -> None:
    server, fetched = serve(status)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/2025/10/01/story-about-the-harbour.html"
        output = tmp_path / "out.jsonl"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "newscrawl.cli",
                "crawl",
                url,
                "-o",
                str(output),
                "--workers",
                "0",
                "-s",
                "RETRY_TIMES=0",
                "-s",
                "AUTOTHROTTLE_ENABLED=False",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert ("/2025/10/01/story-about-the-harbour.html" in fetched) is fetched_article
    report = json.loads((tmp_path / "out.report.json").read_text(encoding="utf-8"))
    if not fetched_article:
        assert report["problems"]["ignored/IgnoreRequest"]["count"] >= 1
