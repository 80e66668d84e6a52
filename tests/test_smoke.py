"""A fresh install imports every module and cleans one messy page end to end."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import newscrawl
from newscrawl.items import FetchedPage
from newscrawl.processing import process_page

FIXTURE = Path(__file__).parent / "fixtures" / "messy-article.html"


def test_every_module_imports() -> None:
    names = [m.name for m in pkgutil.walk_packages(newscrawl.__path__, "newscrawl.")]
    assert "newscrawl.spiders.news" in names and "newscrawl.extraction.article" in names
    for name in names:
        importlib.import_module(name)


def test_one_messy_page_comes_out_clean() -> None:
    page = FetchedPage(
        url="https://northbay-courier.example/transport/2025/10/31/tram-airport-opens",
        html=FIXTURE.read_text(encoding="utf-8"),
        fetched_at="2025-11-01T09:00:00Z",
    )
    article = process_page(page)
    assert article.title == "Tram line to the airport opens after six years"
    assert article.authors == ["Helen Marsh"]
    assert article.published == "2025-10-31T08:15:00Z"
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("The first passenger tram to the airport left")
    assert paragraphs[-1].startswith("Critics of the project said the final cost")
    for boilerplate in (
        "Advertisement",
        "Also read",
        "Share on Facebook",
        "cookies",
        "newsletter",
        "Dark Mode",
        "Logo",
        "comment",
        "©",
    ):
        assert boilerplate not in article.text, boilerplate
    assert 120 < article.word_count < 160
    assert len(article.content_hash) == 40
