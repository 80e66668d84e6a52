"""URL identity: which URL names an article, and its stable id.

The same story reaches a crawler under many URLs (tracking parameters, ``#comments``, a
declared ``rel=canonical``). The record's ``id`` must be the same across runs and across those
variants, so it is derived from one canonical form computed here.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urljoin, urlsplit

from w3lib.url import canonicalize_url, url_query_cleaner

# Query parameters that only say where a click came from; they never select content.
# w3lib/courlan have no list of their own that we could reuse for this exact purpose.
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "ref",
        "ref_src",
        "cmpid",
        "ocid",
        "smid",
        "_ga",
        "ito",
        "at_medium",
        "at_campaign",
    }
)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(("utm_", "at_", "mc_", "pk_"))


def strip_tracking_params(url: str) -> str:
    """Drop click-tracking query parameters and the fragment, keep everything else."""
    parts = urlsplit(url)
    if not parts.query:
        return url.split("#", 1)[0]
    names = {pair.split("=", 1)[0] for pair in parts.query.split("&") if pair}
    tracking = [name for name in names if _is_tracking(name)]
    if not tracking:
        return url.split("#", 1)[0]
    return url_query_cleaner(url, tracking, remove=True, unique=False, keep_fragments=False)


def is_http_url(url: str | None) -> bool:
    """True for an absolute http(s) URL with a host (and a valid port, if any)."""
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 -- raises ValueError for "host:abc" or "host:99999"
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def canonical_url(url: str, declared: str | None = None) -> str:
    """The URL that names the article.

    A page's declared ``rel=canonical`` wins when it is an http(s) URL (relative ones are
    resolved against ``url``); otherwise the fetched URL. Tracking parameters and fragments
    are removed, query arguments sorted, percent-encoding normalized (w3lib).
    """
    chosen = url
    if declared:
        resolved = urljoin(url, declared.strip())
        if is_http_url(resolved):
            chosen = resolved
    return canonicalize_url(strip_tracking_params(chosen))


def article_id(canonical: str) -> str:
    """A stable id: the first 20 hex digits of the SHA-1 of the canonical URL, where
    ``http``/``https`` and a trailing slash do not count (the same article behind both)."""
    parts = urlsplit(canonical)
    key = f"{parts.netloc.lower()}{parts.path.rstrip('/') or '/'}"
    if parts.query:
        key += f"?{parts.query}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


def site_of(url: str) -> str:
    """The site's host as a browser's ``location.host`` says it: host, plus the port when one
    is given (two demo sites on one loopback address are two sites)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    return f"{host}:{parts.port}" if parts.port else host


# A page in a web archive: https://web.archive.org/web/20200808063632/https://site/path
_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/\d+[a-z_]*/(https?://.+)$", re.I)


def original_url(url: str) -> str:
    """The archived page's own URL for a Wayback Machine capture, else ``url``: the headline's
    site suffix and the URL's date belong to the original site."""
    match = _ARCHIVED.match(url)
    return match.group(1) if match else url
