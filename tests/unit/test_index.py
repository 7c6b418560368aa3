import json
from pathlib import Path

import numpy as np
import pytest

from rag.documents import load_documents
from rag.errors import IndexInvalidError, IndexMissingError
from rag.index import CURRENT, build_index, current_version, info, load_index, save_index
from rag.ingest import ingest_paths

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _build(fake_embedder, docs=None):
    docs = docs if docs is not None else load_documents([SEEDS], 10**7)[0]
    return build_index(docs, fake_embedder, max_chars=700, overlap=1, approximate_above=10**6)


def test_save_load_round_trip(tmp_path, fake_embedder):
    index, stats = _build(fake_embedder)
    assert stats.added == 2 and stats.chunks_embedded == len(index.chunks)
    save_index(index, tmp_path / "ix")
    loaded = load_index(tmp_path / "ix", fake_embedder.id)
    assert [(c.source, c.start, c.end, c.text) for c in loaded.chunks] == [
        (c.source, c.start, c.end, c.text) for c in index.chunks
    ]
    assert np.array_equal(loaded.vectors, index.vectors)
    assert loaded.faiss_index.ntotal == len(index.chunks)
    for c in loaded.chunks:
        assert (SEEDS / c.source).read_text(encoding="utf-8")[c.start : c.end] == c.text
    manifest = json.loads((current_version(tmp_path / "ix") / "manifest.json").read_text())
    assert manifest["embedder"] == fake_embedder.id and manifest["dimension"] == fake_embedder.dim
    assert set(manifest["files"]) == {p.name for p in SEEDS.glob("*.txt")}
    assert all(len(f["sha256"]) == 64 for f in manifest["files"].values())


def test_texts_are_read_lazily_and_a_format_1_version_still_loads(tmp_path, fake_embedder):
    """A version keeps its texts in texts.bin, read when a chunk or document is asked for;
    a version written by the previous format (every text in JSON) loads the same."""
    from rag.texttables import ChunkTable, DocumentTable

    index, _ = _build(fake_embedder)
    save_index(index, tmp_path / "ix")
    loaded = load_index(tmp_path / "ix", fake_embedder.id)
    assert isinstance(loaded.chunks, ChunkTable) and isinstance(loaded.documents, DocumentTable)
    assert loaded.chunks[-1] == index.chunks[-1] and loaded.chunks[1:3] == list(index.chunks[1:3])
    assert loaded.chunks_of(index.chunks[-1].source) == index.chunks_of(index.chunks[-1].source)
    version = current_version(tmp_path / "ix")
    v1 = {s: {"text": d.text, "sha256": d.sha256, "metadata": d.metadata, "origin": d.origin, "format": d.format,
              "body_start": d.body_start, "locations": []} for s, d in index.documents.items()}
    (version / "documents.json").write_text(json.dumps(v1))
    (version / "chunks.json").write_text(json.dumps([[c.source, c.start, c.end] for c in index.chunks]))
    (version / "texts.bin").unlink()
    (version / "chunks.npy").unlink()
    manifest = json.loads((version / "manifest.json").read_text())
    (version / "manifest.json").write_text(json.dumps({**manifest, "format_version": 1}))
    old = load_index(tmp_path / "ix", fake_embedder.id)
    assert list(old.chunks) == list(index.chunks) and dict(old.documents) == dict(index.documents)


def test_non_ascii_chunks_keep_their_text(tmp_path, fake_embedder):
    """Chunks are found by byte in texts.bin but cite by character: both must agree."""
    from rag.documents import Document, sha256_text

    texts = {"a.txt": "Ürün — “quoted” café. Second sentence here… 日本語の文です。 Last one, plain.",
             "b.txt": "Plain ASCII only. Another sentence."}
    docs = [Document(s, t, sha256_text(t)) for s, t in texts.items()]
    index, _ = build_index(docs, fake_embedder, max_chars=30, overlap=0, approximate_above=10**6)
    save_index(index, tmp_path / "ix")
    loaded = load_index(tmp_path / "ix", fake_embedder.id)
    assert len(loaded.chunks) > 3
    for c in loaded.chunks:
        assert c.text == texts[c.source][c.start : c.end]
    assert loaded.documents["a.txt"].text == texts["a.txt"]


def test_other_embedder_is_refused(tmp_path, fake_embedder):
    save_index(_build(fake_embedder)[0], tmp_path / "ix")
    with pytest.raises(IndexInvalidError, match="built with embedder 'fake/hash-bow'.*rag ingest"):
        load_index(tmp_path / "ix", "sentence-transformers/all-MiniLM-L6-v2")


