"""`rag ingest`, uploads and `rag remove` against the PostgreSQL store.

The same rules as the file store (rag.ingest): documents remember their origin, a path
updates only what came from it, a name indexed from elsewhere is skipped with the reason,
an upload keeps its original bytes. What differs is the unit of change: each file is its
own transaction (rag.store.postgres.write_document), so many writers on many machines can
ingest into one store at once, and a writer killed mid-file leaves that file as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from rag.chunking import Chunk, chunk_text
from rag.config import Settings
from rag.documents import UPLOAD, Document, Skipped
from rag.embedding import Embedder
from rag.index import IngestStats, embed_texts
from rag.ingest import IngestResult, _claimed_elsewhere, check_indexed
from rag.store.postgres import PgStore, create_schema, remove_document, write_document


def _embed(todo: list[Document], settings: Settings, embedder: Embedder,
           progress: dict[str, Callable[[int], None]]) -> list[tuple[Document, list[Chunk], object]]:
    """Chunk and embed every document of `todo`, batched across documents for throughput."""
    per_doc = [(d, chunk_text(d.source, d.text, settings.chunking.max_chars, settings.chunking.overlap_sentences,
                              d.body_start)) for d in todo]
    vectors = embed_texts([c.text for _, chunks in per_doc for c in chunks], embedder,
                          on_total=progress.get("progress_total"), progress=progress.get("progress"))
    out, cursor = [], 0
    for doc, chunks in per_doc:
        out.append((doc, chunks, vectors[cursor : cursor + len(chunks)]))
        cursor += len(chunks)
    return out


def ingest_into_store(
    loaded: list[Document], roots: set[str], mine: Callable[[str], bool], skipped: list[Skipped],
    settings: Settings, embedder: Embedder, t0: float, recreate: bool = False, **progress: Callable[[int], None],
) -> IngestResult:
    """Bring the store up to date with `loaded` (read from `roots`), one transaction a file."""
    url = settings.store
    assert url
    create_schema(url, embedder.id, embedder.dim, recreate)
    existing = PgStore.open(url, embedder.id).catalog()
    todo: list[Document] = []
    unchanged = 0
    for doc in loaded:
        other = existing.get(doc.source)
        where = _claimed_elsewhere(other) if other is not None and other.origin != doc.origin else None
        if where is not None:
            skipped.append(Skipped(doc.source, f"a document of this name is already indexed from {where}; "
                                               f"`rag remove {doc.source} --store …` first to replace it"))
        elif other is not None and (other.sha256, other.origin, other.reading()) == (doc.sha256, doc.origin,
                                                                                      doc.reading()):
            unchanged += 1
        else:
            todo.append(doc)
    names = {d.source for d in loaded}
    removed = sorted(s for s, d in existing.items() if d.origin in roots and s not in names and mine(s))
    counts = {"added": 0, "updated": 0}
    embedded = 0
    for doc, chunks, vectors in _embed(todo, settings, embedder, progress):
        if write_document(url, doc, chunks, vectors):  # type: ignore[arg-type]
            counts["updated" if doc.source in existing else "added"] += 1
            embedded += len(chunks)
        else:  # another writer stored this very file meanwhile
            unchanged += 1
    gone = [s for s in removed if remove_document(url, s)]
    stats = IngestStats(counts["added"], counts["updated"], len(gone), unchanged, embedded)
    saved = bool(counts["added"] or counts["updated"] or gone)
    return IngestResult(PgStore.open(url, embedder.id), stats, skipped, time.perf_counter() - t0,
                        saved=saved, removed=gone)


def add_to_store(
    fresh: list[Document], originals: dict[str, bytes], refused: list[Skipped], settings: Settings,
    embedder: Embedder, t0: float, **progress: Callable[[int], None],
) -> tuple[IngestResult | None, list[Skipped]]:
    """Uploads into the store: each kept with its original bytes, in its own transaction."""
    url = settings.store
    assert url
    create_schema(url, embedder.id, embedder.dim)
    existing = PgStore.open(url, embedder.id).catalog()
    accepted = []
    for doc in fresh:
        other = existing.get(doc.source)
        if other is not None and other.origin not in (UPLOAD, ""):
            refused.append(Skipped(doc.source, f"a document of this name is already indexed from {other.origin}"))
        else:
            accepted.append(doc)
    if not accepted:
        return None, refused
    counts = {"added": 0, "updated": 0}
    embedded = 0
    for doc, chunks, vectors in _embed(accepted, settings, embedder, progress):
        write_document(url, doc, chunks, vectors, originals[doc.source])  # type: ignore[arg-type]
        counts["updated" if doc.source in existing else "added"] += 1
        embedded += len(chunks)
    stats = IngestStats(counts["added"], counts["updated"], 0, 0, embedded)
    return IngestResult(PgStore.open(url, embedder.id), stats, [], time.perf_counter() - t0), refused


def remove_from_store(names: list[str], settings: Settings, t0: float) -> IngestResult:
    """Remove documents by name, each in one transaction; unknown names change nothing."""
    url = settings.store
    assert url
    store = PgStore.open(url)
    check_indexed(names, store.names())
    gone = [n for n in names if remove_document(url, n)]
    stats = IngestStats(0, 0, len(gone), 0, 0)
    return IngestResult(PgStore.open(url), stats, [], time.perf_counter() - t0, removed=sorted(gone))
