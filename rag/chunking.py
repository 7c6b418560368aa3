"""Sentence spans and sentence-aware chunks, always as offsets into the original text.

Everything downstream (evidence, citations, the UI's highlighted quote) is a
`(start, end)` pair into a document's text, so `text[start:end]` is the exact quote.
The sentence splitter is a small rule-based one: news and encyclopedia prose is what
this tool reads, and a rule set is fast, deterministic and dependency-free. A sentence
longer than a chunk is cut at whitespace so no chunk ever exceeds `max_chars`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Span = tuple[int, int]

# A sentence ends at . ! ? … with any closing quotes or brackets, and any reference marks that
# web and encyclopedia text put straight after the full stop ("power.[citation needed]", "1700.[3]").
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?:\[[^\]\n]{1,30}\])*(?=\s+[\"'“‘(\[]?[A-Z0-9À-ÖØ-Þ])")
_ABBREV = {
    "mr", "mrs", "ms", "dr", "st", "col", "gen", "lt", "sgt", "capt", "jr", "sr", "u.s", "u.n", "u.k",
    "inc", "ltd", "co", "vs", "no", "gov", "sen", "rep", "prof", "mt", "e.g", "i.e", "etc", "fig", "jan",
    "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec", "maj", "adm", "rev", "ft", "approx",
}


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences of one document: `text == doc.text[start:end]`."""

    source: str
    start: int
    end: int
    text: str


def _strip(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the '.' at `dot` ends an abbreviation or an initial, not a sentence."""
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot]
    return word.lower() in _ABBREV or (len(word) == 1 and word.isupper())


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Split `text[start:end]` into sentence spans (offsets into `text`), whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        line_start, line_end = start + line.start(), start + line.end()
        cursor = line_start
        for m in _END.finditer(text, line_start, line_end):
            if _is_abbreviation(text, m.start()):
                continue
            if span := _strip(text, cursor, m.end()):
                spans.append(span)
            cursor = m.end()
        if span := _strip(text, cursor, line_end):
            spans.append(span)
    return spans


def _cut_long(text: str, span: Span, max_chars: int) -> list[Span]:
    """Cut a span longer than `max_chars` at whitespace (or hard, if there is none)."""
    pieces: list[Span] = []
    start, end = span
    while end - start > max_chars:
        cut = text.rfind(" ", start + 1, start + max_chars + 1)
        cut = cut if cut > start else start + max_chars
        if piece := _strip(text, start, cut):
            pieces.append(piece)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if piece := _strip(text, start, end):
        pieces.append(piece)
    return pieces


def chunk_text(source: str, text: str, max_chars: int = 700, overlap: int = 1, start: int = 0) -> list[Chunk]:
    """Group the sentences of `text[start:]` into chunks of at most `max_chars`, repeating
    `overlap` sentences (text before `start` is a metadata header, not body)."""
    units: list[Span] = []
    for span in sentence_spans(text, start):
        units.extend(_cut_long(text, span, max_chars))
    chunks: list[Chunk] = []
    i = 0
    while i < len(units):
        j = i + 1
        while j < len(units) and units[j][1] - units[i][0] <= max_chars:
            j += 1
        start, end = units[i][0], units[j - 1][1]
        chunks.append(Chunk(source, start, end, text[start:end]))
        if j >= len(units):
            break
        i = max(i + 1, j - overlap)
    return chunks
