"""Discovery: where article URLs come from (site files, robots.txt, sitemaps, feeds, links).

Pure helpers used by the ``news`` spider (``newscrawl/spiders/news.py``):

* ``sitefile``: TOML site files → :class:`~newscrawl.discovery.sitefile.SiteConfig`.
* ``documents``: is a response a sitemap, a feed, an HTML page or something else.
* ``feeds``: RSS/Atom entries, parsed safely.
* ``links``: URL cleanup (tracking parameters), on-site test (host and port), URL shape.
* ``pagesignals``: cheap "article or listing" signals of a fetched page.
* ``dates``: reading sitemap/feed dates for the ``since`` filter.
"""
