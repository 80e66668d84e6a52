"""Throughput benchmark (issue 4): newscrawl against bare trafilatura and a naive spider.

Everything runs in one invocation, on this machine, and every ratio is against a baseline
measured in the same invocation:

1. ``baseline``: ``trafilatura.bare_extraction(html, url=..., with_metadata=True)`` in one
   process over the site's pages read from disk (time of the loop only). Ratio 1.00.
2. ``extract w1`` / ``extract w2``: ``newscrawl extract pages.jsonl --workers N``; wall time of
   the whole subprocess, startup included.
3. ``crawl w2``: ``newscrawl crawl http://127.0.0.1:PORT/ --workers 2`` end to end.
4. ``fetch-only``: the same crawl with ``ITEM_PIPELINES={}`` and ``FEEDS={}``: what this
   machine can fetch and discover with Scrapy, the ceiling for any crawl.
5. ``naive``: ``scrapy runspider benchmarks/naive_spider.py`` (a ``SitemapSpider`` calling
   ``bare_extraction`` in its callback), same site, same concurrency settings.
6. ``big crawl`` (``--big N``): a crawl of N pages, with the tree's RSS at 25/50/75/100 % of
   the articles written.

Each run's whole process tree (the process, its forkserver and pool workers) is sampled every
0.2 s from /proc: summed RSS (shared pages counted once per process, as ``ps`` shows them) and
summed PSS (shared pages split; what the tree really costs). Every output file is checked: one
JSON object per line, one record per article page, no listing page.

``--paired`` runs the baseline again right before each row and divides the row by that run:
the host of a shared vCPU changes speed within an invocation (bare trafilatura has taken 30 %
more CPU for the same pages after the rows than before them), and a row measured on a slow
stretch divided by a baseline from a fast one says little about newscrawl. Against the naive
spider, both rows are first taken as multiples of their own paired baselines.

``--stages`` (on by default) times each step of the per-page work in one process over 200
pages, and ``--profile`` adds cProfile of ``extract_article`` and, if ``py-spy`` is on PATH,
a sampled profile of the crawler process of ``extract w2``.

``--site corpus`` runs every row on the real pages of the evaluation corpus instead
(``../shared/corpus``, or ``--corpus PATH``; read at run time, never copied into the
repository): see ``corpus_site.py``. Real pages cost about four times as much to extract as
the generated ones, so they show newscrawl's fixed per-page costs at their real weight.

Usage::

    .venv/bin/python benchmarks/throughput.py              # 2,000 pages, a few minutes
    .venv/bin/python benchmarks/throughput.py --big 20000  # plus the 20,000-page memory run
    .venv/bin/python benchmarks/throughput.py --site corpus --pages 1500   # real pages

The table goes to stdout and to ``benchmarks/results/throughput-<YYYY-MM-DD>.md``
(``throughput-corpus-<YYYY-MM-DD>.md`` with ``--site corpus``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus_site  # noqa: E402  (sibling modules, not a package)
import sitegen  # noqa: E402

BIN = Path(sys.executable).parent
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_INTERVAL = 0.2
ROWS = ("baseline", "extract-w1", "extract-w2", "crawl-w2", "fetch-only", "naive")

CRAWL_SETTINGS = (
    "AUTOTHROTTLE_ENABLED=False",
    "CONCURRENT_REQUESTS=16",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "ROBOTSTXT_OBEY=True",
)
"""The same for every crawl, newscrawl's and the naive spider's."""

# Targets of issue 4.
EXTRACT_W2_MIN = 1.8
EXTRACT_W1_MIN = 0.85
CRAWL_MIN = 1.6
BIG_RSS_MAX_MB = 600
BIG_GROWTH_MAX = 0.10
""""Not growing after the first quarter": RSS at 50/75/100 % at most 10 % above RSS at 25 %."""


# -- measuring a process tree ------------------------------------------------------------------


@dataclass(slots=True)
class Sample:
    seconds: float
    rss: int
    pss: int
    lines: int


@dataclass(slots=True)
class ProcStat:
    ppid: int
    pgrp: int
    cpu: float
    rss: int


def read_stat(pid: int) -> ProcStat | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as file:
            raw = file.read()
    except OSError:
        return None
    fields = raw[raw.rfind(b")") + 2 :].split()
    cpu = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return ProcStat(int(fields[1]), int(fields[2]), cpu, int(fields[21]) * PAGE_SIZE)


def read_pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as file:
            for line in file:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_pids(root: int) -> dict[int, ProcStat]:
    """``root`` and every process in its process group or descended from it."""
    stats: dict[int, ProcStat] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            stat = read_stat(int(name))
            if stat is not None:
                stats[int(name)] = stat
    tree = {pid: s for pid, s in stats.items() if pid == root or s.pgrp == root}
    grew = True
    while grew:
        grew = False
        for pid, stat in stats.items():
            if pid not in tree and stat.ppid in tree:
                tree[pid] = stat
                grew = True
    return tree


def machine_busy_seconds() -> float:
    """CPU seconds spent busy on the whole machine since boot (all cores)."""
    with open("/proc/stat") as file:
        values = [int(v) for v in file.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / CLOCK_TICKS


def load_average() -> float:
    return os.getloadavg()[0]


class TreeSampler(threading.Thread):
    """Samples a process tree every 0.2 s; optionally counts lines of a growing file."""

    def __init__(self, root: int, progress_file: Path | None = None) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.progress_file = progress_file
        self.samples: list[Sample] = []
        self.cpu_by_pid: dict[int, float] = {}
        self.pids_seen: set[int] = set()
        self._halt = threading.Event()
        self._lines = 0
        self._offset = 0
        self._t0 = time.monotonic()

    def _count_lines(self) -> int:
        if self.progress_file is None or not self.progress_file.exists():
            return self._lines
        with self.progress_file.open("rb") as file:
            file.seek(self._offset)
            while chunk := file.read(1 << 20):
                self._lines += chunk.count(b"\n")
                self._offset += len(chunk)
        return self._lines

    def sample(self) -> None:
        tree = tree_pids(self.root)
        if not tree:
            return
        for pid, stat in tree.items():
            self.cpu_by_pid[pid] = max(self.cpu_by_pid.get(pid, 0.0), stat.cpu)
        self.pids_seen.update(tree)
        self.samples.append(
            Sample(
                seconds=time.monotonic() - self._t0,
                rss=sum(s.rss for s in tree.values()),
                pss=sum(read_pss(pid) for pid in tree),
                lines=self._count_lines(),
            )
        )

    def run(self) -> None:
        while not self._halt.wait(SAMPLE_INTERVAL):
            self.sample()

    def stop(self) -> None:
        self._halt.set()
        self.join()
        self._count_lines()

    @property
    def lines(self) -> int:
        return self._lines


@dataclass(slots=True)
class Measured:
    """One subprocess run, measured from outside."""

    name: str
    command: list[str]
    returncode: int
    wall: float
    cpu_tree: float
    """CPU seconds of the whole tree (getrusage of waited-for children)."""
    cpu_main: float
    """CPU seconds of the top process alone (reactor, spider, pipelines, export)."""
    peak_rss: int
    peak_pss: int
    processes: int
    load1: float
    other_busy: float
    """Share of the machine's CPU used by processes outside this run (server included)."""
    server_cpu: float
    samples: list[Sample] = field(default_factory=list)
    stdout: str = ""
    log: Path | None = None


