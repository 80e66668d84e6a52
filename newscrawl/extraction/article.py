"""HTML → article fields: the one extraction entry point, shared by crawl and offline runs.

``extract_article`` parses the page once, reads its structured metadata, classifies it, and
runs trafilatura for the body and for fallback metadata on the same tree. It is a pure
function of its inputs (no global state, no network), so it runs the same in the item
pipeline's process pool, in ``newscrawl extract`` and in benchmarks. Normalization (dates,
bylines, boilerplate lines) happens in later pipelines on the raw values found here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction

from newscrawl.extraction.authorbox import without_author_box, without_declared_bios
from newscrawl.extraction.authorchoice import author_names, choose_byline
from newscrawl.extraction.byline import find_bylines, guess_author, rank_bylines, remove_byline
from newscrawl.extraction.cards import without_cards, without_closing_grid, without_teaser_blurbs
from newscrawl.extraction.continuation import continuations, join_parts
from newscrawl.extraction.embedded import embedded_body, embedded_dates
from newscrawl.extraction.errors import EmptyBody, NotAnArticle, UnreadableHtml
from newscrawl.extraction.guards import guard_tree
from newscrawl.extraction.headline import choose_headline, comparison_key
from newscrawl.extraction.leadblock import find_lead_block
from newscrawl.extraction.linkrules import link_keys, without_link_edges, without_link_pointers
from newscrawl.extraction.loader import load_page
from newscrawl.extraction.mainblock import container_of, locate, without_outside_tail
from newscrawl.extraction.metadata import PageMetadata, read_metadata
from newscrawl.extraction.pagedate import fetch_time, first_readable_date, raw_published
from newscrawl.extraction.pagetype import PageType, classify_page
from newscrawl.extraction.promo import without_closing_promos
from newscrawl.extraction.prune import (
    drop_figure_captions,
    drop_picture_captions,
    flatten_ruby,
    prune_gate_boxes,
    prune_signup_boxes,
)
from newscrawl.extraction.repeats import without_pull_quotes, without_repeated_runs
from newscrawl.extraction.siterules import remove_declared
from newscrawl.extraction.standfirst import find_standfirst_of, page_descriptions, with_standfirst
from newscrawl.extraction.subheads import with_lost_subheads
from newscrawl.items import Article, FetchedPage
from newscrawl.normalize.urls import article_id, canonical_url, is_http_url, original_url, site_of

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
    cut = None  # the last form of the headline in the head: a page h1 may precede the title
    for index, paragraph in enumerate(paragraphs[:HEAD_PARAGRAPHS]):
        key = comparison_key(paragraph)
        if key in keys or any(key.endswith(k) and len(key) - len(k) < 60 for k in keys):
            cut = index
        elif len(paragraph) > MAX_HEAD_CHARS:
            break
    rest = paragraphs[cut + 1 :] if cut is not None else []
    return "\n\n".join(rest) if rest else text


def _iso_language(*candidates: str | None) -> tuple[str | None, str | None]:
    """(ISO 639-1 code, full locale) from the first well-formed language tag."""
    for candidate in candidates:
        match = _LANGUAGE.match((candidate or "").strip())
        if match and len(match.group(1)) == 2:
            return match.group(1).lower(), candidate.strip().replace("_", "-")
    return None, None


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
    origin_host = site_of(original_url(url))
    language, locale = _iso_language(page.hints.get("language"), meta.language)
    title = choose_headline(meta, origin_host, page.hints.get("title"))
    headline = _headline_element(tree, meta, title)
    fetched = fetch_time(page.fetched_at)
    date_language = locale or language
    published_raw = raw_published(
        tree, meta, headline, url, fetched, date_language, page.hints.get("published")
    )
    # The byline nearest the headline is the article's; it and what is never article text
    # leave the tree before trafilatura reads it.
    bylines = rank_bylines(find_bylines(tree, headline), headline)
    if bylines:
        remove_byline(bylines[0])
    prune_signup_boxes(tree)
    prune_gate_boxes(tree)
    flatten_ruby(tree)
    drop_figure_captions(tree)
    drop_picture_captions(tree)

    text = _trafilatura_body(tree, url, options)
    text, embedded = _declared_or_embedded_body(text, meta, tree)
    if embedded and published_raw is None:
        published_raw = first_readable_date(embedded_dates(tree), fetched, date_language)
    if not text:
        raise EmptyBody(f"no article text: {url}")
    text = _without_headline(text, _headline_forms(meta, title, tree))
    text = _with_lead(text, tree, meta, headline)
    byline_raw = choose_byline(meta, bylines, lambda: guess_author(tree), origin_host)
    text = without_author_box(text, author_names(byline_raw, meta.site_name))
    text = without_declared_bios(text, meta.author_descriptions)
    text = without_closing_promos(text)

    canonical = canonical_url(url, meta.canonical or meta.og_url)
    image = urljoin(url, meta.image) if meta.image else None
    return Article(
        id=article_id(canonical),
        url=page.url,
        canonical_url=canonical,
        site=site_of(url),
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


def _headline_element(tree: HtmlElement, meta: PageMetadata, title: str) -> HtmlElement | None:
    """The element that shows the chosen headline: where bylines, date lines and the
    standfirst are looked for. A marked heading that holds the title, else the ``<h1>``-``<h3>``
    that reads as it (a headline styled as an ``<h2>``)."""
    anchor = next((h.element for h in meta.headings if title in (h.text, h.full)), None)
    if anchor is not None or not title:
        return anchor
    key = comparison_key(title)
    return next((h for h in _HEADING_TAGS(tree) if comparison_key(h.text_content()) == key), None)


def _trafilatura_body(tree: HtmlElement, url: str, options: ExtractionOptions) -> str:
    """trafilatura's text of the prepared tree, without what points to other stories
    (:mod:`~newscrawl.extraction.linkrules`, :mod:`~newscrawl.extraction.cards`) and the
    closing run outside the article's container (:mod:`~newscrawl.extraction.mainblock`).

    Metadata is ours (metadata.py, headline.py, byline.py): trafilatura's own metadata pass
    costs about as much as its text extraction (deep copies for the author, htmldate)."""
    paragraphs = _linkless_paragraphs(tree, url, options)
    if not paragraphs:
        return ""
    places = locate(paragraphs, tree)
    container = container_of(places, [len(p) for p in paragraphs])
    if parts := continuations(container):
        # The body goes on in twin containers past the ads: extract it as one.
        join_parts(container, parts)
        whole = _linkless_paragraphs(tree, url, options)
        if sum(map(len, whole)) > sum(map(len, paragraphs)):
            paragraphs = whole
            places = locate(paragraphs, tree)
            container = container_of(places, [len(p) for p in paragraphs])
    paragraphs, places = with_lost_subheads(paragraphs, places, container)
    paragraphs, places = without_cards(paragraphs, places)
    paragraphs, places = without_closing_grid(paragraphs, places)
    paragraphs, places = without_teaser_blurbs(paragraphs, places)
    paragraphs, places = without_pull_quotes(paragraphs, places)
    return without_outside_tail("\n\n".join(paragraphs), tree, places)


def _linkless_paragraphs(tree: HtmlElement, url: str, options: ExtractionOptions) -> list[str]:
    """trafilatura's paragraphs of the tree, without repeats and without what points to
    other stories by its links."""
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
    if not text:
        return []
    page_links = cache(lambda: link_keys(tree))
    text = without_link_edges(without_repeated_runs(text), page_links)
    return without_link_pointers(text, page_links).split("\n\n")


def _declared_or_embedded_body(
    text: str, meta: PageMetadata, tree: HtmlElement
) -> tuple[str, bool]:
    """The body, and whether it came from the data of the page's JavaScript framework.

    Some sites render the body with JavaScript and keep it only in JSON-LD (which
    trafilatura's fallback reads too, but as one paragraph): the declared body wins when it
    is much longer, or says the same in more paragraphs (a declared body run together in
    one block does not replace the page's paragraphs). Others keep it only in their framework's
    data (``__NEXT_DATA__`` and the like), read when what was found is short."""
    if meta.article_body:
        declared = _paragraphs(meta.article_body)
        if len(declared) > 2 * len(text) or (
            declared.count("\n\n") > text.count("\n\n")
            and comparison_key(declared) == comparison_key(text)
        ):
            text = declared
    if len(text) < EMBEDDED_BODY_BELOW:
        embedded = embedded_body(tree)
        if embedded and len(embedded) > 2 * len(text):
            return embedded, True
    return text, False


def _headline_forms(meta: PageMetadata, title: str, tree: HtmlElement) -> list[str]:
    """Every form of the headline the body may open with: the chosen one, the heading that
    shows it (with and without its kicker), the declared ones, and the page's first
    ``<h1>`` as it reads (kicker glued on), which may word the story otherwise than the
    title chosen from the metadata."""
    heading_forms = [
        f for h in meta.headings if title in (h.text, h.full) for f in (h.text, h.full)
    ]
    first_h1 = next(tree.iter("h1"), None)
    shown = first_h1.text_content() if first_h1 is not None else None
    return [t for t in (title, *heading_forms, meta.headline, meta.og_title, shown) if t]


def _with_lead(
    text: str, tree: HtmlElement, meta: PageMetadata, headline: HtmlElement | None
) -> str:
    """The text with its standfirst first: the one a page description names, else the
    first prose block set apart under the headline."""
    anchor = headline if headline is not None else next(tree.iter("h1"), None)
    descriptions = page_descriptions(tree, meta.description)
    standfirst = find_standfirst_of(anchor, descriptions, text)
    return with_standfirst(text, standfirst or find_lead_block(anchor, text))
