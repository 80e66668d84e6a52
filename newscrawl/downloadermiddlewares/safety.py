"""Refuse requests a hostile page or server could turn against the crawler's own network.

A page can link, and a server can redirect, anywhere: ``file:///etc/passwd``,
``http://169.254.169.254/`` (a cloud's metadata service), ``http://localhost:6379/``, a
name whose DNS answer is ``10.0.0.5``. Scrapy fetches ``file://`` and ``data:`` URLs through
its own download handlers and connects to whatever address a name resolves to. This
middleware sees every request before it is sent (redirects come back through it too) and
refuses:

* ``scheme``: anything but ``http``/``https``;
* ``private_address``: a host that is, or resolves to, a loopback, private, link-local,
  reserved, multicast or unspecified address,

unless the host is one the crawl was pointed at: the host (and port) of a start URL, feed or
sitemap, or a site file's ``domains`` entry, or one listed in
``NEWSCRAWL_ALLOW_PRIVATE_HOSTS``. So a crawl of a site on loopback (the demo) stays there,
while a public site cannot lead the crawler into the local network.

Host names are resolved with the crawl's own caching resolver (Scrapy's DNS cache), so the
address checked is the address the downloader then connects to. A name that does not
resolve is let through: its download fails on its own. ``NEWSCRAWL_SAFETY_RESOLVE = False``
checks literal addresses only.

Each refusal raises ``IgnoreRequest("unsafe <reason>: ...")`` (listed in the run report with
the URL, like a robots.txt refusal, and not counted as a failure) and counts
``newscrawl/safety/refused/<reason>``.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Iterable
from typing import Any, Self
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future

from newscrawl.discovery.links import DEFAULT_PORTS, origin_domain, split_domain

logger = logging.getLogger(__name__)

STATS_PREFIX = "newscrawl/safety/refused/"
ALLOWED_SCHEMES = frozenset({"http", "https"})

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def literal_address(host: str) -> Address | None:
    """The address a host name *is*, without DNS: ``127.0.0.1``, ``::1``, and the legacy IPv4
    spellings every resolver accepts (``2130706433``, ``0x7f.1``, ``127.1``)."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    if not host or not all(c in "0123456789abcdefxABCDEFX." for c in host):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def is_internal(address: Address) -> bool:
    """True for addresses that are not on the public internet."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
    )


def _origin(host: str, port: int | None, scheme: str) -> tuple[str, int]:
    return host.lower(), port or DEFAULT_PORTS.get(scheme, 80)


def target_origins(spider: Spider) -> set[tuple[str, int | None]]:
    """``(host, port)`` of everything the crawl was pointed at; port ``None``: default ports."""
    urls: list[str] = list(getattr(spider, "start_urls", None) or [])
    domains: list[str] = []
    for site in (getattr(spider, "sites", None) or {}).values():
        urls += [*site.start_urls, *site.feeds, *site.sitemaps]
        domains += list(site.domains)
    domains += [origin_domain(url) for url in urls]
    return {split_domain(domain) for domain in domains if domain}


class SafetyMiddleware:
    """See the module docstring. Runs early (priority 60), before robots.txt is fetched."""

    def __init__(self, crawler: Crawler, allowed: Iterable[str], resolve: bool) -> None:
        self.crawler = crawler
        self.extra_allowed = {split_domain(entry.strip()) for entry in allowed if entry.strip()}
        self.allowed: set[tuple[str, int | None]] = set(self.extra_allowed)
        self.resolve = resolve

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_SAFETY_ENABLED", True):
            raise NotConfigured
        middleware = cls(
            crawler,
            settings.getlist("NEWSCRAWL_ALLOW_PRIVATE_HOSTS"),
            settings.getbool("NEWSCRAWL_SAFETY_RESOLVE", True),
        )
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        self.allowed = self.extra_allowed | target_origins(spider)

    def is_target(self, host: str, port: int, scheme: str) -> bool:
        return (host, port) in self.allowed or (
            port == DEFAULT_PORTS.get(scheme) and (host, None) in self.allowed
        )

    async def process_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        scheme = parts.scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            self._refuse(request, "scheme", f"{scheme}: URLs are never fetched")
        try:
            host, port = _origin(parts.hostname or "", parts.port, scheme)
        except ValueError:  # a port out of range: the downloader would fail anyway
            return
        if not host or self.is_target(host, port, scheme):
            return
        address = literal_address(host)
        if address is None and self.resolve:
            address = await self._resolve(host)
        if address is not None and is_internal(address):
            shown = host if str(address) == host.strip("[]") else f"{host} ({address})"
            self._refuse(request, "private_address", f"{shown} is not a crawl target")

    async def _resolve(self, host: str) -> Address | None:
        from twisted.internet import reactor

        try:
            resolved: Any = await maybe_deferred_to_future(reactor.resolve(host))
        except Exception:  # DNS failure or timeout: the download reports it
            return None
        return literal_address(str(resolved))

    def _refuse(self, request: Request, reason: str, detail: str) -> None:
        self.crawler.stats.inc_value(STATS_PREFIX + reason)
        chain = request.meta.get("redirect_urls") or []
        via = f" (redirected from {chain[-1]})" if chain else ""
        message = f"unsafe {reason}: {detail}{via}"
        logger.warning("refused %s: %s", request.url, message)
        raise IgnoreRequest(message)
