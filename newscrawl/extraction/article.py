"""HTML → article fields: the one extraction entry point, shared by crawl and offline runs.

``extract_article`` parses the page once, reads its structured metadata, classifies it, and
runs trafilatura for the body and for fallback metadata on the same tree. It is a pure
function of its inputs (no global state, no network), so it runs the same in the item
pipeline's process pool, in ``newscrawl extract`` and in benchmarks. Normalization (dates,
bylines, boilerplate lines) happens in later pipelines on the raw values found here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import htmldate.extractors
from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction

from newscrawl.extraction.authorbox import without_author_box
from newscrawl.extraction.byline import (
    Byline,
    find_bylines,
    guess_author,
    rank_bylines,
    remove_byline,
)
from newscrawl.extraction.cards import without_cards, without_closing_grid
from newscrawl.extraction.datelabel import date_after_headline, labelled_date
from newscrawl.extraction.embedded import embedded_body, embedded_dates
from newscrawl.extraction.errors import EmptyBody, NotAnArticle, UnreadableHtml
from newscrawl.extraction.guards import guard_tree
from newscrawl.extraction.headline import choose_headline, comparison_key, site_keys
from newscrawl.extraction.leadblock import find_lead_block
from newscrawl.extraction.loader import load_page
from newscrawl.extraction.mainblock import locate, without_outside_tail
from newscrawl.extraction.metadata import PageMetadata, read_metadata
from newscrawl.extraction.pagetype import PageType, classify_page
from newscrawl.extraction.promo import without_closing_promos
from newscrawl.extraction.prune import drop_figure_captions, flatten_ruby, prune_signup_boxes
from newscrawl.extraction.pubdate import settle_published
from newscrawl.extraction.siterules import remove_declared
from newscrawl.extraction.standfirst import find_standfirst_of, page_descriptions, with_standfirst
from newscrawl.items import Article, FetchedPage
from newscrawl.normalize.bylines import clean_authors_with_kind
from newscrawl.normalize.dates import DETECTION_LANGUAGES, DateRejected, normalize_date
from newscrawl.normalize.urls import article_id, canonical_url, is_http_url, site_of

if TYPE_CHECKING:
    from dateparser import DateDataParser

# C0 controls other than tab/newline/CR, and DEL: a page made of them is binary.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LANGUAGE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")
_HEADING_TAGS = etree.XPath(".//h1|.//h2|.//h3")


@dataclass(frozen=True, slots=True)
class ExtractionOptions:
    """How to extract; one object instead of a dozen keyword arguments."""

    favor_precision: bool = False
    favor_recall: bool = False
    include_tables: bool = True
    max_html_chars: int = 8_000_000
    """Larger documents are refused (``too_large``): trafilatura needs minutes for 50 MB."""
    binary_ratio: float = 0.02
    """Refuse a body in which more than this share of characters are controls/U+FFFD."""
    extra_boilerplate: tuple[str, ...] = ()
    """Exact lines to remove from every body (``NEWSCRAWL_EXTRA_BOILERPLATE``)."""


EMBEDDED_BODY_BELOW = 500
"""Characters of body under which scripts are searched for an embedded article text."""


def _looks_binary(html: str, ratio: float) -> bool:
    sample = html[:20_000]
    if not sample:
        return True
    bad = len(_CONTROL_CHARS.findall(sample)) + sample.count("\ufffd")
    return bad / len(sample) > ratio


def _parse(html: str, options: ExtractionOptions) -> HtmlElement:
    if len(html) > options.max_html_chars:
        raise UnreadableHtml(f"page of {len(html)} characters", reason="too_large")
    if _looks_binary(html, options.binary_ratio):
        raise UnreadableHtml("body is binary or empty", reason="binary_body")
    tree = load_page(html)
    if tree is None:
        raise UnreadableHtml("no HTML tree could be built")
    return guard_tree(tree, html)


def _paragraphs(text: str | None) -> str:
    """trafilatura separates blocks by one newline; records use a blank line."""
    if not text:
        return ""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


REPEAT_MIN_PARAGRAPHS = 3
REPEAT_MIN_CHARS = 400
REPEAT_MIN_MEAN_CHARS = 80
"""A repeated run is prose (long paragraphs), not a list or a plan with recurring items."""


def _without_repeats(text: str) -> str:
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


MAX_LINK_EDGE_CHARS = 300
MIN_LEADING_LINK_CHARS = 15
MIN_TEASER_RUN = 3
HEADLINE_SHARE = 0.25
"""A teaser's linked headline is at least this share of the item (the rest is its blurb)."""
LINK_SHARE = 0.6
"""A paragraph is a teaser when a link makes up this share of it ("Kicker: <a>Headline</a>")."""
LINK_ITEM_SHARE = 0.5
"""A closing list item is a teaser when the link that leads it is half of it or more."""


