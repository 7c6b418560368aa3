"""Build, save, load and incrementally update the index (FAISS + chunk store + manifest).

Layout of an index directory::

    index/CURRENT            name of the live version, replaced atomically
    index/v-<stamp>/         one complete version: manifest.json, texts.bin, documents.json,
                             chunks.npy (rag.texttables), vectors.npy, vectors.faiss, bm25/,
                             termdf.json
    index/terms/             per-document term counts shared by versions (rag.lexical)

A save writes a new version into a temporary directory, fsyncs every file, renames the
directory into place and only then swaps `CURRENT` (write + fsync + `os.replace`). A
crash at any moment leaves `CURRENT` naming a complete version: the old one or the new
one. Writers hold the index's writer lock (`rag.locking`) and publish with a
compare-and-swap: `CURRENT` must still name the version they built from. After the swap,
versions other than the new one and the one it replaced are removed (the previous one is
kept so a reader that has just read `CURRENT` can still open it). Loading checks the
manifest (format version, embedder, dimension, hashes) and the vector count before
anything is used, and retries when the version it was reading was replaced meanwhile.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Callable

from rag.chunking import Chunk, chunk_text
from rag.documents import Document, sha256_text
from rag.fileread import read_rows
from rag.lexical import BM25_DIR, keys_in, remove_unused_terms, save_bm25, write_termdf
from rag.readers import locations_from_rows
from rag.texttables import Damaged, open_tables, write_tables
from rag.errors import IndexConflictError, IndexInvalidError, IndexMissingError

if TYPE_CHECKING:
    import numpy as np

    from rag.embedding import Embedder

FORMAT_VERSION = 2  # 2: texts in texts.bin and chunks in chunks.npy (rag.texttables), read lazily
READABLE = (1, 2)  # 1: every text in documents.json and chunks.json, read whole (still loaded)
CURRENT = "CURRENT"
Progress = Callable[[int], None]
# Called with the name of each step of a save; tests pause or kill a writer at a named step.
STEP_HOOK: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if STEP_HOOK is not None:
        STEP_HOOK(name)


def rebuild_hint(index_dir: Path) -> str:
    return f"rebuild it with `rag ingest --index {index_dir}`"


@dataclass
class Index:
    """A loaded index: documents, their chunks, one vector per chunk and a FAISS index."""

    documents: Mapping[str, Document]  # a dict, or a DocumentTable read lazily from a saved version
    chunks: Sequence[Chunk]  # a list, or a ChunkTable
    vectors: "np.ndarray"
    embedder_id: str
    dim: int
    faiss_index: Any = None
    path: Path | None = None
    version: str = ""
    updated: str = ""

    def chunks_of(self, source: str) -> list[int]:
        ids_of = getattr(self.chunks, "ids_of", None)
        if ids_of is not None:
            return ids_of(source)
        return [i for i, c in enumerate(self.chunks) if c.source == source]


@dataclass(frozen=True)
class IngestStats:
    added: int
    updated: int
    removed: int
    unchanged: int
    chunks_embedded: int


def make_faiss(vectors: "np.ndarray", approximate_above: int) -> Any:
    """Exact inner-product search up to `approximate_above` vectors, HNSW over 8-bit SQ beyond."""
    import faiss

    dim = vectors.shape[1]
    if len(vectors) > approximate_above:
        index = faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_8bit, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.train(vectors)
        index.hnsw.efSearch = 512
    else:
        index = faiss.IndexFlatIP(dim)
    index.add(vectors)
    return index


def search_vectors(faiss_index: Any, vectors: "np.ndarray", query: "np.ndarray", n: int, rerank: int = 4) -> tuple["np.ndarray", "np.ndarray"]:
    """Top-`n` (scores, ids) by inner product. An approximate index is asked for `rerank`×n
    candidates, which are then re-scored exactly against the stored float32 vectors (only the
    candidates' rows are read from the file, rag.fileread): the 8-bit codes keep memory low, and the
    scores shown and fused are exact. Recall itself is set by the graph's efSearch."""
    import numpy as np

    q = np.ascontiguousarray(query.reshape(1, -1), dtype="float32")
    if _is_flat(faiss_index):
        scores, ids = faiss_index.search(q, n)
        return scores[0], ids[0]
    _, cand = faiss_index.search(q, n * rerank)
    cand = cand[0][cand[0] >= 0]
    order = np.sort(cand)  # read the rows in file order
    exact = read_rows(vectors, order) @ q[0]
    best = np.argsort(-exact)[:n]
    return exact[best], order[best]


def _is_flat(faiss_index: Any) -> bool:
    import faiss

    return isinstance(faiss_index, faiss.IndexFlat)


def embed_texts(
    texts: list[str], embedder: "Embedder", batch_size: int = 64,
    on_total: Progress | None = None, progress: Progress | None = None,
) -> "np.ndarray":
    """Embed `texts` in batches (across documents, for throughput), reporting progress."""
    import numpy as np

    if on_total:
        on_total(len(texts))
    parts = [np.zeros((0, embedder.dim), dtype="float32")]
    for b in range(0, len(texts), batch_size):
        batch = texts[b : b + batch_size]
        parts.append(embedder.encode(batch))
        if progress:
            progress(len(batch))
    return np.concatenate(parts)


def build_index(
    docs: list[Document],
    embedder: "Embedder",
    *,
    max_chars: int,
    overlap: int,
    approximate_above: int,
    previous: Index | None = None,
    on_total: Progress | None = None,
    progress: Progress | None = None,
    batch_size: int = 64,
) -> tuple[Index, IngestStats]:
    """Chunk and embed `docs`; reuse vectors of files whose hash is unchanged in `previous`."""
    import numpy as np

    old = previous.documents if previous else {}
    reused: dict[str, tuple[list[Chunk], np.ndarray]] = {}
    if previous:
        ids_of: dict[str, list[int]] = {}
        for i, chunk in enumerate(previous.chunks):  # one pass, not one scan per file
            ids_of.setdefault(chunk.source, []).append(i)
        for source, ids in ids_of.items():
            reused[source] = ([previous.chunks[i] for i in ids], previous.vectors[ids])
    todo: list[Chunk] = []
    per_doc: list[tuple[Document, list[Chunk] | None]] = []
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    for doc in docs:
        prev = old.get(doc.source)
        if prev is not None and prev.sha256 == doc.sha256 and prev.body_start == doc.body_start:
            counts["unchanged"] += 1
            per_doc.append((doc, None))
            continue
        counts["updated" if prev is not None else "added"] += 1
        chunks = chunk_text(doc.source, doc.text, max_chars, overlap, doc.body_start)
        todo.extend(chunks)
        per_doc.append((doc, chunks))
    new_vectors = embed_texts([c.text for c in todo], embedder, batch_size, on_total, progress)
    chunks: list[Chunk] = []
    rows: list[np.ndarray] = []
    cursor = 0
    for doc, fresh in per_doc:
        if fresh is None:
            doc_chunks, doc_vectors = reused[doc.source]
        else:
            doc_chunks, doc_vectors = fresh, new_vectors[cursor : cursor + len(fresh)]
            cursor += len(fresh)
        chunks.extend(doc_chunks)
        rows.append(doc_vectors)
    vectors = np.concatenate(rows) if rows else np.zeros((0, embedder.dim), dtype="float32")
    vectors = np.ascontiguousarray(vectors, dtype="float32")
    removed = len(set(old) - {d.source for d in docs})
    index = Index({d.source: d for d in docs}, chunks, vectors, embedder.id, embedder.dim)
    index.faiss_index = make_faiss(vectors, approximate_above)
    return index, IngestStats(counts["added"], counts["updated"], removed, counts["unchanged"], len(todo))


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_tree(path: Path) -> None:
    """fsync every file and folder under `path` (files written by libraries that do not)."""
    for item in sorted(path.rglob("*"), reverse=True):
        if item.is_file():
            with open(item, "rb") as fh:
                os.fsync(fh.fileno())
        elif item.is_dir():
            _fsync_dir(item)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def live_version_name(index_dir: Path) -> str | None:
    """The name `CURRENT` holds now (no checks), or None when there is no index yet."""
    try:
        return (index_dir / CURRENT).read_text(encoding="ascii", errors="replace").strip()
    except FileNotFoundError:
        return None


def save_index(index: Index, index_dir: Path, expected: str | None = None) -> str:
    """Write `index` as a new version of `index_dir` and make it live atomically.

    Call it holding the writer lock. `expected` is the version the new one was built from
    (None: there was none); if `CURRENT` names another, IndexConflictError, and the
    new version is not published (compare-and-swap)."""
    import faiss
    import numpy as np

    index_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    version = f"v-{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
    tmp = index_dir / f".tmp-{version}"
    tmp.mkdir()
    _step("tmp-created")
    sources = sorted(index.documents)
    counts: dict[str, int] = {}
    for c in index.chunks:
        counts[c.source] = counts.get(c.source, 0) + 1
    updated = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    manifest = {
        "format_version": FORMAT_VERSION,
        "embedder": index.embedder_id,
        "dimension": index.dim,
        "updated": updated,
        "chunks": len(index.chunks),
        "files": {
            s: {"sha256": index.documents[s].sha256, "chunks": counts.get(s, 0), "origin": index.documents[s].origin,
                "format": index.documents[s].format, "metadata": index.documents[s].metadata}
            for s in sources
        },
        "faiss": type(index.faiss_index).__name__,
    }
    write_tables(index.documents, index.chunks, tmp)  # fsynced with the rest below
    _step("documents-written")
    with open(tmp / "vectors.npy", "wb") as fh:
        np.save(fh, index.vectors)
        fh.flush()
        os.fsync(fh.fileno())
    _fsync_write(tmp / "vectors.faiss", faiss.serialize_index(index.faiss_index).tobytes())
    # Lexical tables are built here, once, so a new reader opens them instead of rebuilding them.
    save_bm25([c.text for c in index.chunks], tmp / BM25_DIR)
    write_termdf(index, index_dir, tmp)
    _fsync_tree(tmp)
    _step("vectors-written")
    _fsync_write(tmp / "manifest.json", json.dumps(manifest, indent=2).encode("utf-8"))
    _fsync_dir(tmp)
    os.rename(tmp, index_dir / version)
    _fsync_dir(index_dir)
    _step("version-renamed")
    live = live_version_name(index_dir)
    if live != expected:
        shutil.rmtree(index_dir / version, ignore_errors=True)
        raise IndexConflictError(
            f"Index {index_dir}/ changed while this update was being built (now {live}, built on {expected}); "
            "nothing was written: run the command again."
        )
    pointer = index_dir / f".{CURRENT}.tmp-{os.getpid()}"
    _fsync_write(pointer, version.encode("ascii"))
    _step("pointer-written")
    os.replace(pointer, index_dir / CURRENT)
    _fsync_dir(index_dir)
    _step("current-replaced")
    keep = {version, expected}
    remove_unused_terms(index_dir, keys_in(index_dir / version) | (keys_in(index_dir / expected) if expected else set()))
    for old in index_dir.iterdir():
        stale_tmp = old.name.startswith(".tmp-") or old.name.startswith(f".{CURRENT}.tmp-")
        if (old.name.startswith("v-") and old.name not in keep) or stale_tmp:
            # Only the lock holder creates versions and temporaries: these are finished or abandoned.
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)
    _step("old-removed")
    index.path, index.version, index.updated = index_dir, version, updated
    return version


