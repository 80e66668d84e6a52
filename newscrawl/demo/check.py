"""Compare a demo crawl's records with the expected fields that ship beside the demo pages.

Used by ``newscrawl demo`` (printed as a summary) and by the end-to-end tests (asserted), so
both judge the output by the same rules.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from newscrawl.demo.expected import ExpectedArticle


@dataclass(slots=True)
class DemoCheck:
    """Per-field mismatches (``path: expected != got``) and pages missing or unexpected."""

    expected: int = 0
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    mismatches: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.unexpected or any(self.mismatches.values()))

    def _miss(self, name: str, message: str) -> None:
        self.mismatches.setdefault(name, []).append(message)

    def render(self) -> str:
        found = self.expected - len(self.missing)
        lines = [f"demo check: {found}/{self.expected} expected articles found"]
        for name in ("title", "published", "authors", "body", "boilerplate"):
            wrong = self.mismatches.get(name, [])
            lines.append(f"  {name:<11} {found - len(wrong)}/{found} exact")
        lines += [f"  missing: {path}" for path in self.missing]
        lines += [f"  not an article, but emitted: {url}" for url in self.unexpected]
        lines += [f"  {name}: {m}" for name, ms in self.mismatches.items() for m in ms]
        return "\n".join(lines)


def read_records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def check_records(records: Iterable[dict], expected: Iterable[ExpectedArticle]) -> DemoCheck:
    """Match records to expected articles by URL path (ports differ between runs)."""
    by_path = {urlsplit(r["url"]).path: r for r in records}
    expected = list(expected)
    result = DemoCheck(expected=len(expected))
    known = {e.path for e in expected}
    result.unexpected = sorted(r["url"] for p, r in by_path.items() if p not in known)
    for article in expected:
        record = by_path.get(article.path)
        if record is None:
            result.missing.append(article.path)
            continue
        where = article.path
        if record.get("title") != article.title:
            result._miss("title", f"{where}: {article.title!r} != {record.get('title')!r}")
        if record.get("published") != article.published:
            result._miss(
                "published", f"{where}: {article.published!r} != {record.get('published')!r}"
            )
        if record.get("authors") != article.authors:
            result._miss("authors", f"{where}: {article.authors!r} != {record.get('authors')!r}")
        text = record.get("text", "")
        paragraphs = text.split("\n\n")
        if article.first_paragraph not in paragraphs[:2] or article.last_paragraph not in text:
            result._miss("body", f"{where}: first/last paragraph not in the text")
        leaked = [line for line in article.boilerplate if line in paragraphs]
        if leaked:
            result._miss("boilerplate", f"{where}: {leaked!r}")
    return result
