"""The two items that flow through newscrawl.

Discovery (spiders) yields a :class:`FetchedPage`: the raw HTML and what the crawl learned
about the page before parsing it (feed/sitemap hints). The extract pipeline turns it into an
:class:`Article`, the record that later pipelines normalize, validate and dedupe and that the
feed exporter writes. Keeping them apart means the CPU-heavy HTML never reaches an exporter,
and an ``Article`` never carries half-parsed state.

Both are dataclasses so that itemadapter handles them and they pickle cheaply into the
extraction process pool.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newscrawl.extraction.siterules import SiteRules


@dataclass(slots=True)
class FetchedPage:
    """A page as fetched (or read from storage), before extraction."""

    url: str
    html: str
    fetched_at: str
    """UTC ISO 8601 time of the fetch (``...Z``)."""
    final_url: str | None = None
    """URL after redirects, when different from ``url``."""
    hints: dict[str, str] = field(default_factory=dict)
    """What discovery saw: ``published`` (feed/sitemap date), ``title`` (feed title),
    ``language`` (site file), ``site_name``, ``date_order`` (e.g. ``DMY``)."""
    site_rules: SiteRules | None = None
    """The site file's extraction rules (elements to remove, boilerplate lines)."""


@dataclass(slots=True)
class Article:
    """One clean article: the JSON Lines record (see ``schema/article.schema.json``)."""

    id: str
    url: str
    canonical_url: str
    site: str
    fetched_at: str
    title: str | None = None
    site_name: str | None = None
    authors: list[str] = field(default_factory=list)
    byline_raw: str | None = None
    published: str | None = None
    published_day: str | None = None
    """The calendar day of publication where the publisher is (``YYYY-MM-DD``): the day the
    source wrote, before its time was converted to UTC for ``published``."""
    published_raw: str | None = None
    modified: str | None = None
    modified_raw: str | None = None
    language: str | None = None
    """ISO 639-1 code."""
    locale: str | None = None
    """The language tag as declared (``en-US``): decides day/month order of dates."""
    description: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    text: str = ""
    word_count: int = 0
    content_hash: str = ""
    simhash: str = ""
    """64-bit SimHash of the text's word 3-grams as 16 hex digits: texts whose fingerprints
    differ in few bits (popcount of the XOR) are near-duplicates, across runs and sites too."""
    near_duplicate_of: str | None = None
    """Id of an earlier article of the run with nearly the same text (a republished wire
    story), or null."""
