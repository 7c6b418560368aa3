"""Question → ranked passages: dense FAISS and lexical BM25, fused by reciprocal rank.

Dense search finds paraphrases; BM25 finds the rare names and figures that a small
embedding model blurs. Reciprocal-rank fusion needs no score calibration between the
two. Both raw scores are kept on each passage for display and for abstaining.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.chunking import Chunk
from rag.store.files import as_store

if TYPE_CHECKING:
    import numpy as np

    from rag.embedding import Embedder
    from rag.index import Index
    from rag.store import Store


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its fused score and the two scores it came from."""

    chunk: Chunk
    score: float
    dense: float | None
    bm25: float | None


class Retriever:
    """Hybrid retrieval over one store: its dense and lexical results fused by rank."""

    def __init__(self, store: "Store | Index", embedder: "Embedder", candidates: int = 30, rrf_k: int = 60,
                 other_sources: int = 2) -> None:
        self.store = as_store(store)
        self.other_sources = other_sources
        self.embedder = embedder
        self.candidates = candidates
        self.rrf_k = rrf_k

    def lexical(self, query: str, n: int) -> list[tuple[Hashable, float]]:
        return self.store.lexical(query, n)

    def dense(self, query_vector: "np.ndarray", n: int) -> list[tuple[Hashable, float]]:
        return self.store.dense(query_vector, n)

    def search(self, query: str, top_k: int, query_vector: "np.ndarray | None" = None) -> list[Passage]:
        """The `top_k` best passages for `query`, best first, then the best passage of each
        source not among them that ranks within `other_sources` × `top_k`."""
        if query_vector is None:
            query_vector = self.embedder.encode([query])[0]
        dense = self.dense(query_vector, self.candidates)
        lexical = self.lexical(query, self.candidates)
        fused: dict[Hashable, float] = {}
        for ranking in (dense, lexical):
            for rank, (key, _) in enumerate(ranking):
                fused[key] = fused.get(key, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        dense_of, lexical_of = dict(dense), dict(lexical)
        chunks = {}
        for key in list(fused):
            try:
                chunks[key] = self.store.chunk(key)
            except KeyError:  # its document was replaced or removed by a writer since the search
                del fused[key]
        # Ties break on the chunk's place in its document, the same in every store.
        ranked = sorted(fused, key=lambda k: (-fused[k], chunks[k].source, chunks[k].start))
        best = ranked[:top_k]
        # Each source close to the top is heard: a second report of the same event whose best
        # passage ranks just below the cut would otherwise be left out of the comparison.
        heard = {chunks[k].source for k in best}
        for k in ranked[top_k : self.other_sources * top_k]:
            if chunks[k].source not in heard:
                heard.add(chunks[k].source)
                best.append(k)
        best += _naming(query, best, [k for k, _ in lexical if k in chunks], chunks)
        return [Passage(chunks[k], fused[k], dense_of.get(k), lexical_of.get(k)) for k in best]


def _naming(query: str, best: list[Hashable], lexical: list[Hashable], chunks: dict) -> list[Hashable]:
    """For each name the question gives ("Whom did Kublai Khan invite to return to *Qufu*?")
    that no chosen passage holds, the best lexical passage that does: a passage about the
    question's commoner names outranks it in the fusion, and without it the evidence cannot
    hold the name, so the question reads as about something the documents never mention."""
    from rag.text import term_set, words

    held = set().union(*(term_set(chunks[k].text) for k in best)) if best else set()
    names = [w for i, w in enumerate(words(query)) if i and w[:1].isupper()]
    added: list[Hashable] = []
    for name in names:
        terms = term_set(name)
        if not terms or terms <= held:
            continue
        k = next((k for k in lexical if terms <= term_set(chunks[k].text) and k not in best and k not in added), None)
        if k is not None:
            added.append(k)
            held |= term_set(chunks[k].text)
    return added
