"""Pipeline 5: only complete, typed articles go on; everything else is a counted drop.

Checks what a downstream reader relies on without looking: a headline, a body of real
length, ISO dates, lists where lists are promised. With a date window (``NEWSCRAWL_SINCE``,
``NEWSCRAWL_UNTIL``, both ``YYYY-MM-DD`` and inclusive), articles published outside it are
dropped as ``before_since`` / ``after_until``. The day compared is the publisher's
(``published_day``): an article of 31 October at 23:30 in New York is in a window that ends
on 31 October, though ``published`` (UTC) says 1 November.
"""

from __future__ import annotations

import re
from dataclasses import fields

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newscrawl.items import Article
from newscrawl.pipelines.drops import drop

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}Z)?$")
_LIST_FIELDS = frozenset(f.name for f in fields(Article) if f.type == "list[str]")


class ValidatePipeline:
    """Settings: ``NEWSCRAWL_MIN_WORDS`` (default 40), ``NEWSCRAWL_SINCE`` and
    ``NEWSCRAWL_UNTIL`` (``YYYY-MM-DD``)."""

    def __init__(
        self, stats: StatsCollector, min_words: int, since: str | None, until: str | None = None
    ) -> None:
        self.stats = stats
        self.min_words = min_words
        self.since = since
        self.until = until

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        since = _day_setting(crawler, "NEWSCRAWL_SINCE")
        until = _day_setting(crawler, "NEWSCRAWL_UNTIL")
        if since and until and until < since:
            raise ValueError(f"NEWSCRAWL_UNTIL ({until}) is before NEWSCRAWL_SINCE ({since})")
        min_words = crawler.settings.getint("NEWSCRAWL_MIN_WORDS", 40)
        return cls(crawler.stats, min_words, since, until)

    def process_item(self, item: object) -> object:
        if not isinstance(item, Article):
            raise drop(self.stats, "not_extracted", f"unexpected item {type(item).__name__}")
        adapter = ItemAdapter(item)
        url = adapter["url"]
        if not adapter["title"]:
            raise drop(self.stats, "no_title", url)
        if not adapter["text"].strip():
            raise drop(self.stats, "empty_body", url)
        if adapter["word_count"] < self.min_words:
            raise drop(self.stats, "too_short", f"{url} ({adapter['word_count']} words)")
        for name in ("published", "modified"):
            value = adapter[name]
            if value is not None and not _ISO.match(value):
                raise drop(self.stats, "bad_date", f"{url}: {name}={value!r}")
        for name in _LIST_FIELDS:
            value = adapter[name]
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise drop(self.stats, "bad_field", f"{url}: {name}={value!r}")
        published = adapter["published"]
        day = adapter["published_day"] or (published[:10] if published else None)
        if day and self.since and day < self.since:
            raise drop(self.stats, "before_since", f"{url} published {published}")
        if day and self.until and day > self.until:
            raise drop(self.stats, "after_until", f"{url} published {published}")
        return item


def _day_setting(crawler: Crawler, name: str) -> str | None:
    value = crawler.settings.get(name) or None
    if value is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"{name} must be a date YYYY-MM-DD, not {value!r}")
    return value
