"""The visible byline: found by its markup or its wording, then taken out of the body.

Many pages state authors only in the visible text ("Par Élodie Garnier et Jean-Baptiste
Roux" in a ``<p class="signature">``), which trafilatura neither reports as author nor keeps
out of the text. Bylines are recognised in four general ways, strongest first:

* structure: ``rel="author"`` links and ``itemprop="author"`` elements (microformats and
  schema.org microdata), the ``vcard``/``fn`` of WordPress-style ``author`` spans;
* markup: an element whose class or id names a byline/author/signature in common CMS
  vocabularies, holding a short text;
* label: a label alone in an inline element, the name beside it ("<b>Autor:</b> Jane Doe",
  "<span>By</span><span><a>Jane Doe</a></span>");
* wording: a short paragraph or line of the article that starts like a byline ("By",
  "Par", "Von", "Por", "Text:", "Autor:", "Verfasst von").

Names alone in bold opening the text ("<p><strong>Jane Doe/John Roe</strong></p>") come
last among these: templates whose own byline names only the outlet. When none of these
finds anything, three weaker signs are read: a meta line beside the
headline with a date and one name ("11.12.2019 - Jane Doe"), a signature, an emphasised
name alone closing the text, and the name heading an "about the author" box.

Author boxes of comments, biographies, related-article teasers and page chrome are skipped.
The chosen element is removed from the tree before trafilatura runs, so the byline never
ends up as the first or last "paragraph" of the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.xpaths import AUTHOR_XPATHS

from newscrawl.normalize.dates import DATE_IN_TEXT

MAX_BYLINE_WORDS = 16
MAX_CANDIDATES = 4
LABEL_LEVELS = 3
CHROME_DEPTH = 4

# Class/id tokens that mark a byline in common CMS templates (WordPress, Drupal, Arc,
# newspaper themes), in several languages.
_MARKUP = re.compile(
    r"(?:^|[\s_-])(?:by-?line|byl|author(?:s|-?name)?|autor(?:en)?-?zeile|auteurs?|autor(?:en|in|es)?|autore|"
    r"autori|signature|firma|verfasser|writer|reporter|journalist|creator|user-?name)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Every word _MARKUP can match, lower-case, in one case-sensitive pattern: a quick test that
# lets through a superset of what _MARKUP matches (a third of its cost on the ~400 marked
# elements of a real page, nearly all of which match neither).
_MARKUP_WORDS = re.compile(
    "byl|by-l|author|autor|auteur|signature|firma|verfasser|writer|reporter|journalist|creator|user"
)


def _may_mark_byline(marker: str) -> bool:
    """False only when ``_MARKUP`` cannot match ``marker``. Non-ASCII markers go on to it:
    its case-insensitive matching also takes "ı", "ſ" and the like for "i" and "s"."""
    return not marker.isascii() or _MARKUP_WORDS.search(marker.lower()) is not None


# Containers that hold author *biographies*, comment authors, teasers: not bylines.
_NOT_BYLINE = re.compile(
    r"(?:^|[\s_-])(?:bio|biography|avatar|comments?|comment-author|card|profile|related|"
    r"share|widget|teaser|recommend\w*|popular|most-?read|meistgelesen|trending|more-?stories|"
    r"footer-widgets|newsletter|"
    r"about-author|author-info|author-box|authorbox)(?:$|[\s_-])",
    re.IGNORECASE,
)
# "Autor", "Autorin", and the gender-inclusive forms of German pages: "Autor*in",
# "Autor:in", "Autor/-in", "Autorin/Autor".
_AUTOR = r"autor(?:in|en|innen|[*:/_]-?in(?:nen)?)?(?:\s*/\s*autor(?:in)?)?"
_WORDING = re.compile(
    r"^(?:by|par|von|vom|por|di|door|text|texte|words|written by|reporting by|posted by|"
    rf"{_AUTOR}|author|auteur|verfasst von|geschrieben von|"
    r"(?:eine? )?(?:blog-?\s?|gast)?(?:beitrag|artikel|kolumne|kommentar|analyse|reportage|"
    r"glosse|interview|pressemitteilung) von)"
    r"\b\s*:?\s*\S",
    re.IGNORECASE,
)
_WORDING_TAGS = ("p", "div", "span", "h4", "h5", "h6", "strong", "b", "em", "small")
_LABEL_ONLY = re.compile(
    rf"(?:by|von|par|por|door|{_AUTOR}|author|auteur|text|written by|verfasst von)\s*:?",
    re.IGNORECASE,
)
# Inline elements that may hold a byline label alone ("<strong>Autor:</strong> Jane Doe",
# "<span>By</span><span><a>Jane Doe</a></span>"): the name follows the element.
_LABEL_TAGS = ("strong", "b", "span", "em", "i", "small", "h5", "h6", "dt", "th", "label")
_LABEL_EDGES = re.compile(r"^[\s|•·,–—-]+|[\s|•·,–—-]+$")
_PARTS = re.compile(r"\s[|•·]\s")
_OUTSIDE_CONTENT = frozenset({"nav", "aside", "form", "button", "script", "style", "noscript"})
_MARKUP_TAGS = (
    "p", "div", "span", "a", "address", "section", "li", "small", "em", "strong", "h4", "h5",
    "h6", "cite",
)  # fmt: skip

# Elements whose rel may hold "author", chosen by libxml2 (pages have hundreds of rel links).


@dataclass(frozen=True, slots=True)
class Byline:
    """A visible byline and how it was recognised (``structure``, ``markup``, ``label``,
    ``wording``)."""

    text: str
    how: str
    element: HtmlElement
    others: tuple[HtmlElement, ...] = ()
    """Further elements of the same byline, removed with it: templates that print each
    author in an element of their own ("<a class=author-name>" once per author)."""

    @property
    def elements(self) -> tuple[HtmlElement, ...]:
        return (self.element, *self.others)


MAX_LISTED_AUTHORS = 8


def _words(text: str) -> int:
    return len(text.split())


_UNREAD = frozenset({"script", "style", "noscript"})
_SOCIAL_LINK = re.compile(
    r"^(?:https?:)?//(?:[\w-]+\.)?(?:twitter|x|facebook|instagram|linkedin|threads|bsky|tiktok|"
    r"youtube|mastodon\.social)\.(?:com|app|net)/",
    re.IGNORECASE,
)
_BAR_EDGES = re.compile(r"^(?:\| ?)+|(?: ?\|)+$")


def _text(element: HtmlElement) -> str:
    """The element's text with its parts spaced ("von<a>Chris Jung</a>" → "von Chris Jung"),
    in reading order ("Von <b>A</b> und <b>B</b>"), a line break as " | "."""
    parts = [element.text or ""]
    if len(element):
        _child_texts(element, parts)
    text = " ".join(" ".join(parts).split())
    return _BAR_EDGES.sub("", text) if "|" in text else text


def _child_texts(element: HtmlElement, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == "br":
            parts.append(" | ")  # "Von <b>A</b><br>Kakuma": the line ends there
        elif tag == "a" and _SOCIAL_LINK.match(child.get("href", "")):
            pass  # "<a href=https://twitter.com/jdoe>jdoe</a>": a handle, not a name
        elif isinstance(tag, str) and tag not in _UNREAD:  # not a comment, not a script
            if child.text:
                parts.append(child.text)
            if len(child):
                _child_texts(child, parts)
        if child.tail:
            parts.append(child.tail)


def _marker(element: HtmlElement) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _in_box(element: HtmlElement, box_class: re.Pattern[str]) -> bool:
    """In navigation, a form or an aside, or in a container whose class or id matches
    ``box_class`` close around it (within CHROME_DEPTH levels).

    Only the nearest containers' classes count: further up they describe the post or the
    template ("category-popular", "content-sidebar-wrap", Blogger's "widget Blog")."""
    for depth, ancestor in enumerate(element.iterancestors()):
        if ancestor.tag in ("article", "main", "body", "html"):
            break
        if ancestor.tag in _OUTSIDE_CONTENT:
            return True
        if depth < CHROME_DEPTH and box_class.search(_marker(ancestor)):
            return True
    return False


def _in_page_chrome(element: HtmlElement) -> bool:
    """In navigation, a form, an aside, or a comment/bio/teaser box close around it."""
    return _in_box(element, _NOT_BYLINE)


def _usable(element: HtmlElement, text: str) -> bool:
    return bool(text) and _words(text) <= MAX_BYLINE_WORDS and not _in_page_chrome(element)


_MARKUP_TAG_SET = frozenset(_MARKUP_TAGS)
_LABEL_TAG_SET = frozenset(_LABEL_TAGS)


@dataclass(slots=True)
class _Marked:
    """The elements that the structure, markup and label ways read, in document order."""

    rel_author: list[HtmlElement] = field(default_factory=list)
    itemprop_author: list[HtmlElement] = field(default_factory=list)
    markup: list[HtmlElement] = field(default_factory=list)
    """Elements of :data:`_MARKUP_TAGS` whose class, id or rel names a byline."""
    labels: list[HtmlElement] = field(default_factory=list)
    """Childless elements of :data:`_LABEL_TAGS` whose text is a byline label alone."""


def _marked(tree: HtmlElement) -> _Marked:
    """Elements with ``rel=author`` and with ``itemprop=author``, candidates of
    :func:`_by_markup` and of :func:`_by_label`: the tests that need no other element.

    One pass in Python: two XPath scans of the whole tree (``.//*[@rel][...]``,
    ``.//*[@itemprop='author']``) cost 1.6 times as much on real pages. One pass for the
    three ways (instead of walking the tree again for the markup and the label tags), and
    the attributes looked up only when ``keys()`` lists them: find_bylines 0.85 -> 0.72
    ms a generated page, 1.55 -> 1.47 ms a real one."""
    marked = _Marked()
    for element in tree.iter(etree.Element):
        tag = element.tag
        if tag in _LABEL_TAG_SET:
            raw = element.text
            if (
                raw
                and len(raw) <= 24
                and not len(element)
                and _LABEL_ONLY.fullmatch(_LABEL_EDGES.sub("", raw))
            ):
                marked.labels.append(element)
        # The attribute names in one call, then only the attributes the element has.
        keys = element.keys()
        if not keys:
            continue
        rel = element.get("rel") if "rel" in keys else None
        if rel is not None and "author" in rel.lower().split():
            marked.rel_author.append(element)
        if "itemprop" in keys and element.get("itemprop") == "author":
            marked.itemprop_author.append(element)
        if tag in _MARKUP_TAG_SET:
            cls = element.get("class") if "class" in keys else None
            ident = element.get("id") if "id" in keys else None
            if cls is not None or ident is not None or rel is not None:
                marker = f"{cls or ''} {ident or ''} {rel or ''}"  # as _attributes gives it
                if (
                    _may_mark_byline(marker)
                    and _MARKUP.search(marker)
                    and not _NOT_BYLINE.search(marker)
                ):
                    marked.markup.append(element)
    return marked


def _by_structure(
    rel_author: list[HtmlElement], itemprop_author: list[HtmlElement]
) -> list[Byline]:
    found = []
    for element in rel_author:
        if _usable(element, text := _text(element)):
            found.append(Byline(text, "structure", element))
    for element in itemprop_author:
        if element.tag == "meta":
            continue
        name = element.find(".//*[@itemprop='name']")
        source = name if name is not None else element
        text = source.get("content") or _text(source)
        if _usable(element, text):
            found.append(Byline(text, "structure", element))
    return found


def _names_profile(link: HtmlElement, text: str) -> bool:
    """Whether ``link`` looks like a link to its author's page: a short capitalised text
    ("Jane Doe"), or a login that its URL repeats ("/author/marc/"), not a word of the
    author's note ("read <a>some</a> of the reviews")."""
    if not text or _words(text) > 5:
        return False
    slug = re.sub(r"\W+", "", text.casefold())
    return text[0].isupper() or (bool(slug) and slug in link.get("href", "").casefold())


def _attributes(element: HtmlElement) -> str:
    """class, id and rel in one string; "" for the many elements with none of them (the
    common case, tested first: this runs for every inline element of the page)."""
    cls, ident, rel = element.get("class"), element.get("id"), element.get("rel")
    if cls is None and ident is None and rel is None:
        return ""
    return f"{cls or ''} {ident or ''} {rel or ''}"


def _by_markup(candidates: list[HtmlElement]) -> list[Byline]:
    """Bylines of the elements whose class, id or rel names one (see :func:`_marked`)."""
    found: list[Byline] = []
    for element in candidates:
        if found and _overlaps(element, found):
            continue
        text = _text(element)
        if _LABEL_ONLY.fullmatch(text) and element.getparent() is not None:
            # "<span class=author-heading>Autor:</span> Petra Ruland": the name is beside.
            element = element.getparent()
            text = _text(element)
        others: tuple[HtmlElement, ...] = ()
        if _words(text) > MAX_BYLINE_WORDS:
            # An author block with a date, a title or a teaser: its links name the authors.
            link = element.find(".//a[@href]")
            if link is None or not _names_profile(link, link_text := _text(link)):
                continue
            others = tuple(_fellow_profiles(link))
            element = link
            text = "; ".join([link_text, *(_text(other) for other in others)])
        if not _usable(element, text):
            continue
        if found and _same_list(found[-1], element):
            # One element per author: "<a class=author-name>A</a>, <a class=author-name>B</a>"
            last = found[-1]
            found[-1] = Byline(
                f"{last.text}; {text}", last.how, last.element, (*last.others, element)
            )
            continue
        found.append(Byline(text, "markup", element, others))
        if len(found) >= MAX_CANDIDATES:
            break
    return found


def _overlaps(element: HtmlElement, found: list[Byline]) -> bool:
    """``element`` is, holds or lies in an element of a byline already found: the inner
    "author" span of a "byline", or the outer "byline" box of an "author"."""
    ancestors = set(element.iterancestors())
    for byline in found:
        for other in byline.elements:
            if other is element or other in ancestors or element in other.iterancestors():
                return True
    return False


def _same_list(byline: Byline, element: HtmlElement) -> bool:
    """Whether ``element`` is one more author of the list ``byline`` began: the same tag and
    class as its last element, and next to it: in the same parent with at most a separator
    between ("A</a>, <a>B"), or first in the next item of the same list ("<div><a>A</a>
    <p>bio</p></div><div><a>B</a>..."). Authors of teasers in a "more stories" list follow
    their headlines, in items of their own: no list of authors."""
    last = byline.elements[-1]
    if len(byline.elements) >= MAX_LISTED_AUTHORS:
        return False
    if element.tag != last.tag or element.get("class") != last.get("class"):
        return False
    parent, last_parent = element.getparent(), last.getparent()
    if parent is None or last_parent is None:
        return False
    if parent is last_parent:
        between = [last.tail or ""]
        for sibling in last.itersiblings():
            if sibling is element:
                return _words(" ".join(between)) <= 2  # ", ", "and", "und", "&"
            between += (_text(sibling), sibling.tail or "")
        return False
    return (
        parent.getprevious() is last_parent
        and _first_child(parent) is element
        and _first_child(last_parent) is last
    )


def _first_child(element: HtmlElement) -> HtmlElement | None:
    return next(element.iterchildren(etree.Element), None)


def _fellow_profiles(link: HtmlElement) -> list[HtmlElement]:
    """The links beside ``link`` to the profiles of further authors ("/autor/ada-brook",
    "/autor/max-roe"): same folder of the site, each naming a person."""
    folder = _folder(link.get("href", ""))
    fellows = []
    for sibling in link.itersiblings("a"):
        if _folder(sibling.get("href", "")) != folder:
            break
        if _names_profile(sibling, _text(sibling)):
            fellows.append(sibling)
        if len(fellows) >= MAX_LISTED_AUTHORS - 1:
            break
    return fellows


def _folder(href: str) -> str:
    return href.rstrip("/").rpartition("/")[0]


def _after_label(label: HtmlElement) -> str:
    """The text that follows ``label`` in its parent, up to a line break or the next label
    ("<b>Autor:</b> <a>Jane Doe</a><br><b>Tags:</b> ..." → "Jane Doe")."""
    parts = [label.tail or ""]
    for sibling in label.itersiblings():
        if sibling.tag == "br" and " ".join(parts).strip():
            break
        if sibling.tag == label.tag and (sibling.text or "").strip().endswith(":"):
            break
        parts.append(_text(sibling))
        if sibling.tail and sibling.tail.strip():
            parts.append(sibling.tail)
        if _words(" ".join(parts)) > MAX_BYLINE_WORDS:
            break
    return " ".join(" ".join(parts).split())


def _by_label(labels: list[HtmlElement]) -> list[Byline]:
    """Bylines whose label stands alone in its element (``labels``, see :func:`_marked`),
    the name after it (see :func:`_after_label`). Such a line is removed whole when it is
    all its parent holds; else only the label goes, the name staying where the page wrote
    it."""
    found: list[Byline] = []
    for label in labels:
        label_text = _LABEL_EDGES.sub("", label.text)
        name = _after_label(label)
        holder = label
        for _ in range(LABEL_LEVELS):
            # "<p><strong>By</strong></p>" in one cell, the name in the next one.
            parent = holder.getparent()
            if name or parent is None or _text(parent) != _text(holder):
                break
            holder = parent
            name = _after_label(holder)
        if not name or _words(name) > MAX_BYLINE_WORDS:
            continue
        text = f"{label_text} {name}"
        parent = holder.getparent()
        line = " ".join(f"{label.text} {name}".split())
        element = parent if parent is not None and _text(parent) == line else label
        if _usable(element, text):
            found.append(Byline(text, "label", element))
        if len(found) >= 2:
            break
    return found


def _by_wording(
    tree: HtmlElement, headline: HtmlElement | None, article: HtmlElement | None
) -> list[Byline]:
    container = article
    if container is None:
        container = tree.find(".//main")
    if container is None and headline is not None:
        # No article element: the block around the headline (its grandparent).
        container = next(islice(headline.iterancestors(), 1, None), None)
    if container is None:
        return []
    paragraphs = [p for p in container.iter(_WORDING_TAGS) if p.text and p.text.strip()]
    found = []
    for paragraph in paragraphs[:12] + paragraphs[-3:]:
        text = _text(paragraph)
        if _words(text) > 2 * MAX_BYLINE_WORDS:
            continue
        # "Kicker | By Jane Doe | April 13, 2020": the byline may be one part of a line.
        for part in _PARTS.split(text):
            part = part.strip()
            if _LABEL_ONLY.fullmatch(part):
                continue  # "Autor:" alone: its name is beside it (see _by_label)
            if _words(part) <= MAX_BYLINE_WORDS and _WORDING.match(part):
                found.append(Byline(part, "wording", paragraph))
                break
        if len(found) >= 2:
            break
    return found


_LINE_PARTS = re.compile(r"\s*[|•·]\s*|\s+[-–—]\s+")
_NAME_LABEL = re.compile(r"^(?:by|von|par|por|door|di)\s+", re.IGNORECASE)
_NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "del", "di", "da", "du", "le", "la"})
NEAR_HEADLINE = 3


