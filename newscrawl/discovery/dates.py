"""Dates as feeds and sitemaps write them, read only to decide what a date window excludes.

Sitemaps and Atom use W3C datetime (ISO 8601 profiles: ``2024-03-05``,
``2024-03-05T10:00:00+01:00``, ``...Z``); RSS uses RFC 822 (``Tue, 05 Mar 2024 10:00:00 GMT``).
Anything else is "unknown", and an unknown date never excludes an entry: the extraction
pipeline has the final say on a page's date. The raw string always travels on in the hints.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

# A year, optionally with its month and day, written with one separator: /2025/10/,
# sitemap-2025-10.xml, news_2025_10_31.xml, archive-2019.xml. Compact forms (202510) are left
# out: in a URL they are ids as often as dates.
_URL_PERIOD = re.compile(
    r"(?<![\d])((?:19|20)\d\d)(?:([-_/.])(0[1-9]|1[0-2])(?:\2(0[1-9]|[12]\d|3[01]))?)?(?![\d])"
)


def parse_entry_date(raw: str | None) -> datetime | None:
    """A zone-aware datetime for a sitemap/feed date, or ``None`` if it cannot be read.

    A date without a zone (or without a time) is taken as UTC.
    """
    if not raw or not raw.strip():
        return None
    raw = raw.strip()
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def is_before(raw: str | None, since: date) -> bool:
    """True only when ``raw`` is a readable date strictly before ``since`` (00:00 UTC)."""
    parsed = parse_entry_date(raw)
    if parsed is None:
        return False
    return parsed < datetime(since.year, since.month, since.day, tzinfo=UTC)


def is_after(raw: str | None, until: date) -> bool:
    """True only when ``raw`` is a readable date whose calendar day, as written (in its own
    zone), is after ``until``."""
    parsed = parse_entry_date(raw)
    return parsed is not None and parsed.date() > until


def url_period(url: str) -> tuple[date, date] | None:
    """The first and last day of the period a URL's path names (``/2025/10/`` → October
    2025; ``sitemap-2019.xml`` → the year 2019), or ``None``. Sitemap indexes of news sites
    name their children this way (one per month or day), so a date window can skip whole
    children without fetching them."""
    match = _URL_PERIOD.search(urlsplit(url).path)
    if match is None:
        return None
    year, _, month, day = match.groups()
    if day:
        try:
            named = date(int(year), int(month), int(day))
        except ValueError:  # 2025-02-31: not a date, so not a period either
            return None
        return named, named
    if month:
        last = calendar.monthrange(int(year), int(month))[1]
        return date(int(year), int(month), 1), date(int(year), int(month), last)
    return date(int(year), 1, 1), date(int(year), 12, 31)
