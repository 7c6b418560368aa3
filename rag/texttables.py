"""The text tables of a file-store version: every document and chunk, read when asked for.

At 1M chunks, reading every document's text out of one JSON file and building a `Chunk`
(with its text) for every chunk at load was most of a new process's start and, beside the
vector index, most of its memory. A version keeps instead:

    texts.bin       every document's text, UTF-8, one after the other (read by range)
    documents.json  each document's fields but its text, and where its text lies in texts.bin
    chunks.npy      a row per chunk: document number, start and end (characters in the
                    document, what citations quote) and the chunk's bytes in texts.bin

A loaded index reads a document or a chunk from texts.bin when it is asked for (pread,
rag.fileread), so the texts stay in the system's page cache, not in the process.
Loading still checks every document's text against its hash, reading the file in order.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from rag.chunking import Chunk
from rag.documents import Document
from rag.fileread import TextFile
from rag.readers import locations_from_rows, locations_to_rows

if TYPE_CHECKING:
    import numpy as np

TEXTS, DOCUMENTS, CHUNKS = "texts.bin", "documents.json", "chunks.npy"
_ROW = 5  # document number, start, end, first byte, end byte


class Damaged(Exception):
    """A text table is missing, truncated or inconsistent (the message says which)."""


class DocumentTable(Mapping[str, Document]):
    """Documents by source, each decoded from texts.bin on first use; the most recently
    used are kept (`keep`), so reading the same passages again costs nothing."""

    def __init__(self, records: dict[str, dict[str, Any]], texts: TextFile, keep: int = 64) -> None:
        self._records, self._texts, self._keep = records, texts, keep
        self._recent: OrderedDict[str, Document] = OrderedDict()
        self._lock = threading.Lock()

    def __getitem__(self, source: str) -> Document:
        with self._lock:
            doc = self._recent.get(source)
            if doc is not None:
                self._recent.move_to_end(source)
                return doc
        r = self._records[source]
        doc = Document(
            source, self._texts.read(r["offset"], r["offset"] + r["length"]), r["sha256"], dict(r["metadata"]),
            r["origin"], locations_from_rows(r["locations"]), r["body_start"], r["format"],
        )
        with self._lock:
            self._recent[source] = doc
            while len(self._recent) > self._keep:
                self._recent.popitem(last=False)
        return doc

    def __iter__(self) -> Iterator[str]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, source: object) -> bool:
        return source in self._records

    def sha256(self, source: str) -> str:
        """A document's hash without decoding its text."""
        return str(self._records[source]["sha256"])


class ChunkTable(Sequence[Chunk]):
    """Chunks by number, each built (with its text) when asked for."""

    def __init__(self, rows: "np.ndarray", sources: list[str], texts: TextFile) -> None:
        self._rows, self._sources, self._texts = rows, sources, texts

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, i: int) -> Chunk: ...
    @overload
    def __getitem__(self, i: slice) -> list[Chunk]: ...
    def __getitem__(self, i: int | slice) -> Chunk | list[Chunk]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        doc, start, end, first, last = self._rows[i].tolist()
        return Chunk(self._sources[doc], start, end, self._texts.read(first, last))

    def __iter__(self) -> Iterator[Chunk]:
        for i in range(len(self)):
            yield self[i]

    def ids_of(self, source: str) -> list[int]:
        """The numbers of one document's chunks, without building any chunk."""
        import numpy as np

        try:
            doc = self._sources.index(source)
        except ValueError:
            return []
        return np.flatnonzero(self._rows[:, 0] == doc).tolist()


def _byte_offsets(text: str, positions: set[int]) -> dict[int, int]:
    """UTF-8 byte offset of each character offset in `positions`, in one pass over `text`."""
    if text.isascii():
        return {p: p for p in positions}
    offsets, at, byte = {}, 0, 0
    for p in sorted(positions):
        byte += len(text[at:p].encode("utf-8"))
        offsets[p], at = byte, p
    return offsets


