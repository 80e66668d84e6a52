"""Minimal Scrapy settings for running the ``stored`` spider in tests, apart from the
project's own settings (which other components change)."""

BOT_NAME = "newscrawl-tests"
SPIDER_MODULES = ["newscrawl.spiders.stored"]
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
ROBOTSTXT_OBEY = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
EXTENSIONS = {"tests.support.stats_dump.StatsDumpExtension": 0}
