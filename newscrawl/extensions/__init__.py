"""Scrapy extensions and the middleware that feeds them (run report)."""
