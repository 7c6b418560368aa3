"""A new process on a large file index: how long until its first retrieval, and its memory.

Builds a file-store index of N synthetic chunks (vectors and 40-word texts as in
benchmarks/scale.py, 100 chunks a document) plus the seed articles (embedded for real) with
`save_index`, as `rag ingest` writes it (FAISS, BM25 and the IDF table included), then
starts a fresh process that loads it the way `rag ask` does and runs one hybrid retrieval
plus the evidence IDF look-up; then times whole `rag ask` processes answering a seed
question from it (index, both models, retrieval, choosing: a first answer). Prints the
save time, the load and first-retrieval times and that process's resident memory; then
that process answers 100 more retrievals and prints BM25's and the hybrid retrieval's
times and its resident memory after them (texts, float vectors and postings are read
from the files, not mapped, so they are not the process's memory: rag.fileread).
Targets (issue "Fast answers"): first answer <= 5 s at 1M chunks, BM25 p50 <= 20 ms,
process <= 1 GB.
Usage: python benchmarks/first_answer.py [N]    (default: 100000)
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAG = str(Path(sys.executable).with_name("rag"))
QUESTION = "What was Hayat Tahrir al-Sham called before 2017?"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import numpy as np  # noqa: E402
from pg_scale import PER_DOC, texts  # noqa: E402
from scale import vectors  # noqa: E402

READER = """
import json, statistics, sys, time
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from pathlib import Path
import numpy as np
from rag.evidence import TermWeights
from rag.index import load_index
from rag.retrieval import Retriever
from rag.store.files import FileStore
from rag.text import content_terms
index = load_index(Path(sys.argv[2]))
t1 = time.perf_counter()
store = FileStore(index)
class Given:
    id, dim = "synthetic/zipf", 384
from rag.fileread import read_rows  # the questions' vectors: not through the map, as the store reads
query = read_rows(index.vectors, np.array([123]))[0]
retriever = Retriever(store, Given())
passages = retriever.search("w12 w7 w300 w41", 6, query)
weights = TermWeights(store).weights(content_terms("w12 w7 w300 w41"))
t2 = time.perf_counter()

def rss():
    with open("/proc/self/statm") as fh:
        import resource
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20

first_rss = rss()
rng = np.random.default_rng(5)
lexical, hybrid = [], []
for i in range(100):  # questions of 6 words from the 2,000 commonest, as in benchmarks/scale.py
    words = " ".join(f"w{w}" for w in rng.integers(0, 2000, 6))
    vector = read_rows(index.vectors, rng.integers(0, len(index.chunks), 1))[0]
    t = time.perf_counter()
    store.lexical(words, 30)
    lexical.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    retriever.search(words, 6, vector)
    hybrid.append((time.perf_counter() - t) * 1000)
print(json.dumps({"load_s": t1 - t0, "first_s": t2 - t0, "rss_mb": first_rss, "passages": len(passages),
                  "bm25_p50_ms": statistics.median(lexical), "bm25_p95_ms": sorted(lexical)[94],
                  "hybrid_p50_ms": statistics.median(hybrid), "rss_after_mb": rss()}))
"""


def main() -> None:
    from rag.chunking import Chunk
    from rag.config import Settings
    from rag.documents import Document, load_documents, sha256_text
    from rag.embedding import MiniLMEmbedder, export_onnx
    from rag.index import Index, build_index, make_faiss, save_index

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    data = vectors(n)
    chunk_texts = texts(n)
    docs, chunks = {}, []
    for d in range(0, n, PER_DOC):
        parts = chunk_texts[d : d + PER_DOC]
        text = " ".join(parts)
        source = f"doc{d // PER_DOC:07d}.txt"
        docs[source] = Document(source, text, sha256_text(text), {}, "synthetic")
        at = 0
        for p in parts:
            chunks.append(Chunk(source, at, at + len(p), p))
            at += len(p) + 1
    # The seed articles, embedded for real, make the index one `rag ask` can answer from: a whole
    # first answer (models included) at this size, not only the first retrieval.
    settings = Settings()
    embedder = MiniLMEmbedder()
    seed_docs, _ = load_documents([ROOT / "seeds"], settings.limits.max_file_bytes)
    seeded, _ = build_index(seed_docs, embedder, max_chars=settings.chunking.max_chars,
                            overlap=settings.chunking.overlap_sentences, approximate_above=10**9)
    export_onnx(embedder, settings.paths.cache_dir)  # as `rag ingest` does: questions are embedded without torch
    docs.update(seeded.documents)
    chunks.extend(seeded.chunks)
    data = np.concatenate([data, seeded.vectors])
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        index = Index(docs, chunks, data, embedder.id, data.shape[1], make_faiss(data, 200_000))
        built = time.perf_counter() - t
        t = time.perf_counter()
        save_index(index, Path(tmp) / "index")
        saved = time.perf_counter() - t
        del index, data, docs, chunks
        out = subprocess.run([sys.executable, "-c", READER, str(ROOT), str(Path(tmp) / "index")],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout)
        asks = []
        for _ in range(3):
            t = time.perf_counter()
            answer = subprocess.run([RAG, "ask", "--index", str(Path(tmp) / "index"), "--json", QUESTION],
                                    capture_output=True, text=True, check=True)
            asks.append(time.perf_counter() - t)
        cited = sorted({c["source"] for c in json.loads(answer.stdout)["citations"]})
    print(f"{n:>9,} chunks (+{len(seeded.chunks)} of seeds/)  file store: vector index {built:6.1f} s, "
          f"save (with BM25 and IDF) {saved:6.1f} s; new process: index loaded {r['load_s']:.2f} s, first hybrid "
          f"retrieval + IDF {r['first_s']:.2f} s after start, resident {r['rss_mb']:.0f} MB; then 100 questions: "
          f"BM25 p50 {r['bm25_p50_ms']:.1f} / p95 {r['bm25_p95_ms']:.1f} ms, hybrid retrieval p50 "
          f"{r['hybrid_p50_ms']:.1f} ms, resident {r['rss_after_mb']:.0f} MB")
    print(f"a whole `rag ask` process on it (models loaded, question answered): {statistics.median(asks):.2f} s "
          f"(median of 3), citing {', '.join(cited) or 'nothing'}")


if __name__ == "__main__":
    main()
