"""Near-duplicate fingerprints: a wire story republished with a new headline or footer.

A 64-bit SimHash over word 3-shingles (Charikar 2002): texts that share most shingles get
fingerprints a few bits apart. :class:`NearDuplicateIndex` finds an earlier fingerprint within
``max_distance`` bits using the pigeonhole trick (split into ``max_distance + 1`` bands; two
fingerprints that close agree exactly on at least one band), so a lookup touches only a
handful of candidates instead of every article of the crawl. Written here because no
maintained library in our dependencies offers it (datasketch's MinHash needs numpy and more
memory per document).

Measured on the gold bodies of ../shared/corpus (216 texts over 80 words): of 23,220 pairs of
different articles none is within 7 bits (closest: 15); a copy whose last paragraph is
replaced by an agency footer is within 7 bits in 73% of cases (median distance 6). Hence the
default threshold of 7 (``NEWSCRAWL_NEAR_DUPLICATE_BITS``): flags are rare and trustworthy,
and some edited copies go unflagged. About 1.2 ms for a 900-word text.
"""

from __future__ import annotations

import hashlib
import re

_WORD = re.compile(r"\w+")
_BITS = 64


MAX_WORDS = 2000
"""Only the first words count: a republished copy keeps the story's body, and a long text
must not cost the crawler's main process more than a millisecond or two."""

# _BIT_MASKS[b] has bit b set in each of MAX_WORDS bytes (no text has more grams than words):
# a byte column of the hashes read as one int, ANDed with it, has as many set bits as hashes
# with bit b set there. One int AND and bit_count per bit instead of a bytes.translate and a
# count: simhash of a generated page's text 0.87 -> 0.64 ms (real pages 0.71 -> 0.55).
_BIT_MASKS = [int.from_bytes(b"\x01" * MAX_WORDS) << bit for bit in range(8)]


def simhash(text: str, shingle: int = 3) -> int:
    """64-bit SimHash of the casefolded word ``shingle``-grams of ``text``."""
    words = _WORD.findall(text.casefold())[:MAX_WORDS]
    if len(words) < shingle:
        grams = [" ".join(words)] if words else []
    else:
        # zip of shifted lists (shorter by one each: zip stops at the last whole gram), not a
        # slice per gram: 15 % of the function's time
        shifted = (words[i:] for i in range(shingle))
        grams = list(map(" ".join, zip(*shifted, strict=False)))
    if not grams:
        return 0
    digests = b"".join([hashlib.blake2b(g.encode(), digest_size=8).digest() for g in grams])
    half = len(grams) / 2
    fingerprint = 0
    for byte in range(8):  # big-endian: byte 0 holds bits 63..56
        column = int.from_bytes(digests[byte::8])
        for bit in range(8):
            if (column & _BIT_MASKS[bit]).bit_count() > half:
                fingerprint |= 1 << ((7 - byte) * 8 + bit)
    return fingerprint


def simhash_hex(text: str) -> str:
    """:func:`simhash` as the record stores it: 16 lowercase hex digits."""
    return f"{simhash(text):016x}"


def distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


class NearDuplicateIndex:
    """Fingerprints seen so far, searchable for one within ``max_distance`` bits."""

    def __init__(self, max_distance: int = 7) -> None:
        self.max_distance = max_distance
        self.bands = max_distance + 1
        self._width = _BITS // self.bands
        # Each band maps its bits to the fingerprints that have them; the fingerprint object is
        # shared by all bands and its name stored once (memory per article stays small).
        self._tables: list[dict[int, list[int]]] = [{} for _ in range(self.bands)]
        self._names: dict[int, str] = {}

    def flag(self, fingerprint: int, name: str) -> str | None:
        """The key of an earlier near-duplicate, or ``None``; then ``name`` is findable."""
        earlier = self.find(fingerprint)
        self.add(fingerprint, name)
        return earlier

    def band_keys(self, fingerprint: int) -> list[int]:
        """Each band's bits of ``fingerprint``, band 0 the lowest."""
        mask = (1 << self._width) - 1
        return [fingerprint >> (band * self._width) & mask for band in range(self.bands)]

    def find(self, fingerprint: int) -> str | None:
        """The key of an earlier near-duplicate, or ``None``."""
        for table, key in zip(self._tables, self.band_keys(fingerprint), strict=True):
            for other in table.get(key, ()):
                if distance(fingerprint, other) <= self.max_distance:
                    return self._names[other]
        return None

    def add(self, fingerprint: int, name: str) -> None:
        if fingerprint in self._names:  # an identical fingerprint is already findable
            return
        self._names[fingerprint] = name
        for table, key in zip(self._tables, self.band_keys(fingerprint), strict=True):
            table.setdefault(key, []).append(fingerprint)
