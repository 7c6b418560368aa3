"""Passages → the few numbered sentences that bear on the question.

A small model answers well from two or three focused sentences and badly from a page,
and the prompt's length is most of an answer's time. So each sentence of the retrieved
passages is scored by (a) how much of the question's rare-word weight it contains
(IDF over the index's chunks) and (b) its embedding similarity to the question, and the
best few are kept. `support` – the best sentence's share of the question's weight,
reaching into its neighbours – is what the assistant abstains on.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.chunking import sentence_spans
from rag.disagreement import VAGUE_AMOUNTS, Candidate
from rag.text import content_terms, fold, is_number, norm, term_set, words

if TYPE_CHECKING:
    from rag.embedding import Embedder
    from rag.index import Index
    from rag.retrieval import Passage


@dataclass(frozen=True)
class Evidence:
    """One numbered evidence sentence: `text == documents[source].text[start:end]`."""

    n: int
    source: str
    start: int
    end: int
    text: str
    score: float


@dataclass(frozen=True)
class Selection:
    """The sentences ranked best first, and how well the best of them covers the question."""

    ranked: list[Candidate]
    support: float

    def top(self, m: int, extra: list[Candidate] = ()) -> list[Evidence]:
        """Number the best `m` sentences plus `extra` ones, best first: a small model leans
        towards [1], so [1] should be the most likely answer."""
        chosen = list(dict.fromkeys([*self.ranked[:m], *extra]))
        return [Evidence(i + 1, c.source, c.start, c.end, c.text, c.score) for i, c in enumerate(chosen)]


class TermWeights:
    """Inverse document frequency of normalised terms over an index's chunks, built once."""

    def __init__(self, index: "Index") -> None:
        self._index = index
        self._idf: dict[str, float] | None = None
        self._lock = threading.Lock()

    def idf(self) -> dict[str, float]:
        with self._lock:
            if self._idf is None:
                df: dict[str, int] = {}
                for chunk in self._index.chunks:
                    for t in set(content_terms(chunk.text)):
                        df[t] = df.get(t, 0) + 1
                n = max(len(self._index.chunks), 1)
                self._idf = {t: math.log(1 + n / c) for t, c in df.items()}
                self._idf[""] = math.log(1 + n)
        return self._idf

    def weights(self, terms: list[str]) -> dict[str, float]:
        idf = self.idf()
        unseen = idf[""]
        # Numbers pin a fact down; a question's figure must be matched, so weigh it like a rare word.
        return {t: (unseen if is_number(t) else idf.get(t, unseen)) for t in dict.fromkeys(terms)}


_WHEN = re.compile(r"^(when|what year|which year|in what year|in which year|since when|since what year|since which year|what date|on what date|which day|on which day|what day)\b", re.I)
_AMOUNT = re.compile(r"^(how (many|much|far|long|large|big|old)|what (number|percentage|proportion))\b", re.I)
_TIME = re.compile(r"\b(1[0-9]{3}|20[0-9]{2}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december)\b", re.I)


def answer_type_bonus(question: str, text: str, bonus: float = 0.15) -> float:
    """A sentence that holds the kind of thing the question asks for (a date for "when",
    a figure for "how many") is more likely to hold the answer."""
    q = question.strip()
    if _WHEN.search(q):
        return bonus if _TIME.search(text) else 0.0
    if _AMOUNT.search(q):
        return bonus if any(is_number(norm(w)) or fold(w) in VAGUE_AMOUNTS for w in words(text)) else 0.0
    return 0.0


def coverage(weights: dict[str, float], terms: set[str]) -> float:
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in terms) / total if total else 0.0


def select_evidence(
    question: str,
    passages: list["Passage"],
    index: "Index",
    embedder: "Embedder",
    term_weights: TermWeights,
    max_sentences: int = 3,
    dense_weight: float = 0.5,
) -> Selection:
    """Rank every sentence of `passages` for `question`; `max_sentences` sets the support window."""
    seen: set[tuple[str, int]] = set()
    candidates: list[tuple[str, int, int, str]] = []
    for p in passages:
        text = index.documents[p.chunk.source].text
        for a, b in sentence_spans(text, p.chunk.start, p.chunk.end):
            if (p.chunk.source, a) not in seen:
                seen.add((p.chunk.source, a))
                candidates.append((p.chunk.source, a, b, text[a:b]))
    weights = term_weights.weights(content_terms(question))
    if not candidates or not weights:
        return Selection([], 0.0)
    vectors = embedder.encode([question] + [c[3] for c in candidates])
    sims = vectors[1:] @ vectors[0]
    scored = []
    for (source, a, b, text), sim in zip(candidates, sims):
        cov = coverage(weights, term_set(text))
        score = (1 - dense_weight) * cov + dense_weight * float(sim) + answer_type_bonus(question, text)
        scored.append((Candidate(source, a, b, text, round(score, 4), round(float(sim), 4)), cov))
    scored.sort(key=lambda s: -s[0].score)
    best, best_cov = scored[0]
    # The answer may sit in a neighbouring sentence of the same file: measure them together.
    near = [c.text for c, _ in scored[:max_sentences] if c.source == best.source]
    window = coverage(weights, set().union(*(term_set(t) for t in near)))
    return Selection([c for c, _ in scored], round(max(best_cov, window), 4))
