"""The shared store: one PostgreSQL database with pgvector, used by many processes and machines.

Tables (prefix `rag_`): `meta` (one row: schema version, embedder, dimension, and a
generation counter bumped by every change), `documents` (text, hash, metadata, origin,
page/heading map, an upload's original bytes), `chunks` (offsets, the document's hash,
the pgvector embedding under an HNSW index), `postings` (BM25 term frequencies) and
`terms` (the normalised terms of each chunk, for the evidence IDF).

Lexical search is BM25 computed in SQL from the postings with the same tokenizer, IDF
and length normalisation as the file store's bm25s (Lucene variant, k1 1.5, b 0.75),
so both stores rank alike. Each file is written in one transaction (its document,
chunks, vectors and postings, or nothing), under a transaction-scoped advisory lock on
its name; the generation row serialises commits, so a reader sees every file whole.
Vectors stay in the database: the process holds only a connection pool and the
documents it has read.
"""

from __future__ import annotations

import json
import logging
import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rag.chunking import Chunk
from rag.documents import Document
from rag.errors import IndexInvalidError, IndexMissingError, RagError
from rag.readers import locations_from_rows, locations_to_rows
from rag.text import content_terms

if TYPE_CHECKING:
    import numpy as np

SCHEMA_VERSION = 1
K1, B = 1.5, 0.75
# HNSW search breadth (pgvector's hnsw.ef_search, at least 2x the results asked for). The graph is
# built with m 32 and ef_construction 128 (pgvector's defaults, 16 and 64, gave recall@10 0.88 at
# breadth 400 on 1M chunks); recall against breadth is measured by benchmarks/pg_scale.py.
EF_SEARCH = 400
# A query term reads at most this many postings, highest term frequency (then shortest
# chunk) first: exact BM25 below it; above it, only a very common word's weakest matches
# are left out. This bounds a query's work on a large store (benchmarks/pg_scale.py).
POSTINGS_PER_TERM = 5000
# Called with the name of each step of a file's write; tests kill a writer at a named step.
STEP_HOOK: Callable[[str], None] | None = None


class StoreUnavailableError(RagError):
    """The database cannot be reached (down, restarting, wrong address)."""

    exit_code = 5


def _step(name: str) -> None:
    if STEP_HOOK is not None:
        STEP_HOOK(name)