def _near(headline: HtmlElement) -> list[HtmlElement]:
    """The elements beside the headline, and beside its wrapper when it wraps little else."""
    around = [headline]
    parent = headline.getparent()
    if parent is not None and len(parent) <= NEAR_HEADLINE:
        around.append(parent)
    elements: list[HtmlElement] = []
    for anchor in around:
        elements += islice(anchor.itersiblings(), NEAR_HEADLINE)
        elements += islice(anchor.itersiblings(preceding=True), 1)
    return [e for e in elements if isinstance(e.tag, str)]


def _person_part(part: str) -> str | None:
    """``part`` if it reads as a person's name (two to four capitalised words)."""
    words = _NAME_LABEL.sub("", part).split()
    if not 2 <= len(words) <= 4 or words[-1].casefold() in _NAME_PARTICLES:
        return None
    for word in words:
        if not (word[:1].isupper() or word in _NAME_PARTICLES):
            return None
        if not all(ch.isalpha() or ch in ".-'’" for ch in word):
            return None
    return part


def _by_dateline(headline: HtmlElement | None) -> list[Byline]:
    """A meta line beside the headline that holds a date and one name: "11.12.2019 - Jane
    Doe", "04.02.2022 | 13:10 Uhr | Jane Doe". The date is what makes it a byline line."""
    if headline is None:
        return []
    for element in _near(headline):
        text = _text(element)
        if _words(text) > MAX_BYLINE_WORDS or not DATE_IN_TEXT.search(text):
            continue
        parts = [p for p in _LINE_PARTS.split(text) if p and not any(c.isdigit() for c in p)]
        names = [name for p in parts if (name := _person_part(p))]
        if len(names) == 1 and _usable(element, names[0]):
            return [Byline(names[0], "dateline", element)]
    return []


