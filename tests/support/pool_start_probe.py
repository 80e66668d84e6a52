"""Run with ``python -m tests.support.pool_start_probe FLAG``: does the event loop keep
turning while a fresh pool's forkserver loads its job's module?

In its own process because the forkserver is one per process: here it is started for this
pool, with :mod:`tests.support.slow_start` to load, which waits for ``FLAG``. The probe starts
the pool, submits a page, and lets the loop tick every 10 ms for half a second before it
creates the flag. Prints JSON: the longest gap between ticks (a pool that spawned its workers
inside ``submit`` blocks the loop until the flag's wait times out), whether the page was
still waiting when the flag appeared, and the article's title.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path


async def probe(flag: Path) -> dict[str, object]:
    from newscrawl.extraction.article import ExtractionOptions
    from newscrawl.extraction.pool import ExtractionPool
    from newscrawl.items import FetchedPage
    from tests.support.slow_start import job

    page = FetchedPage(
        url="https://herald.example/ferry",
        html="<html><body><article><h1>Ferry crews return</h1>"
        + "<p>The harbour ferries ran again on Monday after a week of repairs to the pier.</p>" * 3
        + "</article></body></html>",
        fetched_at="2025-11-05T10:00:00Z",
    )
    pool = ExtractionPool(1, 2, ExtractionOptions(), job=job, timeout=60)
    try:
        pool.start()
        task = asyncio.ensure_future(pool.extract(page))
        longest, last = 0.0, time.monotonic()
        for _ in range(50):
            await asyncio.sleep(0.01)
            now = time.monotonic()
            longest, last = max(longest, now - last), now
        waiting = not task.done()
        flag.touch()
        article = await asyncio.wait_for(task, 60)
    finally:
        pool.close()
    return {"longest_gap": longest, "waiting_before_flag": waiting, "title": article.title}


def main() -> None:
    flag = Path(sys.argv[1])
    os.environ["NEWSCRAWL_TEST_START_FLAG"] = str(flag)
    os.environ["NEWSCRAWL_TEST_PROBE_PID"] = str(os.getpid())
    print(json.dumps(asyncio.run(probe(flag))))


if __name__ == "__main__":
    main()
