"""The page's raw publication date: which of the dates a page states is its own.

What is declared comes first (JSON-LD, ``article:published_time``, microdata, ``<meta>``: the
first one the dates pipeline can read), after :func:`~newscrawl.extraction.pubdate.settle_published`
has set aside declared dates that say less than they seem. A page that declares only
unreadable dates keeps its own value, for the dates pipeline to reject and count: a guess
from elsewhere would pass for the page's word. A page that declares nothing: the date it
labels ("Datum 28.04.2023"), the date line under the headline, htmldate's reading of the
page (visible dates, the URL), then what the feed or sitemap entry said. The value stays raw:
the dates pipeline normalizes it.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

import htmldate.extractors
from htmldate import find_date
from lxml.html import HtmlElement

from newscrawl.extraction.datelabel import date_after_headline, labelled_date
from newscrawl.extraction.metadata import PageMetadata
from newscrawl.extraction.pubdate import settle_published
from newscrawl.normalize.dates import (
    DATEPARSER_LOCK,
    DETECTION_LANGUAGES,
    DateRejected,
    normalize_date,
)
from newscrawl.normalize.urls import original_url

if TYPE_CHECKING:
    from dateparser import DateDataParser

__all__ = ["fetch_time", "first_readable_date", "raw_published"]


def raw_published(
    tree: HtmlElement,
    meta: PageMetadata,
    headline: HtmlElement | None,
    url: str,
    fetched: datetime | None,
    language: str | None,
    hint: str | None = None,
) -> str | None:
    """The page's publication date as it states it (see the module's docstring); ``hint``
    is the feed's or sitemap's date for the page. Read before the byline is removed: "By X |
    12/10/2020" is where many pages state it."""
    settle_published(tree, meta, headline, fetched, language)
    published = first_readable_date(meta.published, fetched, language)
    if published is None and meta.published:
        return meta.published[0]
    if published is None:
        return (
            labelled_date(tree)
            or _header_date(headline, fetched, language)
            or _page_date(tree, url, fetched)
            or hint
        )
    return published


def fetch_time(fetched_at: str) -> datetime | None:
    """``FetchedPage.fetched_at`` as a datetime (None if malformed: then no date is read)."""
    try:
        return datetime.fromisoformat(fetched_at)
    except ValueError:
        return None


def first_readable_date(
    candidates: list[str | None], fetched: datetime | None, language: str | None
) -> str | None:
    """The first candidate (in order of trust) that the dates pipeline can read, so that a
    broken JSON-LD value does not hide a good ``<meta>`` one; None if none can be read."""
    if fetched is None:
        return None
    for raw in candidates:
        if not raw:
            continue
        try:
            normalize_date(raw, fetched_at=fetched, language=language)
        except DateRejected:
            continue
        return raw
    return None


def _header_date(
    headline: HtmlElement | None, fetched: datetime | None, language: str | None
) -> str | None:
    """The date line under the headline, on a page that declares no date."""
    if headline is None or fetched is None:
        return None
    return date_after_headline(headline, fetched_at=fetched, language=language)


@lru_cache(maxsize=1)
def _htmldate_external_parser() -> DateDataParser:
    """htmldate's dateparser fallback, with its settings but the languages our own date
    normaliser detects among (:data:`~newscrawl.normalize.dates.DETECTION_LANGUAGES`).
    dateparser is imported here, as htmldate does: most pages never need it."""
    from dateparser import DateDataParser

    return DateDataParser(
        languages=list(DETECTION_LANGUAGES),
        settings={
            "NORMALIZE": True,
            "PARSERS": ["custom-formats", "absolute-time"],
            "PREFER_DATES_FROM": "past",
            "PREFER_LOCALE_DATE_ORDER": True,
            "RETURN_AS_TIMEZONE_AWARE": False,
            "STRICT_PARSING": True,
        },
    )


# htmldate hands strings its own patterns cannot read to dateparser, detecting the language
# among all of dateparser's ~200 locales: the first call compiles every locale (1.5 s in each
# extraction worker, 1.4 s of it on one corpus page) and every miss costs ~20 ms. htmldate
# has no setting for it; its parser factory is a module function, replaced here. No date
# changed on the 732 corpus pages.
htmldate.extractors.get_external_parser = _htmldate_external_parser


def _page_date(tree: HtmlElement, url: str, fetched: datetime | None) -> str | None:
    """htmldate's reading of the page (URL, visible dates, scripts), asked only when the
    page declares no readable date: it costs more than the rest of our metadata."""
    max_date = fetched.date().isoformat() if fetched is not None else None
    try:
        with DATEPARSER_LOCK:  # htmldate falls back on dateparser
            return find_date(
                tree,
                url=original_url(url),
                original_date=True,
                extensive_search=True,
                max_date=max_date,
            )
    except Exception:  # htmldate fails on odd trees; a missing date is not an error
        return None
