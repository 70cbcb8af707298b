"""Rows read straight from the pages of a SQLite file that SQLite itself can no longer open.

When the list of tables (sqlite_master) is damaged, or the file was cut short,
SQLite refuses the whole file. The format is documented
(https://www.sqlite.org/fileformat2.html): each table is a b-tree of pages from
its root page; a leaf page holds records (a header of serial types, then the
values), long records continue on overflow pages. This module walks those trees
and skips any page it cannot read, so every row on a readable page is found.
It reads the main file only: changes still in a -wal journal are SQLite's to read.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Iterator

from cchc.i18n import _

MAGIC = b"SQLite format 3\x00"
LEAF, INTERIOR = 0x0D, 0x05  # table b-tree pages
_SIZES = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8, 7: 8, 8: 0, 9: 0}
_ENCODINGS = {1: "utf-8", 2: "utf-16-le", 3: "utf-16-be"}


class Unreadable(Exception):
    """A page or a record that does not hold what the format says it must."""


class Pages:
    """The pages of one file; `rows(root)` walks a table's b-tree, counting what it had to skip."""

    def __init__(self, path: Path):
        self.data = path.read_bytes()
        header = self.data[:100]
        if len(header) < 100 or not header.startswith(MAGIC):
            raise Unreadable(_("the file header is damaged or missing"))
        size = int.from_bytes(header[16:18], "big")
        self.page_size = 65536 if size == 1 else size
        self.usable = self.page_size - header[20]
        self.encoding = _ENCODINGS.get(int.from_bytes(header[56:60], "big"), "utf-8")
        if self.page_size < 512 or self.page_size & (self.page_size - 1) or self.usable < 480:
            raise Unreadable(_("the file header is damaged or missing"))
        self.skipped_pages = 0  # pages of the last walk that could not be read
        self.skipped_rows = 0  # cells of readable pages that could not be decoded

    def schema(self) -> list[tuple]:
        """The readable entries of sqlite_master: (type, name, tbl_name, rootpage, sql)."""
        return [tuple(values[:5]) + (None,) * (5 - len(values)) for _rowid, values in self.rows(1)]

    def rows(self, root: int) -> Iterator[tuple[int, list]]:
        """(rowid, values) of every readable row of the table whose b-tree starts at `root`."""
        self.skipped_pages = self.skipped_rows = 0
        yield from self._walk(root, set())

    # -- b-tree pages ------------------------------------------------------------------
    def _page(self, number: int) -> bytes:
        start = (number - 1) * self.page_size
        if number < 1 or start + self.page_size > len(self.data):
            raise Unreadable(f"page {number}")
        return self.data[start:start + self.page_size]

    def _walk(self, number: int, seen: set[int]) -> Iterator[tuple[int, list]]:
        try:
            if number in seen:
                raise Unreadable(f"page {number} twice")
            seen.add(number)
            page, at = self._page(number), 100 if number == 1 else 0
            kind, cells = page[at], int.from_bytes(page[at + 3:at + 5], "big")
            if kind not in (LEAF, INTERIOR):
                raise Unreadable(f"page {number} kind {kind}")
            head = at + (8 if kind == LEAF else 12)
            pointers = [int.from_bytes(page[head + 2 * i:head + 2 * i + 2], "big") for i in range(cells)]
        except Unreadable:
            self.skipped_pages += 1
            return
        if kind == INTERIOR:
            children = [int.from_bytes(page[p:p + 4], "big") for p in pointers if p + 4 <= len(page)]
            for child in children + [int.from_bytes(page[at + 8:at + 12], "big")]:
                yield from self._walk(child, seen)
            return
        for pointer in pointers:
            try:
                yield self._cell(page, pointer)
            except (Unreadable, IndexError, struct.error, ValueError):
                self.skipped_rows += 1

    def _cell(self, page: bytes, at: int) -> tuple[int, list]:
        size, at = varint(page, at)
        rowid, at = varint(page, at)
        rowid -= (rowid >> 63) << 64  # two's complement
        local = self._local(size)
        payload = page[at:at + local]
        if local < size:
            payload += self._overflow(int.from_bytes(page[at + local:at + local + 4], "big"), size - local)
        if len(payload) != size:
            raise Unreadable("payload")
        return rowid, self._record(payload)

    def _local(self, size: int) -> int:
        """How much of a payload of `size` bytes the leaf holds (the file format's formula)."""
        most = self.usable - 35
        if size <= most:
            return size
        least = (self.usable - 12) * 32 // 255 - 23
        kept = least + (size - least) % (self.usable - 4)
        return kept if kept <= most else least

    def _overflow(self, number: int, missing: int) -> bytes:
        chunks, seen = [], set()
        while missing > 0:
            if number in seen:
                raise Unreadable("overflow loop")
            seen.add(number)
            page = self._page(number)
            chunk = page[4:4 + min(self.usable - 4, missing)]
            chunks.append(chunk)
            missing -= len(chunk)
            number = int.from_bytes(page[:4], "big")
        return b"".join(chunks)

    def _record(self, payload: bytes) -> list:
        header, at = varint(payload, 0)
        if not 0 < header <= len(payload):
            raise Unreadable("record header")
        types = []
        while at < header:
            kind, at = varint(payload, at)
            types.append(kind)
        values, at = [], header
        for kind in types:
            size = _SIZES.get(kind, (kind - 12) // 2 if kind >= 12 else None)
            if size is None or at + size > len(payload):
                raise Unreadable("record value")
            values.append(self._value(kind, payload[at:at + size]))
            at += size
        return values

    def _value(self, kind: int, data: bytes):
        if kind in (0, 8, 9):
            return None if kind == 0 else kind - 8
        if kind <= 6:
            return int.from_bytes(data, "big", signed=True)
        if kind == 7:
            return struct.unpack(">d", data)[0]
        if kind % 2 == 0:
            return bytes(data)
        return data.decode(self.encoding, "replace")


def varint(data: bytes, at: int) -> tuple[int, int]:
    """SQLite's variable-length integer at `at`: (value, offset after it)."""
    value = 0
    for i in range(9):
        byte = data[at + i]
        if i == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    raise Unreadable("varint")
