"""The PostgreSQL + pgvector store at scale, beside the file store, on the same synthetic data.

For N chunks (vectors and 40-word texts generated as in benchmarks/scale.py) this loads a
fresh database (PostgreSQL 16 + pgvector from the `pgserver` wheel) with the store's own
schema, then builds the HNSW index, and reports: build time, database size, recall@10 of
pgvector's HNSW against exact search, and, in a new process that opens the store the way
`rag` does, p50/p95 of dense, lexical (BM25 in SQL) and hybrid (both, fused) retrieval, the
time to its first hybrid result and its resident memory. The file store's figures for the
same N follow (benchmarks/scale.py), measured in the same run.
Dense search is measured at four HNSW search breadths (ef_search 100, 200, 400 = the
store's default, 1000); lexical and hybrid at the default.
Usage: python benchmarks/pg_scale.py [N ...]    (default: 100000)
"""

from __future__ import annotations

import json
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale import DIM, bench_vectors, rss_mb, vectors  # noqa: E402

PER_DOC = 100  # chunks per synthetic document


def texts(n: int) -> list[str]:
    rng = np.random.default_rng(2)
    vocab = np.array([f"w{i}" for i in range(50_000)])
    return [" ".join(vocab[rng.zipf(1.3, 40) % len(vocab)]) + "." for _ in range(n)]


def _binary_chunks(rows: list[tuple[int, str, str, int, int, int, np.ndarray]]) -> bytes:
    """COPY BINARY data for rag_chunks (text COPY of 384 floats a row is ten times slower)."""
    out = [b"PGCOPY\n\xff\r\n\x00", struct.pack(">ii", 0, 0)]
    for cid, source, sha, start, end, length, vec in rows:
        s, h = source.encode(), sha.encode()
        v = struct.pack(">hh", DIM, 0) + vec.astype(">f4").tobytes()
        out.append(struct.pack(">hiqi", 7, 8, cid, len(s)) + s + struct.pack(">i", len(h)) + h
                   + struct.pack(">iiiiii", 4, start, 4, end, 4, length) + struct.pack(">i", len(v)) + v)
    return b"".join(out)


def load(url: str, data: np.ndarray, chunk_texts: list[str]) -> dict[str, float]:
    """Fill the store's tables for these chunks, then build its indexes; seconds per step."""
    import psycopg

    from rag.lexical import bm25_terms
    from rag.store.postgres import create_schema
    from rag.text import content_terms

    times: dict[str, float] = {}
    t = time.perf_counter()
    create_schema(url, "synthetic/zipf", DIM)
    with psycopg.connect(url, autocommit=True) as conn:
        for index in ("rag_chunks_embedding", "rag_postings_term", "rag_terms_term"):
            conn.execute(f"DROP INDEX {index}")  # built once after the load, as a bulk import should
        n_total, tokens_total = 0, 0
        for lo in range(0, len(chunk_texts), PER_DOC * 100):
            hi = min(len(chunk_texts), lo + PER_DOC * 100)
            with conn.transaction():
                docs, chunk_rows, postings, terms = [], [], [], []
                for d in range(lo, hi, PER_DOC):
                    parts = chunk_texts[d : d + PER_DOC]
                    source, offsets, at = f"doc{d // PER_DOC:07d}.txt", [], 0
                    for p in parts:
                        offsets.append((at, at + len(p)))
                        at += len(p) + 1
                    docs.append((source, " ".join(parts), f"sha{d}", "{}", "synthetic", "text", 0, "[]"))
                    toks = bm25_terms(parts)
                    for i, (p, (a, b), tk) in enumerate(zip(parts, offsets, toks)):
                        cid = d + i + 1
                        chunk_rows.append((cid, source, f"sha{d}", a, b, len(tk), data[d + i]))
                        postings.extend((term, cid, source, tf, len(tk)) for term, tf in Counter(tk).items())
                        terms.extend((term, cid, source) for term in set(content_terms(p)))
                        tokens_total += len(tk)
                n_total += len(chunk_rows)
                with conn.cursor().copy("COPY rag_documents (source, text, sha256, metadata, origin, format, "
                                        "body_start, locations) FROM STDIN") as copy:
                    for row in docs:
                        copy.write_row(row)
                with conn.cursor().copy("COPY rag_chunks (id, source, sha256, start_at, end_at, bm25_len, embedding) "
                                        "FROM STDIN (FORMAT BINARY)") as copy:
                    copy.write(_binary_chunks(chunk_rows))
                with conn.cursor().copy("COPY rag_postings (term, chunk_id, source, tf, bm25_len) FROM STDIN") as copy:
                    for row in postings:
                        copy.write_row(row)
                with conn.cursor().copy("COPY rag_terms (term, chunk_id, source) FROM STDIN") as copy:
                    for row in terms:
                        copy.write_row(row)
        conn.execute("SELECT setval('rag_chunks_id_seq', %s)", (n_total,))
        conn.execute("UPDATE rag_meta SET chunks = %s, bm25_tokens = %s, generation = generation + 1",
                     (n_total, tokens_total))
        times["load"] = time.perf_counter() - t
        t = time.perf_counter()
        conn.execute("SET maintenance_work_mem = '6GB'")
        conn.execute("SET max_parallel_maintenance_workers = 1")
        conn.execute("CREATE INDEX rag_chunks_embedding ON rag_chunks USING hnsw (embedding vector_ip_ops) "
                     "WITH (m = 32, ef_construction = 128)")  # as the store's schema makes it
        times["hnsw"] = time.perf_counter() - t
        t = time.perf_counter()
        conn.execute("CREATE INDEX rag_postings_term ON rag_postings (term, tf DESC, bm25_len) INCLUDE (chunk_id)")
        conn.execute("CREATE INDEX rag_terms_term ON rag_terms (term)")
        conn.execute("VACUUM ANALYZE")
        times["lexical indexes"] = time.perf_counter() - t
        times["size_mb"] = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 2**20
    return times


