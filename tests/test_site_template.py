"""Site templates: lines that recur across a site's articles, learned in one run and stripped
in the next; never learned from one article seen many times."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newscrawl.items import Article
from newscrawl.normalize.template import LineCounter, line_key, strip_learned, text_keys
from newscrawl.pipelines.template import SiteTemplatePipeline
from newscrawl.state.extension import CrawlStateExtension
from newscrawl.state.store import CrawlState
from newscrawl.state.templates import TemplateStore
from tests.support.article_site import ArticleSite, article_text
from tests.support.loopback import crawl_cli

PODCAST = "Hear the Test Times harbour podcast every Friday morning on your usual app."


class TestLines:
    def test_keys_ignore_case_and_spacing(self) -> None:
        assert line_key("  Follow  the Times ") == line_key("follow the times")
        assert line_key("Follow the Times") != line_key("Follow the Post")

    def test_long_and_empty_lines_have_no_key(self) -> None:
        assert line_key("word " * 60) is None
        assert line_key("   ") is None
        assert text_keys("One line.\n\nword " + "word " * 60) == {line_key("One line.")}

    @given(
        st.text(
            st.sampled_from("aZßİﬁ \t\x0b\x0c\r\x1c\x1f\x85\xa0\u2028\u3000") | st.characters(),
            max_size=260,
        )
    )
    @example("ß" * 150)  # 150 characters, 300 once casefolded: no key
    @example("\x1cTide\u3000tables\u2028")  # separators and Unicode spaces are spacing
    def test_keys_are_the_keys_earlier_runs_stored(self, line: str) -> None:
        # Learned templates persist in the crawl state: the keys may get faster, never
        # different. This is how the first version computed them.
        normalized = re.sub(r"\s+", " ", line).strip().casefold()
        stored = None
        if normalized and len(normalized) <= 200:
            digest = hashlib.blake2b(normalized.encode("utf-8", "surrogatepass"), digest_size=8)
            stored = int.from_bytes(digest.digest(), "big", signed=True)
        assert line_key(line) == stored

    def test_strip_keeps_paragraphs_and_drops_emptied_ones(self) -> None:
        text = "First paragraph.\n\nPromo line.\nSecond half.\n\nPromo line.\n\nEnd."
        stripped, removed = strip_learned(text, {line_key("promo line.")})
        assert (stripped, removed) == ("First paragraph.\n\nSecond half.\n\nEnd.", 2)

    def test_strip_never_takes_most_of_a_text(self) -> None:
        text = "A line every page has.\n\nShort story."
        assert strip_learned(text, {line_key("A line every page has.")}) == (text, 0)

    def test_counting_is_bounded_and_keeps_what_recurs(self) -> None:
        counter = LineCounter(max_entries=50)
        for number in range(200):
            counter.add("s", {number * 10 + 1, number * 10 + 2, 7})  # 7 is in every article
        assert counter.purges > 0
        assert sum(len(c) for c in counter.lines.values()) <= 50
        assert counter.lines["s"][7] >= 190  # at most a few lost in the last window
        assert counter.articles["s"] == 200


class TestStore:
    def test_learned_needs_count_and_share(self, tmp_path: Path) -> None:
        store = TemplateStore(tmp_path / "state.sqlite")
        counter = LineCounter()
        for number in range(20):
            keys = {1000 + number}
            if number < 10:
                keys.add(1)  # in 10 of 20 articles
            if number < 3:
                keys.add(2)  # in 3: too few
            counter.add("a.example", keys)
        counter.add("b.example", {1})
        store.merge(counter, min_share=0.25)
        assert store.learned(min_articles=8, min_share=0.25) == {"a.example": frozenset({1})}
        assert store.learned(min_articles=8, min_share=0.6) == {}

    def test_lines_seen_once_only_add_to_known_rows(self, tmp_path: Path) -> None:
        store = TemplateStore(tmp_path / "state.sqlite")
        first = LineCounter()
        for _ in range(7):
            first.add("a.example", {1})
        first.add("a.example", {2})
        store.merge(first, min_share=0.25)
        second = LineCounter()
        second.add("a.example", {1, 3})  # 1 is known (7 -> 8); 3 is one article's line
        store.merge(second, min_share=0.25)
        rows = dict(store._db.execute("SELECT key, articles FROM template_lines").fetchall())
        assert rows == {1: 8}
        assert store.learned(min_articles=8, min_share=0.25) == {"a.example": frozenset({1})}


def _article(number: int, text: str) -> Article:
    return Article(
        id=f"id{number}",
        url=f"http://a.example/{number}",
        canonical_url=f"http://a.example/{number}",
        site="a.example",
        fetched_at="2026-11-28T00:00:00Z",
        text=text,
    )


def _pipeline(tmp_path: Path) -> tuple[SiteTemplatePipeline, CrawlState]:
    state = CrawlState(tmp_path / "state.sqlite", resume=False)
    extension = CrawlStateExtension(get_crawler(), state, full=True)
    store = TemplateStore(state.path)
    stats = MemoryStatsCollector(get_crawler())
    return SiteTemplatePipeline(extension, store, stats), state


def test_an_article_counts_once_however_often_it_is_emitted(tmp_path: Path) -> None:
    """Ten --full runs over the same four articles must not make their lines a template."""
    for _ in range(10):
        pipeline, state = _pipeline(tmp_path)
        pipeline.open_spider()
        for number in range(4):
            article = _article(number, f"Story {number} alone.\n\nA line of this story only.")
            assert pipeline.process_item(article) is article
            pipeline.item_scraped(article)
            state.record(article.id, article.url, "hash")
        assert pipeline.learned == {}
        pipeline.close_spider()
        state.close(finished=True)
    rows = TemplateStore(tmp_path / "state.sqlite")._db.execute(
        "SELECT site, articles FROM template_sites"
    )
    assert rows.fetchall() == [("a.example", 4)]


def test_dropped_articles_are_not_counted(tmp_path: Path) -> None:
    pipeline, _ = _pipeline(tmp_path)
    article = _article(1, "Text.\n\nPromo.")
    pipeline.process_item(article)
    pipeline.item_left(article, exception=ValueError("dropped"))
    pipeline.item_scraped(article)  # a signal for it after the drop is no count either
    assert pipeline.counter.articles == {}


def _crawl(site: ArticleSite, output: Path, cwd: Path, *extra: str) -> list[dict]:
    result = crawl_cli(site.url("/"), "-o", str(output), "--workers", "1", *extra, cwd=cwd)
    assert result.returncode == 0, result.stderr[-2000:]
    return [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]


def test_a_template_line_learned_in_one_run_is_stripped_in_the_next(tmp_path: Path) -> None:
    with ArticleSite(12) as site:
        site.footer = f"<p>{PODCAST}</p>"
        first = _crawl(site, tmp_path / "first.jsonl", tmp_path)
        added = [site.add(), site.add()]
        second = _crawl(site, tmp_path / "second.jsonl", tmp_path)
        off = _crawl(
            site,
            tmp_path / "off.jsonl",
            tmp_path,
            "--full",
            "-s",
            "NEWSCRAWL_TEMPLATE_LEARNING=False",
        )

    assert len(first) == 12
    assert all(record["text"].endswith(PODCAST) for record in first)  # a first run learns only
    assert sorted(r["url"].rsplit("/", 1)[1] for r in second) == [f"{n}.html" for n in added]
    for record in second:
        number = int(record["url"].rsplit("/", 1)[1].removesuffix(".html"))
        assert record["text"] == "\n\n".join(article_text(number))  # the story, all of it
    assert len(off) == 14 and all(PODCAST in record["text"] for record in off)
    report = json.loads((tmp_path / "second.report.json").read_text(encoding="utf-8"))
    assert report["site_templates"] == {
        "learned_lines": 1,
        "lines_removed": 2,
        "articles_changed": 2,
    }
