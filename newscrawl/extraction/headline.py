"""The headline a reader sees, not the SEO ``<title>`` with " | Site" glued on.

Candidates come from the on-page ``<h1>``, JSON-LD ``headline``, ``og:title`` and ``<title>``.
Reconciliation is by agreement: an ``<h1>`` that another source confirms is the headline;
otherwise structured metadata; otherwise ``<title>`` with its site suffix cut. A suffix is cut
only where it names the site (site name or host) or where two sources agree on the remainder,
so a headline that contains " - " or ":" is left alone.
"""

from __future__ import annotations

import re
import unicodedata

from newscrawl.extraction.metadata import PageMetadata

# Separators between headline and site name in <title> / og:title.
_SEPARATOR = re.compile(r"\s+[|\-–—·•/»«~]\s+|\s*[｜|：]\s*|\s*::?\s+")


def comparison_key(text: str) -> str:
    """Comparison form: NFKC, quotes folded, casefolded, alphanumerics only."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _site_keys(site_name: str | None, host: str | None) -> list[str]:
    keys = []
    if site_name:
        keys.append(comparison_key(site_name))
    if host:
        core = host.split(":")[0].removeprefix("www.").rsplit(".", 1)[0]
        keys.append(comparison_key(core))
    return [k for k in keys if len(k) >= 3]


def _names_site(segment: str, site_keys: list[str]) -> bool:
    key = comparison_key(segment)
    if not key:
        return True
    return any(k in key or key in k for k in site_keys)


def strip_site_suffix(title: str, site_name: str | None, host: str | None) -> str:
    """Cut leading/trailing segments of ``title`` that name the site."""
    parts = _SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    keys = _site_keys(site_name, host)
    while len(parts) > 1 and keys and _names_site(parts[-1], keys):
        parts.pop()
    while len(parts) > 1 and keys and _names_site(parts[0], keys):
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
    a, b = comparison_key(candidate), comparison_key(other)
    return bool(a) and (a == b or (len(a) >= 12 and (b.startswith(a) or b.endswith(a))))


def choose_headline(
    meta: PageMetadata, host: str | None, fallback: str | None = None
) -> str | None:
    """Pick the headline from the page's candidates; ``fallback`` is trafilatura's title."""
    others = [meta.headline, meta.og_title, meta.html_title, fallback]
    for h1 in meta.h1:
        if len(h1) >= 8 and any(_agrees(h1, o) for o in others):
            return h1
    site_name = meta.site_name
    for candidate in (meta.headline, meta.og_title, meta.html_title, fallback):
        if candidate:
            stripped = strip_site_suffix(candidate, site_name, host)
            if stripped != candidate or candidate is meta.headline:
                return stripped
    # No source names the site: cut a suffix that <title> has and og:title/h1 lack.
    if meta.html_title:
        for other in (meta.og_title, *meta.h1):
            if other and _agrees(other, meta.html_title) and len(other) >= 8:
                return other
    if len(meta.h1) == 1 and len(meta.h1[0]) >= 8:
        return meta.h1[0]
    return meta.og_title or meta.html_title or fallback
