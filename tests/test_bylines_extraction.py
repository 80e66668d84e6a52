"""Visible bylines end to end: HTML in, ``Article.authors`` out (hand-written pages,
invented names)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from trafilatura.utils import load_html

from newscrawl.extraction.authorchoice import names_site
from newscrawl.extraction.byline import _MARKUP, _may_mark_byline, find_bylines
from newscrawl.items import FetchedPage
from newscrawl.processing import process_page
from tests.support.prose import PROSE, PROSE_2

HEADLINE = "<h1>Council keeps the night ferry running</h1>"
BODY = f"<p>{PROSE * 2}</p><p>{PROSE_2 * 2}</p><p>{PROSE_2}{PROSE}</p>"


def page(article: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/news/'>News</a></nav>"
        f"{article}<footer>© The Harbour Herald</footer></body></html>"
    )


def authors(html: str) -> list[str]:
    fetched = FetchedPage(
        url="https://herald.example/news/ferry.html", html=html, fetched_at="2025-11-05T10:00:00Z"
    )
    return process_page(fetched).authors


class TestLabelElements:
    """A label alone in its element ("<b>Autor:</b>"), the name beside it."""

    @pytest.mark.parametrize(
        "meta",
        [
            "<div class='info'><strong>Autor:</strong> <a href='/p/7'>Ada Brook</a><br>"
            "<strong>Tags:</strong> <a href='/t/1'>Ferry</a>, <a href='/t/2'>Harbour</a></div>",
            "<div class='x1 y2'><span class='k9'>By</span><span><a href='/team/ada'>Ada Brook"
            "</a></span><span>November 4, 2025</span></div>",
            "<div class='info'><span class='sr-only'>| By </span><span>Ada Brook</span> | "
            "<time>November 4, 2025</time></div>",
            "<div class='info'><a href='mailto:x'><b>Von:</b><br><br>Ada Brook</a></div>",
        ],
    )
    def test_name_after_the_label(self, meta: str) -> None:
        html = page(f"<article>{HEADLINE}{meta}{BODY}</article>")
        assert authors(html) == ["Ada Brook"]

    def test_a_gender_inclusive_label(self) -> None:
        meta = "<ul><li><strong>Autorin/Autor</strong> Ada Brook</li></ul>"
        assert authors(page(f"<article>{HEADLINE}{meta}{BODY}</article>")) == ["Ada Brook"]

    def test_label_and_name_in_neighbouring_cells(self) -> None:
        meta = (
            "<div class='name-wrapper'><div class='field'><p class='label'><strong>By</strong>"
            "</p></div><div class='field'><p class='full-name'>Ada Brook</p></div></div>"
        )
        assert authors(page(f"<article>{HEADLINE}{meta}{BODY}</article>")) == ["Ada Brook"]

    def test_a_label_line_is_taken_out_of_the_text(self) -> None:
        html = page(f"<article>{HEADLINE}<p><b>Text:</b> Ada Brook</p>{BODY}</article>")
        tree = load_html(html)
        (byline,) = find_bylines(tree)
        assert byline.text == "Text: Ada Brook"
        assert byline.element.tag == "p"

    def test_the_next_label_ends_the_name(self) -> None:
        meta = "<p><b>Autor:</b> Ada Brook <b>Quelle:</b> Harbour Wire</p>"
        tree = load_html(page(f"<article>{HEADLINE}{meta}{BODY}</article>"))
        assert [b.text for b in find_bylines(tree)] == ["Autor: Ada Brook"]

    def test_a_label_in_the_comments_is_not_a_byline(self) -> None:
        comments = "<div class='comments'><p><b>By</b> Max Roe</p></div>"
        html = page(f"<article>{HEADLINE}{BODY}</article>{comments}")
        assert authors(html) == []


class TestAuthorLists:
    """Templates that print each author in an element of their own."""

    def test_one_link_per_author(self) -> None:
        meta = (
            "<div class='meta'><a class='author-name' href='/p/ada'>Ada Brook</a>, "
            "<a class='author-name' href='/p/max'>Max Roe</a> and "
            "<a class='author-name' href='/p/eva'>Eva Stone</a></div>"
        )
        html = page(f"<article>{HEADLINE}{meta}{BODY}</article>")
        assert authors(html) == ["Ada Brook", "Max Roe", "Eva Stone"]

    def test_one_item_per_author_with_a_note(self) -> None:
        meta = "".join(
            f"<div class='tab'><a class='author-name' href='#'>{name}</a>"
            f"<div class='note'><p>{place}, and the Harbour Research Council of the North "
            "Sea coast</p><p><a href='/search'>Search for more of this author</a></p></div></div>"
            for name, place in (("Ada Brook", "Dover"), ("Max Roe", "Calais"))
        )
        html = page(f"<article>{HEADLINE}<div class='list'>{meta}</div>{BODY}</article>")
        assert authors(html) == ["Ada Brook", "Max Roe"]

    def test_profile_links_of_a_long_author_block(self) -> None:
        meta = (
            "<div rel='author'><div><a href='/autor/ada-brook'>Ada Brook</a><span>, </span>"
            "<a href='/autor/max-roe'>Max Roe</a><span> y </span><a href='/autor/eva-stone'>"
            "Eva Stone</a></div><time>Hace 13 horas</time> <span>Tiempo de lectura: 8 "
            "minutos</span> <span>Compartir en redes sociales</span></div>"
        )
        html = page(f"<article>{HEADLINE}{meta}{BODY}</article>")
        assert authors(html) == ["Ada Brook", "Max Roe", "Eva Stone"]

    def test_teasers_with_their_authors_are_no_list(self) -> None:
        teasers = "".join(
            f"<li><a href='/news/{i}'>Another story number {i}</a>"
            f"<div class='list-author'>Pressemitteilung von {name}</div></li>"
            for i, name in enumerate(("Max Roe", "Eva Stone", "Ada Brook"))
        )
        html = page(f"<div>{HEADLINE}{BODY}</div><ul>{teasers}</ul>")
        assert len(authors(html)) <= 1


class TestNameLine:
    """A label and a name alone on a line far down the headline's block, on pages without
    <article> or <main>."""

    def test_author_line_below_the_text(self) -> None:
        line = "<p><strong>Autorin: Ada Brook, Projektleiterin in Tunis.</strong></p>"
        body = "".join(f"<div class='media'><p>{PROSE}</p></div>" for _ in range(14))
        after = "".join(f"<p>Contact number {i}: +49 30 123 45{i}</p>" for i in range(4))
        html = page(f"<div class='news'><div class='row'>{HEADLINE}{body}{line}{after}</div></div>")
        assert authors(html) == ["Ada Brook"]

    def test_a_book_in_the_sidebar_is_no_byline(self) -> None:
        body = "".join(f"<div class='media'><p>{PROSE}</p></div>" for _ in range(14))
        sidebar = (
            "<div class='side'><div class='box'><div class='book'><p>Das Vorzelt zur Hölle</p>"
            "<span class='small'>von Max Roe</span></div></div></div>"
        )
        html = page(f"<div class='news'><div class='row'>{HEADLINE}{body}</div></div>{sidebar}")
        assert authors(html) == []


class TestLeadNames:
    """Authors' names alone in bold open the text, after a deck perhaps."""

    def test_names_before_the_text_beat_the_outlet(self) -> None:
        head = "<meta property='og:site_name' content='The Harbour Herald'>"
        meta = "<span class='author vcard'><a href='/author/herald'>The Harbour Herald</a></span>"
        lead = (
            "<p><em>…as the ferry keeps running</em></p><p><strong>Ada Brook/Max Roe</strong></p>"
        )
        html = page(f"<article>{HEADLINE}{meta}{lead}{BODY}</article>", head)
        assert authors(html) == ["Ada Brook", "Max Roe"]

    def test_a_bold_subheading_is_no_name(self) -> None:
        lead = "<p><strong>What the council decided</strong></p>"
        assert authors(page(f"<article>{HEADLINE}{lead}{BODY}</article>")) == []


