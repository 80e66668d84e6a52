"""Which of the names a page gives is the article's byline.

A page names its authors in several places that disagree: JSON-LD persons and
organisations, the visible bylines near the headline, ``<meta name=author>``, the places
trafilatura's author XPaths look. :func:`choose_byline` takes the most trusted source that
names a *person*, lets a later source that names the same people more fully replace it,
and keeps the site's own name out unless nothing else is named.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newscrawl.extraction.byline import Byline
from newscrawl.extraction.headline import comparison_key, site_keys
from newscrawl.extraction.metadata import PageMetadata
from newscrawl.normalize.bylines import clean_authors_with_kind

__all__ = ["author_names", "choose_byline", "names_site"]

_DOMAIN_ENDING = re.compile(r"com|net|org|info|co[a-z]{2}|[a-z]{2}")
SITE_SHARE = 0.6
"""A name inside the site's name is the site only when it is most of it ("Guardian" in
"theguardian"), not a person's name that happens to begin it ("Ela" in "elavegan")."""


def names_site(name: str, keys: list[str]) -> bool:
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


def choose_byline(
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
        names = [n for n in names if not names_site(n, keys)]
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


def author_names(byline_raw: str | None, site_name: str | None) -> list[str]:
    """The people the byline names, as the bylines pipeline will clean them."""
    if not byline_raw:
        return []
    names, kind = clean_authors_with_kind(byline_raw, site_name=site_name)
    return names if kind == "person" else []
