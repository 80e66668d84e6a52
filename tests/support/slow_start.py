"""A pool job whose module loads slowly in the forkserver: see pool_start_probe.py.

Imported with ``NEWSCRAWL_TEST_START_FLAG`` set, in any process but the one named by
``NEWSCRAWL_TEST_PROBE_PID``, the import waits (at most ``WAIT_SECONDS``) until that flag file
exists, as the forkserver's real loading (extraction modules, dateparser's languages) takes a
second without a way to hold it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from newscrawl.extraction.article import ExtractionOptions
from newscrawl.items import Article, FetchedPage
from newscrawl.processing import extract_clean

WAIT_SECONDS = 10.0


def _wait_for_flag() -> None:
    flag = os.environ.get("NEWSCRAWL_TEST_START_FLAG")
    if not flag or os.environ.get("NEWSCRAWL_TEST_PROBE_PID") == str(os.getpid()):
        return
    deadline = time.monotonic() + WAIT_SECONDS
    while not Path(flag).exists() and time.monotonic() < deadline:
        time.sleep(0.01)


_wait_for_flag()


def job(page: FetchedPage, options: ExtractionOptions) -> Article:
    return extract_clean(page, options)
