"""A deterministic news site for the throughput benchmark, and a static server for it.

``generate_site(root, base_url, pages=2000, seed=1)`` writes ``pages`` HTML pages (about 2 %
of them section fronts and tag pages, the rest articles) in four CMS styles, with
``robots.txt``, a sitemap index and sitemaps of at most 1,000 URLs, and returns a
:class:`SiteManifest`. ``write_jsonl`` writes the same pages as JSON Lines of ``{url, html}``
for ``newscrawl extract``.

Pages weigh 20–150 KB like real news pages, and for the same reasons: navigation menus,
inline CSS and scripts, JSON state blobs, related-story rails, ad slots and comment threads.
The article body itself is 300–1,500 words of generated prose. Everything comes from one
seeded ``random.Random``: the same seed gives byte-identical pages.

Templates (each about a quarter of the articles):

``wordpress``
    A classic theme with a Yoast JSON-LD ``@graph``, inline block-library CSS, ads between
    paragraphs and a comment thread.
``arc``
    A news CMS front end: JSON-LD ``NewsArticle``, the whole story again inside a
    ``Fusion.globalContent`` script, a trending rail.
``nextjs``
    A React site: CSS-module class names, OpenGraph only (no JSON-LD), the article and the
    navigation repeated in ``__NEXT_DATA__``.
``legacy``
    A table layout with neither JSON-LD nor ``og:type``; a ``<meta name="date">``, a visible
    byline, ``document.write`` ad scripts and a huge link table.

``python benchmarks/sitegen.py serve ROOT`` serves ``ROOT`` on 127.0.0.1 (port 0 = any) with
HTTP/1.1 keep-alive and prints ``http://127.0.0.1:PORT/`` on its first line of output. A
``_routes.json`` in ``ROOT`` maps URL paths to files and content types (the corpus site).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

TEMPLATES = ("wordpress", "arc", "nextjs", "legacy")
SECTIONS = ("world", "politics", "business", "technology", "science", "health", "sport", "culture")
LISTING_SHARE = 0.02
SITEMAP_SIZE = 1000
MIN_BYTES, MAX_BYTES = 20_000, 150_000
SITE_NAME = "The Daily Benchmark"
STATIC_PAGES = ("about", "contact", "privacy", "terms", "newsletters", "corrections")
"""Linked from every footer, not in the sitemaps (not articles)."""

_WORDS = """
the of and to a in that is was he for it with as his on be at by i this had not are but from or
have an they which one you were her all she there would their we him been has when who will more
no if out so said what up its about into than them can only other new some could time these two
may then do first any my now such like our over man me even most made after also did many before
must through back years where much your way well down should because each just those people how
too little state good very make world still own see men work long get here between both life being
under never day same another know while last might us great old year off come since against go
came right used take three states himself few house use during without again place american
around however home small found thought went say part once general high upon school every does got
united left number course war until always away something fact though water less public put think
almost hand enough far took head yet government system better set told nothing night end why
called did eyes find going look asked later knew point next program city business give group toward
young days let room president side social given present several order national possible rather
second face per among form important often things looked early white case john become large big
need four within felt along children saw best church ever least power development light thing
seemed family interest want members mind country area others done turned although open god service
problem certain kind different thus began door help means sense whole matter perhaps itself york
times human law line above name example action company hands local show whether five history gave
today either act feet across taken past quite anything seen having death experience body word half
really week free minister council report police market election budget court energy climate
minutes field car students officials agency research percent health support policy economy
schools hospital data inflation voters campaign workers prices billion million talks leaders
ministry spokesman spokeswoman analysts investors security border region village coast storm
flooding drought harvest farmers factory plant contract deal agreement proposal measure vote
senate parliament committee hearing investigation inquiry evidence witness trial judge ruling
appeal verdict sentence prison officers crash fire rescue emergency residents neighbourhood
district council mayor governor premier coalition opposition protest strike union wages
pension tax spending deficit debt bank rates lending mortgage housing rent tenants landlords
construction bridge railway airport flights passengers delays network signal outage software
users platform privacy regulators fine lawsuit merger shares profit revenue quarter forecast
growth recession exports imports tariffs supply chain shortage demand consumers retailers
season match goal coach players league title injury transfer stadium fans final record
museum exhibition festival film director actor novel author album concert audience critics
scientists study trial vaccine patients doctors nurses treatment disease virus cases outbreak
species forest river wildlife emissions carbon solar wind turbines grid battery electric
""".split()  # noqa: SIM905

_FIRST = (  # noqa: SIM905
    "Maria James Aisha Tomasz Priya Daniel Elena Kwame Sofia Liam Mei Omar Hannah Lucas Fatima "
    "Noah Ingrid Rafael Chloe Yusuf Grace Mateo Leila Oliver Anya Samuel Nadia Henrik Zara Pablo"
).split()
_LAST = (  # noqa: SIM905
    "Lopez Smith Okafor Nowak Sharma Fischer Rossi Mensah Garcia Byrne Chen Haddad Weber Silva "
    "Khan Johansson Moreau Kowalski Tanaka Petrov Dubois Novak Andersen Costa Murphy Ibrahim Berg"
).split()
_PLACES = (  # noqa: SIM905
    "Lisbon Nairobi Manchester Osaka Denver Krakow Lagos Valencia Ottawa Lyon Busan Porto Leeds "
    "Accra Hamburg Perth Quito Tampere Bologna Halifax Cork Dakar Tucson Bergen Gdansk"
).split()
_ORGS = (
    "the transport ministry",
    "the central bank",
    "the regional council",
    "the health authority",
    "the teachers' union",
    "the chamber of commerce",
    "the environment agency",
    "the national statistics office",
    "the city hospital",
    "the football federation",
)
_ROLES = ("spokeswoman", "spokesman", "director", "chief economist", "deputy mayor", "chair")

# Zipf-like weights: frequent words come first in _WORDS.
_WORD_WEIGHTS = list(itertools.accumulate(1.0 / (rank + 8) for rank in range(len(_WORDS))))


@dataclass(frozen=True, slots=True)
class PageInfo:
    """One page of the site: where it is, what it is."""

    path: str
    """URL path, starting with ``/``."""
    kind: str
    """``article`` or ``listing``."""
    template: str
    title: str
    section: str
    published: datetime


@dataclass(slots=True)
class SiteManifest:
    """What :func:`generate_site` wrote."""

    root: Path
    base_url: str
    seed: int
    pages: list[PageInfo] = field(default_factory=list)
    total_bytes: int = 0
    min_bytes: int = 0
    max_bytes: int = 0

    @property
    def articles(self) -> list[PageInfo]:
        return [p for p in self.pages if p.kind == "article"]

    def url(self, page: PageInfo) -> str:
        return self.base_url.rstrip("/") + page.path

    def file(self, page: PageInfo) -> Path:
        return path_to_file(self.root, page.path)

    def to_json(self) -> dict[str, object]:
        return {
            "base_url": self.base_url,
            "seed": self.seed,
            "pages": len(self.pages),
            "articles": len(self.articles),
            "listings": len(self.pages) - len(self.articles),
            "total_bytes": self.total_bytes,
            "mean_kb": round(self.total_bytes / max(1, len(self.pages)) / 1024, 1),
            "min_kb": round(self.min_bytes / 1024, 1),
            "max_kb": round(self.max_bytes / 1024, 1),
            "templates": {t: sum(p.template == t for p in self.articles) for t in TEMPLATES},
        }


def path_to_file(root: Path, path: str) -> Path:
    """The file that serves URL ``path``: ``/a/`` → ``a/index.html``."""
    relative = unquote(path).lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    return root / relative


# -- text ------------------------------------------------------------------------------------


class Prose:
    """Seeded generator of varied English-looking news prose."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def words(self, count: int) -> list[str]:
        return self.rng.choices(_WORDS, cum_weights=_WORD_WEIGHTS, k=count)

    def name(self) -> str:
        return f"{self.rng.choice(_FIRST)} {self.rng.choice(_LAST)}"

    def sentence(self) -> str:
        rng = self.rng
        words = self.words(rng.randint(7, 26))
        roll = rng.random()
        if roll < 0.15:
            words.insert(rng.randrange(len(words)), f"{rng.randint(2, 990)}")
        elif roll < 0.25:
            words.insert(rng.randrange(len(words)), rng.choice(_PLACES))
        if rng.random() < 0.3:
            words[rng.randrange(1, len(words))] += ","
        text = " ".join(words)
        text = text[0].upper() + text[1:]
        if rng.random() < 0.12:
            return (
                f"\u201c{text},\u201d said {self.name()}, {rng.choice(_ROLES)} of "
                f"{rng.choice(_ORGS)}."
            )
        return text + rng.choice(".....?")

    def paragraph(self, max_words: int) -> str:
        sentences: list[str] = []
        words = 0
        while words < max_words:
            sentence = self.sentence()
            sentences.append(sentence)
            words += sentence.count(" ") + 1
            if len(sentences) >= self.rng.randint(2, 6):
                break
        return " ".join(sentences)

    def body(self, total_words: int) -> list[str]:
        """Paragraphs adding up to about ``total_words`` words."""
        paragraphs: list[str] = []
        words = 0
        while words < total_words:
            paragraph = self.paragraph(total_words - words)
            paragraphs.append(paragraph)
            words += paragraph.count(" ") + 1
        return paragraphs

    def headline(self) -> str:
        words = self.words(self.rng.randint(6, 12))
        if self.rng.random() < 0.4:
            words.insert(self.rng.randrange(len(words)), self.rng.choice(_PLACES))
        text = " ".join(words)
        return text[0].upper() + text[1:]


