"""Publication dates: raw strings from metadata or page text → ISO 8601.

The output has exactly one of two forms:

* ``YYYY-MM-DDTHH:MM:SSZ`` when the source carries a time *and* a way to place it in UTC
  (an offset, ``Z``, or a named zone such as ``ET``/``CET``/``UTC``), or when the date is
  relative to the fetch time at hour/minute granularity ("2 hours ago");
* ``YYYY-MM-DD`` otherwise. A time without a zone keeps the date as written: no time and no
  zone is ever invented.

The work is split in three tiers, cheapest first, because this runs once per page:

1. ISO 8601 strings (most ``<meta>``/JSON-LD dates) are parsed by a regular expression.
2. After the noise around a date is stripped ("Published:", weekday names, "Uhr", ...), the
   time and zone are taken out by our own patterns and all-numeric dates ("31.10.2025",
   "03/11/2025") are read with an explicit day/month order.
3. Anything else (month names, relative dates) goes to dateparser, with settings that stop it
   from inventing the missing parts (see ``/work/shared/FIELD-NOTES.md``).

Failures raise :class:`DateRejected` with a ``reason`` that a pipeline can count in stats.
"""

from __future__ import annotations

import contextlib
import re
import threading
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from htmldate.extractors import COMPLETE_URL

__all__ = [
    "DATEPARSER_LOCK",
    "DATE_IN_TEXT",
    "PUBLISHED_LABELS",
    "UPDATED_LABELS",
    "DateRejected",
    "ParsedDate",
    "day_in_url",
    "normalize_date",
    "normalize_date_and_day",
    "parse_date",
    "warm_up_dateparser",
]

# --------------------------------------------------------------------------------------------
# Limits and word lists (data, not code: extend here).
# --------------------------------------------------------------------------------------------

MAX_RAW_LENGTH = 200
"""Longer inputs are not a date field but a paragraph: rejected as "unparseable"."""
MAX_PARSE_LENGTH = 100
"""What is left after noise stripping is cut to this length before parsing."""
MIN_YEAR = 1990
"""Earlier years are taken as a parsing accident ("implausible"), not an online article."""
FUTURE_TOLERANCE = timedelta(days=1)
"""A result may be this much later than the fetch (zones, clock skew) before it is "future"."""

# Labels that precede or follow a date on a page. Removed anywhere (whole words,
# case-insensitive); the longer phrase of a pair must come first. The publication labels
# also tell extraction which date on a page is the publication date (extraction.datelabel).
PUBLISHED_LABELS = [
    # en
    r"first\s+published(?:\s+on)?",
    r"originally\s+published(?:\s+on)?",
    r"published(?:\s+on)?",
    r"posted(?:\s+on)?",
    r"publish(?:ed)?\s+date",
    r"date\s+published",
    r"publication\s+date",
    r"publication",
    r"date\s+de\s+publication",  # fr, before "date"
    r"date",
    # de
    r"veröffentlicht(?:\s+am)?",
    r"publiziert(?:\s+am)?",
    r"erstellt(?:\s+am)?",
    r"erschienen(?:\s+am)?",
    r"datum",
    # fr
    r"publiée?(?:\s+le)?",
    r"parution",
    # es / pt
    r"fecha\s+de\s+publicación",
    r"fecha",
    r"publicado(?:\s+(?:el|em|a))?",
    r"publicación",
    r"data\s+de\s+publicação",
    # it
    r"data\s+di\s+pubblicazione",
    r"pubblicato(?:\s+il)?",
    r"pubblicazione",
    r"data",
    # nl
    r"gepubliceerd(?:\s+op)?",
]
UPDATED_LABELS = [
    # en
    r"last\s+updated(?:\s+on)?",
    r"updated(?:\s+on)?",
    r"last\s+modified(?:\s+on)?",
    r"modified(?:\s+on)?",
    # de
    r"zuletzt\s+aktualisiert(?:\s+am)?",
    r"aktualisiert(?:\s+am)?",
    r"stand",
    # fr
    r"mis\s+à\s+jour(?:\s+le)?",
    r"modifié(?:\s+le)?",
    r"actualisé(?:\s+le)?",
    r"màj(?:\s+le)?",
    # es / pt
    r"actualizado(?:\s+(?:el|a))?",
    r"atualizado(?:\s+em)?",
    # it
    r"aggiornato(?:\s+il)?",
    # nl
    r"laatst\s+bijgewerkt(?:\s+op)?",
    r"bijgewerkt(?:\s+op)?",
]
_LABELS = UPDATED_LABELS + PUBLISHED_LABELS  # "last updated" before "date" and the like

