"""Subheads that trafilatura's fallback drops are put back between their paragraphs."""

from __future__ import annotations

from lxml import html as lxml_html
from trafilatura import bare_extraction

from newscrawl.extraction.article import extract_article
from newscrawl.extraction.subheads import with_lost_subheads
from tests.support.prose import PROSE, PROSE_2, ferry_page

SUBHEAD = "Why the operator gave in"
SECOND = "What the timetable will say"


PARAGRAPHS = [
    PROSE * 2,
    PROSE_2 * 2,
    "The operator had argued for months that the last crossing lost money on every trip, "
    "but its own figures showed the night boat full on most Fridays and Saturdays. ",
    "Councillors from both harbour wards said the crossing was the only way home for shift "
    "workers at the hospital, and the petition gathered four thousand names in a fortnight. ",
    "From December the night ferry leaves the north pier at twenty to midnight and calls at "
    "the island jetty before it returns, with a bus waiting at the terminal for the late "
    "trains. ",
]


def _report() -> str:
    # No <article>, no class trafilatura's own pass knows: its fallbacks read the text,
    # and they keep paragraphs only.
    p = [f"<p>{text}</p>" for text in PARAGRAPHS]
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'></head><body>"
        "<div class='col3'><div class='group'><h1>Council keeps the night ferry running</h1>"
        f"<div class='longText'>{p[0]}{p[1]}<h2>{SUBHEAD}</h2>{p[2]}{p[3]}<h2>{SECOND}</h2>"
        f"{p[4]}</div></div></div></body></html>"
    )


def test_the_fixture_loses_its_subheads_in_trafilatura() -> None:
    text = bare_extraction(_report(), with_metadata=False).text
    assert all(p.strip()[:40] in text for p in PARAGRAPHS)
    assert SUBHEAD not in text and SECOND not in text


def test_subheads_lost_between_kept_paragraphs_come_back() -> None:
    paragraphs = extract_article(ferry_page(_report())).text.split("\n\n")
    assert paragraphs[2] == SUBHEAD
    assert paragraphs[5] == SECOND
    assert len(paragraphs) == 7


def test_a_heading_whose_neighbours_are_not_consecutive_stays_out() -> None:
    page = lxml_html.fromstring(
        f"<div><p>{PROSE}</p><h3>Related stories</h3><p>{PROSE_2}</p><p>{PROSE * 2}</p></div>"
    )
    container = page
    places = [page[0], page[3]]
    # The paragraph after the heading is not in the text: the heading is no subhead of it.
    assert with_lost_subheads([PROSE.strip(), (PROSE * 2).strip()], places, container) == (
        [PROSE.strip(), (PROSE * 2).strip()],
        places,
    )
    both = [page[0], page[2]]
    texts = [PROSE.strip(), PROSE_2.strip()]
    assert with_lost_subheads(texts, both, container)[0] == [
        PROSE.strip(),
        "Related stories",
        PROSE_2.strip(),
    ]


def test_two_headings_in_a_row_are_a_box_not_subheads() -> None:
    page = lxml_html.fromstring(
        f"<div><p>{PROSE}</p><h3>More</h3><h4>Other headline</h4><p>{PROSE_2}</p></div>"
    )
    texts = [PROSE.strip(), PROSE_2.strip()]
    places = [page[0], page[3]]
    assert with_lost_subheads(texts, places, page) == (texts, places)
