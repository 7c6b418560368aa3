"""A request worded as a statement, turned into the question it asks.

People type "Tell me what the insurgents posted online", "Can you tell me who leads HTS?" or
"Do you know where the Observatory is based?". Every check of the answer pipeline reads a
question's opening ("who", "where", "what did X V") and its word order; behind a polite
opening the question word sits mid-sentence in statement order, and the checks would not
see what is asked. The request is rewritten in question order ("What did the insurgents post
online?"), by the parse: the auxiliary moves before the subject, or "did"/"does"/"do" comes
in and the verb takes its base form. Anything else is left as it is.
"""

from __future__ import annotations

import re

# Openings that ask for what follows them: "tell me", "can you tell me", "do you know", "I'd like to know" …
_REQUEST = re.compile(
    r"^(?:please,?\s+)?(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:tell|show)\s+(?:me|us)"
    r"|(?:tell|show)\s+(?:me|us)|do\s+you\s+know|does\s+anyone\s+know"
    r"|i(?:\s+want|\s+would\s+like|['’]d\s+like|\s+need)\s+to\s+know"
    r"|i\s+wonder|i\s+am\s+wondering|i['’]m\s+wondering)"
    r"(?:,?\s+please)?\s*,?\s+(?=(?:who|whom|whose|what|which|where|when|why|how)\b)",
    re.I,
)
_DO = {"VBD": "did", "VBZ": "does", "VBP": "do", "VB": "do"}


def direct_question(text: str) -> str:
    """`text` as a question when it is a request for one ("Tell me when the battles started" →
    "When did the battles start?"); otherwise `text` unchanged."""
    from rag.nlp import parse

    m = _REQUEST.match(text)
    if m is None:
        return text
    rest = text[m.end():].strip().rstrip("?.! ")
    doc = parse(rest)
    if len(doc) < 2:
        return text
    # the question word's phrase: "how many villages", "what kind of message", "which neighborhood"
    head = doc[0]
    while head.head.i != head.i and head.head.pos_ not in ("VERB", "AUX"):
        head = head.head
    end = head.right_edge.i if head.i != 0 else 0
    # the main verb, not one of a clause below it ("which town the agency said they *had* taken")
    verb = next((t for t in doc if t.dep_ == "ROOT"), None)
    if verb is None or verb.i <= end or head.dep_ in ("nsubj", "nsubjpass") and head.head.i == verb.i:
        words = [t.text_with_ws for t in doc]  # "who leads HTS", "what happened": already in order
    else:
        aux = next((c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i > end), None)
        if aux is None and verb.lemma_ == "be":
            aux = verb  # "who the head of the Observatory is"
        words = [t.text_with_ws for t in doc[: end + 1]]
        if aux is not None:
            words += [aux.text + " "] + [t.text_with_ws for t in doc[end + 1:] if t.i != aux.i]
        elif verb.tag_ in _DO:
            words += [_DO[verb.tag_] + " "] + [(t.lemma_ + t.whitespace_ if t.i == verb.i else t.text_with_ws)
                                                for t in doc[end + 1:]]
        else:
            return text
    question = "".join(words).strip()
    return question[:1].upper() + question[1:] + "?"
