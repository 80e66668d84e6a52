"""The headline a reader sees, not the SEO ``<title>`` with " | Site" glued on.

Two kinds of candidates:

* **visible headings**, read from the tree by :func:`read_headings`: every ``<h1>``, and the
  ``<h2>``/``<h3>`` that a template marks as the post's title (``entry-title``,
  ``itemprop=headline``). Their text leaves out what is not the headline: a kicker or topline
  ("Klimaschutz" above "Bohren, bis es heiß wird"), screen-reader-only separators, ruby
  annotations, a date in ``<small>``. A heading that belongs to the page's chrome (the site's
  logo or name, a menu, a login box, a sidebar, a "most read" box, anything hidden) is marked
  as such and never chosen. A page without such a heading offers an element styled as the
  headline (``<div class="headline">``) and its plain ``<h2>`` headings, which count only
  where a declared title names them;
* **declared titles**: JSON-LD ``headline``, ``og:title``, ``<title>``, and trafilatura's title.

The article's visible heading wins: it is what readers see and cite, while declared titles are
often rewritten for search engines or social media. Declared titles decide only which heading
is the article's (when a page has several), cut a kicker that a declared title leaves out,
and stand in when the page shows no usable heading; a site suffix is cut from them where it
names the site (site name, host) or where the sources agree on the remainder, so a headline
that contains " - " or ":" is left alone.

A weak heading gives way to a better one elsewhere on the page: an unmarked heading or a
section label to an ``<h2>`` that a declared title names, the last step of a breadcrumb trail
to the element that states the structured title word for word, a short form (a series' name)
to the heading right below that repeats and continues it.

The publisher's structured title (JSON-LD ``headline``, ``og:title``) settles what markup
cannot: a kicker it includes word for word belongs to the headline, and words that the
heading glues in front of it without markup ("Kultur Ehrengast der Buchmesse") do not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from lxml import etree
from lxml.html import HtmlElement

if TYPE_CHECKING:
    from newscrawl.extraction.metadata import PageMetadata

# Separators between headline and site name in <title> / og:title.
# "ㅣ" (a Hangul vowel) serves as the bar in Korean titles.
_SEPARATOR = re.compile(r"\s+[|\-–—·•/»«~]\s+|\s*[｜|：ㅣ]\s*|\s*::?\s+")
# A kicker ahead of a headline, in a heading or in a declared title: "Kicker: Headline".
_KICKER_SEPARATOR = re.compile(r"\s*:\s+|\s+[|\-–—]\s+")

# Class/id words that mark a part of a heading as a kicker (topline, overline, rubric).
_KICKER_CLASS = re.compile(
    r"kicker|top-?line|dach-?zeile|over-?line|roof-?line|high-?line|eyebrow|sub-?head|over-?title|"
    r"super-?title|pre-?title|pre-?head|spitzmarke|surtitre|antetitulo|occhiello|label|"
    r"flag|rubri|categor|subtitle|titleheader|section",
    re.IGNORECASE,
)
# Parts that screen readers or nobody see.
_HIDDEN_CLASS = re.compile(
    r"visually-?hidden|sr-only|screen-reader|offscreen|(?:^|\s)(?:hidden|invisible)(?:$|\s)",
    re.IGNORECASE,
)
_DROPPED_TAGS = frozenset(
    {"script", "style", "noscript", "rt", "rp", "small", "time", "button", "svg", "sup", "img"}
)
_BREAKING_TAGS = frozenset({"br", "div", "p", "li", "h1", "h2", "h3", "h4", "h5", "h6"})
# Class/id words of page chrome around a heading: logo, navigation, menus, login boxes...
_CHROME_WORDS = frozenset(
    {
        "logo", "brand", "branding", "masthead", "navbar", "navigation", "menu", "footer",
        "login", "signin", "lightbox", "modal", "popup", "related", "widget", "cookie",
        "newsletter", "toolbar", "recommended", "promo", "offcanvas", "drawer",
    }
)  # fmt: skip
_CHROME_TAGS = frozenset({"nav", "footer", "aside", "form", "dialog"})
_ARTICLE_TAGS = frozenset({"article", "main"})
_CHROME_DEPTH = 6
_TOKEN_SPLIT = re.compile(r"[\s_-]+")
# The title of a post in templates whose <h1> is the site's name.
_POST_TITLE_CLASS = re.compile(
    r"(?:entry|post|article|story|news|page)[-_]?(?:title|headline|heading)|headline",
    re.IGNORECASE,
)
MIN_HEADLINE_LETTERS = 2
MAX_HEADLINE_CHARS = 300


@dataclass(frozen=True, slots=True)
class Heading:
    """A visible heading and what its markup says about it."""

    text: str
    """Without kicker, hidden parts and annotations."""
    full: str
    """With its kicker, if any: "Kicker: Headline"."""
    tag: str
    chrome: bool
    """In the page's chrome (logo, menu, sidebar, hidden): never the article's headline."""
    marked: bool
    """Marked as the headline (``itemprop=headline``, a title/headline class, in <article>)."""
    element: HtmlElement | None = field(default=None, compare=False, repr=False)


_NOT_ALNUM = re.compile(r"[\W_]+")
"""Everything but ``str.isalnum`` characters (a regex word character is one of those or
``_``)."""
_NOT_ALNUM_OR_NUL = re.compile(r"[^\w\x00]+|_+")
"""The same, but NUL, which separates the texts of :func:`comparison_keys`."""

_ASCII_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())
"""The ASCII bytes that are not ``str.isalnum`` (all but ``[0-9A-Za-z]``)."""
_ASCII_NOT_ALNUM_OR_NUL = _ASCII_NOT_ALNUM.replace(b"\x00", b"")


def comparison_key(text: str) -> str:
    """Comparison form: NFKC, quotes folded, casefolded, alphanumerics only.

    One regex substitution in C: a character loop in Python cost about 2 ms a page here,
    as the body clean-up keys every link and paragraph of the page. Two shortcuts to the
    same key (0.30 -> 0.15 ms a generated page, 0.48 -> 0.36 ms a real one): ASCII text,
    which NFKC leaves alone and casefolding lowers, goes through bytes.lower and
    bytes.translate; other text loses its whitespace (never alphanumeric) to str.split
    first, so that the regex makes a few substitutions instead of one per word."""
    return _alphanumerics(text, _ASCII_NOT_ALNUM, _NOT_ALNUM)


def comparison_keys(texts: list[str]) -> list[str]:
    """:func:`comparison_key` of each of ``texts``, computed over all of them at once (joined
    by NUL, which normalisation keeps and no key holds): a call per text cost 1.5 ms on a
    page's few hundred link texts."""
    if not texts:
        return []
    joined = "\x00".join(text.replace("\x00", "") for text in texts)
    return _alphanumerics(joined, _ASCII_NOT_ALNUM_OR_NUL, _NOT_ALNUM_OR_NUL).split("\x00")