class StaticServer:
    """``sitegen.py serve ROOT`` in a subprocess; knows its URL and CPU time."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "sitegen.py"), "serve", str(root)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.close()
            raise RuntimeError(f"the static server did not start: {self.url!r}")

    def cpu(self) -> float:
        stat = read_stat(self.process.pid)
        return stat.cpu if stat else 0.0

    def close(self) -> None:
        self.process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def run_measured(
    name: str,
    command: Sequence[str],
    cwd: Path,
    log: Path,
    server: StaticServer | None = None,
    progress_file: Path | None = None,
    timeout: float = 3600,
) -> Measured:
    """Run ``command`` in its own session and measure wall time, CPU and memory of its tree."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRAPY_")}
    # A directory of its own per run: newscrawl keeps crawl state (what was already emitted)
    # under ./output by default, and a second crawl of the same site must not inherit it.
    cwd = cwd / "runs" / name
    cwd.mkdir(parents=True, exist_ok=True)
    load1 = load_average()
    busy_before = machine_busy_seconds()
    server_before = server.cpu() if server else 0.0
    usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with log.open("w") as log_file:
        process = subprocess.Popen(
            list(command),
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=log_file,
            text=True,
            start_new_session=True,
        )
        sampler = TreeSampler(process.pid, progress_file)
        sampler.start()
        try:
            stdout, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            stdout, _ = process.communicate()
        wall = time.perf_counter() - started
        sampler.stop()
    usage_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # getrusage misses pool workers (the forkserver, not we, waits for them): take the
    # larger of it and the last /proc reading of every process seen.
    waited = (usage_after.ru_utime - usage_before.ru_utime) + (
        usage_after.ru_stime - usage_before.ru_stime
    )
    cpu_tree = max(waited, sum(sampler.cpu_by_pid.values()))
    server_cpu = (server.cpu() - server_before) if server else 0.0
    busy = machine_busy_seconds() - busy_before
    cores = os.cpu_count() or 1
    other = max(0.0, busy - cpu_tree) / (wall * cores)
    return Measured(
        name=name,
        command=list(command),
        returncode=process.returncode,
        wall=wall,
        cpu_tree=cpu_tree,
        cpu_main=sampler.cpu_by_pid.get(process.pid, 0.0),
        peak_rss=max((s.rss for s in sampler.samples), default=0),
        peak_pss=max((s.pss for s in sampler.samples), default=0),
        processes=len(sampler.pids_seen),
        load1=load1,
        other_busy=other,
        server_cpu=server_cpu,
        samples=sampler.samples,
        stdout=stdout,
        log=log,
    )


# -- checking outputs --------------------------------------------------------------------------


@dataclass(slots=True)
class OutputCheck:
    lines: int = 0
    bad_lines: int = 0
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    duplicates: int = 0
    complete: bool = True
    """False on the corpus site: which pages are articles is not known beforehand, so records
    are checked against the site's URLs (none unknown, none twice) but none is "missing"."""
    urls: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not (self.bad_lines or self.missing or self.unexpected or self.duplicates)

    def describe(self) -> str:
        if self.ok:
            if not self.complete:
                return f"{self.lines} records, all pages of the site, none twice"
            return f"{self.lines} records, all articles, none lost"
        parts = [f"{self.lines} records"]
        if self.bad_lines:
            parts.append(f"{self.bad_lines} lines not a JSON object")
        if self.missing:
            parts.append(f"{len(self.missing)} articles missing (e.g. {self.missing[0]})")
        if self.unexpected:
            parts.append(f"{len(self.unexpected)} non-article records (e.g. {self.unexpected[0]})")
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicates")
        return "; ".join(parts)


def check_output(path: Path, expected_urls: set[str], complete: bool = True) -> OutputCheck:
    """One JSON object per line, and exactly one record per expected URL (``complete``) or at
    most one record per URL, each one of ``expected_urls`` (not ``complete``)."""
    check = OutputCheck(complete=complete)
    seen: set[str] = set()
    if not path.exists():
        check.missing = sorted(expected_urls)
        return check
    with path.open(encoding="utf-8") as file:
        for line in file:
            check.lines += 1
            try:
                record = json.loads(line)
            except ValueError:
                check.bad_lines += 1
                continue
            if not isinstance(record, dict):
                check.bad_lines += 1
                continue
            url = record.get("url")
            if url in seen:
                check.duplicates += 1
            seen.add(url)
            if url not in expected_urls:
                check.unexpected.append(str(url))
    check.urls = seen
    if complete:
        check.missing = sorted(expected_urls - seen)
    return check


# -- the rows ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    key: str
    label: str
    pages: int
    run: Measured
    rate: float
    """Pages per second, from wall time (the baseline: from its extraction loop)."""
    stats_rate: float | None = None
    """Pages per second over the run's own elapsed time (Scrapy stats)."""
    records: str = ""
    check: OutputCheck | None = None
    note: str = ""
    workers: int = 0
    cpu_ceiling: float | None = None
    """Set when the run measured its own CPU (the baseline's extraction loop)."""
    accounted: int | None = None
    """Records written + items dropped with a reason (run report): every page processed."""
    cases: frozenset[str] | None = None
    """Corpus site: the pages that got a record (see :func:`written_pages`)."""
    reference: Row | None = None
    """``--paired``: the baseline run right before this row, its ratios' denominator."""

    @property
    def ceiling(self) -> float:
        """Pages/s that this run's CPU time per page allows on an otherwise idle machine.

        The top process gets at most one core, ``workers`` pool workers at most that many,
        all together at most every core. Independent of other load on the machine (start-up
        CPU is included, so slightly pessimistic).
        """
        if self.cpu_ceiling is not None:
            return self.cpu_ceiling
        main = self.run.cpu_main / self.pages
        rest = max(0.0, self.run.cpu_tree - self.run.cpu_main) / self.pages
        limits = [1 / main] if main else []
        if self.workers and rest:
            limits.append(self.workers / rest)
        if main + rest:
            limits.append((os.cpu_count() or 1) / (main + rest))
        return min(limits, default=0.0)


_SKIPPED_ENTRY = re.compile(r"'newscrawl/discovery/(skipped_[a-z_]*entry[a-z_/]*)': (\d+)")


def skipped_entries(log: Path | None) -> dict[str, int]:
    """Sitemap/feed entries the spider did not request (its stats dump, at the end of the log):
    pages of the site that a crawl row never processed."""
    if log is None or not log.exists():
        return {}
    text = log.read_text(encoding="utf-8", errors="replace")
    dump = text[text.rfind("Dumping Scrapy stats") :]
    return {name: int(count) for name, count in _SKIPPED_ENTRY.findall(dump)}


