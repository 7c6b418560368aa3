"""Shared fixtures: a deterministic fake embedder for unit tests, and (session-scoped) the
real embedder, real FAISS index over seeds/ and real GGUF model for regression tests."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np
import pytest

from rag.config import Settings
from rag.text import content_terms

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# Derived files (the ONNX export of the embedder) go to a cache of this run's own, inherited by
# every `rag` subprocess: whether questions take the torch-free path never depends on the machine.
os.environ["RAG_PATHS__CACHE_DIR"] = tempfile.mkdtemp(prefix="rag-test-cache-")


class FakeEmbedder:
    """Bag of hashed, stemmed words: deterministic, instant, good enough to rank overlap."""

    id = "fake/hash-bow"
    dim = 64

    def __init__(self) -> None:
        self.calls = 0
        self.texts = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.texts += len(texts)
        out = np.zeros((len(texts), self.dim), dtype="float32")
        for row, text in enumerate(texts):
            for term in content_terms(text) or ["empty"]:
                out[row, int(hashlib.md5(term.encode()).hexdigest(), 16) % self.dim] += 1.0
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    s = Settings()
    s.paths.index_dir = tmp_path / "index"
    return s


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """seeds/ ingested with the real embedder, once per test session."""
    from rag.embedding import MiniLMEmbedder
    from rag.ingest import ingest_paths

    from rag.embedding import export_onnx

    s = Settings()
    index_dir = tmp_path_factory.mktemp("seed-index") / "index"
    embedder = MiniLMEmbedder()
    ingest_paths([SEEDS], index_dir, s, embedder)
    assert export_onnx(embedder, s.paths.cache_dir) is not None, "what `rag ingest` does: questions then skip torch"
    return index_dir


@pytest.fixture(scope="session")
def assistant(seed_index_dir: Path):
    """The real pipeline: MiniLM, FAISS + BM25 over seeds/, bundled SmolLM2 GGUF."""
    from rag.assistant import Assistant

    s = Settings()
    s.paths.index_dir = seed_index_dir
    a = Assistant(s)
    yield a
    a.close()