def write_tables(documents: Mapping[str, Document], chunks: Sequence[Chunk], folder: Path) -> None:
    """Write the three tables of `documents` and `chunks` into `folder` (the caller fsyncs)."""
    import numpy as np

    sources = sorted(documents)
    number = {s: i for i, s in enumerate(sources)}
    spans: dict[str, set[int]] = {}
    for c in chunks:
        spans.setdefault(c.source, set()).update((c.start, c.end))
    records, starts, byte_of = [], [], {}
    at = 0
    with open(folder / TEXTS, "wb") as fh:
        for s in sources:
            d = documents[s]
            data = d.text.encode("utf-8")
            fh.write(data)
            records.append({
                "source": s, "sha256": d.sha256, "metadata": d.metadata, "origin": d.origin, "format": d.format,
                "body_start": d.body_start, "locations": locations_to_rows(d.locations),
                "offset": at, "length": len(data), "chars": len(d.text),
            })
            starts.append(at)
            byte_of[s] = _byte_offsets(d.text, spans.get(s, set()))
            at += len(data)
    rows = np.zeros((len(chunks), _ROW), dtype=np.int64)
    for i, c in enumerate(chunks):
        base = starts[number[c.source]]
        rows[i] = (number[c.source], c.start, c.end, base + byte_of[c.source][c.start], base + byte_of[c.source][c.end])
    (folder / DOCUMENTS).write_text(json.dumps({"documents": records}, ensure_ascii=False), encoding="utf-8")
    with open(folder / CHUNKS, "wb") as fh:
        np.save(fh, rows)


def open_tables(folder: Path) -> tuple[DocumentTable, ChunkTable]:
    """Open a version's tables, checking them first (Damaged says what is wrong)."""
    import numpy as np

    try:
        records = json.loads((folder / DOCUMENTS).read_text(encoding="utf-8"))["documents"]
        texts = TextFile(str(folder / TEXTS))
        rows = np.load(folder / CHUNKS, allow_pickle=False)  # 40 MB at 1M chunks, checked whole
    except (OSError, ValueError, KeyError, TypeError):
        raise Damaged("the chunk store is missing or unreadable")
    try:
        offsets = np.array([r["offset"] for r in records], dtype=np.int64)
        lengths = np.array([r["length"] for r in records], dtype=np.int64)
        chars = np.array([r["chars"] for r in records], dtype=np.int64)
        by_source = {str(r["source"]): r for r in records}
    except (KeyError, TypeError, ValueError):
        raise Damaged("the chunk store is not valid")
    ends = np.cumsum(lengths)
    if len(by_source) != len(records) or int(ends[-1] if len(ends) else 0) != texts.size \
            or not np.array_equal(offsets, ends - lengths):
        raise Damaged("the document texts do not match their table")
    _check_hashes(folder / TEXTS, records)
    if rows.ndim != 2 or rows.shape[1] != _ROW or rows.dtype != np.int64:
        raise Damaged("the chunk table is not valid")
    if len(rows):
        doc = rows[:, 0]
        if doc.min() < 0 or doc.max() >= len(records):
            raise Damaged("a chunk names no document")
        start, end, first, last = rows[:, 1], rows[:, 2], rows[:, 3], rows[:, 4]
        if not ((0 <= start) & (start <= end) & (end <= chars[doc])
                & (offsets[doc] <= first) & (first <= last) & (last <= ends[doc])).all():
            raise Damaged("a chunk lies outside its document")
    sources = [str(r["source"]) for r in records]
    return DocumentTable(by_source, texts), ChunkTable(rows, sources, texts)


def _check_hashes(path: Path, records: list[dict[str, Any]]) -> None:
    """Every document's bytes against its hash, read in order (not mapped: nothing stays)."""
    with open(path, "rb") as fh:
        for r in records:
            if hashlib.sha256(fh.read(r["length"])).hexdigest() != r["sha256"]:
                raise Damaged("a stored document does not match its hash")
