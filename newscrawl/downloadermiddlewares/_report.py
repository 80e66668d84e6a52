"""Find the run report from a component, to list a problem with its URL (or do nothing)."""

from __future__ import annotations

from scrapy.crawler import Crawler

from newscrawl.extensions.runreport import RunReport


def find_run_report(crawler: Crawler) -> RunReport | None:
    """The crawl's :class:`RunReport` extension; ``None`` when the report is switched off."""
    return next((e for e in crawler.extensions.middlewares if isinstance(e, RunReport)), None)
