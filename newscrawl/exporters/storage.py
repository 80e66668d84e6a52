"""A local feed storage whose JSON Lines survive a SIGKILL: no torn line, nothing buffered.

Scrapy's ``FileFeedStorage`` writes through a buffered file: a killed crawl loses the items
still in the buffer and may leave half a line at the end, which an append on resume then
glues to the next record. This storage opens the file unbuffered, so each record is one
``write()`` of a whole line (the JSON Lines exporter writes one item per call), and before
appending it cuts a torn tail left by an earlier crash.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import IO, Any

from scrapy.extensions.feedexport import FileFeedStorage

logger = logging.getLogger(__name__)


def cut_torn_tail(path: Path) -> int:
    """Truncate ``path`` after its last newline; returns the number of bytes removed."""
    if not path.exists():
        return 0
    size = path.stat().st_size
    if size == 0:
        return 0
    with path.open("rb+") as handle:
        chunk = 1 << 16
        position = size
        while position > 0:
            start = max(0, position - chunk)
            handle.seek(start)
            data = handle.read(position - start)
            newline = data.rfind(b"\n")
            if newline != -1:
                keep = start + newline + 1
                break
            position = start
        else:
            keep = 0
        if keep < size:
            handle.truncate(keep)
            handle.flush()
            os.fsync(handle.fileno())
    return size - keep


class LineSafeFileStorage(FileFeedStorage):
    """``FileFeedStorage`` with unbuffered appends and torn-tail repair."""

    def open(self, spider: Any) -> IO[bytes]:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.write_mode == "ab":
            removed = cut_torn_tail(path)
            if removed:
                logger.warning("cut a torn last line (%d bytes) from %s", removed, path)
        return path.open(self.write_mode, buffering=0)