class TestAuthorBox:
    """An "about the author" box names the author of a page that shows no byline."""

    @pytest.mark.parametrize(
        "box",
        [
            "<div class='author-info'><h2 class='author-title'><span>Autor:</span> Ada Brook"
            "</h2><p>I sew and embroider gifts for every occasion.</p></div>",
            "<div class='author-bio footer'><h3>Ada Brook</h3><p><a href='/p/ada'>All posts "
            "by Ada Brook</a></p></div>",
        ],
    )
    def test_the_box_names_the_author(self, box: str) -> None:
        html = page(f"<article>{HEADLINE}{BODY}{box}</article>")
        assert authors(html) == ["Ada Brook"]

    def test_a_byline_wins_over_the_box(self) -> None:
        box = "<div class='about-author'><h3>Max Roe</h3><p>Max edits the paper.</p></div>"
        html = page(f"<article>{HEADLINE}<p>By Ada Brook</p>{BODY}{box}</article>")
        assert authors(html) == ["Ada Brook"]

    @pytest.mark.parametrize(
        "box",
        [
            "<div class='comments'><div class='author-box'><b>Max Roe</b> says:</div></div>",
            "<div class='author-box'><h3>Thanks for reading</h3><p>See you soon.</p></div>",
        ],
    )
    def test_no_name_of_a_comment_or_a_sentence(self, box: str) -> None:
        html = page(f"<article>{HEADLINE}{BODY}{box}</article>")
        assert authors(html) == []


