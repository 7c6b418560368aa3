"""The lexical tables of a file-store version, built when it is saved and read back lazily.

- BM25 (bm25s, saved in `bm25/` with its stopwords): a new process answers its first
  question without tokenizing every chunk again (about a minute at 1M chunks), and opens
  it without importing bm25s (`SavedBM25`); `bm25_top` ranks from its postings.
- The evidence IDF table (`termdf.json`: how many chunks hold each normalised term):
  `content_terms` costs ~0.4 ms a chunk, so computing it in a new process would cost
  minutes at 1M chunks. Each document's counts are kept in `<index>/terms/<key>.json`,
  keyed by the hash of its text and chunk spans (immutable, shared by versions), so a save
  counts terms only for new or changed documents.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.fileread import read_span
from rag.text import content_terms

if TYPE_CHECKING:
    from rag.index import Index

BM25_DIR = "bm25"
STOPWORDS = "stopwords.json"  # in BM25_DIR, beside bm25s' own files
TERMDF = "termdf.json"
TERMS_DIR = "terms"


def bm25_tokenize(texts: list[str], stemmer: Any) -> Any:
    """The one BM25 tokenizer of every store: English stopwords, Snowball stems."""
    import bm25s

    return bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False)


def bm25_terms(texts: list[str], stemmer: Any | None = None) -> list[list[str]]:
    """Each text's BM25 tokens as strings (what the PostgreSQL store keeps as postings)."""
    if stemmer is None:
        import Stemmer

        stemmer = Stemmer.Stemmer("english")
    tokenized = bm25_tokenize(texts, stemmer)
    vocab = {i: t for t, i in tokenized.vocab.items()}
    return [[vocab[i] for i in ids if vocab.get(i)] for ids in tokenized.ids]


def build_bm25(texts: list[str]) -> Any:
    import bm25s
    import Stemmer

    bm25 = bm25s.BM25()
    bm25.index(bm25_tokenize(texts, Stemmer.Stemmer("english")), show_progress=False)
    return bm25


def save_bm25(texts: list[str], folder: Path) -> None:
    """Build BM25 over `texts` and write it to `folder` (the caller fsyncs the version),
    with the tokenizer's stopwords, so a reader can tokenize questions without bm25s."""
    bm25 = build_bm25(texts)
    if not texts:
        return  # bm25s cannot save an empty index; a load finds none and there is nothing to search
    bm25.save(str(folder), show_progress=False)
    from bm25s.stopwords import STOPWORDS_EN  # what stopwords="en" means to bm25s.tokenize

    (folder / STOPWORDS).write_text(json.dumps(sorted(STOPWORDS_EN)), encoding="utf-8")


@dataclass(frozen=True)
class SavedBM25:
    """A saved bm25s index opened without importing bm25s: importing it imports scipy.sparse,
    0.3 s of a cold `rag ask` that needs neither. Holds what `bm25_top` reads (the vocabulary
    and the per-term postings, memory-mapped) and tokenizes a question as bm25s.tokenize does
    (lowercase, the same token pattern, the saved stopwords, Snowball stems); tests check
    both against bm25s itself."""

    vocab_dict: dict[str, int]
    scores: dict[str, Any]
    stopwords: frozenset[str]

    def terms(self, text: str, stemmer: Any) -> list[str]:
        return list(stemmer.stemWords([t for t in _TOKEN.findall(text.lower()) if t not in self.stopwords]))


_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # bm25s.tokenize's default token_pattern


def query_terms(bm25: Any, text: str, stemmer: Any) -> list[str]:
    """The BM25 terms of a question, as the index's tokenizer makes them."""
    if isinstance(bm25, SavedBM25):
        return bm25.terms(text, stemmer)
    return bm25_terms([text], stemmer)[0]


