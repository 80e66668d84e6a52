"""The forkserver the extraction pools fork their workers from, started early.

Loading the server takes about a second (the extraction modules, then dateparser's languages
in :mod:`newscrawl.extraction.warmup`), on a core of its own. Started as soon as the pool is
known to be wanted, that second overlaps the crawler process's own start-up instead of
following it: ``newscrawl crawl``/``extract`` start it before they import Scrapy, the extract
pipeline when it is built (``scrapy crawl``). This module imports nothing heavy, so that the
command line can call it first.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
from collections.abc import Sequence

WARMUP_MODULE = "newscrawl.extraction.warmup"
"""Imported by the forkserver before it forks workers (see that module)."""
PIPELINE_JOB_MODULE = "newscrawl.processing"
"""Where the extract pipeline's job (``extract_clean``) lives."""


def launch_forkserver(job_module: str = PIPELINE_JOB_MODULE) -> None:
    """Start the forkserver, to load ``job_module`` and the warm-up, without waiting for it.

    Idempotent: a server already running keeps what it loaded (workers import anything else
    they need when they unpickle their job). The server exits with this process."""
    preload: Sequence[str] = [job_module, WARMUP_MODULE]
    multiprocessing.get_context("forkserver").set_forkserver_preload(list(preload))
    multiprocessing.forkserver.ensure_running()
