"""Teaser cards (a link wrapped around another story's headline and blurb) are not the
article's text, wherever they stand among its paragraphs."""

from __future__ import annotations

from lxml import html as lxml_html

from newscrawl.extraction.article import extract_article
from newscrawl.extraction.cards import (
    beside_linked_headline,
    in_card,
    in_grid,
    without_cards,
    without_closing_grid,
)
from newscrawl.extraction.mainblock import locate
from tests.support.prose import PROSE, PROSE_2, ferry_page

BLURB = (
    "Volunteers spent three weekends repainting the old pier shelter, and the council has "
    "promised new lighting along the harbour walk before the winter storms arrive."
)
CARD = (
    '<a href="/news/pier-shelter.html"><h3>Pier shelter gets a fresh coat of paint</h3>'
    f"<p>{BLURB}</p></a>"
)
BUS_BLURB = (
    "The late buses from the ferry terminal to the hospital and the station run again from "
    "Monday, after the operator found drivers for the two night shifts it had cut."
)
CARDS = (
    f'<div class="more">{CARD}<a href="/news/night-buses.html"><h3>Night buses return</h3>'
    f"<p>{BUS_BLURB}</p></a></div>"
)


def _page(body: str) -> str:
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'></head><body><article>"
        f"<h1>Council keeps the night ferry running</h1>{body}</article></body></html>"
    )


def test_a_card_among_the_paragraphs_goes() -> None:
    html = _page(
        f"<p>{PROSE * 2}</p><p>{PROSE_2 * 2}</p>{CARDS}<p>{PROSE_2}{PROSE}</p><p>{PROSE * 2}</p>"
    )
    text = extract_article(ferry_page(html)).text
    assert "Volunteers spent three weekends" not in text
    assert "fresh coat of paint" not in text
    assert "Night buses return" not in text
    assert "The late buses from the ferry terminal" not in text
    assert text.endswith(PROSE.strip())


def test_inline_links_and_share_quotes_stay() -> None:
    tree = lxml_html.fromstring(
        "<div><p>Late on Tuesday the ferry operator <a href='/ferry'>agreed</a> to it.</p>"
        "<a href='https://share.example/?text=x'><span>Tweet this sentence of the story"
        "</span></a></div>"
    )
    paragraphs = [
        "Late on Tuesday the ferry operator agreed to it.",
        "Tweet this sentence of the story",
    ]
    places = locate(paragraphs, tree)
    assert all(place is not None and not in_card(place) for place in places)
    assert without_cards(paragraphs, places) == (paragraphs, places)


def test_a_text_of_cards_only_stays() -> None:
    tree = lxml_html.fromstring(f"<div><p>{PROSE}</p><ul><li>{CARD}</li></ul></div>")
    cards = ["Pier shelter gets a fresh coat of paint", BLURB]
    assert without_cards(cards, locate(cards, tree))[0] == cards
    mixed = [PROSE.strip(), f"- {BLURB}"]
    assert without_cards(mixed, locate(mixed, tree))[0] == [PROSE.strip()]


def test_an_accordion_title_is_no_card() -> None:
    tree = lxml_html.fromstring(
        "<ul><li><a class='title' role='tab'><h3>Free choice of the ferry operator</h3></a>"
        "<div>After two years you may switch.</div></li>"
        "<li><a href='#fares'><h3>Fares for children under twelve</h3></a></li></ul>"
    )
    heads = ["Free choice of the ferry operator", "Fares for children under twelve"]
    assert not any(in_card(place) for place in locate(heads, tree) if place is not None)
    assert all(place is not None for place in locate(heads, tree))


def _grid_card(slug: str, headline: str, blurb: str) -> str:
    return (
        f"<div class='tile'><h3 class='tile__title'><a href='/news/{slug}.html'>{headline}</a>"
        f"</h3><p class='tile__dek'>{blurb}</p></div>"
    )


GRID = (
    "<section class='row'><h2>More from the Herald</h2><div class='tiles'>"
    + _grid_card("pier", "Pier shelter gets a fresh coat of paint", BLURB)
    + _grid_card("buses", "Night buses return to the terminal", BUS_BLURB)
    + _grid_card(
        "lights",
        "Harbour walk lights switched on early",
        "The new lamps along the harbour walk were lit a week ahead of plan after a dry spell.",
    )
    + "</div></section>"
)


