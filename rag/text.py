"""Word-level helpers shared by evidence selection and verification.

Both need the same idea of "the same word": case-folded, stemmed (Snowball, via
PyStemmer), with number words and digits made equal ("four" == "4") and thousands
separators dropped ("1,000" == "1000"). Keeping it in one place means the evidence a
sentence was selected for is judged by the same rules the verifier applies. Written
numbers are read as whole values first (`rag.numbers`).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

import Stemmer

from rag.numbers import canonical_numbers

_WORD = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_LOCAL = threading.local()


def stemmer() -> "Stemmer.Stemmer":
    """This thread's Snowball stemmer: a PyStemmer object must not be shared between threads."""
    found = getattr(_LOCAL, "stemmer", None)
    if found is None:
        found = _LOCAL.stemmer = Stemmer.Stemmer("english")
    return found

NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
    "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20",
    "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80",
    "ninety": "90", "hundred": "100", "thousand": "1000", "million": "1000000", "billion": "1000000000",
    "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th", "sixth": "6th",
    "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th",
}
# "hundreds", "dozens", "thousands" are vague amounts: they match themselves, never a figure.

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been before being
    below between both but by can could did didn't do does doesn't doing don't down during each else ever few for
    from further had has have having he her here hers herself him himself his how however i if in into is isn't it
    its itself just let me might more most much must my myself no nor not now of off on once only or other ought
    our ours ourselves out over own per rather same shall she should so some such than that that's the their
    theirs them themselves then there these they this those though through thus to too under until up upon us
    very via was wasn't we were weren't what when where which while who whom whose why will with within without
    would yes yet you your yours yourself yourselves according said says say told called known named""".split()
)
# The names of the days and months: a time a sentence or a question names in words.
CALENDAR_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december".split()
)
# The words that ask ("who", "where", …), and with them the words that frame a question but carry
# no fact of their own.
WH_WORDS = frozenset("what which who whom whose when where why how".split())
QUESTION_WORDS = WH_WORDS | frozenset("many much name kind type did does do happen happened".split())


def fold(text: str) -> str:
    """Lower-case and strip accents, so 'Türkiye' and 'Turkiye' match."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower().replace("’", "'")


@lru_cache(maxsize=65536)
def norm(word: str) -> str:
    """The comparison form of one word: number words → digits, else its stem."""
    w = fold(word)
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    if w[:1].isdigit():
        return w.replace(",", "")
    if w.endswith("'s"):
        w = w[:-2]
    return stemmer().stemWord(w)


def words(text: str) -> list[str]:
    """The words of `text`, in order, as written."""
    return _WORD.findall(text)


def content_terms(text: str) -> list[str]:
    """Normalised words that carry meaning: no stop words, no question framing. Written
    numbers are read as values first ("forty-five" is the one term 45)."""
    out = []
    for w in words(canonical_numbers(text)):
        f = fold(w)
        if f in STOPWORDS or f in QUESTION_WORDS:
            continue
        if len(f) == 1 and not f.isdigit():
            continue
        out.append(norm(w))
    return out


def term_set(text: str) -> set[str]:
    """Every normalised word of `text` (stop words included), for 'is it in there' checks."""
    return {norm(w) for w in words(canonical_numbers(text))}


def is_number(term: str) -> bool:
    return term[:1].isdigit()


def same_name(one: str, other: str) -> bool:
    """"Israel" / "Israeli", "Turkey" / "Turkish", "Iran" / "Iranian": a shared opening of
    four letters or more (a demonym changes a name's ending, not its start); or one name
    misspelt ("Kllbrandon" / "Kilbrandon": nine in ten letters alike)."""
    a, b = one.lower(), other.lower()
    shared = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return shared >= min(4, len(a), len(b)) or SequenceMatcher(None, a, b).ratio() >= 0.8
