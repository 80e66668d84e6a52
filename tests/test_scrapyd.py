"""newscrawl on a real scrapyd, the way a Scrapy team schedules crawls.

The project is packed into an egg by ``scrapyd-deploy --build-egg`` (from a copy of the
sources, so the repository gets no ``setup.py`` or build folders), uploaded with
``addversion.json`` and crawled by jobs scheduled over scrapyd's HTTP API. The records land
in scrapyd's ``items_dir``. A second job of the same spider emits only the article added since
the first: the crawl state lives under scrapyd's working directory, so scheduled runs are
incremental without any option.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.article_site import ArticleSite

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PROJECT = "newscrawl"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Scrapyd:
    """A scrapyd process with its own directories under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        root.mkdir(parents=True, exist_ok=True)
        (root / "scrapyd.conf").write_text(
            "[scrapyd]\n"
            "bind_address = 127.0.0.1\n"
            f"http_port = {self.port}\n"
            f"eggs_dir = {root / 'eggs'}\n"
            f"logs_dir = {root / 'logs'}\n"
            f"items_dir = {root / 'items'}\n"
            f"dbs_dir = {root / 'dbs'}\n"
            "max_proc = 1\n"
            "poll_interval = 0.2\n",
            encoding="utf-8",
        )
        self._errors = (root / "scrapyd.err").open("wb")
        self.process = subprocess.Popen(
            [str(BIN / "scrapyd")],
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=self._errors,
            start_new_session=True,  # its jobs too are stopped at the end
        )

    def wait_until_up(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError((self.root / "scrapyd.err").read_text()[-2000:])
            try:
                if self.get("daemonstatus.json")["status"] == "ok":
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("scrapyd did not answer")

    def get(self, endpoint: str, **query: str) -> dict:
        url = f"{self.url}/{endpoint}?{urllib.parse.urlencode(query)}"
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.load(response)

    def post(self, endpoint: str, fields: list[tuple[str, str]]) -> dict:
        data = urllib.parse.urlencode(fields).encode()
        with urllib.request.urlopen(f"{self.url}/{endpoint}", data, timeout=30) as response:
            return json.load(response)

    def add_version(self, egg: Path, version: str) -> dict:
        """``addversion.json``: a multipart upload (what ``scrapyd-deploy`` sends)."""
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in (("project", PROJECT), ("version", version)):
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="egg"; filename="{egg.name}"'
            "\r\nContent-Type: application/octet-stream\r\n\r\n".encode()
            + egg.read_bytes()
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            f"{self.url}/addversion.json",
            data=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)

    def run_job(self, spider: str, timeout: float = 180.0, **arguments: str) -> dict:
        """Schedule a job and wait for it to finish; its entry in ``listjobs.json``."""
        answer = self.post(
            "schedule.json",
            [("project", PROJECT), ("spider", spider)]
            + [(name, value) for name, value in arguments.items()],
        )
        assert answer["status"] == "ok", answer
        job = answer["jobid"]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            finished = self.get("listjobs.json", project=PROJECT)["finished"]
            for entry in finished:
                if entry["id"] == job:
                    return entry
            time.sleep(0.3)
        raise AssertionError(f"job {job} did not finish in {timeout:g} s")

    def items(self, job: dict) -> list[dict]:
        path = self.root / "items" / PROJECT / job["spider"] / f"{job['id']}.jl"
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]

    def log(self, job: dict) -> str:
        path = self.root / "logs" / PROJECT / job["spider"] / f"{job['id']}.log"
        return path.read_text(encoding="utf-8")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._errors.close()


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[Scrapyd]:
    daemon = Scrapyd(tmp_path / "scrapyd")
    try:
        daemon.wait_until_up()
        yield daemon
    finally:
        daemon.stop()


def build_egg(work: Path) -> Path:
    """The egg ``scrapyd-deploy --build-egg`` makes of the project, built in a copy of it."""
    source = work / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "newscrawl", source / "newscrawl", ignore=ignore)
    for name in ("scrapy.cfg", "pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    egg = work / "newscrawl.egg"
    done = subprocess.run(
        [str(BIN / "scrapyd-deploy"), "--build-egg", str(egg)],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0 and egg.is_file(), done.stderr[-2000:]
    return egg


def test_scheduled_jobs_crawl_and_the_second_emits_only_what_is_new(
    scrapyd: Scrapyd, tmp_path: Path
) -> None:
    answer = scrapyd.add_version(build_egg(tmp_path), "1")
    assert answer["status"] == "ok", answer
    assert set(scrapyd.get("listspiders.json", project=PROJECT)["spiders"]) >= {"news"}

    with ArticleSite(12) as site:
        first = scrapyd.run_job("news", target=site.url("/"))
        added = site.add()
        second = scrapyd.run_job("news", target=site.url("/"))

    records = scrapyd.items(first)
    assert len(records) == 12, scrapyd.log(first)[-3000:]
    assert all(r["title"] and r["text"] and r["published"] for r in records)
    assert len({r["id"] for r in records}) == 12
    assert [r["url"] for r in scrapyd.items(second)] == [site.url(f"/a/{added}.html")]
    for job in (first, second):
        log = scrapyd.log(job)
        assert "Traceback" not in log, log[-3000:]
        assert "Spider closed (finished)" in log
