"""Publication dates that a page states under a label, for pages without date metadata."""

from __future__ import annotations

import pytest
from lxml.html import fromstring

from newscrawl.extraction.datelabel import is_date_label, labelled_date
from newscrawl.items import FetchedPage
from newscrawl.processing import process_page

PROSE = " ".join(["The harbour board voted to replace the old cranes before winter."] * 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Datum", True),
        ("Published:", True),
        ("Veröffentlicht am", True),
        ("  publié le ", True),
        ("Date of birth", False),
        ("Updated", False),
        ("Related", False),
        ("", False),
    ],
)
def test_is_date_label(text: str, expected: bool) -> None:
    assert is_date_label(text) is expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<ul><li><strong>Datum</strong> 28.04.2023 </li></ul>", "28.04.2023"),
        ("<dl><dt>Published</dt><dd>3 May 2024</dd></dl>", "3 May 2024"),
        ("<p><b>Publié le :</b> 12 mars 2022, 10h</p>", "12 mars 2022, 10h"),
        ("<p><strong>Datum</strong> unbekannt</p>", None),  # a label without a date
        ("<p><strong>Author</strong> 28.04.2023</p>", None),  # a date without the label
    ],
)
def test_labelled_date(html: str, expected: str | None) -> None:
    assert labelled_date(fromstring(f"<html><body>{html}</body></html>")) == expected


def test_labelled_date_beats_a_teaser_date_in_a_rail() -> None:
    """No date metadata; a "more stories" rail above the article carries its own dates in
    ``class="date"`` elements (what htmldate ranks first), the article labels its date."""
    rail = "".join(
        f'<li><a href="/s{i}">Other story {i}</a> <span class="date">2{i}.04.2023</span></li>'
        for i in range(1, 4)
    )
    html = (
        f'<html lang="de"><body><aside><ul>{rail}</ul></aside><article>'
        "<h1>Hafen ersetzt die alten Kräne</h1>"
        f"<ul class='meta'><li><strong>Datum</strong> 28.04.2023</li></ul><p>{PROSE}</p>"
        f"<p>{PROSE}</p></article></body></html>"
    )
    page = FetchedPage(
        url="https://hafen.example/a-65464327", html=html, fetched_at="2023-05-01T00:00:00Z"
    )
    assert process_page(page).published == "2023-04-28"
