"""Extraction: metadata, headline, page type and the whole ``extract_article`` path."""

from __future__ import annotations

import json
import pickle

import pytest
from lxml import html as lxml_html
from trafilatura.utils import load_html

from newscrawl.extraction.article import (
    ExtractionOptions,
    _headline_forms,
    _without_headline,
    extract_article,
)
from newscrawl.extraction.errors import EmptyBody, ExtractionError, NotAnArticle, UnreadableHtml
from newscrawl.extraction.headline import choose_headline, strip_site_suffix
from newscrawl.extraction.metadata import PageMetadata, read_metadata, repair_text
from newscrawl.extraction.pagetype import PageType, classify_page
from newscrawl.extraction.repeats import without_pull_quotes
from newscrawl.items import FetchedPage
from newscrawl.processing import process_page
from tests.support.prose import PROSE, PROSE_2


def page_html(head: str = "", body: str = "", lang: str = "en") -> str:
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>{head}</head>"
        f"<body>{body}</body></html>"
    )


def article_body(headline: str = "Council keeps the night ferry running") -> str:
    return (
        "<nav><a href='/'>Home</a> <a href='/news/'>News</a></nav>"
        f"<article><h1>{headline}</h1>"
        f"<p>{PROSE * 2}</p><p>{PROSE_2 * 2}</p><p>{PROSE_2}{PROSE}</p></article>"
        "<footer>© The Harbour Herald</footer>"
    )


def jsonld(data: object) -> str:
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


def fetched(
    html: str, url: str = "https://herald.example/news/ferry.html", **hints: str
) -> FetchedPage:
    return FetchedPage(url=url, html=html, fetched_at="2025-11-05T10:00:00Z", hints=dict(hints))


class TestMetadata:
    """Structured metadata is read from JSON-LD, OpenGraph/meta tags and microdata."""

    def test_jsonld_graph_with_author_references(self) -> None:
        graph = {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "@id": "#site", "name": "The Harbour Herald"},
                {"@type": "Person", "@id": "#p1", "name": "Ada Brook"},
                {
                    "@type": ["NewsArticle"],
                    "headline": "Council keeps the night ferry running",
                    "datePublished": "2025-11-04T18:30:00+01:00",
                    "dateModified": "2025-11-04T19:00:00+01:00",
                    "author": [{"@id": "#p1"}, {"@type": "Person", "name": "Ravi Menon"}],
                    "publisher": {"@type": "Organization", "name": "The Harbour Herald"},
                    "keywords": "ferries, council",
                    "inLanguage": "en-GB",
                },
            ],
        }
        meta = read_metadata(load_html(page_html(jsonld(graph), article_body())))
        assert meta.headline == "Council keeps the night ferry running"
        assert meta.published[0] == "2025-11-04T18:30:00+01:00"
        assert meta.modified == ["2025-11-04T19:00:00+01:00"]
        assert meta.authors == ["Ada Brook", "Ravi Menon"]
        assert meta.site_name == "The Harbour Herald"
        assert meta.tags == ["ferries", "council"]
        assert meta.language == "en-GB"
        assert meta.declares_article

    def test_broken_jsonld_is_skipped_and_meta_tags_still_read(self) -> None:
        head = (
            "<script type='application/ld+json'>{not json</script>"
            "<meta property='og:title' content='Night ferry saved'>"
            "<meta property='og:type' content='article'>"
            "<meta property='article:published_time' content='2025-11-04'>"
            "<meta name='author' content='By Ada Brook'>"
            "<meta property='article:tag' content='ferries'>"
            "<meta property='article:tag' content='council'>"
        )
        meta = read_metadata(load_html(page_html(head, article_body())))
        assert meta.og_title == "Night ferry saved"
        assert meta.published == ["2025-11-04"]
        assert meta.meta_author == "By Ada Brook"
        assert meta.tags == ["ferries", "council"]
        assert meta.declares_article

    def test_microdata_author_and_date(self) -> None:
        body = (
            "<div itemscope itemtype='https://schema.org/NewsArticle'>"
            "<h1 itemprop='headline'>Night ferry saved</h1>"
            "<time itemprop='datePublished' datetime='2025-11-04T09:00:00Z'>4 Nov</time>"
            "<span itemprop='author' itemscope><span itemprop='name'>Ada Brook</span></span>"
            f"<p>{PROSE}</p></div>"
        )
        meta = read_metadata(load_html(page_html("", body)))
        assert meta.headline == "Night ferry saved"
        assert meta.published == ["2025-11-04T09:00:00Z"]
        assert meta.authors == ["Ada Brook"]

    def test_microdata_date_in_an_abbr_title(self) -> None:
        # The microformats "abbr pattern" (Blogger): the machine value is the title.
        body = (
            "<div itemscope itemtype='https://schema.org/BlogPosting'>"
            "<abbr itemprop='datePublished' title='2025-11-04T14:33:00-07:00'>2:33 PM</abbr>"
            f"<p>{PROSE}</p></div>"
        )
        meta = read_metadata(load_html(page_html("", body)))
        assert meta.published == ["2025-11-04T14:33:00-07:00"]


