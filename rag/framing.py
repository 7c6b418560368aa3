"""Questions about how the sources tell it: "How do the two reports describe the
fighters?", "What does each article call them?".

The honest answer is each source's own words, side by side, never one sentence of one
file: for every source among the evidence (most relevant first), its best sentence on
the subject, quoted and cited. When the subject is a name ("How do the reports describe
Hayat Tahrir al-Sham?"), that sentence is the source's first reference to it: news
writing introduces a name with its label ("Jihadist Hayat Tahrir-al-Sham fighters",
"opposition factions, led by Hayat Tahrir al-Sham") and shortens it after. Quotes are the documents' text, so they need no model and
pass verification by construction; the reader sees "terrorist group" in one and
"insurgents" in the other and can judge the framing. Whether the sources speak of the
subject at all is decided on the described phrase (`subject_words`, `subject_found`), not
on the whole question: "reports" and "describe" are in no source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from rag.chunking import sentence_spans
from rag.disagreement import Candidate
from rag.text import STOPWORDS, fold, norm, term_set, words

if TYPE_CHECKING:
    from spacy.tokens import Token

_SOURCES = r"(?:reports?|sources?|articles?|documents?|outlets?|stories|files|accounts?|each|both|they)"
_FRAMING = re.compile(
    r"^how (?:do|does|did) (?:the |these |those )?(?:two |both |different |various )?" + _SOURCES + r"\b.*\b"
    r"(describ|call|portray|characteri[sz]|refer|label|depict|present|fram|nam|report|differ|disagree)\w*"
    r"|^what (?:do|does|did) (?:the |these |those )?(?:two |both |different |various )?" + _SOURCES + r"\b.*\b"
    r"(call|name|label)\w*"
    r"|\b(?:each|both|the two|different) " + _SOURCES + r"\b.*\b(describ|call|portray|characteri[sz]|refer|label|depict|fram)\w*",
    re.I,
)


# "Do both reports say the fighters used drones?", "Does each article mention the ceasefire?": answered
# with each source's own sentence on the point, side by side, so the reader sees who says it and how.
_EACH = re.compile(
    r"^(?:do|does|did) (?:both|each|all|the two|the|these|those) (?:of the )?(?:two )?" + _SOURCES + r"\b.*\b"
    r"(say|report|mention|state|claim|agree|confirm|give|describe)\w*",
    re.I,
)


def asks_for_framing(question: str) -> bool:
    return bool(_FRAMING.search(question.strip()))


def asks_each_source(question: str) -> bool:
    """Whether the question asks whether the sources (all of them, or each) say something."""
    return bool(_EACH.search(question.strip()))


def per_source(ranked: list[Candidate], max_sources: int = 3, max_words: int = 25,
               first_of: Callable[[str], Candidate | None] | None = None,
               weights: dict[str, float] | None = None) -> list[Candidate]:
    """The best-ranked sentence of each source, sources in order of their best sentence,
    or the source's first reference to the subject when `first_of` finds one. A long first
    reference is cut after `max_words` words (at a comma where there is one), since the words
    a source uses for its subject come early; a long best-ranked sentence is cut to its run of
    clauses that holds most of the question's words (`weights`), so "Do both reports say the
    fighters captured heavy weapons?" quotes "… and to have captured heavy weaponry …", not the
    sentence's opening about territory (without `weights`, its opening). Answers stay short,
    and each cut is a span of the document, so the quote is still its exact text."""
    chosen: dict[str, Candidate] = {}
    for c in ranked:
        if c.source not in chosen:
            first = first_of(c.source) if first_of else None
            chosen[c.source] = cut_words(first, max_words) if first else cut_around(c, weights or {}, max_words)
        if len(chosen) == max_sources:
            break
    return list(chosen.values())


def cut_words(c: Candidate, max_words: int) -> Candidate:
    """`c` cut after `max_words` words, at the last comma before if there is one, and never
    after a dangling "in" or "the" (a span of the document still)."""
    words = list(re.finditer(r"\S+", c.text))
    if len(words) <= max_words:
        return c
    limit = words[max_words - 1].end()
    comma = c.text.rfind(",", 0, limit)
    end = comma if comma > len(c.text) // 4 else limit
    kept = [w for w in words if w.end() <= end]
    while len(kept) > 1 and kept[-1].end() == end and fold(kept[-1].group()) in STOPWORDS:
        kept.pop()
        end = kept[-1].end()
    return Candidate(c.source, c.start, c.start + end, c.text[:end], c.score, c.dense)


def cut_around(c: Candidate, weights: dict[str, float], max_words: int) -> Candidate:
    """`c` cut to at most `max_words` words: the run of its comma-separated clauses that holds
    most of the question's weight, or its opening (`cut_words`) when that holds as much."""
    from rag.evidence import coverage

    head = cut_words(c, max_words)
    if head is c or not weights:
        return head
    starts = [0, *(m.end() for m in re.finditer(r",\s+", c.text))]
    ends = [*(m.start() for m in re.finditer(r",\s+", c.text)), len(c.text)]
    best = (coverage(weights, term_set(head.text)), 0, len(head.text))
    for i, a in enumerate(starts):
        for b in ends[i:]:
            if len(c.text[a:b].split()) > max_words:
                break
            found = coverage(weights, term_set(c.text[a:b]))
            if found > best[0]:
                best = (found, a, b)
    _, a, b = best
    return Candidate(c.source, c.start + a, c.start + b, c.text[a:b], c.score, c.dense)


