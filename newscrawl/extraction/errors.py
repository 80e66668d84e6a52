"""Why a page did not become an article: typed reasons that the run report can count.

trafilatura answers ``None`` for every failure; a crawler's user needs to know whether a page
was a section front, an empty shell or garbage, so each case is its own exception with a
stable ``reason`` string (used as a stats key: ``newscrawl/dropped/<reason>``).
"""

from __future__ import annotations


class ExtractionError(Exception):
    """A page that yields no article. ``reason`` is a stable, countable name."""

    reason: str = "extraction_failed"

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        if reason:
            self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str], dict[str, str]]:
        # Keep ``reason`` when the exception crosses the process-pool boundary.
        return (type(self), (str(self),), {"reason": self.reason})


class NotAnArticle(ExtractionError):
    """A section front, tag/author page or other listing."""

    reason = "not_article"


class EmptyBody(ExtractionError):
    """The page parsed, but no article text was found."""

    reason = "empty_body"


class UnreadableHtml(ExtractionError):
    """Not HTML at all: binary bytes, an empty document, a tree lxml cannot build."""

    reason = "unreadable_html"
