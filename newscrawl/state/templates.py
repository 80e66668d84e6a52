"""Learned site templates in the crawl state: per site, in how many articles each line was.

Two tables beside the crawl state's own, in the same SQLite file (its own connection; WAL
lets the two write in turn). A run reads what earlier runs learned when it opens and adds its
own counts when it closes, in one transaction: a crash loses that run's learning, never the
articles (they are in the output and the state).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Protocol

from newscrawl.normalize.template import LineCounter

SCHEMA = """
CREATE TABLE IF NOT EXISTS template_sites (
    site TEXT PRIMARY KEY,
    articles INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS template_lines (
    site TEXT NOT NULL,
    key INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (site, key)
) WITHOUT ROWID;
"""

PRUNE_AFTER_ARTICLES = 100
"""A site's lines rarer than a quarter of the learning share are forgotten once the site has
this many articles: they will not come back up, and the table stays small."""


class TemplateCounts(Protocol):
    """What the template pipeline needs of a store (SQLite here, Redis for shared workers)."""

    def learned(self, min_articles: int, min_share: float) -> dict[str, frozenset[int]]: ...

    def merge(self, counter: LineCounter, min_share: float) -> None: ...

    def close(self) -> None: ...


class TemplateStore:
    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)

    def learned(self, min_articles: int, min_share: float) -> dict[str, frozenset[int]]:
        """Per site, the lines in at least ``min_articles`` articles and ``min_share`` of all
        the site's articles."""
        rows = self._db.execute(
            "SELECT l.site, l.key FROM template_lines l JOIN template_sites s USING (site)"
            " WHERE l.articles >= ? AND l.articles >= ? * s.articles",
            (min_articles, min_share),
        ).fetchall()
        learned: dict[str, set[int]] = {}
        for site, key in rows:
            learned.setdefault(site, set()).add(key)
        return {site: frozenset(keys) for site, keys in learned.items()}

    def merge(self, counter: LineCounter, min_share: float) -> None:
        """Add a run's counts. A line the run saw once is added only where a row exists (a
        line of one article is no template; storing each would store every article)."""
        self._db.execute("BEGIN")
        try:
            for site, articles in counter.articles.items():
                self._db.execute(
                    "INSERT INTO template_sites (site, articles) VALUES (?, ?)"
                    " ON CONFLICT (site) DO UPDATE SET articles = articles + excluded.articles",
                    (site, articles),
                )
                counts = counter.lines.get(site, {})
                self._db.executemany(
                    "INSERT INTO template_lines (site, key, articles) VALUES (?, ?, ?)"
                    " ON CONFLICT (site, key) DO UPDATE"
                    " SET articles = articles + excluded.articles",
                    [(site, key, n) for key, n in counts.items() if n > 1],
                )
                self._db.executemany(
                    "UPDATE template_lines SET articles = articles + 1 WHERE site = ? AND key = ?",
                    [(site, key) for key, n in counts.items() if n == 1],
                )
            self._db.execute(
                "DELETE FROM template_lines WHERE EXISTS (SELECT 1 FROM template_sites s"
                " WHERE s.site = template_lines.site AND s.articles >= ?"
                " AND template_lines.articles < ? * s.articles)",
                (PRUNE_AFTER_ARTICLES, min_share / 4),
            )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._db.close()