_DESCRIBING = {"describe", "call", "portray", "characterize", "characterise", "refer", "label", "depict", "present",
               "frame", "name", "term", "report"}


def _objects(verb: "Token") -> list["Token"]:
    """What a describing verb ("describe", "call", "portray" …) is about: its object, passives
    included; [] for any other verb."""
    if verb.lemma_.lower() not in _DESCRIBING:
        return []
    passive = any(a.dep_ in ("aux", "auxpass") and a.lemma_ == "be" for a in verb.children)
    objects = [c for c in verb.children if c.dep_ in ("dobj", "oprd", "nsubjpass") or (passive and c.dep_ == "nsubj")]
    objects += [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    if verb.dep_ == "acl":  # "How is Jair Bolsonaro portrayed …": parsed as a clause on the name
        objects.append(verb.head)
    return objects


def named_subject(question: str) -> str | None:
    """The name a framing question asks about, when what is described is a name ("How do
    the reports describe Hayat Tahrir al-Sham?" → "Hayat Tahrir al-Sham"); None when it is
    a description ("the fighters who entered Aleppo")."""
    from rag.nlp import parse_question

    doc = parse_question(question)
    for verb in doc:
        for obj in _objects(verb):
            if obj.pos_ == "PROPN":
                end = obj.i  # the name runs from its left edge to its head, and on through "of" + a name
                for child in obj.rights:
                    if child.dep_ == "prep" and child.lower_ == "of" and any(g.pos_ == "PROPN" for g in child.children):
                        end = child.right_edge.i
                span = [t for t in doc[obj.left_edge.i : end + 1] if t.dep_ not in ("det", "punct") or t.text in "-‐"]
                return doc[span[0].i : span[-1].i + 1].text if span else None
    return None


def _described(question: str) -> "Token | None":
    """The token for what a framing question asks about, or None."""
    from rag.nlp import parse_question

    for verb in parse_question(question):
        objects = [o for o in _objects(verb) if o.tag_ not in ("WP", "WDT")]  # "What do they call …": not it
        if objects:
            return objects[0]
    return None


def subject_words(question: str) -> list[str]:
    """The words that say what a framing question asks about: the described phrase's nouns,
    names, adjectives and verbs ("the fighters who entered Aleppo" → fighters, entered,
    Aleppo). For a name's aspect ("Turkey's role", "Russia's involvement") the name alone:
    how a source describes Turkey's role is in what it says about Turkey. Empty when the
    question has no such phrase."""
    obj = _described(question)
    if obj is None:
        return []
    owner = next((c for c in obj.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
    phrase = owner.subtree if owner is not None else obj.subtree
    return [t.text for t in phrase if t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB") and not t.is_stop]


def subject_found(subject: list[str], sentences: list[str]) -> bool:
    """Whether one sentence holds every word of the subject (compared as stems): the sources
    must speak of the thing asked about, not only of its parts in different places ("the
    commander of the Kurdish forces" is not "an insurgent commander" and "Kurdish forces")."""
    wanted = {norm(w) for w in subject if norm(w)}
    return any(wanted <= term_set(text) for text in sentences)


def first_reference(text: str, body_start: int, name: str) -> tuple[int, int] | None:
    """The span of the first sentence of `text` (after its header) that names `name`,
    spelled with any hyphens or spacing ("Tahrir-al-Sham" is "Tahrir al-Sham")."""
    parts = [re.escape(fold(w)) for w in words(name)]
    if not parts:
        return None
    pattern = re.compile(r"\b" + r"[\W_]*".join(parts) + r"\b")
    for a, b in sentence_spans(text, body_start):
        if pattern.search(fold(text[a:b])):
            return a, b
    return None
