"""Headline choice: visible heading, structured titles and <title> reconciled by agreement.

Fixtures are small hand-written pages; each test pins one rule of
:mod:`newscrawl.extraction.headline` that would regress silently in the corpus score.
"""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st
from trafilatura.utils import load_html

from newscrawl.extraction.headline import (
    choose_headline,
    comparison_key,
    comparison_keys,
    site_keys,
)
from newscrawl.extraction.metadata import read_metadata

PROSE = (
    "The regional council voted late on Tuesday to keep the night ferry running through the "
    "winter, reversing a plan that would have cut the last crossing from the timetable. "
)


def headline_of(head: str, body: str, host: str = "herald.example") -> str | None:
    page = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"{head}</head><body>{body}<p>{PROSE}</p></body></html>"
    )
    return choose_headline(read_metadata(load_html(page)), host)


def jsonld_headline(headline: str) -> str:
    data = {"@type": "NewsArticle", "headline": headline}
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


KICKER_H1 = (
    "<article><h1><span class='kicker'>Ferries</span>"
    "<span class='title'>Council keeps the night ferry</span></h1></article>"
)


class TestKicker:
    """A kicker is the headline's only when the publisher's structured title says so."""

    def test_kicker_left_out_without_a_structured_title(self) -> None:
        head = "<title>Ferries: Council keeps the night ferry | Herald</title>"
        assert headline_of(head, KICKER_H1) == "Council keeps the night ferry"

    def test_kicker_kept_when_json_ld_headline_has_it(self) -> None:
        head = jsonld_headline("Ferries: Council keeps the night ferry")
        assert headline_of(head, KICKER_H1) == "Ferries: Council keeps the night ferry"

    def test_kicker_kept_when_og_title_has_it_with_a_site_suffix(self) -> None:
        og_title = "Ferries: Council keeps the night ferry - Herald"
        head = f"<meta property='og:title' content='{og_title}'>"
        assert headline_of(head, KICKER_H1) == "Ferries: Council keeps the night ferry"

    def test_separator_outside_the_kicker_element_is_not_the_headline(self) -> None:
        body = (
            "<article><h1><span class='kicker'>Ferries</span>: "
            "Council keeps the night ferry</h1></article>"
        )
        assert headline_of("", body) == "Council keeps the night ferry"


class TestGluedKicker:
    """Words glued in front of the structured title, without markup, are a kicker."""

    def test_words_in_front_of_the_og_title_are_cut(self) -> None:
        head = "<meta property='og:title' content='Council keeps the night ferry running'>"
        body = "<article><h1>Winter timetable Council keeps the night ferry running</h1></article>"
        assert headline_of(head, body) == "Council keeps the night ferry running"

    def test_a_shorter_seo_title_does_not_cut_the_heading(self) -> None:
        head = "<title>Night ferry running | Herald</title>"
        body = "<article><h1>Council keeps the night ferry running</h1></article>"
        assert headline_of(head, body) == "Council keeps the night ferry running"


class TestSiteName:
    """A site affix is recognised by the host's own label, not only by its full name."""

    def test_subdomain_and_country_second_level_are_not_the_site_name(self) -> None:
        assert site_keys(None, "forum.harbourherald.co.uk") == [
            "forumharbourheraldco",
            "harbourherald",
        ]

    def test_title_suffix_named_after_the_host_label(self) -> None:
        head = "<title>Night ferry saved - Harbourherald Community Forum</title>"
        body = "<div class='post'><p>Reply</p></div>"
        assert headline_of(head, body, host="forum.harbourherald.example") == "Night ferry saved"


