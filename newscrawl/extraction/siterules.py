"""Per-site extraction rules, declared in a site file: what the general method gets wrong.

The general extraction works on any page; a site whose template defeats it on every page (a
"More from this section" rail inside the article's container, a sign-off line under every
story) is better fixed by two lines of data than by a rule that would have to hold for every
site. A site file may declare::

    remove = ["aside.related", "div.newsletter-box"]   # CSS selectors: never the article
    boilerplate = ["Follow us on our channels."]       # whole lines to strip from the text

The rules are data (strings), so they travel with each page into the extraction workers and a
crawl of many sites applies each site's own. Selectors are compiled to XPath once per process
(``cssselect``, which Scrapy's selectors use too) and checked when the site file is loaded, so
a bad selector is refused with its key before the crawl starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from cssselect import HTMLTranslator, SelectorError
from lxml.etree import XPath, XPathError
from lxml.html import HtmlElement

_TRANSLATOR = HTMLTranslator()


class SiteRuleError(ValueError):
    """A declared rule cannot be used (a CSS selector that does not parse)."""


@dataclass(frozen=True, slots=True)
class SiteRules:
    """Extraction rules of one site; empty rules change nothing."""

    remove: tuple[str, ...] = ()
    """CSS selectors of elements dropped before extraction (their tails are kept)."""
    boilerplate: tuple[str, ...] = ()
    """Whole lines removed from the text (compared like ``NEWSCRAWL_EXTRA_BOILERPLATE``)."""

    def __bool__(self) -> bool:
        return bool(self.remove or self.boilerplate)


@lru_cache(maxsize=512)
def compiled_selector(css: str) -> XPath:
    """``css`` as a compiled XPath; raises :class:`SiteRuleError` with the selector."""
    try:
        return XPath(_TRANSLATOR.css_to_xpath(css))
    except (SelectorError, XPathError) as error:
        raise SiteRuleError(f"{css!r} is not a CSS selector: {error}") from None


def check_selectors(selectors: Iterable[str]) -> tuple[str, ...]:
    """Compile each selector once (errors name it); returns them as given."""
    selectors = tuple(selectors)
    for css in selectors:
        compiled_selector(css)
    return selectors


def remove_declared(tree: HtmlElement, rules: SiteRules | None) -> int:
    """Drop the elements ``rules.remove`` selects from ``tree``; returns how many went.

    ``drop_tree`` keeps an element's tail text: the words after a removed box belong to the
    paragraph around it. The root itself is never removed.
    """
    if not rules or not rules.remove:
        return 0
    removed = 0
    for css in rules.remove:
        for element in compiled_selector(css)(tree):
            # An element inside one removed before is gone already.
            if isinstance(element, HtmlElement) and _attached(element, tree):
                element.drop_tree()
                removed += 1
    return removed


def _attached(element: HtmlElement, root: HtmlElement) -> bool:
    return element is not root and any(ancestor is root for ancestor in element.iterancestors())
