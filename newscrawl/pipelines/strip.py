"""Pipeline 2: remove the boilerplate lines trafilatura leaves in (ad labels, share and
"Also read" lines, newsletter/comment/cookie prompts), then fingerprint the clean text."""

from __future__ import annotations

from collections.abc import Iterable

from scrapy.crawler import Crawler

from newscrawl.items import Article
from newscrawl.normalize.text import clean_text, content_hash, word_count


def strip_article(article: Article, extra_boilerplate: Iterable[str] = ()) -> Article:
    """Clean ``article.text`` in place and set ``word_count`` and ``content_hash``."""
    article.text = clean_text(
        article.text, language=article.language, extra_boilerplate=extra_boilerplate
    )
    article.word_count = word_count(article.text)
    article.content_hash = content_hash(article.text)
    return article


class StripPipeline:
    """Setting ``NEWSCRAWL_EXTRA_BOILERPLATE``: exact lines to remove on every site."""

    def __init__(self, extra_boilerplate: list[str]) -> None:
        self.extra_boilerplate = tuple(extra_boilerplate)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StripPipeline:
        return cls(crawler.settings.getlist("NEWSCRAWL_EXTRA_BOILERPLATE"))

    def process_item(self, item: object) -> object:
        if isinstance(item, Article):
            strip_article(item, self.extra_boilerplate)
        return item
