"""Closing paragraphs that sit outside the article's container are not part of its text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml.html import fromstring

from newscrawl.extraction.mainblock import (
    PREFIX_CHARS,
    _flat,
    _opening,
    locate,
    without_outside_tail,
)
from tests.support.prose import PROSE, PROSE_2

APPEAL = "Independent journalism costs money. Support the Herald with a monthly donation today."
CONTACT = "Press contact: Harbour Lines, Jane Roe, phone 555 0100."


def tree(article: list[str], after: list[str], table: bool = False) -> object:
    inside = "".join(f"<p>{p}</p>" for p in article)
    outside = "".join(f"<p>{p}</p>" for p in after)
    if table:
        outside = "<table>" + "".join(f"<tr><td>{p}</td></tr>" for p in after) + "</table>"
    return fromstring(
        "<html><body><div class='page'><article><h1>Ferry saved</h1>"
        f"<div class='body'>{inside}</div></article>"
        f"<aside><div class='box'>{outside}</div></aside></div></body></html>"
    )


BODY = [PROSE * 2, PROSE_2 * 2, PROSE_2 + PROSE, PROSE * 2]


def test_a_closing_block_outside_the_article_goes() -> None:
    text = "\n\n".join([*BODY, APPEAL, CONTACT])
    assert without_outside_tail(text, tree(BODY, [APPEAL, CONTACT])) == "\n\n".join(BODY)


def test_the_closing_paragraphs_inside_the_article_stay() -> None:
    body = [*BODY, APPEAL]
    text = "\n\n".join(body)
    assert without_outside_tail(text, tree(body, [CONTACT])) == text


def test_a_block_outside_the_article_between_its_paragraphs_stays() -> None:
    # Only the closing run goes: the middle of the text is trafilatura's choice.
    text = "\n\n".join([BODY[0], APPEAL, *BODY[1:]])
    assert without_outside_tail(text, tree(BODY, [APPEAL])) == text


def test_a_long_closing_part_outside_the_container_stays() -> None:
    # A third of the text or more is a part of the story the page sets apart (a box, a
    # timeline), not furniture.
    long_tail = [PROSE * 3, PROSE_2 * 3]
    text = "\n\n".join([*BODY[:2], *long_tail])
    assert without_outside_tail(text, tree(BODY[:2], long_tail)) == text


def test_table_rows_and_unlocated_paragraphs_end_the_run() -> None:
    text = "\n\n".join([*BODY, f"| {CONTACT} |"])
    assert without_outside_tail(text, tree(BODY, [CONTACT], table=True)) == text
    unknown = "\n\n".join([*BODY, "A line that is nowhere on the page at all."])
    assert without_outside_tail(unknown, tree(BODY, [CONTACT])) == unknown


# Words with runs of one whitespace character after them, up to longer than the head read.
_TEXTS = st.lists(
    st.tuples(
        st.text(alphabet="abé", min_size=1, max_size=12),
        st.integers(1, 300),
        st.sampled_from(" \n\t\u00a0\u2003"),
    ),
    min_size=1,
    max_size=8,
).map(lambda parts: "".join(word + space * run for word, run, space in parts))


@given(_TEXTS)
def test_a_text_nodes_opening_is_the_opening_of_the_whole_node(text: str) -> None:
    """The index reads a head of each text node; it must give what flattening the whole node
    gives, whatever the whitespace (runs longer than the head included)."""
    assert _opening(text) == _flat(text)[:PREFIX_CHARS]


def test_a_closing_box_goes_with_its_lines_that_markup_splits() -> None:
    # The deal line's opening is split over inline markup (not found on the page), and
    # trafilatura breaks the support note at its <br>: both sit among the sidebar's lines.
    page = fromstring(
        "<html><body><div class='page'><article><h1>Ferry saved</h1><div class='body'>"
        + "".join(f"<p>{p}</p>" for p in BODY)
        + "</div></article><aside><div class='box'><div class='head'>Popular deals</div>"
        "<div>Now <b>only</b> 19 euros: a <i>harbour</i> tour for two</div>"
        "<div class='head'>Support the Herald</div>"
        "<div>Shopping online?<br>Then use one of these links</div></div></aside>"
        "</div></body></html>"
    )
    closing = [
        "Popular deals",
        "Now only 19 euros: a harbour tour for two",
        "Support the Herald",
        "Shopping online?",
        "Then use one of these links",
    ]
    places = locate([*BODY, *closing], page)
    assert places[-1] is places[-2] is not None  # the line after the <br>: the same node
    assert places[len(BODY) + 1] is None  # split over inline markup
    text = "\n\n".join([*BODY, *closing])
    assert without_outside_tail(text, page) == "\n\n".join(BODY)


def test_unlocated_closing_lines_without_located_ones_around_stay() -> None:
    page = tree(BODY, [CONTACT])
    text = "\n\n".join([*BODY, CONTACT, "A line that is nowhere on the page at all."])
    assert without_outside_tail(text, page) == text
