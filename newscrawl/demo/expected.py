"""What a correct crawl of the demo sites must produce: one ``expected.jsonl`` per site.

Each line describes one article of the site::

    {"path": "/2025/10/31/ferry-strike.html", "title": "...", "published": "...",
     "authors": ["..."], "language": "en", "first_paragraph": "...",
     "last_paragraph": "...", "boilerplate": ["Advertisement", "Also read: ..."]}

* ``path`` is root-relative; the article is served (and canonical) at ``origin + path``.
* ``title`` is the on-page headline (``<h1>``), not the ``<title>`` with its site suffix.
* ``published`` is ``YYYY-MM-DDTHH:MM:SSZ`` (UTC) when the page states a time with a UTC
  offset in its metadata or ``<time datetime>``, else ``YYYY-MM-DD``.
* ``authors`` are the people in the byline (agency only when no person is named); for
  "Reporting by A; Editing by B" only the reporters count.
* ``first_paragraph`` / ``last_paragraph`` are the first and last body paragraphs, with
  entities decoded and runs of whitespace collapsed to one space.
* ``boilerplate`` lists lines placed in or around the body that must not end up in the
  cleaned text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from pathlib import Path

SITES_DIR = Path(__file__).resolve().parent / "sites"
"""Directory holding one sub-directory per demo site."""

EXPECTED_FILE = "expected.jsonl"

_PUBLISHED = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?")


@dataclass(frozen=True, slots=True)
class ExpectedArticle:
    """One article of a demo site, as the cleaned record should describe it."""

    site: str
    """Slug of the site (its directory name under :data:`SITES_DIR`)."""
    path: str
    title: str
    published: str
    authors: list[str]
    language: str
    first_paragraph: str
    last_paragraph: str
    boilerplate: list[str]

    @property
    def has_time(self) -> bool:
        """True when ``published`` carries a UTC time, False when it is a bare date."""
        return "T" in self.published

    def url(self, origin: str) -> str:
        """The article's URL on a server whose origin is ``origin``."""
        return origin.rstrip("/") + self.path


_KEYS = frozenset(f.name for f in fields(ExpectedArticle)) - {"site"}


def site_slugs() -> list[str]:
    """Slugs of the bundled sites: every directory under :data:`SITES_DIR` with expectations."""
    return sorted(p.parent.name for p in SITES_DIR.glob(f"*/{EXPECTED_FILE}"))


def load_expected(slug: str | None = None) -> list[ExpectedArticle]:
    """Expected articles of one site, or of all sites (in slug order) when ``slug`` is None.

    Raises ``ValueError`` (naming file and line) for a row with missing or unknown keys or a
    malformed ``published``, and ``FileNotFoundError`` for an unknown slug.
    """
    slugs = site_slugs() if slug is None else [slug]
    articles: list[ExpectedArticle] = []
    for name in slugs:
        path = SITES_DIR / name / EXPECTED_FILE
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, start=1):
                if line.strip():
                    articles.append(_parse_row(name, line, f"{path}:{lineno}"))
    return articles


def _parse_row(site: str, line: str, where: str) -> ExpectedArticle:
    row = json.loads(line)
    if not isinstance(row, dict):
        raise ValueError(f"{where}: expected a JSON object")
    missing, unknown = _KEYS - row.keys(), row.keys() - _KEYS
    if missing or unknown:
        raise ValueError(f"{where}: missing keys {sorted(missing)}, unknown {sorted(unknown)}")
    if not _PUBLISHED.fullmatch(row["published"]):
        raise ValueError(f"{where}: published {row['published']!r} is not YYYY-MM-DD[THH:MM:SSZ]")
    return ExpectedArticle(site=site, **row)