_SIGNATURE_XPATH = etree.XPath(
    ".//p[not(text()[normalize-space()])][count(*) = 1][*[self::b or self::strong or self::em "
    "or self::i]][string-length(normalize-space()) < 40]"
)
MIN_PROSE_WORDS = 25


def _by_signature(tree: HtmlElement) -> list[Byline]:
    """The article signed at its end: a last paragraph that is only an emphasised name
    ("<p><b><i>Jane Doe</i></b></p>") after a paragraph of prose."""
    for paragraph in _SIGNATURE_XPATH(tree):
        text = _text(paragraph)
        if _person_part(text) is None or (paragraph[0].tail and paragraph[0].tail.strip()):
            continue
        previous = paragraph.getprevious()
        if previous is None or previous.tag != "p" or _words(_text(previous)) < MIN_PROSE_WORDS:
            continue
        if any(_text(sibling) for sibling in paragraph.itersiblings()):
            continue  # the text goes on ("<b>More information</b>" and links): no signature
        if _usable(paragraph, text):
            return [Byline(text, "signature", paragraph)]
    return []


_NAME_LINE = re.compile(
    rf"\s*(?:by|von|par|por|door|{_AUTOR}|author|auteur)(?:\s*:\s*|\s+)(?=\w)", re.IGNORECASE
)
MAX_NAME_LINE_WORDS = 10
NAME_LINE_LEVELS = 4


