"""The standfirst: the summary under the headline that the page also states as its description."""

from __future__ import annotations

import json

from lxml.html import fromstring

from newscrawl.extraction.article import extract_article
from newscrawl.extraction.standfirst import find_standfirst, with_standfirst
from tests.support.prose import PROSE, PROSE_2, ferry_page

SUMMARY = "Night crossings stay on the timetable after a close vote and weeks of petitions."


def page(header: str, description: str = SUMMARY, after: str = "") -> str:
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta name='description' content='{description}'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news/'>News</a></nav>"
        f"<div class='article-header'><h1>Council keeps the night ferry running</h1>{header}</div>"
        f"<div class='article-body'><p>{PROSE * 2}</p><p>{PROSE_2 * 2}</p>"
        f"<p>{PROSE_2}{PROSE}</p></div>{after}"
        "<footer>© The Harbour Herald</footer></body></html>"
    )


def extract(html: str) -> str:
    page_ = ferry_page(html)
    return extract_article(page_).text


def test_the_standfirst_shown_under_the_headline_leads_the_body() -> None:
    text = extract(page(f"<p class='dek'>{SUMMARY}</p>"))
    assert text.startswith(SUMMARY + "\n\nThe regional council voted")


def test_a_standfirst_split_by_inline_markup_is_read_whole() -> None:
    dek = (
        "<p class='dek'>Night crossings stay on the timetable <b>after a close vote</b>"
        " and weeks of petitions.</p>"
    )
    assert extract(page(dek)).startswith(SUMMARY + "\n\n")


def test_a_description_the_page_does_not_show_is_not_added() -> None:
    assert extract(page("")).startswith("The regional council voted")


def test_a_caption_that_reads_as_the_description_is_not_a_standfirst() -> None:
    figure = f"<figure><img src='/f.jpg'><figcaption>{SUMMARY}</figcaption></figure>"
    assert SUMMARY not in extract(page(figure))


def test_the_description_shown_below_the_body_is_a_teaser_not_a_standfirst() -> None:
    teaser = f"<aside><p>{SUMMARY}</p></aside>"
    assert not extract(page("", after=teaser)).startswith(SUMMARY)


def test_a_description_cut_with_an_ellipsis_finds_the_whole_block() -> None:
    headline = fromstring(page(f"<p class='dek'>{SUMMARY}</p>")).find(".//h1")
    cut = SUMMARY[:50] + "..."
    assert find_standfirst(headline, cut, PROSE) == SUMMARY


def test_a_description_that_is_the_body_opening_is_not_added_twice() -> None:
    headline = fromstring(page("")).find(".//h1")
    assert find_standfirst(headline, PROSE[:120] + "…", PROSE * 2) is None


def test_with_standfirst_keeps_a_text_that_holds_it() -> None:
    text = f"Intro.\n\n{SUMMARY}\n\n{PROSE}"
    assert with_standfirst(text, SUMMARY) == text
    assert with_standfirst(PROSE, SUMMARY) == f"{SUMMARY}\n\n{PROSE}"


def test_the_standfirst_may_follow_a_long_header() -> None:
    share = "<ul class='share'>" + "<li><span>x</span></li>" * 50 + "</ul>"
    assert extract(page(f"{share}<p class='dek'>{SUMMARY}</p>")).startswith(SUMMARY)


def test_the_first_h1_anchors_the_search_when_the_headline_is_not_found() -> None:
    # The declared headline is read without the section glued to the visible one.
    declared = json.dumps({"@type": "NewsArticle", "headline": "Council keeps the night ferry"})
    html = (
        page(f"<p class='dek'>{SUMMARY}</p>")
        .replace(
            "<h1>Council keeps the night ferry running</h1>",
            "<h1>Harbour : Council keeps the night ferry</h1>",
        )
        .replace("<head>", f"<head><script type='application/ld+json'>{declared}</script>")
    )
    assert extract(html).startswith(SUMMARY)


def test_a_meta_description_is_tried_when_the_declared_one_is_not_shown() -> None:
    # JSON-LD describes the picture; <meta name=description> holds the standfirst shown.
    declared = json.dumps(
        {"@type": "NewsArticle", "description": "The ferry at the pier in the early morning."}
    )
    html = page(f"<p class='dek'>{SUMMARY}</p>").replace(
        "<head>", f"<head><script type='application/ld+json'>{declared}</script>"
    )
    assert extract(html).startswith(SUMMARY + "\n\n")


def test_a_standfirst_that_opens_with_a_link_is_found() -> None:
    dek = (
        "<div class='intro'> <a href='/topics/night'>Night</a> crossings stay on the timetable"
        " after a close vote and weeks of petitions.</div>"
    )
    assert extract(page(dek)).startswith(SUMMARY + "\n\n")


def test_the_dateline_before_the_standfirst_is_kept_with_it() -> None:
    dek = f"<div class='dek'><span>Harwick.</span> <span>{SUMMARY}</span></div>"
    assert extract(page(dek)).startswith(f"Harwick. {SUMMARY}\n\n")


def test_a_longer_text_before_the_standfirst_is_not_a_dateline() -> None:
    before = "<span>Read this in the morning paper.</span>"
    dek = f"<div class='dek'>{before} <span>{SUMMARY}</span></div>"
    assert extract(page(dek)).startswith(f"{SUMMARY}\n\n")
