"""newscrawl: discover, fetch and clean news articles with Scrapy and trafilatura.

Data flow: ``spiders`` discover and fetch → ``extraction`` turns HTML into fields →
``pipelines`` normalize, validate and dedupe → Scrapy feed exports write JSON Lines.
"""

__version__ = "0.1.0"