def _name_line(element: HtmlElement, block: set[HtmlElement]) -> Byline | None:
    """``element`` as a short line that is a label and a person's name, perhaps with a role
    after a comma ("Von Jane Doe", "Autorin: Jane Doe, Projektleiterin"), in the headline's
    ``block`` (a common container below ``<body>``, a few levels up): for pages whose
    article has no ``<article>`` or ``<main>`` and whose byline is far down. A book's "von
    Jane Doe" in a sidebar shares only the body with the headline."""
    raw = element.text
    if not raw or not (label := _NAME_LINE.match(raw)):
        return None
    text = _text(element)
    if _words(text) > MAX_NAME_LINE_WORDS:
        return None
    name = text[label.end() :].split(",")[0].strip().rstrip(".")
    if _person_part(name) is None or not _usable(element, text):
        return None
    if any(a in block for a in islice(element.iterancestors(), NAME_LINE_LEVELS)):
        return Byline(text, "name line", element)
    return None


# "About the author" boxes: no byline, but when the page has none they name its author.
_AUTHOR_BOX = re.compile(
    r"(?:^|[\s_-])(?:about-?(?:the-)?author|author-?(?:info|box|bio|card|details|description))"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)
_BOX_TAGS = ("div", "section", "aside", "footer")
_BOX_NAME_TAGS = ("h2", "h3", "h4", "h5", "strong", "b", "a")
_COMMENTS = re.compile(r"comment", re.IGNORECASE)
_BOX_LABEL = re.compile(rf"(?:{_LABEL_ONLY.pattern})(?!\w)\s*", re.IGNORECASE)


