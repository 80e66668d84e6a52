"""Pipeline 2: remove the boilerplate lines trafilatura leaves in (ad labels, share and
"Also read" lines, newsletter/comment/cookie prompts), then fingerprint the clean text."""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from newscrawl.items import Article
from newscrawl.normalize.text import clean_text, content_hash, word_count


class StripPipeline:
    """Setting ``NEWSCRAWL_EXTRA_BOILERPLATE``: exact lines to remove on every site."""

    def __init__(self, extra_boilerplate: list[str]) -> None:
        self.extra_boilerplate = tuple(extra_boilerplate)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StripPipeline:
        return cls(crawler.settings.getlist("NEWSCRAWL_EXTRA_BOILERPLATE"))

    def process_item(self, item: object) -> object:
        if not isinstance(item, Article):
            return item
        adapter = ItemAdapter(item)
        text = clean_text(
            adapter["text"], language=adapter["language"], extra_boilerplate=self.extra_boilerplate
        )
        adapter["text"] = text
        adapter["word_count"] = word_count(text)
        adapter["content_hash"] = content_hash(text)
        return item