def _counted(errors: object) -> int:
    """The total of a report's ``{"404": 2, ...}`` section (0 when it has none)."""
    return sum(int(n) for n in errors.values()) if isinstance(errors, dict) else 0


def report_of(output: Path) -> dict[str, object]:
    path = output.with_name(f"{output.stem}.report.json")
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _baseline_worker(manifest_path: str) -> int:
    """Child mode: bare trafilatura over the pages on disk; prints a JSON result."""
    from trafilatura import bare_extraction

    manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
    pages = [(url, Path(file).read_text(encoding="utf-8")) for url, file in manifest["pages"]]
    extracted = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    for url, html in pages:
        if bare_extraction(html, url=url, with_metadata=True) is not None:
            extracted += 1
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(json.dumps({"pages": len(pages), "seconds": seconds, "cpu": cpu, "extracted": extracted}))
    return 0


def run_baseline(
    work: Path,
    manifest_file: Path,
    pages: int,
    key: str = "baseline",
    label: str = "bare trafilatura, 1 process (extraction loop only)",
) -> Row:
    run = run_measured(
        key,
        [sys.executable, str(Path(__file__).resolve()), "_baseline", str(manifest_file)],
        cwd=work,
        log=work / f"{key}.log",
    )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    return Row(
        key=key,
        label=label,
        pages=pages,
        run=run,
        rate=result["pages"] / result["seconds"],
        records=f"{result['extracted']} documents (not written)",
        cpu_ceiling=result["pages"] / result["cpu"],
        note=f"loop {result['seconds']:.1f} s of {run.wall:.1f} s wall",
    )


def newscrawl_row(
    key: str,
    label: str,
    command: list[str],
    work: Path,
    output: Path,
    pages: int,
    expected: set[str] | None,
    server: StaticServer | None = None,
    workers: int = 2,
    complete: bool = True,
) -> Row:
    run = run_measured(
        key,
        command,
        cwd=work,
        log=work / f"{key}.log",
        server=server,
        progress_file=output if expected is not None else None,
    )
    report = report_of(output)
    duration = float(report.get("duration_seconds") or 0.0)  # type: ignore[arg-type]
    row = Row(key=key, label=label, pages=pages, run=run, rate=pages / run.wall, workers=workers)
    row.stats_rate = pages / duration if duration else None
    if expected is not None:
        row.check = check_output(output, expected, complete)
        row.records = row.check.describe()
        dropped = report.get("dropped") or {}
        if isinstance(dropped, dict):
            row.accounted = row.check.lines + sum(int(n) for n in dropped.values())
            if dropped:
                reasons = ", ".join(f"{k} {v}" for k, v in sorted(dropped.items()))
                row.records += f"; dropped: {reasons}"
        skipped = skipped_entries(run.log)
        if skipped:
            reasons = ", ".join(f"{k} {v}" for k, v in sorted(skipped.items()))
            row.records += f"; sitemap entries not requested: {reasons}"
        failed = _counted(report.get("http_errors")) + _counted(report.get("download_errors"))
        if failed:
            row.records += f"; HTTP or download errors: {failed}"
        if row.accounted is not None:
            # A page is accounted for when the run says what became of it: written, dropped
            # with a reason, not requested (a listing entry), or failed with an HTTP error.
            row.accounted += sum(skipped.values()) + failed
    else:
        row.records = (
            f"{report.get('articles_written', '?')} pages yielded, "
            f"{report.get('pages_fetched', '?')} responses"
        )
    if run.returncode != 0:
        row.note = f"exit code {run.returncode}; see {run.log}"
    return row


def written_pages(output: Path, case_of: dict[str, str]) -> frozenset[str]:
    """The corpus pages an output has a record for: copies of a page count once, and two
    corpus pages with one canonical URL (on another host than the server) count as one, since
    which of them dedupe keeps depends on the order they came in."""
    local = urlsplit(next(iter(case_of), "")).netloc
    keys = set()
    with output.open(encoding="utf-8") as file:
        for line in file:
            with contextlib.suppress(ValueError, AttributeError):
                record = json.loads(line)
                canonical = str(record.get("canonical_url") or "")
                if canonical and urlsplit(canonical).netloc != local:
                    keys.add(canonical)
                elif record.get("url") in case_of:
                    keys.add(case_of[record["url"]])
    return frozenset(keys)


def run_naive(
    work: Path, server: StaticServer, pages: int, expected_all: set[str], complete: bool = True
) -> Row:
    output = work / "naive.jsonl"
    stats_file = work / "naive.stats.json"
    command = [
        str(BIN / "scrapy"),
        "runspider",
        str(HERE / "naive_spider.py"),
        "-a",
        f"site={server.url}",
        "-a",
        f"stats={stats_file}",
        "-O",
        f"{output}:jsonlines",
        "-s",
        "FEED_EXPORT_ENCODING=utf-8",
        "-s",
        "LOG_LEVEL=INFO",
    ]
    for setting in CRAWL_SETTINGS:
        command += ["-s", setting]
    run = run_measured(
        "naive", command, cwd=work, log=work / "naive.log", server=server, progress_file=output
    )
    row = Row(
        key="naive",
        label="naive SitemapSpider + bare_extraction in callback",
        pages=pages,
        run=run,
        rate=pages / run.wall,
    )
    if stats_file.exists():
        stats = json.loads(stats_file.read_text(encoding="utf-8"))
        elapsed = float(stats.get("elapsed_time_seconds") or 0.0)
        row.stats_rate = pages / elapsed if elapsed else None
    # The naive spider writes whatever trafilatura returns, listings included: count pages.
    row.check = check_output(output, expected_all, complete)
    row.records = row.check.describe().replace("all articles", "all pages")
    if not complete:
        row.records += f" ({pages - row.check.lines} pages without a trafilatura document)"
    if run.returncode != 0:
        row.note = f"exit code {run.returncode}; see {run.log}"
    return row


def crawl_command(url: str, output: Path, workers: int, extra: Sequence[str] = ()) -> list[str]:
    command = [str(BIN / "newscrawl"), "crawl", url, "-o", str(output), "--workers", str(workers)]
    for setting in (*CRAWL_SETTINGS, *extra):
        command += ["-s", setting]
    return command


# -- per-step timing and profiles -------------------------------------------------------------


def _timed_callees(module: object, function: object, totals: dict[str, float]) -> None:
    """Wrap every module-level function that ``function`` calls directly, to time it.

    Robust to the extraction code changing: whatever ``extract_article`` calls today is timed
    under its own name, nested calls are inside their caller's time. What the module's own
    step functions call (``_trafilatura_body``: trafilatura, each body rule) is timed too, in
    rows marked "in a step" that the step's row already holds.
    """
    import functools
    import inspect

    namespace = vars(module)
    direct = set(function.__code__.co_names)  # type: ignore[attr-defined]
    inner: set[str] = set()
    for name in direct:
        value = namespace.get(name)
        if inspect.isfunction(value) and value.__module__ == module.__name__:  # type: ignore[attr-defined]
            inner.update(value.__code__.co_names)
    for name, value in list(namespace.items()):
        if not inspect.isfunction(value):
            continue
        if name in direct:
            key = f"extract: {name}"
        elif name in inner:
            key = f"in a step: {name}"
        else:
            continue

        def wrapper(*args, _key=key, _value=value, **kwargs):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return _value(*args, **kwargs)
            finally:
                totals[_key] = totals.get(_key, 0.0) + time.perf_counter() - started

        setattr(module, name, functools.wraps(value)(wrapper))