class TestHeadline:
    """The headline is the on-page one, never the <title> with the site name glued on."""

    @pytest.mark.parametrize(
        ("title", "site_name", "host", "expected"),
        [
            ("Ferry saved | The Harbour Herald", "The Harbour Herald", None, "Ferry saved"),
            ("Ferry saved - Harbour Herald", None, "harbourherald.example", "Ferry saved"),
            ("Rheinblick: Brücke gesperrt", "Rheinblick", None, "Brücke gesperrt"),
            ("Le pont rouvre：Le Courrier", "Le Courrier", None, "Le pont rouvre"),
            (
                "Brexit - what happens next",
                "The Harbour Herald",
                None,
                "Brexit - what happens next",
            ),
            ("No separator here", "Herald", None, "No separator here"),
        ],
    )
    def test_strip_site_suffix(
        self, title: str, site_name: str | None, host: str | None, expected: str
    ) -> None:
        assert strip_site_suffix(title, site_name, host) == expected

    def test_h1_confirmed_by_title_wins_over_seo_title(self) -> None:
        meta = PageMetadata(
            html_title="Night ferry saved: council vote | Herald",
            og_title="Night ferry saved: council vote",
            h1=["Council keeps the night ferry running"],
            headline="Council keeps the night ferry running",
        )
        assert choose_headline(meta, "herald.example") == "Council keeps the night ferry running"

    def test_title_without_site_name_agrees_with_og_title(self) -> None:
        meta = PageMetadata(
            html_title="A long headline about ferries | Some Outlet",
            og_title="A long headline about ferries",
        )
        assert choose_headline(meta, "outlet.example") == "A long headline about ferries"

    @staticmethod
    def headline_of(head: str, body: str, host: str = "herald.example") -> str | None:
        return choose_headline(read_metadata(load_html(page_html(head, body))), host)

    def test_kicker_and_screen_reader_separator_are_not_the_headline(self) -> None:
        body = (
            "<article><h1><span class='article-heading__kicker'>Ferries</span>"
            "<span class='visually-hidden'>: </span>"
            "<span class='article-heading__title'>Council keeps the night ferry</span></h1>"
            f"<p>{PROSE}</p></article>"
        )
        assert self.headline_of("", body) == "Council keeps the night ferry"

    def test_blog_name_in_h1_gives_way_to_the_post_title(self) -> None:
        head = (
            "<title>Night ferry saved | Harbour Notes</title>"
            "<meta property='og:site_name' content='Harbour Notes'>"
        )
        body = (
            "<header><h1><a href='/'>Harbour Notes</a></h1></header>"
            "<article><h2 class='entry-title'>Night ferry saved</h2>"
            f"<p>{PROSE}</p></article>"
        )
        assert self.headline_of(head, body) == "Night ferry saved"

    def test_menu_and_label_headings_are_skipped(self) -> None:
        head = "<meta property='og:title' content='Night ferry saved after council vote'>"
        body = (
            "<nav><h1>Menu</h1></nav><div class='crumbs'><h1>You are here:</h1></div>"
            "<div class='story'><h1>Night ferry saved after council vote</h1>"
            f"<p>{PROSE}</p></div>"
        )
        assert self.headline_of(head, body) == "Night ferry saved after council vote"

    def test_visible_headline_wins_over_a_rewritten_seo_title(self) -> None:
        head = (
            "<meta property='og:title' content='Ferry news: what the vote means for you'>"
            "<title>Ferry news: what the vote means for you - Herald</title>"
        )
        body = f"<article><h1>Council keeps the night ferry running</h1><p>{PROSE}</p></article>"
        assert self.headline_of(head, body) == "Council keeps the night ferry running"

    def test_breadcrumb_heading_is_the_page_title(self) -> None:
        body = (
            "<nav class='breadcrumb'><ol><li><a href='/'>Home</a></li>"
            "<li><h1>Council keeps the night ferry running</h1></li></ol></nav>"
            f"<div><p>{PROSE}</p></div>"
        )
        assert self.headline_of("", body) == "Council keeps the night ferry running"

    def test_wordpress_blog_archive_segment_is_cut(self) -> None:
        head = "<title>Harbour Notes &raquo; Blog Archive &raquo; Night ferry saved</title>"
        head += "<meta property='og:site_name' content='Harbour Notes'>"
        assert self.headline_of(head, f"<div><p>{PROSE}</p></div>") == "Night ferry saved"

    def test_site_name_suffix_in_the_heading_is_cut(self) -> None:
        body = f"<div><h1>Night ferry saved - Herald Community Forum</h1><p>{PROSE}</p></div>"
        assert self.headline_of("", body) == "Night ferry saved"

    def test_the_fullest_confirmed_heading_wins(self) -> None:
        head = "<title>Herald online - Transport - Night ferry saved after the vote</title>"
        body = (
            f"<div><h1>Transport</h1><h1>Night ferry saved after the vote</h1><p>{PROSE}</p></div>"
        )
        assert self.headline_of(head, body) == "Night ferry saved after the vote"

    def test_one_word_section_label_gives_way_to_a_declared_title(self) -> None:
        head = "<title>Council keeps the night ferry running - Herald</title>"
        body = f"<div><h1>Politics</h1><p>{PROSE}</p></div>"
        assert self.headline_of(head, body) == "Council keeps the night ferry running"

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("Thermen- &#038; Vulkanland", "Thermen- & Vulkanland"),
            ("jetzt fÃ¼r nur 5,99 Euro", "jetzt für nur 5,99 Euro"),
            ("sanciÃ³n: â€œNo le soportoâ€", "sanción: “No le soporto”"),
            ("Plain ASCII & fine", "Plain ASCII & fine"),
            ("Übergewicht – ça va", "Übergewicht – ça va"),
        ],
    )
    def test_metadata_strings_are_repaired(self, raw: str, expected: str) -> None:
        assert repair_text(raw) == expected


