"""Site files: a news site declared as data (TOML), never as code.

A site file names the site, its domains and its discovery starting points; the ``news``
spider crawls it with ``-a target=sites/example.toml``. See ``sites/example.toml``::

    name = "Example Times"                    # required; becomes hints["site_name"]
    domains = ["example.com"]                 # optional; default: hosts of the URLs below
    start_urls = ["https://www.example.com/"] # at least one of start_urls/feeds/sitemaps
    feeds = ["https://www.example.com/rss.xml"]
    sitemaps = ["https://www.example.com/sitemap.xml"]
    allow = ['/20\\d\\d/']                   # regexes (re.search) a followed URL must match
    deny = ['/video/']                        # regexes that exclude a URL
    language = "en"                           # hints["language"]
    date_order = "DMY"                        # hints["date_order"]
    max_depth = 2                             # link-following depth from start pages
    remove = ["aside.related"]                # CSS selectors dropped before extraction
    boilerplate = ["Follow us for more."]     # whole lines stripped from every text

A domain without a port stands for the default ports 80/443 and its subdomains; write
``host:port`` for anything else (``127.0.0.1:8001``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from itertools import permutations
from pathlib import Path
from typing import Any

from newscrawl.discovery.links import is_on_site, origin_domain
from newscrawl.extraction.siterules import SiteRuleError, SiteRules, check_selectors
from newscrawl.normalize.urls import is_http_url

DEFAULT_MAX_DEPTH = 2

DATE_ORDERS = frozenset("".join(p) for p in permutations("DMY"))
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?")
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")


class SiteFileError(ValueError):
    """A site file (or a spider argument with the same meaning) is invalid."""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """One site to crawl: where discovery starts and what it may follow."""

    name: str
    domains: tuple[str, ...]
    """``host`` (default ports, subdomains included) or ``host:port`` entries."""
    start_urls: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    allow: tuple[re.Pattern[str], ...] = ()
    deny: tuple[re.Pattern[str], ...] = ()
    language: str | None = None
    date_order: str | None = None
    max_depth: int = DEFAULT_MAX_DEPTH
    site_name: str | None = field(default=None)
    """The ``name`` of a site file, for hints; ``None`` for a site made from a bare URL."""
    rules: SiteRules = field(default_factory=SiteRules)
    """Extraction rules of the site (``remove``, ``boilerplate``), carried by each page."""

    def hints(self) -> dict[str, str]:
        """What the site contributes to every page's ``FetchedPage.hints``."""
        values = {
            "site_name": self.site_name,
            "language": self.language,
            "date_order": self.date_order,
        }
        return {key: value for key, value in values.items() if value}


# key -> (expected python type, description for messages)
_KEYS: dict[str, tuple[type, str]] = {
    "name": (str, "a string"),
    "domains": (list, "a list of strings"),
    "start_urls": (list, "a list of strings"),
    "feeds": (list, "a list of strings"),
    "sitemaps": (list, "a list of strings"),
    "allow": (list, "a list of strings"),
    "deny": (list, "a list of strings"),
    "language": (str, "a string"),
    "date_order": (str, "a string"),
    "max_depth": (int, "an integer"),
    "remove": (list, "a list of CSS selectors"),
    "boilerplate": (list, "a list of strings"),
}


def compile_patterns(
    patterns: list[str] | tuple[str, ...], what: str
) -> tuple[re.Pattern[str], ...]:
    """Compile ``allow``/``deny`` regexes, naming the bad one in the error."""
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            raise SiteFileError(f"{what}: invalid regex {pattern!r}: {exc}") from None
    return tuple(compiled)


def check_language(value: str, what: str = "language") -> str:
    if not _LANGUAGE.fullmatch(value):
        raise SiteFileError(f"{what}: {value!r} is not a language code like 'en' or 'pt-BR'")
    return value


def check_date_order(value: str, what: str = "date_order") -> str:
    order = value.upper()
    if order not in DATE_ORDERS:
        raise SiteFileError(f"{what}: {value!r} is not one of {', '.join(sorted(DATE_ORDERS))}")
    return order


def check_max_depth(value: object, what: str = "max_depth") -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SiteFileError(f"{what}: {value!r} is not a whole number >= 0")
    return value


