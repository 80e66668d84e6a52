"""Normalizers: pure functions that item pipelines call on extracted fields.

``dates`` (raw date strings → ISO 8601 or a counted rejection), ``bylines`` (raw bylines →
author names), ``text`` (boilerplate lines, whitespace, content hash, word count) and
``urls`` (URL canonicalization). No Scrapy imports here: every function is testable alone.
"""