# A date written out in a line of text: "11.12.2019", "2019-12-11", "12/10/2020",
# "4. November 2025", "3 May 2024", "November 4, 2025" (a test of shape, not a parse).
DATE_IN_TEXT = re.compile(
    r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}\.?\s+[^\W\d_]{3,}\.?\s+\d{4}\b"
    r"|\b[^\W\d_]{3,}\.?\s+\d{1,2},?\s+\d{4}\b"
)

# Full weekday names are unambiguous words: removed anywhere.
_WEEKDAYS = [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
    "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica",
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
    "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira",
]  # fmt: skip
# Abbreviations collide with other words ("Sun", "Mar", "Di"): only at the very start and
# followed by "." or ",".
_WEEKDAY_ABBREVIATIONS = [
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "mo", "di", "mi", "do", "fr", "sa", "so",
    "lun", "jeu", "ven", "sam", "dim",  # not "mar"/"mer": "Mar. 3" is March
]  # fmt: skip

# Words that join a date and a time or lead into a date: "on", "am 3.", "le 3", "à 14h05".
_LEADING_CONNECTORS = r"(?:on|am|vom|le|du|el|del|op|em|de|the)"  # not "il": "il y a 2 jours"
_TIME_CONNECTORS = r"(?:at|um|à|a\s+las|a\s+la|alle(?:\s+ore)?|om|às|ore)"

# Named zones. Fixed offsets where the abbreviation names one; an IANA zone where it names a
# region with daylight saving time ("ET" is EST or EDT depending on the date). Matched
# case-sensitively so that French "et" ("and") is not a zone. "IST" (India, Ireland, Israel)
# and "CST" in a Chinese context are ambiguous: IST is left out, CST is read as US Central.
_FIXED_ZONES: dict[str, float] = {
    "UTC": 0, "GMT": 0, "UT": 0, "Z": 0, "WET": 0, "WEZ": 0,
    "WEST": 1, "BST": 1, "CET": 1, "MEZ": 1, "CEST": 2, "MESZ": 2,
    "EET": 2, "OEZ": 2, "EEST": 3, "OESZ": 3, "MSK": 3,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
    "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10,
    "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "AWST": 8,
    "ACST": 9.5, "ACDT": 10.5, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}  # fmt: skip
_REGION_ZONES: dict[str, tuple[str, float]] = {
    # abbreviation: (IANA zone, standard offset used if the zone database is missing)
    "ET": ("America/New_York", -5),
    "CT": ("America/Chicago", -6),
    "MT": ("America/Denver", -7),
    "PT": ("America/Los_Angeles", -8),
}

# Relative dates with hour/minute granularity resolve to a UTC time; "yesterday" or
# "3 days ago" only to a date. Units of time, in the languages dateparser reads most often.
_TIME_UNITS = (
    r"h|hrs?|hours?|mins?|minutes?|s|secs?|seconds?"
    r"|std|stunden?|minuten?|sekunden?"
    r"|heures?|secondes?"
    r"|horas?|minutos?|segundos?"
    r"|ore|ora|minuti|secondi"
    r"|uur|minuut|seconden?"
)
_NOW_WORDS = (
    r"now|just\s+now|right\s+now|gerade\s+eben|soeben|jetzt|à\s+l'instant|maintenant"
    r"|ahora(?:\s+mismo)?|adesso|agora|zojuist|nu"
)

# Date order per language when the caller gives none. Month-first only where the locale says
# so (US English); bare "en" is ambiguous and read day-first, with the unambiguous reading
# accepted when the day-first one is impossible ("11/30/2025").
# Languages tried for digit-free relative words ("yesterday", "gestern") when the page
# language is unknown, instead of dateparser's slow detection over all its locales.
_COMMON_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt")
DETECTION_LANGUAGES = (
    *_COMMON_LANGUAGES,
    *("pl", "cs", "sk", "sv", "da", "nb", "fi", "ro", "hu", "tr", "ru", "uk", "el", "ca"),
)
"""Where a date that is neither in the page's language nor in English is looked for (month
names of the languages news sites in Latin, Cyrillic and Greek script mostly use); a page
in another language states its language, and dates in it are read in that language."""

_MDY_LOCALES = frozenset({"en-us", "en-ph", "en-fm", "en-mh", "en-pw", "en-as", "en-gu"})
_YMD_LANGUAGES = frozenset({"zh", "ja", "ko", "hu", "lt", "mn"})

# --------------------------------------------------------------------------------------------
# Compiled patterns.
# --------------------------------------------------------------------------------------------

