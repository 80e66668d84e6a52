"""Spiders discover and fetch pages; they never extract article fields.

Each spider yields :class:`newscrawl.items.FetchedPage` items; the extraction pipeline turns
them into articles. ``news`` (``news.py``) is the generic one, driven by URLs or site files.
"""