def _is_author_box(element: HtmlElement) -> bool:
    marker = _attributes(element)
    if not marker or not _AUTHOR_BOX.search(marker):
        return False
    return not any(_COMMENTS.search(_marker(a)) or a.tag == "nav" for a in element.iterancestors())


def _box_name(box: HtmlElement) -> Byline | None:
    """The name that heads an "about the author" box ("<h3>Jane Doe</h3>", "<h2><span>
    Autor:</span> Jane Doe</h2>"): a person's name alone."""
    for element in box.iter(_BOX_NAME_TAGS):
        text = _text(element)
        label = _BOX_LABEL.match(text)
        name = text[label.end() :].strip() if label else text
        if _person_part(name) is not None:
            return Byline(name, "author box", element)
    return None


_LAST_RESORT_TAGS = tuple(dict.fromkeys(_WORDING_TAGS + _BOX_TAGS))


def _by_name_line_or_author_box(tree: HtmlElement, headline: HtmlElement | None) -> list[Byline]:
    """A name line (:func:`_name_line`), else the name heading the first "about the author"
    box outside the comments (:func:`_box_name`; later boxes may present other people). One
    pass over the page for both, read only when the page shows no byline."""
    block: set[HtmlElement] = set()
    if headline is not None:
        block = {a for a in headline.iterancestors() if a.tag not in ("body", "html")}
    box_seen = False
    from_box: Byline | None = None
    for element in tree.iter(*_LAST_RESORT_TAGS):
        if block and element.tag in _WORDING_TAGS and (line := _name_line(element, block)):
            return [line]
        if not box_seen and element.tag in _BOX_TAGS and _is_author_box(element):
            box_seen = True
            from_box = _box_name(element)
    return [from_box] if from_box else []