# ISO 8601 calendar dates, extended (2025-10-31) or basic (20251031), with an optional time
# and zone. The separators must agree: "2025-1031" is not ISO.
_ISO_RE = re.compile(
    r"""
    (?P<y>\d{4})(?P<sep>-?)(?P<m>\d{2})(?P=sep)(?P<d>\d{2})
    (?:
        [Tt\s]
        (?P<H>\d{2})(?P<tsep>:?)(?P<M>\d{2})(?:(?P=tsep)(?P<S>\d{2})(?:[.,]\d{1,9})?)?
        \s*(?P<tz>[Zz]|[+-]\d{2}(?::?\d{2})?)?
    )?
    """,
    re.VERBOSE,
)
_URL_DATE_RE = COMPLETE_URL
_DAY = timedelta(days=1)
_ISO_DAY_PREFIX_RE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")
# Year-first with slashes or dots ("2025/10/31", "2025.10.31"): always year, month, day.
_YMD_RE = re.compile(
    r"(?P<y>\d{4})\s*(?P<sep>[./])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})\.?"
)
# Day and month in some order, then the year: "31.10.2025", "03/11/2025", "3-11-25".
_NUMERIC_RE = re.compile(
    r"(?P<a>\d{1,2})\s*(?P<sep>[./-])\s*(?P<b>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4}|\d{2})\.?"
)
# A year alone or a year and month: "2024", "2024-03", "03/2024". Never a full date.
_PARTIAL_NUMERIC_RE = re.compile(r"\d{4}(?:\s*[./-]\s*\d{1,2})?|\d{1,2}\s*[./-]\s*\d{4}")

_LABEL_RE = re.compile(r"(?<!\w)(?:" + "|".join(_LABELS) + r")(?!\w)\s*:?", re.IGNORECASE)
_WEEKDAY_RE = re.compile(r"(?<!\w)(?:" + "|".join(_WEEKDAYS) + r")(?!\w)[.,]?", re.IGNORECASE)
_WEEKDAY_ABBR_RE = re.compile(
    r"^\s*(?:" + "|".join(_WEEKDAY_ABBREVIATIONS) + r")\s*[.,]+", re.IGNORECASE
)
_LEADING_CONNECTOR_RE = re.compile(r"^(?:" + _LEADING_CONNECTORS + r"\s+)+", re.IGNORECASE)
# Separators of page furniture: "31.10.2025 | 14:05", "Oct 31 · 5 min read".
_SEPARATOR_RE = re.compile(r"[|•·]|\s[–—-]\s")
# "a.m." / "p.m." → "am" / "pm" so that one time pattern covers both spellings.
_AMPM_DOTTED_RE = re.compile(r"(?<![^\W\d_])([ap])\.\s?m\.?(?!\w)", re.IGNORECASE)
# German "14.05 Uhr" and "14 Uhr", French "à 14h" → hh:mm; "Uhr" is then noise.
_UHR_RE = re.compile(r"(?<![\d.])(\d{1,2})(?:[.:](\d{2}))?\s*uhr(?!\w)", re.IGNORECASE)
_FRENCH_HOUR_RE = re.compile(r"(?<=à)\s*(\d{1,2})\s*h(?![\w])", re.IGNORECASE)
# The time itself: 14:05, 14:05:59, 14h05, 9:15 pm, 9 pm.
_TIME_RE = re.compile(
    r"""
    (?<![\d:.])
    (?:
        (?P<H>\d{1,2})(?:\s?:\s?|[hH])(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d{1,9})?)?
        (?:\s*(?P<ampm>[aApP][mM])(?!\w))?
      | (?P<H2>\d{1,2})\s*(?P<ampm2>[aApP][mM])(?!\w)
    )
    (?![\d:])
    """,
    re.VERBOSE,
)
# A zone right after the time: "Z", "+02:00", "-0500", "UTC+2", "GMT -03:30", "(CET)".
_OFFSET_RE = re.compile(
    r"""
    ^\s*\(?\s*
    (?:
        (?P<z>Z)(?!\w)
      | (?:(?P<base>UTC|GMT)\s*)?(?P<sign>[+\-−])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?(?!\d)
    )
    \s*\)?
    """,
    re.VERBOSE,
)
_NAMED_ZONE_RE = re.compile(
    r"(?<![^\W\d_])\(?(?P<name>"
    + "|".join(sorted([*_FIXED_ZONES, *_REGION_ZONES], key=len, reverse=True))
    + r")\)?(?![^\W\d_])"
)
_TIME_CONNECTOR_RE = re.compile(r"(?:\s|^)" + _TIME_CONNECTORS + r"[\s,]*$", re.IGNORECASE)
_ISO_T_RE = re.compile(r"(?<=\d)[Tt]$")
_EDGE_PUNCT_RE = re.compile(r"^[\s,;:/()–—-]+|[\s,;:/()–—.-]+$")
_SPACE_RE = re.compile(r"\s+")
_DIGIT_RE = re.compile(r"\d")
_FOUR_DIGITS_RE = re.compile(r"(?<!\d)\d{4}(?!\d)")
# Only asked of text already known to be relative, so a bare unit ("an hour ago") counts.
_TIME_GRANULAR_RE = re.compile(
    r"(?:\d|(?<!\w))(?:" + _TIME_UNITS + r"|" + _NOW_WORDS + r")\.?(?!\w)", re.IGNORECASE
)

