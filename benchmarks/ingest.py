"""Ingest throughput: `rag ingest`'s pipeline vs raw SentenceTransformer.encode on the same chunks.

Both use the same loaded model and batch size, so the ratio is what the pipeline (loading,
chunking, hashing, FAISS, atomic save) adds around the model. Target: >= 0.9x.
Usage: python benchmarks/ingest.py [CORPUS_DIR]   (default: ../shared/bench/squad-half/corpus)
"""

from __future__ import annotations

import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rag.chunking import chunk_text  # noqa: E402
from rag.config import Settings  # noqa: E402
from rag.documents import load_documents  # noqa: E402
from rag.embedding import MiniLMEmbedder  # noqa: E402
from rag.ingest import ingest_paths  # noqa: E402


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "bench" / "squad-half" / "corpus"
    settings = Settings()
    embedder = MiniLMEmbedder()
    docs, _ = load_documents([corpus], settings.limits.max_file_bytes)
    texts = [c.text for d in docs for c in chunk_text(d.source, d.text, settings.chunking.max_chars,
                                                        settings.chunking.overlap_sentences)]
    model = embedder._load()
    model.encode(texts[:64], batch_size=64)  # warm-up
    best_raw = best_pipe = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        model.encode(texts, batch_size=embedder.batch_size, normalize_embeddings=True, show_progress_bar=False)
        best_raw = min(best_raw, time.perf_counter() - t)
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            ingest_paths([corpus], Path(tmp) / "index", settings, embedder)
            best_pipe = min(best_pipe, time.perf_counter() - t)
    n = len(texts)
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, python {platform.python_version()}")
    print(f"corpus: {corpus} ({len(docs)} files, {n} chunks)")
    print(f"raw SentenceTransformer.encode: {n / best_raw:8.1f} chunks/s ({best_raw:.2f} s, best of 3)")
    print(f"rag ingest pipeline:            {n / best_pipe:8.1f} chunks/s ({best_pipe:.2f} s, best of 3)")
    print(f"ratio pipeline/raw: {best_raw / best_pipe:.3f}x (target >= 0.9x)")


if __name__ == "__main__":
    main()