_NAME_LIST = re.compile(r"\s*(?:/|,|&|\band\b|\bund\b|\bet\b)\s*")
LEAD_PARAGRAPHS = 5
MAX_LEAD_NAMES = 4


def _by_lead_names(article: HtmlElement | None) -> list[Byline]:
    """The article opened by its authors' names alone in bold, after a deck perhaps but
    before the first paragraph of prose ("<p><strong>Jane Doe/John Roe</strong></p>"),
    where the template's own byline names only the outlet."""
    if article is None:
        return []
    for paragraph in islice(article.iter("p"), LEAD_PARAGRAPHS):
        text = _text(paragraph)
        if _words(text) >= MIN_PROSE_WORDS:
            break  # the text has begun
        if (paragraph.text and paragraph.text.strip()) or len(paragraph) != 1:
            continue
        bold = paragraph[0]
        if bold.tag not in ("strong", "b") or (bold.tail and bold.tail.strip()):
            continue
        names = [n for n in _NAME_LIST.split(text) if n]
        names_only = 0 < len(names) <= MAX_LEAD_NAMES and all(_person_part(n) for n in names)
        if names_only and _usable(paragraph, text):
            return [Byline(text, "lead names", paragraph)]
    return []


def find_bylines(tree: HtmlElement, headline: HtmlElement | None = None) -> list[Byline]:
    """The page's visible byline candidates, strongest first (read-only). ``headline`` is
    the article's heading element, if known: without an ``<article>`` element, bylines by
    wording are looked for around it, and so are meta lines with a date and a name."""
    article = tree.find(".//article")
    marked = _marked(tree)
    found = _by_structure(marked.rel_author, marked.itemprop_author)
    found += _by_markup(marked.markup) + _by_label(marked.labels)
    found += _by_wording(tree, headline, article) + _by_lead_names(article)
    if not found:
        found = (
            _by_dateline(headline)
            or _by_signature(tree)
            or _by_name_line_or_author_box(tree, headline)
        )
    return found[: 2 * MAX_CANDIDATES]