def current_version(index_dir: Path) -> Path:
    """The live version directory, or IndexMissingError when there is none."""
    pointer = index_dir / CURRENT
    if not pointer.is_file():
        raise IndexMissingError(f"No index at {index_dir}/: run `rag ingest --index {index_dir}` first.")
    name = pointer.read_text(encoding="ascii", errors="replace").strip()
    version = index_dir / name
    if not name.startswith("v-") or "/" in name or not version.is_dir():
        raise IndexInvalidError(f"Index {index_dir}/ is damaged (CURRENT names no version); {rebuild_hint(index_dir)}.")
    return version


def read_manifest(index_dir: Path, embedder_id: str | None = None) -> dict[str, Any]:
    """Read and check the manifest alone: cheap, used by `rag info` and before loading models."""
    version = current_version(index_dir)
    hint = rebuild_hint(index_dir)
    try:
        manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
        assert isinstance(manifest, dict)
    except (OSError, ValueError, AssertionError):
        raise IndexInvalidError(f"Index {index_dir}/ is damaged (manifest.json is missing or not valid JSON); {hint}.")
    if manifest.get("format_version") not in READABLE:
        raise IndexInvalidError(
            f"Index {index_dir}/ has format version {manifest.get('format_version')!r}, "
            f"this version of rag reads {' and '.join(map(str, READABLE))}; {hint}."
        )
    if embedder_id is not None and manifest.get("embedder") != embedder_id:
        raise IndexInvalidError(
            f"Index {index_dir}/ was built with embedder {manifest.get('embedder')!r}, "
            f"not {embedder_id!r}; {hint}."
        )
    manifest["version"] = version.name
    return manifest


