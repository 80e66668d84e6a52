"""Quality gate: extraction quality on our own hand-written pages must not fall below floors.

``tests/fixtures/quality/`` holds news and blog pages written for this test (several
languages and templates: JSON-LD graphs, kickers in headlines, WordPress and Blogger themes,
microdata, an organisation as JSON-LD author, a body kept only in JSON-LD or in framework
JSON, control characters, a page without date metadata whose date line sits under the
headline below a rail of dated teasers, a standfirst set apart from the body above a
picture, a donation appeal that follows the story outside its container, a standfirst
with a dateline and a link whose declared description is the picture's, in-text pointers to
other stories, a numbered caption, a download link, a reprint notice, and teaser cards of
other stories and a reader poll among the paragraphs, a grid of teaser cards closing the
text, a body that an ad row cuts into twin containers, a pull quote, a caption set as a
paragraph under its picture, a teaser that links only its headline, a subscription box),
with the values a reader would give in ``expected.json``.

Every page goes through :func:`newscrawl.processing.process_page`, the pipelines' own path,
and is scored the way the evaluation corpus scorer (``score.py``) scores (same title
normalisation, same-day dates compared in UTC when both sides carry an offset, author sets
split on separators, whitespace-collapsed substring checks for snippets). The first and last
paragraph of each page are its "include" snippets and the page furniture its "exclude"
snippets.

FLOORS pins the scores measured when the gate was written. A change that lowers one fails
here; a change that raises one should raise its floor in the same commit. Lowering a floor
is a decision to state in the commit message, never a way to make CI green.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from statistics import mean

import pytest

from newscrawl.items import FetchedPage
from newscrawl.processing import process_page

FIXTURES = Path(__file__).parent / "fixtures" / "quality"
FETCHED_AT = "2026-01-01T00:00:00Z"

FLOORS = {
    "title_exact": 1.0,
    "published_same_day": 1.0,
    "authors_f1": 1.0,
    "include_recall": 1.0,
    "exclude_accuracy": 1.0,
    "snippet_accuracy": 1.0,
}
MIN_PAGES = 10

# ----------------------------------------------------------------------------- score.py's rules

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"',
        "\u00bb": '"', "\u2033": '"',
    }
)  # fmt: skip
_AUTHOR_SPLIT = re.compile(r"\s*(?:[;,|&/]|\band\b|\bund\b)\s*", re.IGNORECASE)
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def norm_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.translate(_QUOTES).split()).casefold()


def author_set(names: list[str] | None) -> set[str]:
    return {
        norm_text(part)
        for name in names or []
        for part in _AUTHOR_SPLIT.split(name)
        if norm_text(part)
    }


def parse_day(value: str | None) -> tuple[date | None, datetime | None]:
    """(day as written, aware datetime when an offset is given)."""
    match = _ISO_DAY.match(value or "")
    if not match:
        return None, None
    day = date(int(match[1]), int(match[2]), int(match[3]))
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return day, None
    return day, moment if moment.tzinfo is not None else None


def same_day(expected: str, predicted: str | None) -> bool:
    expected_day, expected_moment = parse_day(expected)
    predicted_day, predicted_moment = parse_day(predicted)
    if expected_moment and predicted_moment:
        return expected_moment.astimezone(UTC).date() == predicted_moment.astimezone(UTC).date()
    return predicted_day is not None and predicted_day == expected_day


def authors_f1(expected: list[str], predicted: list[str]) -> float:
    wanted, got = author_set(expected), author_set(predicted)
    common = len(wanted & got)
    if not common:
        return 0.0
    precision, recall = common / len(got), common / len(wanted)
    return 2 * precision * recall / (precision + recall)


def collapse(text: str) -> str:
    return " ".join(text.split())


# ----------------------------------------------------------------------------- the run


@dataclass(frozen=True)
class PageScore:
    name: str
    title_ok: bool
    date_ok: bool
    authors_f1: float
    includes_found: int
    includes: int
    excludes_absent: int
    excludes: int


def load_expected() -> dict[str, dict]:
    return json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))["pages"]


def score_page(name: str, expected: dict) -> PageScore:
    html = (FIXTURES / name).read_bytes().decode("utf-8")
    article = process_page(FetchedPage(url=expected["url"], html=html, fetched_at=FETCHED_AT))
    body = collapse(article.text)
    includes = [expected["first"], expected["last"]]
    excludes = expected.get("exclude", [])
    return PageScore(
        name=name,
        title_ok=norm_text(article.title or "") == norm_text(expected["title"]),
        date_ok=same_day(expected["published"], article.published),
        authors_f1=authors_f1(expected["authors"], article.authors),
        includes_found=sum(collapse(s) in body for s in includes),
        includes=len(includes),
        excludes_absent=sum(collapse(s) not in body for s in excludes),
        excludes=len(excludes),
    )


@pytest.fixture(scope="module")
def scores() -> list[PageScore]:
    return [score_page(name, expected) for name, expected in sorted(load_expected().items())]


def metrics(scores: list[PageScore]) -> dict[str, float]:
    includes = sum(s.includes for s in scores)
    excludes = sum(s.excludes for s in scores)
    found = sum(s.includes_found for s in scores)
    absent = sum(s.excludes_absent for s in scores)
    return {
        "title_exact": mean(s.title_ok for s in scores),
        "published_same_day": mean(s.date_ok for s in scores),
        "authors_f1": mean(s.authors_f1 for s in scores),
        "include_recall": found / includes,
        "exclude_accuracy": absent / excludes,
        "snippet_accuracy": (found + absent) / (includes + excludes),
    }


def report(scores: list[PageScore]) -> str:
    lines = ["page | title | date | authors F1 | includes | excludes absent"]
    lines += [
        f"{s.name} | {s.title_ok} | {s.date_ok} | {s.authors_f1:.2f} | "
        f"{s.includes_found}/{s.includes} | {s.excludes_absent}/{s.excludes}"
        for s in scores
    ]
    return "\n".join(lines)


class TestQualityGate:
    """Scores on the fixture pages stay at or above their pinned floors."""

    def test_every_fixture_page_is_scored(self, scores: list[PageScore]) -> None:
        html_files = {p.name for p in FIXTURES.glob("*.html")}
        assert {s.name for s in scores} == html_files
        assert len(scores) >= MIN_PAGES

    @pytest.mark.parametrize("metric", sorted(FLOORS))
    def test_metric_stays_above_its_floor(self, scores: list[PageScore], metric: str) -> None:
        value = metrics(scores)[metric]
        assert value >= FLOORS[metric], f"{metric} = {value:.3f}\n{report(scores)}"


class TestScoringRules:
    """The gate's scoring follows score.py's rules."""

    @pytest.mark.parametrize(
        ("expected", "predicted", "ok"),
        [
            ("2025-03-04T21:40:00-05:00", "2025-03-05T02:40:00Z", True),  # same moment, UTC
            ("2025-03-04", "2025-03-04T23:30:00Z", True),  # day as written
            ("2025-03-04", "2025-03-05T01:00:00Z", False),
            ("2025-03-04", None, False),
        ],
    )
    def test_same_day(self, expected: str, predicted: str | None, ok: bool) -> None:
        assert same_day(expected, predicted) is ok

    def test_authors_are_compared_as_normalised_sets(self) -> None:
        assert authors_f1(["Maya Lin; Tom Reyes"], ["maya lin", "Tom  Reyes"]) == 1.0
        assert authors_f1(["Maya Lin", "Tom Reyes"], ["Maya Lin"]) == pytest.approx(2 / 3)
        assert authors_f1(["Maya Lin"], []) == 0.0

    def test_titles_fold_quotes_and_case(self) -> None:
        assert norm_text("„Ein Titel“ ") == norm_text('"ein titel"')
