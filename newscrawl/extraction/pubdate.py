"""Which of the publication dates a page declares to trust first, checked against what the
page shows.

Extraction takes the first readable entry of :attr:`PageMetadata.published` (JSON-LD first,
then ``<meta>`` tags, then microdata). Two kinds of declared date say less than they seem to:

* a time in UTC (``Z``, ``+00:00``, ``GMT``): the moment is right, but the calendar day may
  not be the publisher's. "2019-10-18T22:04:00Z" was 19 October in Austria, and readers,
  archives and anyone grouping articles by day mean the day where it was published. When
  the page states the same moment in another zone (a second meta tag, a ``<time
  datetime>``), or its date line under the headline shows the neighbouring day at a time
  that a zone explains, that local writing goes first.
* a generic ``<meta name="date">`` (``dc.date``, ``dcterms.date``) with no date that calls
  itself a publication date: CMS templates fill it with the page's last change as often as
  with its publication. When the date line under the headline shows another day, the page's
  visible word goes first.

Both only reorder (or add a local writing of the same moment): a page whose header shows no
date keeps its declared order. The header is read only for pages that need it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from newscrawl.extraction.datelabel import Dateline, dateline_near_headline
from newscrawl.normalize.dates import DateRejected, ParsedDate, parse_date

if TYPE_CHECKING:
    from newscrawl.extraction.metadata import PageMetadata

GENERIC_META_DATES = frozenset({"date", "dc.date", "dcterms.date"})
"""``<meta>`` names that say "a date" without saying which (publication or last change)."""

# The zones where people live: UTC-10 (Hawaii) to UTC+14 (Kiribati). A local day one off
# the UTC day must be reachable with an offset in this range.
_WEST = timedelta(hours=-10)
_EAST = timedelta(hours=14)
_MAX_TIME_ELEMENTS = 30
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


def _parse(raw: str, now: datetime, language: str | None) -> ParsedDate | None:
    try:
        return parse_date(raw, fetched_at=now, language=language)
    except DateRejected:
        return None


def _first_readable(values: list[str], now: datetime, language: str | None) -> ParsedDate | None:
    """The reading of the entry extraction will take (the first readable one)."""
    for raw in values:
        parsed = _parse(raw, now, language)
        if parsed is not None:
            return parsed
    return None


def _same_moment_in_local_zone(
    tree: HtmlElement, meta: PageMetadata, moment: datetime, now: datetime
) -> str | None:
    """Another declared value (a meta tag, a ``<time datetime>``) for ``moment`` written
    with a non-zero UTC offset, as written."""
    machine_values = tree.xpath(f"(//time[@datetime])[position() <= {_MAX_TIME_ELEMENTS}]")
    candidates = [*meta.published, *(t.get("datetime") for t in machine_values)]
    for raw in candidates:
        parsed = _parse(raw, now, meta.language) if raw else None
        if parsed is None or parsed.utc is None or parsed.zone_is_utc:
            continue
        if abs(parsed.utc - moment) < timedelta(minutes=1):
            return raw
    return None


def local_writing(moment: datetime, shown_day: date, shown: ParsedDate) -> str | None:
    """``moment`` (UTC) written in the zone of a date line that shows ``shown_day``, as ISO
    8601 with its offset; the line's own text is used when it shows no time (None is
    returned then). Raises ValueError when no inhabited zone puts ``moment`` on that day (or
    at that time): then the line shows another date, not the same moment."""
    naive = moment.replace(tzinfo=None)
    if shown.local_time is not None:
        offset = datetime.combine(shown_day, shown.local_time) - naive.replace(second=0)
        offset = timedelta(minutes=round(offset.total_seconds() / 60))
        if not _WEST <= offset <= _EAST or offset % timedelta(minutes=15):
            raise ValueError("no zone writes this moment at that time")
        local = naive + offset
        return local.replace(tzinfo=timezone(offset)).isoformat()
    earliest, latest = (naive + _WEST).date(), (naive + _EAST).date()
    if not earliest <= shown_day <= latest:
        raise ValueError("no zone puts this moment on that day")
    return None


def _header_date(
    anchor: HtmlElement | None, now: datetime, language: str | None
) -> Dateline | None:
    """The date line near the page's headline, read; only one that writes its year."""
    if anchor is None:
        return None
    found = dateline_near_headline(anchor, fetched_at=now, language=language)
    if found is None or _YEAR.search(found[0]) is None:
        # "vor 2 Stunden", "28.09.23": relative to a fetch time this step does not know.
        return None
    return found


def settle_published(
    tree: HtmlElement,
    meta: PageMetadata,
    anchor: HtmlElement | None,
    now: datetime | None,
    language: str | None,
) -> None:
    """Put first in ``meta.published`` the writing of the publication date that the page
    shows (see the module's docstring). ``anchor`` is the headline extraction chose (its
    date line is read), ``now`` the page's fetch time, ``language`` the page's tag."""
    if now is None:  # a malformed fetch time: no date is read from the page at all
        return
    parsed = _first_readable(meta.published, now, language)
    if parsed is None:
        return
    if parsed.zone_is_utc and parsed.utc is not None:
        local = _same_moment_in_local_zone(tree, meta, parsed.utc, now)
        if local is not None:
            meta.published.insert(0, local)
            return
    only_generic = all(value in meta.generic_dates for value in meta.published)
    if not (only_generic or (parsed.zone_is_utc and parsed.utc is not None)):
        return
    header = _header_date(anchor, now, language)
    if header is None or header[1].local_date == parsed.local_date:
        return
    line, shown = header
    if only_generic:
        meta.published.insert(0, line)
        return
    assert parsed.utc is not None
    try:
        local = local_writing(parsed.utc, shown.local_date, shown)
    except ValueError:
        return
    meta.published.insert(0, local or line)
