"""BM25 and the evidence IDF table are saved with each version and read back, equal to what
a process would build from the chunks; per-document term counts are reused across saves."""

from __future__ import annotations

import shutil
from pathlib import Path

import rag.lexical
from rag.index import Index, current_version, load_index
from rag.ingest import ingest_paths, remove_documents
from rag.lexical import TERMS_DIR
from rag.store.files import FileStore

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
FAKE = "fake/hash-bow"
QUERIES = ["Hayat Tahrir al-Sham before 2017", "how many fighters were killed", "Saraqab Aleppo supply", "the"]


def _in_memory(index: Index) -> FileStore:
    """The same index as a store that must build its tables from the chunks."""
    return FileStore(Index(index.documents, index.chunks, index.vectors, index.embedder_id, index.dim,
                           index.faiss_index))


def test_saved_tables_equal_built_ones(settings, fake_embedder):
    ingest_paths([SEEDS], settings.paths.index_dir, settings, fake_embedder)
    version = current_version(settings.paths.index_dir)
    assert (version / "bm25" / "params.index.json").is_file() and (version / "termdf.json").is_file()
    saved = FileStore(load_index(settings.paths.index_dir, FAKE))
    built = _in_memory(saved.index)
    for q in QUERIES:
        assert saved.lexical(q, 10) == built.lexical(q, 10), q
    terms = ["aleppo", "fighter", "saraqab", "hts", "never-seen"]
    assert saved.term_idf(terms) == built.term_idf(terms)
    assert type(saved._bm25).__name__ == "SavedBM25" and saved._version_dir() == version


def test_an_index_saved_without_tables_still_answers(settings, fake_embedder):
    ingest_paths([SEEDS], settings.paths.index_dir, settings, fake_embedder)
    version = current_version(settings.paths.index_dir)
    shutil.rmtree(version / "bm25")
    (version / "termdf.json").unlink()
    old = FileStore(load_index(settings.paths.index_dir, FAKE))
    fresh = _in_memory(old.index)
    assert old.lexical(QUERIES[0], 5) == fresh.lexical(QUERIES[0], 5) != []
    assert old.term_idf(["aleppo"]) == fresh.term_idf(["aleppo"])


def test_term_counts_are_made_once_per_document_and_dropped_when_unused(tmp_path, settings, fake_embedder,
                                                                        monkeypatch):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text(f"The {name} report says the bridge over the river is blue.", encoding="utf-8")
    ix = settings.paths.index_dir
    ingest_paths([folder], ix, settings, fake_embedder)
    assert len(list((ix / TERMS_DIR).glob("*.json"))) == 3
    counted: list[str] = []
    real = rag.lexical.content_terms
    monkeypatch.setattr(rag.lexical, "content_terms", lambda text: counted.append(text) or real(text))
    (folder / "c.txt").write_text("The c.txt report now says the bridge is red.", encoding="utf-8")
    ingest_paths([folder], ix, settings, fake_embedder)
    assert len(counted) == 1 and "red" in counted[0], "only the changed document's chunks are counted"
    remove_documents(["a.txt"], ix, settings)
    assert len(list((ix / TERMS_DIR).glob("*.json"))) == 3, "the previous version (kept for readers) still uses a"
    remove_documents(["b.txt"], ix, settings)
    assert len(list((ix / TERMS_DIR).glob("*.json"))) == 2, "counts no kept version uses are removed"
    idf, _ = FileStore(load_index(ix, FAKE)).term_idf(["red", "blue"])
    assert "red" in idf and "blue" not in idf


def test_bm25_top_ranks_as_bm25s_does_with_ties_by_id():
    """Our summation (np.bincount, dense or over the query's postings only) gives bm25s'
    scores; every chunk tied with the n-th is considered, so ties go to the lower id."""
    import numpy as np

    from rag.lexical import bm25_terms, bm25_top, build_bm25

    rng = np.random.default_rng(7)
    words = [f"word{i}" for i in range(300)]
    texts = [" ".join(rng.choice(words, size=int(rng.integers(3, 30)), p=None)) for _ in range(2000)]
    texts += ["word1 word2"] * 5  # identical chunks: equal scores
    bm25 = build_bm25(texts)
    for query in ["word1 word2", "word7", "word3 word3 word250", "word299 unknownword", "unknownword"]:
        terms = bm25_terms([query])[0]
        ours = bm25_top(bm25, terms, 25)
        known = [t for t in terms if t in bm25.vocab_dict]
        if not known:
            assert ours == []
            continue
        full = bm25.get_scores(known)
        expected = sorted((i for i in range(len(texts)) if full[i] > 0), key=lambda i: (-full[i], i))[:25]
        assert [i for i, _ in ours] == expected
        assert np.allclose([s for _, s in ours], full[expected], rtol=1e-5)


def test_a_saved_bm25_opens_and_tokenizes_as_bm25s_does(tmp_path):
    """The question path reads the saved files itself (no bm25s, no scipy): the vocabulary,
    postings and question terms must be bm25s' own, or the file store would rank differently."""
    import bm25s
    import numpy as np
    import Stemmer

    from rag.lexical import SavedBM25, bm25_terms, load_bm25, query_terms, save_bm25

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += ["Ünïcode café naïve — 2024's “quotes”, e-mail & x_y_z 3.5% don't", "the and of", "A I b 12 345"]
    save_bm25(texts, tmp_path)
    ours, theirs = load_bm25(tmp_path), bm25s.BM25.load(str(tmp_path), mmap=True, show_progress=False)
    assert isinstance(ours, SavedBM25) and ours.vocab_dict == theirs.vocab_dict
    for name in ("data", "indices", "indptr"):
        assert np.array_equal(ours.scores[name], theirs.scores[name])
    assert ours.scores["num_docs"] == theirs.scores["num_docs"] == len(texts)
    stemmer = Stemmer.Stemmer("english")
    questions = texts + ["What was Hayat Tahrir al-Sham called before 2017?", "Who's running the U.S. forces' bases?",
                         "", "??", "The THE the running runs ran", "Ünïcode NAÏVE cafés"]
    for q in questions:
        assert query_terms(ours, q, stemmer) == bm25_terms([q], stemmer)[0], q
