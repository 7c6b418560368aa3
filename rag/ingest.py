"""Bring an index up to date: `rag ingest`, UI uploads and `rag remove`.

Every change is a read-modify-write of the live index under the index's writer lock
(`rag.locking`): read what `CURRENT` names *now* (never a copy held in memory that
another writer may have replaced), apply the change, publish with compare-and-swap.

Each document remembers its origin: the folder or file it was ingested from, or
`upload`. `rag ingest PATH` updates the documents that came from PATH (new, changed,
and removed when the file vanished from PATH, reported by name) and leaves every other
document alone, so an upload survives the next `make run`. Uploaded files are copied
into `<index>/uploads/` and stay until removed, so a rebuild from scratch (a damaged
index) still has them. A name belongs to one origin: a file whose name is already
indexed from elsewhere is skipped with the reason, never silently swapped.

Incremental: unchanged files (same sha256) keep their vectors; when nothing changed the
embedding model is not loaded and nothing is written.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rag.config import Settings
from rag.documents import UPLOAD, Document, Skipped, load_documents, origin_of, read_document
from rag.embedding import Embedder
from rag.errors import IndexInvalidError, IndexMissingError, NotIndexedError, RagError
from rag.index import Index, IngestStats, build_index, live_version_name, load_index, save_index
from rag.locking import writer_lock

if TYPE_CHECKING:
    from rag.store import Store

UPLOADS = "uploads"
Wait = Callable[[str], None]


@dataclass(frozen=True)
class IngestResult:
    index: "Index | Store"
    stats: IngestStats
    skipped: list[Skipped]
    seconds: float
    warning: str | None = None
    saved: bool = True
    removed: list[str] = field(default_factory=list)


def uploads_dir(index_dir: Path) -> Path:
    return index_dir / UPLOADS


@dataclass(frozen=True)
class _Base:
    """What a change is built on: the live index (None if missing or unusable), the name
    `CURRENT` held when it was read (for the compare-and-swap), and why it was not usable."""

    index: Index | None
    version: str | None
    warning: str | None = None


def _live(index_dir: Path, embedder_id: str, held: "Index | Store | None" = None) -> _Base:
    """The live index to update (reusing `held`, an Index or the file store over one, if it
    is still the live version). Call holding the writer lock."""
    held = getattr(held, "index", held)  # a FileStore holds its Index
    version = live_version_name(index_dir)
    if held is not None and held.path == index_dir and held.version == version:
        return _Base(held, version)
    try:
        index = load_index(index_dir, embedder_id)
        return _Base(index, index.version)
    except IndexMissingError:
        return _Base(None, version)
    except IndexInvalidError as err:
        return _Base(None, version, f"{err} Rebuilding it from scratch.")


def _publish(
    docs: list[Document], base: _Base, index_dir: Path, settings: Settings, embedder: Embedder,
    skipped: list[Skipped], removed: list[str], t0: float, **progress: Callable[[int], None],
) -> IngestResult:
    """Write `docs` as the new live version (unless nothing changed); the caller holds the lock."""
    previous, warning = base.index, base.warning
    old = previous.documents if previous else {}
    new = {d.source: d for d in docs}
    same = set(old) == set(new) and all(
        old[s].sha256 == d.sha256 and old[s].origin == d.origin and old[s].reading() == d.reading()
        for s, d in new.items()
    )
    if previous is not None and same:
        stats = IngestStats(0, 0, 0, len(docs), 0)
        return IngestResult(previous, stats, skipped, time.perf_counter() - t0, warning, saved=False)
    index, stats = build_index(
        docs, embedder, max_chars=settings.chunking.max_chars, overlap=settings.chunking.overlap_sentences,
        approximate_above=settings.retrieval.approximate_above, previous=previous,
        on_total=progress.get("progress_total"), progress=progress.get("progress"),
    )
    save_index(index, index_dir, expected=base.version)
    return IngestResult(index, stats, skipped, time.perf_counter() - t0, warning, removed=removed)


def _uploaded_documents(index_dir: Path, max_bytes: int) -> list[Document]:
    """The managed copies of uploaded files, for rebuilding an index from scratch."""
    folder = uploads_dir(index_dir)
    if not folder.is_dir():
        return []
    docs = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            doc, _ = read_document(path, path.name, max_bytes, UPLOAD)
            if doc:
                docs.append(doc)
    return docs


def shard_of(name: str, shards: int) -> int:
    """The shard (0-based) a file name belongs to: the same on every machine and run."""
    return int.from_bytes(hashlib.sha1(name.encode("utf-8")).digest()[:8], "big") % shards


def _claimed_elsewhere(other: Document | None) -> str | None:
    """Where `other` (an indexed document of the same name) came from, if that origin still
    holds it: an upload, or a folder that exists. An index from before origins were kept
    claims nothing, and neither does a folder that no longer exists (the project was
    moved): the folder that has the file now takes it over."""
    if other is None or not other.origin:
        return None
    if other.origin == UPLOAD:
        return "an upload"
    return other.origin if Path(other.origin).exists() else None


def ingest_paths(
    paths: list[Path], index_dir: Path, settings: Settings, embedder: Embedder,
    on_wait: Wait | None = None, shard: tuple[int, int] | None = None, recreate: bool = False,
    **progress: Callable[[int], None],
) -> IngestResult:
    """Update the documents that came from `paths`; documents from elsewhere are kept.
    `shard` (i, n), 1-based: only the files whose name falls in share i of n (each of n
    machines ingests its share into one shared store)."""
    t0 = time.perf_counter()
    loaded, skipped = load_documents(paths, settings.limits.max_file_bytes)
    if not loaded:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in skipped[:5])
        raise RagError(f"No usable documents in {', '.join(map(str, paths))}" + (f" ({reasons})." if reasons else "."))
    mine: Callable[[str], bool] = lambda name: True  # noqa: E731
    if shard is not None:
        mine = lambda name: shard_of(name, shard[1]) == shard[0] - 1  # noqa: E731
        loaded = [d for d in loaded if mine(d.source)]
    roots = {origin_of(p) for p in paths if p.exists()}
    if settings.store:
        from rag.store.ingest import ingest_into_store

        return ingest_into_store(loaded, roots, mine, skipped, settings, embedder, t0, recreate, **progress)
    with writer_lock(index_dir, settings.limits.writer_wait_s, on_wait):
        base = _live(index_dir, embedder.id)
        previous = base.index
        if previous is not None:
            # Another machine's share of the same folder is not ours to update or remove.
            kept = {s: d for s, d in previous.documents.items() if d.origin not in roots or not mine(s)}
        else:
            kept = {d.source: d for d in _uploaded_documents(index_dir, settings.limits.max_file_bytes)}
        docs: dict[str, Document] = {}
        for doc in loaded:
            where = _claimed_elsewhere(kept.get(doc.source))
            if where is not None:
                skipped.append(Skipped(doc.source, f"a document of this name is already indexed from {where}; "
                                                   f"`rag remove {doc.source}` first to replace it"))
                continue
            kept.pop(doc.source, None)
            docs[doc.source] = doc
        removed = sorted(s for s, d in (previous.documents.items() if previous else ())
                         if d.origin in roots and s not in docs and mine(s))
        result = _publish([*kept.values(), *docs.values()], base, index_dir, settings, embedder,
                          skipped, removed, t0, **progress)
    return result


def add_files(
    files: list[tuple[Path, str]], index_dir: Path, settings: Settings, embedder: Embedder,
    held: "Index | Store | None" = None, on_wait: Wait | None = None, **progress: Callable[[int], None],
) -> tuple[IngestResult | None, list[Skipped]]:
    """Add uploaded files, given as (temporary path, file name). Each accepted file is kept
    in `<index>/uploads/` until removed; the same name replaces an earlier upload. Bad
    files are refused by name and leave the index as it was; if none is usable, nothing
    is written. `held` is the caller's loaded index, reused only if it is still live."""
    t0 = time.perf_counter()
    fresh: list[Document] = []
    refused: list[Skipped] = []
    originals: dict[str, bytes] = {}
    for path, name in files:
        name = Path(name).name
        doc, skip = read_document(path, name, settings.limits.max_file_bytes, UPLOAD)
        if skip or doc is None:
            refused.append(skip or Skipped(name, "unusable"))
        elif name.startswith("."):
            refused.append(Skipped(name, "hidden files are not added"))
        else:
            fresh.append(doc)
            originals[name] = path.read_bytes()
    if not fresh:
        return None, refused
    if settings.store:
        from rag.store.ingest import add_to_store

        return add_to_store(fresh, originals, refused, settings, embedder, t0, **progress)
    with writer_lock(index_dir, settings.limits.writer_wait_s, on_wait):
        base = _live(index_dir, embedder.id, held)
        previous = base.index
        docs = dict(previous.documents) if previous else {d.source: d for d in _uploaded_documents(
            index_dir, settings.limits.max_file_bytes)}
        accepted = []
        for doc in fresh:
            other = docs.get(doc.source)
            if other is not None and other.origin not in (UPLOAD, ""):
                refused.append(Skipped(doc.source, f"a document of this name is already indexed from {other.origin}"))
                continue
            accepted.append(doc)
        if not accepted:
            return None, refused
        for doc in accepted:
            _keep_copy(index_dir, doc, originals[doc.source])
            docs[doc.source] = doc
        result = _publish(list(docs.values()), base, index_dir, settings, embedder, [], [], t0, **progress)
    return result, refused