def redact(url: str) -> str:
    """The URL without its password, for messages and provenance."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def _driver() -> Any:
    try:
        import psycopg
    except ImportError:
        raise RagError("The PostgreSQL store needs psycopg: pip install 'groundtruth-rag[postgres]'.")
    return psycopg


@contextmanager
def connect(url: str) -> Iterator[Any]:
    """A pooled connection to the store at `url`; a lost or refused connection becomes one
    line naming the store (StoreUnavailableError)."""
    psycopg = _driver()
    from psycopg_pool import PoolTimeout

    try:
        with _Pool.get(url).connection() as conn:
            yield conn
    except (psycopg.OperationalError, PoolTimeout) as err:
        reason = str(err)
        if isinstance(err, PoolTimeout):  # the pool only says it waited: ask the server why
            try:
                psycopg.connect(url, connect_timeout=3).close()
            except psycopg.Error as direct:
                reason = str(direct)
        first = (reason.strip().splitlines() or ["no answer"])[0]
        raise StoreUnavailableError(f"The store {redact(url)} is unreachable ({first}); try again when it is back.")


_SCHEMA = """
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE IF NOT EXISTS rag_meta (
    id int PRIMARY KEY CHECK (id = 1), schema_version int NOT NULL, embedder text NOT NULL, dim int NOT NULL,
    generation bigint NOT NULL DEFAULT 0, chunks bigint NOT NULL DEFAULT 0, bm25_tokens bigint NOT NULL DEFAULT 0,
    updated timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS rag_documents (
    source text PRIMARY KEY, text text NOT NULL, sha256 text NOT NULL, metadata jsonb NOT NULL, origin text NOT NULL,
    format text NOT NULL, body_start int NOT NULL, locations jsonb NOT NULL, original bytea);
CREATE TABLE IF NOT EXISTS rag_chunks (
    id bigserial PRIMARY KEY, source text NOT NULL REFERENCES rag_documents ON DELETE CASCADE, sha256 text NOT NULL,
    start_at int NOT NULL, end_at int NOT NULL, bm25_len int NOT NULL, embedding vector({dim}) NOT NULL);
CREATE INDEX IF NOT EXISTS rag_chunks_source ON rag_chunks (source);
CREATE INDEX IF NOT EXISTS rag_chunks_embedding ON rag_chunks USING hnsw (embedding vector_ip_ops)
    WITH (m = 32, ef_construction = 128);
CREATE TABLE IF NOT EXISTS rag_postings (
    term text NOT NULL, chunk_id bigint NOT NULL, source text NOT NULL, tf int NOT NULL, bm25_len int NOT NULL);
CREATE INDEX IF NOT EXISTS rag_postings_term ON rag_postings (term, tf DESC, bm25_len) INCLUDE (chunk_id);
CREATE INDEX IF NOT EXISTS rag_postings_source ON rag_postings (source);
CREATE TABLE IF NOT EXISTS rag_terms (term text NOT NULL, chunk_id bigint NOT NULL, source text NOT NULL);
CREATE INDEX IF NOT EXISTS rag_terms_term ON rag_terms (term);
CREATE INDEX IF NOT EXISTS rag_terms_source ON rag_terms (source);
"""
TABLES = ("rag_terms", "rag_postings", "rag_chunks", "rag_documents", "rag_meta")


def fix_hint(url: str) -> str:
    return f"rebuild it with `rag ingest PATH --store {redact(url)} --recreate`"


class _Pool:
    """One connection pool per URL per process, shared by every store object on it."""

    _pools: dict[str, Any] = {}
    _lock = threading.Lock()

    @classmethod
    def get(cls, url: str) -> Any:
        with cls._lock:
            pool = cls._pools.get(url)
            if pool is None:
                _driver()
                from psycopg_pool import ConnectionPool

                # A lost server is reported once, as a StoreUnavailableError; not as the pool's retry log.
                logging.getLogger("psycopg.pool").setLevel(logging.CRITICAL)

                # Vectors travel as pgvector's text form ('[0.1,...]'::vector), so connections need no
                # type registration (which would fail on those opened before the extension existed).
                pool = ConnectionPool(url, min_size=1, max_size=4, timeout=5, open=True,
                                      kwargs={"autocommit": True, "connect_timeout": 5},
                                      check=ConnectionPool.check_connection, reconnect_timeout=0)
                cls._pools[url] = pool
            return pool

    @classmethod
    def close_all(cls) -> None:
        with cls._lock:
            for pool in cls._pools.values():
                pool.close()
            cls._pools.clear()


def _document(row: tuple) -> Document:
    source, text, sha, metadata, origin, fmt, body_start, locations = row
    return Document(source, text, sha, dict(metadata or {}), origin,
                    locations_from_rows(locations), int(body_start), fmt)


class _Recent(OrderedDict):
    """A dict that forgets its least recently set entries beyond `size` (a bounded cache)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)


class _Documents(Mapping[str, Document]):
    """The store's documents, read on first use and then kept (the most recent 2,048, for one
    generation: a long-running server on a large store does not grow without bound)."""

    def __init__(self, store: "PgStore") -> None:
        self._store = store
        self._names: list[str] | None = None
        self._known: set[str] = set()
        self._cache: _Recent = _Recent(2048)
        self._lock = threading.Lock()

    def _all_names(self) -> list[str]:
        if self._names is None:
            self._names = self._store.names()
            self._known = set(self._names)
        return self._names

    def __getitem__(self, source: str) -> Document:
        with self._lock:
            doc = self._cache.get(source)
        if doc is None:
            doc = self._store.fetch_document(source)
            if doc is None:
                raise KeyError(source)
            with self._lock:
                self._cache[source] = doc
        return doc

    def __iter__(self) -> Iterator[str]:
        return iter(self._all_names())

    def __len__(self) -> int:
        return len(self._all_names())

    def __contains__(self, source: object) -> bool:
        self._all_names()
        return source in self._cache or source in self._known