_RELATIVE_PROBE_SHIFT = timedelta(days=7 * 150)
"""Second relative base for telling "3 days ago" from an absolute date: a whole number of
weeks, so weekday-relative phrases shift by exactly this much too."""


class DateRejected(ValueError):
    """A raw date that does not normalize, with a ``reason`` to count in stats.

    ``reason`` is one of ``"empty"``, ``"unparseable"``, ``"future"``, ``"incomplete"``
    (day, month or year missing) and ``"implausible"`` (before 1990).
    """

    REASONS = frozenset({"empty", "unparseable", "future", "incomplete", "implausible"})

    def __init__(self, reason: str, raw: str | None = None) -> None:
        if reason not in self.REASONS:
            raise ValueError(f"unknown DateRejected reason {reason!r}")
        super().__init__(f"{reason}: {raw!r}")
        self.reason = reason
        self.raw = raw

    def __reduce__(self) -> tuple[type[DateRejected], tuple[str, str | None]]:
        # Pickle by reason and raw value: the extraction process pool sends errors back.
        return (type(self), (self.reason, self.raw))


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A normalized date and the calendar day as the source wrote it."""

    local_date: date
    utc: datetime | None = None
    """The moment in UTC when the source placed a time in a zone, else None."""
    zone_is_utc: bool = False
    """The source wrote its time in UTC (``Z``, ``+00:00``, ``GMT``): many CMSs store UTC,
    so the day written is then not necessarily the publisher's own."""
    local_time: time | None = None
    """The time of day as written (with or without a zone), else None."""

    @property
    def value(self) -> str:
        if self.utc is None:
            return self.local_date.isoformat()
        return self.utc.strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------------------------
# Public API.
# --------------------------------------------------------------------------------------------


def normalize_date(
    raw: str | None,
    *,
    fetched_at: datetime,
    language: str | None = None,
    date_order: str | None = None,
) -> str:
    """Return ``raw`` as ``YYYY-MM-DDTHH:MM:SSZ`` or ``YYYY-MM-DD``, or raise DateRejected.

    ``fetched_at`` is the fetch time: the base of relative dates and the limit for "future"
    (a naive value is taken as UTC). ``language`` is a BCP 47 tag ("de", "en-US") used for the
    day/month order and for dateparser; ``date_order`` ("DMY", "MDY", "YMD") overrides the
    order the language implies and is then followed strictly.
    """
    return _normalize(raw, fetched_at=fetched_at, language=language, date_order=date_order).value


def parse_date(
    raw: str | None,
    *,
    fetched_at: datetime,
    language: str | None = None,
    date_order: str | None = None,
) -> ParsedDate:
    """What :func:`normalize_date` reads in ``raw``, unformatted: for comparing the dates a
    page states (the same moment in two zones, the day a dateline shows). Raises
    DateRejected."""
    return _normalize(raw, fetched_at=fetched_at, language=language, date_order=date_order)


def normalize_date_and_day(
    raw: str | None,
    *,
    fetched_at: datetime,
    language: str | None = None,
    date_order: str | None = None,
    local_day_hint: date | None = None,
) -> tuple[str, str]:
    """Like :func:`normalize_date`, and also the calendar day of publication where the
    publisher is.

    The two differ when the source gives a time in a zone: "2025-11-01T01:30:00+02:00" is
    ``2025-10-31T23:30:00Z`` but was published on 1 November where the publisher is, which
    is the day its readers (and anyone grouping articles by day) mean. When the source wrote
    UTC, ``local_day_hint`` (the date in the page's URL, see :func:`day_in_url`) may say
    which local day that was.
    """
    parsed = _normalize(raw, fetched_at=fetched_at, language=language, date_order=date_order)
    day = parsed.local_date
    if parsed.zone_is_utc and local_day_hint is not None and abs(local_day_hint - day) == _DAY:
        # "2020-02-25T02:25:54Z" for /2020/02/24/...: the evening of the 24th where the
        # publisher is. A time zone moves the day by one at most, so a hint further away is
        # another date (an update, an event) and is ignored.
        day = local_day_hint
    return parsed.value, day.isoformat()


def day_in_url(url: str) -> date | None:
    """The ``YYYY/MM/DD`` (or ``-``/``_``) date in a URL path: the CMS writes it from the
    publisher's local day. htmldate's own pattern, so that both read URLs alike."""
    m = _URL_DATE_RE.search(url)
    if m is None:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------
# The three tiers.
# --------------------------------------------------------------------------------------------


