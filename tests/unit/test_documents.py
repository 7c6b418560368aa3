import os

from rag.documents import load_documents


def test_bad_files_are_skipped_with_reasons(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_text("A good file. With two sentences.", encoding="utf-8")
    (root / "sub" / "nested.md").write_text("# Title\n\nNested markdown.", encoding="utf-8")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (root / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    (root / "empty.txt").write_text("   \n")
    (root / "big.txt").write_text("x" * 2000)
    (root / "fake.pdf").write_bytes(b"%PDF-1.7 this is not really a PDF")
    outside = tmp_path / "secret.txt"
    outside.write_text("outside the corpus")
    os.symlink(outside, root / "link.txt")
    docs, skipped = load_documents([root], max_bytes=1000)
    assert sorted(d.source for d in docs) == ["good.txt", "latin1.txt", "sub/nested.md"]
    reasons = {s.path: s.reason for s in skipped}
    assert reasons["binary.txt"] == "binary file"
    assert {d.source: d.text for d in docs}["latin1.txt"] == "café"  # a legacy encoding is decoded, not refused
    assert reasons["empty.txt"] == "empty file"
    assert "limit" in reasons["big.txt"]
    assert "outside" in reasons["link.txt"]
    assert "corrupt PDF" in reasons["fake.pdf"]
    assert {d.source: d for d in docs}["sub/nested.md"].metadata.get("title") == "Title"


def test_unreadable_file_is_skipped(tmp_path):
    # A dangling link inside the corpus cannot be read, even by root (chmod 000 can).
    os.symlink(tmp_path / "vanished.txt", tmp_path / "dangling.txt")
    (tmp_path / "ok.txt").write_text("Fine. Readable.")
    docs, skipped = load_documents([tmp_path], 10**6)
    assert [d.source for d in docs] == ["ok.txt"]
    assert skipped[0].path == "dangling.txt" and "unreadable" in skipped[0].reason


def test_seed_header_line_is_metadata_not_body(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(" date 2024-11-29 BEIRUT, Lebanon -\n\nText here. More text.")
    docs, _ = load_documents([p], 10**6)
    doc = docs[0]
    assert doc.metadata["date"] == "2024-11-29" and doc.metadata["place"] == "Beirut, Lebanon"
    assert doc.text.startswith(" date 2024-11-29") and doc.text[doc.body_start:].strip().startswith("Text here.")
    from rag.chunking import chunk_text

    assert all("2024-11-29" not in c.text for c in chunk_text("a.txt", doc.text, 700, 1, doc.body_start))