def _alphanumerics(text: str, ascii_dropped: bytes, dropped: re.Pattern[str]) -> str:
    if text.isascii():
        return text.encode().lower().translate(None, ascii_dropped).decode()
    folded = unicodedata.normalize("NFKC", text).casefold()
    return dropped.sub("", "".join(folded.split()))


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    """:func:`comparison_key` of a title, heading or site name, memoised: choosing a headline
    compares the same few short strings many times, and a site's names on each of its pages."""
    return comparison_key(text)


# ------------------------------------------------------------------------------ reading


def _marker(element: HtmlElement) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _is_hidden(element: HtmlElement) -> bool:
    if element.get("aria-hidden") == "true" or element.get("hidden") is not None:
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or bool(_HIDDEN_CLASS.search(_marker(element)))


def _heading_parts(heading: HtmlElement) -> tuple[str, str]:
    """(headline, kicker) of a heading: visible text outside and inside kicker elements."""
    main: list[str] = []
    kicker: list[str] = []

    def walk(element: HtmlElement, in_kicker: bool) -> None:
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag and tag not in _DROPPED_TAGS and not _is_hidden(child):
                child_kicker = in_kicker or bool(_KICKER_CLASS.search(_marker(child)))
                target = kicker if child_kicker else main
                if tag in _BREAKING_TAGS:
                    target.append(" ")
                if child.text:
                    target.append(child.text)
                walk(child, child_kicker)
                if tag in _BREAKING_TAGS:
                    target.append(" ")
            if child.tail:
                (kicker if in_kicker else main).append(child.tail)

    if heading.text:
        main.append(heading.text)
    walk(heading, False)
    # The separator may stand outside the kicker element: "<span>Kicker</span>: Headline".
    return _clean(main).lstrip(":|–—· "), _clean(kicker).rstrip(":|–—- ")