def _normalize(
    raw: str | None, *, fetched_at: datetime, language: str | None, date_order: str | None
) -> ParsedDate:
    if raw is None or not isinstance(raw, str) or not raw.strip():
        raise DateRejected("empty", raw if isinstance(raw, str) else None)
    text = raw.strip()
    if len(text) > MAX_RAW_LENGTH:
        raise DateRejected("unparseable", raw)
    fetched = _as_utc(fetched_at)

    parsed = _parse_iso(text, raw)  # tier 1: most metadata dates
    if parsed is None:
        try:
            parsed = _parse_free_text(text, raw, fetched, language, date_order)
        except DateRejected as error:
            parsed = _iso_day_prefix(text, raw) if error.reason == "unparseable" else None
            if parsed is None:
                raise
    _check_range(parsed, fetched, raw)
    return parsed


def _parse_iso(text: str, raw: str) -> ParsedDate | None:
    """Tier 1: an ISO 8601 date or datetime, or None if ``text`` is not one."""
    m = _ISO_RE.fullmatch(text)
    if m is None:
        return None
    day = _make_date(int(m["y"]), int(m["m"]), int(m["d"]), raw)
    if m["H"] is None:
        return ParsedDate(day)
    clock = _make_time(int(m["H"]), int(m["M"]), int(m["S"] or 0), None, raw)
    if m["tz"] is None:
        # A time without a zone: keep the day as written.
        return ParsedDate(day, local_time=clock)
    tz = _fixed_offset_zone(m["tz"], raw)
    return _timed(day, clock, tz)


def _iso_day_prefix(text: str, raw: str) -> ParsedDate | None:
    """Last resort: the day of a machine value garbled after its date part.

    CMS templates print broken times ("2022-05-04-0305:49:00-10800"); the leading
    ``YYYY-MM-DD`` is still unambiguous, so the day is kept and the time dropped (never
    guessed).
    """
    m = _ISO_DAY_PREFIX_RE.match(text)
    return ParsedDate(_make_date(int(m["y"]), int(m["m"]), int(m["d"]), raw)) if m else None


def _parse_free_text(
    text: str, raw: str, fetched: datetime, language: str | None, date_order: str | None
) -> ParsedDate:
    """Tiers 2 and 3, on the whole text, then on each part between separators.

    "31.10.2025 | 14:05" needs both parts; "Oct 31, 2025 | 5 min read" only the first.
    """
    try:
        return _parse_text(text, raw, fetched, language, date_order)
    except DateRejected as whole_error:
        if whole_error.reason != "unparseable":
            raise
        parts = [part for part in _SEPARATOR_RE.split(text) if part.strip()]
        if len(parts) < 2:
            raise
        for part in parts:
            try:
                return _parse_text(part, raw, fetched, language, date_order)
            except DateRejected:
                continue
        raise


def _parse_text(
    text: str, raw: str, fetched: datetime, language: str | None, date_order: str | None
) -> ParsedDate:
    """Strip the noise, take out the time and zone, then read the date."""
    text = _strip_noise(text)
    clock, tz, text = _extract_time(text, raw)
    text = _tidy(text)[:MAX_PARSE_LENGTH]
    if not text:
        raise DateRejected("unparseable", raw)

    day = _parse_numeric(text, raw, fetched, language, date_order)
    if day is None:
        day = _parse_month_name(text, language)
    if day is None and _ISO_DAY_PREFIX_RE.match(text):
        # A machine value the ISO and numeric tiers could not read is garbled, not prose:
        # dateparser cannot do better (see _iso_day_prefix).
        raise DateRejected("unparseable", raw)
    if day is None:
        relative_dt, day = _parse_with_dateparser(text, raw, fetched, language, date_order)
        if relative_dt is not None and clock is None and _TIME_GRANULAR_RE.search(text):
            # "2 hours ago": a point in time, already in UTC because the base is.
            stamp = relative_dt.replace(microsecond=0, tzinfo=UTC)
            return ParsedDate(stamp.date(), stamp)
    if clock is not None and tz is not None:
        return _timed(day, clock, tz)
    return ParsedDate(day, local_time=clock)


def _strip_noise(text: str) -> str:
    """Remove labels, weekdays and separators; spell times one way."""
    text = unicodedata.normalize("NFKC", text)
    text = _SEPARATOR_RE.sub(" ", text)
    text = _LABEL_RE.sub(" ", text)
    text = _WEEKDAY_RE.sub(" ", text)
    text = _WEEKDAY_ABBR_RE.sub(" ", text)
    text = _AMPM_DOTTED_RE.sub(r" \1m", text)
    text = _UHR_RE.sub(lambda m: f" {m[1]}:{m[2] or '00'} ", text)
    text = _FRENCH_HOUR_RE.sub(r" \1:00 ", text)
    return _SPACE_RE.sub(" ", text).strip()