def _stages_worker(manifest_path: str, count: str, profile: str) -> int:
    """Child mode: time each step of the per-page work over ``count`` pages; prints JSON."""
    import cProfile
    import importlib
    import io
    import pickle
    import pstats
    from multiprocessing.reduction import ForkingPickler

    from itemadapter import ItemAdapter
    from scrapy.exporters import JsonLinesItemExporter
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    from newscrawl.extraction import article as article_module
    from newscrawl.extraction.article import ExtractionOptions, extract_article
    from newscrawl.extraction.errors import ExtractionError
    from newscrawl.items import FetchedPage

    manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
    pages = [
        FetchedPage(
            url=url, html=Path(file).read_text(encoding="utf-8"), fetched_at="2025-07-01T00:00:00Z"
        )
        for url, file in manifest["pages"][: int(count)]
    ]
    options = ExtractionOptions()
    totals: dict[str, float] = {}
    notes: dict[str, str] = {}

    def timed(name: str, function, *args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            totals[name] = totals.get(name, 0.0) + time.perf_counter() - started

    # Looked up by name, in the modules they have lived in: the normalizers move while others
    # work on them, and a missing one is a note, not a failed benchmark.
    steps = []
    for label, name, modules in (
        (
            "pipelines: strip (text cleanup, word count, hash)",
            "strip_article",
            ("newscrawl.pipelines.strip", "newscrawl.processing"),
        ),
        ("pipelines: dates", "normalize_article_dates", ("newscrawl.pipelines.dates",)),
        ("pipelines: bylines", "clean_article_authors", ("newscrawl.pipelines.bylines",)),
    ):
        errors = []
        for module_name in modules:
            try:
                steps.append((label, getattr(importlib.import_module(module_name), name)))
                break
            except Exception as error:
                errors.append(f"{module_name}.{name}: {error!r}")
        else:
            notes[label] = "not importable: " + "; ".join(errors)
    exporter = JsonLinesItemExporter(io.BytesIO(), encoding="utf-8")

    # Pass 1: bare trafilatura, as the baseline runs it, and its fallback-free variant.
    for page in pages:
        timed(
            "(baseline) bare_extraction(html)",
            bare_extraction,
            page.html,
            url=page.url,
            with_metadata=True,
        )
        tree = load_html(page.html)
        timed(
            "(what-if) bare_extraction(tree, fast=True, include_comments=False)",
            bare_extraction,
            tree,
            url=page.url,
            with_metadata=True,
            include_comments=False,
            fast=True,
        )
    # Pass 2: extract_article with each direct callee timed, then what the parent does.
    _timed_callees(article_module, extract_article, totals)
    articles = 0
    for page in pages:
        try:
            article = timed("extract_article total", extract_article, page, options)
        except ExtractionError:
            continue
        articles += 1
        timed(
            "pool: pickle page, unpickle (parent→worker)",
            lambda p=page: pickle.loads(ForkingPickler.dumps(p)),
        )
        timed(
            "pool: pickle article, unpickle (worker→parent)",
            lambda a=article: pickle.loads(ForkingPickler.dumps(a)),
        )
        for name, step in steps:
            try:
                timed(name, step, article)
            except Exception as error:
                notes[name] = repr(error)
        timed(
            "export: ItemAdapter + JsonLinesItemExporter",
            exporter.export_item,
            ItemAdapter(article).item,
        )
    known = sum(v for k, v in totals.items() if k.startswith("extract: "))
    totals["extract: rest of extract_article"] = max(0.0, totals["extract_article total"] - known)
    result: dict[str, object] = {
        "pages": len(pages),
        "articles": articles,
        "ms_per_page": {k: 1000 * v / len(pages) for k, v in sorted(totals.items())},
        "notes": notes,
    }
    if profile == "1":
        importlib_reload = __import__("importlib").reload
        importlib_reload(article_module)  # drop the timing wrappers
        profiler = cProfile.Profile()
        profiler.enable()
        for page in pages:
            with contextlib.suppress(ExtractionError):
                article_module.extract_article(page, options)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(20)
        result["cprofile"] = out.getvalue()
    print(json.dumps(result))
    return 0


def run_stages(work: Path, manifest_file: Path, count: int, profile: bool) -> dict[str, object]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "_stages",
        str(manifest_file),
        str(count),
        "1" if profile else "0",
    ]
    run = run_measured("stages", command, cwd=work, log=work / "stages.log")
    if run.returncode != 0:
        return {"error": f"exit code {run.returncode}: {tail(run.log)}"}
    return json.loads(run.stdout.strip().splitlines()[-1])


SPY_RATE = 100
"""py-spy samples per second."""

_GROUPS = (
    ("newscrawl/offline/", "reading stored pages (newscrawl.offline)"),
    ("newscrawl/spiders/", "spider callbacks (newscrawl.spiders)"),
    ("newscrawl/discovery/", "discovery: page signals, links, sitemaps (newscrawl.discovery)"),
    ("newscrawl/normalize/", "normalizers (newscrawl.normalize)"),
    ("newscrawl/extraction/", "pool submit/await (newscrawl.extraction)"),
    ("newscrawl/pipelines/", "item pipelines, own code (newscrawl.pipelines)"),
    ("newscrawl/extensions/", "run report (newscrawl.extensions)"),
    ("newscrawl/", "newscrawl, other"),
    ("scrapy/exporters", "feed export (scrapy.exporters)"),
    ("scrapy/extensions/feedexport", "feed export (scrapy.extensions.feedexport)"),
    ("scrapy/core/downloader", "downloader (scrapy.core.downloader)"),
    ("scrapy/core/scraper", "scraper (scrapy.core.scraper)"),
    ("scrapy/core/engine", "engine and scheduler (scrapy.core)"),
    ("scrapy/core/scheduler", "engine and scheduler (scrapy.core)"),
    ("scrapy/", "scrapy, other (middlewares, signals, http)"),
    ("twisted/", "twisted"),
    ("multiprocessing/", "process pool (multiprocessing)"),
    ("concurrent/futures/", "process pool (concurrent.futures)"),
    ("asyncio/", "asyncio event loop"),
    ("importlib", "imports (start-up)"),
)


_WAITS = (
    "select (selectors.py",
    "Condition.wait (threading.py",
    "Queue.get (queue.py",
    "wait (threading.py",
)


IDLE = "idle: waiting (select, locks)"


def _is_waiting(frame: str) -> bool:
    """py-spy does not always see a thread blocked in poll() or on a lock as idle."""
    return any(wait in frame for wait in _WAITS)


