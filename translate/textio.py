"""Decoding text files the way every reader of ours reports a bad one: line and column."""

from __future__ import annotations

_BOM = b"\xef\xbb\xbf"


class NotUtf8(ValueError):
    """Bytes that are not UTF-8; ``line`` and ``column`` (1-based) locate the first bad byte."""

    def __init__(self, line: int, column: int) -> None:
        super().__init__(f"not valid UTF-8 at line {line}, column {column}")
        self.line = line
        self.column = column


def decode_utf8(data: bytes) -> str:
    """The UTF-8 text of ``data``, a leading byte-order mark dropped; NotUtf8 where it is not UTF-8."""
    data = data.removeprefix(_BOM)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        raise NotUtf8(line, column) from error