# What trafilatura prunes before looking for an author: comments, sidebars, quotes, dates.
_GUESS_DISCARD = re.compile(
    r"^comments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
    r"article-(?:share|support)|print|category|meta-date|meta-reviewer",
    re.IGNORECASE,
)


_TEASER = re.compile(
    r"(?:^|[\s_-])(?:related|teaser|recommend\w*|popular|most-?read|meistgelesen|trending|"
    r"more-?stories)(?:$|[\s_-])",
    re.IGNORECASE,
)


def _in_teaser_or_aside(element: HtmlElement) -> bool:
    """In navigation, an aside or a form, or in a box of other stories close around it. (A
    narrower test than :func:`_in_page_chrome`: Blogger wraps the post and its "Eingestellt
    von" footer in a "widget".)"""
    return _in_box(element, _TEASER)


def _guess_discarded(element: HtmlElement) -> bool:
    for node in (element, *element.iterancestors()):
        if node.tag in ("time", "figure"):
            return True
        if node.get("id", "").lower().startswith("comments") or _GUESS_DISCARD.search(
            node.get("class", "")
        ):
            return True
    return False


# trafilatura's author XPaths test class and id names with EXSLT regular expressions, over
# every element of the page: about 6 ms on a real page. _guess_candidates keeps, in one pass,
# the few elements that any of them could select (a superset, checked on every corpus page);
# each XPath then runs as a ``self::`` test on those only. Same elements, same order (but for
# trafilatura's ``rel='me'``, a test of a child element named "rel" that HTML never has), at
# about a quarter of the cost.
_GUESS_NAMES = re.compile(
    "uthor|yline|screenname|writer|channel-name|submitted-by|posted-by|journalist-name"
    "|zuozhe|bianji|xiaobian"
)
_GUESS_CLASSES = frozenset({"username", "byl", "BBL"})
_GUESS_TEST_IDS = frozenset({"AuthorCard", "AuthorURL"})


