"""A local site of real news pages for the throughput benchmark (``--site corpus``).

The generated site of ``sitegen.py`` is cheap to extract (about 11 ms a page with bare
trafilatura); real pages cost about four times that, so a crawler's fixed per-page costs weigh
less on them. This module builds, **at run time and in a temporary directory**, a site from
the pages of the evaluation corpus (``../shared/corpus`` next to the repository, or
``--corpus PATH``; see its README). Nothing of the corpus is copied into the repository.

What :func:`build_site` writes under ``root``:

* ``raw/NNNN.html``: each corpus page's bytes as captured (gunzipped, not re-encoded);
* ``text/NNNN.html``: the same page as UTF-8 text, only for the pages whose bytes are not
  UTF-8 already; ``newscrawl extract``'s JSON Lines, the baseline and the per-step timing
  read this text, the crawlers fetch the raw bytes and decode them themselves;
* ``_routes.json``: URL path and query → (file, ``Content-Type``) for ``sitegen.py
  serve``. aeb and fundus pages are UTF-8 (corpus README) and are served as ``text/html;
  charset=utf-8``; trafilatura pages keep their original encoding (about 3 % are not UTF-8)
  and are served as ``text/html`` without a charset, so the crawler reads the page's
  ``<meta charset>`` or detects the encoding, as on the open web;
* ``robots.txt`` with a ``Sitemap:`` line, ``sitemap_index.xml``, ``sitemaps/sitemap-N.xml``
  (1,000 URLs each) and a home page without links (a page reached through a link would have
  its own links followed, and a real page's relative links point nowhere on this server).

URLs keep the page's original path and query (tracking parameters removed, as newscrawl's
spider does; characters outside ``[A-Za-z0-9/._-]`` become ``-``; pages without an original
URL, or with a home page's path, get ``/<source>/<name>.html``), so URL-based page
classification sees real news URLs. ``pages`` larger than the corpus cycles through it:
copy ``k`` of a page gets ``-k`` before the extension of its last path segment. A copy is
byte-identical, so newscrawl's dedupe pipeline (the last one, after extraction and the
normalizers) drops it as ``duplicate_content`` or ``duplicate_url`` (same ``<link
rel=canonical>``): the benchmark counts those drops as processed pages (see README).
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sitegen import write_sitemaps
from w3lib.encoding import html_to_unicode

from newscrawl.normalize.urls import strip_tracking_params
from newscrawl.offline.decode import utf8_or_cp1252

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
UTF8_SOURCES = frozenset({"aeb", "fundus"})
"""Sources whose pages are UTF-8 whatever their ``<meta>`` says (corpus README)."""

_UNSAFE = re.compile(r"[^A-Za-z0-9/._-]")
_UNSAFE_QUERY = re.compile(r"[^A-Za-z0-9._=&-]")
_HOME_PATHS = frozenset({"/index.html", "/index.htm", "/index.php", "/home", "//index.php"})
_RESERVED = ("/robots.txt", "/sitemap_index.xml", "/sitemaps/", "/_routes.json")


class CorpusMissing(Exception):
    """The corpus is not where it was looked for; the message says what to do."""


def find_corpus(path: Path | None = None) -> Path:
    corpus = Path(path) if path is not None else DEFAULT_CORPUS
    if not (corpus / "cases.jsonl").is_file():
        raise CorpusMissing(
            f"--site corpus needs the evaluation corpus (cases.jsonl and its pages) at "
            f"{corpus}, which is missing. It is not part of the repository: check out the "
            f"shared folder as ../shared next to the repository, or pass --corpus PATH."
        )
    return corpus


@dataclass(frozen=True, slots=True)
class CorpusPage:
    path: str
    """URL path on the local server."""
    case_id: str
    source: str
    raw: str
    """File served (relative to the site root): the original bytes."""
    text: str
    """File with the page as UTF-8 text (relative to the site root)."""
    encoding: str
    """Encoding the text was decoded with (the charset header's, the page's, or detected)."""
    copy: int
    kind: str = "article"
    """Unknown for real pages (the output checks do not rely on it)."""


@dataclass(slots=True)
class CorpusManifest:
    """What :func:`build_site` wrote; the interface of ``sitegen.SiteManifest`` that the
    benchmark uses (``pages``, ``articles``, ``url``, ``file``, ``to_json``)."""

    root: Path
    base_url: str
    corpus: Path
    seed: int = 1
    distinct: int = 0
    """Distinct corpus pages in the site (the corpus, or the first ``pages`` of it)."""
    corpus_size: int = 0
    pages: list[CorpusPage] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)
    """Bytes of each distinct raw file."""
    encodings: Counter[str] = field(default_factory=Counter)

    @property
    def articles(self) -> list[CorpusPage]:
        return self.pages

    def url(self, page: CorpusPage) -> str:
        return self.base_url.rstrip("/") + page.path

    def file(self, page: CorpusPage) -> Path:
        return self.root / page.text

    def to_json(self) -> dict[str, object]:
        sizes = [self.sizes[p.raw] for p in self.pages]
        return {
            "kind": "corpus",
            "corpus": str(self.corpus),
            "base_url": self.base_url,
            "pages": len(self.pages),
            "distinct": self.distinct,
            "corpus_size": self.corpus_size,
            "copies": max((p.copy for p in self.pages), default=0) + 1,
            "sources": dict(sorted(Counter(p.source for p in self.pages[: self.distinct]).items())),
            "not_utf8": sum(n for e, n in self.encodings.items() if e != "utf-8"),
            "seed": self.seed,
            "encodings": dict(self.encodings),
            "total_bytes": sum(sizes),
            "mean_kb": round(sum(sizes) / max(1, len(sizes)) / 1024, 1),
            "min_kb": round(min(sizes, default=0) / 1024, 1),
            "max_kb": round(max(sizes, default=0) / 1024, 1),
        }


def content_type(source: str) -> str:
    return "text/html; charset=utf-8" if source in UTF8_SOURCES else "text/html"


def _url_path(case: dict[str, object], taken: set[str]) -> str:
    """The page's original path and query (tracking parameters removed, as the crawler does),
    made safe; ``/<source>/<name>.html`` when it has no URL or only a home path."""
    url = case.get("url")
    parts = urlsplit(strip_tracking_params(str(url))) if url else None
    # "//index.php": a path that starts like a network-path reference, which the static
    # server cannot map to a file (it answered 404); one slash is the same page here.
    path = re.sub(r"/{2,}", "/", parts.path) if parts else ""
    query = _UNSAFE_QUERY.sub("-", parts.query) if parts else ""
    if len(path) < 2 or path.startswith(_RESERVED) or (path.lower() in _HOME_PATHS and not query):
        name = str(case["id"]).split("/", 1)[-1]
        path, query = f"/{case['source']}/{name}.html", ""
    path = _UNSAFE.sub("-", path)
    target = _as_crawled(path + (f"?{query}" if query else ""))
    candidate, number = target, 1
    while candidate in taken:
        number += 1
        candidate = _copy_path(target, number)
    return candidate


def _as_crawled(target: str) -> str:
    """``target`` (path and query) as the spider requests it, so that the sitemap's URL, the
    request's and the record's are one and the same."""
    parts = urlsplit(strip_tracking_params(f"http://127.0.0.1{target}"))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _copy_path(target: str, copy: int) -> str:
    """``/a/b.html`` → ``/a/b-2.html``; ``/a/b/`` → ``/a/b-2/``; a query stays as it is."""
    path, mark, query = target.partition("?")
    head, _, last = path.rstrip("/").rpartition("/")
    stem, dot, suffix = last.rpartition(".")
    if not dot or not stem:
        stem, suffix = last, ""
    name = f"{stem}-{copy}" + (f".{suffix}" if suffix else "")
    return f"{head}/{name}" + ("/" if path.endswith("/") else "") + mark + query


def build_site(
    root: Path,
    base_url: str,
    pages: int | None = None,
    corpus: Path | None = None,
    seed: int = 1,
) -> CorpusManifest:
    """Write the site under ``root``; ``pages`` (default: the corpus size) cycles the corpus.

    Pages are taken in a seeded order that mixes the sources (sha1 of seed and case id), so
    that a site smaller than the corpus is a sample of all of it, not of its first source.
    """
    corpus = find_corpus(corpus)
    with (corpus / "cases.jsonl").open(encoding="utf-8") as file:
        cases = [json.loads(line) for line in file if line.strip()]
    total = len(cases)
    cases.sort(key=lambda c: hashlib.sha1(f"{seed}:{c['id']}".encode()).hexdigest())
    if pages is not None:
        cases = cases[:pages]
    base_url = base_url.rstrip("/")
    manifest = CorpusManifest(root=root, base_url=base_url, corpus=corpus, seed=seed)
    manifest.corpus_size, manifest.distinct = total, len(cases)
    (root / "raw").mkdir(parents=True, exist_ok=True)
    (root / "text").mkdir(exist_ok=True)
    originals: list[CorpusPage] = []
    taken: set[str] = set()
    for number, case in enumerate(cases):
        body = gzip.decompress((corpus / case["html"]).read_bytes())
        raw = f"raw/{number:04d}.html"
        (root / raw).write_bytes(body)
        ctype = content_type(case["source"])
        encoding, text = html_to_unicode(ctype, body, auto_detect_fun=utf8_or_cp1252)
        encoding = codecs.lookup(encoding).name
        try:
            same = body.decode("utf-8").removeprefix("\ufeff") == text
        except UnicodeDecodeError:
            same = False
        text_file = raw
        if not same:
            text_file = f"text/{number:04d}.html"
            (root / text_file).write_text(text, encoding="utf-8")
        manifest.sizes[raw] = len(body)
        manifest.encodings[encoding] += 1
        path = _url_path(case, taken)
        taken.add(path)
        originals.append(
            CorpusPage(path, case["id"], case["source"], raw, text_file, encoding, copy=0)
        )
    count = len(cases) if pages is None else pages
    for index in range(count):
        page = originals[index % len(originals)]
        copy = index // len(originals)
        if copy:
            path = _as_crawled(_copy_path(page.path, copy + 1))
            while path in taken:
                path = _as_crawled(_copy_path(path, copy + 1))
            taken.add(path)
            page = CorpusPage(
                path, page.case_id, page.source, page.raw, page.text, page.encoding, copy
            )
        manifest.pages.append(page)
    routes = {p.path: [p.raw, content_type(p.source)] for p in manifest.pages}
    for page in manifest.pages:  # a client that drops or reorders the query still finds it
        routes.setdefault(page.path.partition("?")[0], [page.raw, content_type(page.source)])
    (root / "_routes.json").write_text(json.dumps(routes), encoding="utf-8")
    (root / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>Corpus site</title></head>"
        "<body><h1>Corpus site</h1><p>Pages are listed in the sitemaps.</p></body></html>",
        encoding="utf-8",
    )
    entries: list[tuple[str, str | None]] = [(manifest.url(p), None) for p in manifest.pages]
    write_sitemaps(root, base_url, entries, disallow=["/search"])
    return manifest


def write_jsonl(manifest: CorpusManifest, path: Path) -> int:
    """``{url, html}`` lines (the UTF-8 text of each page) for ``newscrawl extract``."""
    with path.open("w", encoding="utf-8") as out:
        for page in manifest.pages:
            html = manifest.file(page).read_text(encoding="utf-8")
            out.write(json.dumps({"url": manifest.url(page), "html": html}, ensure_ascii=False))
            out.write("\n")
    return len(manifest.pages)
