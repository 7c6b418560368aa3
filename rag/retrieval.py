"""Question → ranked passages: dense FAISS and lexical BM25, fused by reciprocal rank.

Dense search finds paraphrases; BM25 finds the rare names and figures that a small
embedding model blurs. Reciprocal-rank fusion needs no score calibration between the
two. Both raw scores are kept on each passage for display and for abstaining.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rag.chunking import Chunk
from rag.index import search_vectors

if TYPE_CHECKING:
    import numpy as np

    from rag.embedding import Embedder
    from rag.index import Index


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its fused score and the two scores it came from."""

    chunk: Chunk
    score: float
    dense: float | None
    bm25: float | None


class Retriever:
    """Hybrid retrieval over one loaded index; the BM25 side is built on first use."""

    def __init__(self, index: "Index", embedder: "Embedder", candidates: int = 30, rrf_k: int = 60) -> None:
        self.index = index
        self.embedder = embedder
        self.candidates = candidates
        self.rrf_k = rrf_k
        self._bm25: Any = None
        self._stemmer: Any = None
        self._lock = threading.Lock()

    def _bm25_index(self) -> Any:
        with self._lock:
            if self._bm25 is None:
                import bm25s
                import Stemmer

                self._stemmer = Stemmer.Stemmer("english")
                tokens = bm25s.tokenize(
                    [c.text for c in self.index.chunks], stopwords="en", stemmer=self._stemmer, show_progress=False
                )
                bm25 = bm25s.BM25()
                bm25.index(tokens, show_progress=False)
                self._bm25 = bm25
        return self._bm25

    def lexical(self, query: str, n: int) -> list[tuple[int, float]]:
        import bm25s

        bm25 = self._bm25_index()
        with self._lock:  # the stemmer is not thread-safe
            tokens = bm25s.tokenize([query], stopwords="en", stemmer=self._stemmer, show_progress=False)
        if not tokens.ids or not tokens.ids[0]:
            return []
        n = min(n, len(self.index.chunks))
        ids, scores = bm25.retrieve(tokens, k=n, show_progress=False, n_threads=1)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if s > 0]

    def dense(self, query_vector: "np.ndarray", n: int) -> list[tuple[int, float]]:
        n = min(n, len(self.index.chunks))
        scores, ids = search_vectors(self.index.faiss_index, self.index.vectors, query_vector, n)
        return [(int(i), float(s)) for i, s in zip(ids, scores) if i >= 0]

    def search(self, query: str, top_k: int, query_vector: "np.ndarray | None" = None) -> list[Passage]:
        """The `top_k` best passages for `query`, best first."""
        if not self.index.chunks:
            return []
        if query_vector is None:
            query_vector = self.embedder.encode([query])[0]
        dense = self.dense(query_vector, self.candidates)
        lexical = self.lexical(query, self.candidates)
        fused: dict[int, float] = {}
        for ranking in (dense, lexical):
            for rank, (i, _) in enumerate(ranking):
                fused[i] = fused.get(i, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        dense_of, lexical_of = dict(dense), dict(lexical)
        best = sorted(fused, key=lambda i: (-fused[i], i))[:top_k]
        return [Passage(self.index.chunks[i], fused[i], dense_of.get(i), lexical_of.get(i)) for i in best]
