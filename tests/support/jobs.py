"""Pool jobs for tests: module-level functions, so that worker processes can import them."""

from __future__ import annotations

import os
import time

from newscrawl.extraction.article import ExtractionOptions
from newscrawl.items import Article, FetchedPage
from newscrawl.processing import extract_clean

STALL_MARKER = "/stall"
CRASH_MARKER = "/crash"


def stall_on_marker(page: FetchedPage, options: ExtractionOptions) -> Article:
    """``extract_clean``, except that a page whose URL holds ``/stall`` never finishes (a
    parser stuck on a pathological page)."""
    if STALL_MARKER in page.url:
        time.sleep(3600)
    return extract_clean(page, options)


def crash_on_marker(page: FetchedPage, options: ExtractionOptions) -> Article:
    """``extract_clean`` after a short pause (so that pages are in flight together), except
    that a page whose URL holds ``/crash`` kills its worker process on the spot, as a
    segfault in a C extension or the OOM killer would."""
    if CRASH_MARKER in page.url:
        os._exit(70)
    time.sleep(0.2)
    return extract_clean(page, options)


def report_frozen_objects(page: FetchedPage, options: ExtractionOptions) -> Article:
    """An article whose ``word_count`` is the number of objects the worker's garbage
    collector no longer walks (``gc.freeze``)."""
    import gc

    return _report(page, word_count=gc.get_freeze_count())


def report_loaded_date_languages(page: FetchedPage, options: ExtractionOptions) -> Article:
    """An article whose ``tags`` are the dateparser locales loaded in the worker at the time
    (before this job parses anything)."""
    from dateparser.languages.loader import LocaleDataLoader

    return _report(page, tags=sorted(LocaleDataLoader._loaded_locales))


def _report(page: FetchedPage, **fields: object) -> Article:
    """A minimal article that carries what a job reports about its worker in ``fields``."""
    return Article(
        id="0" * 20,
        url=page.url,
        canonical_url=page.url,
        site="worker.example",
        fetched_at=page.fetched_at,
        **fields,  # type: ignore[arg-type]
    )
