"""Stored pages (WARC, HTML files, JSON Lines) as input to the extraction pipelines.

``newscrawl extract`` runs the ``stored`` spider (:mod:`newscrawl.spiders.stored`), which
feeds the pages that :func:`iter_stored_pages` reads through the same item pipelines as a crawl.
"""

from newscrawl.offline.readers import InputError, StoredPage, iter_stored_pages

__all__ = ["InputError", "StoredPage", "iter_stored_pages"]
