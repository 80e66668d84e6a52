"""``newscrawl demo``: serve the bundled sites on loopback, crawl them, check the output."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from newscrawl.cli import build_settings, run_spider
from newscrawl.demo.check import check_records, read_records
from newscrawl.demo.expected import load_expected, site_slugs
from newscrawl.demo.server import DemoServer


def run_demo(output: Path, overrides: Sequence[str] = ()) -> int:
    """Crawl every demo site from its home page; 0 when the output matches expectations."""
    # Loopback needs no throttling, and the demo is not incremental: every run shows it all.
    # Warnings only: the summary below is what the demo is for (-s LOG_LEVEL=INFO for more).
    settings = build_settings(
        output, overrides, AUTOTHROTTLE_ENABLED=False, NEWSCRAWL_STATE="", LOG_LEVEL="WARNING"
    )
    with DemoServer() as server:
        targets = [server.url(slug, "/") for slug in site_slugs()]
        print("serving the demo sites at " + ", ".join(targets), file=sys.stderr)
        summary = run_spider(settings, "news", target=targets)
    print(summary.render(), file=sys.stderr)
    check = check_records(read_records(output), load_expected())
    print(check.render(), file=sys.stderr)
    print(f"articles written to {output}", file=sys.stderr)
    return summary.exit_code or (0 if check.ok else 1)
