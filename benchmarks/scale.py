"""Retrieval at scale on synthetic data: exact vs approximate FAISS, and BM25.

For N random unit vectors (384-dim, clustered so that neighbours exist), builds the index
`rag` would build (exact IndexFlatIP up to `approximate_above`, HNSW over 8-bit scalar
quantisation beyond) and reports build time, vector memory, recall@10 against exact search,
and p50/p95 single-query search time. Then BM25 (bm25s) over N generated 40-word chunks.
Targets: 100k p50 <= 20 ms; 1M p50 <= 20 ms with recall@10 >= 0.95 and vector memory <= 1 GB.
Usage: python benchmarks/scale.py [N ...]    (default: 100000 1000000)
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rag.index import make_faiss, search_vectors  # noqa: E402

DIM = 384


def vectors(n: int, seed: int = 0, latent: int = 48) -> np.ndarray:
    """Unit vectors with graded neighbourhoods, like sentence embeddings: a random projection of
    a `latent`-dimensional Gaussian plus a little noise. (Tight iid clusters would make the exact
    top-10 a near-tie that no approximate index can reproduce, which says nothing about real text.)"""
    rng = np.random.default_rng(seed)
    basis = np.random.default_rng(42).standard_normal((latent, DIM)).astype("float32")
    out = np.empty((n, DIM), dtype="float32")
    for lo in range(0, n, 100_000):
        hi = min(n, lo + 100_000)
        z = rng.standard_normal((hi - lo, latent)).astype("float32")
        out[lo:hi] = z @ basis + 0.3 * rng.standard_normal((hi - lo, DIM)).astype("float32")
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def rss_mb() -> float:
    """Current resident memory (not the peak: the peak of a fresh process is its start-up)."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def bench_vectors(n: int, approximate_above: int = 200_000) -> None:
    """The index `rag` builds for n chunks, searched the way `rag` searches it (approximate
    candidates re-scored exactly against memory-mapped vectors, as `load_index` maps them)."""
    import tempfile

    import faiss

    data = vectors(n)
    queries = vectors(200, seed=1)
    exact = faiss.IndexFlatIP(DIM)
    exact.add(data)
    _, truth = exact.search(queries, 10)
    del exact
    t = time.perf_counter()
    index = make_faiss(data, approximate_above)
    build = time.perf_counter() - t
    memory = len(faiss.serialize_index(index)) / 2**20
    with tempfile.TemporaryDirectory() as tmp:
        np.save(Path(tmp) / "vectors.npy", data)
        del data
        mapped = np.load(Path(tmp) / "vectors.npy", mmap_mode="r")
        got, times = [], []
        for q in queries:
            t = time.perf_counter()
            _, ids = search_vectors(index, mapped, q, 10)
            times.append((time.perf_counter() - t) * 1000)
            got.append(ids)
        del mapped
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(got, truth)])
    print(f"{n:>9,} vectors  {type(index).__name__:14} build {build:7.1f} s  index in RAM {memory:6.0f} MB  "
          f"recall@10 {recall:.3f}  search p50 {statistics.median(times):6.2f} ms  "
          f"p95 {sorted(times)[int(0.95 * len(times))]:6.2f} ms")


def bench_bm25(n: int) -> None:
    """bm25s' own retrieve (numpy backend) against the store's `bm25_top` on the same index
    and queries: same scores, the sums done with np.bincount (rag.lexical)."""
    import bm25s

    from rag.lexical import bm25_top

    rng = np.random.default_rng(2)
    vocab = np.array([f"w{i}" for i in range(50_000)])
    before = rss_mb()  # this process has done nothing else
    t = time.perf_counter()
    docs = [" ".join(vocab[rng.zipf(1.3, 40) % len(vocab)]) for _ in range(n)]
    tokens = bm25s.tokenize(docs, show_progress=False)
    del docs
    model = bm25s.BM25()
    model.index(tokens, show_progress=False)
    build = time.perf_counter() - t
    queries = [list(vocab[rng.integers(0, 2000, 6)]) for _ in range(50)]
    theirs, ours = [], []
    for words in queries:
        t = time.perf_counter()
        model.retrieve([words], k=30, show_progress=False, n_threads=1)
        theirs.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        bm25_top(model, words, 30)
        ours.append((time.perf_counter() - t) * 1000)

    def p(times: list[float], q: float) -> float:
        return sorted(times)[int(q * len(times))]

    print(f"{n:>9,} chunks   BM25 build {build:7.1f} s  RSS +{rss_mb() - before:6.0f} MB  top-30 search: "
          f"bm25s retrieve p50 {statistics.median(theirs):6.2f} / p95 {p(theirs, 0.95):6.2f} ms, "
          f"rag bm25_top p50 {statistics.median(ours):6.2f} / p95 {p(ours, 0.95):6.2f} ms")


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] == "--bm25":  # run alone so its peak memory is its own
        bench_bm25(int(args[1]))
        return
    sizes = [int(a) for a in args] or [100_000, 1_000_000]
    for n in sizes:
        bench_vectors(n)
    import subprocess

    for n in sizes:
        subprocess.run([sys.executable, __file__, "--bm25", str(n)], check=True)


if __name__ == "__main__":
    main()
