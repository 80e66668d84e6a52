"""Page furniture that trafilatura keeps and that markup alone identifies, removed first.

Newsletter sign-up boxes sit between paragraphs and hold a sentence of prose ("Subscribe to
our morning briefing..."), which passes trafilatura's text density tests. What gives them away
is general: they hold an e-mail input. The smallest block around such an input is dropped.
"""

from __future__ import annotations

from lxml.html import HtmlElement

MAX_BOX_WORDS = 60
_BLOCKS = frozenset({"div", "section", "aside", "form", "p", "li", "figure"})


def _signup_box(field: HtmlElement) -> HtmlElement | None:
    """The outermost small block around an e-mail field (the whole box, title included)."""
    box = None
    for ancestor in field.iterancestors():
        if ancestor.tag in ("body", "article", "main"):
            break
        if ancestor.tag in _BLOCKS:
            if len(ancestor.text_content().split()) > MAX_BOX_WORDS:
                break
            box = ancestor
    return box


def prune_signup_boxes(tree: HtmlElement) -> int:
    """Drop newsletter/sign-up boxes from ``tree``; returns how many were dropped."""
    fields = [
        field
        for field in tree.iter("input")
        if (field.get("type") or "").lower() == "email"
        or "mail" in (field.get("name") or "").lower()
    ]
    dropped = 0
    for field in fields:
        box = _signup_box(field)
        if box is not None and box.getparent() is not None:
            box.drop_tree()
            dropped += 1
    return dropped
