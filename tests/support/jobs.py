"""Pool jobs for tests: module-level functions, so that worker processes can import them."""

from __future__ import annotations

import time

from newscrawl.extraction.article import ExtractionOptions
from newscrawl.items import Article, FetchedPage
from newscrawl.processing import extract_clean

STALL_MARKER = "/stall"


def stall_on_marker(page: FetchedPage, options: ExtractionOptions) -> Article:
    """``extract_clean``, except that a page whose URL holds ``/stall`` never finishes (a
    parser stuck on a pathological page)."""
    if STALL_MARKER in page.url:
        time.sleep(3600)
    return extract_clean(page, options)
