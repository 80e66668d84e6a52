"""The run report: a JSON file beside the output that says what a run did and what it lost.

A scheduled crawl is read by people who were not watching it. The report holds the stats
summary (pages, articles, drops by reason, errors), field fill rates of the written articles,
and the URLs behind each problem (capped, so memory stays flat on any crawl size).

Setting ``NEWSCRAWL_REPORT``: path of the report; ``%(name)s`` is the spider name and
``%(time)s`` the run's start time. Empty: no report.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

from newscrawl.items import Article
from newscrawl.runsummary import RunSummary

logger = logging.getLogger(__name__)

DISCOVERY_STATS = "newscrawl/discovery/"
TEMPLATE_STATS = "newscrawl/template/"
FILL_FIELDS = ("title", "published", "authors", "modified", "language", "section", "image")


class RunReport:
    """Collects per-URL problems and field fill rates; writes the report when the spider closes."""

    def __init__(self, crawler: Crawler, path_template: str, max_urls: int) -> None:
        self.crawler = crawler
        self.path_template = path_template
        self.max_urls = max_urls
        self.started = datetime.now(UTC)
        self.filled: Counter[str] = Counter()
        self.articles = 0
        self.problems: defaultdict[str, list[dict[str, str]]] = defaultdict(list)
        self.problem_counts: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReport:
        template = crawler.settings.get("NEWSCRAWL_REPORT")
        if not template:
            raise NotConfigured
        report = cls(crawler, template, crawler.settings.getint("NEWSCRAWL_REPORT_MAX_URLS", 200))
        crawler.signals.connect(report.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(report.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(report.item_error, signal=signals.item_error)
        crawler.signals.connect(report.spider_closed, signal=signals.spider_closed)
        return report

    def note(self, kind: str, url: str, reason: str) -> None:
        """Record a problem; the first ``max_urls`` of each kind keep their URL."""
        self.problem_counts[kind] += 1
        if len(self.problems[kind]) < self.max_urls:
            self.problems[kind].append({"url": url, "reason": reason})

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, Article):
            self.articles += 1
            self.filled.update(name for name in FILL_FIELDS if getattr(item, name))

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        reason = str(exception).split(":", 1)[0]
        if reason != "not_article":
            self.note(f"dropped/{reason}", getattr(item, "url", "?"), str(exception))

    def item_error(self, item: Any, failure: Any) -> None:
        self.note("item_error", getattr(item, "url", "?"), repr(failure.value))

    def response_error(self, request: Request, response: Response) -> None:
        self.note(f"http/{response.status}", request.url, f"HTTP {response.status}")

    def download_error(self, request: Request, exception: BaseException) -> None:
        # IgnoreRequest is a decision (robots.txt, offsite, filters), not a failure.
        kind = "ignored" if isinstance(exception, IgnoreRequest) else "download"
        reason = str(exception)[:200] or type(exception).__name__
        self.note(f"{kind}/{type(exception).__name__}", request.url, reason)

    def path(self, spider: Spider) -> Path:
        # Scrapy's own %(time)s for feed URIs, so the report sits beside its feed by name.
        time = self.started.replace(microsecond=0).isoformat().replace(":", "-")
        return Path(self.path_template % {"name": spider.name, "time": time})

    def spider_closed(self, spider: Spider) -> None:
        stats = self.crawler.stats.get_stats()
        summary = RunSummary.from_stats(stats, self.crawler.settings)
        report = {
            "spider": spider.name,
            "started": self.started.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "finished": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            **summary.to_dict(),
            "fill_rates": {
                name: round(self.filled[name] / self.articles, 4) if self.articles else 0.0
                for name in FILL_FIELDS
            },
            "problems": {
                kind: {"count": self.problem_counts[kind], "urls": urls}
                for kind, urls in sorted(self.problems.items())
            },
            # What discovery found and skipped, and why (listing entries, off-site links,
            # robots rules...): a page never requested is a loss only this section shows.
            "discovery": {
                key.removeprefix(DISCOVERY_STATS): value
                for key, value in sorted(stats.items())
                if key.startswith(DISCOVERY_STATS)
            },
            # Lines stripped as the sites' templates learned by earlier runs: a change of the
            # text that extraction alone would not make, so it is reported.
            "site_templates": {
                key.removeprefix(TEMPLATE_STATS): value
                for key, value in sorted(stats.items())
                if key.startswith(TEMPLATE_STATS)
            },
        }
        path = self.path(spider)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)  # atomic: a reader never sees half a report
        logger.info("run report written to %s", path)


class ProblemRecorderMiddleware:
    """Downloader middleware that hands HTTP errors and download failures, with their URL, to
    the run report (Scrapy's stats count them, but without the URL)."""

    def __init__(self, report: RunReport) -> None:
        self.report = report

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProblemRecorderMiddleware:
        report = next((e for e in crawler.extensions.middlewares if isinstance(e, RunReport)), None)
        if report is None:
            raise NotConfigured
        return cls(report)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status >= 400:
            self.report.response_error(request, response)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self.report.download_error(request, exception)