def _frame_group(frames: list[str]) -> str:
    """The component a main-thread sample belongs to.

    Idle waits first; then the innermost newscrawl frame (so parsel work done for the spider
    counts as the spider's); then the innermost library frame.
    """
    if _is_waiting(frames[-1]):
        return IDLE
    for frame in reversed(frames):
        if "newscrawl/" in frame and "newscrawl/cli.py" not in frame:
            return next(group for marker, group in _GROUPS if marker in frame)
    for frame in reversed(frames):
        for marker, group in _GROUPS:
            if marker in frame:
                return group
    return "other (interpreter)"


def py_spy_summary(raw_file: Path, pages: int, main_cpu_ms: float = 0.0, top: int = 16) -> str:
    """Main-thread time by component and by function, from py-spy's ``--format raw``."""
    groups: dict[str, int] = {}
    functions: dict[str, int] = {}
    threads: dict[str, int] = {}
    main = 0
    for line in raw_file.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        thread, _, rest = stack.partition(";")
        name = thread.partition(": ")[2] or thread
        frames = rest.split(";") if rest else [thread]
        if name != "MainThread":
            if _is_waiting(frames[-1]):
                continue
            name = f"{name.split(' (')[0].rstrip('-0123456789')}: {frames[-1]}"
            threads[name] = threads.get(name, 0) + count
            continue
        main += count
        group = _frame_group(frames)
        groups[group] = groups.get(group, 0) + count
        functions[frames[-1]] = functions.get(frames[-1], 0) + count
    if not main:
        return "(no samples)"

    busy = main - groups.get(IDLE, 0) + sum(threads.values())
    scale = (main_cpu_ms / busy) if main_cpu_ms else 1000 / SPY_RATE / pages

    def ms(count: int) -> str:
        return f"{count * scale:6.2f} ms/page"

    basis = (
        f"ms/page = share of the process's busy samples × its CPU per page in the un-profiled "
        f"run ({main_cpu_ms:.1f} ms)"
        if main_cpu_ms
        else "ms/page = sampled seconds / pages (inflated by py-spy's pauses)"
    )
    lines = [f"{busy} busy samples in the crawler process ({pages} pages); {basis}"]
    lines.append("main (reactor) thread, by component:")
    for name, count in sorted(groups.items(), key=lambda kv: -kv[1]):
        if name != IDLE:
            lines.append(f"  {ms(count)}  {100 * count / busy:5.1f} %  {name}")
    lines.append("main thread, self time by function:")
    for name, count in sorted(functions.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"  {ms(count)}  {100 * count / busy:5.1f} %  {name}")
    if threads:
        lines.append("other threads of the crawler process (beside the reactor, same GIL):")
        for name, count in sorted(threads.items(), key=lambda kv: -kv[1])[:6]:
            lines.append(f"  {ms(count)}  {100 * count / busy:5.1f} %  {name}")
    return "\n".join(lines)


def py_spy_record(
    work: Path, name: str, command: list[str], pages: int, reference: Row | None
) -> str:
    """Run ``command`` under ``py-spy record`` (crawler process only) and summarize it."""
    py_spy = shutil.which("py-spy") or str(BIN / "py-spy")
    if not Path(py_spy).exists():
        return "py-spy not installed (pip install py-spy); skipped"
    raw = work / f"py-spy-{name}.raw"
    spy = [
        py_spy,
        "record",
        "--format",
        "raw",
        "--threads",
        "--rate",
        str(SPY_RATE),
        "-o",
        str(raw),
        "--",
        *command,
    ]
    run = run_measured(f"py-spy-{name}", spy, cwd=work, log=work / f"py-spy-{name}.log")
    if not raw.exists():
        return f"py-spy failed (exit {run.returncode}): {tail(run.log)}"
    main_cpu_ms = 1000 * reference.run.cpu_main / pages if reference else 0.0
    return py_spy_summary(raw, pages, main_cpu_ms)


# -- the report --------------------------------------------------------------------------------


def tail(path: Path | None, lines: int = 5) -> str:
    if path is None or not path.exists():
        return ""
    return " | ".join(path.read_text(errors="replace").splitlines()[-lines:])


def machine_info() -> dict[str, str]:
    model = "unknown"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as file:
        for line in file:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    git = ["git", "-C", str(HERE.parent)]
    commit = subprocess.run(
        [*git, "describe", "--always", "--dirty"], capture_output=True, text=True
    ).stdout.strip()
    changed = subprocess.run(
        [*git, "status", "--porcelain", "--", "newscrawl"], capture_output=True, text=True
    ).stdout.splitlines()
    return {
        "commit": commit or "unknown",
        "uncommitted": str(len(changed)),
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "memory": f"{os.sysconf('SC_PHYS_PAGES') * PAGE_SIZE / 2**30:.1f} GiB",
        "python": platform.python_version(),
        "scrapy": version("scrapy"),
        "trafilatura": version("trafilatura"),
        "lxml": version("lxml"),
        "twisted": version("twisted"),
        "kernel": platform.release(),
    }


def mb(value: int) -> str:
    return f"{value / 2**20:.0f}"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def best_baseline(rows: dict[str, Row]) -> tuple[float, float]:
    """(pages/s, CPU ceiling) of the better baseline run: the one least slowed by other load,
    so ratios against it are never flattered by a baseline that happened to run slowly."""
    baselines = [row for key, row in rows.items() if key.startswith("baseline")]
    return max(r.rate for r in baselines), max(r.ceiling for r in baselines)


def base_of(row: Row, rows: dict[str, Row]) -> tuple[float, float]:
    """(pages/s, CPU ceiling) that ``row`` is divided by: its paired baseline (``--paired``),
    else the better of the invocation's two baseline runs."""
    if row.reference is not None:
        return row.reference.rate, row.reference.ceiling
    return best_baseline(rows)


def relative(row: Row, rows: dict[str, Row]) -> tuple[float, float]:
    """``row``'s (pages/s, CPU ceiling) as multiples of its baseline."""
    base, base_ceiling = base_of(row, rows)
    return row.rate / base, row.ceiling / base_ceiling