class TestHeadingChoice:
    """Which heading is the article's, and how it is spelled."""

    def test_one_word_heading_holding_the_declared_title_is_no_label(self) -> None:
        head = "<title>Timetable - Harbour Ferries of the North Coast</title>"
        body = "<article><h1>Ferrytimetable</h1></article>"
        assert headline_of(head, body, host="ferries.example") == "Ferrytimetable"

    def test_h1_continuing_a_shortened_title_beats_a_teaser_with_the_short_form(self) -> None:
        head = "<meta property='og:title' content='Council keeps the night ferry'>"
        body = (
            "<h1>Council keeps the night ferry running in winter</h1>"
            "<div class='teasers'><h3 class='entry-title'>Council keeps the night ferry</h3></div>"
        )
        assert headline_of(head, body) == "Council keeps the night ferry running in winter"

    def test_declared_title_is_spelled_as_the_page_shows_it(self) -> None:
        head = jsonld_headline("Council keeps the ferry - harbour stays open - Herald")
        body = "<div class='logo-bar'><h1>Council keeps the ferry – harbour stays open</h1></div>"
        assert headline_of(head, body) == "Council keeps the ferry – harbour stays open"

    def test_a_long_menu_of_post_titles_does_not_hide_the_article_heading(self) -> None:
        head = "<meta property='og:title' content='Ferry talk: the new timetable'>"
        menu = "".join(f"<h2 class='entry-title'>Episode {n} of the show</h2>" for n in range(15))
        body = f"<div class='menu'>{menu}</div><h1>Council keeps the night ferry running</h1>"
        assert headline_of(head, body) == "Council keeps the night ferry running"

    def test_heading_below_that_continues_the_h1_is_the_full_title(self) -> None:
        head = "<title>Old ferries, part 12 - Harbour Herald</title>"
        body = (
            "<div id='news'><h1>Old ferries, part 12</h1><div class='content'>"
            "<em>Tuesday</em><h2>Old ferries, part 12 – The paddle steamers</h2></div></div>"
        )
        assert headline_of(head, body) == "Old ferries, part 12 – The paddle steamers"

    def test_entries_below_a_topic_h1_do_not_continue_it(self) -> None:
        body = (
            "<article><h1>Ferry strike</h1><div><h2>Ferry strike: night crossings cancelled"
            "</h2><p>Update</p></div></article>"
        )
        assert headline_of("", body) == "Ferry strike"

    def test_a_subheading_that_only_begins_like_the_h1_is_no_continuation(self) -> None:
        body = (
            "<article><h1>Night ferry</h1><div><h2>Night ferry timetable</h2>"
            "<h2>Night ferry – fares</h2></div></article>"
        )
        assert headline_of("", body) == "Night ferry"

    def test_spaces_lost_between_elements_come_from_the_declared_title(self) -> None:
        head = jsonld_headline("Ferries: council keeps the night crossing")
        body = "<article><h1><b>Ferries:</b>council keeps the night crossing</h1></article>"
        assert headline_of(head, body) == "Ferries: council keeps the night crossing"

    def test_separator_lost_between_elements_comes_from_the_declared_title(self) -> None:
        head = "<meta property='og:title' content='Night ferry / Council keeps the crossing'>"
        body = "<article><h1><span>Night ferry</span>Council keeps the crossing</h1></article>"
        assert headline_of(head, body) == "Night ferry / Council keeps the crossing"


class TestDeclaredOnly:
    """Pages without a usable heading take the declared title, without site and sections."""

    def test_section_segments_after_the_headline_are_cut(self) -> None:
        head = "<title>Ferry timetable questions | Boats | Forum | Harbourherald.example</title>"
        body = "<div class='post'><p>Reply</p></div>"
        assert headline_of(head, body, host="harbourherald.example") == "Ferry timetable questions"

    def test_site_glued_to_a_chinese_title_with_a_bare_hyphen_is_cut(self) -> None:
        head = "<title>夜间渡轮继续运行！-港口日报</title>"
        assert headline_of(head, "<div><p>回复</p></div>") == "夜间渡轮继续运行！"

    def test_a_hyphen_in_a_latin_title_is_kept(self) -> None:
        head = "<title>Night ferry keeps running-council</title>"
        assert headline_of(head, "<div><p>Reply</p></div>") == "Night ferry keeps running-council"

    def test_a_pipe_segment_of_several_words_is_kept(self) -> None:
        head = "<title>Ferry timetable | what changes for night crossings - Herald</title>"
        body = "<div class='post'><p>Reply</p></div>"
        assert headline_of(head, body) == "Ferry timetable | what changes for night crossings"


class TestHeadingText:
    """What a heading's text keeps of its markup."""

    def test_soft_hyphens_are_not_part_of_the_headline(self) -> None:
        heading = "Council keeps the ferry run\u00adning through the win\u00adter"
        body = f"<article><h1>{heading}</h1></article>"
        assert headline_of("", body) == "Council keeps the ferry running through the winter"


