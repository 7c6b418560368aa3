from pathlib import Path

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from rag.chunking import chunk_text, sentence_spans

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def _assert_offsets(text: str, chunks, max_chars: int) -> None:
    for c in chunks:
        assert text[c.start : c.end] == c.text
        assert 0 < len(c.text) <= max_chars


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_chunks_round_trip_and_cover_every_sentence(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    chunks = chunk_text(path.name, text, 700, 1)
    _assert_offsets(text, chunks, 700)
    covered = [(c.start, c.end) for c in chunks]
    for a, b in sentence_spans(text):
        assert any(s <= a and b <= e for s, e in covered), text[a:b]


def test_overlap_repeats_one_sentence() -> None:
    text = " ".join(f"Sentence number {i} is here." for i in range(40))
    chunks = chunk_text("x", text, 120, 1)
    assert len(chunks) > 3
    for prev, nxt in zip(chunks, chunks[1:]):
        assert nxt.start < prev.end  # the last sentence of one chunk opens the next


@pytest.mark.parametrize(
    "text",
    [
        "No trailing newline. Second sentence without end",
        "He said \u201cit is over.\u201d Then he left. \u2018Quoted\u2019 words \u2014 and dashes\u2026 End.",
        "word " * 800,  # one very long sentence with no full stop
        "x" * 2500,  # one enormous token with no whitespace at all
        "\n\n  Leading blank lines.\r\nWindows line ends.\r\n",
        "Mr. Smith met Dr. Jones in the U.S. on Friday. They talked.",
    ],
    ids=["no-newline", "unicode-quotes", "long-sentence", "no-whitespace", "crlf", "abbreviations"],
)
def test_tricky_text_offsets(text: str) -> None:
    chunks = chunk_text("t", text, 300, 1)
    assert chunks
    _assert_offsets(text, chunks, 300)


def test_abbreviations_do_not_split() -> None:
    text = "Mr. Smith met Dr. Jones in the U.S. on Friday. They talked."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Mr. Smith met Dr. Jones in the U.S. on Friday.",
        "They talked.",
    ]


@hsettings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=3000),
       st.integers(min_value=100, max_value=800), st.integers(min_value=0, max_value=3))
def test_property_offsets_index_original_text(text: str, max_chars: int, overlap: int) -> None:
    chunks = chunk_text("p", text, max_chars, overlap)
    _assert_offsets(text, chunks, max_chars)
    for a, b in sentence_spans(text):
        # every sentence (or, if longer than a chunk, every piece of it) is inside some chunk
        assert any(c.start <= a < c.end for c in chunks)
    if text.strip():
        assert chunks


def test_reference_marks_after_a_full_stop_end_the_sentence():
    text = "The age began around 1700.[citation needed] Empires grew.[3] Trade followed. See [a] note."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "The age began around 1700.[citation needed]", "Empires grew.[3]", "Trade followed.", "See [a] note."]