def _guess_candidates(tree: HtmlElement) -> list[HtmlElement]:
    candidates = []
    for element in tree.iter(etree.Element):
        if element.tag == "author":
            candidates.append(element)
            continue
        # The element's attribute names first, in one call: an attribute it lacks is then
        # not asked for (six lookups an element, most of them for absent attributes, were
        # most of the pass): 1.16 -> 0.93 ms a call on real pages.
        keys = element.keys()
        if not keys:
            continue
        names = element.get("class", "") if "class" in keys else ""
        if (
            _GUESS_NAMES.search(names)
            or names in _GUESS_CLASSES
            or ("id" in keys and _GUESS_NAMES.search(element.get("id")))
            or ("itemprop" in keys and "author" in element.get("itemprop"))
            or ("rel" in keys and element.get("rel") == "author")
            or ("data-testid" in keys and element.get("data-testid") in _GUESS_TEST_IDS)
            or ("data-component" in keys and "Byline" in element.get("data-component"))
        ):
            candidates.append(element)
    return candidates


def _as_self_test(expression: etree.XPath) -> etree.XPath | None:
    """trafilatura's ``//*[...]`` (and ``//author``) expression as a test of one element."""
    path = expression.path.strip()
    if not path.startswith("//*["):
        return None
    test = path.replace("//*[", "self::*[", 1).replace("|//author", "|self::author")
    if "//" in test:
        return None
    return etree.XPath(test, namespaces={"re": "http://exslt.org/regular-expressions"})


_GUESS_TESTS = [_as_self_test(expression) for expression in AUTHOR_XPATHS]


def _guess_matches(tree: HtmlElement) -> Iterator[HtmlElement]:
    """What trafilatura's author XPaths select, most specific first, each in page order."""
    candidates: list[HtmlElement] | None = None
    for expression, test in zip(AUTHOR_XPATHS, _GUESS_TESTS, strict=True):
        if test is None:  # a shape this module does not know: the slow way
            yield from expression(tree)
            continue
        if candidates is None:
            candidates = _guess_candidates(tree)
        yield from (element for element in candidates if test(element))


def guess_author(tree: HtmlElement) -> str | None:
    """trafilatura's author guess (its author XPaths, most specific first), computed on the
    tree in place instead of on a pruned deep copy of it: a weak, last-resort source."""
    for element in _guess_matches(tree):
        if _guess_discarded(element) or _in_teaser_or_aside(element):
            continue
        text = " ".join(" ".join(element.itertext()).split())
        if 2 < len(text) < 120:
            return text
    return None


def rank_bylines(bylines: list[Byline], headline: HtmlElement | None) -> list[Byline]:
    """``bylines`` with the ones closest to the article's headline first.

    Closeness is how far up from the headline one must go to reach an element that also
    holds the byline: the article's own byline shares the headline's header or article
    block, a teaser's byline in a sidebar or a "more stories" box only shares the page.
    Ties keep the strength order of :func:`find_bylines`.
    """
    if headline is None or len(bylines) < 2:
        return bylines
    distance = {element: i for i, element in enumerate([headline, *headline.iterancestors()])}

    def closeness(byline: Byline) -> int:
        for element in (byline.element, *byline.element.iterancestors()):
            if element in distance:
                return distance[element]
        return len(distance)

    return sorted(bylines, key=closeness)


def remove_byline(byline: Byline) -> None:
    """Take the byline's elements out of the tree (their tail texts stay)."""
    for element in byline.elements:
        if element.getparent() is not None:
            element.drop_tree()


def take_byline(tree: HtmlElement) -> str | None:
    """Find the visible byline, remove its element from ``tree`` and return its text."""
    candidates = find_bylines(tree)
    if not candidates:
        return None
    remove_byline(candidates[0])
    return candidates[0].text
