"""clean_text skips its whitespace regexes on texts they cannot change."""

from __future__ import annotations

import re

from newscrawl.normalize.text import _OTHER_SPACES, _normalize_characters


def test_other_spaces_are_what_the_whitespace_regex_reads_besides_space_and_newline() -> None:
    # The horizontal-space regex is skipped when a text holds none of these and no two
    # spaces in a row: the list must hold every character that ``\s`` matches.
    spaces = {chr(code) for code in range(0x110000) if re.match(r"\s", chr(code))}
    assert set(_OTHER_SPACES) == spaces - {" ", "\n"}
    assert len(_OTHER_SPACES) == len(set(_OTHER_SPACES))


def test_spacing_and_line_breaks_still_normalized() -> None:
    assert _normalize_characters("a  b\tc\xa0d\u3000e") == "a b c d e"
    assert _normalize_characters("a\r\nb\rc\u2028d\x85e") == "a\nb\nc\nd\ne"
    assert _normalize_characters("plain text, one space") == "plain text, one space"
