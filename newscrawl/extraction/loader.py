"""Page text → lxml tree, as trafilatura's ``load_html`` builds it, at half the cost.

``load_html`` on a ``str`` runs two Python regular expressions over the whole page (invalid
XML characters, then its repairs), and lxml parses a ``str`` slower than UTF-8 bytes: about
3 ms of a real 180 KB page, for a parse that libxml2 does in 1.5. Here the page is encoded
once, its control characters are dropped with one ``bytes.translate`` (in UTF-8 they are single
bytes, never part of another character), trafilatura's own repairs (``repair_faulty_html``:
faulty doctypes, a self-closing ``<html/>``) run on the head of the page, the only place they
apply, and the bytes go to trafilatura's own parser object. The tree is the same
(``tests/test_loader.py`` compares them; on the 732 corpus pages they are identical).
"""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement, fromstring
from trafilatura.utils import HTML_PARSER, is_dubious_html, repair_faulty_html

HEAD_CHARS = 4096
"""repair_faulty_html looks at the first line and the first 4 KB only."""

# C0 controls other than tab/newline/CR, and DEL: NUL bytes crash or silently cut most
# parsers (lxml stops at the first NUL); none of them carries text.
CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_NONCHARACTERS = ("\ufffe".encode(), "\uffff".encode())
"""Not XML characters; trafilatura removes them too."""


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
