"""SimHash fingerprints and the banded index that finds near-duplicates."""

from __future__ import annotations

import random

from newscrawl.normalize.simhash import NearDuplicateIndex, distance, simhash, simhash_hex


def prose(seed: int, words: int = 300) -> str:
    rng = random.Random(seed)
    vocabulary = [f"w{n}" for n in range(5000)]
    return " ".join(rng.choices(vocabulary, k=words))


def test_same_text_same_fingerprint_and_case_or_spacing_do_not_count() -> None:
    text = prose(1)
    assert simhash(text) == simhash(text.upper().replace(" ", "  \n"))


def test_an_edited_copy_is_close_and_another_text_is_far() -> None:
    text = prose(2)
    edited = text + " this story was provided by a news agency"
    assert distance(simhash(text), simhash(edited)) <= 7
    assert distance(simhash(text), simhash(prose(3))) > 15


def test_index_finds_only_near_fingerprints() -> None:
    index = NearDuplicateIndex(max_distance=7)
    base = simhash(prose(4))
    index.add(base, "first")
    assert index.find(base ^ 0b1011) == "first"  # 3 bits apart
    assert index.find(base ^ ((1 << 64) - 1)) is None  # every bit differs
    assert index.find(simhash(prose(5))) is None


def test_empty_and_tiny_texts_do_not_fail() -> None:
    assert simhash("") == 0
    assert isinstance(simhash("one two"), int)


def test_fingerprints_are_stable_across_versions() -> None:
    """Records of earlier runs and other tools compare fingerprints: a faster implementation
    must give the same bits (values computed by the first implementation)."""
    assert simhash_hex("one two") == "07cb8d1ae909ec5d"
    assert simhash_hex("Alpha beta gamma delta.") == "0018802444820188"
    assert simhash_hex(prose(1)) == "07d5e3513a6c5829"
