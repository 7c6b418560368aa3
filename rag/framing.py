"""Questions about how the sources tell it: "How do the two reports describe the
fighters?", "What does each article call them?".

The honest answer is each source's own words, side by side, never one sentence of one
file: for every source among the evidence (most relevant first), its best sentence on
the subject, quoted and cited. Quotes are the documents' text, so they need no model and
pass verification by construction; the reader sees "terrorist group" in one and
"insurgents" in the other and can judge the framing.
"""

from __future__ import annotations

import re

from rag.disagreement import Candidate

_SOURCES = r"(?:reports?|sources?|articles?|documents?|outlets?|stories|files|accounts?|each|both|they)"
_FRAMING = re.compile(
    r"^how (?:do|does|did) (?:the |these |those )?(?:two |both |different |various )?" + _SOURCES + r"\b.*\b"
    r"(describ|call|portray|characteri[sz]|refer|label|depict|present|fram|nam|report|differ|disagree)\w*"
    r"|^what (?:do|does|did) (?:the |these |those )?(?:two |both |different |various )?" + _SOURCES + r"\b.*\b"
    r"(call|name|label)\w*"
    r"|\b(?:each|both|the two|different) " + _SOURCES + r"\b.*\b(describ|call|portray|characteri[sz]|refer|label|depict|fram)\w*",
    re.I,
)


def asks_for_framing(question: str) -> bool:
    return bool(_FRAMING.search(question.strip()))


def per_source(ranked: list[Candidate], max_sources: int = 3, max_words: int = 25) -> list[Candidate]:
    """The best-ranked sentence of each source, sources in order of their best sentence;
    a long sentence is cut after `max_words` words (at a comma where there is one), since
    the words a source uses for its subject come early and answers stay short. The cut
    is a span of the document, so the quote is still its exact text."""
    chosen: dict[str, Candidate] = {}
    for c in ranked:
        if c.source not in chosen:
            chosen[c.source] = _cut(c, max_words)
        if len(chosen) == max_sources:
            break
    return list(chosen.values())


def _cut(c: Candidate, max_words: int) -> Candidate:
    words = list(re.finditer(r"\S+", c.text))
    if len(words) <= max_words:
        return c
    limit = words[max_words - 1].end()
    comma = c.text.rfind(",", 0, limit)
    end = comma if comma > len(c.text) // 4 else limit
    return Candidate(c.source, c.start, c.start + end, c.text[:end], c.score, c.dense)