class TestTeasers:
    """Bylines of the stories a page recommends are not the article's."""

    def test_most_read_box(self) -> None:
        meta = "<div class='author-wrap'>dpa</div>"
        box = (
            "<div class='brick most-read'><h4>Weitere Themen</h4><div class='item'>"
            "<a href='/other.html'>Another story</a><div class='bottom'><div "
            "class='appetizer-author'>Von Max Roe</div></div></div></div>"
        )
        html = page(f"<article>{HEADLINE}{meta}{BODY}</article>{box}")
        assert authors(html) == ["dpa"]


class TestSocialHandles:
    """A link to the author's social profile holds a handle, not a second name."""

    def test_the_twitter_link_beside_the_name(self) -> None:
        meta = (
            "<div class='entry-meta-author'><a href='/author/ada/'>Ada</a> "
            "<a href='https://twitter.com/harbourada'>harbourada</a></div>"
        )
        html = page(f"<article>{HEADLINE}{meta}{BODY}</article>")
        assert authors(html) == ["Ada"]


class TestUserNames:
    """Blogs and forums sign with a login: kept, unless a source names the person."""

    def test_login_of_a_wordpress_author(self) -> None:
        meta = (
            "<div class='entry-meta'>Posted on <time>4 Nov 2025</time> by <span class='author "
            "vcard'><a class='url fn n' href='/author/marc/'>marc</a></span></div>"
        )
        assert authors(page(f"<article>{HEADLINE}{meta}{BODY}</article>")) == ["marc"]

    def test_a_full_name_beats_the_login(self) -> None:
        head = (
            '<script type=\'application/ld+json\'>{"@type": "NewsArticle", '
            '"author": {"@type": "Person", "name": "adabrook"}}</script>'
        )
        meta = "<div class='byline'>By Ada Brook</div>"
        html = page(f"<article>{HEADLINE}{meta}{BODY}</article>", head)
        assert authors(html) == ["Ada Brook"]

    def test_a_word_of_the_authors_note_is_no_login(self) -> None:
        note = (
            "<div class='author-note'><p>Thanks for reading! Read <a href='/reviews?id=7'>some"
            "</a> of the reviews of my first story to see how this one began, and tell me "
            "what you think of it below.</p></div>"
        )
        assert authors(page(f"<article>{HEADLINE}{BODY}{note}</article>")) == []


class TestMicrodataAuthors:
    """``itemprop=author`` names the authors of its own item only."""

    def test_authors_of_a_cited_paper_are_not_the_articles(self) -> None:
        html = page(
            "<article itemscope itemtype='https://schema.org/ScholarlyArticle'>"
            f"{HEADLINE}<span itemprop='author'>Ada Brook</span>{BODY}<ol>"
            "<li itemprop='citation' itemscope itemtype='https://schema.org/ScholarlyArticle'>"
            "<meta itemprop='author' content='J. Roe, M. Major, '>On ferries.</li></ol></article>"
        )
        assert authors(html) == ["Ada Brook"]

    def test_more_posts_below_the_post_are_other_articles(self) -> None:
        teaser = (
            "<article itemscope itemtype='https://schema.org/BlogPosting'><h3>Next post</h3>"
            "<span itemprop='author'>by Max Roe</span></article>"
        )
        html = page(
            "<article itemscope itemtype='https://schema.org/BlogPosting'>"
            f"{HEADLINE}<span itemprop='author'>by Ada Brook</span>{BODY}{teaser}</article>"
        )
        assert authors(html) == ["Ada Brook"]

    def test_an_author_meta_outside_any_item_still_counts(self) -> None:
        head = "<meta itemprop='author' content='Ada Brook'>"
        assert authors(page(f"<div>{HEADLINE}{BODY}</div>", head)) == ["Ada Brook"]


