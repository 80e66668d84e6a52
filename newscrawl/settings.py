"""Scrapy settings for newscrawl: polite by default, bounded on hostile servers.

Override any of these the ordinary Scrapy ways (``-s NAME=VALUE``, a spider's
``custom_settings``, ``SCRAPY_SETTINGS_MODULE``). newscrawl's own settings start with
``NEWSCRAWL_`` and are documented beside the component that reads them.
"""

from newscrawl import __version__

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"

USER_AGENT = f"newscrawl/{__version__} (+https://github.com/newscrawl/newscrawl; news archiving)"
ROBOTSTXT_OBEY = True

# Politeness: AutoThrottle adapts to each server's latency; these are its bounds.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 8
DOWNLOAD_DELAY = 0
# Scrapy's downloader lets a burst of queued requests past CONCURRENT_REQUESTS_PER_DOMAIN
# when there is no download delay (newscrawl/downloader/__init__.py).
DOWNLOADER = "newscrawl.downloader.SlotLimitedDownloader"

# Scrapy's defaults hold a slot for 180 s on a silent server and inflate responses up to
# 1 GiB (a gzip bomb peaked at 1.7 GB RSS): news pages are well under these bounds.
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_TIMES = 2

DEPTH_LIMIT = 3
DEPTH_PRIORITY = 1  # breadth-first: fronts and sections before deep archives
NEWSCRAWL_FOLLOW_ARTICLE_LINKS = False  # follow links of article pages too (not only listings)
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

# Scrapy runs each callback's output through CONCURRENT_ITEMS asyncio tasks, created per
# response even when it yields a single item (a page) or only requests (a sitemap): 100 tasks
# per page cost the crawler process about half a millisecond. Items wait in the extraction
# pool's bounded queue anyway, so 16 loses no parallelism.
CONCURRENT_ITEMS = 16

ITEM_PIPELINES = {
    "newscrawl.pipelines.extract.ExtractPipeline": 100,
    "newscrawl.pipelines.template.SiteTemplatePipeline": 200,
    "newscrawl.pipelines.dates.DatesPipeline": 300,
    "newscrawl.pipelines.bylines.BylinesPipeline": 400,
    "newscrawl.pipelines.validate.ValidatePipeline": 500,
    "newscrawl.pipelines.dedupe.DedupePipeline": 600,
}

# Output: JSON Lines through Scrapy's feed exports. %(name)s is the spider, %(time)s the start.
FEEDS = {
    "output/%(name)s/%(time)s.jsonl": {"format": "jsonlines", "encoding": "utf8"},
}
FEED_EXPORT_ENCODING = "utf-8"
FEED_STORE_EMPTY = True