def _bytes_on_disk(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def info(index_dir: Path) -> dict[str, Any]:
    """What `rag info` shows, from the manifest only (no heavy imports)."""
    manifest = read_manifest(index_dir)
    return {
        "index": str(index_dir),
        "files": len(manifest.get("files", {})),
        "chunks": manifest.get("chunks"),
        "embedder": manifest.get("embedder"),
        "dimension": manifest.get("dimension"),
        "format_version": manifest.get("format_version"),
        "vector_index": manifest.get("faiss"),
        "size_bytes": _bytes_on_disk(index_dir / manifest["version"]),
        "updated": manifest.get("updated"),
        "sources": sorted(manifest.get("files", {})),
        "origins": {s: f.get("origin", "") for s, f in sorted(manifest.get("files", {}).items())},
        "metadata": {s: f.get("metadata", {}) for s, f in sorted(manifest.get("files", {}).items())},
        "formats": {s: f.get("format", "text") for s, f in sorted(manifest.get("files", {}).items())},
    }


def load_index(index_dir: Path, embedder_id: str | None = None) -> Index:
    """Load and verify an index; any inconsistency is an IndexInvalidError naming the fix.

    Readers take no lock: if the version being read is replaced and removed meanwhile (a
    writer published twice during the read), the read starts again on the new one."""
    for _ in range(5):
        before = live_version_name(index_dir)
        try:
            return _load_version(index_dir, embedder_id)
        except IndexInvalidError:
            if before is None or live_version_name(index_dir) == before:
                raise
    return _load_version(index_dir, embedder_id)


def _load_version(index_dir: Path, embedder_id: str | None) -> Index:
    import faiss
    import numpy as np

    manifest = read_manifest(index_dir, embedder_id)
    version = index_dir / manifest["version"]
    hint = rebuild_hint(index_dir)

    def damaged(what: str) -> IndexInvalidError:
        return IndexInvalidError(f"Index {index_dir}/ is damaged ({what}); {hint}.")

    try:
        if manifest["format_version"] == 1:
            documents, chunks = _read_v1_tables(version)
        else:
            documents, chunks = open_tables(version)
    except Damaged as err:
        raise damaged(str(err))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise damaged("the chunk store is missing or not valid JSON")
    try:
        vectors = np.load(version / "vectors.npy", allow_pickle=False, mmap_mode="r")
        # read_index reads the file straight into the index: reading it into an array and deserialising
        # that cost 5x as long (0.56 vs 0.11 s at 100k chunks). It is not memory-mapped: a search
        # visits codes all over it, so within a few questions the whole file would be resident anyway.
        faiss_index = faiss.read_index(str(version / "vectors.faiss"))
        if hasattr(faiss_index, "hnsw"):
            faiss_index.hnsw.efSearch = 512  # not stored with the index
    except (OSError, ValueError, RuntimeError, EOFError):
        raise damaged("the vector files are truncated or unreadable")
    files = manifest.get("files", {})
    if set(files) != set(documents) or any(files[s].get("sha256") != _sha256(documents, s) for s in documents):
        raise damaged("the documents do not match the manifest")
    if not (faiss_index.ntotal == len(vectors) == len(chunks) == manifest.get("chunks")):
        raise damaged(f"{faiss_index.ntotal} vectors for {len(chunks)} chunks")
    if vectors.ndim != 2 or vectors.shape[1] != manifest.get("dimension") or faiss_index.d != vectors.shape[1]:
        raise damaged("vector dimension does not match the manifest")
    return Index(
        documents, chunks, vectors, manifest["embedder"], manifest["dimension"], faiss_index,
        index_dir, manifest["version"], manifest.get("updated", ""),
    )


def _sha256(documents: Mapping[str, Document], source: str) -> str:
    sha = getattr(documents, "sha256", None)
    return str(sha(source)) if sha is not None else documents[source].sha256


def _read_v1_tables(version: Path) -> tuple[dict[str, Document], list[Chunk]]:
    """A format-1 version: every text in documents.json, chunk spans in chunks.json."""
    raw_docs = json.loads((version / "documents.json").read_text(encoding="utf-8"))
    raw_chunks = json.loads((version / "chunks.json").read_text(encoding="utf-8"))
    documents = {
        s: Document(
            s, d["text"], d["sha256"], dict(d.get("metadata", {})), str(d.get("origin", "")),
            locations_from_rows(d.get("locations")), int(d.get("body_start", 0)),
            str(d.get("format", "text")),
        )
        for s, d in raw_docs.items()
    }
    if any(sha256_text(d.text) != d.sha256 for d in documents.values()):
        raise Damaged("a stored document does not match its hash")
    return documents, [Chunk(s, a, b, documents[s].text[a:b]) for s, a, b in raw_chunks]
