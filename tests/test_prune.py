"""Markup fixed or removed before trafilatura reads the page."""

from __future__ import annotations

from lxml.html import fromstring

from newscrawl.extraction.article import extract_article
from newscrawl.extraction.prune import (
    drop_figure_captions,
    drop_picture_captions,
    flatten_ruby,
    prune_gate_boxes,
)
from tests.support.prose import PROSE, PROSE_2, ferry_page

# Hand-written Japanese news prose with a name annotated by its reading.
PARAGRAPH = (
    "<p>\n【東京＝山田花子】港町の\n"
    "<ruby><rb>川端真一</rb><rp>（</rp><rt>かわばたしんいち</rt><rp>）</rp></ruby>\n"
    "市長は３日夜、夜の渡し船を冬の間も運航すると発表した。市民の署名が数週間で集まり、"
    "運航会社は今月中に新しい時刻表を出すと約束した。港で働く人々はこの決定を歓迎している。</p>"
)
SECOND = (
    "<p>市議会は火曜日の夜遅くに採決し、最終便を時刻表から外す計画を取り消した。"
    "市長は記者会見で、島に住む人々の暮らしを守るための決定だと説明した。"
    "運航会社によると、冬の間の乗客数は昨年より増える見込みだという。</p>"
)


def test_ruby_with_fallback_brackets_reads_inline() -> None:
    tree = fromstring(f"<html><body>{PARAGRAPH}</body></html>")
    assert flatten_ruby(tree)
    text = tree.find(".//p").text_content()
    assert "港町の 川端真一（かわばたしんいち） 市長は３日夜" in " ".join(text.split())


def test_furigana_without_brackets_goes() -> None:
    furigana = "<ruby>渡<rt>わた</rt></ruby>し<ruby>船<rt>ぶね</rt></ruby>が出る。"
    tree = fromstring(f"<html><body><p>{furigana}</p></body></html>")
    assert flatten_ruby(tree)
    assert tree.find(".//p").text_content() == "渡し船が出る。"


def test_a_page_without_ruby_is_left_alone() -> None:
    assert not flatten_ruby(fromstring("<html><body><p>Plain.</p></body></html>"))


def test_the_text_after_an_annotated_name_is_kept() -> None:
    html = (
        "<!DOCTYPE html><html lang='ja'><head><meta charset='utf-8'></head><body>"
        "<article><h1>夜の渡し船、冬も運航</h1><div>"
        f"{PARAGRAPH}<figure><img src='/f.jpg'><figcaption>港の渡し船</figcaption></figure>"
        f"{SECOND}{SECOND}</div></article></body></html>"
    )
    page = ferry_page(html)
    text = extract_article(page).text
    first = next(p for p in text.split("\n\n") if "港町の" in p)
    assert "川端真一（かわばたしんいち）" in first  # the reading stays, in brackets
    assert "市長は３日夜" in first  # and the paragraph goes on after the name


def test_picture_captions_are_not_the_body() -> None:
    # A short story with its picture first: trafilatura's fallback kept the caption.
    caption = "The night ferry at the pier in winter, as the council meets on its future."
    html = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'></head><body>"
        "<div><h1>Ferry saved</h1><figure><img src='/ferry.jpg' alt=''>"
        f"<figcaption><p class='caption'>{caption}</p></figcaption></figure>"
        f"<p>{PROSE}</p></div></body></html>"
    )
    page = ferry_page(html)
    text = extract_article(page).text
    assert "pier in winter" not in text
    assert text.startswith("The regional council voted")


def test_drop_figure_captions_keeps_the_text_after_them() -> None:
    tree = fromstring("<div><figure><figcaption>Cap</figcaption>after</figure></div>")
    assert drop_figure_captions(tree) == 1
    assert tree.text_content() == "after"


POLL = (
    "<div class='st-4b7e0-0 hTqvaP'><div class='st-4b7e0-1 mWxcoL'><p>Should the council "
    "keep the night ferry running through the winter months?</p></div>"
    "<div class='st-4b7e0-2 rPzkeN'>"
    "<label><input type='radio' name='p1'> Yes</label>"
    "<label><input type='radio' name='p1'> No</label></div></div>"
)


def test_a_reader_poll_among_the_paragraphs_goes() -> None:
    html = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'></head><body><article>"
        f"<h1>Council keeps the night ferry running</h1><p>{PROSE * 2}</p><p>{PROSE * 3}</p>"
        f"{POLL}<p>{PROSE * 2}</p><p>{PROSE * 3}</p></article></body></html>"
    )
    text = extract_article(ferry_page(html)).text
    assert "Should the council keep" not in text
    assert text.count(PROSE.strip()[:40]) == 10