class TestPageType:
    """Section fronts and tag pages are listings; articles are articles with or without metadata."""

    def test_front_page_without_metadata_is_listing(self) -> None:
        teasers = "".join(
            f"<div class='teaser'><h3><a href='/news/{i}.html'>"
            f"Headline number {i} about the harbour</a></h3>"
            f"<p>{PROSE}</p></div>"
            for i in range(8)
        )
        tree = load_html(page_html("", f"<main>{teasers}</main>"))
        assert (
            classify_page(
                tree, read_metadata(tree), "https://herald.example/news/story-about-ferries"
            )
            is PageType.LISTING
        )

    def test_article_without_metadata_with_related_box_is_article(self) -> None:
        related = "".join(
            f"<li><h3><a href='/n/{i}'>Related story number {i}</a></h3></li>" for i in range(6)
        )
        tree = load_html(page_html("", article_body() + f"<aside><ul>{related}</ul></aside>"))
        assert (
            classify_page(
                tree, read_metadata(tree), "https://herald.example/news/story-about-ferries"
            )
            is PageType.ARTICLE
        )

    def test_website_node_in_the_graph_does_not_make_a_listing(self) -> None:
        graph = {"@graph": [{"@type": "WebSite", "name": "Herald"}, {"@type": "WebPage"}]}
        tree = load_html(page_html(jsonld(graph), article_body()))
        url = "https://herald.example/news/story-about-ferries"
        assert classify_page(tree, read_metadata(tree), url) is PageType.ARTICLE

    @pytest.mark.parametrize(
        "url",
        ["https://herald.example/about", "https://herald.example/archiv/ferry-report-2025"],
    )
    def test_weak_url_verdict_gives_way_to_running_prose(self, url: str) -> None:
        tree = load_html(page_html("", article_body()))
        assert classify_page(tree, read_metadata(tree), url) is PageType.ARTICLE

    def test_prose_between_line_breaks_counts_as_prose(self) -> None:
        text = "<br><br>".join([PROSE * 2, PROSE_2 * 2, PROSE + PROSE_2])
        tree = load_html(page_html("", f"<h1>Ferry</h1><div class='news_view'>{text}</div>"))
        url = "https://herald.example/news_view.html?idx=1&page=1"
        assert classify_page(tree, read_metadata(tree), url) is PageType.ARTICLE

    def test_collection_page_declaration_is_listing(self) -> None:
        tree = load_html(
            page_html(jsonld({"@type": "CollectionPage", "name": "News"}), article_body())
        )
        assert (
            classify_page(
                tree, read_metadata(tree), "https://herald.example/news/story-about-ferries"
            )
            is PageType.LISTING
        )