_NOT_ALNUM_OR_NUL = re.compile(r"[^\w\x00]+|_+")


def _link_keys(tree: HtmlElement) -> set[str]:
    """Comparison keys of the page's link texts (4 characters or more).

    :func:`comparison_key` of each text, computed over all of them at once (joined by NUL,
    which normalisation keeps and which no key holds): one call per link cost 1.5 ms on a
    page with a few hundred links, and the link rules read them on most pages."""
    texts = [a.text_content().replace("\x00", "") for a in tree.iter("a")]
    if not texts:
        return set()
    joined = unicodedata.normalize("NFKC", "\x00".join(texts)).casefold()
    return {k for k in _NOT_ALNUM_OR_NUL.sub("", joined).split("\x00") if len(k) >= 4}


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
    return [p for index, p in enumerate(paragraphs) if index not in dropped]


def _without_link_edges(text: str, page_links: Callable[[], set[str]]) -> str:
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


def _without_link_pointers(text: str, page_links: Callable[[], set[str]]) -> str:
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


HEAD_PARAGRAPHS = 4
"""How far into the body the headline may appear (after a kicker, a section, a date line)."""
MAX_HEAD_CHARS = 120
"""Paragraphs before the headline are that short: a kicker, a section name, a date."""


def _without_headline(text: str, titles: list[str]) -> str:
    """trafilatura often keeps the ``<h1>`` (and what stands above it: kicker, section, date)
    as the first lines of the body; the record has the headline in ``title`` and the body
    only in ``text``. ``titles`` are the page's forms of its headline (chosen, with its
    kicker, declared); a paragraph that is one of them, or a kicker glued to one, ends the
    head."""
    keys = {k for t in titles if len(k := comparison_key(t)) >= 8}
    if not keys:
        return text
    paragraphs = text.split("\n\n")
    for index, paragraph in enumerate(paragraphs[:HEAD_PARAGRAPHS]):
        key = comparison_key(paragraph)
        if key in keys or any(key.endswith(k) and len(key) - len(k) < 60 for k in keys):
            rest = paragraphs[index + 1 :]
            return "\n\n".join(rest) if rest else text
        if len(paragraph) > MAX_HEAD_CHARS:
            break
    return text


