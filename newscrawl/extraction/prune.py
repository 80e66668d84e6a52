"""Page furniture that trafilatura keeps and that markup alone identifies, removed first.

Newsletter sign-up boxes sit between paragraphs and hold a sentence of prose ("Subscribe to
our morning briefing..."), which passes trafilatura's text density tests. What gives them away
is general: they hold an e-mail input. Reader polls set among the paragraphs hold their
question as a paragraph ("Should the council keep the night ferry?") and their answers as
radio buttons: the question is the poll's, not the story's. The outermost small block around
such an input (the whole box, its title or question included) is dropped.
"""

from __future__ import annotations

from lxml import etree
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


def _boxed(field: HtmlElement) -> bool:
    """An e-mail field (a sign-up box) or a radio button (a poll)."""
    kind = (field.get("type") or "").lower()
    return kind in ("email", "radio") or "mail" in (field.get("name") or "").lower()


def prune_signup_boxes(tree: HtmlElement) -> int:
    """Drop newsletter/sign-up boxes and reader polls from ``tree``; returns how many."""
    fields = [field for field in tree.iter("input") if _boxed(field)]
    dropped = 0
    for field in fields:
        box = _signup_box(field)
        if box is not None and box.getparent() is not None:
            box.drop_tree()
            dropped += 1
    return dropped


_RUBY_TAGS = ("ruby", "rb", "rt", "rp", "rtc")


def flatten_ruby(tree: HtmlElement) -> bool:
    """Turn ruby annotations into plain text in place; returns whether there were any.

    trafilatura reads a ``<ruby>`` inside a paragraph as a block of its own and may lose the
    text after it: the rest of a paragraph went missing after a name annotated with its
    reading. A ruby with fallback brackets (``<rp>``) reads as the page shows it without
    ruby support, reading included ("尹錫悦（ユンソンニョル）"); without them the reading
    is furigana set over the text, not part of it, and goes."""
    rubies = list(tree.iter("ruby"))
    if not rubies:
        return False
    for ruby in rubies:
        if ruby.find("rp") is None:
            for reading in ruby.findall("rt"):
                reading.drop_tree()  # keeps the text after it
    etree.strip_tags(tree, *_RUBY_TAGS)
    return True


def drop_figure_captions(tree: HtmlElement) -> int:
    """Drop ``<figcaption>`` elements (the text after them stays); returns how many.

    A picture's caption and credit ("The mayor at the pier. Photo: Jane Doe") describe the
    picture, not the story; trafilatura keeps them as paragraphs when the figure sits
    among the article's paragraphs."""
    captions = list(tree.iter("figcaption"))
    for caption in captions:
        caption.drop_tree()
    return len(captions)