def build_targets(rows: dict[str, Row], big: dict[str, object] | None) -> list[tuple[str, str]]:
    base, _ = best_baseline(rows)
    targets: list[tuple[str, str]] = []

    def ratio_target(key: str, minimum: float, against: str = "baseline") -> None:
        if key not in rows or against not in rows:
            return
        # Against the naive spider: both as multiples of their baselines, which with
        # --paired were each measured just before them (the host's speed drifts).
        ratio, ceiling = relative(rows[key], rows)
        if against != "baseline":
            other_ratio, other_ceiling = relative(rows[against], rows)
            ratio, ceiling = ratio / other_ratio, ceiling / other_ceiling
        targets.append(
            (
                f"{rows[key].key} ≥ {minimum}× {against}: {ratio:.2f}× measured "
                f"({ceiling:.2f}× from CPU time per page, what an idle machine would allow)",
                verdict(ratio >= minimum and rows[key].run.returncode == 0),
            )
        )

    ratio_target("extract-w2", EXTRACT_W2_MIN)
    ratio_target("extract-w1", EXTRACT_W1_MIN)
    ratio_target("crawl-w2", CRAWL_MIN, "naive")
    ratio_target("crawl-w2", CRAWL_MIN)
    if "fetch-only" in rows and "crawl-w2" in rows:
        headroom = rows["fetch-only"].rate / rows["crawl-w2"].rate
        targets.append(
            (
                f"fetching is not the bottleneck: fetch-only {rows['fetch-only'].rate:.0f} p/s = "
                f"{headroom:.1f}× the crawl, {rows['fetch-only'].rate / base:.1f}× baseline",
                verdict(headroom >= 2),
            )
        )
    for row in rows.values():
        if row.check is not None:
            targets.append((f"{row.key} output: {row.records}", verdict(row.check.ok)))
            if not row.check.complete and row.accounted is not None:
                targets.append(
                    (
                        f"{row.key}: every page accounted for: {row.accounted} records, "
                        f"counted drops, entries not requested and HTTP errors for {row.pages} "
                        "pages",
                        verdict(row.accounted >= row.pages),
                    )
                )
    written = {key: row.cases for key, row in rows.items() if row.cases is not None}
    if len(written) > 1:
        first = next(iter(written.values()))
        differ = {key: len(cases ^ first) for key, cases in written.items()}
        targets.append(
            (
                f"same corpus pages written by {', '.join(written)}: "
                + ", ".join(f"{key} {len(cases)}" for key, cases in written.items())
                + (f" (differing: {differ})" if any(differ.values()) else ""),
                verdict(not any(differ.values())),
            )
        )
    if big:
        peak = int(big["peak_rss"])  # type: ignore[call-overload]
        targets.append(
            (
                f"big crawl peak RSS < {BIG_RSS_MAX_MB} MB: {mb(peak)} MB",
                verdict(peak < BIG_RSS_MAX_MB * 2**20),
            )
        )
        growth = float(big["growth"])  # type: ignore[arg-type]
        targets.append(
            (
                f"big crawl RSS not growing after 25 %: {100 * growth:+.1f} % (max of 50/75/100 % "
                f"vs 25 %; limit +{100 * BIG_GROWTH_MAX:.0f} %)",
                verdict(growth <= BIG_GROWTH_MAX),
            )
        )
    return targets


def render(
    rows: dict[str, Row],
    site: dict[str, object],
    machine: dict[str, str],
    stages: dict[str, object] | None,
    big: dict[str, object] | None,
    spy: dict[str, str] | None,
    started_load: tuple[float, float, float],
) -> str:
    paired = any(row.reference is not None for row in rows.values())
    corpus = site.get("kind") == "corpus"
    title = "real pages of the corpus" if corpus else "generated site"
    out = [f"# Throughput benchmark, {date.today().isoformat()}: {title}", ""]
    out.append(
        f"Machine: {machine['nproc']} cores, {machine['cpu']}, {machine['memory']}; Python "
        f"{machine['python']}, Scrapy {machine['scrapy']}, trafilatura {machine['trafilatura']},"
        f" lxml {machine['lxml']}, Twisted {machine['twisted']}; Linux {machine['kernel']}."
    )
    out.append(
        f"newscrawl at {machine['commit']} ({machine['uncommitted']} uncommitted paths under "
        "newscrawl/ in the shared work tree at the time of the run)."
    )
    out.append(
        "Load average at start: " + " / ".join(f"{v:.2f}" for v in started_load) + " (1/5/15 min)"
    )
    out.append("")
    if corpus:
        sources = ", ".join(f"{k} {v}" for k, v in site["sources"].items())  # type: ignore[attr-defined]
        out.append(
            f"Site: `--site corpus`, {site['pages']} pages in the sitemaps: {site['distinct']} "
            f"of the {site['corpus_size']} real pages of {site['corpus']} (seed {site['seed']}; "
            f"{sources}; {site['not_utf8']} not UTF-8)"
            + (
                f", cycled: up to {site['copies']} copies of a page under distinct URLs (copies "
                "are dropped by newscrawl's dedupe as duplicate_url/duplicate_content and count "
                "as processed)"
                if int(site["copies"]) > 1  # type: ignore[call-overload]
                else ""
            )
            + f"; {site['mean_kb']} KB mean ({site['min_kb']}–{site['max_kb']} KB); served as "
            "captured (aeb/fundus with charset=utf-8, trafilatura pages without a charset) by a "
            "ThreadingHTTPServer subprocess on 127.0.0.1."
        )
    else:
        out.append(
            f"Site: `--site generated`, {site['pages']} pages in the sitemaps ({site['articles']} "
            f"articles in {len(site['templates'])} templates, {site['listings']} section/tag "  # type: ignore[arg-type]
            f"pages), {site['mean_kb']} KB mean ({site['min_kb']}–{site['max_kb']} KB), seed "
            f"{site['seed']}; served by a ThreadingHTTPServer subprocess on 127.0.0.1."
        )
    out.append("")
    if paired:
        out.append(
            "`--paired`: every row's ratios are to a baseline run just before it (its pages/s "
            "in the *paired baseline* column), so that a host that changes speed during the "
            "invocation slows a row and its denominator alike."
        )
        out.append("")
    out.append(
        "| row | run | pages | wall s | pages/s | × baseline | pages/s (own stats) | "
        "CPU ceiling p/s (× baseline) | peak RSS MB (tree) | peak PSS MB | procs | "
        "CPU s main / rest | other load | load1 |" + (" paired baseline p/s |" if paired else "")
    )
    out.append(
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        + ("---:|" if paired else "")
    )
    for row in rows.values():
        run = row.run
        stats_rate = f"{row.stats_rate:.1f}" if row.stats_rate else "–"
        ratio, ceiling_ratio = relative(row, rows)
        reference = (
            (f" {row.reference.rate:.1f} |" if row.reference is not None else " – |")
            if paired
            else ""
        )
        out.append(
            f"| {row.key} | {row.label} | {row.pages} | {run.wall:.1f} | {row.rate:.1f} | "
            f"{ratio:.2f} | {stats_rate} | "
            f"{row.ceiling:.1f} ({ceiling_ratio:.2f}) | "
            f"{mb(run.peak_rss)} | {mb(run.peak_pss)} | "
            f"{run.processes} | {run.cpu_main:.1f} / {max(0.0, run.cpu_tree - run.cpu_main):.1f}"
            f" | {100 * run.other_busy:.0f} % | {run.load1:.2f} |{reference}"
        )
    out.append("")
    out.append("Records and notes:")
    out.append("")
    for row in rows.values():
        server = f"; static server CPU {row.run.server_cpu:.1f} s" if row.run.server_cpu else ""
        note = f"; {row.note}" if row.note else ""
        out.append(f"- **{row.key}**: {row.records}{server}{note}")
    out.append("")
    out.append("## Targets")
    out.append("")
    for text, result in build_targets(rows, big):
        out.append(f"- {result}: {text}")
    if big:
        out.append("")
        out.append(f"## Big crawl: {big['pages']} pages, --workers 2")
        out.append("")
        out.append(
            f"{big['rate']:.1f} pages/s ({big['wall']:.0f} s wall), {big['records']}; "
            f"peak RSS {mb(big['peak_rss'])} MB, peak PSS {mb(big['peak_pss'])} MB."  # type: ignore[arg-type]
        )
        out.append("")
        out.append("| progress | records | seconds | RSS MB (tree) | PSS MB | peak RSS MB so far |")
        out.append("|---|---:|---:|---:|---:|---:|")
        for point in big["points"]:  # type: ignore[attr-defined]
            out.append(
                f"| {point['label']} | {point['lines']} | {point['seconds']:.0f} | "
                f"{mb(point['rss'])} | {mb(point['pss'])} | {mb(point['peak'])} |"
            )
    if stages:
        out.append("")
        out.append("## Where the time goes per page (one process, no pool)")
        out.append("")
        if "error" in stages:
            out.append(f"stage timing failed: {stages['error']}")
        else:
            out.append(
                f"{stages['pages']} pages ({stages['articles']} articles), milliseconds per page:"
            )
            out.append("")
            out.append("| step | ms/page |")
            out.append("|---|---:|")
            for name, value in stages["ms_per_page"].items():  # type: ignore[attr-defined]
                out.append(f"| {name} | {value:.2f} |")
            for name, note in stages.get("notes", {}).items():  # type: ignore[attr-defined]
                out.append(f"\n- {name}: {note}")
            out.append("")
            out.append("Per-page CPU in the runs (CPU seconds / pages):")
            out.append("")
            for row in rows.values():
                run = row.run
                rest = max(0.0, run.cpu_tree - run.cpu_main)
                out.append(
                    f"- {row.key}: {1000 * run.cpu_tree / row.pages:.1f} ms total = "
                    f"{1000 * run.cpu_main / row.pages:.1f} ms top process + "
                    f"{1000 * rest / row.pages:.1f} ms other processes of the tree"
                )
        if stages.get("cprofile"):
            out.append("")
            out.append("<details><summary>cProfile of extract_article</summary>")
            out.append("")
            out.append("```")
            out.append(str(stages["cprofile"]).strip())
            out.append("```")
            out.append("</details>")
    for title, summary in (spy or {}).items():
        out.append("")
        out.append(f"## py-spy, crawler process (not the pool workers): {title}")
        out.append("")
        out.append("```")
        out.append(summary)
        out.append("```")
    out.append("")
    out.append(
        "Columns: *pages* counts every page in the sitemaps (listings, and on the corpus site "
        "copies dropped as duplicates, too), for every row, so "
        "rates compare; *× baseline* is pages/s over the better of the two baseline runs (one "
        "first, one after the crawls); *CPU ceiling*: the "
        "pages/s that the run's CPU time per page allows on an idle machine (top process ≤ 1 "
        "core, the pool's workers ≤ their number of cores, everything ≤ all cores; the baseline's "
        "is its loop's CPU time), less distorted by other load than wall time but not immune "
        "to it (vCPUs share caches and cores: CPU time per page grows too when the machine is "
        "busy); "
        "*own stats* uses "
        "Scrapy's elapsed_time_seconds (no interpreter start-up or shutdown); *RSS* sums every "
        "process of the run's tree (shared pages counted in each), *PSS* splits shared pages; "
        "*CPU s main / rest*: the top process vs. the forkserver and pool workers; "
        "*other load*: CPU used during the run by processes outside it (the static server "
        "included), as a share of the machine."
    )
    return "\n".join(out) + "\n"