def _extract_time(text: str, raw: str) -> tuple[time | None, tzinfo | None, str]:
    """Return (time, zone, text without them). A zone only counts next to a time."""
    m = _TIME_RE.search(text)
    if m is None:
        # A zone name without a time says nothing: drop it so that the date parses.
        return None, None, _NAMED_ZONE_RE.sub(" ", text)
    if m["H"] is not None:
        clock = _make_time(int(m["H"]), int(m["M"]), int(m["S"] or 0), m["ampm"], raw)
    else:
        clock = _make_time(int(m["H2"]), 0, 0, m["ampm2"], raw)

    before, after = text[: m.start()], text[m.end() :]
    before = _ISO_T_RE.sub("", before)  # "2025-10-31T" once "14:05 ET" is out
    before = _TIME_CONNECTOR_RE.sub(" ", before)  # "3 novembre 2025 à" → "3 novembre 2025"
    tz: tzinfo | None = None
    offset = _OFFSET_RE.match(after)
    if offset is not None:
        tz = _offset_match_zone(offset, raw)
        after = after[offset.end() :]
    rest = f"{before} {after}"
    named = _NAMED_ZONE_RE.search(rest)
    if named is not None:
        tz = tz or _named_zone(named["name"])
        rest = _NAMED_ZONE_RE.sub(" ", rest)
    return clock, tz, rest


def _tidy(text: str) -> str:
    text = _SPACE_RE.sub(" ", text)
    text = _EDGE_PUNCT_RE.sub("", text)
    text = _LEADING_CONNECTOR_RE.sub("", text)
    return _EDGE_PUNCT_RE.sub("", text)


def _parse_numeric(
    text: str, raw: str, fetched: datetime, language: str | None, date_order: str | None
) -> date | None:
    """Tier 2: an all-numeric date; None if ``text`` is not one."""
    iso = _ISO_RE.fullmatch(text)
    if iso is not None:  # "Published: 2025-10-31" once the label is gone
        return _make_date(int(iso["y"]), int(iso["m"]), int(iso["d"]), raw)
    ymd = _YMD_RE.fullmatch(text)
    if ymd is not None:
        return _make_date(int(ymd["y"]), int(ymd["m"]), int(ymd["d"]), raw)
    if _PARTIAL_NUMERIC_RE.fullmatch(text):
        raise DateRejected("incomplete", raw)
    m = _NUMERIC_RE.fullmatch(text)
    if m is None:
        return None

    year = _expand_year(m["y"], fetched)
    a, b = int(m["a"]), int(m["b"])
    explicit = _explicit_order(date_order)
    if explicit is not None:
        month_first = explicit == "MDY"
    elif m["sep"] == ".":
        month_first = False  # dotted dates are day-first wherever they are written
    else:
        month_first = _language_order(language) == "MDY"
    readings = [(b, a), (a, b)] if month_first else [(a, b), (b, a)]
    if explicit is not None:
        readings = readings[:1]  # the caller knows the site: no second guess
    for day_num, month_num in readings:
        try:
            return date(year, month_num, day_num)
        except ValueError:
            continue
    raise DateRejected("unparseable", raw)


_MONTH_KEYS = (
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december"),
)
_MONTH_NAME_DATE_RE = re.compile(
    r"(?P<d1>\d{1,2})\.?\s+(?P<m1>[^\W\d_]{3,})\.?,?\s+(?P<y1>\d{4})"
    r"|(?P<m2>[^\W\d_]{3,})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4})"
)


@lru_cache(maxsize=64)
def _month_names(language: str | None) -> dict[str, int]:
    """English month names and abbreviations, and those of ``language``, casefolded → the
    month's number, from dateparser's own locale data. A name of two months is left out."""
    from dateparser.languages.loader import default_loader

    months: dict[str, set[int]] = {}
    for code in dict.fromkeys(code for code in ("en", language) if code):
        try:
            info = default_loader.get_locale(code).info
        except ValueError:  # a language dateparser takes but has no locale data of its own
            continue
        for number, key in enumerate(_MONTH_KEYS, start=1):
            for name in info.get(key, []):
                months.setdefault(name.casefold().rstrip("."), set()).add(number)
    return {name: numbers.pop() for name, numbers in months.items() if len(numbers) == 1}


def _parse_month_name(text: str, language: str | None) -> date | None:
    """Tier 2b: "June 30, 2025", "30 June 2025", "30. Juni 2025" without dateparser.

    The commonest written date of news pages costs dateparser about a millisecond (its
    tokenizer and every locale rule), this a few microseconds; it reads only the whole text
    as day, month name and four-digit year, with the names dateparser itself knows for English
    and the page's language, so where it answers, dateparser answers the same (a test holds
    the two together). Anything else goes on to dateparser."""
    match = _MONTH_NAME_DATE_RE.fullmatch(text)
    if match is None:
        return None
    name = (match["m1"] or match["m2"]).casefold()
    month = _month_names(_dateparser_language(language)).get(name)
    if month is None:
        return None
    try:
        return date(int(match["y1"] or match["y2"]), month, int(match["d1"] or match["d2"]))
    except ValueError:  # 31 June: dateparser refuses it too
        return None


