"""A claim and its denial: where one party says a thing happened and another denies it.

News reports often carry both ("The insurgents reported that fighters have wrestled
control of the … neighborhood. Government-linked media reported ongoing clashes in the
area, denying the insurgents have seized it."). Quoting only the claim would pass off a
contested statement as fact; quoting only the denial would hide what was claimed. So when
an answer shows one of the two, the other goes with it, each quoted and cited, and the
Answer lists the pair as a disagreement of kind "denial".

A sentence disputes something when a verb of denial governs a claim: "deny", "dispute",
"refute", "rebut", "contradict" with any object or clause, and "reject" or "dismiss" only
with a clause or an object that is itself a statement ("rejected the claim", not
"rejected the bill"). When the denied words refer back with a pronoun ("denying … have
seized *it*"), the claim is the sentence just before the denial in its file; otherwise it
is the relevant sentence that says most nearly what the denied words say (embedding
similarity). "Who denied that X?" is answered by a denial only when X's words are in that
claim or its denial (`missing_from_claim`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.disagreement import Candidate

if TYPE_CHECKING:
    import numpy as np

_DENY = {"deny", "dispute", "refute", "rebut", "contradict"}
_REJECT = {"reject", "dismiss"}
_STATEMENTS = {"claim", "report", "allegation", "account", "accusation", "charge", "suggestion", "assertion",
               "statement", "figure", "story", "rumour", "rumor", "assessment", "estimate", "version"}
_REFERS_BACK = {"it", "this", "that", "these", "those", "them", "they"}


@dataclass(frozen=True)
class Contest:
    """`claim` is disputed by `denial` (possibly in another file)."""

    claim: Candidate
    denial: Candidate


def denied_words(text: str) -> str | None:
    """The words a sentence denies ("the insurgents have seized it" in "…, denying the
    insurgents have seized it"), or None when it denies nothing."""
    found = _denial(text)
    return found[0] if found else None


def _denial(text: str) -> tuple[str, bool] | None:
    """(the denied words, whether they refer back to an earlier sentence with a pronoun:
    "… have seized *it*"), or None."""
    from rag.nlp import parse

    doc = parse(text)
    for t in doc:
        lemma = t.lemma_.lower()
        if t.pos_ not in ("VERB", "AUX") or lemma not in _DENY | _REJECT:
            continue
        for child in t.children:
            clause = child.dep_ in ("ccomp", "xcomp")
            said = child.dep_ in ("dobj", "nsubjpass") and child.lemma_.lower() in _STATEMENTS
            if clause or said or (lemma in _DENY and child.dep_ == "dobj"):
                span = doc[child.left_edge.i : child.right_edge.i + 1]
                back = any(w.pos_ == "PRON" and w.lower_ in _REFERS_BACK for w in span)
                return span.text, back
    return None


def find_contested(
    shown: list[Candidate],
    ranked: list[Candidate],
    embed: Callable[[list[str]], "np.ndarray"],
    previous: Callable[[Candidate], Candidate | None],
    following: Callable[[Candidate], Candidate | None],
    top: int = 6,
    floor: float = 0.35,
    same: float = 0.5,
) -> Contest | None:
    """The claim/denial pair one of the `shown` sentences belongs to, or None.

    A shown denial whose denied words refer back ("… have seized it") denies the sentence
    before it in its file; otherwise the claim is the relevant sentence (one of the `top`
    ranked, embedding similarity to the question at least `floor`) most similar to the
    denied words, at least `same`. A shown claim is denied by the sentence after it when
    that one denies and refers back, or by a relevant denial whose denied words are at
    least `same` similar to it."""
    relevant = [c for c in ranked[:top] if c.dense >= floor]
    for s in shown:
        denial = _denial(s.text)
        if denial is not None:
            words, back = denial
            claim = previous(s) if back else None
            if claim is not None and _denial(claim.text) is None:
                return Contest(claim, s)
            others = [c for c in relevant if (c.source, c.start) != (s.source, s.start) and _denial(c.text) is None]
            if others and not back:
                vectors = embed([words] + [c.text for c in others])
                score, claim = max(zip((vectors[1:] @ vectors[0]).tolist(), others), key=lambda sc: sc[0])
                if score >= same:
                    return Contest(claim, s)
            continue
        after = following(s)
        if after is not None and (d := _denial(after.text)) is not None and d[1]:
            return Contest(s, after)
        for c in relevant:
            d = _denial(c.text)
            if d is not None and not d[1] and (c.source, c.start) != (s.source, s.start):
                vectors = embed([d[0], s.text])
                if float(vectors[1] @ vectors[0]) >= same:
                    return Contest(s, c)
    return None


def missing_from_claim(question: str, claim_and_denial: str) -> str | None:
    """For "Who denied that X?": a word of X (a noun, name, verb or figure; "claim" or "report"
    itself aside) that neither the claim denied nor its denial holds, or None. A denial of the insurgents' seizing a
    neighbourhood does not answer who denied that they breached the city."""
    from rag.nlp import parse

    asked = _denial(question)
    if asked is None:
        return None
    have = {t.lemma_.lower() for t in parse(claim_and_denial)} | {t.lower_ for t in parse(claim_and_denial)}
    for t in parse(asked[0]):
        if t.pos_ in ("NOUN", "PROPN", "VERB", "NUM") and not t.is_stop and t.lemma_.lower() not in _STATEMENTS \
                and t.lemma_.lower() not in have and t.lower_ not in have:
            return f"the question's {t.text!r} is not in the claim that the evidence denies"
    return None
