"""The "about the author" box under an article, which trafilatura keeps as the last paragraphs.

Many sites end the article with the author's biography ("Jane Doe is a reporter for the
Herald, covering..."), followed at most by comment prompts. What gives it away is general:
near the end of the text, a paragraph opens with the full name of one of the article's
authors and goes on about them. The body never ends that way: a reporter does not name
themselves, and a quoted person whose name opens a closing paragraph is not the byline's.
A bio that no name opens goes when the page declares it as its author's (JSON-LD
``author.description``): :func:`without_declared_bios`.
"""

from __future__ import annotations

from newscrawl.extraction.headline import comparison_key

TAIL_PARAGRAPHS = 4
"""How far from the end the box may begin (comment prompts and a share line may follow)."""
MAX_BIO_CHARS = 700
"""A longer paragraph is prose about the person, not a box."""
MIN_NAME_WORDS = 2
"""A first name alone is too common to say whose the paragraph is."""
_SPEECH = (":", "：")
"""Interview transcripts open paragraphs with the speaker's name and a colon."""


def _opens_with_name(paragraph: str, names: list[str]) -> bool:
    """Whether ``paragraph`` begins with one of ``names`` followed by more text about them."""
    if len(paragraph) > MAX_BIO_CHARS:
        return False
    for name in names:
        if not paragraph.startswith(name):
            continue
        rest = paragraph[len(name) :]
        if len(rest.strip()) < 10 or rest.lstrip().startswith(_SPEECH):
            continue
        if rest[0].isalnum():
            continue  # "Jane Doesworth", not "Jane Doe"
        return True
    return False


MIN_SHORT_FIRST_NAME = 3
"""A short form of a first name ("Steph" for "Stephanie") has at least this many letters."""


def _short_forms(name: str) -> list[str]:
    """The name with its first name shortened, as bios sign ("Steph Bazzle" for the byline's
    "Stephanie Bazzle"): every prefix of the first name from :data:`MIN_SHORT_FIRST_NAME`
    letters, the rest of the name unchanged."""
    first, _, rest = name.partition(" ")
    return [f"{first[:size]} {rest}" for size in range(MIN_SHORT_FIRST_NAME, len(first)) if rest]


def without_author_box(text: str, authors: list[str]) -> str:
    """``text`` without the author box that closes it: from the first of the last few
    paragraphs that opens with an author's full name (or its short form) to the end."""
    full = [n for n in authors if len(n.split()) >= MIN_NAME_WORDS]
    names = full + [short for n in full for short in _short_forms(n)]
    if not names or not text:
        return text
    paragraphs = text.split("\n\n")
    start = max(1, len(paragraphs) - TAIL_PARAGRAPHS)
    for index in range(start, len(paragraphs)):
        if _opens_with_name(paragraphs[index], names):
            return "\n\n".join(paragraphs[:index])
    return text


MIN_DESCRIPTION_CHARS = 60
"""A shorter declared description ("Reporter", "Staff writer") may be a phrase of the text."""
BIO_SHARE = 0.8
"""A paragraph that holds the declared bio is the bio when the bio is most of it ("About
the author: <bio>"), not a paragraph that happens to quote it."""


def without_declared_bios(text: str, descriptions: list[str]) -> str:
    """``text`` without the paragraphs that are an author's biography as the page itself
    declares it (JSON-LD ``author.description``): some pages print it above or below the
    article, where trafilatura keeps it. The page's own word says whose text it is, in any
    language and wherever it stands."""
    bios = [key for d in descriptions if len(key := comparison_key(d)) >= MIN_DESCRIPTION_CHARS]
    if not bios or not text:
        return text
    paragraphs = text.split("\n\n")
    kept = [p for p in paragraphs if not _is_declared_bio(comparison_key(p), bios)]
    return "\n\n".join(kept) if kept else text


def _is_declared_bio(key: str, bios: list[str]) -> bool:
    """The paragraph is a bio, part of one (a bio set as two paragraphs), or one with a label."""
    if len(key) < MIN_DESCRIPTION_CHARS:
        return False
    return any(
        key == bio or key in bio or (bio in key and len(bio) >= BIO_SHARE * len(key))
        for bio in bios
    )