MEMBERS_ONLY = (
    "This story is for our members only. Readers who take the print edition of the Herald "
    "can register for free and read every story on the website and in the app."
)
PRINT_NOTE = "The print edition is the Herald's daily paper and its Sunday magazine."
GATE = (
    "<div class='box-x1'><div class='inner'>"
    f"<p class='txt'><span>{MEMBERS_ONLY}</span></p>"
    "<div class='btns'><a class='btn' href='/service/register'>Register</a>"
    "<a class='btn' href='/service/login?next=/news/ferry.html'>Log in to read on</a></div>"
    f"<p class='note'>{PRINT_NOTE}</p></div></div>"
)


def test_a_paywall_box_after_the_teaser_text_goes() -> None:
    html = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'></head><body>"
        "<div class='entry'><h1>Council keeps the night ferry running</h1>"
        f"<div class='block'>{PROSE * 2}</div><div class='block'>{PROSE_2 * 3}</div>"
        f"{GATE}</div></body></html>"
    )
    text = extract_article(ferry_page(html)).text
    assert "for our members" not in text
    assert PRINT_NOTE not in text
    assert text.endswith(PROSE_2.strip())


def test_a_subscription_link_in_running_text_or_a_long_block_stays() -> None:
    inline = fromstring(
        f"<html><body><div><p>{PROSE} Readers can <a href='/subscribe'>subscribe</a>.</p>"
        "</div></body></html>"
    )
    assert prune_gate_boxes(inline) == 0
    long_block = fromstring(
        f"<html><body><div><div>{PROSE * 3}<a href='/login'>Log in</a></div></div></body></html>"
    )
    assert prune_gate_boxes(long_block) == 0
    teaser = fromstring(
        "<html><body><div><a href='/abo/story.html'>A linked teaser about the harbour, far "
        "longer than any button label</a></div></body></html>"
    )
    assert prune_gate_boxes(teaser) == 0


def test_a_link_that_is_no_url_is_no_gate() -> None:
    tree = fromstring(
        "<html><body><div><a href='http://[ccpa-preferences]/login'>Log in</a></div></body></html>"
    )
    assert prune_gate_boxes(tree) == 0
    assert prune_gate_boxes(fromstring(f"<html><body>{GATE}</body></html>")) == 1


PICTURED = (
    "Pictured left, the ferry's captain Ann Lee with the two deckhands of the night crossing."
)
CREDIT = "Picture: Harbour Herald"


def _picture_widget(*paragraphs: str) -> str:
    return (
        "<div class='image-widget'><span class='image'><span class='target'><picture>"
        "<img src='/crew.jpg' alt=''></picture></span><span class='children'></span></span>"
        + "".join(f"<p><span>{p}</span></p>" for p in paragraphs)
        + "</div>"
    )


def test_a_caption_set_as_paragraphs_under_its_picture_goes() -> None:
    html = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'></head><body><article>"
        f"<h1>Council keeps the night ferry running</h1><p>{PROSE * 2}</p>"
        f"{_picture_widget(PICTURED, CREDIT)}<p>{PROSE_2 * 2}</p><p>{PROSE * 3}</p>"
        "</article></body></html>"
    )
    text = extract_article(ferry_page(html)).text
    assert "Pictured left" not in text and CREDIT not in text
    assert PROSE_2.strip() in text


def test_text_beside_a_picture_that_is_no_caption_stays() -> None:
    # A media-and-text block, paragraphs among others, a long text under a picture, and a
    # story that is a picture and a paragraph.
    media_and_text = fromstring(
        f"<div><div><img src='/a.jpg'><span>Crew</span></div><p>{PICTURED}</p></div>"
    )
    among = fromstring(f"<div><img src='/a.jpg'><p>{PICTURED}</p><p>{PROSE}</p></div>")
    long_text = fromstring(f"<div><div><img src='/a.jpg'></div><p>{PROSE * 3}</p></div>")
    short_story = fromstring(f"<div><div>{_picture_widget(PICTURED)}</div></div>")
    for tree in (media_and_text, among, long_text, short_story):
        assert drop_picture_captions(tree) == 0
    amid_text = fromstring(f"<div><p>{PROSE * 2}</p>{_picture_widget(PICTURED, CREDIT)}</div>")
    assert drop_picture_captions(amid_text) == 2
    assert PROSE.strip() in amid_text.text_content()


def test_a_short_brief_with_a_log_in_link_keeps_its_text() -> None:
    brief = "The night ferry runs again from Monday, the operator said on Tuesday evening."
    html = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'></head><body>"
        "<div class='brief'><h1>Night ferry back from Monday</h1>"
        f"<p>{brief}</p><a href='/account/login'>Log in to comment</a></div></body></html>"
    )
    assert prune_gate_boxes(fromstring(html)) == 0
    assert extract_article(ferry_page(html)).text == brief
