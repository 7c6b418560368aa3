"""The default store: an index directory (rag.index) loaded into this process.

Dense search runs on the loaded FAISS index; BM25 (memory-mapped) and the evidence IDF
table are read from the version on first use (rag.lexical), or built from the chunks for
an index saved without them.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.chunking import Chunk
from rag.documents import Document
from rag.index import Index, live_version_name, load_index, search_vectors
from rag.lexical import BM25_DIR, bm25_top, build_bm25, load_bm25, query_terms, read_termdf
from rag.text import content_terms

if TYPE_CHECKING:
    import numpy as np


class FileStore:
    """One loaded version of an index directory."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.documents = index.documents
        self.embedder_id, self.dim = index.embedder_id, index.dim
        self.version = index.version
        self._bm25: Any = None
        self._stemmer: Any = None
        self._idf: dict[str, float] | None = None
        self._lock = threading.Lock()

    @property
    def chunks(self) -> list[Chunk]:
        return self.index.chunks

    def location(self) -> str:
        return f"{self.index.path}/{self.version}" if self.index.path else "in-memory"

    def live_version(self) -> str | None:
        return live_version_name(self.index.path) if self.index.path else self.version

    def reopen(self) -> "FileStore":
        if self.index.path is None or self.live_version() in (None, self.version):
            return self
        return FileStore(load_index(self.index.path, self.embedder_id))

    def catalog(self) -> dict[str, Document]:
        return self.documents

    def chunk(self, key: Hashable) -> Chunk:
        return self.index.chunks[int(key)]  # type: ignore[arg-type]

    def dense(self, vector: "np.ndarray", n: int) -> list[tuple[Hashable, float]]:
        n = min(n, len(self.index.chunks))
        if n <= 0:
            return []
        scores, ids = search_vectors(self.index.faiss_index, self.index.vectors, vector, n)
        return [(int(i), float(s)) for i, s in zip(ids, scores) if i >= 0]

    def _version_dir(self) -> Path | None:
        return self.index.path / self.version if self.index.path and self.version else None

    def _bm25_index(self) -> Any:
        with self._lock:
            if self._bm25 is None:
                import Stemmer

                self._stemmer = Stemmer.Stemmer("english")
                folder = self._version_dir()
                saved = load_bm25(folder / BM25_DIR) if folder else None
                self._bm25 = saved if saved is not None else build_bm25([c.text for c in self.index.chunks])
        return self._bm25

    def lexical(self, query: str, n: int) -> list[tuple[Hashable, float]]:
        if not self.index.chunks:
            return []
        bm25 = self._bm25_index()
        with self._lock:  # the stemmer is not thread-safe
            terms = query_terms(bm25, query, self._stemmer)
        return list(bm25_top(bm25, terms, n))

    def term_idf(self, terms: list[str]) -> tuple[dict[str, float], float]:
        with self._lock:
            if self._idf is None:
                folder = self._version_dir()
                saved = read_termdf(folder) if folder else None
                if saved is not None:
                    df, _ = saved
                else:  # an index saved before the table was kept, or one never saved
                    df = {}
                    for chunk in self.index.chunks:
                        for t in set(content_terms(chunk.text)):
                            df[t] = df.get(t, 0) + 1
                n = max(len(self.index.chunks), 1)
                self._idf = {t: math.log(1 + n / c) for t, c in df.items()}
                self._idf[""] = math.log(1 + n)
        idf = self._idf
        return {t: idf[t] for t in terms if t in idf and t}, idf[""]


def as_store(source: Any) -> Any:
    """A store from a store or a loaded Index (tests and callers that hold an Index)."""
    return FileStore(source) if isinstance(source, Index) else source
