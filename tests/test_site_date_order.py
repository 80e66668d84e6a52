"""A site file's ``date_order`` decides how numeric dates of that site are read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.article_site import article_text
from tests.support.loopback import crawl_cli, one_page_site

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour bridge reopens after repairs</title><meta name="date" content="03/04/2025">
</head><body><article><h1>Harbour bridge reopens after repairs</h1>{body}</article></body></html>"""


@pytest.fixture
def site() -> Iterator[str]:
    body = "".join(f"<p>{p}</p>" for p in article_text(7))
    with one_page_site(PAGE.replace("{body}", body).encode()) as host:
        yield host


@pytest.mark.parametrize(("order", "published"), [("MDY", "2025-03-04"), ("DMY", "2025-04-03")])
def test_site_file_date_order(tmp_path: Path, site: str, order: str, published: str) -> None:
    site_file = tmp_path / "site.toml"
    site_file.write_text(
        f'name = "Harbour Test"\ndomains = ["{site}"]\n'
        f'start_urls = ["http://{site}/2025/03/bridge-reopens-after-repairs"]\n'
        f'language = "en"\ndate_order = "{order}"\nmax_depth = 0\n',
        encoding="utf-8",
    )
    output = tmp_path / "out.jsonl"
    result = crawl_cli(str(site_file), "-o", str(output), "--workers", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    (record,) = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert record["published_raw"] == "03/04/2025"
    assert record["published"] == published