def slugify(text: str, limit: int = 8) -> str:
    return "-".join(w.strip(",.").lower() for w in text.split()[:limit])


# -- bulk: what makes real pages 20-150 KB -----------------------------------------------------


class Bulk:
    """Realistic page weight: CSS, scripts, JSON state, link menus."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def ident(self) -> str:
        return "".join(self.rng.choices("abcdefghijklmnopqrstuvwxyz0123456789_", k=6))

    def css(self, target: int) -> str:
        rng = self.rng
        props = (
            "display:flex",
            "display:grid",
            "margin:0 auto",
            "padding:0 16px",
            "font-size:1.125rem",
            "line-height:1.6",
            "color:#1a1a1a",
            "background:#fff",
            "border-bottom:1px solid #e5e5e5",
            "grid-template-columns:repeat(12,1fr)",
            "transition:opacity .2s ease-in-out",
            "font-family:Georgia,serif",
            "max-width:1200px",
            "position:relative",
            "z-index:10",
            "text-transform:uppercase",
            "letter-spacing:.04em",
        )
        rules: list[str] = []
        size = 0
        while size < target:
            selector = f".c-{self.ident()}" + rng.choice(("", " a", ":hover", ">li", "__title"))
            rule = f"{selector}{{{';'.join(rng.sample(props, rng.randint(2, 6)))}}}"
            if rng.random() < 0.08:
                rule = f"@media (min-width:{rng.choice((600, 768, 1024))}px){{{rule}}}"
            rules.append(rule)
            size += len(rule)
        return "".join(rules)

    def script(self, target: int) -> str:
        rng = self.rng
        snippets = (
            "function {a}({b},{c}){{return {b}&&{b}.{c}?{b}.{c}:void 0}}",
            "var {a}=document.querySelectorAll('[data-{b}]');",
            "window.{a}=window.{a}||[];window.{a}.push({{event:'{b}',ts:Date.now()}});",
            "for(var {a}=0;{a}<{b}.length;{a}++){{{b}[{a}].addEventListener('click',{c})}}",
            "if(typeof {a}==='undefined'){{{a}={{}}}}{a}.{b}=function({c}){{return !!{c}}};",
            "!function(e,t){{var n=e.createElement(t);n.async=1;n.src='/static/{a}.js';"
            "e.head.appendChild(n)}}(document,'script');",
        )
        parts: list[str] = []
        size = 0
        while size < target:
            part = rng.choice(snippets).format(a=self.ident(), b=self.ident(), c=self.ident())
            parts.append(part)
            size += len(part)
        return "".join(parts)

    def tracking_json(self, target: int) -> dict[str, object]:
        rng = self.rng
        slots: list[dict[str, object]] = []
        size = 0
        while size < target:
            slot = {
                "id": f"div-gpt-ad-{rng.randint(10**9, 10**10)}",
                "path": f"/{rng.randint(1000, 9999)}/news/{rng.choice(SECTIONS)}/{self.ident()}",
                "sizes": [[300, 250], [728, 90], [970, 250]][: rng.randint(1, 3)],
                "targeting": {"pos": self.ident(), "kw": self.ident(), "ab": rng.random() < 0.5},
            }
            slots.append(slot)
            size += 170
        return {"version": "4.2.1", "consent": {"tcf": True, "gdpr": 1}, "slots": slots}


@dataclass(slots=True)
class Teaser:
    path: str
    title: str
    section: str


class SiteGenerator:
    """Builds every page from one seed; ``pages()`` is the plan, ``render()`` the HTML."""

    def __init__(self, base_url: str, pages: int, seed: int = 1) -> None:
        if pages < 10:
            raise ValueError("a site needs at least 10 pages")
        self.base_url = base_url.rstrip("/")
        self.seed = seed
        self.rng = random.Random(seed)
        self.prose = Prose(self.rng)
        self.bulk = Bulk(self.rng)
        self.plan = self._plan(pages)
        self.teasers = [
            Teaser(p.path, p.title, p.section) for p in self.plan if p.kind == "article"
        ]
        self._menu_cache: dict[str, str] = {}

    def _plan(self, pages: int) -> list[PageInfo]:
        rng = self.rng
        listings = max(len(SECTIONS), round(pages * LISTING_SHARE))
        start = datetime(2025, 6, 30, 18, 0, tzinfo=UTC)
        plan: list[PageInfo] = []
        used: set[str] = set()
        for index in range(pages - listings):
            template = TEMPLATES[index % len(TEMPLATES)]
            section = rng.choice(SECTIONS)
            title = self.prose.headline()
            published = start - timedelta(minutes=37 * index + rng.randint(0, 36))
            slug = slugify(title)
            day = published.strftime("%Y/%m/%d")
            if template == "wordpress":
                path = f"/{day}/{slug}/"
            elif template == "arc":
                path = f"/{section}/{day}/{slug}/"
            elif template == "nextjs":
                path = f"/news/{section}-{60_000_000 + index}"
            else:
                path = f"/stories/{published:%Y%m}/{slug}-{index}.html"
            while path in used:  # the same headline twice: keep both pages
                path = path.rstrip("/") + f"-{index}"
            used.add(path)
            plan.append(PageInfo(path, "article", template, title, section, published))
        for index in range(listings):
            if index < len(SECTIONS):
                section = SECTIONS[index]
                path, title = f"/{section}/", section.capitalize()
            else:
                section = rng.choice(SECTIONS)
                tag = "-".join(self.prose.words(2))
                path, title = f"/tag/{tag}-{index}/", f"Stories tagged {tag.replace('-', ' ')}"
            plan.append(
                PageInfo(path, "listing", TEMPLATES[index % len(TEMPLATES)], title, section, start)
            )
        return plan

    # -- shared pieces -----------------------------------------------------------------------

    def menu(self, style: str) -> str:
        """A site-wide mega menu (same on every page of a template, as on real sites)."""
        if style not in self._menu_cache:
            rng = random.Random(f"{self.seed}-{style}")
            items = []
            for section in SECTIONS:
                subs = "".join(
                    f'<li class="menu-item"><a href="/{section}/">{escape(w.capitalize())}</a></li>'
                    for w in rng.sample(_WORDS[200:], rng.randint(8, 18))
                )
                items.append(
                    f'<li class="menu-item menu-item-has-children"><a href="/{section}/">'
                    f'{section.capitalize()}</a><ul class="sub-menu">{subs}</ul></li>'
                )
            self._menu_cache[style] = "".join(items)
        return self._menu_cache[style]

    def footer(self) -> str:
        links = "".join(
            f'<li><a href="/{s}/">{s.capitalize()}</a></li>' for s in SECTIONS * 3
        ) + "".join(f'<li><a href="/{p}/">{p.capitalize()}</a></li>' for p in STATIC_PAGES)
        return (
            f'<footer class="site-footer"><nav aria-label="Footer"><ul>{links}</ul></nav>'
            f"<p>\u00a9 2025 {SITE_NAME}. All rights reserved. Terms of use, privacy policy and "
            "cookie settings apply.</p></footer>"
        )

    def static_page(self, name: str) -> str:
        text = "".join(f"<p>{escape(self.prose.paragraph(60))}</p>" for _ in range(3))
        return (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
            f"{name.capitalize()} - {SITE_NAME}</title>"
            f'<meta property="og:type" content="website"></head><body><main><h1>'
            f"{name.capitalize()}</h1>{text}</main>{self.footer()}</body></html>"
        )

    def related(self, page: PageInfo, count: int) -> list[Teaser]:
        return [t for t in self.rng.sample(self.teasers, count + 1) if t.path != page.path][:count]

    def comments(self, count: int) -> str:
        items = []
        for number in range(count):
            text = escape(self.prose.paragraph(self.rng.randint(10, 60)))
            items.append(
                f'<li class="comment" id="comment-{number}"><article class="comment-body">'
                f'<footer class="comment-meta"><b class="fn">{self.prose.name()}</b> '
                f"<time>{self.rng.randint(1, 23)} hours ago</time></footer>"
                f'<div class="comment-content"><p>{text}</p></div>'
                f'<a class="comment-reply-link" href="#respond">Reply</a></article></li>'
            )
        return (
            f'<div id="comments" class="comments-area"><h2 class="comments-title">{count} '
            f'comments</h2><ol class="comment-list">{"".join(items)}</ol></div>'
        )

    # -- pages -------------------------------------------------------------------------------

    def render(self, page: PageInfo) -> str:
        target = int(self.rng.triangular(MIN_BYTES, MAX_BYTES, 45_000))
        if page.kind == "listing":
            return self._listing(page, target)
        body = self.prose.body(self.rng.randint(300, 1500))
        authors = [self.prose.name() for _ in range(self.rng.choice((1, 1, 1, 2)))]
        renderer = getattr(self, f"_{page.template}")
        return renderer(page, body, authors, target)

    def _fill(self, html_without_fill: str, target: int) -> int:
        return max(0, target - len(html_without_fill))

    def rail(self, target: int, heading: str) -> str:
        """Recommendation modules: teaser cards with pictures, icons and labels (DOM-heavy)."""
        rng, h = self.rng, self.bulk.ident
        cards: list[str] = []
        size = 0
        while size < target:
            t = rng.choice(self.teasers)
            image = f"/img/{h()}"
            card = (
                f'<div class="card card--{rng.choice(("small", "wide", "stacked"))}">'
                f'<div class="card__media"><a href="{t.path}" tabindex="-1"><picture>'
                f'<source type="image/webp" srcset="{image}-320.webp 320w, {image}-640.webp 640w, '
                f'{image}-1024.webp 1024w" sizes="(min-width: 768px) 33vw, 100vw">'
                f'<img src="{image}-640.jpg" alt="" loading="lazy" width="640" height="360">'
                f'</picture></a></div><div class="card__body"><span class="card__kicker">'
                f'<a href="/{t.section}/">{t.section.capitalize()}</a></span>'
                f'<h3 class="card__title"><a href="{t.path}">{escape(t.title)}</a></h3>'
                f'<div class="card__meta"><span class="card__time"><svg class="icon" '
                f'viewBox="0 0 16 16" aria-hidden="true"><path d="M8 0a8 8 0 1 0 0 16A8 8 0 0 0 '
                f'8 0zm0 14.5A6.5 6.5 0 1 1 8 1.5a6.5 6.5 0 0 1 0 13z"/></svg>'
                f"{rng.randint(1, 59)} min ago</span></div></div></div>"
            )
            cards.append(card)
            size += len(card)
        return (
            f'<aside class="recommendations" data-module="{h()}"><h2 class="module-title">'
            f'{heading}</h2><div class="card-grid">{"".join(cards)}</div></aside>'
        )

    def _body_html(self, body: list[str], p_attrs: str, ad: str, subhead: str) -> str:
        parts = []
        for index, paragraph in enumerate(body):
            parts.append(f"<p{p_attrs}>{escape(paragraph)}</p>")
            if index % 4 == 3 and index + 1 < len(body):
                parts.append(ad.format(n=index))
            if index % 6 == 5 and self.rng.random() < 0.5:
                parts.append(subhead.format(text=escape(self.prose.headline())))
        return "".join(parts)

    def _wordpress(self, page: PageInfo, body: list[str], authors: list[str], target: int) -> str:
        url = self.base_url + page.path
        published = page.published.isoformat()
        graph = {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebPage", "@id": url, "url": url, "name": page.title},
                {
                    "@type": "Article",
                    "@id": url + "#article",
                    "headline": page.title,
                    "datePublished": published,
                    "dateModified": (page.published + timedelta(hours=2)).isoformat(),
                    "author": [{"@type": "Person", "name": a} for a in authors],
                    "articleSection": [page.section.capitalize()],
                    "wordCount": sum(p.count(" ") + 1 for p in body),
                },
                {"@type": "Organization", "name": SITE_NAME, "url": self.base_url + "/"},
            ],
        }
        ad = (
            '<div class="code-block code-block-{n}" style="margin:8px 0;clear:both">'
            '<ins class="adsbygoogle" data-ad-slot="{n}"></ins><script>'
            "(adsbygoogle=window.adsbygoogle||[]).push({{}});</script></div>"
        )
        content = self._body_html(body, "", ad, "<h2>{text}</h2>")
        related = "".join(
            f'<li><a href="{t.path}">{escape(t.title)}</a></li>'
            for t in self.related(page, self.rng.randint(4, 10))
        )
        head = (
            f'<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8">'
            f"<title>{escape(page.title)} \u2013 {SITE_NAME}</title>"
            f'<link rel="canonical" href="{url}">'
            f'<meta property="og:type" content="article"><meta property="og:title" '
            f'content="{escape(page.title)}"><meta property="og:url" content="{url}">'
            f'<meta property="article:published_time" content="{published}">'
            f'<meta name="author" content="{escape(", ".join(authors))}">'
            f'<script type="application/ld+json" class="yoast-schema-graph">'
            f"{json.dumps(graph)}</script>"
        )
        article = (
            f'<article id="post-{zlib.crc32(page.path.encode()) % 99999}" class="post type-post '
            f'status-publish format-standard hentry category-{page.section}">'
            f'<header class="entry-header"><h1 class="entry-title">{escape(page.title)}</h1>'
            f'<div class="entry-meta"><span class="posted-on"><time class="entry-date published" '
            f'datetime="{published}">{page.published:%B %-d, %Y}</time></span> '
            f'<span class="byline">by <span class="author vcard">{escape(" and ".join(authors))}'
            f'</span></span></div></header><div class="entry-content">{content}</div>'
            f'<footer class="entry-footer"><span class="tags-links">Tags: '
            f'<a href="/{page.section}/" rel="tag">{page.section}</a></span>'
            f'<div class="sharedaddy"><a class="share-facebook" href="#">Share on Facebook</a>'
            f'<a class="share-x" href="#">Share on X</a></div></footer></article>'
            f'<section class="related-posts"><h3>Related</h3><ul>{related}</ul></section>'
        )
        comments = self.comments(self.rng.randint(0, 25))
        nav = (
            f'<header id="masthead"><div class="site-branding"><a href="/">{SITE_NAME}</a></div>'
            f'<nav id="site-navigation" class="main-navigation"><ul id="primary-menu">'
            f"{self.menu('wordpress')}</ul></nav></header>"
        )
        fixed = head + nav + article + comments + self.footer()
        fill = self._fill(fixed, target)
        style = self.bulk.css(fill * 3 // 10)
        script = self.bulk.script(fill // 5)
        rail = self.rail(fill // 2, "You may also like")
        return (
            f'{head}<style id="global-styles-inline-css">{style}</style></head>'
            f'<body class="post-template-default single single-post">{nav}'
            f'<main id="main" class="site-main">{article}{comments}</main>{rail}{self.footer()}'
            f"<script>{script}</script></body></html>"
        )

    def _arc(self, page: PageInfo, body: list[str], authors: list[str], target: int) -> str:
        url = self.base_url + page.path
        published = page.published.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": page.title,
            "datePublished": published,
            "author": [{"@type": "Person", "name": a} for a in authors],
            "publisher": {"@type": "NewsMediaOrganization", "name": SITE_NAME},
            "mainEntityOfPage": url,
            "articleSection": page.section.capitalize(),
        }
        ad = (
            '<div class="arcad-feature" data-slot="inline-{n}"><div class="ad-label">'
            'Advertisement</div><div id="arcad_inline-{n}"></div></div>'
        )
        content = self._body_html(
            body,
            ' class="article-body-paragraph" data-el="text"',
            ad,
            '<h2 class="article-body-subhead" data-el="subhead">{text}</h2>',
        )
        trending = "".join(
            f'<li class="trending-item"><a href="{t.path}"><span class="headline">'
            f"{escape(t.title)}</span></a></li>"
            for t in self.related(page, self.rng.randint(5, 12))
        )
        byline = " and ".join(f'<a href="/people/{slugify(a)}/">{escape(a)}</a>' for a in authors)
        head = (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(page.title)} - {SITE_NAME}</title>"
            f'<link rel="canonical" href="{url}"><meta property="og:type" content="article">'
            f'<meta name="description" content="{escape(body[0][:150])}">'
            f'<script type="application/ld+json">{json.dumps(ld)}</script>'
        )
        story = (
            f'<div class="layout-section"><article class="default__ArticleBody">'
            f'<div class="headline-container"><h1 class="headline">{escape(page.title)}</h1></div>'
            f'<div class="byline-container">By {byline}<time datetime="{published}">'
            f"{page.published:%B %-d, %Y at %-I:%M %p} UTC</time></div>"
            f'<div class="article-body">{content}</div></article>'
            f'<aside class="trending"><h2>Trending</h2><ol>{trending}</ol></aside></div>'
        )
        nav = (
            f'<div id="fusion-app"><header class="site-header"><nav class="nav-sections">'
            f"<ul>{self.menu('arc')}</ul></nav></header>"
        )
        global_content = {
            "_id": self.bulk.ident().upper() * 4,
            "type": "story",
            "canonical_url": page.path,
            "headlines": {"basic": page.title},
            "credits": {"by": [{"type": "author", "name": a} for a in authors]},
            "display_date": published,
            "content_elements": [
                {"type": "text", "_id": self.bulk.ident(), "content": p} for p in body
            ],
            "taxonomy": {"primary_section": {"_id": f"/{page.section}", "name": page.section}},
        }
        fusion = "window.Fusion=window.Fusion||{};Fusion.globalContent=" + json.dumps(
            global_content
        )
        fixed = head + nav + story + fusion + self.footer()
        fill = self._fill(fixed, target)
        cache = json.dumps(self.bulk.tracking_json(fill * 3 // 10))
        style = self.bulk.css(fill // 10)
        script = self.bulk.script(fill // 10)
        rail = self.rail(fill // 2, "Most read")
        return (
            f"{head}<style>{style}</style></head><body>{nav}<main>{story}{rail}</main>"
            f"{self.footer()}</div>"
            f'<script id="fusion-metadata" type="application/javascript">{fusion};'
            f"Fusion.contentCache={cache};</script><script>{script}</script></body></html>"
        )

    def _nextjs(self, page: PageInfo, body: list[str], authors: list[str], target: int) -> str:
        url = self.base_url + page.path
        published = page.published.isoformat().replace("+00:00", "Z")
        h = self.bulk.ident
        p_class, wrap = f"Paragraph_paragraph__{h()}", f"ArticleBody_wrapper__{h()}"
        content = self._body_html(
            body,
            f' class="{p_class}"',
            f'<div class="AdSlot_container__{h()}" data-ad="mid-{{n}}"></div>',
            f'<h2 class="Subheading_h2__{h()}">{{text}}</h2>',
        )
        related = self.related(page, self.rng.randint(6, 14))
        cards = "".join(
            f'<div class="Card_card__{h()}"><a class="Card_link__{h()}" href="{t.path}">'
            f'<span class="Card_title__{h()}">{escape(t.title)}</span></a></div>'
            for t in related
        )
        head = (
            f'<!DOCTYPE html><html lang="en-GB"><head><meta charSet="utf-8">'
            f"<title>{escape(page.title)} | {SITE_NAME}</title>"
            f'<meta property="og:type" content="article">'
            f'<meta property="og:title" content="{escape(page.title)}">'
            f'<meta property="og:url" content="{url}">'
            f'<meta property="og:site_name" content="{SITE_NAME}">'
            f'<meta property="article:published_time" content="{published}">'
            f'<meta name="byl" content="By {escape(" & ".join(authors))}">'
        )
        main = (
            f'<main id="main-content"><article class="{wrap}"><header>'
            f'<h1 id="main-heading" class="Headline_h1__{h()}">{escape(page.title)}</h1>'
            f'<div class="Byline_byline__{h()}"><span>By {escape(" & ".join(authors))}</span>'
            f'<time datetime="{published}">{page.published:%-d %B %Y}</time></div></header>'
            f'<div class="ArticleBody_body__{h()}">{content}</div></article>'
            f'<section class="Related_related__{h()}"><h2>More on this story</h2>{cards}'
            f"</section></main>"
        )
        nav = (
            f'<div id="__next"><header class="Header_header__{h()}"><nav>'
            f"<ul>{self.menu('nextjs')}</ul></nav></header>"
        )
        fixed = head + nav + main + self.footer()
        fill = self._fill(fixed, target)
        data = {
            "props": {
                "pageProps": {
                    "article": {
                        "headline": page.title,
                        "bylines": authors,
                        "firstPublished": published,
                        "blocks": [{"type": "paragraph", "model": {"text": p}} for p in body],
                    },
                    "related": [{"title": t.title, "href": t.path} for t in related],
                    "ads": self.bulk.tracking_json(max(0, fill - 2000) // 3),
                }
            },
            "page": "/news/[id]",
            "buildId": h(),
        }
        style = self.bulk.css(max(0, fill - 2000) // 6)
        rail = self.rail(max(0, fill - 2000) // 2, "Recommended for you")
        return (
            f'{head}<style data-emotion="css">{style}</style></head><body>{nav}{main}'
            f"{rail}{self.footer()}</div>"
            f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'
            "</body></html>"
        )

    def _legacy(self, page: PageInfo, body: list[str], authors: list[str], target: int) -> str:
        ad = (
            '<div class="ad" align="center"><script type="text/javascript">'
            "document.write('<scr'+'ipt src=\"/ads/show.js?zone={n}\"></scr'+'ipt>');"
            "</script></div>"
        )
        content = self._body_html(body, "", ad, "<p><b>{text}</b></p>")
        link_table = "".join(
            "<tr>"
            + "".join(
                f'<td><a href="/{s}/">{escape(w.capitalize())}</a></td>'
                for s, w in zip(
                    self.rng.sample(SECTIONS, 4), self.rng.sample(_WORDS[100:], 4), strict=True
                )
            )
            + "</tr>"
            for _ in range(self.rng.randint(15, 40))
        )
        more = "".join(
            f'<li><a href="{t.path}">{escape(t.title)}</a></li>'
            for t in self.related(page, self.rng.randint(3, 8))
        )
        if len(authors) == 1:
            byline = f"By {authors[0].upper()}"
        else:
            byline = f"By {authors[0]}, {authors[1]} | Staff Writers"
        head = (
            f'<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN"><html><head>'
            f'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            f"<title>{SITE_NAME} :: {page.section.capitalize()} :: {escape(page.title)}</title>"
            f'<meta name="date" content="{page.published:%Y-%m-%d}">'
            f'<meta name="author" content="{escape(authors[0])}">'
            f'<meta name="keywords" content="{page.section}, news, {SITE_NAME}">'
        )
        story = (
            f'<td id="story" valign="top" width="620"><div class="section-label">'
            f"{page.section.upper()}</div><h1>{escape(page.title)}</h1>"
            f'<span class="byline">{escape(byline)}</span><br>'
            f'<span class="dateline">{page.published:%B %-d, %Y %-I:%M %p} GMT</span>'
            f'<div class="storytext">{content}</div>'
            f'<div class="more"><b>More stories</b><ul>{more}</ul></div></td>'
        )
        nav = f'<table class="nav" width="100%" cellpadding="2">{link_table}</table>'
        fixed = head + nav + story + self.footer()
        fill = self._fill(fixed, target)
        scripts = "".join(
            f'<script type="text/javascript">{self.bulk.script(fill // 8)}</script>'
            for _ in range(3)
        )
        style = self.bulk.css(fill // 8)
        rail = self.rail(fill // 2, "Around the web")
        return (
            f'{head}<style type="text/css">{style}</style>{scripts}</head>'
            f'<body bgcolor="#ffffff"><table width="980" align="center"><tr><td colspan="2">'
            f'<a href="/"><img src="/img/logo.gif" alt="{SITE_NAME}"></a></td></tr>'
            f'<tr><td colspan="2">{nav}</td></tr><tr>{story}'
            f'<td valign="top" class="rail">{self._sidebar()}</td></tr></table>'
            f"{rail}{self.footer()}</body></html>"
        )

    def _sidebar(self) -> str:
        return "".join(
            f'<p class="rail-item"><a href="{t.path}">{escape(t.title)}</a></p>'
            for t in self.rng.sample(self.teasers, 6)
        )

    def _listing(self, page: PageInfo, target: int) -> str:
        if page.path.startswith("/tag/"):
            pool = self.rng.sample(self.teasers, 30)
        else:
            pool = [t for t in self.teasers if t.section == page.section][:30]
        teasers = "".join(
            f'<div class="teaser"><h3><a href="{t.path}">{escape(t.title)}</a></h3>'
            f"<p>{escape(' '.join(self.prose.words(self.rng.randint(12, 25))))}.</p></div>"
            for t in pool
        )
        ld = {"@context": "https://schema.org", "@type": "CollectionPage", "name": page.title}
        head = (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(page.title)} - {SITE_NAME}</title>"
            f'<meta property="og:type" content="website">'
            f'<script type="application/ld+json">{json.dumps(ld)}</script>'
        )
        main = (
            f"<header><nav><ul>{self.menu('listing')}</ul></nav></header><main>"
            f'<h1 class="section-title">{escape(page.title)}</h1>{teasers}</main>'
        )
        fill = self._fill(head + main + self.footer(), target)
        return (
            f"{head}<style>{self.bulk.css(fill // 2)}</style></head><body>{main}"
            f"{self.footer()}<script>{self.bulk.script(fill // 2)}</script></body></html>"
        )

    def home(self) -> str:
        latest = "".join(
            f'<li><h3><a href="{t.path}">{escape(t.title)}</a></h3></li>' for t in self.teasers[:40]
        )
        sections = "".join(f'<li><a href="/{s}/">{s.capitalize()}</a></li>' for s in SECTIONS)
        return (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{SITE_NAME}'
            f'</title><meta property="og:type" content="website"></head><body><nav><ul>'
            f"{sections}</ul></nav><main><h1>{SITE_NAME}</h1><ul>{latest}</ul></main>"
            f"{self.footer()}</body></html>"
        )


def _sitemap(urls: list[tuple[str, str | None]]) -> str:
    entries = "".join(
        f"<url><loc>{escape(u)}</loc>" + (f"<lastmod>{m}</lastmod>" if m else "") + "</url>"
        for u, m in urls
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    )


def write_sitemaps(
    root: Path, base_url: str, entries: list[tuple[str, str | None]], disallow: list[str]
) -> None:
    """Sitemaps of ``SITEMAP_SIZE`` (URL, lastmod) entries, their index, and a robots.txt
    that disallows ``disallow`` and names the index: how the crawl finds every page."""
    (root / "sitemaps").mkdir(exist_ok=True)
    sitemaps = []
    for number, start in enumerate(range(0, len(entries), SITEMAP_SIZE), 1):
        name = f"sitemaps/sitemap-{number}.xml"
        (root / name).write_text(_sitemap(entries[start : start + SITEMAP_SIZE]), "utf-8")
        sitemaps.append(f"{base_url}/{name}")
    index = "".join(f"<sitemap><loc>{escape(u)}</loc></sitemap>" for u in sitemaps)
    (root / "sitemap_index.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{index}'
        "</sitemapindex>",
        encoding="utf-8",
    )
    rules = "".join(f"Disallow: {path}\n" for path in disallow)
    (root / "robots.txt").write_text(
        f"User-agent: *\n{rules}\nSitemap: {base_url}/sitemap_index.xml\n", encoding="utf-8"
    )


def generate_site(root: Path, base_url: str, pages: int = 2000, seed: int = 1) -> SiteManifest:
    """Write the site under ``root`` (created) and return what was written."""
    generator = SiteGenerator(base_url, pages, seed)
    manifest = SiteManifest(root=root, base_url=generator.base_url, seed=seed)
    sizes: list[int] = []
    for page in generator.plan:
        html = generator.render(page)
        target = path_to_file(root, page.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = html.encode("utf-8")
        target.write_bytes(data)
        sizes.append(len(data))
        manifest.pages.append(page)
    path_to_file(root, "/").write_text(generator.home(), encoding="utf-8")
    for name in STATIC_PAGES:
        path_to_file(root, f"/{name}/").parent.mkdir(parents=True, exist_ok=True)
        path_to_file(root, f"/{name}/").write_text(generator.static_page(name), encoding="utf-8")
    entries: list[tuple[str, str | None]] = [
        (manifest.url(p), p.published.strftime("%Y-%m-%dT%H:%M:%SZ")) for p in manifest.pages
    ]
    write_sitemaps(root, generator.base_url, entries, disallow=["/search", "/account/"])
    manifest.total_bytes = sum(sizes)
    manifest.min_bytes, manifest.max_bytes = min(sizes), max(sizes)
    return manifest


def iter_pages(manifest: SiteManifest) -> Iterator[tuple[str, str]]:
    """``(url, html)`` of every sitemap page, read back from disk."""
    for page in manifest.pages:
        yield manifest.url(page), manifest.file(page).read_text(encoding="utf-8")


def write_jsonl(manifest: SiteManifest, path: Path) -> int:
    """Write ``{url, html}`` lines for every sitemap page; returns the number of lines."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for url, html in iter_pages(manifest):
            out.write(json.dumps({"url": url, "html": html}, ensure_ascii=False) + "\n")
            count += 1
    return count


