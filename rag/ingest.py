"""Bring an index up to date with a set of files (CLI `rag ingest` and UI uploads).

Incremental: files whose content hash is unchanged keep their vectors; only new and
changed files are embedded, and files no longer present are dropped. When nothing
changed, neither the embedding model is loaded nor the index rewritten. A damaged or
foreign previous index is not trusted for reuse: it is rebuilt from scratch.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rag.config import Settings
from rag.documents import Document, Skipped, load_documents
from rag.embedding import Embedder
from rag.errors import IndexInvalidError, IndexMissingError, RagError
from rag.index import Index, IngestStats, build_index, load_index, save_index


@dataclass(frozen=True)
class IngestResult:
    index: Index
    stats: IngestStats
    skipped: list[Skipped]
    seconds: float
    warning: str | None = None
    saved: bool = True


def previous_index(index_dir: Path, embedder_id: str) -> tuple[Index | None, str | None]:
    """The index to update, or None with the reason it cannot be reused."""
    try:
        return load_index(index_dir, embedder_id), None
    except IndexMissingError:
        return None, None
    except IndexInvalidError as err:
        return None, f"{err} Rebuilding it from scratch."


def update_index(
    docs: list[Document],
    skipped: list[Skipped],
    index_dir: Path,
    settings: Settings,
    embedder: Embedder,
    progress_total: Callable[[int], None] | None = None,
    progress: Callable[[int], None] | None = None,
    current: Index | None = None,
) -> IngestResult:
    """Make `index_dir` hold exactly `docs`, embedding only what changed. `current` is the
    index already loaded from `index_dir`, if the caller has it (saves reading it again)."""
    t0 = time.perf_counter()
    previous, warning = (current, None) if current is not None else previous_index(index_dir, embedder.id)
    old = previous.documents if previous else {}
    new = {d.source: d for d in docs}
    unchanged = previous is not None and set(old) == set(new) and all(old[s].sha256 == d.sha256 for s, d in new.items())
    if unchanged:
        stats = IngestStats(0, 0, 0, len(docs), 0)
        return IngestResult(previous, stats, skipped, time.perf_counter() - t0, warning, saved=False)
    index, stats = build_index(
        docs, embedder, max_chars=settings.chunking.max_chars, overlap=settings.chunking.overlap_sentences,
        approximate_above=settings.retrieval.approximate_above, previous=previous,
        on_total=progress_total, progress=progress,
    )
    save_index(index, index_dir)
    return IngestResult(index, stats, skipped, time.perf_counter() - t0, warning)


def ingest_paths(
    paths: list[Path], index_dir: Path, settings: Settings, embedder: Embedder, **progress: Callable[[int], None]
) -> IngestResult:
    docs, skipped = load_documents(paths, settings.limits.max_file_bytes)
    if not docs:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in skipped[:5])
        raise RagError(f"No usable .txt or .md files in {', '.join(map(str, paths))}" + (f" ({reasons})." if reasons else "."))
    return update_index(docs, skipped, index_dir, settings, embedder, **progress)


def add_files(
    files: list[Path], index: Index, index_dir: Path, settings: Settings, embedder: Embedder,
    **progress: Callable[[int], None],
) -> tuple[IngestResult | None, list[Skipped]]:
    """Add uploaded files to `index` (same name = replace). Bad files are refused by name and
    leave the index exactly as it was; if none is usable, nothing is written at all."""
    from rag.documents import read_document

    fresh: list[Document] = []
    refused: list[Skipped] = []
    for f in files:
        doc, skip = read_document(f, f.name, settings.limits.max_file_bytes)
        if skip or doc is None:
            refused.append(skip or Skipped(f.name, "unusable"))
        elif not f.name.lower().endswith((".txt", ".md")):
            refused.append(Skipped(f.name, "only .txt and .md files can be added"))
        else:
            fresh.append(doc)
    if not fresh:
        return None, refused
    docs = {**index.documents, **{d.source: d for d in fresh}}
    return update_index(list(docs.values()), [], index_dir, settings, embedder, current=index, **progress), refused
