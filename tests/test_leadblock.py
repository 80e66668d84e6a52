"""The lead under the headline joins the body when no description names it, and what only
looks like one (a caption, a date line, a teaser, furniture) does not."""

from __future__ import annotations

from lxml import html as lxml_html

from newscrawl.extraction.article import extract_article
from newscrawl.extraction.leadblock import find_lead_block
from tests.support.prose import PROSE, PROSE_2, ferry_page

LEAD = (
    "The last crossing of the night stays on the winter timetable after a vote that split "
    "the council, and the operator will publish new times this month."
)
BODY = f"{PROSE * 2}\n\n{PROSE_2 * 2}"


def _tree(header: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(
        f"<html><body><article><header><h1>Night ferry saved</h1>{header}</header>"
        f"<div class='text'><p>{PROSE * 2}</p><p>{PROSE_2 * 2}</p></div></article></body></html>"
    )


def _lead(header: str) -> str | None:
    tree = _tree(header)
    return find_lead_block(next(tree.iter("h1")), BODY)


def test_the_lead_under_the_headline_is_found() -> None:
    assert _lead(f"<p class='intro'><strong>{LEAD}</strong></p>") == LEAD


def test_a_page_whose_description_differs_keeps_its_lead() -> None:
    html = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='description' content='Ferry news from the harbour, every day of the year.'>"
        "</head><body><article><header><h1>Council keeps the night ferry running</h1>"
        f"<p class='intro'>{LEAD}</p></header><div class='text'><p>{PROSE * 2}</p>"
        f"<p>{PROSE_2 * 2}</p><p>{PROSE_2}{PROSE}</p><p>{PROSE * 2}</p></div></article>"
        "</body></html>"
    )
    assert extract_article(ferry_page(html)).text.startswith(LEAD)


def test_what_only_looks_like_a_lead_is_not_taken() -> None:
    caption = f"<figure><img src='/f.jpg'><figcaption>{LEAD}</figcaption></figure>"
    after_picture = f"<img src='/f.jpg'><div class='cap'><p>{LEAD}</p></div>"
    dated = f"<p>By Ann Lee on <time>4 March 2025</time>. {LEAD}</p>"
    cut = f"<p>{LEAD[:-1]}...</p>"
    teaser = f"<p><a href='/other'>{LEAD[:-20]}</a> more words.</p>"
    furniture = f"<nav><p>{LEAD}</p></nav>"
    repeated = f"<div><p class='a'>{LEAD}</p><p class='b'>{LEAD}</p></div>"
    short = "<p>Harbour news, ferries and the coast road.</p>"
    for header in (caption, after_picture, dated, cut, teaser, furniture, repeated, short):
        assert _lead(header) is None, header


def test_no_lead_when_the_body_is_not_seen_to_begin() -> None:
    tree = _tree(f"<p>{LEAD}</p>")
    assert find_lead_block(next(tree.iter("h1")), "A text that is not on this page at all.") is None
    assert find_lead_block(None, BODY) is None


def test_a_dek_set_as_a_subheading_needs_no_full_stop() -> None:
    dek = LEAD[:-1]  # "... new times this month" as a headline-style dek
    assert _lead(f"<h2 class='subheadline'>{dek}</h2>") == dek
    assert _lead(f"<p class='intro'>{dek}</p>") is None  # a paragraph ends as a sentence