# Soft hyphens, zero-width spaces, word joiners: line-breaking hints in headings
# ("Ver\u00adfas\u00adsung"), invisible on the page, noise in a record that is searched and
# compared. Not ZWJ/ZWNJ: they shape Persian, Indic scripts and emoji.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))


def _clean(parts: list[str]) -> str:
    return " ".join("".join(parts).translate(_INVISIBLE).split())


def _in_chrome(heading: HtmlElement) -> bool:
    if _is_hidden(heading):
        return True
    for depth, ancestor in enumerate(heading.iterancestors()):
        if ancestor.tag in ("body", "html") or ancestor.tag in _ARTICLE_TAGS:
            break
        if "breadcrumb" in _marker(ancestor).lower():
            break  # the last step of a breadcrumb trail is the page's own title
        if ancestor.tag in _CHROME_TAGS or _is_hidden(ancestor):
            return True
        if depth < _CHROME_DEPTH:
            words = set(_TOKEN_SPLIT.split(_marker(ancestor).lower()))
            if words & _CHROME_WORDS:
                return True
    words = set(_TOKEN_SPLIT.split(_marker(heading).lower()))
    if words & _CHROME_WORDS:
        return True
    # A heading that is a link to the home page is the site's logo or name.
    for link in heading.iterfind(".//a[@href]"):
        href = link.get("href", "").strip()
        if href in ("/", "./", "") or re.fullmatch(r"(?:https?:)?//[^/]+/?", href):
            return True
        if "home" in (link.get("id", "") + link.get("rel", "")).lower():
            return True
    return False


def _in_trail(heading: HtmlElement) -> bool:
    """The last step of a breadcrumb trail, which :func:`_in_chrome` lets pass as the page's
    own title: the page's name, perhaps not its headline."""
    return any(
        "breadcrumb" in _marker(ancestor).lower()
        for _, ancestor in zip(range(_CHROME_DEPTH), heading.iterancestors(), strict=False)
    )


def _is_marked(heading: HtmlElement) -> bool:
    if heading.get("itemprop") == "headline" or _POST_TITLE_CLASS.search(_marker(heading)):
        return True
    return any(a.tag in _ARTICLE_TAGS for a in heading.iterancestors())


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


MAX_HEADINGS_READ = 48
"""Headings read at most, chrome included: a sidebar or menu of marked post titles may come
before the article's own heading in the document, and must not use up ``limit``."""


def read_headings(tree: HtmlElement, limit: int = 12) -> list[Heading]:
    """The page's ``<h1>`` headings and its marked post titles, in document order: ``limit``
    of them outside the chrome."""
    headings: list[Heading] = []
    usable = 0
    for element in tree.iter("h1", "h2", "h3"):
        if element.tag != "h1" and not (
            element.get("itemprop") == "headline" or _POST_TITLE_CLASS.search(_marker(element))
        ):
            continue
        text, kicker = _heading_parts(element)
        if _letters(text) < MIN_HEADLINE_LETTERS:
            text, kicker = " ".join(filter(None, (kicker, text))), ""  # all of it was "kicker"
        if _letters(text) < MIN_HEADLINE_LETTERS or len(text) > MAX_HEADLINE_CHARS:
            continue
        full = f"{kicker}: {text}" if kicker else text
        chrome = _in_chrome(element)
        headings.append(Heading(text, full, element.tag, chrome, _is_marked(element), element))
        usable += not chrome
        if usable >= limit or len(headings) >= MAX_HEADINGS_READ:
            break
    if not any(not h.chrome for h in headings):
        headings += _fallback_headings(tree)
    return headings


# The fallback candidates of a page without <h1> or marked heading, in document order.
_FALLBACK_CANDIDATES = etree.XPath(
    "//body//*[contains(@class, 'headline') or contains(@class, 'title')] | //body//h2"
)
MAX_FALLBACK_HEADINGS = 30
MAX_FALLBACK_EXAMINED = 40
"""Candidates read at most: a page's menus may hold a hundred "nav-headline" boxes, and
each costs a walk up the tree to tell chrome from content."""
MAX_STYLED_CHILDREN = 4
"""A headline styled by class holds its text and a few inline elements, not a section."""


