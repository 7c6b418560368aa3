"""The default store: an index directory (rag.index) loaded into this process.

Dense search runs on the loaded FAISS index; BM25 and the evidence IDF table are built
from the chunks on first use and kept for the life of this version.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from rag.chunking import Chunk
from rag.documents import Document
from rag.index import Index, live_version_name, load_index, search_vectors
from rag.text import content_terms

if TYPE_CHECKING:
    import numpy as np


def bm25_tokenize(texts: list[str], stemmer: Any) -> Any:
    """The one BM25 tokenizer of every store: English stopwords, Snowball stems."""
    import bm25s

    return bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False)


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

    def _bm25_index(self) -> Any:
        with self._lock:
            if self._bm25 is None:
                import bm25s
                import Stemmer

                self._stemmer = Stemmer.Stemmer("english")
                bm25 = bm25s.BM25()
                bm25.index(bm25_tokenize([c.text for c in self.index.chunks], self._stemmer), show_progress=False)
                self._bm25 = bm25
        return self._bm25

    def lexical(self, query: str, n: int) -> list[tuple[Hashable, float]]:
        if not self.index.chunks:
            return []
        bm25 = self._bm25_index()
        with self._lock:  # the stemmer is not thread-safe
            tokens = bm25_tokenize([query], self._stemmer)
        if not tokens.ids or not tokens.ids[0]:
            return []
        n = min(n, len(self.index.chunks))
        ids, scores = bm25.retrieve(tokens, k=n, show_progress=False, n_threads=1)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if s > 0]

    def term_idf(self, terms: list[str]) -> tuple[dict[str, float], float]:
        with self._lock:
            if self._idf is None:
                df: dict[str, int] = {}
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
