"""The author's biography box that closes an article is not part of its text."""

from __future__ import annotations

import json

from newscrawl.extraction.article import extract_article
from newscrawl.extraction.authorbox import without_author_box, without_declared_bios
from tests.support.prose import PROSE, PROSE_2, ferry_page

BIO = (
    "Ada Brook is the Herald's transport reporter. She has covered the harbour, its ferries "
    "and its unions since 2012."
)


def test_the_closing_biography_of_the_author_goes() -> None:
    head = (
        "<script type='application/ld+json'>"
        + json.dumps(
            {
                "@type": "NewsArticle",
                "headline": "Council keeps the night ferry running",
                "author": {"@type": "Person", "name": "Ada Brook"},
            }
        )
        + "</script>"
    )
    body = (
        "<article><h1>Council keeps the night ferry running</h1>"
        f"<p>{PROSE * 2}</p><p>{PROSE_2 * 2}</p><p>{PROSE_2}{PROSE}</p>"
        f"<p>{BIO}</p></article>"
    )
    html = f"<html lang='en'><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    page = ferry_page(html)
    article = extract_article(page)
    assert "transport reporter" not in article.text
    assert article.text.endswith(PROSE.strip())
    assert article.byline_raw == "Ada Brook"


def test_comment_prompts_after_the_box_go_with_it() -> None:
    text = f"{PROSE}\n\n{PROSE_2}\n\n{BIO}\n\nYou must confirm your display name first."
    assert without_author_box(text, ["Ada Brook"]) == f"{PROSE}\n\n{PROSE_2}"


def test_speech_and_other_people_and_the_body_stay() -> None:
    interview = f"{PROSE}\n\nAda Brook: Why keep the ferry?\n\n{PROSE_2}"
    assert without_author_box(interview, ["Ada Brook"]) == interview
    quoted = f"{PROSE}\n\nJohn Roe is the harbour master and welcomed the vote."
    assert without_author_box(quoted, ["Ada Brook"]) == quoted
    early = f"{BIO}\n\n{PROSE}\n\n{PROSE_2}\n\n{PROSE}\n\n{PROSE_2}\n\n{PROSE}"
    assert without_author_box(early, ["Ada Brook"]) == early
    assert without_author_box(f"{PROSE}\n\n{BIO}", ["Ada"]) == f"{PROSE}\n\n{BIO}"
    assert without_author_box(f"{PROSE}\n\nAda Brookes said so.", ["Ada Brook"]).endswith(
        "said so."
    )


def test_a_biography_signed_with_a_short_first_name_goes() -> None:
    bio = "Steph Bazzle covers the harbour and its unions. Follow Steph on the harbour forum."
    text = f"{PROSE}\n\n{PROSE_2}\n\n{PROSE}\n\n{bio}"
    assert without_author_box(text, ["Stephanie Bazzle"]) == f"{PROSE}\n\n{PROSE_2}\n\n{PROSE}"
    other = "Stephen Bazzley said the ferry would run all winter, and the union agreed."
    kept = f"{PROSE}\n\n{PROSE_2}\n\n{other}"
    assert without_author_box(kept, ["Stephanie Bazzle"]) == kept


DECLARED_BIO = (
    "A veteran of the harbour beat, she has reported on ferries, cranes and dock strikes for "
    "two decades and edits the weekly shipping newsletter."
)


def test_the_bio_the_page_declares_for_its_author_goes_wherever_it_stands() -> None:
    """The JSON-LD author's ``description`` printed above the article: no name opens it, so
    only the page's own declaration tells it apart from the text."""
    data = {
        "@type": "NewsArticle",
        "headline": "Council keeps the night ferry running",
        "author": {"@type": "Person", "name": "Ada Brook", "description": DECLARED_BIO},
    }
    head = f"<script type='application/ld+json'>{json.dumps(data)}</script>"
    body = (
        "<article><h1>Council keeps the night ferry running</h1>"
        f"<p>{DECLARED_BIO}</p><p>{PROSE * 2}</p><p>{PROSE_2 * 2}</p><p>{PROSE_2}{PROSE}</p>"
        "</article>"
    )
    html = f"<html lang='en'><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    article = extract_article(ferry_page(html))
    assert "harbour beat" not in article.text
    assert article.text.startswith(PROSE.strip()[:40])


def test_a_declared_bio_takes_its_own_paragraphs_only() -> None:
    labelled = f"About the author: {DECLARED_BIO}"
    text = f"{PROSE}\n\n{labelled}\n\n{PROSE_2}"
    assert without_declared_bios(text, [DECLARED_BIO]) == f"{PROSE}\n\n{PROSE_2}"
    # A paragraph that quotes the bio amid more of its own stays; so does a short title.
    quoting = f"{PROSE_2} {DECLARED_BIO} {PROSE}"
    assert without_declared_bios(f"{PROSE}\n\n{quoting}", [DECLARED_BIO]).endswith(quoting)
    assert without_declared_bios(f"{PROSE}\n\nStaff writer", ["Staff writer"]).endswith(
        "Staff writer"
    )