def _fallback_headings(tree: HtmlElement) -> list[Heading]:
    """Candidates for a page that has no ``<h1>`` or marked heading outside its chrome.

    An element whose class names a post title (``<div class="headline">``) is marked: some
    templates style the headline without heading tags. A plain ``<h2>`` is not: it may be
    the article's title or any box of the page, and is chosen only when a declared title
    confirms it. A teaser is a link, or holds one, and is no candidate."""
    found: list[Heading] = []
    examined = 0
    for element in _FALLBACK_CANDIDATES(tree):
        if element.tag == "h2":
            if _POST_TITLE_CLASS.search(_marker(element)):
                continue  # read already, as a marked heading
            marked = False
        elif (
            element.tag in ("h1", "h3", "a")
            or len(element) > MAX_STYLED_CHILDREN
            or not _POST_TITLE_CLASS.search(marker := _marker(element))
            or _KICKER_CLASS.search(marker)  # "subheadline", "headline-label"
        ):
            continue
        else:
            marked = True
        examined += 1
        if examined > MAX_FALLBACK_EXAMINED:
            break
        if marked and _IN_OR_AROUND_LINK(element):
            continue
        text, _ = _heading_parts(element)
        if _letters(text) < MIN_HEADLINE_LETTERS or len(text) > MAX_HEADLINE_CHARS:
            continue
        if not _in_chrome(element):
            found.append(Heading(text, text, element.tag, False, marked, element))
            if len(found) >= MAX_FALLBACK_HEADINGS:
                break
    return found


_IN_OR_AROUND_LINK = etree.XPath("boolean(.//a[@href] or ancestor::a)")


# ------------------------------------------------------------------------------ site suffix


# Second-level labels under a country TLD ("co.uk", "com.au"): not the site's name.
_GENERIC_LABELS = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "gv"})


def site_keys(site_names: list[str] | str | None, host: str | None) -> list[str]:
    """Comparison keys of a site's names, of its host without ``www.`` and TLD, and of the
    host's own label ("myoos" of "foren.myoos.de", "dailymail" of "www.dailymail.co.uk"):
    titles name the site, rarely its subdomain or its country's second-level domain."""
    names = [site_names] if isinstance(site_names, str) else list(site_names or [])
    keys = [_key(name) for name in names if name]
    if host:
        labels = host.split(":")[0].removeprefix("www.").split(".")[:-1]
        keys.append(_key(".".join(labels)))
        while len(labels) > 1 and labels[-1] in _GENERIC_LABELS:
            labels.pop()
        if labels:
            keys.append(_key(labels[-1]))
    return list(dict.fromkeys(k for k in keys if len(k) >= 3))


# Title segments that CMS templates add and that are never part of a headline.
_TEMPLATE_SEGMENTS = frozenset({"blogarchive", "blogarchiv", "archive", "archiv"})


def _is_template(segment: str) -> bool:
    return _key(segment) in _TEMPLATE_SEGMENTS


def _names_site(segment: str, keys: list[str]) -> bool:
    key = _key(segment)
    if not key or key in _TEMPLATE_SEGMENTS:
        return True
    return any(k in key or key in k for k in keys)


_TRAILING_SEPARATOR = re.compile(r"\s+[|–—-]\s+(?=[^|–—-]*$)")


def _without_trailing_site(text: str, keys: list[str]) -> str:
    """ "Title - Site Forum" → "Title": only a last " - "/" | " segment naming the site."""
    match = _TRAILING_SEPARATOR.search(text)
    if match and keys and match.start() > 0:
        tail = text[match.end() :]
        if any(k in _key(tail) for k in keys):
            return text[: match.start()].rstrip()
    return text


def strip_site_suffix(title: str, site_name: list[str] | str | None, host: str | None) -> str:
    """Cut leading/trailing segments of ``title`` that name the site."""
    parts = _SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    keys = site_keys(site_name, host)
    while len(parts) > 1 and (keys or _is_template(parts[-1])) and _names_site(parts[-1], keys):
        parts.pop()
    while len(parts) > 1 and (keys or _is_template(parts[0])) and _names_site(parts[0], keys):
        parts.pop(0)
    if len(parts) == len(_SEPARATOR.split(title)):
        return title
    # Rebuild from the original string so the headline keeps its own punctuation.
    first, last = parts[0], parts[-1]
    start = title.find(first)
    end = title.rfind(last) + len(last)
    return title[start:end].strip() if start >= 0 and end > start else title


def _agrees(candidate: str, other: str | None) -> bool:
    """``candidate`` is ``other`` or the headline part of it (``other`` = headline + suffix)."""
    if not other:
        return False
    a, b = _key(candidate), _key(other)
    return bool(a) and (a == b or (len(a) >= 12 and (b.startswith(a) or b.endswith(a))))


