"""URL classification for discovery: what to request, and whether a URL looks like an article.

Pure functions on URL strings; the spider turns their verdicts into requests and stats.

* fragments and click-tracking parameters are dropped by
  :func:`newscrawl.normalize.urls.strip_tracking_params`.
* :func:`is_on_site` compares host *and* port against a site's domains.
* :func:`classify_url` says whether a URL is an asset, a listing (home, tag, author, search,
  pagination…), looks like an article, or cannot be told from its shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from posixpath import splitext
from urllib.parse import parse_qsl, unquote, urlsplit

from scrapy.linkextractors import IGNORED_EXTENSIONS

HTTP_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

_EXTRA_ASSETS = {"json", "woff", "woff2", "ttf", "avif"}
ASSET_EXTENSIONS = (frozenset(IGNORED_EXTENSIONS) | _EXTRA_ASSETS) - {"rss"}
"""Extensions that are never HTML pages: Scrapy's link-extractor list plus a few (but a
``.rss`` link is a feed, which discovery reads)."""


def origin_domain(url: str) -> str:
    """The domain entry a start URL stands for: ``host`` on a default port, else ``host:port``."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is None or port == DEFAULT_PORTS.get(parts.scheme.lower()):
        return host
    return f"{host}:{port}"


def split_domain(domain: str) -> tuple[str, int | None]:
    """``"example.com:8080"`` → ``("example.com", 8080)``; no port → ``None``."""
    host, sep, port = domain.lower().rpartition(":")
    if sep and port.isdigit() and "]" not in port:
        return host, int(port)
    return domain.lower(), None


def is_on_site(url: str, domains: Iterable[str]) -> bool:
    """True when ``url``'s host is one of ``domains`` (or a subdomain) on the right port.

    A domain written with a port (``127.0.0.1:8001``) matches that port only; one without a
    port matches the default ports (80, 443) only. Two sites on one host with different ports
    are therefore two sites, as they are for a browser.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in HTTP_SCHEMES or not parts.hostname:
        return False
    host = parts.hostname.lower()
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError:  # port out of range or not a number
        return False
    for domain in domains:
        want_host, want_port = split_domain(domain)
        if host != want_host and not host.endswith("." + want_host):
            continue
        if (want_port is None and port in DEFAULT_PORTS.values()) or port == want_port:
            return True
    return False


class UrlKind(StrEnum):
    ASSET = "asset"
    """An image, stylesheet, document…: never an HTML page."""
    LISTING = "listing"
    """Home, section archive, tag, author, search, pagination, account page."""
    ARTICLE = "article"
    """Has an article's shape: a date path, a long slug or a long numeric id."""
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class UrlClass:
    kind: UrlKind
    reason: str


def _words(*lines: str) -> frozenset[str]:
    return frozenset(" ".join(lines).split())


# Path segments that introduce a listing; the listing's own name may follow as one segment.
# English first, then the common French, German, Spanish, Italian and Portuguese words.
_LISTING_WORDS = {
    "tag": "tag tags topic topics label labels hashtag mot-cle mot-clé mots-cles etiquette "
    "schlagwort schlagworte stichwort thema themen tema temas etiqueta etiquetas argomento",
    "category": "category categories cat section sections rubrique rubrik kategorie "
    "categoria categorie seccion sezione",
    "author": "author authors byline profile profiles contributor contributors auteur "
    "auteurs autor autoren autore autori autores",
    "archive": "archive archives archiv archivo archivio",
    "search": "search recherche suche buscar busqueda cerca ricerca pesquisa",
    "feed": "feed feeds rss atom",
}
_LISTING_SEGMENTS: dict[str, str] = {
    word: reason for reason, words in _LISTING_WORDS.items() for word in words.split()
}
# Single-segment pages that are never articles.
_ACCOUNT_SEGMENTS = _words(
    "login logout signin sign-in signout sign-out register signup sign-up account",
    "my-account subscribe wp-login.php wp-admin connexion inscription anmelden registrieren",
)
_STATIC_SEGMENTS = _words(
    "about about-us contact contact-us privacy privacy-policy terms terms-of-service",
    "imprint impressum legal cookies faq help jobs careers advertise a-propos",
    "mentions-legales qui-sommes-nous datenschutz kontakt ueber-uns contacto aviso-legal",
    "privacidad chi-siamo contatti",
)
_HOME_PATHS = frozenset({"", "/", "/index.html", "/index.htm", "/index.php", "/home"})
_SEARCH_PARAMS = frozenset({"s", "q", "query", "search"})
_PAGE_PARAMS = frozenset({"page", "paged", "pg"})
_YEAR = r"(?:19|20)\d{2}"
_DATE_ONLY_PATH = re.compile(rf"^/{_YEAR}(?:/\d{{1,2}}){{0,2}}/?$")
_DATE_PATH = re.compile(rf"/{_YEAR}/\d{{1,2}}/(?:\d{{1,2}}/)?[^/]+|/{_YEAR}[01]\d[0-3]\d/[^/]")
_PAGINATION = re.compile(r"/page/\d+/?$")
_LONG_ID = re.compile(r"\d{5,}")
_SLUG_WORD = re.compile(r"[^\W\d_]{2,}")
_PAGE_EXTENSIONS = frozenset({".html", ".htm", ".shtml", ".php", ".asp", ".aspx", ".jsp"})
NAME_MAX_WORDS = 4
"""A tag, author or section is named in a few words; a longer last segment is a headline."""


