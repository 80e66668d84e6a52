"""Build small WARC files for the offline reader tests (warcio's ``WARCWriter``)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

METADATA = b"outlink: http://example.com/x\n"
DNS = b"20240506070809\nexample.com. 60 IN A 192.0.2.1\n"


@dataclass
class WarcBuilder:
    """Writes records to ``path`` and remembers the offset of each (for expected sources)."""

    path: Path
    gzip: bool = True
    offsets: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._fh = self.path.open("wb")
        self._writer = WARCWriter(self._fh, gzip=self.gzip)

    def __enter__(self) -> WarcBuilder:
        return self

    def __exit__(self, *exc: object) -> None:
        self._fh.close()

    def _write(self, record: object) -> int:
        offset = self._fh.tell()
        self._writer.write_record(record)
        self.offsets.append(offset)
        return offset

    def warcinfo(self) -> int:
        return self._write(self._writer.create_warcinfo_record(self.path.name, {"software": "t"}))

    def request(self, url: str) -> int:
        headers = StatusAndHeaders(
            "GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True
        )
        record = self._writer.create_warc_record(
            url, "request", payload=io.BytesIO(b""), length=0, http_headers=headers
        )
        return self._write(record)

    def response(
        self,
        url: str,
        body: bytes,
        *,
        status: str = "200 OK",
        headers: list[tuple[str, str]] | None = None,
        content_type: str | None = "text/html; charset=utf-8",
        date: str | None = "2024-05-06T07:08:09Z",
    ) -> int:
        """An HTTP response record; ``body`` is stored as is (chunk or compress it first)."""
        all_headers = [("Content-Type", content_type)] if content_type else []
        all_headers += headers or []
        http = StatusAndHeaders(status, all_headers, protocol="HTTP/1.1")
        warc_headers = {"WARC-Date": date} if date else None
        record = self._writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http,
            warc_headers_dict=warc_headers,
        )
        return self._write(record)

    def revisit(self, url: str) -> int:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = self._writer.create_warc_record(
            url, "revisit", payload=io.BytesIO(b""), length=0, http_headers=http
        )
        return self._write(record)

    def metadata(self, url: str) -> int:
        record = self._writer.create_warc_record(
            url,
            "metadata",
            payload=io.BytesIO(METADATA),
            length=len(METADATA),
            warc_content_type="application/warc-fields",
        )
        return self._write(record)

    def dns(self, host: str) -> int:
        record = self._writer.create_warc_record(
            f"dns:{host}",
            "response",
            payload=io.BytesIO(DNS),
            length=len(DNS),
            warc_content_type="text/dns",
        )
        return self._write(record)


def chunked(body: bytes, size: int = 7) -> bytes:
    """``body`` in HTTP/1.1 chunked transfer-encoding, ``size`` bytes per chunk."""
    parts = [
        b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size])
        for i in range(0, len(body), size)
    ]
    return b"".join(parts) + b"0\r\n\r\n"
