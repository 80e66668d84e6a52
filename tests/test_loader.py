"""The page loader builds the tree trafilatura's ``load_html`` builds, at half the cost."""

from __future__ import annotations

import re

import pytest
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from newscrawl.extraction.loader import load_page

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BODY = "<p>The harbour board voted to replace the old cranes before winter.</p>" * 3

PAGES = {
    "plain": f"<html><head><title>T</title></head><body>{BODY}</body></html>",
    "doctype": '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
    f'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html><body>{BODY}</body></html>',
    "one long line": f"<!doctype html><html><body>{BODY * 40}</body></html>",
    "self-closing html": f'<html lang="en"/>\n<body>{BODY}</body>',
    "controls": f"<html><body><p>Ferry\x00 crews\x07 return\x7f</p>{BODY}</body></html>",
    "noncharacters": f"<html><body><p>a\ufffeb\uffffc</p>{BODY}</body></html>",
    "non-ascii": f"<html><body><p>Fähre — café, 東京, emoji 🚢</p>{BODY}</body></html>",
    "comments and pis": f"<html><body><!-- ad slot --><?php x ?>{BODY}</body></html>",
    "form": f'<html><body>{BODY}<form><label>Mail<input name="m"></label>'
    "<select><option>a</option></select><textarea>t</textarea></form></body></html>",
}


def _dump(tree: object) -> str:
    return etree.tostring(tree, encoding="unicode") if tree is not None else "None"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_same_tree_as_trafilatura(name: str) -> None:
    html = PAGES[name]
    assert _dump(load_page(html)) == _dump(load_html(_CONTROLS.sub("", html)))


@pytest.mark.parametrize("text", ["", "plain text, no markup", "<p>a lone fragment</p>"])
def test_not_html_is_none_as_in_trafilatura(text: str) -> None:
    assert load_page(text) is None
    assert load_html(text) is None


def test_a_lone_surrogate_does_not_cut_the_page() -> None:
    """lxml stops parsing a str at a lone surrogate; encoded with replacement it goes on."""
    html = "<html><body>" + "<p>caf\u00e9 \ud800 bar</p>" * 3 + "</body></html>"
    tree = load_page(html)
    assert tree is not None and len(tree.findall(".//p")) == 3


def test_every_element_is_a_plain_html_element() -> None:
    """Element classes come from a C lookup (no Python call per element), form helpers
    included; they still have lxml.html's API (``text_content``, ``drop_tree``)."""
    tree = load_page(PAGES["form"])
    assert tree is not None
    assert {type(element) for element in tree.iter()} == {HtmlElement}
    assert "Mail" in tree.find(".//form").text_content()