def _is_article_name(segment: str) -> bool:
    """``"budget-vote-passes-after-a-long-night"``, ``"story-12345.html"``: the segment after
    a listing word names an article, not the listing (``/archiv/<slug>-73813``)."""
    stem, extension = splitext(segment)
    words = len(_SLUG_WORD.findall(stem))
    return bool(
        _LONG_ID.search(stem)
        or words > NAME_MAX_WORDS
        or (extension in _PAGE_EXTENSIONS and words >= 3)
    )


def _is_pagination_query(query: list[tuple[str, str]]) -> bool:
    """``?page=2``: page 1 (or none) is the page itself, e.g. ``view.html?id=7&page=1``."""
    return any(k.lower() in _PAGE_PARAMS and v.strip() not in ("", "0", "1") for k, v in query)


def _segments(path: str) -> list[str]:
    return [unquote(s).lower() for s in path.split("/") if s]


def _listing_reason(path: str, query: list[tuple[str, str]]) -> str | None:
    keys = {k.lower() for k, _ in query}
    if keys & _SEARCH_PARAMS:
        return "search"
    segments = _segments(path)
    if _PAGINATION.search(path) or _is_pagination_query(query):
        return "pagination"
    if path in _HOME_PATHS and not query:
        return "home"
    if _DATE_ONLY_PATH.match(path):
        return "archive"
    if len(segments) == 1 and segments[0] in _ACCOUNT_SEGMENTS:
        return "account"
    if len(segments) == 1 and segments[0] in _STATIC_SEGMENTS:
        return "static"
    for i, segment in enumerate(segments):
        reason = _LISTING_SEGMENTS.get(segment)
        # "/tag/politics/" is a listing; "/topics/climate/2024/03/slug" is not clearly one,
        # nor is "/archiv/a-headline-of-many-words".
        if reason and len(segments) - i - 1 <= 1:
            if i + 1 < len(segments) and _is_article_name(segments[-1]):
                return None
            return reason
    return None


def _article_reason(path: str) -> str | None:
    if _DATE_PATH.search(path):
        return "date_path"
    segments = _segments(path)
    if not segments:
        return None
    last = splitext(segments[-1])[0]
    if len(_SLUG_WORD.findall(last)) >= 3:
        return "slug"
    if any(_LONG_ID.search(segment) for segment in segments):
        return "numeric_id"
    return None


def classify_url(url: str) -> UrlClass:
    """Say from the URL alone what the page behind it probably is.

    ``LISTING`` and ``ASSET`` are meant as "clearly not an article"; ``ARTICLE`` means "has an
    article's shape"; ``UNKNOWN`` is common (``/world/``, ``/story/abc``) and left to page
    signals.
    """
    parts = urlsplit(url)
    path = parts.path or "/"
    extension = splitext(path)[1].lower().lstrip(".")
    if extension in ASSET_EXTENSIONS:
        return UrlClass(UrlKind.ASSET, extension)
    reason = _listing_reason(path, parse_qsl(parts.query, keep_blank_values=True))
    if reason:
        return UrlClass(UrlKind.LISTING, reason)
    reason = _article_reason(path)
    if reason:
        return UrlClass(UrlKind.ARTICLE, reason)
    return UrlClass(UrlKind.UNKNOWN, "")


def is_section_shaped(url: str) -> bool:
    """``/world/`` or ``/news/politics``: one or two short word segments, no query.

    Alone this does not make a page a listing (``/story/abc`` has the same shape); the spider
    combines it with the page's own ``og:type``.
    """
    parts = urlsplit(url)
    segments = _segments(parts.path)
    return (
        not parts.query
        and 1 <= len(segments) <= 2
        and all(re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)?", s) for s in segments)
    )


def never_follow_reason(url_class: UrlClass) -> str | None:
    """Why a link must not be requested at all, or ``None``.

    Assets are never HTML; search result pages are an endless URL space; account links
    (login, logout, register) never lead to articles and a logout link can end a session.
    """
    if url_class.kind is UrlKind.ASSET:
        return "asset"
    if url_class.kind is UrlKind.LISTING and url_class.reason in ("search", "account"):
        return url_class.reason
    return None
