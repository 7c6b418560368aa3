"""Each reader on real files made by real tools, and every bad-input class refused by
name with the index unchanged."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from rag.documents import load_documents, read_document
from rag.index import live_version_name, load_index
from rag.ingest import add_files, ingest_paths
from rag.readers import Limits, Unreadable, extract
from tests import fixtures_docs as fx

ROOT = Path(__file__).resolve().parents[2]
SEED_B = (ROOT / "seeds" / "001_1060402cd70cc40b.txt").read_text(encoding="utf-8")
FAKE = "fake/hash-bow"


def read(path: Path):
    return extract(path.read_bytes(), path.name, Limits())


@pytest.mark.parametrize("producer", ["reportlab", "matplotlib"])
def test_pdf_text_pages_and_header_metadata(tmp_path, producer):
    path = tmp_path / "b.pdf"
    if producer == "reportlab":
        fx.write_pdf_reportlab(SEED_B, path, title="Insurgents breach Aleppo", author="AP")
    else:
        fx.write_pdf_matplotlib(SEED_B, path)
    got = read(path)
    assert got.format == "pdf" and len(got.locations) >= 2, "the article spans several pages"
    assert [loc.page for loc in got.locations] == list(range(1, len(got.locations) + 1))
    # the header line is metadata, the body is the article, word for word
    assert got.metadata["date"] == "2024-11-29" and got.metadata["place"] == "Beirut, Lebanon"
    body = got.text[got.body_start:]
    assert "2024-11-29" not in body
    assert " ".join(body.split()) == " ".join(" ".join(fx.paragraphs(SEED_B)[1:]).split())
    if producer == "reportlab":
        assert got.metadata["title"] == "Insurgents breach Aleppo" and got.metadata["author"] == "AP"
    # a sentence on the last page is located on that page
    last = got.locations[-1]
    sentence = got.text[last.start : last.end].split(". ")[0]
    from rag.documents import Document

    doc = Document("b.pdf", got.text, "", got.metadata, "", got.locations, got.body_start, "pdf")
    assert doc.locate(got.text.index(sentence)) == (last.page, f"p. {last.page}")


def test_pdf_hyphenation_at_line_ends_is_undone(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "h.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    text = c.beginText(72, 780)
    for line in ["The insurgents advanced on the strategic town of Sara-",
                 "qab in Idlib province to secure supply lines to the city of Alep-",
                 "po, the war monitor said."]:
        text.textLine(line)
    c.drawText(text)
    c.save()
    got = read(path)
    assert "Saraqab" in got.text and "Aleppo" in got.text and "-\n" not in got.text


def test_docx_paragraphs_headings_and_properties(tmp_path):
    path = tmp_path / "b.docx"
    fx.write_docx(SEED_B, path, title="Insurgents breach Aleppo", heading="Battle for Aleppo")
    got = read(path)
    assert got.format == "docx" and got.metadata["title"] == "Insurgents breach Aleppo"
    assert got.metadata["author"] == "Test Desk"
    assert got.metadata["date"] == "2024-11-29"  # the article's header wins over the file's creation date
    assert got.locations[0].heading == "Battle for Aleppo"
    assert "Rami Abdurrahman" in got.text


def test_html_text_is_the_words_the_page_shows(tmp_path):
    path = tmp_path / "p.html"
    odd = "They will fight until [the terrorists] are turned back, said 2*3 = 6 ministry_spokesman (#1) at 10.5%."
    fx.write_news_page(odd + "\n" + "\n".join(fx.paragraphs(SEED_B)[1:4]), path, "Odd characters")
    path.write_text(path.read_text(encoding="utf-8").replace("Insurgents have been", "<b>Insurgents</b> <i>have</i> been"),
                    encoding="utf-8")
    got = read(path)
    assert odd in got.text and "\\" not in got.text and "**" not in got.text
    assert "Insurgents have been approaching" in got.text
    assert got.locations and got.locations[0].heading == "Odd characters"


def test_html_keeps_the_article_and_drops_the_boilerplate(tmp_path):
    path = tmp_path / "b.html"
    fx.write_news_page("\n".join(fx.paragraphs(SEED_B)[1:]), path, "Insurgents breach Aleppo")
    got = read(path)
    assert all(read(path).text == got.text for _ in range(3)), "reading a page again must give the same text"
    assert got.format == "html" and "Rami Abdurrahman" in got.text
    for fact in fx.BOILERPLATE_FACTS.values():
        assert fact[:30] not in got.text
    for noise in ("Accept all", "Subscribe", "All rights reserved", "Related stories", "Home"):
        assert noise not in got.text
    assert got.metadata["title"] == "Insurgents breach Aleppo" and got.metadata["date"] == "2024-11-29"
    assert got.metadata["url"].endswith("/b") and got.metadata["author"] == "Courier Staff"


@pytest.mark.parametrize("encoding,text", [
    ("cp1252", "The minister\u2019s \u201cfinal\u201d offer \u2013 \u20ac45 \u2013 was rejected in S\u00e3o Paulo."),
    ("latin-1", "R\u00e9sum\u00e9 of the na\u00efve gar\u00e7on: \u00e0 la carte, d\u00e9j\u00e0 vu."),
    ("cp1251", "\u041f\u0440\u0438\u0432\u0435\u0442, \u044d\u0442\u043e \u0442\u0435\u0441\u0442\u043e\u0432\u044b\u0439 "
               "\u0442\u0435\u043a\u0441\u0442 \u043d\u0430 \u0440\u0443\u0441\u0441\u043a\u043e\u043c \u044f\u0437\u044b\u043a\u0435."),
    ("cp1250", "Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144. Pchn\u0105\u0107 w t\u0119 \u0142\u00f3d\u017a."),
    ("utf-16", "UTF-16 with its byte-order mark: na\u00efve caf\u00e9."),
])
def test_legacy_encodings_are_decoded_exactly(tmp_path, encoding, text):
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    assert read(path).text == text


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        with z.open("word/media/zeros.bin", "w") as fh:
            block = bytes(1 << 20)
            for _ in range(40):
                fh.write(block)


def _encrypted_pdf(path: Path) -> None:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt="open-sesame")
    c.drawString(72, 720, "Secret report about the Kelmar ferry.")
    c.save()


def _scanned_pdf(path: Path) -> None:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for i in range(30):  # a picture of a page: shapes, no text layer
        c.rect(72, 700 - i * 20, 400, 12, fill=1)
    c.save()


def _fragment_pdf(path: Path) -> None:
    from reportlab.pdfgen import canvas

    rng = random.Random(7)
    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 4)
    for _ in range(6000):
        c.drawString(rng.uniform(20, 560), rng.uniform(20, 800), rng.choice("abcdefghijklmnopqrstuvwxyz"))
    c.save()


def _all_boilerplate(path: Path) -> None:
    path.write_text("<!DOCTYPE html><html><head><title>Home</title></head><body><nav><a href='/'>Home</a> "
                    "<a href='/news'>News</a></nav><div class='cookie'>We use cookies.</div>"
                    "<footer>© 2024 Daily Courier</footer></body></html>", encoding="utf-8")


BAD = {
    "encrypted.pdf": (_encrypted_pdf, "encrypted"),
    "scanned.pdf": (_scanned_pdf, "no text layer"),
    "corrupt.pdf": (lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n%%EOF garbage"),
                    "corrupt PDF"),
    "corrupt.docx": (lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 64), "corrupt DOCX"),
    "bomb.docx": (_zip_bomb, "zip bomb"),
    "boilerplate.html": (_all_boilerplate, "boilerplate"),
    "lying.pdf": (lambda p: p.write_text("<html><body><p>Just a web page.</p></body></html>"), "not PDF"),
    "lying.txt": (lambda p: fx.write_pdf_reportlab("A PDF wearing a text file's name. " * 5, p), "content is PDF"),
    "fragments.pdf": (_fragment_pdf, "fragments"),
    "binary.txt": (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))), "binary"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_refused_by_name(tmp_path, name):
    make, reason = BAD[name]
    path = tmp_path / name
    make(path)
    doc, skipped = read_document(path, name, 20_000_000)
    assert doc is None and skipped is not None and skipped.path == name
    assert reason.lower() in skipped.reason.lower(), skipped.reason


def test_bad_files_leave_the_index_unchanged(tmp_path, settings, fake_embedder):
    ix = settings.paths.index_dir
    good = tmp_path / "good"
    good.mkdir()
    (good / "a.txt").write_text("The Kelmar ferry leaves at noon. It returns at six.", encoding="utf-8")
    ingest_paths([good], ix, settings, fake_embedder)
    before = live_version_name(ix)
    bad = tmp_path / "bad"
    bad.mkdir()
    for name, (make, _) in BAD.items():
        make(bad / name)
    result, refused = add_files([(p, p.name) for p in sorted(bad.iterdir())], ix, settings, fake_embedder)
    assert result is None and sorted(s.path for s in refused) == sorted(BAD)
    assert live_version_name(ix) == before
    docs, skipped = load_documents([bad], settings.limits.max_file_bytes)
    assert not docs and len(skipped) == len(BAD)
    assert set(load_index(ix, FAKE).documents) == {"a.txt"}


def test_every_format_is_ingested_incrementally_and_uploads_keep_the_original(tmp_path, settings, fake_embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    fx.write_pdf_reportlab(SEED_B, corpus / "b.pdf")
    fx.write_docx(SEED_B, corpus / "b.docx")
    fx.write_news_page(SEED_B, corpus / "b.html", "Insurgents breach Aleppo")
    (corpus / "b.md").write_text("# Aleppo\n\n" + SEED_B, encoding="utf-8")
    ix = settings.paths.index_dir
    first = ingest_paths([corpus], ix, settings, fake_embedder)
    assert first.stats.added == 4 and not first.skipped
    calls = fake_embedder.calls
    again = ingest_paths([corpus], ix, settings, fake_embedder)
    assert again.saved is False and fake_embedder.calls == calls
    index = load_index(ix, FAKE)
    for doc in index.documents.values():
        for chunk in (c for c in index.chunks if c.source == doc.source):
            assert doc.text[chunk.start : chunk.end] == chunk.text and chunk.start >= doc.body_start
    pdf = tmp_path / "upload.pdf"
    fx.write_pdf_reportlab("The Kelmar ferry was renamed Silver Heron in 2019. " * 3, pdf)
    result, refused = add_files([(pdf, "upload.pdf")], ix, settings, fake_embedder)
    assert result is not None and not refused
    assert (ix / "uploads" / "upload.pdf").read_bytes() == pdf.read_bytes()
    assert load_index(ix, FAKE).documents["upload.pdf"].format == "pdf"


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    path = tmp_path / "bomb.docx"
    _zip_bomb(path)
    assert path.stat().st_size < 1_000_000
    with pytest.raises(Unreadable, match="zip bomb"):
        extract(path.read_bytes(), "bomb.docx", Limits(max_unpacked_bytes=10_000_000))
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        assert sum(i.file_size for i in z.infolist()) > 40_000_000