# -- static server ---------------------------------------------------------------------------

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
}


ROUTES_FILE = "_routes.json"
"""Optional, in the served root: ``{path[?query]: [file relative to the root, Content-Type]}``
(the corpus site of ``corpus_site.py``: real pages' paths and each page's charset). Paths not
in it are served from the file tree as usual."""


class StaticHandler(BaseHTTPRequestHandler):
    """GET/HEAD of files under ``server.root`` (or of ``server.routes``), HTTP/1.1
    keep-alive, no logging."""

    protocol_version = "HTTP/1.1"
    server_version = "sitegen"

    def do_GET(self) -> None:
        self._serve(with_body=True)

    def do_HEAD(self) -> None:
        self._serve(with_body=False)

    def _serve(self, with_body: bool) -> None:
        root: Path = self.server.root  # type: ignore[attr-defined]
        path = urlsplit(self.path).path
        routes = self._routes(root)
        route = routes.get(self.path) or routes.get(path)
        file = root / route[0] if route else path_to_file(root, path)
        try:
            if ".." in Path(path).parts:
                raise FileNotFoundError(path)
            data = file.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            data = b"not found"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
        else:
            self.send_response(200)
            ctype = route[1] if route else _TYPES.get(file.suffix, "application/octet-stream")
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if with_body:
            self.wfile.write(data)

    def _routes(self, root: Path) -> dict[str, list[str]]:
        """The root's ``_routes.json``, read once it exists (the benchmark starts the server,
        to learn its port, before it writes the site)."""
        routes = self.server.routes  # type: ignore[attr-defined]
        if routes is None:
            file = root / ROUTES_FILE
            if not file.is_file():
                return {}
            routes = self.server.routes = json.loads(file.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
        return routes

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(root: Path, port: int = 0) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", port), StaticHandler)
    server.daemon_threads = True
    server.root = root  # type: ignore[attr-defined]
    server.routes = None  # type: ignore[attr-defined]
    print(f"http://127.0.0.1:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="write a site (and optionally its JSON Lines)")
    gen.add_argument("root", type=Path)
    gen.add_argument("--base-url", default="http://127.0.0.1:8000/")
    gen.add_argument("--pages", type=int, default=2000)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--jsonl", type=Path, default=None)
    srv = commands.add_parser("serve", help="serve a directory on 127.0.0.1")
    srv.add_argument("root", type=Path)
    srv.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(args.root, args.port)
        return 0
    manifest = generate_site(args.root, args.base_url, args.pages, args.seed)
    if args.jsonl:
        write_jsonl(manifest, args.jsonl)
    print(json.dumps(manifest.to_json(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
