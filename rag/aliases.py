"""Abbreviations a document defines, so that a sentence saying "HTS" speaks of "Hayat
Tahrir al-Sham" and the reverse.

Reports name an actor in full once and by its initials afterwards: "Hayat Tahrir-al-Sham
(HTS) fighters have entered …", "led by Hayat Tahrir al-Sham, or HTS, …", and later "the
group's leader … described HTS as …". A question that spells the name out shares none of
its words with the later sentences, so word coverage ranks them below every sentence that
repeats the full name, whatever they say. The definitions are read from the documents
themselves ("Long Name (ABBR)", "Long Name, or ABBR,"), never from a list: an abbreviation
counts only when its letters are the initials of the words before it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.text import term_set, words

# "Hayat Tahrir-al-Sham (HTS)", "Islamic State (IS, formerly ISIS)", "Hayat Tahrir al-Sham, or HTS,"
_DEFINED = re.compile(r"\(\s*([A-Z][A-Za-z]{1,7})\s*[,;)]|,\s+or\s+([A-Z][A-Z]{1,7})\b")
_REACH = 80  # characters before a definition in which its long form is looked for


Alias = tuple[str, frozenset[str]]  # an abbreviation as written ("HTS") and its long form's terms


@lru_cache(maxsize=256)
def defined(text: str) -> tuple[Alias, ...]:
    """The abbreviations `text` defines, each with the terms of its long form."""
    found = []
    for m in _DEFINED.finditer(text):
        abbreviation = m.group(1) or m.group(2)
        long_form = _long_form(text[max(0, m.start() - _REACH) : m.start()], abbreviation)
        if long_form:
            found.append((abbreviation, frozenset(term_set(long_form))))
    return tuple(dict.fromkeys(found))


def _long_form(before: str, abbreviation: str) -> str | None:
    """The capitalised words just before a definition whose initials spell `abbreviation`
    ("Jihadist Hayat Tahrir-al-Sham" → "Hayat Tahrir al Sham" for "HTS"); lower-case
    particles between them ("al", "of", "the") are kept but spell nothing."""
    letters = [ch for ch in abbreviation if ch.isupper()]
    ws = words(before)
    picked: list[str] = []
    for w in reversed(ws):
        if not letters:
            break
        if w[:1].isupper():
            if w[0] != letters[-1]:
                return None
            letters.pop()
            picked.append(w)
        elif picked and len(w) <= 3:  # a particle inside the name
            picked.append(w)
        else:
            return None
    return " ".join(reversed(picked)) if not letters else None


def with_aliases(text: str, terms: set[str], aliases: tuple[Alias, ...]) -> set[str]:
    """The terms of `text` (`terms`), with each defined form's terms added where the other
    form is present. An abbreviation counts only as written, in capitals: "IS" for Islamic
    State is not the verb "is", nor "WHO" the pronoun."""
    out = set(terms)
    written = set(words(text)) if aliases else set()
    for abbreviation, full in aliases:
        if abbreviation in written:
            out |= full
        elif full <= terms:
            out |= term_set(abbreviation)
    return out
