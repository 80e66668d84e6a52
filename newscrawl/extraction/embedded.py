"""Article text that a client-rendered page keeps only in JSON inside a ``<script>``.

Some sites ship an empty shell and the article as data for their JavaScript framework:
``window.__STATE__ = {...}``, ``self.__next_f.push(...)``, ``<script type="application/json">``.
The text is then a JSON string holding HTML ("<p>First paragraph...</p><p>...</p>").
:func:`embedded_body` finds the longest such string with several paragraphs and turns its
HTML into plain paragraphs. It is only asked when the visible page gave (almost) no text,
so its cost is paid by those pages alone.
"""

from __future__ import annotations

import json
import re

from lxml import etree
from lxml.html import HtmlElement, fragment_fromstring

MIN_SCRIPT_CHARS = 500
MIN_PARAGRAPHS = 2
MAX_SCRIPT_CHARS = 3_000_000
# A JSON string literal of some length (escapes included), on one line.
_JSON_STRING = re.compile(r'"((?:[^"\\\n]|\\.){300,})"')
_PARAGRAPH = re.compile(r"<p[\s>]|\\u003cp[\s>\\]", re.IGNORECASE)
_BLOCKS = ("p", "h2", "h3", "h4", "li", "blockquote")
_SKIPPED = re.compile(r"caption|credit|figure|img|photo|image|ad-|advert|related", re.I)
_PLACEHOLDER = re.compile(r"\$\$[A-Z_]+\$\$|\{\{[^}]*\}\}")


def _paragraphs(fragment: str) -> list[str]:
    """Plain paragraphs of an HTML fragment, captions and ad slots left out."""
    try:
        root = fragment_fromstring(_PLACEHOLDER.sub(" ", fragment), create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    for element in list(root.iter("figure", "figcaption", "script", "style", "aside")):
        element.drop_tree()
    out: list[str] = []
    for element in root.iter(*_BLOCKS):
        if _skipped(element) or any(a.tag in _BLOCKS for a in element.iterancestors()):
            continue
        text = " ".join(element.text_content().split())
        if text:
            out.append(text)
    return out


def _skipped(element: HtmlElement) -> bool:
    for node in (element, *element.iterancestors()):
        if _SKIPPED.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    return False


def embedded_body(tree: HtmlElement) -> str | None:
    """The longest HTML text with paragraphs found in a script's JSON strings, or None."""
    best: list[str] = []
    for script in tree.iter("script"):
        source = script.text or ""
        if not MIN_SCRIPT_CHARS <= len(source) <= MAX_SCRIPT_CHARS:
            continue
        if len(_PARAGRAPH.findall(source)) < MIN_PARAGRAPHS:
            continue
        for match in _JSON_STRING.finditer(source):
            literal = match.group(1)
            if len(_PARAGRAPH.findall(literal)) < MIN_PARAGRAPHS:
                continue
            try:
                value = json.loads(f'"{literal}"')
            except ValueError:
                continue
            paragraphs = _paragraphs(value)
            if sum(map(len, paragraphs)) > sum(map(len, best)):
                best = paragraphs
    return "\n\n".join(best) if len(best) >= MIN_PARAGRAPHS else None


# Keys under which framework state keeps an article's publication time: "publishedAt",
# "datePublished", "publishDate", "firstPublished", "deployDt", "createdAt", "created_at".
_DATE_KEY = re.compile(
    r'"(?:[\w]*?(?:publish|deploy|release|creat)\w{0,12}|date_?published)"'
    r'\s*:\s*"([^"\\]{8,40})"',
    re.IGNORECASE,
)
MAX_DATE_CANDIDATES = 5


def embedded_dates(tree: HtmlElement) -> list[str]:
    """Date strings kept under publication-like keys in scripts' JSON, in page order."""
    found: list[str] = []
    for script in tree.iter("script"):
        source = script.text or ""
        if len(source) > MAX_SCRIPT_CHARS:
            continue
        for match in _DATE_KEY.finditer(source):
            if any(ch.isdigit() for ch in match.group(1)):
                found.append(match.group(1))
                if len(found) >= MAX_DATE_CANDIDATES:
                    return found
    return found
