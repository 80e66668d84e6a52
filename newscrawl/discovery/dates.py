"""Dates as feeds and sitemaps write them, read only to decide what ``since`` excludes.

Sitemaps and Atom use W3C datetime (ISO 8601 profiles: ``2024-03-05``,
``2024-03-05T10:00:00+01:00``, ``...Z``); RSS uses RFC 822 (``Tue, 05 Mar 2024 10:00:00 GMT``).
Anything else is "unknown", and an unknown date never excludes an entry: the extraction
pipeline has the final say on a page's date. The raw string always travels on in the hints.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime


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
