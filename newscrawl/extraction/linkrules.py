"""Paragraphs that point to other stories, told apart by the page's own links.

Related-story lists, "Read also: <headline>" lines and runs of linked headlines survive
trafilatura when they stand among the article's paragraphs. Their words differ from site to
site and language to language; what they share is that their text *is* a link on the page.
These rules compare each paragraph with the texts of the page's links (by
:func:`~newscrawl.extraction.headline.comparison_key`) and drop the ones that are links, or
are led by one, where an article does not put them: at its edges, in runs, after a short
label.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from lxml.etree import tostring
from lxml.html import HtmlElement

from newscrawl.extraction.headline import comparison_key, comparison_keys

__all__ = ["link_keys", "without_link_edges", "without_link_pointers"]

MAX_LINK_EDGE_CHARS = 300
MIN_LEADING_LINK_CHARS = 15
MIN_TEASER_RUN = 3
HEADLINE_SHARE = 0.25
"""A teaser's linked headline is at least this share of the item (the rest is its blurb)."""
LINK_SHARE = 0.6
"""A paragraph is a teaser when a link makes up this share of it ("Kicker: <a>Headline</a>")."""
LINK_ITEM_SHARE = 0.5
"""A closing list item is a teaser when the link that leads it is half of it or more."""


def link_keys(tree: HtmlElement) -> set[str]:
    """Comparison keys of the page's link texts (4 characters or more).

    A link's text is its text content serialised as text: the same libxml2 call
    (``xmlNodeGetContent``) as ``text_content()``'s XPath ``string()``, without an XPath
    evaluation per link (with :func:`comparison_keys`' shortcuts: 0.42 -> 0.16 ms a
    generated page, 0.63 -> 0.42 ms a real one)."""
    texts = [tostring(a, method="text", encoding=str, with_tail=False) for a in tree.iter("a")]
    return {key for key in comparison_keys(texts) if len(key) >= 4}


def _led_by_link(key: str, long_links: list[str], share: float, *, or_ends: bool = False) -> bool:
    """Whether a page link of ``long_links`` begins the comparison key ``key`` (or ends it,
    with ``or_ends``) and makes up at least ``share`` of it."""
    return any(
        (key.startswith(link) or (or_ends and key.endswith(link))) and len(link) >= share * len(key)
        for link in long_links
    )


def _is_teaser(paragraph: str, links: set[str], long_links: list[str]) -> bool:
    """A short paragraph that is a link, or a link with a kicker or blurb beside it: the link
    starts or ends it and makes up most of it."""
    if len(paragraph) > MAX_LINK_EDGE_CHARS:
        return False
    key = comparison_key(paragraph)
    return key in links or _led_by_link(key, long_links, LINK_SHARE, or_ends=True)


def _runs(flags: list[bool], minimum: int) -> list[range]:
    """The runs of at least ``minimum`` consecutive True flags, as index ranges."""
    runs = []
    index = 0
    while index < len(flags):
        end = index
        while end < len(flags) and flags[end]:
            end += 1
        if end - index >= minimum:
            runs.append(range(index, end))
        index = max(end, index + 1)
    return runs


def _without_teaser_lists(
    paragraphs: list[str], links: set[str], long_links: list[str]
) -> list[str]:
    """Drop runs of two or more list items that are each a link to another page ("- Kicker:
    Other headline"), wherever they stand: onward-reading lists set between the paragraphs.
    A list of prose items with a link in them stays."""
    teaser = [p.startswith("- ") and _is_teaser(p[2:], links, long_links) for p in paragraphs]
    dropped = {index for run in _runs(teaser, 2) for index in run}
    # The run's neighbours in the same list that a link leads or ends are its teasers too,
    # with a longer kicker ("„Über manches irritiert“: <a>Klingbeil greift Klöckner an</a>").
    for run in _runs(teaser, 2):
        for step, start in ((-1, run.start - 1), (1, run.stop)):
            index = start
            while 0 <= index < len(paragraphs) and _kicked_teaser(paragraphs[index], long_links):
                dropped.add(index)
                index += step
        # ... and the heading that announces the list ("More on politics").
        first = run.start
        while first - 1 in dropped:
            first -= 1
        if first >= 1 and _is_list_heading(paragraphs[first - 1]):
            dropped.add(first - 1)
    return [p for index, p in enumerate(paragraphs) if index not in dropped]


MAX_LIST_HEADING_CHARS = 60


def _is_list_heading(paragraph: str) -> bool:
    """A short line that is no sentence and no list item: the heading above a list."""
    return (
        len(paragraph) <= MAX_LIST_HEADING_CHARS
        and not paragraph.startswith(("- ", "|"))
        and not paragraph.rstrip().endswith((".", "!", "?"))
    )


def _kicked_teaser(paragraph: str, long_links: list[str]) -> bool:
    """A list item that a page link leads or ends, a quarter of it at least."""
    if not paragraph.startswith("- ") or len(paragraph) > MAX_LINK_EDGE_CHARS:
        return False
    return _led_by_link(comparison_key(paragraph[2:]), long_links, HEADLINE_SHARE, or_ends=True)


