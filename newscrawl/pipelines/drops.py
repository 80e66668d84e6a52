"""Counted drops: every item a pipeline refuses is a stats counter with a named reason.

Scrapy counts drops only by exception class (``item_dropped_reasons_count/DropItem``); a run
report needs to say *why* (``not_article``, ``empty_body``, ``duplicate_url``...).
"""

from __future__ import annotations

from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

DROPPED_PREFIX = "newscrawl/dropped/"

# Expected outcomes of a crawl (listing pages, duplicates) are not worth a warning each.
QUIET_REASONS = frozenset(
    {"not_article", "duplicate_url", "duplicate_content", "unchanged", "before_since"}
)


def drop(stats: StatsCollector | None, reason: str, detail: str) -> DropItem:
    """Count ``reason`` and return the exception to raise."""
    if stats is not None:
        stats.inc_value(f"{DROPPED_PREFIX}{reason}")
    level = "DEBUG" if reason in QUIET_REASONS else "WARNING"
    return DropItem(f"{reason}: {detail}", log_level=level)
