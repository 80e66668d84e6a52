"""The per-page chain, in ``ITEM_PIPELINES`` order, as plain functions.

:func:`extract_clean` is everything CPU-heavy that one page needs and that depends on the page
alone: extraction, stripping the boilerplate lines trafilatura leaves in, and the text's
fingerprints. The extract pipeline runs it in the process pool, so the crawler process only
awaits results; the later pipelines (dates, bylines, validate, dedupe) are cheap, or need the
crawl's state, and run in the crawler process.

:func:`process_page` adds the dates and bylines steps of those later pipelines, calling the very
functions they call, so a score measured with it (benchmarks, quality gates) is the score of a
crawl. Validation and dedupe are left out: they decide whether a record is written, not what
it contains.
"""

from __future__ import annotations

from collections.abc import Iterable

from newscrawl.extraction.article import ExtractionOptions, extract_article
from newscrawl.items import Article, FetchedPage
from newscrawl.normalize.simhash import simhash_hex
from newscrawl.normalize.text import clean_text, content_hash, word_count
from newscrawl.pipelines.bylines import clean_article_authors
from newscrawl.pipelines.dates import normalize_article_dates


def strip_article(article: Article, extra_boilerplate: Iterable[str] = ()) -> Article:
    """Remove boilerplate lines from ``article.text`` (ad labels, share and "Also read"
    lines, newsletter/comment/cookie prompts) in place, then set ``word_count``,
    ``content_hash`` and ``simhash`` from the clean text."""
    article.text = clean_text(
        article.text, language=article.language, extra_boilerplate=extra_boilerplate
    )
    article.word_count = word_count(article.text)
    article.content_hash = content_hash(article.text)
    article.simhash = simhash_hex(article.text)
    return article


def extract_clean(page: FetchedPage, options: ExtractionOptions | None = None) -> Article:
    """Extract ``page`` and strip its text: the extract pipeline's job in a pool worker.

    Raises ``ExtractionError`` (with a countable ``reason``) when the page holds no article.
    """
    options = options or ExtractionOptions()
    boilerplate = options.extra_boilerplate
    if page.site_rules:
        boilerplate = (*boilerplate, *page.site_rules.boilerplate)
    return strip_article(extract_article(page, options), boilerplate)


def process_page(page: FetchedPage, options: ExtractionOptions | None = None) -> Article:
    """Extract and normalize one page as the pipelines do; raises ``ExtractionError``."""
    article = extract_clean(page, options)
    normalize_article_dates(article)
    return clean_article_authors(article)