class PgStore:
    """One generation of a PostgreSQL store, read through a shared connection pool."""

    def __init__(self, url: str, embedder_id: str, dim: int, generation: int) -> None:
        self.url = url
        self.embedder_id, self.dim = embedder_id, dim
        self.version = f"g{generation}"
        self.generation = generation
        self.documents: _Documents = _Documents(self)
        self._idf: dict[str, float] = {}
        self._stats: tuple[int, float] | None = None
        self._stemmer: Any = None
        self._chunks: _Recent = _Recent(100_000)  # search results' spans, until their chunks are read
        self._lock = threading.Lock()

    # -- opening -------------------------------------------------------------------------------------------
    @classmethod
    def open(cls, url: str, embedder_id: str | None = None) -> "PgStore":
        """The store at `url` as it is now; IndexMissingError when nothing was ingested
        there, IndexInvalidError when another embedder or schema version made it."""
        meta = _read_meta(url)
        if meta is None:
            raise IndexMissingError(f"No index in {redact(url)}: run `rag ingest PATH --store {redact(url)}` first.")
        schema, embedder, dim, generation = meta
        check_meta(url, schema, embedder, embedder_id)
        return cls(url, embedder, dim, generation)

    def location(self) -> str:
        return f"{redact(self.url)}#{self.version}"

    def live_version(self) -> str | None:
        with connect(self.url) as conn:
            row = conn.execute("SELECT generation FROM rag_meta WHERE id = 1").fetchone()
        return f"g{row[0]}" if row else None

    def reopen(self) -> "PgStore":
        return PgStore.open(self.url, self.embedder_id)

    # -- reading -------------------------------------------------------------------------------------------
    def names(self) -> list[str]:
        with connect(self.url) as conn:
            return [r[0] for r in conn.execute("SELECT source FROM rag_documents ORDER BY source")]

    def fetch_document(self, source: str) -> Document | None:
        with connect(self.url) as conn:
            row = conn.execute("SELECT source, text, sha256, metadata, origin, format, body_start, locations "
                               "FROM rag_documents WHERE source = %s", (source,)).fetchone()
        return _document(row) if row else None

    def catalog(self) -> dict[str, Document]:
        """Every document without its text (text ""): what an ingest compares against."""
        with connect(self.url) as conn:
            rows = conn.execute("SELECT source, '', sha256, metadata, origin, format, body_start, locations "
                                "FROM rag_documents").fetchall()
        return {r[0]: _document(r) for r in rows}

    def original(self, source: str) -> bytes | None:
        with connect(self.url) as conn:
            row = conn.execute("SELECT original FROM rag_documents WHERE source = %s", (source,)).fetchone()
        return bytes(row[0]) if row and row[0] is not None else None

    def chunk_count(self) -> int:
        with connect(self.url) as conn:
            return int(conn.execute("SELECT chunks FROM rag_meta WHERE id = 1").fetchone()[0])

    def chunk(self, key: Hashable) -> Chunk:
        source, start, end, sha = self._chunks[int(key)]  # type: ignore[arg-type]
        doc = self.documents[source]
        if doc.sha256 != sha:  # the file was replaced between the search and this read
            raise KeyError(key)
        return Chunk(source, start, end, doc.text[start:end])

    def _remember(self, rows: list[tuple]) -> list[tuple[Hashable, float]]:
        with self._lock:
            for key, source, start, end, sha, _ in rows:
                self._chunks[int(key)] = (source, int(start), int(end), sha)
        return [(int(r[0]), float(r[5])) for r in rows]

    def dense(self, vector: "np.ndarray", n: int) -> list[tuple[Hashable, float]]:
        import numpy as np

        q = _vector_text(np.asarray(vector, dtype="float32").reshape(-1))
        with connect(self.url) as conn, conn.transaction():
            conn.execute("SELECT set_config('hnsw.ef_search', %s, true)", (str(min(1000, max(EF_SEARCH, 2 * n))),))
            rows = conn.execute(
                "SELECT id, source, start_at, end_at, sha256, -(embedding <#> %s::vector) FROM rag_chunks "
                "ORDER BY embedding <#> %s::vector LIMIT %s", (q, q, n)).fetchall()
        return self._remember(rows)

    def _tokens(self, query: str) -> list[str]:
        from rag.lexical import bm25_terms

        with self._lock:  # the stemmer is not thread-safe
            if self._stemmer is None:
                import Stemmer

                self._stemmer = Stemmer.Stemmer("english")
            return bm25_terms([query], self._stemmer)[0]

    def lexical(self, query: str, n: int) -> list[tuple[Hashable, float]]:
        counts = Counter(self._tokens(query))
        if not counts:
            return []
        terms = sorted(counts)
        with connect(self.url) as conn:
            n_chunks, total = conn.execute("SELECT chunks, bm25_tokens FROM rag_meta WHERE id = 1").fetchone()
            if not n_chunks:
                return []
            df = dict(conn.execute("SELECT term, count(*) FROM rag_postings WHERE term = ANY(%s) GROUP BY term",
                                   (terms,)).fetchall())
            present = [t for t in terms if df.get(t)]
            if not present:
                return []
            # Lucene IDF, repeated query terms count again (as bm25s sums them).
            weights = [counts[t] * math.log(1 + (n_chunks - df[t] + 0.5) / (df[t] + 0.5)) for t in present]
            avg = total / n_chunks
            rows = conn.execute(
                "SELECT c.id, c.source, c.start_at, c.end_at, c.sha256, s.score FROM ("
                "  SELECT p.chunk_id, sum(w.weight * p.tf / (p.tf + %s * ((1 - %s) + %s * p.bm25_len / %s))) AS score"
                "  FROM unnest(%s::text[], %s::float8[]) AS w(term, weight) CROSS JOIN LATERAL ("
                "    SELECT chunk_id, tf, bm25_len FROM rag_postings WHERE term = w.term"
                "    ORDER BY tf DESC, bm25_len LIMIT %s) p"
                "  GROUP BY p.chunk_id ORDER BY score DESC, p.chunk_id LIMIT %s"
                ") s JOIN rag_chunks c ON c.id = s.chunk_id ORDER BY s.score DESC, c.id",
                (K1, B, B, avg, present, weights, POSTINGS_PER_TERM, n)).fetchall()
        return self._remember([r for r in rows if r[5] > 0])

    def term_idf(self, terms: list[str]) -> tuple[dict[str, float], float]:
        with connect(self.url) as conn:
            if self._stats is None:
                n = int(conn.execute("SELECT chunks FROM rag_meta WHERE id = 1").fetchone()[0])
                self._stats = (n, math.log(1 + max(n, 1)))
            n, unseen = self._stats
            todo = sorted({t for t in terms if t and t not in self._idf})
            if todo:
                found = dict(conn.execute("SELECT term, count(*) FROM rag_terms WHERE term = ANY(%s) GROUP BY term",
                                          (todo,)).fetchall())
                with self._lock:
                    for t in todo:
                        self._idf[t] = math.log(1 + max(n, 1) / found[t]) if found.get(t) else -1.0
        return {t: self._idf[t] for t in terms if self._idf.get(t, -1.0) >= 0}, unseen

    def info(self) -> dict[str, Any]:
        with connect(self.url) as conn:
            schema, embedder, dim, chunks, updated = conn.execute(
                "SELECT schema_version, embedder, dim, chunks, updated FROM rag_meta WHERE id = 1").fetchone()
            rows = conn.execute("SELECT source, origin, format, metadata FROM rag_documents ORDER BY source").fetchall()
            size = conn.execute("SELECT sum(pg_total_relation_size(c)) FROM unnest(%s::regclass[]) c",
                                (list(TABLES),)).fetchone()[0]
        return {
            "index": redact(self.url), "files": len(rows), "chunks": chunks, "embedder": embedder, "dimension": dim,
            "format_version": schema, "vector_index": "pgvector HNSW", "size_bytes": int(size or 0),
            "updated": updated.strftime("%Y-%m-%dT%H:%M:%SZ"), "sources": [r[0] for r in rows],
            "origins": {r[0]: r[1] for r in rows}, "formats": {r[0]: r[2] for r in rows},
            "metadata": {r[0]: r[3] for r in rows},
        }


