"""Table-driven tests for newscrawl.normalize.dates.

All cases use one fixed fetch time, 2025-11-05 12:00 UTC (a Wednesday, three days after US
daylight saving time ended), so relative dates and "future" have fixed answers.
"""

from __future__ import annotations

import pickle
import re
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawl.normalize import dates as dates_module
from newscrawl.normalize.dates import (
    DETECTION_LANGUAGES,
    DateRejected,
    day_in_url,
    normalize_date,
    normalize_date_and_day,
    parse_date,
)

FETCHED = datetime(2025, 11, 5, 12, 0, tzinfo=UTC)
OUTPUT_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}Z)?")


def norm(raw, language=None, date_order=None, fetched_at=FETCHED):
    return normalize_date(raw, fetched_at=fetched_at, language=language, date_order=date_order)


# (raw, language, date_order, expected)
ACCEPTED = [
    # ISO 8601, the fast path
    ("2025-10-31T14:05:00+02:00", None, None, "2025-10-31T12:05:00Z"),
    ("2025-10-31 14:05:00+02:00", None, None, "2025-10-31T12:05:00Z"),
    ("2025-10-31T14:05:00Z", None, None, "2025-10-31T14:05:00Z"),
    ("2025-10-31T14:05:00.123456+0000", None, None, "2025-10-31T14:05:00Z"),
    ("2025-10-31T14:05+01", None, None, "2025-10-31T13:05:00Z"),
    ("2025-10-31T23:30:00-04:00", None, None, "2025-11-01T03:30:00Z"),
    ("20251031T140500Z", None, None, "2025-10-31T14:05:00Z"),
    ("2025-10-31", None, None, "2025-10-31"),
    ("20251031", None, None, "2025-10-31"),
    ("  2025-10-31\n", None, None, "2025-10-31"),
    # a time without a zone keeps the date as written: no zone is guessed
    ("2025-10-31T23:30:00", None, None, "2025-10-31"),
    ("31.10.2025, 23:30 Uhr", "de", None, "2025-10-31"),
    # noise around the date
    ("Published: 2025-10-31", None, None, "2025-10-31"),
    ("Updated 2025-10-31 14:05 ET", None, None, "2025-10-31T18:05:00Z"),
    ("Friday, 31 October 2025", "en", None, "2025-10-31"),
    ("31.10.2025, 14:05 Uhr", "de", None, "2025-10-31"),
    ("31. Oktober 2025", "de", None, "2025-10-31"),
    ("Veröffentlicht am 31.10.2025", "de", None, "2025-10-31"),
    ("Stand: 31.10.2025 14.05 Uhr MEZ", "de", None, "2025-10-31T13:05:00Z"),
    ("le 3 novembre 2025 à 14h05", "fr", None, "2025-11-03"),
    ("Publié le 3 novembre 2025 à 14h05 CET", "fr", None, "2025-11-03T13:05:00Z"),
    ("3 de noviembre de 2025", "es", None, "2025-11-03"),
    ("Oct 31, 2025 | 5 min read", None, None, "2025-10-31"),
    ("Oct 31, 2025", "en", None, "2025-10-31"),
    ("Oct 31, 2025", None, None, "2025-10-31"),
    ("Mar. 3, 2025", "en", None, "2025-03-03"),
    # named zones, with daylight saving time where the zone has it
    ("Nov. 3, 2025 9:15 a.m. ET", "en-US", None, "2025-11-03T14:15:00Z"),
    ("Oct. 31, 2025 9:15 p.m. ET", "en-US", None, "2025-11-01T01:15:00Z"),
    ("Posted on October 19, 2025, 6:21 PM EST", None, None, "2025-10-19T23:21:00Z"),
    ("Sat, 01 Nov 2025 14:05:00 GMT", None, None, "2025-11-01T14:05:00Z"),
    ("Sat, 01 Nov 2025 14:05:00 +0000", None, None, "2025-11-01T14:05:00Z"),
    ("31 October 2025 14:05 UTC+2", "en", None, "2025-10-31T12:05:00Z"),
    ("2025-10-31 14:05:00 UTC", None, None, "2025-10-31T14:05:00Z"),
    ("Oct. 31, 2025 at 2:05 p.m. PT", "en-US", None, "2025-10-31T21:05:00Z"),
    ("14:05, 31 October 2025", "en", None, "2025-10-31"),
    # numeric dates and the day/month order
    ("03/11/2025", None, "DMY", "2025-11-03"),
    ("03/04/2025", "en-US", None, "2025-03-04"),
    ("03/04/2025", "en-GB", None, "2025-04-03"),
    ("03/04/2025", "fr", None, "2025-04-03"),
    ("03/04/2025", "en", None, "2025-04-03"),  # bare "en" is ambiguous: day first
    ("03/04/2025", "de", "MDY", "2025-03-04"),  # the caller's order wins
    ("10/30/2025", "en", None, "2025-10-30"),  # only one reading is a date
    ("02.03.2024", "de", None, "2024-03-02"),
    ("02.03.2024", None, None, "2024-03-02"),
    ("31.10.25", "de", None, "2025-10-31"),
    ("2025/10/31", None, None, "2025-10-31"),
    ("31. 10. 2025", None, None, "2025-10-31"),
    # relative dates, against the fetch time
    ("2 hours ago", "en", None, "2025-11-05T10:00:00Z"),
    ("30 minutes ago", None, None, "2025-11-05T11:30:00Z"),
    ("an hour ago", "en", None, "2025-11-05T11:00:00Z"),
    ("heute, 14:05 Uhr", "de", None, "2025-11-05"),  # a time, but no zone
    ("vor 3 Stunden", "de", None, "2025-11-05T09:00:00Z"),
    ("2 hours ago", "de", None, "2025-11-05T10:00:00Z"),  # not German: detection fallback
    ("yesterday", "en", None, "2025-11-04"),
    ("yesterday", None, None, "2025-11-04"),
    ("gestern", "de", None, "2025-11-04"),
    ("il y a 2 jours", "fr", None, "2025-11-03"),
    # a machine date in English on a page in another language; a language the page does
    # not state, found among the detection languages
    ("Fri Oct 31 2025", "de", None, "2025-10-31"),
    ("Fri, 31 Oct 2025 14:05:00 GMT", "es", None, "2025-10-31T14:05:00Z"),
    ("22 kwietnia 2025", None, None, "2025-04-22"),
    ("22 kwietnia 2025", "de", None, "2025-04-22"),
    # the edge of "future": up to one day after the fetch is allowed
    ("2025-11-06", None, None, "2025-11-06"),
    ("2025-11-06T11:00:00Z", None, None, "2025-11-06T11:00:00Z"),
]

