"""``newscrawl``: crawl sites, extract stored pages, or run the bundled demo.

A thin layer over Scrapy: each command builds project settings, points the feed export at
the output file and runs one spider (``news`` or ``stored``) with ``CrawlerProcess``. The
same crawl is ``scrapy crawl news -a target=...`` for anyone who prefers Scrapy's own CLI.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscrawl import __version__
from newscrawl.extraction.forkserver import launch_forkserver

if TYPE_CHECKING:
    from scrapy.settings import Settings

    from newscrawl.runsummary import RunSummary

# Scrapy, the readers and the run summary are imported where they are used: a crawl starts
# the extraction pool's forkserver first (see main), and importing Scrapy takes half a second
# that the server's loading can overlap.

logger = logging.getLogger("newscrawl")


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, not {number}")
    return number


def build_settings(
    output: Path | None, overrides: Sequence[str], *, append: bool = False, **values: Any
) -> Settings:
    """Project settings, with the feed pointed at ``output`` (replaced, or ``append``-ed to)
    and ``-s NAME=VALUE`` applied."""
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    if settings.get("BOT_NAME") != "newscrawl":  # run outside the project directory
        settings.setmodule("newscrawl.settings", priority="project")
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        report = output.with_name(f"{output.stem}.report.json")
        settings.set("NEWSCRAWL_REPORT", str(report).replace("%", "%%"), priority="cmdline")
        settings.set(
            "FEEDS",
            {str(output): {"format": "jsonlines", "encoding": "utf8", "overwrite": not append}},
            priority="cmdline",
        )
    for name, value in values.items():
        if value is not None:
            settings.set(name, value, priority="cmdline")
    for override in overrides:
        name, sep, value = override.partition("=")
        if not sep or not name:
            raise SystemExit(f"newscrawl: -s expects NAME=VALUE, got {override!r}")
        settings.set(name.strip(), value, priority="cmdline")
    return settings


class CrawlNotStarted(Exception):
    """The crawl could not start: a bad spider argument or setting (the message says which)."""


def run_spider(settings: Settings, spider: str, **arguments: Any) -> RunSummary:
    """Run one spider to completion and summarize its stats.

    Raises :class:`CrawlNotStarted` when building the spider or a component failed (a bad
    ``--since``, a site file with a typo, a setting out of range): Scrapy would log the
    traceback as an unhandled error and leave no stats to summarize."""
    from scrapy.crawler import CrawlerProcess

    from newscrawl.runsummary import RunSummary

    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    failures: list[Any] = []
    process.crawl(crawler, **arguments).addErrback(failures.append)
    process.start()
    if failures:
        raise CrawlNotStarted(str(failures[0].value)) from failures[0].value
    return RunSummary.from_stats(crawler.stats.get_stats(), crawler.settings)


def _cmd_crawl(args: argparse.Namespace) -> int:
    if args.redis and args.job is not None:
        print(
            "newscrawl crawl: --job and --redis do not mix (the queue is in Redis)", file=sys.stderr
        )
        return 2
    output = args.output
    job: dict[str, Any] = {}
    if args.job is not None:
        # A job keeps Scrapy's queue (JOBDIR) and the crawl state together; its output is
        # appended to, so running the same command again resumes where a crash stopped.
        output = output or args.job / "articles.jsonl"
        job = {
            "JOBDIR": str(args.job / "scrapy"),
            "NEWSCRAWL_STATE": str(args.job / "state.sqlite").replace("%", "%%"),
            "NEWSCRAWL_RESUME": True,
        }
    settings = build_settings(
        output,
        args.set,
        append=args.job is not None,
        CLOSESPIDER_PAGECOUNT=args.max_pages,
        NEWSCRAWL_SINCE=args.since,
        NEWSCRAWL_UNTIL=args.until,
        NEWSCRAWL_EXTRACT_WORKERS=args.workers,
        NEWSCRAWL_FULL=True if args.full else None,
        NEWSCRAWL_REDIS_URL=args.redis,
        **job,
    )
    summary = run_spider(
        settings, "news", target=list(args.targets), since=args.since, until=args.until
    )
    print(summary.render(), file=sys.stderr)
    return summary.exit_code


def _cmd_extract(args: argparse.Namespace) -> int:
    from newscrawl.offline.readers import InputError, iter_stored_pages

    try:
        iter_stored_pages(args.inputs)  # checks every input before the crawler starts
    except InputError as error:
        print(f"newscrawl extract: {error}", file=sys.stderr)
        return 2
    settings = build_settings(
        args.output, args.set, NEWSCRAWL_EXTRACT_WORKERS=args.workers, LOGSTATS_INTERVAL=5.0
    )
    summary = run_spider(settings, "stored", inputs=[str(p) for p in args.inputs])
    print(summary.render(), file=sys.stderr)
    return summary.exit_code


def _cmd_demo(args: argparse.Namespace) -> int:
    from newscrawl.demo.run import run_demo

    return run_demo(args.output, args.set)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newscrawl", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"newscrawl {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "-s",
            "--set",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="override a Scrapy/newscrawl setting (repeatable)",
        )
        sub.add_argument(
            "--workers",
            type=_positive_int,
            default=None,
            help="extraction processes (default: one per core; 0: in-process)",
        )

    crawl = commands.add_parser("crawl", help="crawl sites and write clean articles")
    crawl.add_argument(
        "targets",
        nargs="+",
        metavar="TARGET",
        help="start URL (home, section, feed, sitemap) or a site file (.toml)",
    )
    crawl.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="JSON Lines output (default: output/news/<time>.jsonl)",
    )
    crawl.add_argument(
        "--max-pages", type=_positive_int, default=None, help="stop after fetching this many pages"
    )
    crawl.add_argument(
        "--since",
        default=None,
        metavar="YYYY-MM-DD",
        help="skip articles published before this date",
    )
    crawl.add_argument(
        "--until",
        default=None,
        metavar="YYYY-MM-DD",
        help="skip articles published after this date (with --since: a window to backfill)",
    )
    crawl.add_argument(
        "--job",
        type=Path,
        default=None,
        metavar="DIR",
        help="resumable job directory: run the same command again to resume after a crash "
        "or a stop (the output defaults to DIR/articles.jsonl and is appended to)",
    )
    crawl.add_argument(
        "--full", action="store_true", help="re-emit articles that earlier runs already emitted"
    )
    crawl.add_argument(
        "--redis",
        default=None,
        metavar="URL",
        help="share the frontier with every crawl started with the same targets and URL "
        "(redis://host:port/db): run N of them; use %%(worker)s in -o to give each its file",
    )
    common(crawl)
    crawl.set_defaults(handler=_cmd_crawl)

    extract = commands.add_parser("extract", help="extract articles from stored pages")
    extract.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="INPUT",
        help="WARC/WARC.gz file, directory of .html/.html.gz, or JSON Lines",
    )
    extract.add_argument("-o", "--output", type=Path, required=True, help="JSON Lines output")
    common(extract)
    extract.set_defaults(handler=_cmd_extract)

    demo = commands.add_parser("demo", help="crawl the bundled demo news sites on loopback")
    demo.add_argument("-o", "--output", type=Path, default=Path("output/demo/articles.jsonl"))
    demo.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE")
    demo.set_defaults(handler=_cmd_demo)
    return parser


def _wants_pool(args: argparse.Namespace) -> bool:
    """Whether the command will extract in worker processes: a crawl or an extract whose
    ``--workers``/``-s NEWSCRAWL_EXTRACT_WORKERS`` is not 0 (a project setting of 0 is not
    seen here: the server then idles until the command exits)."""
    if args.command not in ("crawl", "extract") or args.workers == 0:
        return False
    for override in args.set:
        name, _, value = override.partition("=")
        if name.strip() == "NEWSCRAWL_EXTRACT_WORKERS" and value.strip() == "0":
            return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    if _wants_pool(args):
        launch_forkserver()
    try:
        return args.handler(args)
    except CrawlNotStarted as error:
        print(f"newscrawl {args.command}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
