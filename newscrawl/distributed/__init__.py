"""Many crawl processes sharing one frontier on Redis (scrapy-redis, extended).

Switched on by one setting, ``NEWSCRAWL_REDIS_URL`` (``newscrawl crawl --redis URL``): the
add-on (:mod:`.addon`) then puts scrapy-redis's scheduler and dupefilter in place, as
subclasses that name the frontier per run (:mod:`.scheduler`, :mod:`.dupefilter`), keeps the
crawl state in Redis so every worker skips what any earlier run emitted (:mod:`.state`),
keeps workers alive while the run has work (:mod:`.extension`, rule in :mod:`.run`) and
drops an article a second worker would write again (:mod:`.claims`). With the setting
empty nothing here is loaded and the crawl is the ordinary single-process one.

Settings (read by the add-on and the components; defaults in ``newscrawl/settings.py``):

* ``NEWSCRAWL_REDIS_URL`` — ``redis://host:port/db``; empty: off.
* ``NEWSCRAWL_REDIS_PREFIX`` — first part of every key (default ``newscrawl``).
* ``NEWSCRAWL_REDIS_FRONTIER`` — the shared frontier's name; default
  ``<prefix>:<spider>:<digest of the targets>``, so workers given the same targets share one.
* ``NEWSCRAWL_REDIS_WORKER`` — this worker's id (default ``host-pid``); ``%(worker)s`` in a
  feed URI or ``NEWSCRAWL_REPORT``.
* ``NEWSCRAWL_REDIS_HEARTBEAT_TTL`` — seconds a worker's marks live without a heartbeat: a
  crashed worker holds the others this long at most.
* ``NEWSCRAWL_REDIS_IDLE_POLL`` — seconds between looks at the frontier while waiting.
* ``NEWSCRAWL_REDIS_STATE_KEY`` — key prefix of the shared crawl state.
"""