# A bar or dash between a structured title's headline and what follows it (not a colon,
# which follows a kicker).
_BAR = re.compile(r"\s+[|\-–—·•/»«~]\s+|\s*[｜|]\s*")


def _leading_segments(meta: PageMetadata) -> list[str]:
    """The part before the first bar or dash of the structured titles as given: the headline
    of "Sea View - Holiday flat by the harbour". A short heading agrees with it, where a
    short key that merely begins a longer title ("Night ferry" of "Night ferry fares rise")
    does not; not <title>, which may begin with the site's section ("Culture | ...")."""
    leads = []
    for title in (meta.headline, meta.og_title):
        if title and (match := _BAR.search(title)) and match.start() > 0:
            leads.append(title[: match.start()])
    return leads


def _extends(heading: str, declared: str) -> bool:
    """``heading`` continues ``declared``, a title of three words or more."""
    key, short = _key(heading), _key(declared)
    return (
        len(short) >= 12
        and len(key) > len(short)
        and key.startswith(short)
        and len(declared.split()) >= 3
    )


def _is_site_name(text: str, meta: PageMetadata, host: str | None) -> bool:
    """A heading that names the site: its name, its host, or the suffix of its <title>."""
    key = _key(text)
    if not key:
        return True
    keys = site_keys(meta.site_names or meta.site_name, host)
    for site_key in keys:
        if key == site_key or key in site_key:
            return True
        if site_key in key and len(text.split()) <= 2:
            return True
    # "Post title | Blog name" in <title>, and the heading is the blog's name (but not in
    # "Site - Section - Headline", where the last part is the headline).
    if meta.html_title and len(text.split()) <= 5:
        head, separator, tail = _last_segment(meta.html_title)
        if separator and ":" not in separator and _key(tail) == key:
            first = _SEPARATOR.split(head)[0]
            return _key(head) != key and not _names_site(first, keys)
    return False


def _last_segment(title: str) -> tuple[str, str, str]:
    matches = list(_SEPARATOR.finditer(title))
    if not matches:
        return title, "", ""
    last = matches[-1]
    return title[: last.start()], last.group(), title[last.end() :]


def _article_heading(headings: list[Heading], declared: list[str]) -> Heading | None:
    """The one heading that is the article's: confirmed by a declared title (the longest such
    ``<h1>``, then other marked headings), else the first marked ``<h1>``, else the first."""
    h1s = [h for h in headings if h.tag == "h1"]
    others = [h for h in headings if h.tag != "h1"]
    for group in (h1s, others):
        confirmed = [
            h for h in group if any(_agrees(h.text, d) or _agrees(h.full, d) for d in declared)
        ]
        if confirmed:
            return max(confirmed, key=lambda h: len(h.text))
        if group is h1s:
            # An <h1> that a shortened declared title begins ("... Kapazität" for "...
            # Kapazität in Tennessee") beats a teaser heading that repeats the short form.
            extended = [h for h in h1s if any(_extends(h.text, d) for d in declared)]
            if extended:
                return extended[0]
    if h1s:
        return next((h for h in h1s if h.marked), h1s[0])
    # An unmarked <h2> of a page without <h1> (see _fallback_headings) needs a confirmation.
    return next((h for h in others if h.marked), None)


def _structured_titles(
    meta: PageMetadata, site_names: list[str] | str | None, host: str | None
) -> set[str]:
    """JSON-LD headline and og:title, as given and without a site affix: the publisher's
    own statement of the title (``<title>`` is written for search results)."""
    raw = [t for t in (meta.headline, meta.og_title) if t]
    return {*raw, *(strip_site_suffix(t, site_names, host) for t in raw)}


def _is_label(heading: Heading, declared: list[str]) -> bool:
    """A one- or two-word heading ("Literatur", "Fachmeldungen") that no declared title
    confirms is a section label, when a declared title of more words exists. A heading
    that holds a whole declared title ("Chorgeschichte", titled "Geschichte") is not."""
    words = len(heading.text.split())
    if words > 2 or any(_agrees(heading.text, d) for d in declared):
        return False
    key = _key(heading.text)
    if any(len(k) >= 4 and k in key for d in declared if (k := _key(d))):
        return False
    return any(len(d.split()) > words + 1 for d in declared)


