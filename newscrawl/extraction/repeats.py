"""Text the page carries twice: the article repeated whole, and pull quotes.

Pages repeat their own text in two ways that trafilatura keeps: the whole article once more
(a print version, hidden microdata), and a sentence of it set again in large type between
the paragraphs (a pull quote, a summary point the text then says). The record holds the
article once. Both are told by comparison keys
(:func:`~newscrawl.extraction.headline.comparison_key`), not by markup, which differs from
site to site.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml.html import HtmlElement

from newscrawl.extraction.headline import comparison_key, comparison_keys

REPEAT_MIN_PARAGRAPHS = 3
REPEAT_MIN_CHARS = 400
REPEAT_MIN_MEAN_CHARS = 80
"""A repeated run is prose (long paragraphs), not a list or a plan with recurring items."""


def without_repeated_runs(text: str) -> str:
    """Drop a run of paragraphs that repeats earlier ones (a page that carries its article
    twice, e.g. once more for print or in hidden microdata). Single repeated lines stay:
    recipes and lists repeat short lines on purpose."""
    paragraphs = text.split("\n\n")
    keys = [comparison_key(p) for p in paragraphs]
    seen: set[str] = set()
    keep = [True] * len(paragraphs)
    index = 0
    while index < len(paragraphs):
        if len(keys[index]) >= 20 and keys[index] in seen:
            end, chars, count = index, 0, 0
            while end < len(paragraphs) and (len(keys[end]) < 20 or keys[end] in seen):
                if len(keys[end]) >= 20:
                    chars, count = chars + len(keys[end]), count + 1
                end += 1
            if (
                count >= REPEAT_MIN_PARAGRAPHS
                and chars >= REPEAT_MIN_CHARS
                and chars >= REPEAT_MIN_MEAN_CHARS * count
            ):
                keep[index:end] = [False] * (end - index)
            index = max(end, index + 1)
            continue
        if len(keys[index]) >= 20:
            seen.add(keys[index])
        index += 1
    return "\n\n".join(p for p, k in zip(paragraphs, keep, strict=True) if k)


_SENTENCE_END = re.compile(r"[.!?…][\"'”“»«’‘)]*\s*$")
MIN_PULL_QUOTE_CHARS = 40
MAX_PULL_QUOTE_CHARS = 300


def without_pull_quotes(
    paragraphs: list[str], places: list[HtmlElement | None]
) -> tuple[list[str], list[HtmlElement | None]]:
    """The paragraphs (and places) without pull quotes: a short sentence whose words stand
    whole in another, longer paragraph of the text (a sentence the layout repeats in large
    type, a summary point the text says again). A subhead that quotes the text is no
    sentence and stays; so does the opening paragraph, a lead the text may repeat."""
    keys = comparison_keys(paragraphs)
    candidates = [
        i
        for i, (p, k) in enumerate(zip(paragraphs, keys, strict=True))
        if i > 0  # the opening paragraph is the lead, which the text may say again
        and MIN_PULL_QUOTE_CHARS <= len(p) <= MAX_PULL_QUOTE_CHARS
        and len(k) >= 30
        and _SENTENCE_END.search(p)  # a subhead that quotes the text is no sentence
    ]
    if not candidates:
        return paragraphs, places
    # In a longer paragraph: found in the whole text more often than it is a paragraph
    # itself (identical lines, a recipe's repeated step, stay). One search in C per
    # candidate over the NUL-joined keys, which no key holds.
    joined = "\x00".join(keys)
    copies = Counter(keys)
    repeated = {i for i in candidates if joined.count(keys[i]) > copies[keys[i]]}
    if not repeated:
        return paragraphs, places
    keep = [i for i in range(len(paragraphs)) if i not in repeated]
    return [paragraphs[i] for i in keep], [places[i] for i in keep]