class TestDateLine:
    """A meta line beside the headline with a date and one name, no label, no class."""

    @pytest.mark.parametrize(
        ("before", "after"),
        [
            ("", "<p class='text-muted'>11.12.2025 - Ada Brook</p>"),
            ("<small>04.11.2025 | 13:10 Uhr | Ada Brook</small>", ""),
            ("", "<div>Essay</div><div><span>November 4, 2025 – Ada Brook</span></div>"),
        ],
    )
    def test_name_beside_a_date(self, before: str, after: str) -> None:
        html = page(f"<div class='content'>{before}{HEADLINE}{after}{BODY}</div>")
        assert authors(html) == ["Ada Brook"]

    @pytest.mark.parametrize(
        "line",
        [
            "<p>11.12.2025 | Politik</p>",  # a section, not a name
            "<p>Ada Brook and Max Roe met on 11.12.2025 to sign it.</p>",  # a sentence
            "<p>Ada Brook | Max Roe</p>",  # no date: a list of names is no meta line
        ],
    )
    def test_no_name_or_no_date(self, line: str) -> None:
        html = page(f"<div class='content'>{HEADLINE}{line}{BODY}</div>")
        assert authors(html) == []


class TestHeadlineAnchor:
    """Without <article>/<main>, the byline is looked for around the headline, even one
    styled as an <h2>."""

    def test_byline_beside_an_h2_headline(self) -> None:
        head = "<meta property='og:title' content='Council keeps the night ferry running'>"
        article = (
            "<div class='inner'><h2 class='title-block'>Council keeps the night ferry running"
            "</h2><time datetime='2025-11-04'><h4>By Ada Brook | 04/11/2025</h4></time>"
            f"<div class='text'>{BODY}</div></div>"
        )
        assert authors(page(article, head)) == ["Ada Brook"]


class TestSignature:
    """An article signed at its end with an emphasised name alone."""

    def test_signed_article(self) -> None:
        html = page(f"<div class='text'>{HEADLINE}{BODY}<p><b><i>Ada Brook</i></b></p></div>")
        assert authors(html) == ["Ada Brook"]

    def test_a_subheading_before_more_text_is_no_signature(self) -> None:
        more = "<p><b>Weitere Informationen</b></p><ul><li><a href='/x'>Fahrplan</a></li></ul>"
        html = page(f"<div class='text'>{HEADLINE}{BODY}{more}</div>")
        assert authors(html) == []


class TestForums:
    """A forum thread's author is its starter's user name."""

    def test_thread_starter(self) -> None:
        thread = (
            f"<div class='thread'>{HEADLINE}<ul><li><span>Thread starter</span> "
            "<a href='/members/ferryfan.8/' class='username'>ferryfan</a></li>"
            "<li><time>Nov 4, 2025</time></li></ul>"
            f"<div class='post'>{BODY}</div></div>"
        )
        assert authors(page(thread)) == ["ferryfan"]

    def test_the_visitors_account_menu_is_no_author(self) -> None:
        menu = "<div class='top'><a class='user-name' href='/account'>Harbour Account</a></div>"
        html = page(f"{menu}<article>{HEADLINE}{BODY}</article>")
        assert authors(html) == []


