"""Learned site templates in Redis: the counts every worker of every run adds, shared.

The same interface and rules as :class:`newscrawl.state.templates.TemplateStore` (the SQLite
one): per site, in how many articles each short line was (one hash per site, line key →
articles) and how many articles the site has (one hash, site → articles). Workers merge
their counts when they close; each worker reads what earlier runs learned when it opens.
"""

from __future__ import annotations

import redis

from newscrawl.normalize.template import LineCounter
from newscrawl.state.templates import PRUNE_AFTER_ARTICLES

# A line one article of this run had counts only where the line is known already (storing
# each would store every article's lines); HINCRBY alone would create it.
_INCREMENT_IF_KNOWN = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
    return redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
end
return 0
"""


class RedisTemplateStore:
    def __init__(self, client: redis.Redis, key: str) -> None:
        self.client = client
        self.sites_key = f"{key}:sites"
        self.lines_prefix = f"{key}:lines:"
        self._increment_if_known = client.register_script(_INCREMENT_IF_KNOWN)

    def learned(self, min_articles: int, min_share: float) -> dict[str, frozenset[int]]:
        learned = {}
        for site, articles in self.client.hgetall(self.sites_key).items():
            least = max(min_articles, min_share * int(articles))
            counts = self.client.hgetall(self.lines_prefix + site)
            keys = frozenset(int(key) for key, n in counts.items() if int(n) >= least)
            if keys:
                learned[site] = keys
        return learned

    def merge(self, counter: LineCounter, min_share: float) -> None:
        pipe = self.client.pipeline(transaction=False)
        for site, articles in counter.articles.items():
            pipe.hincrby(self.sites_key, site, articles)
            lines_key = self.lines_prefix + site
            for key, n in counter.lines.get(site, {}).items():
                if n > 1:
                    pipe.hincrby(lines_key, str(key), n)
                else:
                    self._increment_if_known(keys=[lines_key], args=[str(key)], client=pipe)
        pipe.execute()
        self._prune(min_share)

    def _prune(self, min_share: float) -> None:
        """Forget lines far below the learning share of sites with many articles (as the
        SQLite store does), so the hashes stay small."""
        for site, articles in self.client.hgetall(self.sites_key).items():
            if int(articles) < PRUNE_AFTER_ARTICLES:
                continue
            lines_key = self.lines_prefix + site
            rare = [
                key
                for key, n in self.client.hgetall(lines_key).items()
                if int(n) < min_share / 4 * int(articles)
            ]
            if rare:
                self.client.hdel(lines_key, *rare)

    def close(self) -> None:
        """The client is the shared run's; it closes with it."""
