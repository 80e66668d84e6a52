"""Which declared publication date goes first: the local writing of a UTC moment, and the
date line under the headline against a generic ``<meta name="date">``."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time

import pytest
from lxml.html import fromstring

from newscrawl.extraction.headline import choose_headline
from newscrawl.extraction.metadata import read_metadata
from newscrawl.extraction.pubdate import local_writing, settle_published
from newscrawl.items import FetchedPage
from newscrawl.normalize.dates import ParsedDate
from newscrawl.processing import process_page
from tests.support.prose import PROSE, PROSE_2

HEADLINE = "Hafen ersetzt die alten Kräne"


def page(head: str = "", header: str = "", lang: str = "de") -> str:
    """A page with ``head`` in its ``<head>`` and ``header`` right under the headline."""
    return (
        f"<html lang='{lang}'><head><meta charset='utf-8'>{head}</head><body>"
        f"<article><h1>{HEADLINE}</h1>{header}<p>{PROSE * 2}</p><p>{PROSE_2 * 2}</p>"
        "</article></body></html>"
    )


def jsonld_published(value: str) -> str:
    data = {"@type": "NewsArticle", "headline": HEADLINE, "datePublished": value}
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


def meta(name: str, value: str) -> str:
    return f"<meta name='{name}' content='{value}'>"


def first_published(html: str) -> str:
    """The declared date extraction takes first, once the page's own writing is settled
    (as ``extract_article`` does it, with the headline it chose)."""
    tree = fromstring(html)
    metadata = read_metadata(tree)
    title = choose_headline(metadata, None)
    anchor = next((h.element for h in metadata.headings if title in (h.text, h.full)), None)
    settle_published(tree, metadata, anchor, datetime.now(UTC), metadata.language)
    return metadata.published[0]


# ------------------------------------------------------------------------ UTC → local writing


def test_same_moment_in_a_local_zone_goes_first() -> None:
    """JSON-LD in UTC, a meta tag with the same moment at +02:00: the local writing leads
    (its day, 19 October, is the publisher's)."""
    html = page(
        jsonld_published("2019-10-18T22:04:00Z") + meta("date", "Sat, 19 Oct 2019 00:04:00 +0200")
    )
    assert first_published(html) == "Sat, 19 Oct 2019 00:04:00 +0200"


def test_same_moment_in_a_time_element_goes_first() -> None:
    html = page(
        jsonld_published("2022-05-04T03:37:37+00:00"),
        "<p><time datetime='2022-05-03T23:37:37-04:00'>3 May 2022, 11:37 pm</time></p>",
        lang="en",
    )
    assert first_published(html) == "2022-05-03T23:37:37-04:00"


def test_another_moment_in_a_local_zone_changes_nothing() -> None:
    """A ``<time>`` of another moment (a teaser, an update) is not the same publication."""
    html = page(
        jsonld_published("2022-05-04T03:37:37Z"),
        "<p><time datetime='2022-05-02T20:00:00-04:00'>2 May 2022</time></p>",
        lang="en",
    )
    assert first_published(html) == "2022-05-04T03:37:37Z"


def test_date_line_with_a_time_gives_the_offset() -> None:
    """UTC in the metadata, "03/05/2022 21:44" under the headline: the same moment at
    UTC-3, written so (the UTC moment is kept, the day is the publisher's)."""
    html = page(
        jsonld_published("2022-05-04T00:44:52.000Z"),
        "<p><span>03/05/2022 21:44</span></p>",
        lang="pt-BR",
    )
    assert first_published(html) == "2022-05-03T21:44:52-03:00"


def test_date_line_without_a_time_gives_the_day() -> None:
    html = page(
        jsonld_published("Wed, 04 May 2022 00:25:56 GMT"),
        "<p><time>3 de mayo de 2022</time></p>",
        lang="es",
    )
    assert first_published(html) == "3 de mayo de 2022"


@pytest.mark.parametrize(
    "header",
    [
        # no zone writes 10:32 UTC as 06:00 the day before: that line is another date
        "<p><span>26.08.2024 um 06:00 Uhr</span></p>",
        # no inhabited zone puts 10:32 UTC on the day before
        "<p><span>26.08.2024</span></p>",
        # the same day: nothing to change
        "<p><span>27.08.2024</span></p>",
    ],
)
def test_date_line_that_no_zone_explains_changes_nothing(header: str) -> None:
    html = page(jsonld_published("2024-08-27T10:32:24.467+00:00"), header)
    assert first_published(html) == "2024-08-27T10:32:24.467+00:00"


def test_publication_day_is_the_publishers_end_to_end() -> None:
    """Through the pipelines: ``published`` stays the UTC moment, ``published_day`` is the
    day the page shows."""
    html = page(
        jsonld_published("2022-05-04T02:41:00Z"), "<p><span>3/5/2022 22:41</span></p>", lang="es"
    )
    fetched = "2022-05-10T00:00:00Z"
    article = process_page(
        FetchedPage(url="https://diario.example/a-1", html=html, fetched_at=fetched)
    )
    assert (article.published, article.published_day) == ("2022-05-04T02:41:00Z", "2022-05-03")


# ------------------------------------------------------------------- generic meta vs. dateline


@pytest.mark.parametrize("name", ["date", "dc.date", "DCTERMS.date"])
def test_date_line_beats_a_generic_meta_date(name: str) -> None:
    html = page(meta(name, "2021-12-20T11:02:44+01:00"), "<p><span>27.01.2022</span></p>")
    assert first_published(html) == "27.01.2022"


def test_date_line_settles_the_order_of_a_generic_meta_date() -> None:
    """ "11/01/2023" in a generic meta tag, "Erstellt am: 01.11.2023" on the page."""
    html = page(meta("date", "11/01/2023 12:43:42"), "<p><span>Erstellt am: 01.11.2023</span></p>")
    assert first_published(html) == "Erstellt am: 01.11.2023"


@pytest.mark.parametrize(
    "head",
    [
        meta("article:published_time", "2021-12-20T11:02:44+01:00"),
        jsonld_published("2021-12-20T11:02:44+01:00"),
        # a generic tag that a publication tag confirms is no longer generic
        meta("date", "2021-12-20T11:02:44+01:00")
        + meta("article:published_time", "2021-12-20T11:02:44+01:00"),
    ],
)
def test_a_declared_publication_date_beats_the_date_line(head: str) -> None:
    html = page(head, "<p><span>27.01.2022</span></p>")
    assert first_published(html) == "2021-12-20T11:02:44+01:00"


@pytest.mark.parametrize(
    "header",
    [
        "",  # no date line: the meta tag is all there is
        "<p><span>vor 2 Stunden</span></p>",  # relative: not read without the fetch time
    ],
)
def test_generic_meta_date_stays_without_a_dated_line(header: str) -> None:
    html = page(meta("date", "2021-12-20T11:02:44+01:00"), header)
    assert first_published(html) == "2021-12-20T11:02:44+01:00"


# ------------------------------------------------------------------------------ local_writing

MOMENT = datetime(2022, 5, 4, 2, 41, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("shown_day", "shown_time", "expected"),
    [
        (date(2022, 5, 3), time(22, 41), "2022-05-03T22:41:30-04:00"),
        (date(2022, 5, 4), time(8, 11), "2022-05-04T08:11:30+05:30"),
        (date(2022, 5, 3), None, None),  # the day only: UTC-10 reaches it
    ],
)
def test_local_writing(shown_day: date, shown_time: time | None, expected: str | None) -> None:
    shown = ParsedDate(shown_day, local_time=shown_time)
    assert local_writing(MOMENT, shown_day, shown) == expected


@pytest.mark.parametrize(
    ("shown_day", "shown_time"),
    [
        (date(2022, 5, 3), time(22, 47)),  # a 6-minute offset is no zone's
        (date(2022, 5, 2), time(22, 41)),  # UTC-28 h
        (date(2022, 5, 2), None),  # two days off
    ],
)
def test_local_writing_refuses_what_no_zone_explains(
    shown_day: date, shown_time: time | None
) -> None:
    with pytest.raises(ValueError):
        local_writing(MOMENT, shown_day, ParsedDate(shown_day, local_time=shown_time))
