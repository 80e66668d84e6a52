"""Quality benchmark (issue 3): newscrawl's extraction against bare trafilatura on a corpus.

Both extractors run in the same invocation, on the same decoded pages, one page after the
other (the order alternates page by page, so that neither side profits from caches or from
a quiet moment of the machine):

* ``newscrawl``: :func:`newscrawl.processing.process_page`, i.e. extract → strip → dates →
  bylines, exactly the functions the item pipelines call. A page that the crawl would drop
  (``NotAnArticle``, ``EmptyBody``...) counts as an empty prediction, by reason. Its date is
  ``published_day``, the day the page states (the gold's convention); ``published``, the
  same moment in UTC, is scored on a second row.
* ``trafilatura``: ``trafilatura.bare_extraction(html, url=url, with_metadata=True)``.

Predictions are scored by the corpus's own scorer (``score.py``, imported from the corpus
folder) and printed as one table per source (aeb, fundus, trafilatura, overall), with the
issue's targets. The corpus is for measuring only: nothing in the project reads it.

Usage::

    .venv/bin/python benchmarks/quality.py                      # full corpus, both extractors
    .venv/bin/python benchmarks/quality.py --sample 0.25        # a fixed quarter, for iterating
    .venv/bin/python benchmarks/quality.py --no-baseline --preds /tmp/q   # ours only, keep files

Options: ``--corpus DIR`` (default ``$NEWSCRAWL_CORPUS`` or ``../shared/corpus`` next to the
repository), ``--sample F`` (a deterministic share of the cases), ``--source NAME``,
``--no-baseline``, ``--preds DIR`` (write both prediction files and per-case scores there),
``--results DIR`` (the table as ``quality-<YYYY-MM-DD>.md``; written by default on a full
run with the baseline). Exit code: 0, or 1 when a target is missed, 2 when the corpus is
absent.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from w3lib.encoding import html_to_unicode

from newscrawl.extraction.errors import ExtractionError
from newscrawl.items import FetchedPage
from newscrawl.processing import process_page

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_RESULTS = REPO / "benchmarks" / "results"
FETCHED_AT = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
"""After every page of the corpus, so that no real date is rejected as "future"."""

# (label, source group, path into score.py's summary, target or None, higher is better)
METRICS: list[tuple[str, tuple[str, ...], float | None]] = [
    ("body precision", ("body", "precision"), None),
    ("body recall", ("body", "recall"), None),
    ("body F1", ("body", "f1"), None),
    ("body empty (n)", ("body", "n_empty"), None),
    ("snippet accuracy", ("snippets", "accuracy"), None),
    ("snippet include recall", ("snippets", "include_recall"), None),
    ("snippet exclude acc", ("snippets", "exclude_acc"), None),
    ("title exact", ("title", "accuracy"), None),
    ("published same day", ("published", "accuracy"), None),
    ("published same day, UTC field", ("published_utc", "accuracy"), None),
    ("authors precision", ("authors", "precision"), None),
    ("authors recall", ("authors", "recall"), None),
    ("authors F1", ("authors", "f1"), None),
    ("authors spurious rate", ("authors", "spurious_rate"), None),
]
# The targets: (group, metric label) → floor.
TARGETS: dict[tuple[str, str], float] = {
    ("aeb", "body F1"): 0.975,
    ("fundus", "body F1"): 0.975,
    ("trafilatura", "snippet accuracy"): 0.950,
    ("overall", "title exact"): 0.900,
    ("overall", "published same day"): 0.930,
    ("fundus", "published same day"): 0.985,
    ("overall", "authors F1"): 0.800,
}
SPEED_TARGET = 0.85
"""newscrawl's docs/s must stay at or above this share of trafilatura's, in the same run."""


class CorpusMissing(SystemExit):
    pass


@dataclass(slots=True)
class Case:
    id: str
    source: str
    url: str
    html: str


# ------------------------------------------------------------------------------ corpus access


def find_corpus(option: str | None) -> Path:
    """The corpus folder (holds ``cases.jsonl`` and ``score.py``) or a clear exit."""
    candidates = [option] if option else [os.environ.get("NEWSCRAWL_CORPUS"), DEFAULT_CORPUS]
    for candidate in candidates:
        if candidate and (Path(candidate) / "cases.jsonl").is_file():
            return Path(candidate)
    tried = ", ".join(str(c) for c in candidates if c)
    print(
        f"quality.py: no evaluation corpus found (looked for cases.jsonl in: {tried}).\n"
        "Pass --corpus DIR or set NEWSCRAWL_CORPUS; the corpus is not part of the repository.",
        file=sys.stderr,
    )
    raise CorpusMissing(2)


def load_scorer(corpus: Path) -> ModuleType:
    """Import the corpus's own ``score.py`` (stdlib only) so that scores match it exactly."""
    path = corpus / "score.py"
    if not path.is_file():
        print(f"quality.py: {path} is missing: the scorer ships with the corpus.", file=sys.stderr)
        raise CorpusMissing(2)
    spec = importlib.util.spec_from_file_location("corpus_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def decode(body: bytes) -> str:
    """Charset detection as a crawler does it: BOM, ``<meta charset>``, then UTF-8 if it
    decodes, else the best guess of charset-normalizer, else cp1252."""

    def detect(data: bytes) -> str | None:
        try:
            data.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            pass
        try:
            from charset_normalizer import from_bytes

            best = from_bytes(data[:200_000]).best()
            if best is not None:
                return best.encoding
        except ImportError:
            pass
        return "cp1252"

    return html_to_unicode(None, body, auto_detect_fun=detect)[1]


def in_sample(case_id: str, share: float) -> bool:
    digest = hashlib.sha1(f"sample:{case_id}".encode()).hexdigest()
    return int(digest, 16) % 10_000 < share * 10_000


def load_cases(corpus: Path, share: float, source: str | None) -> tuple[list[dict], list[Case]]:
    with open(corpus / "cases.jsonl", encoding="utf-8") as f:
        raw = [json.loads(line) for line in f if line.strip()]
    raw = [c for c in raw if (not source or c["source"] == source) and in_sample(c["id"], share)]
    cases = []
    for c in raw:
        body = gzip.decompress((corpus / c["html"]).read_bytes())
        url = c["url"] or f"https://corpus.invalid/{c['id']}"
        # aeb and fundus pages are UTF-8 (corpus README), whatever their <meta> says; the
        # trafilatura pages keep their original encoding and need detection.
        text = decode(body) if c["source"] == "trafilatura" else body.decode("utf-8", "replace")
        cases.append(Case(c["id"], c["source"], url, text))
    return raw, cases


# ------------------------------------------------------------------------------ extractors


def run_newscrawl(case: Case) -> tuple[dict[str, Any], str | None]:
    page = FetchedPage(url=case.url, html=case.html, fetched_at=FETCHED_AT)
    try:
        article = process_page(page)
    except ExtractionError as error:
        return {"id": case.id}, error.reason
    return {
        "id": case.id,
        "text": article.text,
        "title": article.title,
        "authors": article.authors,
        # The publication day where the publisher is: the corpus's gold dates are the days
        # the pages state, and ``published`` itself is in UTC (scored too, as a diagnostic).
        "published": article.published_day,
        "published_utc": article.published,
    }, None


def run_trafilatura(case: Case) -> tuple[dict[str, Any], str | None]:
    from trafilatura import bare_extraction

    document = bare_extraction(case.html, url=case.url, with_metadata=True)
    if document is None:
        return {"id": case.id}, "none"
    return {
        "id": case.id,
        "text": document.text,
        "title": document.title,
        "authors": document.author,
        "published": document.date,
    }, None


Extractor = Callable[[Case], tuple[dict[str, Any], str | None]]


@dataclass(slots=True)
class Run:
    name: str
    extractor: Extractor
    predictions: list[dict[str, Any]]
    seconds: float = 0.0
    failures: Counter[str] | None = None

    def docs_per_second(self) -> float:
        return len(self.predictions) / self.seconds if self.seconds else 0.0


def run_all(cases: list[Case], runs: list[Run], progress: bool) -> None:
    for run in runs:
        run.failures = Counter()
    for index, case in enumerate(cases):
        order = runs if index % 2 == 0 else runs[::-1]
        for run in order:
            start = time.perf_counter()
            try:
                prediction, failure = run.extractor(case)
            except Exception as error:  # a crash costs the page, as in a crawl
                prediction, failure = {"id": case.id}, f"crash:{type(error).__name__}"
            run.seconds += time.perf_counter() - start
            run.predictions.append(prediction)
            if failure:
                run.failures[failure] += 1
        if progress and (index + 1) % 50 == 0:
            print(f"  {index + 1}/{len(cases)} pages", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------ report


def metric(summary: dict, group: str, path: tuple[str, ...]) -> float | None:
    value: Any = summary.get(group)
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def fmt(value: float | None, label: str) -> str:
    if value is None:
        return "–"
    return str(int(value)) if label.endswith("(n)") else f"{value:.3f}"


def tables(summaries: dict[str, dict], groups: list[str]) -> list[str]:
    names = list(summaries)
    lines: list[str] = []
    for group in groups:
        first = summaries[names[0]][group]
        lines += [
            f"### {group} ({first['cases']} pages)",
            "",
            "| metric | n | " + " | ".join(names) + " | target |",
            "| --- | ---: | " + " | ".join("---:" for _ in names) + " | --- |",
        ]
        for label, path, _ in METRICS:
            values = [metric(summaries[name], group, path) for name in names]
            if all(v is None for v in values):
                continue
            count = ("authors", "spurious_n") if path[1] == "spurious_rate" else (path[0], "n")
            n = next(
                (c for name in names if (c := metric(summaries[name], group, count)) is not None),
                None,
            )
            target = TARGETS.get((group, label))
            verdict = ""
            if target is not None:
                ours = values[-1]
                verdict = f"≥ {target:.3f} " + ("met" if ours and ours >= target else "**missed**")
            cells = " | ".join(fmt(v, label) for v in values)
            lines.append(f"| {label} | {n or 0} | {cells} | {verdict} |")
        lines.append("")
    return lines


def targets_missed(summary: dict) -> list[str]:
    missed = []
    for (group, label), target in TARGETS.items():
        if group not in summary:
            continue
        path = next(p for lbl, p, _ in METRICS if lbl == label)
        value = metric(summary, group, path)
        if value is None or value < target:
            shown = "none" if value is None else f"{value:.5f}"
            missed.append(f"{group} {label}: {shown} < {target:.3f}")
    return missed


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _revision() -> str:
    """The commit the benchmark ran on (with ``+dirty`` for uncommitted changes)."""
    try:
        rev = subprocess.run(
            ["git", "describe", "--always", "--dirty=+dirty"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "(unknown revision)"
    return rev


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus")
    parser.add_argument("--sample", type=float, default=1.0, help="share of cases, 0..1")
    parser.add_argument("--source", choices=("aeb", "fundus", "trafilatura"))
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--preds", type=Path, help="write predictions and per-case scores here")
    parser.add_argument("--results", type=Path, help="write the markdown table here")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)

    corpus = find_corpus(args.corpus)
    scorer = load_scorer(corpus)
    started = time.perf_counter()
    raw_cases, cases = load_cases(corpus, args.sample, args.source)
    print(f"{len(cases)} pages decoded in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    runs = [Run("newscrawl", run_newscrawl, [])]
    if not args.no_baseline:
        runs.insert(0, Run("trafilatura", run_trafilatura, []))
    run_all(cases, runs, progress=not args.quiet)

    summaries: dict[str, dict] = {}
    for run in runs:
        preds = {p["id"]: p for p in run.predictions}
        summary, per_case = scorer.score(raw_cases, preds)
        if any("published_utc" in p for p in run.predictions):
            utc_preds = {i: {**p, "published": p.get("published_utc")} for i, p in preds.items()}
            for group, scores in scorer.score(raw_cases, utc_preds)[0].items():
                if isinstance(scores, dict) and "published" in scores:
                    summary[group]["published_utc"] = scores["published"]
        summaries[run.name] = summary
        if args.preds:
            write_jsonl(args.preds / f"{run.name}.jsonl", run.predictions)
            write_jsonl(args.preds / f"{run.name}.per-case.jsonl", per_case)

    groups = [g for g in ("aeb", "fundus", "trafilatura", "overall") if g in summaries["newscrawl"]]
    header = [
        f"newscrawl {_revision()}, trafilatura {_version('trafilatura')}, "
        f"htmldate {_version('htmldate')}, Python {sys.version.split()[0]}.",
        "",
        f"Corpus: {corpus} ({len(cases)} pages"
        + (f", sample {args.sample:g}" if args.sample < 1 else "")
        + (f", source {args.source}" if args.source else "")
        + f"); fetched_at {FETCHED_AT}.",
        "",
    ]
    speed = ["| extractor | docs/s | pages dropped or failed |", "| --- | ---: | --- |"]
    for run in runs:
        failures = ", ".join(f"{k} {v}" for k, v in sorted(run.failures.items())) or "none"
        speed.append(f"| {run.name} | {run.docs_per_second():.1f} | {failures} |")
    ratio = None
    if len(runs) == 2 and runs[0].docs_per_second():
        ratio = runs[1].docs_per_second() / runs[0].docs_per_second()
        verdict = "met" if ratio >= SPEED_TARGET else "**missed**"
        speed.append(f"\nnewscrawl / trafilatura docs/s: {ratio:.2f} (≥ {SPEED_TARGET}: {verdict})")
    report = header + tables(summaries, groups) + speed
    print("\n".join(report))

    missed = targets_missed(summaries["newscrawl"])
    if ratio is not None and ratio < SPEED_TARGET:
        missed.append(f"docs/s ratio {ratio:.2f} < {SPEED_TARGET}")
    print("\nTargets missed: " + ("; ".join(missed) if missed else "none"))

    results = args.results
    if results is None and args.sample >= 1 and not args.source and not args.no_baseline:
        results = DEFAULT_RESULTS
    if results is not None:
        results.mkdir(parents=True, exist_ok=True)
        out = results / f"quality-{datetime.now(UTC).date().isoformat()}.md"
        title = ["# Quality benchmark", "", "`.venv/bin/python benchmarks/quality.py`", ""]
        out.write_text("\n".join(title + report) + "\n", encoding="utf-8")
        print(f"written: {out}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
