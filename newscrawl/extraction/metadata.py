"""What a page says about itself: JSON-LD, OpenGraph, ``article:*`` and classic meta tags.

Publishers state headline, dates and authors in structured metadata far more reliably than any
visible-text heuristic can recover them, so extraction reads these first and uses trafilatura's
own findings only as a fallback. Everything here reads the lxml tree and never modifies it
(trafilatura receives the same tree afterwards).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction.headline import Heading, read_headings
from newscrawl.extraction.pubdate import GENERIC_META_DATES

# schema.org types that are a single article (not a list, site or profile page).
ARTICLE_TYPES: frozenset[str] = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "askpublicnewsarticle",
        "satiricalarticle",
        "scholarlyarticle",
        "techarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "report",
    }
)
# schema.org types that declare the page itself a list of other things (the spider's set,
# ``discovery.pagesignals.LISTING_TYPES``). Not "WebSite": nearly every page's graph holds
# one for its site search box.
LISTING_TYPES: frozenset[str] = frozenset(
    {"collectionpage", "itemlist", "searchresultspage", "profilepage"}
)

_ORGANISATION_TYPES: frozenset[str] = frozenset(
    {"organization", "newsmediaorganization", "corporation", "website", "brand"}
)
# schema.org types whose name is the site's (or its publisher's) name.
_SITE_TYPES: frozenset[str] = frozenset({"website", "organization", "newsmediaorganization"})

_META_DATE_PUBLISHED = (
    "article:published_time",
    "og:article:published_time",
    "article.published",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
    "cxenseparse:recs:publishtime",
    "citation_publication_date",
)
_META_DATE_MODIFIED = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
)
_META_AUTHOR = (
    "author",
    "article:author",
    "byl",
    "dc.creator",
    "dcterms.creator",
    "sailthru.author",
    "parsely-author",
    "cxenseparse:author",
    "citation_author",
)
# UTF-8 read as Latin-1/cp1252 ("fÃ¼r", "â€“"): two or more such pairs make a repair worth
# trying; the repair is kept only if it decodes cleanly.
_MOJIBAKE = re.compile(r"[ÂÃÅâ][\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ¡-¿]")
_WRITTEN_BY_LABELS = frozenset(
    {"written by", "geschrieben von", "verfasst von", "écrit par", "escrito por", "scritto da",
     "author", "autor", "auteur", "autore", "geschreven door"}
)  # fmt: skip
_JSONLD_JUNK = re.compile(r"^\s*(?:<!\[CDATA\[|//\s*<!\[CDATA\[)|(?:\]\]>|//\s*\]\]>)\s*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(slots=True)
class PageMetadata:
    """Fields the page declares about itself, raw (not yet normalized)."""

    jsonld_types: set[str] = field(default_factory=set)
    headline: str | None = None
    og_title: str | None = None
    html_title: str | None = None
    h1: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    """Visible ``<h1>`` headings and marked post titles (see :mod:`.headline`)."""
    site_name: str | None = None
    site_names: list[str] = field(default_factory=list)
    """Every name the site gives itself (publisher, ``og:site_name``, application name)."""
    og_type: str | None = None
    canonical: str | None = None
    og_url: str | None = None
    published: list[str] = field(default_factory=list)
    generic_dates: set[str] = field(default_factory=set)
    """Entries of ``published`` stated only by a generic ``<meta name="date">`` and the like
    (:data:`~newscrawl.extraction.pubdate.GENERIC_META_DATES`)."""
    modified: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    """Author names from JSON-LD / microdata (already one name per entry)."""
    author_organisations: list[str] = field(default_factory=list)
    """JSON-LD authors typed as an organisation (often the publisher itself)."""
    author_descriptions: list[str] = field(default_factory=list)
    """JSON-LD authors' ``description``: their biography, which some pages print as a
    paragraph of the body too."""
    meta_author: str | None = None
    """A ``<meta name=author>``-style string (may hold several names, a "By ...")."""
    language: str | None = None
    description: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    article_body: str | None = None
    """JSON-LD ``articleBody``: some sites keep the whole text only there."""

    @property
    def declares_article(self) -> bool:
        return bool(self.jsonld_types & ARTICLE_TYPES) or (self.og_type or "") == "article"


def repair_text(text: str) -> str:
    """Undo what CMSs do to metadata strings: HTML entities left encoded (``&#038;``) and
    UTF-8 decoded as cp1252 (``fÃ¼r``)."""
    if "&" in text and ";" in text:
        text = html.unescape(text)
    if _MOJIBAKE.search(text):
        try:
            return _as_cp1252_bytes(text).decode("utf-8")
        except UnicodeError:
            pass
    return text


def _as_cp1252_bytes(text: str) -> bytes:
    """The bytes that a cp1252 (or, for its five holes, Latin-1) decoder read as ``text``."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            out += ch.encode("latin-1")  # raises for anything a 1-byte decoder cannot give
    return bytes(out)


def _text(value: Any) -> str | None:
    """A clean one-line string from a JSON-LD/meta value, or None."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | dict)), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("url")
    if not isinstance(value, str | int | float):
        return None
    cleaned = " ".join(repair_text(str(value)).split())
    return cleaned or None


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {v.rsplit("/", 1)[-1].lower() for v in values if isinstance(v, str)}


def _walk(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD document (``@graph`` and nested values included)."""
    if depth > 8:
        return
    if isinstance(data, list):
        for entry in data:
            yield from _walk(entry, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key, value in data.items():
            if key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart"):
                yield from _walk(value, depth + 1)


def _jsonld_documents(tree: HtmlElement) -> Iterator[Any]:
    for script in tree.iterfind(".//script[@type]"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        raw = _CONTROL.sub(" ", _JSONLD_JUNK.sub("", script.text.strip()))
        try:
            yield json.loads(raw)
        except ValueError:
            # Some CMSs emit several objects back to back or a trailing comma; one
            # lenient retry for the commonest case, otherwise skip the block.
            try:
                yield json.loads(f"[{raw.rstrip().rstrip(',')}]".replace("}\n{", "},{"))
            except ValueError:
                continue


def _full_name(first: str, description: object) -> str:
    """A first name completed by the person's own description ("Nils" and "Nils Pickert is a
    freelance writer ..." → "Nils Pickert"): SEO plugins fill ``name`` with the login's
    display name and ``description`` with the biography."""
    if not isinstance(description, str) or not description.startswith(first + " "):
        return first
    surname = description[len(first) + 1 :].split(maxsplit=1)[:1]
    if surname and surname[0][:1].isupper() and surname[0].isalpha():
        return f"{first} {surname[0]}"
    return first


def _person_names(
    value: Any, by_id: dict[str, dict[str, Any]]
) -> tuple[list[str], list[str], list[str]]:
    """(persons, organisations, descriptions) of a JSON-LD ``author``/``creator`` value:
    strings, objects, lists, @id references. Untyped names count as persons."""
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    organisations: list[str] = []
    descriptions: list[str] = []
    for entry in values:
        if isinstance(entry, dict) and "name" not in entry and entry.get("@id") in by_id:
            entry = by_id[entry["@id"]]
        if isinstance(entry, dict) and (description := _text(entry.get("description"))):
            descriptions.append(description)
        if isinstance(entry, dict):
            name = entry.get("name")
            if isinstance(name, list):
                name = next((n for n in name if isinstance(n, str)), None)
            if not isinstance(name, str) and {"givenName", "familyName"} <= entry.keys():
                name = f"{entry.get('givenName')} {entry.get('familyName')}"
        else:
            name = entry
        text = _text(name)
        if text and isinstance(entry, dict) and " " not in text:
            text = _full_name(text, entry.get("description"))
        if text and not text.startswith(("http://", "https://")):
            is_org = isinstance(entry, dict) and bool(_types(entry) & _ORGANISATION_TYPES)
            (organisations if is_org else names).append(text)
    return names, organisations, descriptions


def _read_jsonld(tree: HtmlElement, meta: PageMetadata) -> None:
    articles: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    for document in _jsonld_documents(tree):
        for node in _walk(document):
            types = _types(node)
            meta.jsonld_types |= types
            if isinstance(node.get("@id"), str):
                by_id.setdefault(node["@id"], node)
            if types & ARTICLE_TYPES:
                articles.append(node)
            elif types & _SITE_TYPES and (name := _text(node.get("name"))):
                meta.site_names.append(name)
                if "website" in types and not meta.site_name:
                    meta.site_name = name
    if not articles:
        return
    # The page's own article is the one with a body or the most fields; related-article
    # teasers in the same graph carry little more than a headline and URL.
    node = max(articles, key=lambda n: ("articleBody" in n, "datePublished" in n, len(n)))
    meta.headline = _text(node.get("headline")) or _text(node.get("name"))
    for key, target in (("datePublished", meta.published), ("dateCreated", meta.published)):
        if value := _text(node.get(key)):
            target.append(value)
    if value := _text(node.get("dateModified")):
        meta.modified.append(value)
    meta.authors, meta.author_organisations, meta.author_descriptions = _person_names(
        node.get("author") or node.get("creator"), by_id
    )
    publisher = node.get("publisher")
    if isinstance(publisher, dict) and publisher.get("@id") in by_id and "name" not in publisher:
        publisher = by_id[publisher["@id"]]
    if publisher_name := _text(publisher):
        meta.site_names.append(publisher_name)
    meta.site_name = publisher_name or meta.site_name
    meta.language = _text(node.get("inLanguage")) or meta.language
    meta.description = _text(node.get("description"))
    meta.section = _text(node.get("articleSection"))
    keywords = node.get("keywords")
    if isinstance(keywords, str):
        meta.tags = [k.strip() for k in keywords.split(",") if k.strip()]
    elif isinstance(keywords, list):
        meta.tags = [t for k in keywords if (t := _text(k))]
    meta.image = _text(node.get("image"))
    body = node.get("articleBody")
    if isinstance(body, str) and body.strip():
        meta.article_body = body


def _read_meta_tags(tree: HtmlElement, meta: PageMetadata) -> None:
    named: dict[str, list[str]] = {}
    for element in tree.iterfind(".//meta[@content]"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        if key == element.get("itemprop") and key.strip().lower() == "author" and _in_item(element):
            continue  # microdata: read with its item (a cited paper's author is not ours)
        content = " ".join(repair_text(element.get("content") or "").split())
        if key and content:
            named.setdefault(key.strip().lower(), []).append(content)

    def first(*keys: str) -> str | None:
        return next((named[k][0] for k in keys if k in named), None)

    meta.og_title = first("og:title", "twitter:title")
    meta.og_type = (first("og:type") or "").lower() or None
    meta.og_url = first("og:url")
    meta.site_name = meta.site_name or first("og:site_name", "application-name")
    for key in ("og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site"):
        for value in named.get(key, ()):
            meta.site_names.append(repair_text(value).lstrip("@"))
    meta.description = meta.description or first("description", "og:description")
    meta.image = meta.image or first("og:image", "twitter:image")
    meta.section = meta.section or first("article:section")
    declared = [(k, named[k][0]) for k in _META_DATE_PUBLISHED if k in named]
    stated = set(meta.published) | {v for k, v in declared if k not in GENERIC_META_DATES}
    meta.generic_dates = {v for k, v in declared if k in GENERIC_META_DATES} - stated
    meta.published += [v for _, v in declared]
    meta.modified += [named[k][0] for k in _META_DATE_MODIFIED if k in named]
    # Yoast and similar SEO plugins: twitter:label1="Written by", twitter:data1="Jane Doe".
    for index in range(1, 5):
        label = (first(f"twitter:label{index}") or "").casefold()
        if label in _WRITTEN_BY_LABELS and f"twitter:data{index}" in named:
            named.setdefault("twitter:misc:written by", []).extend(named[f"twitter:data{index}"])
    meta.meta_author = next(
        (
            v
            for k in (*_META_AUTHOR, "twitter:misc:written by")
            for v in named.get(k, ())
            if not v.startswith(("http", "/")) and "@" not in v
        ),
        None,
    )
    if not meta.tags:
        tags = named.get("article:tag") or (first("news_keywords", "keywords") or "").split(",")
        meta.tags = [t.strip() for t in tags if t.strip()]
    if not meta.language:
        locale = first("og:locale", "content-language", "dc.language")
        meta.language = locale.replace("_", "-") if locale else None


def _in_item(node: HtmlElement) -> bool:
    return any(ancestor.get("itemscope") is not None for ancestor in node.iterancestors())


def _article_item(node: HtmlElement) -> HtmlElement | None:
    """The article microdata item ``node`` belongs to: its nearest ``itemscope`` ancestor,
    if that is one of the article types and not itself the value of another item's
    property (a cited paper, ``itemprop="citation"``, is an article inside the article)."""
    for ancestor in node.iterancestors():
        if ancestor.get("itemscope") is not None:
            kind = (ancestor.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1].lower()
            nested = ancestor.get("itemprop") is not None
            return ancestor if kind in ARTICLE_TYPES and not nested else None
    return None


def _machine_value(node: HtmlElement) -> str:
    """The value an element states for machines: ``datetime`` (``<time>``), ``content``, the
    ``title`` of an ``<abbr>`` (the microformats "abbr pattern": Blogger prints
    ``<abbr itemprop="datePublished" title="2019-10-16T14:33:00-07:00">2:33 PM</abbr>``),
    else its text."""
    value = node.get("datetime") or node.get("content")
    if not value and node.tag == "abbr":
        value = node.get("title")
    return value or node.text_content()


# XPath runs in libxml2; ElementPath's ".//*[@attr]" walks every element in Python. One scan
# for every itemprop: a scan per property read (three) cost three times as much.
_ITEMPROPS = etree.XPath(".//*[@itemprop]")


def _read_microdata(tree: HtmlElement, meta: PageMetadata) -> None:
    """``itemprop`` values outside ``<meta>`` (already read above): headline, date, author."""
    props: dict[str, list[HtmlElement]] = {}
    for node in _ITEMPROPS(tree):
        props.setdefault(node.get("itemprop"), []).append(node)
    if not meta.headline:
        node = next(iter(props.get("headline", ())), None)
        if node is not None and node.tag != "meta":
            meta.headline = _text(node.text_content())
    for node in props.get("datePublished", ()):
        if value := _text(_machine_value(node)):
            meta.published.append(value)
            meta.generic_dates.discard(value)
    if not meta.authors:
        first_item: HtmlElement | None = None
        for node in props.get("author", ()):
            item = _article_item(node)
            if item is None:
                continue  # the author of a comment, a review, a cited paper
            # The page's article is the first one; "more posts" items are other articles.
            first_item = first_item if first_item is not None else item
            if item is not first_item:
                continue
            name = node.find(".//*[@itemprop='name']")
            source = name if name is not None else node
            value = source.get("content") or source.text_content()
            if text := _text(value):
                meta.authors.append(text)


def read_metadata(tree: HtmlElement) -> PageMetadata:
    """Collect a page's self-declared metadata from its parsed tree (read-only)."""
    meta = PageMetadata()
    _read_jsonld(tree, meta)
    _read_meta_tags(tree, meta)
    _read_microdata(tree, meta)
    title = tree.find(".//title")
    if title is not None:
        meta.html_title = _text(title.text_content())
    meta.h1 = [t for h in tree.iterfind(".//h1") if (t := _text(h.text_content()))][:5]
    meta.headings = read_headings(tree)
    # A "site name" that is the page's title (some CMSs fill application-name with it).
    titles = {meta.html_title, meta.og_title, meta.headline}
    meta.site_names = list(dict.fromkeys(n for n in meta.site_names if n and n not in titles))
    for link in tree.iterfind(".//link[@rel][@href]"):
        if "canonical" in (link.get("rel") or "").lower().split():
            meta.canonical = link.get("href").strip()
            break
    if not meta.language:
        meta.language = (tree.get("lang") or tree.get("xml:lang") or "").strip() or None
    return meta