class TestAuthors:
    """Authors come from the source that names people, nearest the headline."""

    @staticmethod
    def authors(head: str, body: str) -> list[str]:
        return process_page(fetched(page_html(head, body))).authors

    def test_site_as_jsonld_author_gives_way_to_the_visible_byline(self) -> None:
        head = jsonld(
            {
                "@type": "NewsArticle",
                "headline": "Council keeps the night ferry running",
                "author": {"@type": "Organization", "name": "The Harbour Herald"},
                "publisher": {"@type": "Organization", "name": "The Harbour Herald"},
            }
        )
        body = article_body().replace(
            "</h1>", "</h1><p class='article-meta'>Von Ada Brook | 4. November 2025</p>"
        )
        assert self.authors(head, body) == ["Ada Brook"]

    def test_byline_next_to_the_headline_beats_teaser_bylines(self) -> None:
        teasers = "".join(
            f"<div class='media-box'><h3><a href='/n/{i}'>Other story {i}</a></h3>"
            f"<span class='media-box__autor'>Von Max Muster{i}</span></div>"
            for i in "ABC"
        )
        body = (
            f"<div class='top'>{teasers}</div>"
            "<article><header><h1>Council keeps the night ferry running</h1>"
            "<p class='info'>Von Ada Brook</p></header>"
            f"<p>{PROSE * 2}</p><p>{PROSE_2 * 2}</p></article>"
        )
        assert self.authors("", body) == ["Ada Brook"]

    def test_visible_byline_completes_a_first_author_only_declaration(self) -> None:
        head = jsonld(
            {"@type": "NewsArticle", "headline": "Ferry", "author": {"name": "Ada Brook"}}
        )
        body = article_body().replace(
            "</h1>", "</h1><div class='byline'>By Ada Brook and Ravi Menon</div>"
        )
        assert self.authors(head, body) == ["Ada Brook", "Ravi Menon"]

    def test_wordpress_author_vcard(self) -> None:
        body = article_body().replace(
            "</h1>",
            "</h1><div class='entry-meta'>Posted on 4 Nov 2025 by <span class='author vcard'>"
            "<a class='url fn n' href='/author/ada/'>Ada Brook</a></span></div>",
        )
        assert self.authors("", body) == ["Ada Brook"]

    def test_seo_plugin_written_by_label(self) -> None:
        head = (
            "<meta name='author' content='newsroom@herald.example'>"
            "<meta name='twitter:label1' content='Written by'>"
            "<meta name='twitter:data1' content='Ada Brook'>"
        )
        assert self.authors(head, article_body()) == ["Ada Brook"]

    def test_blog_post_footer_byline_with_label_and_layout_classes(self) -> None:
        body = (
            "<div class='widget Blog'><div class='post'><h3 class='post-title'>Ferry saved</h3>"
            f"<div class='post-body'><p>{PROSE * 2}</p><p>{PROSE_2 * 2}</p></div>"
            "<div class='post-footer'><span class='post-author vcard'>Eingestellt von "
            "<span class='fn'>Ada Brook</span></span></div></div></div>"
        )
        assert self.authors("", body) == ["Ada Brook"]

    def test_cited_authors_in_microdata_are_not_the_article_authors(self) -> None:
        citation = (
            "<ol><li itemscope itemtype='https://schema.org/ScholarlyArticle/Citation'>"
            "<span itemprop='author'>J. Roe</span></li></ol>"
        )
        meta = read_metadata(load_html(page_html("", article_body() + citation)))
        assert meta.authors == []


