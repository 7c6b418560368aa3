"""Find where two files state different figures for the same question, or the same one.

Two reports of one event often disagree on the numbers (a ministry's "hundreds dead",
a monitor's "dozens of fighters"). For a question that asks for an amount, the
relevant sentences of each file are read for figures – digits, number words and the
vague amounts "dozens", "hundreds", "thousands" – and when two files' figures share
nothing, each file's claim is reported with its quote; when they share a figure, that
agreement is reported the same way ("both say some 400 square kilometres"). Sentences
that do not bear on the question (low relevance) never count, so unrelated figures
cannot make a conflict or an agreement.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.text import STOPWORDS, fold, is_number, norm, words

if TYPE_CHECKING:
    import numpy as np

# "size" and "area" ask for an amount as the thing itself ("the area seized", "what size", "the area of"),
# not as a place a describing word picks out ("the *strategic* area around Saraqab", "its *eastern* area")
_AMOUNT_QUESTION = re.compile(
    r"\b(how many|how much|number of|toll|casualt\w*|death\w*|dead|killed|figure|count|how large|how big)\b"
    r"|\b(the|what|which|an|total|whole|this|that)\s+(size|area)\b|\b(size|area)\s+of\b", re.I
)
VAGUE_AMOUNTS = {"dozens", "hundreds", "thousands", "millions", "scores"}


@dataclass(frozen=True)
class Candidate:
    """A sentence of one source with its relevance to the question."""

    source: str
    start: int
    end: int
    text: str
    score: float
    dense: float = 0.0


@dataclass(frozen=True)
class Conflict:
    topic: str
    claims: list[Candidate]
    agree: bool = False  # True: the claims share `figure` (an agreement, not a conflict)
    figure: str = ""


def figures(text: str) -> set[str]:
    """The amounts a sentence states, normalised ('four' == '4', '1,000' == '1000')."""
    found = set()
    for w in words(text):
        f = fold(w)
        if f in VAGUE_AMOUNTS:
            found.add(f)
        else:
            n = norm(w)
            if is_number(n) and not n.endswith(("st", "nd", "rd", "th")) and not _is_year(n):
                found.add(n)
    return found


_PHRASE = re.compile(
    r"(?:(?:more than|over|at least|about|around|some|nearly|almost|up to)\s+)?"
    r"(?:\d[\d,.]*|dozens|hundreds|thousands|millions|scores|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred|thousand)\b"
    r"(?:\s+[^\s,.;:!?”\"]+){0,5}",
    re.I,
)


def figure_phrase(text: str, figure: str | None = None) -> str:
    """The words around the first figure (or around `figure`) of a sentence: an exact
    substring of `text`."""
    for m in _PHRASE.finditer(text):
        if figures(m.group(0)) and (figure is None or figure in figures(m.group(0))):
            phrase = m.group(0).split(" ")
            while len(phrase) > 1 and fold(phrase[-1]) in STOPWORDS:  # no dangling "and", "of", "the"
                phrase.pop()
            return " ".join(phrase)
    return text


def _is_year(n: str) -> bool:
    return n.isdigit() and len(n) == 4 and 1800 <= int(n) <= 2100


def unit(text: str, figure: str) -> str:
    """The words a figure counts ("square kilometers" in "some 400 square kilometers of
    territory"): up to two words after it, before any stop word."""
    after: list[str] = []
    seen = False
    for w in words(figure_phrase(text, figure)):
        if seen:
            if fold(w) in STOPWORDS or len(after) == 2:
                break
            after.append(fold(w))
        elif figure in figures(w):
            seen = True
    return " ".join(after)


def _agreement(
    question: str, bearing: list[Candidate], embed: Callable[[list[str]], "np.ndarray"], same: float,
) -> Conflict | None:
    """Another source stating the most relevant sentence's figure of the same unit: the
    same value, and units spelled alike ("square kilometers" / "square kilometres") or
    figure phrases that mean the same by embedding similarity. "400 square kilometers"
    and "400 enemy combatants" share a value, not a fact."""
    top = max(bearing, key=lambda c: c.dense)
    for figure in sorted(f for f in figures(top.text) if f not in VAGUE_AMOUNTS):
        others = [c for c in bearing if c.source != top.source and figure in figures(c.text)]
        if not others:
            continue
        vectors = embed([figure_phrase(top.text, figure)] + [figure_phrase(c.text, figure) for c in others])
        sims = vectors[1:] @ vectors[0]
        for c, sim in zip(others, sims):
            if _same_unit(top.text, c.text, figure) or float(sim) >= same:
                return Conflict(question.strip().rstrip("?"), [top, c], agree=True, figure=figure)
    return None


def _same_unit(a: str, b: str, figure: str) -> bool:
    """Whether two sentences count the same thing with `figure`: units spelled alike."""
    import difflib

    mine, theirs = unit(a, figure), unit(b, figure)
    return bool(mine and theirs) and difflib.SequenceMatcher(None, mine, theirs).ratio() >= 0.8


def bearing(ranked: list[Candidate], floor: float = 0.35, relative: float = 0.6) -> list[Candidate]:
    """The sentences that bear on the question by embedding similarity: at least `floor`, and
    `relative` of the best. Reports word one thing differently ("killed", "eliminated";
    "fighters", "insurgents"), so similarity, not shared words, decides; a source whose best
    sentence is far from the question (Türkiye's news agency, for "Turkey's role") is not
    quoted as saying anything about it."""
    relevant = [c for c in ranked if c.dense >= floor]
    best = max((c.dense for c in relevant), default=0.0)
    return [c for c in relevant if c.dense >= best * relative]


def asks_amount(question: str) -> bool:
    return bool(_AMOUNT_QUESTION.search(question))


def find_conflict(
    question: str,
    ranked: list[Candidate],
    embed: Callable[[list[str]], "np.ndarray"],
    sentence_relative: float = 0.6,
    phrase_relative: float = 0.7,
    floor: float = 0.35,
) -> Conflict | None:
    """Each source's figure-bearing sentences that are about what the question asks; a
    conflict when two sources share no figure, an agreement (`agree=True`) when two
    share one, with one sentence of each source that states it.

    Relevance is measured by embeddings, not shared words: reports word one fact
    differently ("killed", "eliminated", "dead"). A sentence counts when (a) the whole
    sentence is within `sentence_relative` of the most similar figure-bearing sentence,
    and (b) its figure phrase ("more than 400 enemy combatants") is within
    `phrase_relative` of the most similar phrase – (b) keeps "400 square kilometres"
    from contradicting "50 villages". At most two sentences per source."""
    if not ranked or not asks_amount(question):
        return None
    from rag.evidence import counts_other_things

    # "How many car bombs …?": a sentence counting only combatants is about another point
    counting = [c for c in ranked if figures(c.text) and not counts_other_things(question, c.text)]
    relevant = bearing(counting, floor, sentence_relative)
    if not relevant:
        return None
    vectors = embed([question] + [figure_phrase(c.text) for c in relevant])
    phrase_sims = vectors[1:] @ vectors[0]
    best_phrase = float(phrase_sims.max())
    by_source: dict[str, list[Candidate]] = {}
    order = sorted(range(len(relevant)), key=lambda i: -float(phrase_sims[i]))
    for i in order:
        c = relevant[i]
        if float(phrase_sims[i]) >= best_phrase * phrase_relative and len(by_source.setdefault(c.source, [])) < 2:
            by_source[c.source].append(c)
    by_source = {s: cs for s, cs in by_source.items() if cs}
    if len(by_source) < 2:
        return _agreement(question, relevant, embed, phrase_relative)
    stated = {s: set().union(*(figures(c.text) for c in cs)) for s, cs in by_source.items()}
    sources = sorted(stated)
    topic = question.strip().rstrip("?")
    for i, a in enumerate(sources):
        for b in sources[i + 1 :]:
            shared = stated[a] & stated[b]
            if shared:  # no conflict; an agreement if they state one figure of one unit
                for figure in sorted(shared, key=lambda f: (not f[:1].isdigit(), f)):
                    mine = next(c for c in by_source[a] if figure in figures(c.text))
                    theirs = next(c for c in by_source[b] if figure in figures(c.text))
                    if _same_unit(mine.text, theirs.text, figure):
                        return Conflict(topic, [mine, theirs], agree=True, figure=figure)
                return None
    claims = [c for s in sources for c in sorted(by_source[s], key=lambda c: c.start)]
    return Conflict(topic, claims)


def on_answer(conflict: Conflict | None, shown: list[str]) -> Conflict | None:
    """The conflict (or agreement), when it is about what the answer states: an answer that
    gives a figure none of the compared claims holds is about another point. "Four people"
    killed at the university is not the battle-wide "hundreds dead" against "dozens of
    fighters", though all three bear on "how many did they kill"; reporting that difference
    beside the answer would set figures of two events against each other. An answer without
    a figure leaves the comparison as it is."""
    if conflict is None:
        return None
    stated = set().union(*(figures(t) for t in shown)) if shown else set()
    compared = set().union(*(figures(c.text) for c in conflict.claims))
    return conflict if not stated or stated & compared else None
