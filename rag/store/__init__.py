"""Where the indexed documents live, behind one interface that retrieval, evidence and the
assistant use without knowing which store they read.

Two stores: `files` (the default: an index directory of atomic versions, FAISS + BM25 in
the process) and `postgres` (one database shared by many processes and machines:
pgvector for dense search, BM25 computed in SQL from stored postings). `open_store`
picks by `RAG_STORE` / `--store`: a `postgresql://` URL, or nothing for the directory.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from rag.chunking import Chunk
from rag.documents import Document

if TYPE_CHECKING:
    import numpy as np

    from rag.config import Settings


@runtime_checkable
class Store(Protocol):
    """What answering needs from a store. Chunk keys are opaque: an int position in the
    file store, a row id in the database."""

    documents: Mapping[str, Document]
    embedder_id: str
    dim: int
    version: str

    def location(self) -> str:
        """Where this store lives and which version is loaded, for an answer's provenance."""

    def live_version(self) -> str | None:
        """The version a new reader would get now (cheap: asked once per question)."""

    def reopen(self) -> "Store":
        """This store at its live version."""

    def catalog(self) -> Mapping[str, Document]:
        """Every document by name, for listing: origin, format, metadata (the text may be left out)."""

    def chunk(self, key: Hashable) -> Chunk:
        """The chunk a search result names."""

    def dense(self, vector: "np.ndarray", n: int) -> list[tuple[Hashable, float]]:
        """Top-`n` chunks by inner product with `vector`, best first."""

    def lexical(self, query: str, n: int) -> list[tuple[Hashable, float]]:
        """Top-`n` chunks by BM25 for `query` (same tokenizer and formula in every store)."""

    def term_idf(self, terms: list[str]) -> tuple[dict[str, float], float]:
        """Inverse document frequency over chunks of each normalised term (rag.text.content_terms)
        that occurs, and the weight of an unseen term."""


def open_store(settings: "Settings", embedder_id: str | None = None) -> Store:
    """The store `settings` name, opened and checked (embedder, format version)."""
    if settings.store:
        from rag.store.postgres import PgStore

        return PgStore.open(settings.store, embedder_id)
    from rag.index import load_index
    from rag.store.files import FileStore

    return FileStore(load_index(settings.paths.index_dir, embedder_id))