def _parse_with_dateparser(
    text: str, raw: str, fetched: datetime, language: str | None, date_order: str | None
) -> tuple[datetime | None, date]:
    """Tier 3: month names and relative dates.

    Returns ``(relative_datetime, day)``: the first item is the UTC datetime when ``text`` is
    relative to the fetch time ("2 hours ago"), else None.
    """
    base = fetched.replace(tzinfo=None)  # dateparser needs a naive RELATIVE_BASE
    order = _explicit_order(date_order) or _language_order(language)
    lang = _dateparser_language(language)

    # The page language first, then English (machine dates are English: "Fri Apr 28 2023",
    # RFC 822 in a German page's metadata), then dateparser's detection among the languages
    # of DETECTION_LANGUAGES. Not among all its ~200 locales: the first such detection loads
    # and compiles every locale (1.5 s, in each process), and each later miss costs ~20 ms.
    # Text without a digit (which can only be a relative word such as "yesterday") is tried
    # in the common languages only.
    attempts: list[str | list[str] | None] = [lang] if lang is not None else []
    if lang != "en":
        attempts.append("en")
    if _DIGIT_RE.search(text):
        attempts.append([code for code in DETECTION_LANGUAGES if code not in (lang, "en")])
    elif lang is None:
        attempts.append(list(_COMMON_LANGUAGES))
    result = None
    for attempt in attempts:
        result = _dateparser_get(text, base, attempt, order, strict=True)
        if result is not None:
            lang = attempt
            break
        # Without REQUIRE_PARTS, "March 2024" or "December 20" reads: a part is missing.
        # Checked per attempt so that a page-language hit skips the slow detection; after a
        # failed detection, the common languages are enough to tell and cost far less.
        lenient_languages = attempt if attempt is not None else list(_COMMON_LANGUAGES)
        if _dateparser_get(text, base, lenient_languages, order, strict=False) is not None:
            raise DateRejected("incomplete", raw)
    else:
        raise DateRejected("unparseable", raw)
    if result.tzinfo is not None:  # a zone dateparser knows and we did not take out
        result = result.replace(tzinfo=None)

    if _FOUR_DIGITS_RE.search(text) is None:
        # No year written: either relative ("3 days ago") or a two-digit year. A relative
        # result moves with the base; an absolute one does not.
        probe = _dateparser_get(text, base - _RELATIVE_PROBE_SHIFT, lang, order, strict=True)
        if probe is not None:
            probe = probe.replace(tzinfo=None)
            if result - probe == _RELATIVE_PROBE_SHIFT:
                return result, result.date()
            if result != probe:
                raise DateRejected("incomplete", raw)
    return None, result.date()


# --------------------------------------------------------------------------------------------
# dateparser access.
# --------------------------------------------------------------------------------------------


DATEPARSER_LOCK = threading.RLock()
"""Held by every use of dateparser in newscrawl (htmldate's too, in
:mod:`~newscrawl.extraction.pagedate`). dateparser fills its locale caches on first use and
is not documented as thread-safe: the crawler process warms it on a thread
(:func:`warm_up_dateparser`) while the reactor may already read a date (extraction in the
crawler process, with no pool, included). Uncontended, the lock costs well under a
microsecond a call."""

_WARM_UP_DATES = ("Friday, 3 October 2025 10:27", "3 hours ago", "31 zzzz 2020")
"""A month name with a time, a relative date, and a string no language reads (which makes
dateparser try, and so load, every language of DETECTION_LANGUAGES)."""


def warm_up_dateparser() -> None:
    """Do dateparser's once-a-process work now: load and compile the locales of
    DETECTION_LANGUAGES and the code paths of the first dates (about half a second).

    The extraction pool's forkserver calls it before it forks the workers; the crawler
    process calls it on a thread when its dates pipeline opens, so that the first page with
    a date in words does not stall the reactor for that half second mid-crawl."""
    from dateparser.date import DateDataParser

    base = datetime(2025, 10, 31, 12, tzinfo=UTC)
    with DATEPARSER_LOCK:
        DateDataParser(languages=list(DETECTION_LANGUAGES)).get_date_data(_WARM_UP_DATES[-1])
        for text in _WARM_UP_DATES:
            with contextlib.suppress(DateRejected):
                normalize_date(text, fetched_at=base, language="en")