READER = """
import json, statistics, sys, time
t0 = time.perf_counter()
import numpy as np
sys.path.insert(0, sys.argv[1])
from rag.retrieval import Retriever
from rag.store.postgres import PgStore
url, qfile = sys.argv[2], sys.argv[3]
queries = np.load(qfile + ".npy")
words = json.load(open(qfile + ".json"))
class Given:
    id, dim = "synthetic/zipf", queries.shape[1]
store = PgStore.open(url)
retriever = Retriever(store, Given())
retriever.search(words[0], 6, queries[0])
first = time.perf_counter() - t0
import rag.store.postgres as pg
out = {"first_s": first, "lexical": [], "hybrid": [], "sweep": {}}
for ef in (100, 200, 400, 1000):  # recall against search breadth; the store's default is pg.EF_SEARCH
    pg.EF_SEARCH, times, ids = ef, [], []
    for q in queries:
        t = time.perf_counter(); found = store.dense(q, 10); times.append((time.perf_counter() - t) * 1000)
        ids.append([k - 1 for k, _ in found])
    out["sweep"][ef] = {"times": times, "ids": ids}
pg.EF_SEARCH = 400
for q, w in zip(queries, words):
    t = time.perf_counter(); store.lexical(w, 30); out["lexical"].append((time.perf_counter() - t) * 1000)
    t = time.perf_counter(); retriever.search(w, 6, q); out["hybrid"].append((time.perf_counter() - t) * 1000)
with open("/proc/self/statm") as fh:
    import resource
    out["rss_mb"] = int(fh.read().split()[1]) * resource.getpagesize() / 2**20
print(json.dumps(out))
"""


def pct(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))]


def bench_postgres(n: int, url: str, workdir: Path) -> None:
    data = vectors(n)
    queries = vectors(200, seed=1)
    truth = np.argsort(-(data @ queries.T), axis=0)[:10].T
    rng = np.random.default_rng(3)
    words = [" ".join(f"w{i}" for i in rng.integers(0, 2000, 6)) for _ in range(200)]
    t = time.perf_counter()
    steps = load(url, data, texts(n))
    build = time.perf_counter() - t
    del data
    qfile = workdir / "queries"
    np.save(str(qfile) + ".npy", queries)
    (workdir / "queries.json").write_text(json.dumps(words))
    out = subprocess.run([sys.executable, "-c", READER, str(ROOT), url, str(qfile)], capture_output=True, text=True,
                         check=True)
    r = json.loads(out.stdout)
    print(f"{n:>9,} chunks   PostgreSQL     build {build:7.1f} s (load {steps['load']:.0f} s, HNSW {steps['hnsw']:.0f} s, "
          f"lexical {steps['lexical indexes']:.0f} s)  database {steps['size_mb']:7.0f} MB")
    for ef, run in r["sweep"].items():
        recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(run["ids"], truth)])
        print(f"{'':>9}          dense    ef_search {ef:>4}: recall@10 {recall:.3f}  p50 {statistics.median(run['times']):7.2f} ms"
              f"  p95 {pct(run['times'], 0.95):7.2f} ms")
    for kind in ("lexical", "hybrid"):
        print(f"{'':>9}          {kind:8} p50 {statistics.median(r[kind]):7.2f} ms  p95 {pct(r[kind], 0.95):7.2f} ms")
    print(f"{'':>9}          new process: first hybrid result {r['first_s']:.2f} s after start, "
          f"resident memory {r['rss_mb']:.0f} MB")


def main() -> None:
    import pgserver

    sizes = [int(a) for a in sys.argv[1:]] or [100_000]
    print(f"machine: {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores; "
          f"this process {rss_mb():.0f} MB at start")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            server = pgserver.get_server(Path(tmp) / "pg", cleanup_mode="delete")
            try:
                bench_postgres(n, server.get_uri(), Path(tmp))
            finally:
                server.cleanup()
        print("file store, same data:")
        bench_vectors(n)
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "scale.py"), "--bm25", str(n)], check=True)


if __name__ == "__main__":
    main()