class TestExtractArticle:
    """The whole path from HTML to a raw Article, and its typed failures."""

    def test_fields_from_a_jsonld_page(self) -> None:
        head = (
            "<title>Council keeps the night ferry running | The Harbour Herald</title>"
            "<link rel='canonical' href='/news/ferry.html?utm_source=feed'>"
            + jsonld(
                {
                    "@type": "NewsArticle",
                    "headline": "Council keeps the night ferry running",
                    "datePublished": "2025-11-04T18:30:00+01:00",
                    "author": {"@type": "Person", "name": "Ada Brook"},
                    "publisher": {"@type": "Organization", "name": "The Harbour Herald"},
                }
            )
        )
        article = extract_article(fetched(page_html(head, article_body())))
        assert article.title == "Council keeps the night ferry running"
        assert article.canonical_url == "https://herald.example/news/ferry.html"
        assert article.site == "herald.example"
        assert article.site_name == "The Harbour Herald"
        assert article.byline_raw == "Ada Brook"
        assert article.published_raw == "2025-11-04T18:30:00+01:00"
        assert article.language == "en"
        assert article.text.startswith("The regional council voted")  # headline not repeated
        assert "\n\nHarbour workers said" in article.text
        assert "Home" not in article.text and "©" not in article.text

    def test_id_is_stable_across_url_variants(self) -> None:
        html = page_html("", article_body())
        a = extract_article(
            fetched(html, "https://herald.example/news/ferry.html?utm_campaign=x#top")
        )
        b = extract_article(fetched(html, "http://herald.example/news/ferry.html/"))
        assert a.id == b.id
        assert a.url == "https://herald.example/news/ferry.html?utm_campaign=x#top"  # verbatim

    def test_body_only_in_jsonld_is_used(self) -> None:
        body = " ".join([PROSE * 3, PROSE_2 * 3])
        head = jsonld({"@type": "NewsArticle", "headline": "Ferry saved", "articleBody": body})
        article = extract_article(
            fetched(page_html(head, "<h1>Ferry saved</h1><div id='app'></div>"))
        )
        assert "regional council voted" in article.text

    def test_a_declared_body_run_together_keeps_the_pages_paragraphs(self) -> None:
        # The same words as the page's body, in one block: the page's paragraphs stay.
        paragraphs = [PROSE * 2, PROSE_2 * 2, PROSE_2 + PROSE]
        declared = {"@type": "NewsArticle", "headline": "Ferry saved"}
        body = (
            "<div class='top'><h1>Council keeps the night ferry running</h1></div>"
            "<article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>"
        )
        one_block = jsonld({**declared, "articleBody": " ".join(paragraphs)})
        text = extract_article(fetched(page_html(one_block, body))).text
        assert text.count("\n\n") == 2
        # ... while a declared body in more paragraphs than the page shows still wins.
        in_paragraphs = jsonld({**declared, "articleBody": "\n\n".join(paragraphs)})
        run_together = body.replace("</p><p>", " ")
        text = extract_article(fetched(page_html(in_paragraphs, run_together))).text
        assert text.count("\n\n") == 2

    def test_body_only_in_framework_json_is_used(self) -> None:
        state = {
            "article": {
                "title": "Ferry saved",
                "publishedAt": "2025-11-04 18:30",
                "contentHtml": f"<p>{PROSE * 2}</p><div class='caption'><p>Photo: A. B.</p>"
                f"</div><p>{PROSE_2 * 2}</p><h3>Next steps</h3><p>{PROSE}</p>",
            }
        }
        script = f"<script>window.__STATE__ = {json.dumps(state)};</script>"
        article = extract_article(
            fetched(page_html("", f"<h1>Ferry saved</h1><div id='app'></div>{script}"))
        )
        assert article.text.startswith("The regional council voted")
        assert "\n\nNext steps\n\n" in article.text
        assert "Photo:" not in article.text
        assert (article.published_raw or "").startswith("2025-11-04")

    def test_trailing_linked_teasers_are_not_the_body(self) -> None:
        related = "".join(
            f"<li><a href='/n/{i}'>Another harbour story number {i} today</a> Short blurb {i}</li>"
            for i in range(3)
        )
        body = article_body().replace("</article>", f"<ul>{related}</ul></article>")
        article = extract_article(fetched(page_html("", body)))
        assert "Another harbour story" not in article.text
        assert "Harbour workers said" in article.text

    def test_linked_teaser_lists_between_paragraphs_are_not_the_body(self) -> None:
        teasers = "".join(
            f"<li><strong>Harbour: </strong><a href='/n/{i}'>Another ferry story number {i} "
            "from the coast</a></li>"
            for i in range(3)
        )
        facts = (
            "<ul><li>The night ferry leaves at 23:40 and docks before one, "
            "<a href='/timetable'>timetable</a> at the pier.</li>"
            "<li>Tickets cost the same as the day crossing for residents of the island.</li></ul>"
        )
        body = article_body().replace(
            f"<p>{PROSE_2 * 2}</p>", f"<ul>{teasers}</ul><p>{PROSE_2 * 2}</p>{facts}"
        )
        text = extract_article(fetched(page_html("", body))).text
        assert "Another ferry story" not in text
        assert "Harbour workers said" in text
        assert "Tickets cost the same" in text and "The night ferry leaves" in text

    def test_a_teaser_list_goes_whole_with_its_long_kickers_and_its_heading(self) -> None:
        # The first item's kicker is longer than its link; the list's heading names it.
        items = (
            "<li><strong>What the harbour master said about the winter: </strong>"
            "<a href='/n/0'>Ferry pier repairs start</a></li>"
            + "".join(
                f"<li><strong>Harbour: </strong><a href='/n/{i}'>Another ferry story number {i} "
                "from the coast</a></li>"
                for i in range(1, 4)
            )
        )
        box = f"<h3>More coast stories, picked for you</h3><ul>{items}</ul>"
        body = article_body().replace(f"<p>{PROSE_2 * 2}</p>", f"{box}<p>{PROSE_2 * 2}</p>")
        text = extract_article(fetched(page_html("", body))).text
        assert "Another ferry story" not in text
        assert "harbour master said" not in text and "Ferry pier repairs" not in text
        assert "picked for you" not in text
        assert "Harbour workers said" in text

    def test_teasers_closing_the_story_s_own_list_are_not_the_body(self) -> None:
        facts = "".join(
            f"<li>Crossing {i}: leaves at 23:{i}0 from the north pier</li>" for i in range(1, 5)
        )
        teasers = "".join(
            f"<li><a href='/n/{i}'>Another harbour story from the coast {i}</a> What the port "
            f"authority decided about the new cranes, number {i}</li>"
            for i in range(3)
        )
        body = article_body().replace("</article>", f"<ul>{facts}{teasers}</ul></article>")
        text = extract_article(fetched(page_html("", body))).text
        assert "Another harbour story" not in text
        assert "Crossing 4: leaves at 23:40" in text

    def test_a_label_and_a_link_to_another_story_are_not_the_body(self) -> None:
        pointers = (
            "<p>Lesen Sie hier: <a href='/n/1'>Neue Fähre für die Nachtverbindung bestellt</a></p>"
            "<p>READ ALSO | <a href='/n/2'>Harbour wall repairs start in July</a></p>"
            "<p>&gt;&gt; <a href='/n/3'>Council votes on the winter timetable</a> &lt;&lt;</p>"
        )
        kept = "<p>Note: the <a href='/timetable'>timetable</a> changes on Monday.</p>"
        body = article_body().replace(
            f"<p>{PROSE_2 * 2}</p>", f"{pointers}<p>{PROSE_2 * 2}</p>{kept}"
        )
        text = extract_article(fetched(page_html("", body))).text
        assert "Nachtverbindung" not in text and "Harbour wall" not in text
        assert "winter timetable" not in text
        assert "Note: the timetable changes on Monday." in text
        assert "Harbour workers said" in text

    def test_runs_of_linked_headlines_are_not_the_body(self) -> None:
        onward = (
            "<p>Read on:</p>"
            "<p><a href='/n/1'>A road trip along the coast in the autumn</a></p>"
            "<p><a href='/n/2'>A weekend on the islands in the off season</a></p>"
        )
        single = "<p><a href='/n/3'>The timetable for the winter crossings</a></p>"
        body = article_body().replace(
            f"<p>{PROSE_2 * 2}</p>", f"{onward}<p>{PROSE_2 * 2}</p>{single}<p>{PROSE}</p>"
        )
        text = extract_article(fetched(page_html("", body))).text
        assert "road trip" not in text and "off season" not in text and "Read on" not in text
        assert "The timetable for the winter crossings" in text
        assert "Harbour workers said" in text

    def test_unreadable_declared_date_falls_back_to_the_next_candidate(self) -> None:
        head = jsonld({"@type": "NewsArticle", "headline": "Ferry", "datePublished": "2:33 PM"})
        head += "<meta property='article:published_time' content='2025-11-04T09:00:00+01:00'>"
        article = process_page(fetched(page_html(head, article_body())))
        assert article.published == "2025-11-04T08:00:00Z"

    def test_nul_and_control_characters_do_not_cut_the_page(self) -> None:
        html = page_html("", article_body().replace("Harbour workers", "Harbour\x00 workers\x07"))
        article = extract_article(fetched(html))
        assert "Harbour workers said" in article.text

    def test_listing_page_raises_not_an_article(self) -> None:
        teasers = "".join(
            f"<h2><a href='/a/{i}'>Another teaser headline {i}</a></h2><p>Short blurb.</p>"
            for i in range(6)
        )
        with pytest.raises(NotAnArticle) as caught:
            extract_article(fetched(page_html("", teasers)))
        assert caught.value.reason == "not_article"

    @pytest.mark.parametrize(
        ("html", "error", "reason"),
        [
            ("\x00\x01\x02\x03" * 500 + "<html>", UnreadableHtml, "binary_body"),
            ("", UnreadableHtml, "binary_body"),
            (page_html("", "<div></div>"), EmptyBody, "empty_body"),
        ],
    )
    def test_unusable_pages_raise_typed_reasons(self, html: str, error: type, reason: str) -> None:
        with pytest.raises(error) as caught:
            extract_article(fetched(html))
        assert caught.value.reason == reason

    def test_too_large_page_is_refused_before_parsing(self) -> None:
        with pytest.raises(UnreadableHtml) as caught:
            extract_article(
                fetched(page_html("", article_body())), ExtractionOptions(max_html_chars=100)
            )
        assert caught.value.reason == "too_large"

    def test_reason_survives_pickling_across_processes(self) -> None:
        error = pickle.loads(pickle.dumps(ExtractionError("boom", reason="worker_crashed")))
        assert error.reason == "worker_crashed" and str(error) == "boom"