def _dateparser_get(
    text: str, base: datetime, language: str | list[str] | None, order: str, *, strict: bool
) -> datetime | None:
    """dateparser's reading of ``text``, or None. ``language`` None means auto-detect."""
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {
        "RELATIVE_BASE": base,
        "DATE_ORDER": order,
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if strict:
        # Refuse to fill in a missing day, month or year (dateparser does by default).
        settings["REQUIRE_PARTS"] = ["day", "month", "year"]
    try:
        languages = [language] if isinstance(language, str) else language
        with DATEPARSER_LOCK:
            parser = DateDataParser(languages=languages, settings=settings)
            return parser.get_date_data(text).date_obj
    except Exception:
        # dateparser raises assorted errors on malformed input (ValueError, OverflowError,
        # IndexError, ...). A date that makes the library fail is a date we cannot read, and
        # the contract of normalize_date is to raise DateRejected only.
        return None


@lru_cache(maxsize=64)
def _dateparser_language(language: str | None) -> str | None:
    """The primary language subtag if dateparser knows it, else None (detect)."""
    if not language:
        return None
    primary = language.strip().replace("_", "-").split("-")[0].lower()
    if not primary.isalpha():
        return None
    from dateparser.date import DateDataParser

    try:
        with DATEPARSER_LOCK:
            DateDataParser(languages=[primary])
    except ValueError:
        return None
    return primary


# --------------------------------------------------------------------------------------------
# Small helpers.
# --------------------------------------------------------------------------------------------


def _explicit_order(date_order: str | None) -> str | None:
    if not date_order:
        return None
    order = date_order.strip().upper()
    return order if order in {"DMY", "MDY", "YMD", "YDM", "DYM", "MYD"} else None


@lru_cache(maxsize=64)
def _language_order(language: str | None) -> str:
    if not language:
        return "DMY"
    tag = language.strip().replace("_", "-").lower()
    if tag in _MDY_LOCALES:
        return "MDY"
    if tag.split("-")[0] in _YMD_LANGUAGES:
        return "YMD"
    return "DMY"


def _as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive value is taken to be UTC already."""
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _make_date(year: int, month: int, day: int, raw: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateRejected("unparseable", raw) from None


def _make_time(hour: int, minute: int, second: int, ampm: str | None, raw: str) -> time:
    if ampm:
        if not 1 <= hour <= 12:
            raise DateRejected("unparseable", raw)
        hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
    try:
        return time(hour, minute, second)
    except ValueError:
        raise DateRejected("unparseable", raw) from None


def _expand_year(digits: str, fetched: datetime) -> int:
    if len(digits) == 4:
        return int(digits)
    year = 2000 + int(digits)
    return year if year <= fetched.year + 1 else year - 100


def _fixed_offset_zone(spec: str, raw: str) -> tzinfo:
    """Zone of an ISO suffix: "Z", "+02:00", "+0200", "+02"."""
    if spec in {"Z", "z"}:
        return UTC
    sign = -1 if spec[0] == "-" else 1
    digits = spec[1:].replace(":", "")
    return _offset(sign, int(digits[:2]), int(digits[2:4] or 0), raw)


def _offset_match_zone(m: re.Match[str], raw: str) -> tzinfo:
    if m["z"]:
        return UTC
    sign = 1 if m["sign"] == "+" else -1
    return _offset(sign, int(m["oh"]), int(m["om"] or 0), raw)


def _offset(sign: int, hours: int, minutes: int, raw: str) -> tzinfo:
    if hours > 14 or minutes > 59:
        raise DateRejected("unparseable", raw)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _named_zone(name: str) -> tzinfo:
    if name in _FIXED_ZONES:
        return timezone(timedelta(hours=_FIXED_ZONES[name]))
    iana, standard = _REGION_ZONES[name]
    return _zoneinfo(iana, standard)


@lru_cache(maxsize=16)
def _zoneinfo(iana: str, standard_offset: float) -> tzinfo:
    try:
        return ZoneInfo(iana)
    except (ZoneInfoNotFoundError, ValueError):  # no tz database on this machine
        return timezone(timedelta(hours=standard_offset))


def _timed(day: date, clock: time, tz: tzinfo) -> ParsedDate:
    """A local date and time in ``tz`` → UTC, keeping the local day for comparisons."""
    local = datetime.combine(day, clock).replace(tzinfo=tz)
    try:
        utc = local.astimezone(UTC)
        return ParsedDate(day, utc, local.utcoffset() == timedelta(0), clock)
    except OverflowError:  # 0001-01-01 00:00+01:00 and the like
        return ParsedDate(day, local_time=clock)


def _check_range(parsed: ParsedDate, fetched: datetime, raw: str) -> None:
    if parsed.local_date.year < MIN_YEAR:
        raise DateRejected("implausible", raw)
    limit = fetched + FUTURE_TOLERANCE
    if parsed.utc is not None and parsed.utc > limit:
        raise DateRejected("future", raw)
    if parsed.utc is None and parsed.local_date > limit.date():
        raise DateRejected("future", raw)