def test_a_closing_grid_of_teaser_cards_goes() -> None:
    html = _page(
        f"<p>{PROSE * 2}</p><p>{PROSE_2 * 2}</p><p>{PROSE_2}{PROSE}</p><p>{PROSE * 2}</p>{GRID}"
    )
    text = extract_article(ferry_page(html)).text
    assert "More from the Herald" not in text
    assert BLURB[:40] not in text and BUS_BLURB[:40] not in text
    assert "Harbour walk lights" not in text
    assert text.endswith(PROSE.strip())


def test_a_grid_within_the_text_stays() -> None:
    tree = lxml_html.fromstring(f"<div><p>{PROSE}</p>{GRID}<p>{PROSE_2}</p></div>")
    paragraphs = [
        PROSE.strip(),
        "Pier shelter gets a fresh coat of paint",
        BLURB,
        "Night buses return to the terminal",
        BUS_BLURB,
        PROSE_2.strip(),
    ]
    places = locate(paragraphs, tree)
    assert in_grid(places[1]) and in_grid(places[4]) and not in_grid(places[0])
    assert without_closing_grid(paragraphs, places) == (paragraphs, places)
    closing = paragraphs[:5]
    assert without_closing_grid(closing, places[:5])[0] == [PROSE.strip()]


def test_two_alike_blocks_or_long_ones_are_no_grid() -> None:
    two = lxml_html.fromstring(
        "<div>"
        + _grid_card("pier", "Pier shelter gets a fresh coat of paint", BLURB)
        + _grid_card("buses", "Night buses return to the terminal", BUS_BLURB)
        + "</div>"
    )
    assert not in_grid(locate([BLURB], two)[0])
    long_blurb = f"{BLURB} {BUS_BLURB} {PROSE}"
    sections = lxml_html.fromstring(
        "<div>"
        + "".join(_grid_card(f"s{i}", f"Part {i} of the story", long_blurb) for i in range(3))
        + "</div>"
    )
    assert not in_grid(locate(["Part 1 of the story"], sections)[0])


TEASER_BLURB = (
    "The harbour board will decide in January whether the old ferry can be refitted, "
    "after divers found the hull in better shape than the surveyors had feared."
)


def _linked_headline_teaser(label: str = "Harbour") -> str:
    return (
        "<div class='teaser'><a href='/news/old-ferry.html'><img src='/i/ferry.jpg' alt=''></a>"
        f"<div class='label'><a href='/harbour/'>{label}</a></div>"
        "<a class='title' href='/news/old-ferry.html'>Old ferry may sail again after a refit</a>"
        f"<p class='lead'>{TEASER_BLURB}</p></div>"
    )


def test_the_blurb_beside_another_storys_linked_headline_goes() -> None:
    html = _page(
        f"<p>{PROSE * 2}</p><p>{PROSE_2 * 2}</p>{_linked_headline_teaser()}"
        f"<p>{PROSE_2}{PROSE}</p><p>{PROSE * 2}</p>"
    )
    text = extract_article(ferry_page(html)).text
    assert "divers found the hull" not in text
    assert text.endswith(PROSE.strip())


def test_a_paragraph_beside_inline_links_or_a_short_link_stays() -> None:
    page = lxml_html.fromstring(
        "<html><body><div class='body'>"
        f"<p id='plain'>{BLURB}</p>"
        "<p>Read more: <a href='/news/old-ferry.html'>"
        "Old ferry may sail again after a refit</a></p>"
        "</div><div class='box'><a href='/harbour/'>Harbour</a>"
        f"<p id='labelled'>{BUS_BLURB}</p></div></body></html>"
    )
    assert not beside_linked_headline(page.get_element_by_id("plain"))
    assert not beside_linked_headline(page.get_element_by_id("labelled"))
    teaser = lxml_html.fromstring(f"<html><body>{_linked_headline_teaser()}</body></html>")
    assert beside_linked_headline(teaser.find(".//p"))