def test_htmldate_fallback_detects_among_our_languages_only() -> None:
    """htmldate's dateparser fallback would detect among all of dateparser's locales (1.5 s
    of regex compilation per process, ~20 ms a miss); extraction gives it our list."""
    import htmldate.extractors

    from newscrawl.normalize.dates import DETECTION_LANGUAGES

    parser = htmldate.extractors.get_external_parser()
    assert parser.languages == list(DETECTION_LANGUAGES)
    # a month name of one of those languages still reads through htmldate's path
    read = parser.get_date_data("22 kwietnia 2021")["date_obj"]
    assert read.date().isoformat() == "2021-04-22"


class TestBodyHead:
    """The body does not open with the headline, its kicker or the page's own <h1>."""

    def test_a_header_shown_twice_goes_whole(self) -> None:
        # A print header and the article's header: the title, a kicker, the title again.
        head = "Night ferry saved after council vote"
        text = f"{head}\n\nFerries\n\n{head}\n\n{PROSE.strip()}"
        assert _without_headline(text, [head]) == PROSE.strip()

    def test_a_page_h1_above_the_title_goes_too(self) -> None:
        body = (
            "<div class='content'><h1>Welcome to the pages of the Harbour Office</h1>"
            f"<p>{PROSE * 2}</p></div>"
        )
        tree = lxml_html.fromstring(page_html("", body))
        forms = _headline_forms(PageMetadata(), "Night ferry saved after council vote", tree)
        text = f"Welcome to the pages of the Harbour Office\n\n{(PROSE * 2).strip()}"
        assert _without_headline(text, forms) == (PROSE * 2).strip()

    def test_a_long_paragraph_ends_the_head(self) -> None:
        head = "Night ferry saved after council vote"
        text = f"{PROSE.strip()}\n\n{head}\n\n{PROSE_2.strip()}"
        assert _without_headline(text, [head]) == text


