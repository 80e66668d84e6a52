"""HTML → article fields.

``article.extract_article`` is the one entry point: it parses a page once, reads its
structured metadata (``metadata``), decides article or listing (``pagetype``), takes out the
visible byline (``byline``) and sign-up boxes (``prune``), runs trafilatura for the body, and
picks the headline (``headline``). ``pool`` runs it in worker processes.
"""