def _read_meta(url: str) -> tuple | None:
    with connect(url) as conn:
        exists = conn.execute("SELECT to_regclass('rag_meta') IS NOT NULL").fetchone()[0]
        if not exists:
            return None
        return conn.execute("SELECT schema_version, embedder, dim, generation FROM rag_meta WHERE id = 1").fetchone()


def check_meta(url: str, schema: int, embedder: str, embedder_id: str | None) -> None:
    if schema != SCHEMA_VERSION:
        raise IndexInvalidError(f"The store {redact(url)} has schema version {schema}, this version of rag reads "
                                f"{SCHEMA_VERSION}; {fix_hint(url)}.")
    if embedder_id is not None and embedder != embedder_id:
        raise IndexInvalidError(f"The store {redact(url)} was built with embedder {embedder!r}, not {embedder_id!r}; "
                                f"{fix_hint(url)}.")


# -- writing ---------------------------------------------------------------------------------------------------
def create_schema(url: str, embedder_id: str, dim: int, recreate: bool = False) -> None:
    """Make the tables (idempotent; concurrent first writers are serialised by a lock), or
    drop and remake them with `recreate`. Refuses a store of another embedder or schema."""
    with connect(url) as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtextextended('rag_schema', 0))")
        if recreate:
            for table in TABLES:
                conn.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
        for statement in _SCHEMA.format(dim=int(dim)).split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute("INSERT INTO rag_meta (id, schema_version, embedder, dim) VALUES (1, %s, %s, %s) "
                     "ON CONFLICT (id) DO NOTHING", (SCHEMA_VERSION, embedder_id, dim))
        schema, embedder, _ = conn.execute("SELECT schema_version, embedder, dim FROM rag_meta WHERE id = 1").fetchone()
    check_meta(url, schema, embedder, embedder_id)