def _page_titles(meta: PageMetadata, declared: list[str]) -> list[str]:
    """The declared titles that may show a short heading to be a section label: not a
    ``<title>`` without any separator on a page that declares no structured title. Such a
    title is the page's headline on some small sites and the site's own name, the same on
    every page ("Day trips along the northern coast"), on others; it cannot tell a label
    from a short page name ("Harbour-West"), and the heading the page shows is kept."""
    title = meta.html_title
    if meta.headline or meta.og_title or not title or _SEPARATOR.search(title):
        return declared
    return [d for d in declared if d != title]


MIN_TAIL_CHARS = 15
MAX_KICKER_WORDS = 6


def _declared_tail(text: str, declared: list[str]) -> str | None:
    """The structured title (JSON-LD headline, og:title, as given) that ``text`` ends with,
    when ``text`` only adds a few words in front: a kicker glued to the headline without
    markup ("Holocaust-Gedenktag Erinnerung an die Opfer", "Kultur : Ehrengast der
    Buchmesse"). Not <title>: an SEO title may be any shortening of the headline."""
    key = _key(text)
    words = len(text.split())
    for title in declared:
        tail = _key(title)
        if (
            MIN_TAIL_CHARS <= len(tail) < len(key)
            and key.endswith(tail)
            and 0 < words - len(title.split()) <= MAX_KICKER_WORDS
        ):
            return title
    return None


def _confirmed_subheading(heading: Heading, declared: list[str]) -> Heading | None:
    """The page's ``<h2>``/``<h3>`` that a declared title confirms, when no declared title
    confirms ``heading``, an unmarked heading or a section label: some templates keep
    ``<h1>`` for the section's name or a box and set the headline in a plain ``<h2>``."""
    if heading.element is None or any(
        _agrees(heading.text, d) or _agrees(heading.full, d) or _extends(heading.text, d)
        for d in declared
    ):
        return None
    for element in heading.element.getroottree().iter("h2", "h3"):
        text, _ = _heading_parts(element)
        if (
            any(_agrees(text, d) for d in declared)
            and element.find(".//a[@href]") is None
            and not _in_chrome(element)
        ):
            return Heading(text, text, element.tag, False, False, element)
    return None


# Where a page states its headline besides <h1>: a heading, or any element marked as the
# headline in microdata (<div itemprop="headline">).
_STATED_CANDIDATES = etree.XPath("//h2 | //h3 | //*[@itemprop='headline']")


def _stated_heading(heading: Heading, structured: set[str]) -> Heading | None:
    """The ``<h2>``/``<h3>`` or microdata headline that states the publisher's structured
    title word for word, for a ``heading`` that is the last step of a breadcrumb trail and
    that no structured title confirms: the trail names the page (often by its SEO title),
    while the headline that readers see sits above the article in an element of its own."""
    if heading.element is None or any(
        _agrees(heading.text, t) or _agrees(heading.full, t) for t in structured
    ):
        return None
    keys = {_key(t) for t in structured}
    for element in _STATED_CANDIDATES(heading.element.getroottree()):
        if element is heading.element:
            continue
        text, kicker = _heading_parts(element)
        full = f"{kicker}: {text}" if kicker else text
        if (_key(text) in keys or _key(full) in keys) and not _in_chrome(element):
            return Heading(text, full, element.tag, False, True, element)
    return None


CONTINUATION_SIBLINGS = 3
MIN_CONTINUED_WORDS = 3
"""An <h1> of one or two words is a topic ("Ukraine war") whose page lists entries that
begin with it ("Ukraine war: ..."), not the short form of one article's title."""


def _continued(heading: Heading) -> Heading | None:
    """The ``<h2>``/``<h3>`` just below an ``<h1>`` that repeats it and continues after a
    separator ("Old ferries, part 12" above "Old ferries, part 12 – The paddle steamers"):
    the ``<h1>`` is the short form of a series or the page's name, the heading below the
    article's full title. Only in the next few elements and not a teaser link."""
    if heading.element is None or len(heading.text.split()) < MIN_CONTINUED_WORDS:
        return None
    siblings = heading.element.itersiblings()
    for _, sibling in zip(range(CONTINUATION_SIBLINGS), siblings, strict=False):
        element = next(sibling.iter("h2", "h3"), None)
        if element is None:
            continue
        text, _ = _heading_parts(element)
        rest = text[len(heading.text) :] if text.startswith(heading.text) else ""
        if (
            _SEPARATOR.match(rest)
            and _letters(rest) >= MIN_HEADLINE_LETTERS
            and element.find(".//a[@href]") is None
            and not _in_chrome(element)
        ):
            return Heading(text, text, element.tag, False, True, element)
        return None
    return None