def without_link_edges(text: str, page_links: Callable[[], set[str]]) -> str:
    """Drop leading and trailing paragraphs that are a link on the page, or a list item
    led by one ("- Other headline  Its teaser"): an article does not begin or end with a
    bare link, related-story lists do. Runs of linked list items go wherever they are."""
    paragraphs = text.split("\n\n")
    if not any(p.startswith("- ") for p in paragraphs) and all(
        len(p) > MAX_LINK_EDGE_CHARS for p in (paragraphs[0], paragraphs[-1])
    ):
        return text  # no list item and no short edge: nothing below can apply
    links = page_links()
    long_links = [k for k in links if len(k) >= MIN_LEADING_LINK_CHARS]

    def is_link(paragraph: str) -> bool:
        return len(paragraph) <= MAX_LINK_EDGE_CHARS and comparison_key(paragraph) in links

    def is_item_led_by_link(paragraph: str, share: float) -> bool:
        return (
            paragraph.startswith("- ")
            and len(paragraph) <= MAX_LINK_EDGE_CHARS
            and _led_by_link(comparison_key(paragraph), long_links, share)
        )

    paragraphs = _without_teaser_lists(paragraphs, links, long_links)
    while len(paragraphs) > 1 and is_link(paragraphs[-1]):
        paragraphs.pop()
    while len(paragraphs) > 1 and is_link(paragraphs[0]):
        paragraphs.pop(0)
    # A trailing list of linked teasers, unless the list goes on above: then it is the text's.
    end = len(paragraphs)
    while end > 1 and is_item_led_by_link(paragraphs[end - 1], LINK_ITEM_SHARE):
        end -= 1
    if end < len(paragraphs) and not paragraphs[end - 1].startswith("- "):
        paragraphs = paragraphs[:end]
    # ... or three or more teasers (a linked headline, then its blurb) closing a list of
    # items that have no links: the story's list ends where the teasers begin.
    end = len(paragraphs)
    while end > 1 and is_item_led_by_link(paragraphs[end - 1], HEADLINE_SHARE):
        end -= 1
    if len(paragraphs) - end >= MIN_TEASER_RUN:
        paragraphs = paragraphs[:end]
    trimmed = "\n\n".join(paragraphs)
    # A post that is a list of links (a link roundup) is its own content: keep it whole.
    return trimmed if 2 * len(trimmed) >= len(text) else text


MAX_LABEL_CHARS = 40
MAX_LABEL_WORDS = 5
MIN_LABELLED_LINK_CHARS = 10
_LABEL_SEPARATORS = ":|»›>–—"
_LINK_WRAPPERS = " <«>»›‹"


def _labelled_link(paragraph: str) -> str | None:
    """The link text of a "<label>: <link>" paragraph ("Lesen Sie hier: Other headline",
    "READ ALSO | Other headline", ">> Other headline <<"), else None."""
    if len(paragraph) > MAX_LINK_EDGE_CHARS or paragraph.startswith(("- ", "|")):
        return None
    cut = next(
        (i for i, ch in enumerate(paragraph[: MAX_LABEL_CHARS + 1]) if ch in _LABEL_SEPARATORS), -1
    )
    if cut < 0:
        return None
    label = paragraph[:cut]
    if len(label.split()) > MAX_LABEL_WORDS:
        return None
    return paragraph[cut:].strip(_LABEL_SEPARATORS + _LINK_WRAPPERS) or None


MIN_LINK_RUN = 2
MAX_RUN_LABEL_CHARS = 40


def _link_runs(paragraphs: list[str], links: set[str]) -> set[int]:
    """Indexes of runs of two or more paragraphs that are each a whole link to another page
    (onward-reading headlines set as paragraphs, not as a list), with the short label
    that announces them ("Weiterlesen:"). A single linked paragraph stays: it may be the
    text's own (a subhead that links, a source)."""
    linked = [
        len(p) <= MAX_LINK_EDGE_CHARS
        and not p.startswith(("- ", "|"))
        and len(key := comparison_key(p)) >= MIN_LEADING_LINK_CHARS
        and key in links
        for p in paragraphs
    ]
    found: set[int] = set()
    for run in _runs(linked, MIN_LINK_RUN):
        found.update(run)
        label = paragraphs[run.start - 1] if run.start else ""
        if label and len(label) <= MAX_RUN_LABEL_CHARS and label.rstrip().endswith(":"):
            found.add(run.start - 1)
    return found


def without_link_pointers(text: str, page_links: Callable[[], set[str]]) -> str:
    """Drop in-text pointers to other stories, wherever they stand, told apart by their
    shape and by the page's links rather than by words (so in any language): a short label
    and a link ("Lesen Sie hier: <headline>", "Read also | <headline>"), and runs of linked
    headlines (:func:`_link_runs`). A label followed by text that is not a link stays."""
    paragraphs = text.split("\n\n")
    candidates = {i: link for i, p in enumerate(paragraphs) if (link := _labelled_link(p))}
    short_pairs = any(
        len(a) <= MAX_LINK_EDGE_CHARS and len(b) <= MAX_LINK_EDGE_CHARS
        for a, b in pairwise(paragraphs)
    )
    if not candidates and not short_pairs:
        return text
    links = page_links()
    drop = {
        i
        for i, link in candidates.items()
        if len(key := comparison_key(link)) >= MIN_LABELLED_LINK_CHARS and key in links
    }
    drop |= _link_runs(paragraphs, links)
    if not drop or len(drop) == len(paragraphs):
        return text
    return "\n\n".join(p for i, p in enumerate(paragraphs) if i not in drop)
