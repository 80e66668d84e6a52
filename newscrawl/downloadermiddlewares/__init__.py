"""Downloader middlewares: what happens between a request and its response.

* ``retry``: Scrapy's retry, but waiting: ``Retry-After`` honoured, exponential backoff with
  jitter, without blocking the reactor.
* ``safety``: refuse non-http(s) URLs and private/loopback addresses the crawl was not
  pointed at (redirects and links alike).
* ``charset``: read a page in the encoding its bytes are in when the declared one is wrong.
* ``compression`` / ``redirect``: Scrapy's own, plus an entry in the run report for what they
  silently discard (a gzip bomb, a redirect loop).
"""