def choose_headline(
    meta: PageMetadata, host: str | None, fallback: str | None = None
) -> str | None:
    """Pick the headline from the page's candidates; ``fallback`` is trafilatura's title."""
    site_names = meta.site_names or meta.site_name
    declared_raw = [t for t in (meta.headline, meta.og_title, meta.html_title, fallback) if t]
    declared = declared_raw + [strip_site_suffix(t, site_names, host) for t in declared_raw]
    visible = [
        h
        for h in meta.headings
        if not h.chrome and not h.text.endswith(":") and not _is_site_name(h.text, meta, host)
    ]
    naming = declared + _leading_segments(meta)
    heading = _article_heading(visible, naming)
    titles = _page_titles(meta, naming)
    structured = _structured_titles(meta, site_names, host)
    # A weak heading gives way to one elsewhere on the page that a declared title names.
    if heading is not None and (not heading.marked or _is_label(heading, titles)):
        heading = _confirmed_subheading(heading, naming) or heading
    if heading is not None and heading.element is not None and _in_trail(heading.element):
        heading = _stated_heading(heading, structured) or heading
    if heading is not None and heading.tag == "h1":
        heading = _continued(heading) or heading
    if heading is not None and not _is_label(heading, titles):
        if heading.full != heading.text and heading.full in structured:
            return heading.full  # the publisher's structured title keeps the kicker
        tail = _declared_tail(heading.text, [t for t in (meta.headline, meta.og_title) if t])
        if tail:
            return tail
        # A heading that carries the site's name as a suffix ("Title - Site Forum").
        text = _without_trailing_site(heading.text, site_keys(site_names, host))
        return _spaced(text, declared)

    return _as_shown(_declared_headline(meta, site_names, host, fallback), meta.headings)


def _declared_headline(
    meta: PageMetadata, site_names: list[str] | str | None, host: str | None, fallback: str | None
) -> str | None:
    """The headline from declared titles alone, for a page that shows no usable heading."""
    for candidate in (meta.headline, meta.og_title, meta.html_title, fallback):
        if candidate:
            stripped = strip_site_suffix(candidate, site_names, host)
            if stripped != candidate:
                return _without_cjk_suffix(_without_sections(stripped))
            if candidate is meta.headline:
                return stripped
    # No source names the site: cut a suffix that <title> has and og:title lacks.
    if meta.html_title and meta.og_title and _agrees(meta.og_title, meta.html_title):
        return meta.og_title
    title = meta.og_title or meta.html_title or fallback
    return _without_cjk_suffix(title) if title else None


# "标题-新华网", "제목-정치": Chinese, Japanese and Korean titles attach the site or section
# with a bare hyphen or underscore, which no headline in those scripts ends with.
_CJK_SUFFIX = re.compile(
    r"(?<=[\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff01-\uff1f])[-_][^\s\-_]{1,8}$"
)


def _without_cjk_suffix(title: str) -> str:
    return _CJK_SUFFIX.sub("", title)


def _spaced(text: str, declared: list[str]) -> str:
    """A declared title that is ``text`` with more spaces (and perhaps separators): markup
    lost them between elements ("<b>Kicker:</b>Headline"), metadata states them."""
    key = _key(text)
    spaces = text.count(" ")
    for title in declared:
        if title.count(" ") > spaces and _key(title) == key:
            return title
    return text


_PIPE = " | "
MAX_SECTION_WORDS = 2


def _without_sections(title: str) -> str:
    """ "Headline | Video | Section" → "Headline": once the site's name is cut, short
    "|" segments after the headline are the site's sections (a headline has no "|")."""
    parts = title.split(_PIPE)
    while len(parts) > 1 and len(parts[-1].split()) <= MAX_SECTION_WORDS:
        parts.pop()
    return _PIPE.join(parts)


def _as_shown(title: str | None, headings: list[Heading]) -> str | None:
    """``title`` as a heading of the page spells it (dashes, quotes), if one does: a heading
    taken for chrome may still be the headline that the declared titles name."""
    if title:
        key = _key(title)
        for heading in headings:
            if heading.text != title and _key(heading.text) == key:
                return heading.text
    return title