def test_missing_index_says_to_ingest(tmp_path):
    with pytest.raises(IndexMissingError, match="rag ingest"):
        load_index(tmp_path / "nothing")


def _damage(version: Path, how: str) -> None:
    if how == "truncated-faiss":
        data = (version / "vectors.faiss").read_bytes()
        (version / "vectors.faiss").write_bytes(data[: len(data) // 3])
    elif how == "bad-json":
        (version / "manifest.json").write_text("{not json")
    elif how == "chunks-mismatch":
        rows = np.load(version / "chunks.npy")
        np.save(version / "chunks.npy", rows[:-1])
    elif how == "chunk-outside":
        rows = np.load(version / "chunks.npy")
        rows[-1, 4] = 10**9
        np.save(version / "chunks.npy", rows)
    elif how == "truncated-texts":
        data = (version / "texts.bin").read_bytes()
        (version / "texts.bin").write_bytes(data[:-10])
    elif how == "format-version":
        m = json.loads((version / "manifest.json").read_text())
        m["format_version"] = 999
        (version / "manifest.json").write_text(json.dumps(m))
    elif how == "bad-pointer":
        (version.parent / CURRENT).write_text("v-does-not-exist")
    elif how == "tampered-doc":
        data = (version / "texts.bin").read_bytes()
        (version / "texts.bin").write_bytes(data.replace(b"Aleppo", b"Alepp0", 1))


@pytest.mark.parametrize(
    "how", ["truncated-faiss", "bad-json", "chunks-mismatch", "chunk-outside", "truncated-texts", "format-version",
            "bad-pointer", "tampered-doc"]
)
def test_damaged_index_is_refused_with_rebuild_hint(tmp_path, fake_embedder, how):
    save_index(_build(fake_embedder)[0], tmp_path / "ix")
    _damage(current_version(tmp_path / "ix"), how)
    with pytest.raises(IndexInvalidError) as err:
        load_index(tmp_path / "ix", fake_embedder.id)
    assert "rag ingest --index" in str(err.value) and "\n" not in str(err.value)


def test_incremental_ingest_embeds_only_changes(tmp_path, settings, fake_embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in SEEDS.glob("*.txt"):
        (corpus / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    ix = settings.paths.index_dir
    first = ingest_paths([corpus], ix, settings, fake_embedder)
    assert (first.stats.added, first.stats.unchanged) == (2, 0)

    calls = fake_embedder.calls
    again = ingest_paths([corpus], ix, settings, fake_embedder)
    assert fake_embedder.calls == calls, "an unchanged corpus must not be embedded again"
    assert (again.stats.unchanged, again.saved) == (2, False)

    (corpus / "new.md").write_text("# New\n\nA brand new file about Saraqab. It has two sentences.\n")
    changed = sorted(corpus.glob("000_*"))[0]
    changed.write_text(changed.read_text() + "\nOne more sentence at the end.\n")
    gone = sorted(corpus.glob("001_*"))[0]
    gone.unlink()
    texts = fake_embedder.texts
    third = ingest_paths([corpus], ix, settings, fake_embedder)
    s = third.stats
    assert (s.added, s.updated, s.removed, s.unchanged) == (1, 1, 1, 0)
    assert fake_embedder.texts - texts == s.chunks_embedded
    loaded = load_index(ix, fake_embedder.id)
    assert set(loaded.documents) == {"new.md", changed.name}
    assert all(c.source != gone.name for c in loaded.chunks)
    # the vectors of the new file are the ones the embedder gives for its chunks
    new_ids = loaded.chunks_of("new.md")
    assert np.allclose(loaded.vectors[new_ids], fake_embedder.encode([loaded.chunks[i].text for i in new_ids]))


def test_old_versions_are_cleaned_and_info_reads_manifest(tmp_path, settings, fake_embedder):
    """The live version and the one before it are kept (a reader may have just read
    CURRENT); older ones go."""
    ix = settings.paths.index_dir
    ingest_paths([SEEDS], ix, settings, fake_embedder)
    for i in range(3):
        (tmp_path / "one.txt").write_text(f"Only one file now, edition {i}. It is short.")
        ingest_paths([tmp_path / "one.txt"], ix, settings, fake_embedder)
    versions = sorted(p.name for p in ix.iterdir() if p.name.startswith("v-"))
    assert len(versions) == 2 and current_version(ix).name in versions
    data = info(ix)
    assert data["files"] == 3 and "one.txt" in data["sources"] and data["size_bytes"] > 0
    assert data["origins"]["one.txt"] == str((tmp_path / "one.txt").resolve())
