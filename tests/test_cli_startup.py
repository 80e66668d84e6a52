"""The command line starts the extraction pool's forkserver before it imports Scrapy.

The server's second of loading then overlaps the crawler process's own start-up. Checked in
fresh interpreters: this one has Scrapy loaded already.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newscrawl.cli import _wants_pool, make_parser

PROBE = """
import json, sys
import newscrawl.cli as cli
seen = []
cli.launch_forkserver = lambda *args: seen.append("scrapy" in sys.modules)
code = cli.main(sys.argv[1:])
print(json.dumps({"code": code, "launches": seen, "scrapy": "scrapy" in sys.modules}))
"""


def _probe(*argv: str) -> dict[str, object]:
    run = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_extract_starts_the_forkserver_before_scrapy_is_imported(tmp_path) -> None:
    # A missing input ends the command before any crawl, after the server was started.
    result = _probe("extract", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o.jsonl"))
    assert result == {"code": 2, "launches": [False], "scrapy": False}


def test_no_forkserver_for_in_process_extraction(tmp_path) -> None:
    missing, out = str(tmp_path / "missing.jsonl"), str(tmp_path / "o.jsonl")
    assert _probe("extract", missing, "-o", out, "--workers", "0")["launches"] == []


@pytest.mark.parametrize(
    ("argv", "wanted"),
    [
        (["crawl", "https://herald.example/"], True),
        (["crawl", "https://herald.example/", "--workers", "2"], True),
        (["crawl", "https://herald.example/", "--workers", "0"], False),
        (["extract", "in.jsonl", "-o", "o.jsonl", "-s", "NEWSCRAWL_EXTRACT_WORKERS=0"], False),
        (["extract", "in.jsonl", "-o", "o.jsonl", "-s", "NEWSCRAWL_EXTRACT_WORKERS=1"], True),
        (["demo"], False),
    ],
)
def test_wants_pool(argv: list[str], wanted: bool) -> None:
    assert _wants_pool(make_parser().parse_args(argv)) is wanted


def test_the_early_server_preloads_the_pipeline_job_module() -> None:
    # The command line names the job's module without importing it (that would import
    # Scrapy first): the name must follow the job if it moves.
    from newscrawl.extraction.forkserver import PIPELINE_JOB_MODULE
    from newscrawl.processing import extract_clean

    assert extract_clean.__module__ == PIPELINE_JOB_MODULE
