"""What a run did, read from Scrapy's stats: the printed summary, the report and exit code.

Every outcome in newscrawl is a stats counter (drops by reason, rejected dates, skipped
inputs), so the summary is a pure function of the final stats: nothing is counted twice in
scattered log lines.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from scrapy.settings import BaseSettings

from newscrawl.pipelines.drops import DROPPED_PREFIX

# Reasons a run may legitimately end with; anything else (shutdown, cancelled) is a failure.
_FINISHED = ("finished", "closespider_pagecount", "closespider_itemcount", "closespider_timeout")


def _by_prefix(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    return {k[len(prefix) :]: v for k, v in sorted(stats.items()) if k.startswith(prefix)}


@dataclass(slots=True)
class RunSummary:
    finish_reason: str
    pages_fetched: int
    articles_written: int
    duration_seconds: float
    dropped: dict[str, int] = field(default_factory=dict)
    http_errors: dict[str, int] = field(default_factory=dict)
    download_errors: dict[str, int] = field(default_factory=dict)
    date_rejected: dict[str, int] = field(default_factory=dict)
    offline_skipped: dict[str, int] = field(default_factory=dict)
    known_skipped: int = 0
    """Articles an earlier run emitted, not fetched or not written again (incremental)."""
    error_log_lines: int = 0
    max_error_rate: float = 0.5
    run_articles_written: int | None = None
    """With workers sharing a Redis frontier: articles all the run's workers wrote."""
    run_known_skipped: int | None = None
    """With workers sharing a Redis frontier: known articles all the run's workers skipped."""

    @classmethod
    def from_stats(cls, stats: dict[str, Any], settings: BaseSettings | None = None) -> RunSummary:
        max_error_rate = settings.getfloat("NEWSCRAWL_MAX_ERROR_RATE", 0.5) if settings else 0.5
        return cls(
            finish_reason=str(stats.get("finish_reason", "unknown")),
            pages_fetched=int(stats.get("response_received_count", 0)),
            articles_written=int(stats.get("item_scraped_count", 0)),
            duration_seconds=round(float(stats.get("elapsed_time_seconds", 0.0)), 3),
            dropped=_by_prefix(stats, DROPPED_PREFIX),
            http_errors=_by_prefix(stats, "httperror/response_ignored_status_count/"),
            download_errors=_by_prefix(stats, "downloader/exception_type_count/"),
            date_rejected=_by_prefix(stats, "newscrawl/date_rejected/"),
            offline_skipped=_by_prefix(stats, "newscrawl/offline/skipped/"),
            known_skipped=sum(_by_prefix(stats, "newscrawl/state/skipped_known/").values())
            + int(stats.get(f"{DROPPED_PREFIX}unchanged", 0)),
            error_log_lines=int(stats.get("log_count/ERROR", 0)),
            max_error_rate=max_error_rate,
            run_articles_written=stats.get("newscrawl/distributed/run_articles_written"),
            run_known_skipped=stats.get("newscrawl/distributed/run_known_skipped"),
        )

    @property
    def error_rate(self) -> float:
        """Failed fetches and crashed extractions per page attempted (robots.txt and other
        deliberate ``IgnoreRequest`` refusals are not failures)."""
        failed = sum(
            n for kind, n in self.download_errors.items() if not kind.endswith("IgnoreRequest")
        )
        errors = (
            failed + self.dropped.get("extraction_error", 0) + self.dropped.get("worker_crashed", 0)
        )
        attempts = self.pages_fetched + failed
        return errors / attempts if attempts else 0.0

    @property
    def exit_code(self) -> int:
        """0 on success; 1 when the run failed: cut short, too many errors, or no article at
        all (an incremental run that found only known articles has not failed). A worker of a
        shared frontier that wrote nothing because the other workers did it all has not
        failed either."""
        if self.finish_reason not in _FINISHED:
            return 1
        run_outcomes = (self.run_articles_written or 0) + (self.run_known_skipped or 0)
        if self.articles_written == 0 and self.known_skipped == 0 and run_outcomes == 0:
            return 1
        return 1 if self.error_rate > self.max_error_rate else 0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["error_rate"] = round(self.error_rate, 4)
        data["exit_code"] = self.exit_code
        return data

    def render(self) -> str:
        lines = [
            f"newscrawl: {self.articles_written} articles written, {self.pages_fetched} pages "
            f"fetched in {self.duration_seconds:.1f} s ({self.finish_reason})",
        ]
        if self.known_skipped:
            lines.append(f"  known from earlier runs, not written again: {self.known_skipped}")
        if self.run_articles_written is not None:
            lines.append(
                f"  the shared run (all workers): {self.run_articles_written} articles written,"
                f" {self.run_known_skipped or 0} known articles skipped"
            )
        ignored = {k: v for k, v in self.download_errors.items() if k.endswith("IgnoreRequest")}
        failed = {k: v for k, v in self.download_errors.items() if k not in ignored}
        for title, counts in (
            ("dropped", self.dropped),
            ("HTTP errors", self.http_errors),
            ("download errors", failed),
            (
                "refused (robots.txt, unsafe or off-site)",
                {"requests": sum(ignored.values())} if ignored else {},
            ),
            ("dates rejected", self.date_rejected),
            ("inputs skipped", self.offline_skipped),
        ):
            if counts:
                lines.append(f"  {title}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        return "\n".join(lines)