# (raw, language, date_order, reason)
REJECTED = [
    (None, None, None, "empty"),
    ("", None, None, "empty"),
    ("   ", None, None, "empty"),
    ("March 2024", "en", None, "incomplete"),
    ("2024", None, None, "incomplete"),
    ("2024-03", None, None, "incomplete"),
    ("December 20", "en", None, "incomplete"),
    ("31/02/2025", None, None, "unparseable"),
    ("2025-02-31", None, None, "unparseable"),
    ("2025-10-31T25:00:00Z", None, None, "unparseable"),
    ("10/30/2025", "en", "DMY", "unparseable"),  # an explicit order is not second-guessed
    ("hello world", None, None, "unparseable"),
    ("hello world", "en", None, "unparseable"),
    ("Dienstag", "de", None, "unparseable"),
    ("x" * 250, None, None, "unparseable"),
    ("1" * 10_000, None, None, "unparseable"),
    ("1985-05-01", None, None, "implausible"),
    ("12 March 1975", "en", None, "implausible"),
    ("31 December 2025", "en", None, "future"),
    ("2025-11-07", None, None, "future"),
    ("2025-11-06T13:00:00Z", None, None, "future"),
    ("in 3 days", "en", None, "future"),
]


class TestNormalizeDate:
    """normalize_date returns one of two ISO forms, or raises DateRejected with a reason."""

    @pytest.mark.parametrize(("raw", "language", "date_order", "expected"), ACCEPTED)
    def test_accepted(self, raw, language, date_order, expected):
        assert norm(raw, language, date_order) == expected

    @pytest.mark.parametrize(("raw", "language", "date_order", "reason"), REJECTED)
    def test_rejected(self, raw, language, date_order, reason):
        with pytest.raises(DateRejected) as caught:
            norm(raw, language, date_order)
        assert caught.value.reason == reason

    def test_rejection_is_a_value_error(self):
        with pytest.raises(ValueError):
            norm("31/02/2025")

    def test_rejection_pickles_with_its_reason(self):
        # Errors come back from the extraction process pool pickled.
        error = pickle.loads(pickle.dumps(DateRejected("future", "2099-01-01")))
        assert (error.reason, error.raw) == ("future", "2099-01-01")


