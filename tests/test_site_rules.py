"""A site file's ``remove`` and ``boilerplate`` rules reach extraction, in a worker too."""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml.html import fromstring

from newscrawl.extraction.siterules import (
    SiteRuleError,
    SiteRules,
    compiled_selector,
    remove_declared,
)
from tests.support.article_site import article_text
from tests.support.loopback import crawl_cli, one_page_site

# A box the general method keeps: it sits inside the article's container and reads as prose
# (whole sentences, no links), but every page of this made-up site carries it.
STATION_NOTE = (
    "Our newsroom in the valley is staffed every day of the year, and the station's evening "
    "bulletin repeats the day's reports from the river towns at half past seven."
)
SIGN_OFF = "Send your river stories to the valley desk."

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Ferry timetable changes for the winter months | Valley Post</title></head><body>
<article><h1>Ferry timetable changes for the winter months</h1>
<p>{p0}</p><div class="station-note"><p>{note}</p></div><p>{p1}</p><p>{p2}</p>
<p>{p3}</p><p>{sign_off}</p></article></body></html>"""


class TestRemoveDeclared:
    def test_removes_selected_elements_and_keeps_their_tails(self) -> None:
        tree = fromstring(
            "<html><body><div><p>Kept one.</p><aside class='rail'><p>Rail.</p></aside>"
            "tail words<p>Kept two.</p></div></body></html>"
        )
        assert remove_declared(tree, SiteRules(remove=("aside.rail",))) == 1
        assert tree.text_content() == "Kept one.tail wordsKept two."

    def test_nested_matches_count_once(self) -> None:
        tree = fromstring(
            "<html><body><div class='box'><div class='box'><p>x</p></div></div>"
            "<p>Story.</p></body></html>"
        )
        assert remove_declared(tree, SiteRules(remove=("div.box",))) == 1
        assert tree.text_content() == "Story."

    def test_the_root_is_never_removed(self) -> None:
        tree = fromstring("<html><body><p>Story.</p></body></html>")
        assert remove_declared(tree, SiteRules(remove=("html", "p"))) == 1
        assert tree.tag == "html"
        assert tree.find(".//p") is None

    def test_empty_rules_change_nothing(self) -> None:
        tree = fromstring("<html><body><aside>Box.</aside></body></html>")
        assert not SiteRules()
        assert remove_declared(tree, SiteRules()) == remove_declared(tree, None) == 0
        assert tree.text_content() == "Box."

    def test_a_bad_selector_names_itself(self) -> None:
        with pytest.raises(SiteRuleError, match=r"'p\[' is not a CSS selector"):
            compiled_selector("p[")

    def test_rules_pickle_for_the_workers(self) -> None:
        rules = SiteRules(remove=("aside",), boilerplate=("Line.",))
        assert pickle.loads(pickle.dumps(rules)) == rules


@pytest.fixture
def valley_site() -> Iterator[str]:
    p0, p1, p2, p3, _ = article_text(31)
    page = PAGE.format(p0=p0, p1=p1, p2=p2, p3=p3, note=STATION_NOTE, sign_off=SIGN_OFF).encode()
    with one_page_site(page) as site:
        yield site


def crawl_text(tmp_path: Path, site: str, rules: str) -> str:
    """The text of the one article, crawled afresh (no crawl state of an earlier run)."""
    tmp_path.mkdir()
    site_file = tmp_path / "site.toml"
    site_file.write_text(
        f'name = "Valley Post"\ndomains = ["{site}"]\n'
        f'start_urls = ["http://{site}/2025/11/ferry-timetable-winter"]\nmax_depth = 0\n{rules}',
        encoding="utf-8",
    )
    output = tmp_path / "out.jsonl"
    result = crawl_cli(str(site_file), "-o", str(output), "--workers", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    (record,) = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    return record["text"]


def test_site_rules_apply_in_the_extraction_worker(tmp_path: Path, valley_site: str) -> None:
    plain = crawl_text(tmp_path / "plain", valley_site, "")
    assert STATION_NOTE in plain and SIGN_OFF in plain  # what the rules are for

    ruled = crawl_text(
        tmp_path / "ruled",
        valley_site,
        "remove = ['div.station-note']\n"
        "boilerplate = ['send your river stories to the valley desk.']\n",
    )
    assert STATION_NOTE not in ruled
    assert SIGN_OFF not in ruled
    assert ruled == plain.replace(f"\n\n{STATION_NOTE}", "").replace(f"\n\n{SIGN_OFF}", "")