def bm25_top(bm25: Any, terms: list[str], n: int) -> list[tuple[int, float]]:
    """The `n` best (chunk id, score) for the query `terms`, best first, ties by id.

    The same BM25 scores bm25s' retrieve gives (its stored per-term postings, summed), but
    summed with `np.bincount` instead of its numpy backend's `np.add.at`, which costs
    ~10x as much per posting: 175 ms a query at 1M chunks. When the query's postings are
    few, only the chunks they name are scored and ranked, not every chunk."""
    import numpy as np

    ids = [bm25.vocab_dict[t] for t in terms if t in bm25.vocab_dict]
    if not ids or n <= 0:
        return []
    data, indices, indptr = bm25.scores["data"], bm25.scores["indices"], bm25.scores["indptr"]
    spans = [(int(indptr[t]), int(indptr[t + 1])) for t in ids]
    # A saved index is memory-mapped; its postings are read from the files (rag.fileread).
    chunk_ids = np.concatenate([read_span(indices, a, b) for a, b in spans]).astype(np.int64, copy=False)
    weights = np.concatenate([read_span(data, a, b) for a, b in spans]).astype(np.float64, copy=False)
    if len(chunk_ids) * 8 < int(bm25.scores["num_docs"]):
        names, at = np.unique(chunk_ids, return_inverse=True)
        scores = np.bincount(at, weights=weights, minlength=len(names))
    else:
        scores = np.bincount(chunk_ids, weights=weights, minlength=int(bm25.scores["num_docs"]))
        names = None
    n = min(n, len(scores))
    kth = -np.partition(-scores, n - 1)[n - 1]  # every chunk that ties the n-th is ranked, so ties go by id
    best = np.flatnonzero(scores >= max(kth, np.nextafter(0, 1)))
    keys = best if names is None else names[best]
    order = np.lexsort((keys, -scores[best]))[:n]
    return [(int(keys[i]), float(scores[best[i]])) for i in order]


def load_bm25(folder: Path) -> Any | None:
    """The saved BM25 of a version, memory-mapped; None if this version has none (an older index)."""
    if not (folder / "params.index.json").is_file():
        return None
    params = json.loads((folder / "params.index.json").read_text(encoding="utf-8"))
    # Saved before the stopwords were kept with it, or a variant whose scores need more than postings.
    if not (folder / STOPWORDS).is_file() or params.get("method") not in ("lucene", "robertson", "atire"):
        import bm25s

        return bm25s.BM25.load(str(folder), mmap=True, show_progress=False)
    import numpy as np

    scores = {name: np.load(folder / f"{name}.csc.index.npy", mmap_mode="r", allow_pickle=False)
              for name in ("data", "indices", "indptr")}
    scores["num_docs"] = int(params["num_docs"])
    vocab = json.loads((folder / "vocab.index.json").read_text(encoding="utf-8"))
    stopwords = frozenset(json.loads((folder / STOPWORDS).read_text(encoding="utf-8")))
    return SavedBM25(vocab, scores, stopwords)


def _doc_key(index: "Index", source: str, ids: list[int]) -> str:
    spans = [(index.chunks[i].start, index.chunks[i].end) for i in ids]
    return hashlib.sha256(json.dumps([index.documents[source].sha256, spans]).encode()).hexdigest()


def write_termdf(index: "Index", index_dir: Path, version_tmp: Path) -> set[str]:
    """Write the version's IDF table; returns the per-document keys it used (to keep)."""
    folder = index_dir / TERMS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    ids_of: dict[str, list[int]] = {}
    for i, chunk in enumerate(index.chunks):
        ids_of.setdefault(chunk.source, []).append(i)
    df: Counter[str] = Counter()
    keys: dict[str, str] = {}
    for source, ids in sorted(ids_of.items()):
        key = keys[source] = _doc_key(index, source, ids)
        path = folder / f"{key}.json"
        try:
            counts = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            counts = Counter()
            for i in ids:
                counts.update(set(content_terms(index.chunks[i].text)))
            tmp = folder / f".{key}.tmp-{os.getpid()}"
            tmp.write_text(json.dumps(counts, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)  # immutable once written: same key, same content
        df.update(counts)
    data = {"chunks": len(index.chunks), "documents": keys, "df": df}
    (version_tmp / TERMDF).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return set(keys.values())


def read_termdf(version: Path) -> tuple[dict[str, int], int] | None:
    """(df, chunks) of a version, or None if it has no table (an older index)."""
    try:
        data = json.loads((version / TERMDF).read_text(encoding="utf-8"))
        return data["df"], int(data["chunks"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def keys_in(version: Path) -> set[str]:
    try:
        return set(json.loads((version / TERMDF).read_text(encoding="utf-8"))["documents"].values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set()


def remove_unused_terms(index_dir: Path, keep: set[str]) -> None:
    """Delete per-document counts no kept version uses (the caller holds the writer lock)."""
    folder = index_dir / TERMS_DIR
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.suffix == ".json" and path.stem not in keep:
            path.unlink(missing_ok=True)
