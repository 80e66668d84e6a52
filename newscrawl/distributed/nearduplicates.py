"""Near-duplicate flags across the workers of a run: the SimHash bands in Redis.

Each worker's dedupe pipeline flags an article whose SimHash is within
``NEWSCRAWL_NEAR_DUPLICATE_BITS`` of one written earlier in the run
(:class:`~newscrawl.normalize.simhash.NearDuplicateIndex`). Kept per process, a worker would
only see its own share of the run, so a wire story that two workers wrote under two
publishers would go unflagged. Here the band tables are Redis hashes of the run (one per
band: band value → ``"<fingerprint hex>:<article id>,"`` entries), and looking up and adding
are one Lua step: two workers that extract near-duplicates at the same moment cannot both
miss each other. Same bands, same answers as the in-process index; the hashes go with the
run's other keys when its last worker leaves.
"""

from __future__ import annotations

from scrapy.crawler import Crawler

from newscrawl.distributed.crawler import shared_run
from newscrawl.distributed.run import SharedRun
from newscrawl.normalize.simhash import NearDuplicateIndex
from newscrawl.pipelines.dedupe import DedupePipeline

# KEYS: the band hashes, in band order. ARGV: the fingerprint (16 hex digits), this article's
# key, the maximum distance, then each band's value. Returns the key of the first earlier
# fingerprint within the distance (in band order, then insertion order), or false; adds the
# fingerprint unless the very same one is there already.
FLAG = """
local function popcount32(x)
    local count = 0
    for i = 0, 31 do
        count = count + bit.band(bit.rshift(x, i), 1)
    end
    return count
end
local fingerprint, name, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])
local hi = tonumber(string.sub(fingerprint, 1, 8), 16)
local lo = tonumber(string.sub(fingerprint, 9, 16), 16)
local found = false
local entries = {}
for band = 1, #KEYS do
    local value = redis.call('HGET', KEYS[band], ARGV[3 + band]) or ''
    entries[band] = value
    if not found then
        for other, other_name in string.gmatch(value, '(%x+):([^,]+),') do
            local bits = popcount32(bit.bxor(hi, tonumber(string.sub(other, 1, 8), 16)))
                + popcount32(bit.bxor(lo, tonumber(string.sub(other, 9, 16), 16)))
            if bits <= limit then
                found = other_name
                break
            end
        end
    end
end
-- The very same fingerprint sits in every band's bucket, the first one included.
if not string.find(entries[1], fingerprint .. ':', 1, true) then
    local entry = fingerprint .. ':' .. name .. ','
    for band = 1, #KEYS do
        redis.call('HSET', KEYS[band], ARGV[3 + band], entries[band] .. entry)
    end
end
return found
"""


class RedisNearDuplicateIndex:
    """:class:`~newscrawl.normalize.simhash.NearDuplicateIndex`'s ``flag``, shared by a run."""

    def __init__(self, run: SharedRun, max_distance: int = 7) -> None:
        self.run = run
        self.layout = NearDuplicateIndex(max_distance)  # its band arithmetic; nothing is kept in it
        self.keys = [run.key(f"near:{band}") for band in range(self.layout.bands)]
        run.register_keys(*self.keys)

    def flag(self, fingerprint: int, name: str) -> str | None:
        found = self.run.client.eval(
            FLAG,
            len(self.keys),
            *self.keys,
            f"{fingerprint:016x}",
            name,
            self.layout.max_distance,
            *self.layout.band_keys(fingerprint),
        )
        return found or None


class SharedDedupePipeline(DedupePipeline):
    """The dedupe pipeline with the run's near-duplicate index in Redis (the add-on puts it
    in :class:`~newscrawl.pipelines.dedupe.DedupePipeline`'s place)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedDedupePipeline:
        pipeline = super().from_crawler(crawler)
        if pipeline.near is not None:
            bits = crawler.settings.getint("NEWSCRAWL_NEAR_DUPLICATE_BITS", 7)
            pipeline.near = RedisNearDuplicateIndex(shared_run(crawler), bits)
        return pipeline
