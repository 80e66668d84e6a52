"""Page text → lxml tree, as trafilatura's ``load_html`` builds it, at half the cost.

``load_html`` on a ``str`` runs two Python regular expressions over the whole page (invalid
XML characters, then its repairs), and lxml parses a ``str`` slower than UTF-8 bytes: about
3 ms of a real 180 KB page, for a parse that libxml2 does in 1.5. Here the page is encoded
once, its control characters are dropped with one ``bytes.translate`` (in UTF-8 they are single
bytes, never part of another character), trafilatura's own repairs (``repair_faulty_html``:
faulty doctypes, a self-closing ``<html/>``) run on the head of the page, the only place they
apply, and the bytes go to trafilatura's own parser object. The tree is the same
(``tests/test_loader.py`` compares them; on the 732 corpus pages they are identical).

The parser differs in one way that the tree does not show: which Python class wraps each
element. lxml.html's parser asks a Python method (``HtmlElementClassLookup.lookup``) every
time an element object is created, some 4,000 times a page between our passes and
trafilatura's (about 0.4 µs each: 1.5 ms of a 70 KB page, more on a real one). Ours picks
``HtmlElement`` in C. The classes lost are lxml.html's form helpers (``FormElement``,
``InputElement``...), whose form-filling API nothing in extraction uses.
"""

from __future__ import annotations

from lxml import etree
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    fromstring,
)
from trafilatura.utils import is_dubious_html, repair_faulty_html

HEAD_CHARS = 4096
"""repair_faulty_html looks at the first line and the first 4 KB only."""

# C0 controls other than tab/newline/CR, and DEL: NUL bytes crash or silently cut most
# parsers (lxml stops at the first NUL); none of them carries text.
CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_NONCHARACTERS = ("\ufffe".encode(), "\uffff".encode())
"""Not XML characters; trafilatura removes them too."""


def _html_parser() -> HTMLParser:
    """trafilatura's ``HTML_PARSER`` (same options), with element classes chosen in C."""
    parser = HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
    )
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=HtmlElement,
            comment=HtmlComment,
            pi=HtmlProcessingInstruction,
            entity=HtmlEntity,
        )
    )
    return parser


HTML_PARSER = _html_parser()


def load_page(html: str) -> HtmlElement | None:
    """The page's tree, or ``None`` when it is no HTML (trafilatura's own test)."""
    beginning = html[:50].lower()
    # The head holds the whole first line too (the doctype repair rewrites it), so that the
    # repair sees exactly what it would see in the whole page.
    first_line_end = html.find("\n") + 1 or len(html)
    head_end = max(HEAD_CHARS, first_line_end)
    head = repair_faulty_html(html[:head_end], beginning)
    data = (head + html[head_end:]).encode("utf-8", "replace").translate(None, CONTROL_BYTES)
    for noncharacter in _NONCHARACTERS:
        if noncharacter in data:
            data = data.replace(noncharacter, b"")
    try:
        tree = fromstring(data, parser=HTML_PARSER)
    except (etree.ParserError, ValueError):  # "Document is empty" and the like
        return None
    if is_dubious_html(beginning) and len(tree) < 2:
        return None  # a fragment or plain text, as load_html rejects it
    return tree
