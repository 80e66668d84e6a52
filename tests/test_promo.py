"""The outlet's newsletter or channel promotion under the story is not part of its text."""

from __future__ import annotations

from newscrawl.extraction.article import extract_article
from newscrawl.extraction.promo import without_closing_promos
from tests.support.prose import PROSE, PROSE_2, ferry_page

PROMO = "Harbour news every morning: sign up for the Herald's free ferry newsletter."


def test_a_closing_newsletter_promotion_goes() -> None:
    html = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'></head><body><article>"
        f"<h1>Council keeps the night ferry running</h1><p>{PROSE * 2}</p><p>{PROSE_2 * 2}</p>"
        f"<p>{PROSE_2}{PROSE}</p><p>{PROSE * 2}</p><p>{PROMO}</p></article></body></html>"
    )
    page = ferry_page(html)
    text = extract_article(page).text
    assert "newsletter" not in text
    assert text.endswith(PROSE.strip())


def test_the_story_may_speak_of_newsletters() -> None:
    story = "The council's newsletter first reported the vote on Tuesday."
    early = f"{story}\n\n{PROSE}\n\n{PROSE_2}\n\n{PROSE}\n\n{PROSE_2}"
    assert without_closing_promos(early) == early
    long_one = f"{PROSE}\n\n{PROSE_2}\n\n{PROSE}\n\n{story} {PROSE * 3}"
    assert without_closing_promos(long_one) == long_one
    short = f"{PROSE}\n\n{PROMO}"
    assert without_closing_promos(short) == short  # too short a text to have a tail


def test_promotions_among_the_last_paragraphs_go() -> None:
    channel = "Follow our WhatsApp channel for the latest ferry news."
    text = f"{PROSE}\n\n{PROSE_2}\n\n{PROSE}\n\n{PROMO}\n\n{PROSE_2}\n\n{channel}"
    assert without_closing_promos(text) == f"{PROSE}\n\n{PROSE_2}\n\n{PROSE}\n\n{PROSE_2}"


def test_a_telegram_channel_promotion_goes() -> None:
    channel = "¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular en este enlace."
    text = f"{PROSE}\n\n{PROSE_2}\n\n{PROSE}\n\n{PROSE_2}\n\n{channel}"
    assert without_closing_promos(text) == f"{PROSE}\n\n{PROSE_2}\n\n{PROSE}\n\n{PROSE_2}"