class TestGarbledMachineValue:
    """A CMS that prints a broken time after a sound ISO day: the day survives, no time."""

    def test_iso_day_before_garbage_keeps_the_day(self):
        assert norm("2022-05-04-0305:49:00-10800") == "2022-05-04"

    def test_impossible_iso_day_is_still_rejected(self):
        with pytest.raises(DateRejected) as caught:
            norm("2022-13-04-0305:49")
        assert caught.value.reason == "unparseable"


def day_of(raw, url_day=None):
    return normalize_date_and_day(raw, fetched_at=FETCHED, local_day_hint=url_day)


class TestPublisherDay:
    """``published_day``: the day where the publisher is, while ``published`` is UTC."""

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("2025-11-01T01:30:00+02:00", ("2025-10-31T23:30:00Z", "2025-11-01")),
            ("2025-10-31T21:30:00-05:00", ("2025-11-01T02:30:00Z", "2025-10-31")),
            ("31.10.2025 23:10 CET", ("2025-10-31T22:10:00Z", "2025-10-31")),
            ("2025-10-31", ("2025-10-31", "2025-10-31")),
            ("2025-10-31T23:30:00", ("2025-10-31", "2025-10-31")),  # no zone: as written
        ],
    )
    def test_day_is_the_one_written(self, raw, expected):
        assert day_of(raw) == expected

    def test_url_day_corrects_a_time_stored_in_utc(self):
        # 02:25 UTC on the 25th is the evening of the 24th in New York; the URL says so.
        assert day_of("2020-02-25T02:25:54Z", date(2020, 2, 24)) == (
            "2020-02-25T02:25:54Z",
            "2020-02-24",
        )
        assert day_of("Wed, 04 May 2022 00:25:56 GMT", date(2022, 5, 3))[1] == "2022-05-03"

    @pytest.mark.parametrize(
        ("raw", "url_day"),
        [
            ("2020-02-25T02:25:54Z", date(2020, 2, 22)),  # days away: an update, not a zone
            ("2020-02-25T02:25:54+01:00", date(2020, 2, 24)),  # the page placed its time
            ("2020-02-25", date(2020, 2, 24)),  # a bare day is already the publisher's
        ],
    )
    def test_url_day_is_ignored_when_it_cannot_be_the_zone(self, raw, url_day):
        assert day_of(raw, url_day)[1] == "2020-02-25"

    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            ("https://news.example/2020/02/24/ferry-saved/", date(2020, 2, 24)),
            ("https://news.example/politics/2022-05-03-budget.html", date(2022, 5, 3)),
            ("https://news.example/2020/02/31/not-a-day/", None),
            ("https://news.example/politics/budget-vote", None),
        ],
    )
    def test_day_in_url(self, url, expected):
        assert day_in_url(url) == expected


class TestFetchedAt:
    """The fetch time may come naive (taken as UTC) or in any zone; results are UTC."""

    @pytest.mark.parametrize(
        "fetched_at",
        [
            datetime(2025, 11, 5, 12, 0),  # naive
            datetime(2025, 11, 5, 12, 0, tzinfo=UTC),
            datetime(2025, 11, 5, 13, 0, tzinfo=timezone(timedelta(hours=1))),
            datetime(2025, 11, 5, 7, 0, tzinfo=timezone(timedelta(hours=-5))),
        ],
    )
    def test_relative_dates_resolve_in_utc(self, fetched_at):
        assert norm("2 hours ago", "en", fetched_at=fetched_at) == "2025-11-05T10:00:00Z"

    def test_relative_time_crosses_midnight(self):
        fetched = datetime(2025, 11, 5, 0, 30, tzinfo=UTC)
        assert norm("2 hours ago", "en", fetched_at=fetched) == "2025-11-04T22:30:00Z"

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            # naive input with a zone name comes out zone-aware (UTC)
            ("31.10.2025 14:05 CEST", "2025-10-31T12:05:00Z"),
            ("2025-07-01 09:00 ET", "2025-07-01T13:00:00Z"),  # EDT in summer
            ("2025-01-15 09:00 ET", "2025-01-15T14:00:00Z"),  # EST in winter
        ],
    )
    def test_zone_names_are_applied(self, raw, expected):
        assert norm(raw) == expected

    def test_future_limit_follows_the_fetch_time(self):
        early = datetime(2024, 1, 1, tzinfo=UTC)
        with pytest.raises(DateRejected) as caught:
            norm("2025-10-31", fetched_at=early)
        assert caught.value.reason == "future"