def check_urls(urls: list[Any] | tuple[Any, ...], what: str) -> tuple[str, ...]:
    for url in urls:
        if not isinstance(url, str) or not is_http_url(url):
            raise SiteFileError(f"{what}: {url!r} is not an absolute http(s) URL")
    return tuple(urls)


def _check_domain(domain: Any, what: str) -> str:
    if not isinstance(domain, str):
        raise SiteFileError(f"{what}: {domain!r} is not a string")
    host, _, port = domain.lower().partition(":")
    if not _DOMAIN.fullmatch(host) or (port and not (port.isdigit() and 0 < int(port) < 65536)):
        raise SiteFileError(f"{what}: {domain!r} is not a host name or host:port (no scheme/path)")
    return domain.lower()


def site_from_dict(data: dict[str, Any], source: str = "site file") -> SiteConfig:
    """Validate a parsed site file; ``source`` prefixes every error message."""
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        raise SiteFileError(
            f"{source}: unknown key(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(_KEYS)}"
        )
    for key, value in data.items():
        expected, description = _KEYS[key]
        if isinstance(value, bool) or not isinstance(value, expected):
            raise SiteFileError(f"{source}: {key} must be {description}, not {value!r}")
        if expected is list and not all(isinstance(item, str) for item in value):
            raise SiteFileError(f"{source}: {key} must be {description}, not {value!r}")

    name = data.get("name", "").strip()
    if not name:
        raise SiteFileError(f"{source}: name is missing or empty")
    start_urls = check_urls(data.get("start_urls", []), f"{source}: start_urls")
    feeds = check_urls(data.get("feeds", []), f"{source}: feeds")
    sitemaps = check_urls(data.get("sitemaps", []), f"{source}: sitemaps")
    if not (start_urls or feeds or sitemaps):
        raise SiteFileError(f"{source}: no start point: give start_urls, feeds or sitemaps")

    domains = tuple(_check_domain(d, f"{source}: domains") for d in data.get("domains", []))
    if not domains:
        domains = tuple(dict.fromkeys(origin_domain(url) for url in start_urls + feeds + sitemaps))
    for url in start_urls:
        if not is_on_site(url, domains):
            raise SiteFileError(f"{source}: start URL {url!r} is outside domains {list(domains)}")

    return SiteConfig(
        name=name,
        site_name=name,
        domains=domains,
        start_urls=start_urls,
        feeds=feeds,
        sitemaps=sitemaps,
        allow=compile_patterns(data.get("allow", []), f"{source}: allow"),
        deny=compile_patterns(data.get("deny", []), f"{source}: deny"),
        language=check_language(data["language"], f"{source}: language")
        if "language" in data
        else None,
        date_order=check_date_order(data["date_order"], f"{source}: date_order")
        if "date_order" in data
        else None,
        max_depth=check_max_depth(data.get("max_depth", DEFAULT_MAX_DEPTH), f"{source}: max_depth"),
        rules=_rules(data, source),
    )


def _rules(data: dict[str, Any], source: str) -> SiteRules:
    try:
        remove = check_selectors(data.get("remove", []))
    except SiteRuleError as error:
        raise SiteFileError(f"{source}: remove: {error}") from None
    boilerplate = tuple(line.strip() for line in data.get("boilerplate", []))
    if not all(boilerplate):
        raise SiteFileError(f"{source}: boilerplate: empty line")
    return SiteRules(remove=remove, boilerplate=boilerplate)


def load_site_file(path: str | Path) -> SiteConfig:
    """Read and validate a TOML site file. Raises :class:`SiteFileError` with the path."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise SiteFileError(f"{path}: cannot read site file: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SiteFileError(f"{path}: invalid TOML: {exc}") from None
    return site_from_dict(data, source=str(path))


def site_for_urls(urls: list[str] | tuple[str, ...]) -> SiteConfig:
    """An ad-hoc site for bare start URLs of one origin (``-a target=URL``)."""
    urls = check_urls(urls, "target")
    domains = tuple(dict.fromkeys(origin_domain(url) for url in urls))
    return SiteConfig(name=domains[0], domains=domains, start_urls=urls)
