"""Verify a draft answer sentence by sentence against the evidence each sentence cites.

A sentence reaches the user only if it carries at least one valid `[n]` marker and
every number and name in it, and its other content words, are found in the evidence it
cites (number words equal digits; words are compared stemmed). Words the question itself
used are allowed (restating the question's subject is not a new claim), except numbers,
which must always be in the evidence; a sentence must add something the question did
not say. Numbers are compared as values ("forty-five" is 45, never 40 and 5). This is
the guard that stops a small model's invented figures: a number that is not in the
cited sentence cannot pass.

One evidence sentence must support the whole claim: facts from two sentences never
combine into one (a name from one and a figure from another make a false sentence).
Then the claim's structure is checked against that sentence (`rag.claims`): the same
predicate must have the same agent, patient, time and counts, and the same polarity, so
a swapped role, a figure moved to another noun, or an added or dropped negation fails
even when every word is in the evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.chunking import sentence_spans
from rag.claims import conflict, dropped_speaker
from rag.evidence import Evidence
from rag.numbers import canonical_numbers
from rag.text import STOPWORDS, content_terms, fold, is_number, norm, term_set, words

MARKER = re.compile(r"\s*\[(\d+)\]")
_UNKNOWN = re.compile(r"\b(i don'?t know|not (?:mentioned|stated|specified|provided)|cannot answer|no information)\b", re.I)


@dataclass(frozen=True)
class Checked:
    """One draft sentence and the verdict on it."""

    text: str
    cited: tuple[int, ...]
    supported: bool
    reason: str


def says_unknown(draft: str) -> bool:
    """True when the model itself says the evidence does not answer."""
    return bool(_UNKNOWN.search(fold(draft)))


_FRAMING_WORDS = {norm(w) for w in STOPWORDS}
_NEGATIONS = frozenset("not no never neither nor without none nothing nobody cannot".split())


def _negated(text: str) -> bool:
    """Whether a text says "not": stop words are ignored elsewhere, but a negation flips a claim."""
    return any(f in _NEGATIONS or f.endswith("n't") for f in map(fold, words(text)))


def _names(claim: str) -> set[str]:
    """Normalised capitalised words not at the start of the claim: the names it asserts."""
    found = set()
    for i, w in enumerate(words(claim)):
        if i > 0 and w[:1].isupper() and fold(w) not in {"i"}:
            found.add(norm(w))
    return found


def _verbs(claim: str) -> set[str]:
    """The claim's verbs, normalised. A sentence may restate the question's subject for
    free, but not its predicate: "The battles started on Friday" must find "started" in
    the evidence, or the question's predicate plus an unrelated date makes a false claim."""
    from rag.nlp import parse

    # The number-normalised text is what rag.claims parses too: one cached parse per claim.
    return {norm(t.text) for t in parse(canonical_numbers(claim)) if t.pos_ == "VERB"}


def check_sentence(sentence: str, evidence: dict[int, Evidence], question: str) -> Checked:
    """Check a sentence against what it cites, one cited item at a time: the first that
    supports it whole becomes its citation. If none does but another evidence item
    supports it fully, the sentence is kept with its citation corrected (a small model
    often copies the right line but names the wrong number). Two items are never merged
    to support one sentence: facts from different sentences can combine into a false one."""
    cited = tuple(dict.fromkeys(int(n) for n in MARKER.findall(sentence)))
    claim = MARKER.sub("", sentence).strip()
    if not cited:
        return Checked(claim, cited, False, "no citation")
    if any(n not in evidence for n in cited):
        return Checked(claim, cited, False, "cites evidence that does not exist")
    verdicts = [_check_claim(claim, (n,), evidence, question) for n in cited]
    for verdict in verdicts:
        if verdict.supported:
            return verdict
    verdict = verdicts[0]
    for option in [(n,) for n in evidence if n not in cited]:
        other = _check_claim(claim, option, evidence, question)
        if other.supported:
            return Checked(claim, option, True, f"supported (citation corrected from {list(cited)} to {list(option)})")
    return verdict


def _check_claim(claim: str, cited: tuple[int, ...], evidence: dict[int, Evidence], question: str) -> Checked:
    source_terms = set().union(*(term_set(evidence[n].text) for n in cited))
    terms = content_terms(claim)
    if not terms:
        return Checked(claim, cited, False, "says nothing")
    question_terms = term_set(question)
    missing_facts = {t for t in terms if is_number(t) and t not in source_terms}
    missing_facts |= {t for t in _names(claim) if t not in source_terms and t not in question_terms}
    if missing_facts:
        return Checked(claim, cited, False, f"not in the cited evidence: {', '.join(sorted(missing_facts))}")
    restated_verbs = _verbs(claim) & question_terms
    missing = [t for t in terms if t not in source_terms and (t not in question_terms or t in restated_verbs)]
    if missing:
        return Checked(claim, cited, False, f"not in the cited evidence: {', '.join(sorted(set(missing)))}")
    if all(t in question_terms for t in terms):
        return Checked(claim, cited, False, "only repeats the question")
    if _negated(claim) and not any(_negated(evidence[n].text) for n in cited):
        return Checked(claim, cited, False, "negates what the cited evidence says")
    source = " ".join(evidence[n].text for n in cited)
    if fold(claim).strip(" .") != fold(source).strip(" ."):  # only a whole quoted sentence needs no parse
        why = conflict(claim, source)
        if why:
            return Checked(claim, cited, False, why)
        speaker = dropped_speaker(claim, source, _FRAMING_WORDS | question_terms)
        if speaker:
            return Checked(claim, cited, False, f"states as fact what the evidence attributes to: {speaker}")
    return Checked(claim, cited, True, "supported")


def split_sentences(draft: str) -> list[str]:
    """Draft → sentences. Markers trailing a full stop ("... end. [2]") belong to the sentence
    before them, unless the draft puts markers first ("[1] Sentence. [2] Sentence.")."""
    if not re.match(r"\s*\[\d+\]", draft):
        draft = re.sub(r"([.!?])(\s*\[\d+\])+", lambda m: m.group(0)[1:] + m.group(1), draft)
    return [draft[a:b] for a, b in sentence_spans(draft)]


def verify(draft: str, evidence: list[Evidence], question: str) -> list[Checked]:
    """Check every sentence of `draft`; the caller shows only the supported ones."""
    by_n = {e.n: e for e in evidence}
    return [check_sentence(s, by_n, question) for s in split_sentences(draft)]
