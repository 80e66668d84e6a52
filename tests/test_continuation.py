"""An article cut in twin containers by ad rows is extracted whole; a like box that is not
more of the text (another story, a promo, a teaser box) stays out."""

from __future__ import annotations

from lxml import html as lxml_html

from newscrawl.extraction.article import extract_article
from newscrawl.extraction.continuation import continuations
from tests.support.prose import PROSE, PROSE_2, ferry_page

CLOSING = (
    "The operator said the winter timetable would be posted at both terminals, and that "
    "season tickets bought for the cancelled crossing would be honoured until March. "
)
SUBHEAD = "What changes for commuters"
AD_ROW = (
    "<div class='row'><div class='ad-slot'><span class='ad-label'>Advertisement</span>"
    "<div id='slot-1'></div><script>window.renderAd('slot-1');</script></div></div>"
)


def _paragraph(text: str) -> str:
    return f"<p class='body-block body-paragraph'>{text}</p>"


def _part(*blocks: str, classes: str = "story-body body") -> str:
    return f"<div class='{classes}'>{''.join(blocks)}</div>"


def _page(*parts: str) -> str:
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'></head><body><main>"
        "<h1>Council keeps the night ferry running</h1>"
        f"{''.join(parts)}</main></body></html>"
    )


FIRST = _part(_paragraph(PROSE * 2), _paragraph(PROSE_2 * 2), _paragraph(PROSE_2 + PROSE))


def test_a_body_cut_by_ad_rows_is_extracted_whole() -> None:
    second = _part(
        f"<h2 class='body-block body-subhead'>{SUBHEAD}</h2>",
        _paragraph(PROSE * 2),
        classes="story-body body spaced",
    )
    third = _part(_paragraph(CLOSING * 2), classes="story-body body")
    text = extract_article(ferry_page(_page(FIRST, AD_ROW, second, AD_ROW, third))).text
    assert text.startswith(PROSE.strip())
    assert SUBHEAD in text
    assert text.endswith(CLOSING.strip())
    assert "Advertisement" not in text


def test_the_next_story_in_a_twin_container_stays_out() -> None:
    # Its headline, byline and date stand between the two: more than an ad label.
    other = (
        "<h2>Bridge repairs start in spring</h2><p class='byline'>By Ann Lee, 5 November</p>"
        + _part(_paragraph(CLOSING * 3))
    )
    text = extract_article(ferry_page(_page(FIRST, AD_ROW, other))).text
    assert "season tickets" not in text


def test_a_like_box_of_other_paragraphs_or_links_is_no_part() -> None:
    promo = _part("<p class='promo'>" + CLOSING * 2 + "</p>")
    links = _part(
        _paragraph(
            "".join(f"<a href='/news/{n}.html'>Another story number {n} </a>" for n in range(12))
        )
    )
    short = _part(_paragraph("Corrections: write to the desk."))
    for box in (promo, links, short):
        tree = lxml_html.fromstring(_page(FIRST, AD_ROW, box))
        container = tree.find(".//div[@class='story-body body']")
        assert continuations(container) == []
    tree = lxml_html.fromstring(_page(FIRST, AD_ROW, _part(_paragraph(CLOSING * 2))))
    assert len(continuations(tree.find(".//div[@class='story-body body']"))) == 1


def test_one_shared_layout_class_is_no_kinship() -> None:
    tree = lxml_html.fromstring(
        _page(
            _part(_paragraph(PROSE * 3), classes="col-12 col-lg-8"),
            _part(_paragraph(CLOSING * 2), classes="col-12"),
        )
    )
    assert continuations(tree.find(".//div[@class='col-12 col-lg-8']")) == []


def test_bare_paragraphs_join_only_between_twins_of_the_same_classes() -> None:
    first = "<div class='article__content'>" + f"<p>{PROSE * 2}</p><p>{PROSE_2 * 2}</p></div>"
    twin = f"<div class='article__content'><p>{CLOSING * 2}</p></div>"
    kin = f"<div class='article__content promo'><p>{CLOSING * 2}</p></div>"
    tree = lxml_html.fromstring(_page(first, AD_ROW, twin))
    assert len(continuations(tree.find(".//div[@class='article__content']"))) == 1
    tree = lxml_html.fromstring(_page(first, AD_ROW, kin))
    assert continuations(tree.find(".//div[@class='article__content']")) == []
