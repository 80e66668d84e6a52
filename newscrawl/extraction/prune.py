"""Page furniture that trafilatura keeps and that markup alone identifies, removed first.

Newsletter sign-up boxes sit between paragraphs and hold a sentence of prose ("Subscribe to
our morning briefing..."), which passes trafilatura's text density tests. What gives them away
is general: they hold an e-mail input. Reader polls set among the paragraphs hold their
question as a paragraph ("Should the council keep the night ferry?") and their answers as
radio buttons: the question is the poll's, not the story's. The outermost small block around
such an input (the whole box, its title or question included) is dropped. Captions set as a plain
paragraph under their picture, in a wrapper of their own, go too. Paywall and log-in
boxes ("This story is for members. Log in to read on") are told by their buttons: short
links to the outlet's log-in, registration or subscription pages, named so in their URLs
whatever the language of the box.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

MAX_BOX_WORDS = 60
_BLOCKS = frozenset({"div", "section", "aside", "form", "p", "li", "figure"})
_SILENT = frozenset({"script", "style", "noscript", "template"})


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


MAX_GATE_CHARS = 400
"""A paywall or log-in box says its few lines; a longer block around such a link is text."""
# A link to the outlet's log-in, registration or subscription page, by its path (the words
# CMSs use in URLs, which the box's own wording in any language does not change).
_GATE_PATH = re.compile(
    r"(?i)(?:^|[/?&=_.-])(?:log-?in|sign-?in|sign-?up|regist(?:er|ration|rieren)?|subscribe"
    r"|subscription|abo|abonn(?:ieren|ement|er)|anmelden|connexion|inscription|account)"
    r"(?:$|[/?&=_.;#-])"
)
_RUNNING_TEXT = frozenset({"p", "li", "td", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"})


MAX_BUTTON_CHARS = 40
"""A button's label ("Log in to read on"); a longer link is a teaser or a sentence."""


def _gate_link(anchor: HtmlElement) -> bool:
    """A button to a log-in or subscription page: a short link, not in a paragraph's text."""
    href = anchor.get("href")
    if not href or not _GATE_PATH.search(href):
        return False  # most links: one search of the raw href, no parsing
    try:
        path = urlsplit(href).path
    except ValueError:  # "http://[not-a-host]/": no page of the outlet's
        return False
    if not _GATE_PATH.search(path):
        return False
    if len(" ".join(anchor.text_content().split())) > MAX_BUTTON_CHARS:
        return False
    return not any(a.tag in _RUNNING_TEXT for a in anchor.iterancestors())


def _gate_box(anchor: HtmlElement) -> HtmlElement | None:
    """The outermost small block around a gate link (the paywall's whole box). A block that
    holds a headline is the article's (a short brief with a "log in to comment" link), and
    so is a block that holds paragraphs of more than a box's length."""
    box = None
    for ancestor in anchor.iterancestors():
        if ancestor.tag in ("body", "article", "main"):
            break
        if ancestor.tag in _BLOCKS:
            if len(" ".join(ancestor.text_content().split())) > MAX_GATE_CHARS:
                break
            if next(ancestor.iter("h1"), None) is not None:
                break
            box = ancestor
    return box


def prune_gate_boxes(tree: HtmlElement) -> int:
    """Drop paywall and log-in boxes ("This article is for members. Log in to read on")."""
    boxes = {box for a in tree.iter("a") if _gate_link(a) and (box := _gate_box(a)) is not None}
    # A box inside another box (two buttons, two climbs) goes with the outer one.
    outermost = [box for box in boxes if not any(a in boxes for a in box.iterancestors())]
    for box in outermost:
        box.drop_tree()
    return len(outermost)


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


MAX_CAPTION_CHARS = 300
MAX_CAPTION_PARAGRAPHS = 2
MAX_CREDIT_CHARS = 60
"""The paragraph after a caption is its credit ("Image: Jane Doe"), or it is no caption."""
MIN_TEXT_AROUND_CHARS = 200
MAX_WRAPPER_CHILDREN = 6
"""A picture's wrapper holds the picture, its caption, a credit and empty slots; reading
the text of every child of a long container costs more than the whole rule."""
_MEDIA = ("img", "picture", "video")


def _meaningful(element: HtmlElement) -> list[HtmlElement]:
    """The children that show something: text or a picture (not an empty slot, a script)."""
    return [
        child
        for child in element
        if isinstance(child.tag, str)
        and child.tag not in _SILENT
        and (
            child.tag in _MEDIA
            or child.text_content().strip()
            or next(child.iter(*_MEDIA), None) is not None
        )
    ]


def _captions_after(media_branch: HtmlElement, children: list[HtmlElement]) -> list[HtmlElement]:
    """The ``<p>`` (a caption, and its credit after it) that follow the picture as the only
    other children (``children``, what their wrapper shows) of their wrapper: ``<div><span>
    <picture/></span><p>Pictured left...</p></div>``. Their text is short; a picture beside
    text of its own is a media-and-text block."""
    if not 2 <= len(children) <= 1 + MAX_CAPTION_PARAGRAPHS or children[0] is not media_branch:
        return []
    captions = children[1:]
    if any(c.tag != "p" for c in captions):
        return []
    sizes = [len(" ".join(c.text_content().split())) for c in captions]
    if sizes[0] > MAX_CAPTION_CHARS or any(size > MAX_CREDIT_CHARS for size in sizes[1:]):
        return []
    if " ".join(media_branch.text_content().split()):
        return []
    # The picture block stands among other text: a page of one picture and a paragraph
    # is a short story, not a caption.
    wrapper = media_branch.getparent()
    around = wrapper.getparent()
    if around is None or len(around.text_content()) - len(wrapper.text_content()) < (
        MIN_TEXT_AROUND_CHARS
    ):
        return []
    return captions


def drop_picture_captions(tree: HtmlElement) -> int:
    """Drop captions set as a paragraph right after their picture in a wrapper of their own
    (no ``<figure>``, no ``<figcaption>``); returns how many."""
    captions = []
    for media in tree.iter(*_MEDIA):
        parent = media.getparent()
        if media.tag == "img" and parent is not None and parent.tag == "picture":
            continue  # its <picture> is the picture
        branch = media
        for _ in range(3):  # the picture may sit in a span or two of its own
            wrapper = branch.getparent()
            if wrapper is None or wrapper.tag in ("body", "article", "main"):
                break
            if len(wrapper) > MAX_WRAPPER_CHILDREN:
                break  # a text with pictures among its paragraphs, not a picture's wrapper
            children = _meaningful(wrapper)
            if found := _captions_after(branch, children):
                captions.extend(found)
                break
            if len(children) != 1:
                break
            branch = wrapper
    for caption in captions:
        if caption.getparent() is not None:
            caption.drop_tree()
    return len(captions)


def drop_figure_captions(tree: HtmlElement) -> int:
    """Drop ``<figcaption>`` elements (the text after them stays); returns how many.

    A picture's caption and credit ("The mayor at the pier. Photo: Jane Doe") describe the
    picture, not the story; trafilatura keeps them as paragraphs when the figure sits
    among the article's paragraphs."""
    captions = list(tree.iter("figcaption"))
    for caption in captions:
        caption.drop_tree()
    return len(captions)