class TestWording:
    """A line of the article that opens like a byline."""

    def test_bold_column_credit_completes_a_first_name(self) -> None:
        head = "<meta name='author' content='Ada'>"
        credit = "<p><strong>Eine Kolumne von Ada Brook</strong></p>"
        html = page(f"<article>{HEADLINE}{credit}{BODY}</article>", head)
        assert authors(html) == ["Ada Brook"]

    def test_names_in_their_own_elements_are_read_in_order(self) -> None:
        # The text of an element is its text, its children's, then their tails: "Von A und
        # B", not "Von und A B"; a line break ends the byline ("Kakuma" is a dateline).
        credit = (
            "<p>Von <strong><a href='/p/1'>Ada Brook</a></strong> und <strong><a href='/p/2'>"
            "Max Roe</a></strong><br>Kakuma/Kenia</p>"
        )
        html = page(f"<article>{HEADLINE}{credit}{BODY}</article>")
        assert authors(html) == ["Ada Brook", "Max Roe"]

    def test_a_small_print_line(self) -> None:
        line = "<small>Verfasst von: <strong>adabrook</strong> | 31. Dezember 2024</small>"
        html = page(f"<div class='post'><div class='title'>{HEADLINE}{line}</div>{BODY}</div>")
        assert authors(html) == ["adabrook"]

    def test_a_german_author_line_class(self) -> None:
        line = "<p class='autorenzeile small'>Ada Brook und Max Roe, HR</p>"
        html = page(f"<div class='content'>{HEADLINE}{BODY}{line}</div>")
        assert authors(html) == ["Ada Brook", "Max Roe"]


class TestJsonLdPerson:
    """A JSON-LD person named by a first name only, whose biography starts with the full."""

    @pytest.mark.parametrize(
        ("description", "expected"),
        [
            ("Ada Brook writes about ferries and harbours.", ["Ada Brook"]),
            ("Ada is our harbour reporter.", ["Ada"]),  # no surname: the name stays
        ],
    )
    def test_first_name_completed_by_the_description(
        self, description: str, expected: list[str]
    ) -> None:
        person = {"@type": "Person", "name": "Ada", "description": description}
        data = json.dumps({"@type": "NewsArticle", "author": person})
        head = f"<script type='application/ld+json'>{data}</script>"
        assert authors(page(f"<article>{HEADLINE}{BODY}</article>", head)) == expected


class TestSiteNames:
    """The site's own name is no author; a person whose name begins the site's is one."""

    @pytest.mark.parametrize(
        ("name", "keys", "is_site"),
        [
            ("The Harbour Herald", ["harbourherald"], True),
            ("Harbour Herald News", ["harbourherald"], True),
            ("HH", ["hhcom"], True),  # the name the site's domain spells
            ("Herald", ["theherald"], True),
            ("Ela", ["elakitchen"], False),  # a first name that begins the site's name
            ("Andrew Dwyer", ["dw", "dwcom"], False),  # a short site name inside a name
        ],
    )
    def test_names_site(self, name: str, keys: list[str], is_site: bool) -> None:
        assert names_site(name, keys) is is_site

    def test_blogger_named_like_the_blog(self) -> None:
        authors = [{"@type": "Person", "name": "Ela"}, {"@type": "Organization", "name": "Soup Co"}]
        data = json.dumps({"@type": "BlogPosting", "author": authors})
        head = (
            f"<script type='application/ld+json'>{data}</script>"
            "<meta property='og:site_name' content='ElaKitchen'>"
        )
        html = page(f"<article>{HEADLINE}{BODY}</article>", head)
        article = process_page(
            FetchedPage(
                url="https://elakitchen.example/soup",
                html=html,
                fetched_at="2025-11-05T10:00:00Z",
            )
        )
        assert article.authors == ["Ela"]


_MARKUP_TOKENS = [
    variant
    for word in ("byline", "by-line", "byl", "authors", "author-name", "autorenzeile",
                 "auteurs", "autorin", "autore", "autori", "signature", "firma", "verfasser",
                 "writer", "reporter", "journalist", "creator", "user-name", "username",
                 "bio", "post", "meta", "entry")
    for variant in (word, word.upper(), word.title(), word.replace("i", "ı"),
                    word.replace("s", "ſ"), word.upper().replace("I", "İ"))
]  # fmt: skip


@given(
    st.lists(
        st.one_of(st.sampled_from(_MARKUP_TOKENS), st.text("abxyzé ÄK_-", max_size=4)),
        max_size=6,
    ),
    st.sampled_from([" ", "-", "_", ""]),
)
def test_the_quick_markup_test_never_rejects_a_byline_class(
    tokens: list[str], separator: str
) -> None:
    marker = separator.join(tokens)
    assert _MARKUP.search(marker) is None or _may_mark_byline(marker)
