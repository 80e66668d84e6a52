"""Publication dates that a page states under a label, for pages without date metadata."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from lxml import etree
from lxml.html import fromstring

from newscrawl.extraction.datelabel import (
    date_after_headline,
    date_in_line,
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
        # a date after the headline wins over one before it
        ("<span>02.06.2020</span><h1>Kräne</h1><p><span>31.10.2023</span></p>", "31.10.2023"),
        # shapes of date lines: spaced dots, a comma before the year, Spanish "de"
        ("<h1>Kräne</h1><p><span>4. 2. 2022</span></p>", "4. 2. 2022"),
        ("<h1>Kräne</h1><p><span>07 Dezember, 2022</span></p>", "07 Dezember, 2022"),
        ("<h1>Kräne</h1><p><time>3 de mayo de 2022</time></p>", "3 de mayo de 2022"),
        # the tail of an inline element continues its line; the tail of a block does not
        ("<h1>Kräne</h1><div>Von <span>DTB</span> 4. 2. 2022.</div>", "4. 2. 2022."),
        ("<h1>Kräne</h1><div><p>Ein Satz.</p> 31.10.2023</div>", None),
        # ... and the tail of a label other than a publication label is that label's value
        ("<h1>Kräne</h1><p><strong>Registriert:</strong> 18.09.2008, 05:56</p>", None),
        ("<h1>Kräne</h1><p><strong>Datum:</strong> 18.09.2008</p>", "18.09.2008"),
    ],
)
def test_date_after_headline(body: str, expected: str | None) -> None:
    assert _after_h1(body) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Veröffentlicht am 3. Mai 2023, 10:05 Uhr", "Veröffentlicht am 3. Mai 2023, 10:05 Uhr"),
        # a date at the end of a byline, at the start of a line that runs into the text
        ("Von Ada Muster (21. November 2022)", "21. November 2022"),
        ("Von Ada Muster, 21.11.2022, 10:05 Uhr", "21.11.2022, 10:05 Uhr"),
        (
            "(21. November 2022) Verbraucher erhalten eine Preiserhöhung nach der nächsten.",
            "21. November 2022",
        ),
        ("05.02.2020 - Redaktion: Eberhard Muster (Pressesprecher des Verbands)", "05.02.2020"),
        # a date inside a sentence is the text's
        ("Seit dem 1. Oktober 2022 gilt ein neuer Satz", None),
        ("Verbraucher erhalten (21. November 2022) eine Preiserhöhung nach der nächsten.", None),
        ("Keine Angabe", None),
    ],
)
def test_date_in_line(line: str, expected: str | None) -> None:
    found = date_in_line(line, fetched_at=FETCHED, language="de")
    assert (found[0] if found else None) == expected


def test_date_in_line_gives_its_reading() -> None:
    found = date_in_line("Von Ada Muster, 03/05/2022 22:41", fetched_at=FETCHED, language="es")
    assert found is not None
    line, parsed = found
    assert line == "03/05/2022 22:41"
    assert (parsed.local_date, parsed.local_time) == (date(2022, 5, 3), time(22, 41))
    assert parsed.utc is None  # no zone written: none invented


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a byline with its date just above the headline, when none follows it
        (
            "<p>Par <a>Ada Muster</a> | 30 septembre 2018</p><h1>Macronie</h1><p>Un texte.</p>",
            "30 septembre 2018",
        ),
        # share icons between them do not count as lines
        (
            "<div>05.02.2020 </div><span>- Redaktion</span><div><a><span></span></a>"
            "<a><span></span></a><a><span></span></a></div><h1>Lieferketten</h1><p>Text.</p>",
            "05.02.2020",
        ),
        # further up, the navigation's dates are not the article's
        (
            "<ul><li>01.01.2020</li><li>A</li><li>B</li><li>C</li><li>D</li></ul>"
            "<h1>Lieferketten</h1><p>Text.</p>",
            None,
        ),
        # "updated" gives way to the publication date above the headline ...
        (
            "<p><span>30 septembre 2018</span></p><h1>Macronie</h1>"
            "<p><i>Article mis à jour le 7 janvier 2020.</i></p>",
            "30 septembre 2018",
        ),
        # ... and is taken when there is no other
        (
            "<h1>Macronie</h1><p><i>Mis à jour le 7 janvier 2020</i></p>",
            "Mis à jour le 7 janvier 2020",
        ),
    ],
)
def test_date_line_near_headline(body: str, expected: str | None) -> None:
    assert _after_h1(body, language="fr") == expected


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
