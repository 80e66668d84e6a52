"""The lead paragraph under the headline, found by where it stands when no description names it.

:mod:`~newscrawl.extraction.standfirst` finds the standfirst by the page's description. Many
pages describe themselves otherwise (a shorter SEO text, the body's first sentence, nothing)
while still setting a lead apart under the headline, in the header, outside the container
that trafilatura reads the body from. Where it stands tells it apart: the first block of
prose after the headline and before the body's first paragraph. Prose means whole sentences
(long enough, ending as a sentence ends and not cut short with an ellipsis), not a kicker,
a date line, a byline, a label or a teaser; a dek set as an ``<h2>`` may end as a headline
does, without a full stop.

What else stands there and reads as prose is ruled out by structure, not by words: a
picture's caption (a block in the branch of the page that holds the picture or right
after it, or in a ``<figure>``), page furniture (``<nav>``, ``<aside>``, ``<footer>``,
``<form>``), a date line (a block holding a ``<time>``), a teaser (a block led by a link),
and a block the page shows more than once (the caption of a picture set for several screen
sizes). And the body must be seen to begin after it: where the body's opening is not found
close below the headline, what stands there is not known to be above the body.
"""

from __future__ import annotations

from itertools import islice

from lxml.html import HtmlElement

from newscrawl.extraction.standfirst import MAX_HEADER_ELEMENTS, MAX_STANDFIRST_CHARS, probe_of
from newscrawl.extraction.treewalk import following_elements

MIN_LEAD_CHARS = 80
MIN_LEAD_WORDS = 10
"""A sentence or two: a kicker, a date line or a byline is shorter."""
MAX_LINK_SHARE = 0.3
"""A block whose links make up more of it is a teaser led by its link, not a lead."""
_LEADS = frozenset({"p", "div", "h2", "h3", "h4", "section", "header", "li"})
_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "title", "meta"})
_FURNITURE = frozenset({"nav", "aside", "footer", "form", "figure", "figcaption", "a", "button"})
_MEDIA = ("img", "picture", "video", "figure", "iframe", "svg")
_SENTENCE_END = tuple(".!?\"'“”»«)")
_CUT = ("...", "…")
_DEK_HEADINGS = frozenset({"h2"})


def _own_text(element: HtmlElement) -> str | None:
    """The element's text when no block child splits it (else None), whitespace collapsed."""
    if any(child.tag in _LEADS for child in element):
        return None
    return " ".join(element.text_content().split())


def _reads_as_prose(text: str, tag: str = "p") -> bool:
    return (
        MIN_LEAD_CHARS <= len(text) <= MAX_STANDFIRST_CHARS
        and len(text.split()) >= MIN_LEAD_WORDS
        and (text.endswith(_SENTENCE_END) or tag in _DEK_HEADINGS)
        and not text.endswith(_CUT)  # a text cut short is a teaser of a longer one
    )


def _branch(element: HtmlElement, headline: HtmlElement) -> HtmlElement:
    """The child of the nearest common ancestor of ``element`` and ``headline`` that holds
    ``element``: the part of the page the block belongs to, apart from the headline's."""
    shared = set(headline.iterancestors())
    branch = element
    for ancestor in element.iterancestors():
        if ancestor in shared:
            return branch
        branch = ancestor
    return branch


def _set_apart(element: HtmlElement, headline: HtmlElement, text: str) -> bool:
    """Whether ``element`` is not a caption, furniture, a teaser or a repeated block."""
    if any(a.tag in _FURNITURE for a in element.iterancestors()):
        return False
    if next(element.iter("time"), None) is not None:
        return False
    linked = sum(len(" ".join(a.text_content().split())) for a in element.iter("a"))
    if linked > MAX_LINK_SHARE * len(text):
        return False
    branch = _branch(element, headline)
    if next(branch.iter(*_MEDIA), None) is not None:
        return False
    before = branch.getprevious()
    if before is not None and before.tag in _MEDIA:
        return False  # the text under a picture is its caption
    probe = text[: 2 * MIN_LEAD_WORDS]
    return " ".join(branch.text_content().split()).count(probe) == 1


def find_lead_block(headline: HtmlElement | None, text: str) -> str | None:
    """The text of the first prose block after ``headline`` and before the start of
    ``text`` on the page, set apart from it (see the module's docstring), or None. Only the
    elements just after the headline are read, as for the standfirst."""
    if headline is None or not text:
        return None
    opening = probe_of(text.split("\n\n", 1)[0])
    if not opening:
        return None
    lead = None
    for element in islice(following_elements(headline), MAX_HEADER_ELEMENTS):
        if element.tag in _SKIPPED or element.tag not in _LEADS:
            continue
        found = _own_text(element)
        if not found:
            continue
        if opening in found:
            return lead  # the body began: the lead, if any, stands above it
        if (
            lead is None
            and _reads_as_prose(found, element.tag)
            and _set_apart(element, headline, found)
        ):
            lead = found
    return None
