"""The crawl state: what was emitted, by which run, so crawls resume and run incrementally.

One SQLite file (WAL mode, a commit per change) survives a SIGKILL with at most the last
change lost — and that change is recovered from the output file itself on the next start
(:meth:`CrawlState.adopt_output`), which stays the source of truth for "already written".

Tables:
* ``runs``: one row per run; a run that never finished is resumed by the next start of the
  same job instead of starting a new one.
* ``articles``: per article id, its URL, content hash and the run that last emitted it.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from newscrawl.state.templates import TemplateStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    stopped_at TEXT,
    finished_at TEXT
);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    emitted_at TEXT NOT NULL,
    run_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_url ON articles (url);
"""


def _now() -> str:
    """UTC, to the microsecond: a page edited right after a run must compare as newer."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class KnownArticle:
    id: str
    url: str
    content_hash: str
    emitted_at: str
    run_id: str


class CrawlState:
    """A small persistent store; one instance per crawl process."""

    def __init__(self, path: Path, *, resume: bool) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None)  # autocommit: one change, one commit
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self.run_id, self.resumed, self.crashed = self._open_run(resume)

    def _open_run(self, resume: bool) -> tuple[str, bool, bool]:
        """Continue the last unfinished run when resuming a job, else start a new one.

        Returns (run id, resumed, crashed): a resumed run that never reached ``close()``
        died without a clean stop (SIGKILL, power loss)."""
        if resume:
            row = self._db.execute(
                "SELECT id, stopped_at FROM runs WHERE finished_at IS NULL"
                " ORDER BY started_at DESC LIMIT 1"
            ).fetchone()
            if row:
                self._db.execute("UPDATE runs SET stopped_at = NULL WHERE id = ?", (row[0],))
                return row[0], True, row[1] is None
        run_id = uuid.uuid4().hex
        self._db.execute("INSERT INTO runs (id, started_at) VALUES (?, ?)", (run_id, _now()))
        return run_id, False, False

    def template_store(self) -> TemplateStore:
        """Where the site templates are learned: two more tables of the same file."""
        return TemplateStore(self.path)

    def close(self, *, finished: bool) -> None:
        """Mark the run finished, or cleanly stopped (resumable from its saved queue)."""
        column = "finished_at" if finished else "stopped_at"
        self._db.execute(f"UPDATE runs SET {column} = ? WHERE id = ?", (_now(), self.run_id))
        self._db.close()

    def known(self, article_id: str) -> KnownArticle | None:
        row = self._db.execute(
            "SELECT id, url, content_hash, emitted_at, run_id FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        return KnownArticle(*row) if row else None

    def known_url(self, url: str) -> KnownArticle | None:
        row = self._db.execute(
            "SELECT id, url, content_hash, emitted_at, run_id FROM articles WHERE url = ?",
            (url,),
        ).fetchone()
        return KnownArticle(*row) if row else None

    def record(self, article_id: str, url: str, content_hash: str) -> None:
        """Remember that this run emitted the article."""
        self._db.execute(
            "INSERT INTO articles (id, url, content_hash, emitted_at, run_id)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET url = excluded.url,"
            " content_hash = excluded.content_hash, emitted_at = excluded.emitted_at,"
            " run_id = excluded.run_id",
            (article_id, url, content_hash, _now(), self.run_id),
        )

    def adopt_output(self, path: Path) -> int:
        """Make the store agree with ``path``, the output this run appends to: every record in
        the file counts as emitted by this run, and an emission the store remembers but the
        file lacks (lost in a crash between the two writes) is forgotten, so it is written
        again. Returns the number of records in the file."""
        self._db.execute("BEGIN")
        try:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS in_output (id TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM in_output")
            count = 0
            for record in _records(path):
                self.record(record["id"], record["url"], record["content_hash"])
                self._db.execute("INSERT OR IGNORE INTO in_output VALUES (?)", (record["id"],))
                count += 1
            self._db.execute(
                "DELETE FROM articles WHERE run_id = ? AND id NOT IN (SELECT id FROM in_output)",
                (self.run_id,),
            )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return count


def _records(path: Path) -> Iterator[dict]:
    with path.open("rb") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                return  # a torn tail; the feed storage cuts it before appending
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and {"id", "url", "content_hash"} <= record.keys():
                yield record