# A page in a web archive: https://web.archive.org/web/20200808063632/https://site/path
_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/\d+[a-z_]*/(https?://.+)$", re.I)


def _original_url(url: str) -> str:
    """The archived page's own URL for a Wayback Machine capture, else ``url``: the headline's
    site suffix and the URL's date belong to the original site."""
    match = _ARCHIVED.match(url)
    return match.group(1) if match else url


def _fetch_time(fetched_at: str) -> datetime | None:
    """``FetchedPage.fetched_at`` as a datetime (None if malformed: then no date is read)."""
    try:
        return datetime.fromisoformat(fetched_at)
    except ValueError:
        return None


def _first_readable_date(
    candidates: list[str | None], fetched: datetime | None, language: str | None
) -> str | None:
    """The first candidate (in order of trust) that the dates pipeline can read, so that a
    broken JSON-LD value does not hide a good ``<meta>`` one; None if none can be read."""
    if fetched is None:
        return None
    for raw in candidates:
        if not raw:
            continue
        try:
            normalize_date(raw, fetched_at=fetched, language=language)
        except DateRejected:
            continue
        return raw
    return None


def _header_date(
    headline: HtmlElement | None, fetched: datetime | None, language: str | None
) -> str | None:
    """The date line under the headline, on a page that declares no date."""
    if headline is None or fetched is None:
        return None
    return date_after_headline(headline, fetched_at=fetched, language=language)


@lru_cache(maxsize=1)
def _htmldate_external_parser() -> DateDataParser:
    """htmldate's dateparser fallback, with its settings but the languages our own date
    normaliser detects among (:data:`~newscrawl.normalize.dates.DETECTION_LANGUAGES`).
    dateparser is imported here, as htmldate does: most pages never need it."""
    from dateparser import DateDataParser

    return DateDataParser(
        languages=list(DETECTION_LANGUAGES),
        settings={
            "NORMALIZE": True,
            "PARSERS": ["custom-formats", "absolute-time"],
            "PREFER_DATES_FROM": "past",
            "PREFER_LOCALE_DATE_ORDER": True,
            "RETURN_AS_TIMEZONE_AWARE": False,
            "STRICT_PARSING": True,
        },
    )


# htmldate hands strings its own patterns cannot read to dateparser, detecting the language
# among all of dateparser's ~200 locales: the first call compiles every locale (1.5 s in each
# extraction worker, 1.4 s of it on one corpus page) and every miss costs ~20 ms. htmldate
# has no setting for it; its parser factory is a module function, replaced here. No date
# changed on the 732 corpus pages.
htmldate.extractors.get_external_parser = _htmldate_external_parser


def _page_date(tree: HtmlElement, url: str, fetched: datetime | None) -> str | None:
    """htmldate's reading of the page (URL, visible dates, scripts), asked only when the
    page declares no readable date: it costs more than the rest of our metadata."""
    max_date = fetched.date().isoformat() if fetched is not None else None
    try:
        return find_date(
            tree,
            url=_original_url(url),
            original_date=True,
            extensive_search=True,
            max_date=max_date,
        )
    except Exception:  # htmldate fails on odd trees; a missing date is not an error
        return None


def _iso_language(*candidates: str | None) -> tuple[str | None, str | None]:
    """(ISO 639-1 code, full locale) from the first well-formed language tag."""
    for candidate in candidates:
        match = _LANGUAGE.match((candidate or "").strip())
        if match and len(match.group(1)) == 2:
            return match.group(1).lower(), candidate.strip().replace("_", "-")
    return None, None


def _heading_element(tree: HtmlElement, title: str) -> HtmlElement | None:
    """The ``<h1>``-``<h3>`` that reads as ``title`` (a headline styled as an ``<h2>``):
    the anchor of the byline search when no marked heading holds the title."""
    key = comparison_key(title)
    for heading in _HEADING_TAGS(tree):
        if comparison_key(heading.text_content()) == key:
            return heading
    return None


_DOMAIN_ENDING = re.compile(r"com|net|org|info|co[a-z]{2}|[a-z]{2}")
SITE_SHARE = 0.6
"""A name inside the site's name is the site only when it is most of it ("Guardian" in
"theguardian"), not a person's name that happens to begin it ("Ela" in "elavegan")."""


def _names_site(name: str, keys: list[str]) -> bool:
    """Whether ``name`` is the site itself ("The Lesotho Times", "BBC News", "DW")."""
    key = comparison_key(name)
    if not key:
        return False
    for site in keys:
        if key == site:
            return True
        # The site's name inside the name ("BBC News"): at its edge, or long enough not to
        # sit by chance inside a person's name ("dw" in "Andrew Dwyer").
        if site in key and (len(site) >= 4 or key.startswith(site) or key.endswith(site)):
            return True
        if key in site and (
            len(key) >= SITE_SHARE * len(site)
            or (site.startswith(key) and _DOMAIN_ENDING.fullmatch(site[len(key) :]))
        ):
            return True  # "DW" on "DW.COM"
    return False


def _byline(
    meta: PageMetadata,
    visible: list[Byline],
    guess: Callable[[], str | None],
    host: str | None,
) -> str | None:
    """The authors, chosen among the page's sources by what they name.

    Sources in order of trust: JSON-LD/microdata persons, the visible bylines, ``<meta
    name=author>``, trafilatura's author XPaths (``guess``, computed only when no source
    before it names a person), JSON-LD organisations. The first source that names
    a *person* wins (a login like "marc" only when no source names a person), and a later
    source that names the same people and more replaces it (JSON-LD often lists the first
    author only, a CMS the first name only). Names of the site
    itself are not authors ("Lesotho Times" as JSON-LD author, "Deutsche Welle" in ``<meta
    name=author>``) unless nothing else is named. The result is the chosen names joined by
    "; ": the bylines pipeline reads it like any byline.
    """
    keys = site_keys(meta.site_names or meta.site_name, host)
    sources: list[object] = [
        meta.authors,
        *(byline.text for byline in visible),
        meta.meta_author,
        guess,
        meta.author_organisations,
    ]
    chosen: list[str] | None = None
    fallback: list[str] | None = None
    usernames: list[str] | None = None
    organisations: list[str] | None = None
    for raw in sources:
        if raw is guess:
            if chosen is not None:
                continue
            raw = guess()
        if not raw:
            continue
        names, kind = clean_authors_with_kind(raw, site_name=meta.site_name)
        if not names:
            continue
        fallback = fallback or names
        names = [n for n in names if not _names_site(n, keys)]
        if not names:
            continue
        if kind == "person":
            if chosen is None or _extends(names, chosen):
                chosen = names
        elif kind == "username":
            usernames = usernames or names  # "arianschlichenmayer" gives way to the name
        elif organisations is None:
            organisations = names
    result = chosen or usernames or organisations or fallback
    if not result:
        return None
    unique: dict[str, str] = {}
    for name in result:  # "Chuck Ross" and "Chuck-Ross" (from a profile URL) are one
        unique.setdefault(comparison_key(name), name)
    return "; ".join(unique.values())


def _extends(names: list[str], chosen: list[str]) -> bool:
    """``names`` say more about the same people than ``chosen``: more of them (JSON-LD with
    the first author only), or their full names ("Nils" → "Nils Pickert")."""
    if len(names) < len(chosen):
        return False
    longer = False
    for old, new in zip(chosen, names, strict=False):
        old_words, new_words = old.casefold().split(), new.casefold().split()
        if old_words == new_words:
            continue
        if len(old_words) > 1 or new_words[:1] != old_words:
            return False
        longer = True  # a first name alone, then the full name
    return longer or len(names) > len(chosen)


def _author_names(byline_raw: str | None, site_name: str | None) -> list[str]:
    """The people the byline names, as the bylines pipeline will clean them."""
    if not byline_raw:
        return []
    names, kind = clean_authors_with_kind(byline_raw, site_name=site_name)
    return names if kind == "person" else []


def extract_article(page: FetchedPage, options: ExtractionOptions | None = None) -> Article:
    """Turn one fetched page into an :class:`Article` with raw (not yet normalized) fields.

    Raises an :class:`~newscrawl.extraction.errors.ExtractionError` subclass, with a
    countable ``reason``, when the page holds no article.
    """
    options = options or ExtractionOptions()
    url = page.final_url or page.url
    tree = _parse(page.html, options)
    remove_declared(tree, page.site_rules)  # the site file's `remove`, before anything reads
    meta = read_metadata(tree)
    if classify_page(tree, meta, url) is not PageType.ARTICLE:
        raise NotAnArticle(f"listing page: {url}")
    origin_host = site_of(_original_url(url))
    language, locale = _iso_language(page.hints.get("language"), meta.language)
    title = choose_headline(meta, origin_host, page.hints.get("title"))
    anchor = next((h.element for h in meta.headings if title in (h.text, h.full)), None)
    if anchor is None and title:
        anchor = _heading_element(tree, title)
    # Declared dates first (the first readable one); a page that declares only unreadable
    # dates keeps its own value, for the dates pipeline to reject and count: a guess from
    # elsewhere would pass for the page's word. A page that declares nothing: the date it
    # labels ("Datum 28.04.2023"), the date line under the headline, else htmldate (visible
    # dates, URL); before the byline goes: "By X | 12/10/2020" is where many pages state it.
    date_language = locale or language
    fetched = _fetch_time(page.fetched_at)
    settle_published(tree, meta, anchor, fetched, date_language)
    published_raw = _first_readable_date(meta.published, fetched, date_language)
    if published_raw is None and meta.published:
        published_raw = meta.published[0]
    elif published_raw is None:
        published_raw = (
            labelled_date(tree)
            or _header_date(anchor, fetched, date_language)
            or _page_date(tree, url, fetched)
            or page.hints.get("published")
        )
    # The byline nearest the headline is the article's.
    bylines = rank_bylines(find_bylines(tree, anchor), anchor)
    if bylines:
        remove_byline(bylines[0])
    prune_signup_boxes(tree)
    flatten_ruby(tree)
    drop_figure_captions(tree)

    # Metadata is ours (metadata.py, headline.py, byline.py): trafilatura's own metadata pass
    # costs about as much as its text extraction (deep copies for the author, htmldate).
    document = bare_extraction(
        tree,
        url=url,
        with_metadata=False,
        include_comments=False,
        include_tables=options.include_tables,
        favor_precision=options.favor_precision,
        favor_recall=options.favor_recall,
    )
    text = _paragraphs(document.text if document is not None else None)
    if text:
        page_links = cache(lambda: _link_keys(tree))
        text = _without_link_edges(_without_repeats(text), page_links)
        paragraphs = _without_link_pointers(text, page_links).split("\n\n")
        paragraphs, places = without_cards(paragraphs, locate(paragraphs, tree))
        paragraphs, places = without_closing_grid(paragraphs, places)
        text = without_outside_tail("\n\n".join(paragraphs), tree, places)
    if meta.article_body and (
        len(meta.article_body) > 2 * len(text)
        or comparison_key(meta.article_body) == comparison_key(text)
    ):
        # Some sites render the body with JavaScript and keep it only in JSON-LD (which
        # trafilatura's fallback reads too, but as one paragraph).
        text = _paragraphs(meta.article_body)
    if len(text) < EMBEDDED_BODY_BELOW:
        # ... or only in the data of their JavaScript framework, with its dates.
        embedded = embedded_body(tree)
        if embedded and len(embedded) > 2 * len(text):
            text = embedded
            if published_raw is None:
                published_raw = _first_readable_date(embedded_dates(tree), fetched, date_language)
    if not text:
        raise EmptyBody(f"no article text: {url}")

    host = site_of(url)
    heading_forms = [
        f for h in meta.headings if title in (h.text, h.full) for f in (h.text, h.full)
    ]
    text = _without_headline(
        text, [t for t in (title, *heading_forms, meta.headline, meta.og_title) if t]
    )
    standfirst_anchor = anchor if anchor is not None else next(tree.iter("h1"), None)
    descriptions = page_descriptions(tree, meta.description)
    standfirst = find_standfirst_of(standfirst_anchor, descriptions, text)
    text = with_standfirst(text, standfirst or find_lead_block(standfirst_anchor, text))
    byline_raw = _byline(meta, bylines, lambda: guess_author(tree), origin_host)
    text = without_author_box(text, _author_names(byline_raw, meta.site_name))
    text = without_closing_promos(text)
    canonical = canonical_url(url, meta.canonical or meta.og_url)
    image = urljoin(url, meta.image) if meta.image else None

    return Article(
        id=article_id(canonical),
        url=page.url,
        canonical_url=canonical,
        site=host,
        fetched_at=page.fetched_at,
        title=title,
        site_name=page.hints.get("site_name") or meta.site_name,
        byline_raw=byline_raw,
        published_raw=published_raw,
        modified_raw=next(iter(meta.modified), None),
        language=language,
        locale=locale,
        description=meta.description,
        section=meta.section,
        tags=meta.tags,
        image=image if is_http_url(image) else None,
        text=text,
    )