class TestPullQuotes:
    """A sentence the layout repeats in large type is in the record once."""

    QUOTE = "We will keep the last crossing, whatever it costs the harbour."
    SAID = (
        "The mayor spoke to the workers on the pier after the vote. " + QUOTE + " She said "
        "the council would review the timetable again in a year, and the operator agreed."
    )

    def test_a_pull_quote_goes(self) -> None:
        paragraphs = [PROSE.strip(), self.SAID, self.QUOTE, PROSE_2.strip()]
        kept, places = without_pull_quotes(paragraphs, [None] * 4)
        assert kept == [PROSE.strip(), self.SAID, PROSE_2.strip()]
        assert len(places) == 3

    def test_a_subhead_quoting_the_text_and_the_lead_stay(self) -> None:
        subhead = "We will keep the last crossing, whatever it costs"
        paragraphs = [self.QUOTE, PROSE.strip(), subhead, self.SAID]
        assert without_pull_quotes(paragraphs, [None] * 4)[0] == paragraphs

    def test_a_pull_quote_between_paragraphs_leaves_the_record(self) -> None:
        body = (
            "<article><h1>Council keeps the night ferry running</h1>"
            f"<p>{PROSE * 2}</p><p>{self.SAID}</p><div class='pullquote'><p>{self.QUOTE}</p>"
            f"</div><p>{PROSE_2 * 2}</p></article>"
        )
        text = extract_article(fetched(page_html("", body))).text
        assert text.count("whatever it costs the harbour") == 1