class TestWithoutH1:
    """A page without ``<h1>``: a styled headline, or an ``<h2>`` that a declared title names."""

    def test_element_with_a_headline_class_is_the_headline(self) -> None:
        head = "<title>harbourherald | Ferries</title>"
        body = (
            "<div class='story'><div class='story-headline'>Council keeps the night ferry</div>"
            "</div>"
        )
        assert headline_of(head, body) == "Council keeps the night ferry"

    def test_a_styled_subheadline_is_not(self) -> None:
        body = (
            "<div class='story'><div class='story-subheadline'>Ferries</div>"
            "<div class='story-headline'>Council keeps the night ferry</div></div>"
        )
        assert headline_of("<title>Herald</title>", body) == "Council keeps the night ferry"

    def test_a_teaser_link_with_a_title_class_is_not(self) -> None:
        head = "<title>Council keeps the night ferry | Herald</title>"
        body = (
            "<ul><li><span class='post-title'><a href='/other'>Bridge closed for repairs</a>"
            "</span></li></ul>"
        )
        assert headline_of(head, body) == "Council keeps the night ferry"

    def test_plain_h2_named_by_the_declared_title_keeps_its_own_spelling(self) -> None:
        head = "<title>Council keeps the night ferry - for now - Herald</title>"
        body = "<h2>Weather</h2><div><h2>Council keeps the night ferry – for now</h2></div>"
        assert headline_of(head, body) == "Council keeps the night ferry – for now"

    def test_plain_h2_that_no_declared_title_names_is_not_the_headline(self) -> None:
        head = "<title>Council keeps the night ferry | Herald</title>"
        body = "<div><h2>Weather for the weekend</h2></div>"
        assert headline_of(head, body) == "Council keeps the night ferry"

    def test_short_h2_that_is_the_first_segment_of_the_og_title(self) -> None:
        head = "<meta property='og:title' content='Sea View - Holiday flat by the harbour'>"
        boxes = "".join(f"<div><h2>Room {n}</h2><p>Photo</p></div>" for n in range(12))
        assert headline_of(head, f"{boxes}<div><h2>Sea View</h2></div>") == "Sea View"

    def test_a_teaser_h2_repeating_the_title_does_not_replace_the_h1(self) -> None:
        head = "<title>Council keeps the night ferry running in winter | Herald</title>"
        body = (
            "<div><h1>Night ferry survives the winter timetable</h1></div>"
            "<div><h2><a href='/ferry-vote'>Council keeps the night ferry</a></h2></div>"
        )
        assert headline_of(head, body) == "Night ferry survives the winter timetable"

    def test_h2_named_by_og_title_beats_unmarked_h1_boxes(self) -> None:
        head = "<meta property='og:title' content='Night ferries - timetables and fares'>"
        body = (
            "<div><h2>Night ferries – timetables and fares</h2>"
            "<h1>Night ferries in the north</h1><h1>Night ferries in the south</h1></div>"
        )
        assert headline_of(head, body) == "Night ferries – timetables and fares"


class TestSectionLabel:
    """A one- or two-word heading is a section label only next to a title of the page."""

    def test_short_heading_beside_a_longer_og_title_is_a_label(self) -> None:
        head = "<meta property='og:title' content='Council keeps the night ferry running'>"
        body = "<article><h1>Ferries</h1></article>"
        assert headline_of(head, body) == "Council keeps the night ferry running"

    def test_a_section_that_begins_the_title_stays_a_label(self) -> None:
        head = "<title>Culture | Council keeps the night ferry running | Herald</title>"
        assert headline_of(head, "<article><h1>Culture</h1></article>") != "Culture"

    def test_a_bare_title_without_structured_titles_may_be_the_site_name(self) -> None:
        head = "<title>Ferry trips along the northern coast</title>"
        body = "<article><h1>Harbour-West</h1></article>"
        assert headline_of(head, body) == "Harbour-West"


class TestBreadcrumbHeading:
    """The last step of a breadcrumb trail names the page; the headline may sit elsewhere."""

    TRAIL = (
        "<main><div class='breadcrumbs'><a href='/'>Home</a> &gt; <a href='/local'>Local</a>"
        " &gt; <span><h1>Night ferry stays: council decides</h1></span></div>"
    )

    def test_h2_stating_the_structured_title_beats_the_trail(self) -> None:
        head = jsonld_headline("Council decides: the night ferry stays")
        body = (
            f"{self.TRAIL}<div class='post'><h2>Council decides: the night ferry stays</h2></div>"
        )
        assert headline_of(head, body) == "Council decides: the night ferry stays"

    def test_microdata_headline_stating_the_structured_title_beats_the_trail(self) -> None:
        head = jsonld_headline("Ferries Council decides: the night ferry stays")
        body = (
            f"{self.TRAIL}<div itemprop='headline'><span class='highline'>Ferries</span> "
            "Council decides: the night ferry stays</div></main>"
        )
        assert headline_of(head, body) == "Council decides: the night ferry stays"

    def test_trail_heading_that_the_structured_title_confirms_stays(self) -> None:
        head = jsonld_headline("Night ferry stays: council decides")
        body = f"{self.TRAIL}<h2>Night ferry stays</h2></main>"
        assert headline_of(head, body) == "Night ferry stays: council decides"


@given(
    st.lists(
        st.text(st.sampled_from("aZ9_ ß\u0130ﬁ’«\x00\t\u3000é") | st.characters(), max_size=40),
        max_size=8,
    )
)
def test_comparison_keys_at_once_are_each_texts_key(texts: list[str]) -> None:
    # The link rules key a page's link texts in one go (ASCII or not, NUL-joined).
    expected = [comparison_key(text.replace("\x00", "")) for text in texts]
    assert comparison_keys(texts) == expected