def _keep_copy(index_dir: Path, doc: Document, data: bytes) -> None:
    """Store the uploaded file itself under `<index>/uploads/` (write, fsync, rename)."""
    folder = uploads_dir(index_dir)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{doc.source}.tmp-{os.getpid()}"
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, folder / doc.source)


class _NoEmbedding:
    """Stands in for the embedder when a change embeds nothing (a removal): no model loads."""

    def __init__(self, index: Index) -> None:
        self.id, self.dim = index.embedder_id, index.dim

    def encode(self, texts: list[str]):  # pragma: no cover - a removal never embeds
        raise AssertionError("a removal must not embed anything")


def check_indexed(names: list[str], indexed: "Iterable[str]") -> None:
    """NotIndexedError naming every name of `names` that is not indexed, and some that are."""
    have = set(indexed)
    missing = [n for n in names if n not in have]
    if missing:
        raise NotIndexedError(f"Not in the index: {', '.join(missing)} (indexed: {', '.join(sorted(have)[:10])}).")


def remove_documents(
    names: list[str], index_dir: Path, settings: Settings, on_wait: Wait | None = None,
) -> IngestResult:
    """Remove documents by name (and their uploaded copies). Unknown names: NotIndexedError,
    and nothing is changed."""
    t0 = time.perf_counter()
    if settings.store:
        from rag.store.ingest import remove_from_store

        return remove_from_store(names, settings, t0)
    with writer_lock(index_dir, settings.limits.writer_wait_s, on_wait):
        previous = load_index(index_dir)
        check_indexed(names, previous.documents)
        docs = [d for s, d in previous.documents.items() if s not in names]
        base = _Base(previous, previous.version)
        result = _publish(docs, base, index_dir, settings, _NoEmbedding(previous), [], sorted(names), t0)
        for name in names:
            if previous.documents[name].origin == UPLOAD:
                (uploads_dir(index_dir) / name).unlink(missing_ok=True)
    return result