EXTENSIONS = {
    "newscrawl.state.extension.CrawlStateExtension": 400,
    "newscrawl.extensions.runreport.RunReport": 500,
}
# Resumable, incremental crawls (see newscrawl/state/): what was emitted lives in SQLite, the
# dupefilter skips it, and JSON Lines are written unbuffered with torn-tail repair.
DUPEFILTER_CLASS = "newscrawl.state.dupefilter.StateDupeFilter"
FEED_STORAGES = {
    "": "newscrawl.exporters.storage.LineSafeFileStorage",
    "file": "newscrawl.exporters.storage.LineSafeFileStorage",
}
NEWSCRAWL_STATE = "output/state/%(name)s.sqlite"  # empty: no state, every run emits all
NEWSCRAWL_RESUME = False  # continue the last unfinished run (newscrawl crawl --job)
NEWSCRAWL_FULL = False  # re-emit articles earlier runs emitted (newscrawl crawl --full)
NEWSCRAWL_NEAR_DUPLICATE_BITS = 7  # SimHash bits apart that flag a near-duplicate; -1: off
NEWSCRAWL_TEMPLATE_LEARNING = True  # strip lines earlier runs saw in many of a site's articles
NEWSCRAWL_TEMPLATE_MIN_ARTICLES = 8  # ... in at least this many of them
NEWSCRAWL_TEMPLATE_MIN_SHARE = 0.25  # ... and in at least this share of them
DOWNLOADER_MIDDLEWARES = {
    # RFC 9309: a robots.txt that answers 5xx or cannot be reached means disallow-all.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawl.downloadermiddlewares.robotstxt.UnreachableMeansDisallowMiddleware": 100,
    # Outermost, so that it sees each request's final outcome after retries and redirects.
    "newscrawl.extensions.runreport.ProblemRecorderMiddleware": 50,
    # Before robots.txt (100): no non-http(s) URL, no private address the crawl was not given.
    "newscrawl.downloadermiddlewares.safety.SafetyMiddleware": 60,
    # Scrapy's retry, decompression and redirects, replaced by subclasses at the same priority:
    # retries wait (Retry-After, backoff); a gzip bomb and a redirect loop reach the report.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawl.downloadermiddlewares.retry.BackoffRetryMiddleware": 550,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "newscrawl.downloadermiddlewares.compression.ReportingHttpCompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "newscrawl.downloadermiddlewares.redirect.ReportingRedirectMiddleware": 600,
    # Responses pass from high to low: after decompression (590), a wrong charset is repaired.
    "newscrawl.downloadermiddlewares.charset.CharsetRepairMiddleware": 580,
}
NEWSCRAWL_RETRY_BACKOFF_BASE = 1.0  # seconds before a first retry, doubling, jittered; 0: none
NEWSCRAWL_RETRY_BACKOFF_MAX = 30.0  # longest backoff between two tries of one URL (seconds)
NEWSCRAWL_RETRY_AFTER_MAX = 60.0  # longest Retry-After honoured (seconds); 0: ignore the header
NEWSCRAWL_SAFETY_ENABLED = True  # refuse non-http(s) URLs and private addresses (not targets)
NEWSCRAWL_SAFETY_RESOLVE = True  # also resolve host names to catch names of private addresses
NEWSCRAWL_ALLOW_PRIVATE_HOSTS: list[str] = []  # host or host:port allowed besides the targets
NEWSCRAWL_REPORT = "output/%(name)s/%(time)s.report.json"
NEWSCRAWL_REPORT_MAX_URLS = 200  # URLs kept per kind of problem
NEWSCRAWL_MAX_ERROR_RATE = 0.5  # exit code 1 above this share of failed pages

LOG_FORMATTER = "newscrawl.logformatter.NewsLogFormatter"
LOG_LEVEL = "INFO"

# newscrawl's own settings (defaults; see the components for what each does)
NEWSCRAWL_EXTRACT_WORKERS = None  # processes for extraction; None = one per core
NEWSCRAWL_EXTRACT_MAX_PENDING = 0  # pages in extraction at once; 0 = 4 per worker
NEWSCRAWL_EXTRACT_TIMEOUT = 120.0  # seconds a page may take in a worker; 0 = no limit
NEWSCRAWL_FAVOR = "balanced"  # trafilatura mode: balanced, precision or recall
NEWSCRAWL_MIN_WORDS = 40
NEWSCRAWL_SINCE = None
NEWSCRAWL_UNTIL = None
NEWSCRAWL_EXTRA_BOILERPLATE: list[str] = []
NEWSCRAWL_OFFLINE_MAX_INFLIGHT = 64

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Many workers sharing one frontier on Redis (newscrawl/distributed/): off unless
# NEWSCRAWL_REDIS_URL is set (newscrawl crawl --redis URL); the add-on then sets scrapy-redis's
# SCHEDULER, DUPEFILTER_CLASS and queue keys, and keeps the crawl state in Redis.
ADDONS = {"newscrawl.distributed.addon.RedisFrontier": 0}
NEWSCRAWL_REDIS_URL = ""  # redis://host:port/db; empty: one process, no Redis
NEWSCRAWL_REDIS_PREFIX = "newscrawl"  # first part of every key
NEWSCRAWL_REDIS_FRONTIER = ""  # shared frontier name; empty: <prefix>:<spider>:<targets digest>
NEWSCRAWL_REDIS_WORKER = ""  # this worker's id (%(worker)s in feed URIs); empty: host-pid
NEWSCRAWL_REDIS_HEARTBEAT_TTL = 30.0  # seconds a silent (crashed) worker still counts as alive
NEWSCRAWL_REDIS_IDLE_POLL = 1.0  # seconds between looks at the frontier while waiting for work
NEWSCRAWL_REDIS_STATE_KEY = "%(prefix)s:%(name)s:state"  # shared crawl state (Redis hashes)
