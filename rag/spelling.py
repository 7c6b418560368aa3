"""A question's misspelt word, read as the documents spell it.

Questions are typed fast: "What difficulties was *Shirly* having?", "differences *betwen* X.25
and *ARPNET*", "Who went to Fort *Dusquesne*?". A word the index has never seen weighs like the
rarest word there is, and no sentence holds it: the question reads as about something the
documents never mention, and the assistant abstains although the answer is in front of it.

A word is read again only when all of these hold, so that a real word the documents lack (a
changed detail that must make the assistant abstain) is never turned into one they hold:
- the index has never seen it, and it is no English word (`rag.lexicon.english_word`: WordNet's,
  or a function word): "Iraq" is never read as "Iran", nor "attach" as "attack", nor "among" as
  "along";
- it is no stop word (the index keeps none) and has at least five letters (short words have
  too many neighbours);
- exactly one word of the retrieved passages is one edit away from it (a letter missed, added or
  changed, or two neighbours swapped: optimal string alignment distance 1, by RapidFuzz) and
  begins with the same letter; two such words and the question is left as typed.

A word spelt the British or the American way ("neighbourhood" / "neighborhood", "kilometers" /
"kilometres") is no misspelling, but the index holds only the documents' spelling: it is read
as the documents spell it whenever the index has never seen the question's spelling and has
seen the other (Breame's tables of dual spellings).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from rapidfuzz.distance import OSA

from rag.text import QUESTION_WORDS, STOPWORDS, fold, norm, words

_MIN_LETTERS = 5
_UNKEPT = STOPWORDS | QUESTION_WORDS  # words the index never keeps, so never "seen"
_POSSESSIVE = re.compile(r"['’]s$", re.I)


def _bare(word: str) -> str:
    return _POSSESSIVE.sub("", word)


def respelled(question: str, passages: Iterable[str], seen: Callable[[list[str]], set[str]]) -> str:
    """`question` with each misspelt word replaced by the passages' spelling of it (module doc);
    `seen(terms)` gives those of the normalised terms (`rag.text.norm`) the index holds."""
    from rag.lexicon import english_word

    question = _in_documents_spelling(question, seen)
    asked = [w for w in dict.fromkeys(_bare(w) for w in words(question))
             if len(w) >= _MIN_LETTERS and w.isalpha() and fold(w) not in _UNKEPT
             and not english_word(w)]
    if not asked:
        return question
    known = seen([norm(w) for w in asked])
    asked = [w for w in asked if norm(w) not in known]
    if not asked:
        return question
    spellings: dict[str, str] = {}
    for text in passages:
        for w in words(text):
            spellings.setdefault(fold(_bare(w)), _bare(w))
    for word in asked:
        typed = fold(word)
        near = {f for f in spellings
                if f[:1] == typed[:1] and abs(len(f) - len(typed)) <= 1 and OSA.distance(f, typed, score_cutoff=1) == 1}
        if len(near) == 1:
            spelt = spellings[near.pop()]
            question = re.sub(rf"\b{re.escape(word)}\b", spelt.lower() if word.islower() else spelt, question)
    return question


def _in_documents_spelling(question: str, seen: Callable[[list[str]], set[str]]) -> str:
    """`question` with each word spelt the British or the American way respelt the other way
    where only that way is in the index ("Which *neighbourhood* …?" of documents that write
    "neighborhood")."""
    from breame.spelling import get_american_spelling, get_british_spelling

    others: dict[str, str] = {}
    for w in dict.fromkeys(_bare(w) for w in words(question) if w.isalpha() or _POSSESSIVE.search(w)):
        lower = w.lower()
        other = get_american_spelling(lower)
        if other == lower:
            other = get_british_spelling(lower)
        if other != lower:
            others[w] = other
    if not others:
        return question
    known = seen([norm(w) for w in others] + [norm(o) for o in others.values()])
    for word, other in others.items():
        if norm(word) not in known and norm(other) in known:
            spelt = other.capitalize() if word[:1].isupper() else other
            question = re.sub(rf"\b{re.escape(word)}\b", spelt, question)
    return question