# Fragments of real-looking dates, so that the fuzzing reaches the parsing code and does
# not stop at "unparseable" on the first character.
DATE_BITS = st.sampled_from(
    [*"0123456789:./-+ ,TZh", "am", "pm", "a.m.", "Uhr", "ET", "CET", "UTC", "GMT", "à", "le",
     "de", "Oct", "October", "März", "ago", "hours", "yesterday", "Published", "|", "−", "2025"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    raw=st.one_of(st.none(), st.text(max_size=120), st.lists(DATE_BITS, max_size=14).map("".join)),
    language=st.sampled_from([None, "en", "en-US", "de", "fr", "xx", ""]),
    date_order=st.sampled_from([None, "DMY", "MDY", "YMD", "nonsense"]),
)
def test_never_raises_anything_but_date_rejected(raw, language, date_order):
    try:
        result = norm(raw, language, date_order)
    except DateRejected as rejected:
        assert rejected.reason in DateRejected.REASONS
    else:
        assert OUTPUT_RE.fullmatch(result)


@pytest.mark.parametrize(
    ("raw", "local_date", "local_time", "utc", "zone_is_utc"),
    [
        (
            "2025-10-31T23:30:00-04:00",
            date(2025, 10, 31),
            time(23, 30),
            "2025-11-01T03:30:00Z",
            False,
        ),
        (
            "Fri, 31 Oct 2025 02:41:00 GMT",
            date(2025, 10, 31),
            time(2, 41),
            "2025-10-31T02:41:00Z",
            True,
        ),
        ("31.10.2025, 14:05 Uhr", date(2025, 10, 31), time(14, 5), None, False),
        ("2025-10-31T14:05:00", date(2025, 10, 31), time(14, 5), None, False),
        ("31. Oktober 2025", date(2025, 10, 31), None, None, False),
    ],
)
def test_parse_date_keeps_the_written_day_and_time(raw, local_date, local_time, utc, zone_is_utc):
    """What the page wrote (day and time of day) beside the UTC moment, for comparing the
    writings of one date on a page."""
    parsed = parse_date(raw, fetched_at=FETCHED, language="de")
    assert (parsed.local_date, parsed.local_time, parsed.zone_is_utc) == (
        local_date,
        local_time,
        zone_is_utc,
    )
    assert (parsed.utc.strftime("%Y-%m-%dT%H:%M:%SZ") if parsed.utc else None) == utc


# -- month names without dateparser ------------------------------------------------------

_FORMS = ("{d} {m} {y}", "{m} {d}, {y}", "{d}. {m} {y}", "{m}. {d}, {y}", "{m} {d} {y}")


def _month_name_cases() -> list[tuple[str, str]]:
    from dateparser.languages.loader import default_loader

    cases = []
    for language in DETECTION_LANGUAGES:
        info = default_loader.get_locale(language).info
        for number, key in enumerate(dates_module._MONTH_KEYS, start=1):
            for name in info.get(key, []):
                day = 1 + (number * 7) % 28
                cases += [(form.format(d=day, m=name, y=2024), language) for form in _FORMS]
    return cases


def test_month_names_read_as_dateparser_reads_them() -> None:
    """Where the quick reading of "30 June 2025" answers, dateparser (the reading it stands
    in for) gives the same day; and it answers for the English and German forms."""
    base = datetime(2025, 7, 1)
    answered = 0
    for text, language in _month_name_cases():
        quick = dates_module._parse_month_name(text, language)
        if quick is None:
            continue
        answered += 1
        read = dates_module._dateparser_get(text, base, [language, "en"], "DMY", strict=True)
        assert read is not None and read.date() == quick, (text, language)
    assert answered > 1000
    assert dates_module._parse_month_name("June 30, 2025", "en") == date(2025, 6, 30)
    assert dates_module._parse_month_name("30. Juni 2025", "de") == date(2025, 6, 30)
    assert dates_module._parse_month_name("31 June 2025", "en") is None
    assert dates_module._parse_month_name("30 Juni 2025", "en") is None  # not English: dateparser
    # A language dateparser takes without locale data of its own: English names still read.
    assert dates_module._parse_month_name("30 Jan 2025", "xx") == date(2025, 1, 30)
