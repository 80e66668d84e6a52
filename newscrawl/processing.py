"""The per-page cleaning chain outside Scrapy, for benchmarks and quality gates.

It calls the very functions the item pipelines call, in ``ITEM_PIPELINES`` order (extract →
strip → dates → bylines), so a score measured here is the score of a crawl. Validation and
dedupe are left out: they decide whether a record is written, not what it contains.
"""

from __future__ import annotations

from newscrawl.extraction.article import ExtractionOptions, extract_article
from newscrawl.items import Article, FetchedPage
from newscrawl.pipelines.bylines import clean_article_authors
from newscrawl.pipelines.dates import normalize_article_dates
from newscrawl.pipelines.strip import strip_article


def process_page(page: FetchedPage, options: ExtractionOptions | None = None) -> Article:
    """Extract and normalize one page; raises ``ExtractionError`` like the extract pipeline."""
    article = extract_article(page, options)
    strip_article(article)
    normalize_article_dates(article)
    return clean_article_authors(article)