def _vector_text(row: "np.ndarray") -> str:
    return "[" + ",".join(f"{x:.7g}" for x in row.tolist()) + "]"


def write_document(url: str, doc: Document, chunks: list[Chunk], vectors: "np.ndarray",
                   original: bytes | None = None) -> bool:
    """Replace `doc` (its row, chunks, vectors, postings and terms) in one transaction.
    False, and nothing written, when the store already holds this very document (another
    writer of the same file got there first)."""
    from rag.lexical import bm25_terms

    tokens = bm25_terms([c.text for c in chunks])
    with connect(url) as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 1))", (doc.source,))
        row = conn.execute("SELECT source, '', sha256, metadata, origin, format, body_start, locations "
                           "FROM rag_documents WHERE source = %s", (doc.source,)).fetchone()
        if row is not None and original is None:
            held = _document(row)
            if (held.sha256, held.origin, held.reading()) == (doc.sha256, doc.origin, doc.reading()):
                return False
        removed_chunks, removed_tokens = _delete(conn, doc.source)
        conn.execute(
            "INSERT INTO rag_documents (source, text, sha256, metadata, origin, format, body_start, locations, original) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (doc.source, doc.text, doc.sha256, json.dumps(doc.metadata), doc.origin, doc.format, doc.body_start,
             json.dumps(locations_to_rows(doc.locations)), original))
        ids = [r[0] for r in conn.execute("SELECT nextval('rag_chunks_id_seq') FROM generate_series(1, %s)",
                                          (len(chunks),))] if chunks else []
        with conn.cursor().copy("COPY rag_chunks (id, source, sha256, start_at, end_at, bm25_len, embedding) "
                                "FROM STDIN") as copy:
            for i, c, toks, vec in zip(ids, chunks, tokens, vectors):
                copy.write_row((i, doc.source, doc.sha256, c.start, c.end, len(toks), _vector_text(vec)))
        _step("chunks-written")
        with conn.cursor().copy("COPY rag_postings (term, chunk_id, source, tf, bm25_len) FROM STDIN") as copy:
            for i, toks in zip(ids, tokens):
                for term, tf in Counter(toks).items():
                    copy.write_row((term, i, doc.source, tf, len(toks)))
        with conn.cursor().copy("COPY rag_terms (term, chunk_id, source) FROM STDIN") as copy:
            for i, c in zip(ids, chunks):
                for term in sorted(set(content_terms(c.text))):
                    copy.write_row((term, i, doc.source))
        _step("postings-written")
        conn.execute("UPDATE rag_meta SET generation = generation + 1, chunks = chunks - %s + %s, "
                     "bm25_tokens = bm25_tokens - %s + %s, updated = now() WHERE id = 1",
                     (removed_chunks, len(chunks), removed_tokens, sum(len(t) for t in tokens)))
        _step("before-commit")
    return True


def _delete(conn: Any, source: str) -> tuple[int, int]:
    """Delete one document's rows (inside the caller's transaction); (chunks, BM25 tokens) removed."""
    n, total = conn.execute("SELECT count(*), coalesce(sum(bm25_len), 0) FROM rag_chunks WHERE source = %s",
                            (source,)).fetchone()
    conn.execute("DELETE FROM rag_postings WHERE source = %s", (source,))
    conn.execute("DELETE FROM rag_terms WHERE source = %s", (source,))
    conn.execute("DELETE FROM rag_documents WHERE source = %s", (source,))  # chunks cascade
    return int(n), int(total)


def remove_document(url: str, source: str) -> bool:
    """Delete a document in one transaction; False if it was not there."""
    with connect(url) as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 1))", (source,))
        if conn.execute("SELECT 1 FROM rag_documents WHERE source = %s", (source,)).fetchone() is None:
            return False
        n, total = _delete(conn, source)
        conn.execute("UPDATE rag_meta SET generation = generation + 1, chunks = chunks - %s, "
                     "bm25_tokens = bm25_tokens - %s, updated = now() WHERE id = 1", (n, total))
    return True
