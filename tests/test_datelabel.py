"""Publication dates that a page states under a label, for pages without date metadata."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from lxml import etree
from lxml.html import fromstring

from newscrawl.extraction.datelabel import (
    date_after_headline,
    is_date_label,
    labelled_date,
)
from newscrawl.extraction.treewalk import following_elements
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


FETCHED = datetime(2023, 11, 5, tzinfo=UTC)


def _after_h1(body: str, language: str | None = "de") -> str | None:
    tree = fromstring(f"<html><body>{body}</body></html>")
    return date_after_headline(tree.find(".//h1"), fetched_at=FETCHED, language=language)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the date line of the article header
        ("<h1>Kräne</h1><p class='meta'><span>31. Oktober 2023.</span></p>", "31. Oktober 2023."),
        ("<h1>Kräne</h1><div><time>31.10.2023</time></div>", "31.10.2023"),
        (
            "<div><h1>Kräne</h1></div><div><span>Von Ada</span><span>28.09.23</span></div>",
            "28.09.23",
        ),
        # a number that is no date, a date in a container's text only: nothing
        ("<h1>Kräne</h1><p>Seit 2019 gibt es 14 Kräne.</p>", None),
        ("<h1>Kräne</h1><div><p>Ein Satz.</p>31.10.2023</div>", None),
        # a date far below the headline belongs to something else
        ("<h1>Kräne</h1>" + "<p>Ein Satz.</p>" * 45 + "<span>02.06.2020</span>", None),
        # a date before the headline is not "after" it
        ("<span>02.06.2020</span><h1>Kräne</h1><p>Ein Satz.</p>", None),
    ],
)
def test_date_after_headline(body: str, expected: str | None) -> None:
    assert _after_h1(body) == expected


def test_header_date_beats_a_teaser_date_for_htmldate() -> None:
    """No date metadata and no label: the date under the headline wins over the dates of a
    rail of teasers above the article (``class="date"``, which htmldate ranks first)."""
    rail = "".join(
        f'<li><a href="/s{i}">Other story {i}</a> <span class="date">0{i}.06.2020</span></li>'
        for i in range(1, 4)
    )
    html = (
        f'<html lang="de"><body><aside><ul>{rail}</ul></aside><article>'
        "<h1>Hafen ersetzt die alten Kräne</h1><p class='byline'><span>31.03.2020</span></p>"
        f"<p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    )
    page = FetchedPage(
        url="https://hafen.example/a-65464327", html=html, fetched_at="2023-05-01T00:00:00Z"
    )
    assert process_page(page).published == "2020-03-31"


def test_following_is_xpaths_following_axis() -> None:
    """The lazy walk yields what ``following::*`` selects, in the same order (comments,
    nesting and the element's own descendants included in the page)."""
    tree = fromstring(
        "<html><body><div><h1>Kräne <em>neu</em></h1><!-- c --><p>a<b>b</b></p></div>"
        "<section><div><span>1</span></div></section><footer><p>f</p></footer></body></html>"
    )
    following = etree.XPath("following::*")
    for element in tree.iter(etree.Element):
        assert list(following_elements(element)) == following(element)
