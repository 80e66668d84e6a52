"""The bundled demo: three small invented news sites served on loopback.

``sites/<slug>/`` holds the static files of one site (HTML pages, ``robots.txt``, sitemaps,
feeds) plus ``expected.jsonl``, the hand-checked record of every article on it.
:mod:`newscrawl.demo.server` serves the sites, each on its own ``127.0.0.1`` port, and
:mod:`newscrawl.demo.expected` loads the expectations.
"""