def big_points(run: Measured, expected: int) -> dict[str, object]:
    points = []
    peak = 0
    samples = run.samples
    for fraction, label in ((0.25, "25 %"), (0.5, "50 %"), (0.75, "75 %"), (1.0, "100 %")):
        want = max(1, int(expected * fraction)) if fraction < 1 else max(1, int(expected * 0.999))
        hit = next((s for s in samples if s.lines >= want), samples[-1] if samples else None)
        if hit is None:
            continue
        peak = max(s.rss for s in samples if s.seconds <= hit.seconds)
        points.append(
            {
                "label": label,
                "lines": hit.lines,
                "seconds": hit.seconds,
                "rss": hit.rss,
                "pss": hit.pss,
                "peak": peak,
            }
        )
    quarter = points[0]["rss"] if points else 0
    later = max((p["rss"] for p in points[1:]), default=quarter)
    growth = (later - quarter) / quarter if quarter else 0.0
    return {"points": points, "growth": growth}


# -- main ----------------------------------------------------------------------------------------


def write_manifest(manifest: sitegen.SiteManifest, path: Path) -> None:
    pages = [[manifest.url(p), str(manifest.file(p))] for p in manifest.pages]
    path.write_text(json.dumps({"pages": pages}), encoding="utf-8")


@contextlib.contextmanager
def workdir(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-") as name:
        yield Path(name)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_big(work: Path, pages: int, seed: int) -> dict[str, object]:
    root = work / "bigsite"
    server = StaticServer(root)
    try:
        log(f"generating the {pages}-page site for the big crawl")
        manifest = sitegen.generate_site(root, server.url, pages, seed)
        expected = {manifest.url(p) for p in manifest.articles}
        output = work / "big.jsonl"
        log("big crawl")
        run = run_measured(
            "big",
            crawl_command(server.url, output, 2),
            cwd=work,
            log=work / "big.log",
            server=server,
            progress_file=output,
        )
    finally:
        server.close()
    check = check_output(output, expected)
    result = big_points(run, len(expected))
    result.update(
        pages=pages,
        wall=run.wall,
        rate=pages / run.wall,
        records=check.describe(),
        peak_rss=run.peak_rss,
        peak_pss=run.peak_pss,
        ok=check.ok,
        returncode=run.returncode,
    )
    return result


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_baseline"]:
        return _baseline_worker(argv[1])
    if argv[:1] == ["_stages"]:
        return _stages_worker(*argv[1:4])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--site",
        choices=("generated", "corpus"),
        default="generated",
        help="generated: sitegen.py's site (default); corpus: the real pages of --corpus",
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help=f"corpus folder for --site corpus (default {corpus_site.DEFAULT_CORPUS})",
    )
    parser.add_argument(
        "--pages",
        type=int,
        default=None,
        help="pages in the site (generated: 2000; corpus: the corpus once, more cycles it)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--big",
        type=int,
        default=0,
        metavar="N",
        help="also crawl an N-page site and track RSS (e.g. 20000)",
    )
    parser.add_argument(
        "--rows",
        default=",".join(ROWS),
        help="comma-separated rows to run (baseline is always run)",
    )
    parser.add_argument(
        "--paired",
        action="store_true",
        help="run the baseline again right before each row and divide the row by that run",
    )
    parser.add_argument("--no-stages", action="store_true", help="skip the per-step timing")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="add cProfile of extract_article and py-spy of extract --workers 2",
    )
    parser.add_argument(
        "--keep", type=Path, default=None, help="work in this directory and keep it (logs, outputs)"
    )
    parser.add_argument(
        "--results", type=Path, default=HERE / "results", help="directory for throughput-<date>.md"
    )
    args = parser.parse_args(argv)
    wanted = {r.strip() for r in args.rows.split(",")} | {"baseline"}
    corpus_dir: Path | None = None
    if args.site == "corpus":
        try:
            corpus_dir = corpus_site.find_corpus(args.corpus)
        except corpus_site.CorpusMissing as error:
            print(f"throughput.py: {error}", file=sys.stderr)
            return 2
    elif args.pages is None:
        args.pages = 2000
    # On the corpus site which pages are articles is not known beforehand: outputs are checked
    # against the site's URLs, and drops with a reason account for the rest.
    complete = corpus_dir is None

    machine = machine_info()
    started_load = os.getloadavg()
    log(f"load average {started_load[0]:.2f} {started_load[1]:.2f} {started_load[2]:.2f}")
    rows: dict[str, Row] = {}
    stages: dict[str, object] | None = None
    spy: dict[str, str] | None = None
    big: dict[str, object] | None = None
    with workdir(args.keep) as work:
        root = work / "site"
        server = StaticServer(root)
        try:
            jsonl = work / "pages.jsonl"
            manifest: sitegen.SiteManifest | corpus_site.CorpusManifest
            if corpus_dir is not None:
                log(f"building the site of {corpus_dir} under {root}")
                manifest = corpus_site.build_site(
                    root, server.url, args.pages, corpus_dir, args.seed
                )
                corpus_site.write_jsonl(manifest, jsonl)
            else:
                log(f"generating {args.pages} pages under {root}")
                manifest = sitegen.generate_site(root, server.url, args.pages, args.seed)
                sitegen.write_jsonl(manifest, jsonl)
            manifest_file = work / "manifest.json"
            write_manifest(manifest, manifest_file)
            site = manifest.to_json()
            log(f"site: {json.dumps(site)}")
            all_urls = {manifest.url(p) for p in manifest.pages}
            articles = {manifest.url(p) for p in manifest.articles}
            pages = len(manifest.pages)

            log("baseline: bare trafilatura")
            rows["baseline"] = run_baseline(work, manifest_file, pages)
            unused_baseline: list[Row] = [rows["baseline"]]

            def reference_for(key: str) -> Row | None:
                """``--paired``: a baseline run just before ``key``'s row (the first row
                takes the opening baseline, which has just run)."""
                if not args.paired:
                    return None
                if unused_baseline:
                    return unused_baseline.pop()
                log(f"baseline before {key}")
                return run_baseline(
                    work, manifest_file, pages, f"baseline-{key}", f"bare trafilatura, before {key}"
                )

            for workers in (1, 2):
                key = f"extract-w{workers}"
                if key in wanted:
                    reference = reference_for(key)
                    log(key)
                    output = work / f"{key}.jsonl"
                    command = [
                        str(BIN / "newscrawl"),
                        "extract",
                        str(jsonl),
                        "-o",
                        str(output),
                        "--workers",
                        str(workers),
                    ]
                    rows[key] = newscrawl_row(
                        key,
                        f"newscrawl extract --workers {workers}",
                        command,
                        work,
                        output,
                        pages,
                        articles,
                        workers=workers,
                        complete=complete,
                    )
                    rows[key].reference = reference
            if "crawl-w2" in wanted:
                reference = reference_for("crawl-w2")
                log("crawl-w2")
                output = work / "crawl-w2.jsonl"
                rows["crawl-w2"] = newscrawl_row(
                    "crawl-w2",
                    "newscrawl crawl --workers 2",
                    crawl_command(server.url, output, 2),
                    work,
                    output,
                    pages,
                    articles,
                    server,
                    complete=complete,
                )
                rows["crawl-w2"].reference = reference
            if "fetch-only" in wanted:
                reference = reference_for("fetch-only")
                log("fetch-only")
                output = work / "fetch-only.jsonl"
                command = crawl_command(server.url, output, 2, ("ITEM_PIPELINES={}", "FEEDS={}"))
                rows["fetch-only"] = newscrawl_row(
                    "fetch-only",
                    "newscrawl crawl, no pipelines, no feed",
                    command,
                    work,
                    output,
                    pages,
                    None,
                    server,
                    workers=0,
                )
                rows["fetch-only"].reference = reference
            if "naive" in wanted:
                reference = reference_for("naive")
                log("naive")
                rows["naive"] = run_naive(work, server, pages, all_urls, complete)
                rows["naive"].reference = reference
            if corpus_dir is not None:
                case_of = {manifest.url(p): p.case_id for p in manifest.pages}  # type: ignore[union-attr]
                for key in ("extract-w1", "extract-w2", "crawl-w2"):
                    if key in rows and rows[key].check is not None:
                        rows[key].cases = written_pages(work / f"{key}.jsonl", case_of)
            log("baseline again (the better of the two baseline runs is the reference)")
            rows["baseline-again"] = run_baseline(
                work,
                manifest_file,
                pages,
                "baseline-again",
                "bare trafilatura again, after the rest",
            )
            if not args.no_stages:
                log("per-step timing over 200 pages")
                stages = run_stages(work, manifest_file, min(200, pages), args.profile)
            if args.profile:
                spy = {}
                extract_spy = [
                    str(BIN / "newscrawl"),
                    "extract",
                    str(jsonl),
                    "-o",
                    str(work / "spy-extract.jsonl"),
                    "--workers",
                    "2",
                ]
                targets = (
                    ("extract-w2", "newscrawl extract --workers 2", extract_spy),
                    (
                        "crawl-w2",
                        "newscrawl crawl --workers 2",
                        crawl_command(server.url, work / "spy-crawl.jsonl", 2),
                    ),
                    (
                        "fetch-only",
                        "fetch-only crawl",
                        crawl_command(
                            server.url,
                            work / "spy-fetch.jsonl",
                            2,
                            ("ITEM_PIPELINES={}", "FEEDS={}"),
                        ),
                    ),
                )
                for key, title, command in targets:
                    log(f"py-spy on {title}")
                    spy[title] = py_spy_record(work, key, command, pages, rows.get(key))
        finally:
            server.close()
        args.results.mkdir(parents=True, exist_ok=True)
        kind = "-corpus" if corpus_dir is not None else ""
        target = args.results / f"throughput{kind}-{date.today().isoformat()}.md"
        if args.big:  # keep what was measured so far if the long run fails
            target.write_text(render(rows, site, machine, stages, None, spy, started_load))
            big = run_big(work, args.big, args.seed)

    text = render(rows, site, machine, stages, big, spy, started_load)
    print(text)
    target.write_text(text, encoding="utf-8")
    log(f"written to {target}")
    failed = [t for t, result in build_targets(rows, big) if result == "FAIL"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
