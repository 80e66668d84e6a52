"""Near-duplicate fingerprints: a wire story republished with a new headline or footer.

A 64-bit SimHash over word 3-shingles (Charikar 2002): texts that share most shingles get
fingerprints a few bits apart. :class:`NearDuplicateIndex` finds an earlier fingerprint within
``max_distance`` bits using the pigeonhole trick (split into ``max_distance + 1`` bands; two
fingerprints that close agree exactly on at least one band), so a lookup touches only a
handful of candidates instead of every article of the crawl. Written here because no
maintained library in our dependencies offers it (datasketch's MinHash needs numpy and more
memory per document).
"""

from __future__ import annotations

import hashlib
import re

_WORD = re.compile(r"\w+")
_BITS = 64


def simhash(text: str, shingle: int = 3) -> int:
    """64-bit SimHash of the casefolded word ``shingle``-grams of ``text``."""
    words = _WORD.findall(text.casefold())
    if len(words) < shingle:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i : i + shingle]) for i in range(len(words) - shingle + 1)]
    if not grams:
        return 0
    # Count, per bit position, how many shingle hashes have it set: transposing the binary
    # strings does the 64 column counts in C instead of a Python loop per bit.
    bits = [
        format(int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big"), "064b")
        for g in grams
    ]
    half = len(bits) / 2
    columns = ("".join(column).count("1") for column in zip(*bits, strict=True))
    return int("".join("1" if ones > half else "0" for ones in columns), 2)


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

    def _keys(self, fingerprint: int) -> list[int]:
        mask = (1 << self._width) - 1
        return [fingerprint >> (band * self._width) & mask for band in range(self.bands)]

    def find(self, fingerprint: int) -> str | None:
        """The key of an earlier near-duplicate, or ``None``."""
        for table, key in zip(self._tables, self._keys(fingerprint), strict=True):
            for other in table.get(key, ()):
                if distance(fingerprint, other) <= self.max_distance:
                    return self._names[other]
        return None

    def add(self, fingerprint: int, name: str) -> None:
        if fingerprint in self._names:  # an identical fingerprint is already findable
            return
        self._names[fingerprint] = name
        for table, key in zip(self._tables, self._keys(fingerprint), strict=True):
            table.setdefault(key, []).append(fingerprint)
