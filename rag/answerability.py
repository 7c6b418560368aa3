"""Does the evidence answer this question, or only share its words?

Coverage of the question's words (`Selection.support`) cannot tell "What did France do in
1598?" from "What did Iran do in 1598?" when the evidence is about France: one changed
detail costs a little coverage, and the rest of the question matches perfectly. These
checks look at the details a question pins down and that an answer must be about:

- a negated question asking for a thing, person, place or time ("Where did the canal *not*
  begin?") needs evidence that says what did not happen; a plain statement of what did is
  not its answer. Asking for the cause, start or length of a negative state ("Why didn't
  they ...", "Since when has X not ...", "How long ... not") is different: the event that
  began it ("X was ousted in 2016") answers it;
- likewise a question about a denial ("Who denied that …?") needs evidence that denies,
  disputes or negates something: the claim itself does not say who denied it;
- a figure or year the question states ("in 1745", "the 21st century") must be in the
  evidence: another year is another event;
- a name the question states (a person, place, organisation, event) must be in the
  evidence, allowing for a misspelling ("Kllbrandon" is Kilbrandon), for initials
  ("US" is "United States") and for the place's adjective ("US foreign policy" is
  "American foreign policy", by WordNet). Adjectives of nationality in the question
  ("French", "British") are not checked: the evidence says "France" or "the British" as
  often as not.

Each check returns the reason the evidence does not answer, or None. Measured on
squad-half (split in two halves by id, each judged separately) before they were kept:
together they raised abstention on unanswerable questions by 24 and 28 points and cost
about 3 points of false abstention on each half (README, "How the abstention rules were
chosen").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.text import CALENDAR_WORDS, NUMBER_WORDS, WH_WORDS, fold, norm, same_name, term_set, words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_STATE_OF_NEGATION = re.compile(r"^\s*(why|how come)\b|\b(since|how long|until|till)\b", re.I)
_NEGATION = re.compile(r"\b(not|never|no|none|nobody|nothing|neither|nor|without)\b|n['’]t\b", re.I)
# Words that deny or dispute a claim: "Who denied that …?" is answered only by evidence that
# denies, disputes or negates something, never by the claim itself.
_DENIAL = re.compile(r"\b(den(y|ies|ied|ying|ials?)|refut\w*|rebut\w*|disput\w*|contradict\w*|dismiss\w*|"
                     r"reject\w*|false(ly)?|untrue)\b", re.I)
# Entities that name one particular thing. NORP (nationalities, groups as adjectives) and
# times/figures are left out: figures are checked as digits, and "French" vs "France" is style.
_NAMED = {"PERSON", "GPE", "LOC", "FAC", "ORG", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"}
TYPO_RATIO = 0.8  # difflib similarity at which two spellings are the same word (one or two letters off)


def _present(word: str, terms: set[str], spelled: set[str], initials: set[str]) -> bool:
    n = norm(word)
    if not n or n in terms:
        return True
    f = fold(word)
    if word.isupper() and len(word) >= 2 and f in initials:
        return True
    return any(misspelt(f, w) for w in spelled)


def _spellings(sentence: Doc) -> tuple[set[str], set[str], set[str]]:
    """What `_present` looks a word up in, for a sentence: its terms, its words folded ("Rotterdam"
    of "Rotterdam's"), and the initials of its runs of capitalised words."""
    return term_set(sentence.text), {fold(t.text) for t in sentence}, capital_initials(sentence.text)


def misspelt(one: str, other: str) -> bool:
    """Whether two folded spellings (rag.text.fold) are one word one or two letters off
    ("kllbrandon" / "kilbrandon", "moncalm" / "montcalm")."""
    return abs(len(one) - len(other)) <= 2 and difflib.SequenceMatcher(None, one, other).ratio() >= TYPO_RATIO


def capital_initials(text: str) -> set[str]:
    """"United States" → "us": runs of capitalised words read as their initials."""
    out: set[str] = set()
    ws = words(text)
    for i in range(len(ws)):
        run = ""
        for w in ws[i : i + 6]:
            if not w[:1].isupper():
                break
            run += fold(w[0])
            if len(run) >= 2:
                out.add(run)
    return out


def asks_about_denial(question: str) -> bool:
    return bool(_DENIAL.search(question))


def denies(text: str) -> bool:
    """Whether `text` denies, disputes or negates anything."""
    return bool(_DENIAL.search(text) or _NEGATION.search(text))


# Embedding similarity at which two names are one thing named two ways: "Holland" / "the
# Netherlands" 0.90, "USSR" / "Soviet Union" 0.91; neighbours score lower ("France" / "Germany"
# 0.75, "England" / "Scotland" 0.74, "Netherlands" / "Belgium" 0.74), and so does a country and
# its adjective ("France" / "French" 0.74), which the check does not need.
SAME_NAME = 0.85


def unanswered_reason(question: str, evidence_text: str,
                      closest: Callable[[str, list[str]], float] | None = None) -> str | None:
    """Why `evidence_text` (the best evidence and its neighbours) cannot answer `question`, or None.
    `closest(name, names)` (the best embedding similarity of a name to others), when given,
    lets a name the evidence gives another way count as present ("Holland" / "the Netherlands")."""
    from rag.nlp import parse, parse_question

    asks_against = _NEGATION.search(question) and not _STATE_OF_NEGATION.search(question)
    if asks_against and not _NEGATION.search(evidence_text):
        return "the question asks what did not happen; the evidence only says what did"
    if asks_about_denial(question) and not denies(evidence_text):
        return "the question asks about a denial; the evidence denies nothing"
    terms = term_set(evidence_text)
    spelled = {fold(w) for w in words(evidence_text)}
    initials = capital_initials(evidence_text)
    if why := figure_missing(question, evidence_text):
        return why
    adjectival: set[str] | None = None
    for ent in parse_question(question).ents:
        # "Norman first": the name is "Norman"; "Whom did Damascus …": a question word is no name
        names = [w for w in words(ent.text) if w[:1].isupper() and w.lower() not in WH_WORDS]
        if ent.label_ in _NAMED and not all(_present(w, terms, spelled, initials) for w in names):
            if adjectival is None:
                adjectival = _named_by_adjectives(evidence_text)
            if fold(ent.text).removeprefix("the ") in adjectival or all(fold(w) in adjectival for w in names):
                continue  # "US foreign policy" is "American foreign policy"
            given = sorted({e.text for e in parse(evidence_text).ents if e.label_ in _NAMED})
            if closest is None or not given or closest(ent.text, given) < SAME_NAME:
                return f"the question names {ent.text!r}, which the evidence does not mention"
    return None


def _named_by_adjectives(text: str) -> set[str]:
    """The places the capitalised adjectives of `text` name (rag.lexicon.places_named_by),
    folded: "American" → "us", "united states", "america", …"""
    from rag.lexicon import places_named_by

    return {fold(p) for w in set(words(text)) if w[:1].isupper() for p in places_named_by(w)}


def figure_missing(question: str, text: str) -> str | None:
    """The question's figure or year that `text` does not hold, as a reason, or None. Checked
    on the evidence as a whole, and again on the one sentence shown as the answer: "On which
    day did they seize more than 50 villages?" is not answered by a sentence about another
    seizure on Friday, though the evidence holds "50 villages" elsewhere."""
    from rag.nlp import parse_question

    said = words(text)
    terms = term_set(text) | {str(v) for i, w in enumerate(said) if (v := roman_value(w, said[i - 1] if i else ""))}
    for token in parse_question(question):
        if _is_figure(token) and not all(_present(w, terms, set(), set()) for w in words(token.text)):
            return f"the question's figure {token.text!r} is not in the evidence"
        # "Louis *XV*" is not "Louis XIV", nor "Phase *III*" "phase 2"
        before = token.doc[token.i - 1].text if token.i else ""
        if (value := roman_value(token.text, before)) and token.pos_ in ("PROPN", "NOUN") and str(value) not in terms:
            return f"the question's figure {token.text!r} is not in the evidence"
    return None


def _is_figure(token: Token) -> bool:
    """A figure the question states: digits, a day or month it names as a time ("on Thursday",
    "in September"), or a count in words that the question asserts ("blow up three car bombs";
    "three" and "3" are one term). A count of things the question takes as known ("the two
    forms", "its three sons") is how it names them, not a claim to check, and "one" is a
    pronoun as often as a count ("which one")."""
    if any(ch.isdigit() for ch in token.text) or (token.ent_type_ == "DATE" and token.lower_ in CALENDAR_WORDS):
        return True
    if not (token.pos_ == "NUM" and token.lower_ in NUMBER_WORDS and token.lower_ != "one" and norm(token.text).isdigit()):
        return False
    before = token.doc[token.i - 1] if token.i > 0 else None
    if before is not None and before.tag_ in ("WDT", "WP", "WP$", "DT", "PRP$"):  # "which two", "the two", "its two"
        return False
    return not any(c.dep_ in ("det", "poss") for c in token.head.children) if token.dep_ == "nummod" else True


_ROMAN = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")


def roman_value(word: str, before: str = "") -> int | None:
    """The value of a Roman numeral of two or more capitals made of I, V and X ("Phase II",
    "Louis XIV" → 2, 14), else None: "phase 2" is "Phase II". "V" and "X" alone count after a
    capitalised word (`before`: "Phase *V*", "Henry *V*"). "I" alone and numerals with L, C, D or
    M are left alone; they are words and initials ("DC", "MD") far more often."""
    alone = word in ("V", "X") and before[:1].isupper()
    m = _ROMAN.match(word) if len(word) >= 2 or alone else None
    if not m:
        return None
    tens, ones = m.groups()
    units = {"": 0, "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}
    return 10 * len(tens) + units[ones]


# Describing words that say how many or which one is asked, not what kind of thing it is.
_NOT_DETAILS = {"many", "much", "what", "which", "other", "same"}
SAME_KIND = 0.5  # embedding similarity at which two describing words are alternatives ("eastern"/"western")


@dataclass(frozen=True)
class Detail:
    """What the question asks about, where a sentence speaks of something else in its place.
    Every kind (a describing word, a part, people) answers the same three things, so that
    rag.assistant's premise test treats them alike: what the question asks about (`thing`),
    why the sentence is not its answer (`reason`), and whether a text speaks of the question's
    thing after all (`held_by`)."""

    asked: str  # the question's word ("eastern")
    noun: str  # what it belongs to ("edge")
    said: str  # the sentence's word in its place ("western")

    @property
    def thing(self) -> str:
        raise NotImplementedError

    @property
    def reason(self) -> str:
        raise NotImplementedError

    def held_by(self, text: str) -> bool:
        raise NotImplementedError

    @property
    def premise_anywhere(self) -> bool:
        """Whether any evidence sentence may hold the premise, not only one left to answer: one
        that names the thing may be what another answering sentence refers back to."""
        return False


@dataclass(frozen=True)
class ChangedDetail(Detail):
    """The question's "eastern edge" where a sentence says "western edge": `asked` describes `noun`."""

    @property
    def thing(self) -> str:
        """What the question asks about ("the eastern edge")."""
        return f"the {self.asked} {self.noun}"

    @property
    def reason(self) -> str:
        return f"the question asks about {self.thing}; the sentence speaks of the {self.said} {self.noun}"

    def held_by(self, text: str) -> bool:
        """Whether `text` speaks of what the question asks about: the question's word describing
        the same noun ("the first vote", not "the first seat … the votes"), or, for a place's
        adjective, the place in the noun's own phrase ("the *South African* industry" / "the wine
        industry *in South Africa*")."""
        from rag.nlp import parse

        asked, noun = term_set(self.asked), term_set(self.noun)
        return any(term_set(t.text) == noun and (any(asked in (term_set(c.text), term_set(_hyphened(c))) for c in t.children)
                                                 or _place_in_phrase(self.asked, t))
                   for t in parse(text))


def changed_detail(question: str, text: str, similarity: Callable[[str, str], float]) -> ChangedDetail | None:
    """A describing word of the question that `text` replaces by another of its kind, or
    None: "the city's *eastern* edge" against "the city's *western* edge", "the *fifth*
    session" against "the *fourth* session", "the *lowest* form" against "the *highest* form".
    Such a sentence is about another thing, however well it matches the rest of the question
    (the "one detail changed" question). Two adjectives of one kind (directions, ordinals,
    degrees) are close in embedding space and unrelated ones ("primary", "slow") are not; on
    the seeds and squad-half, pairs of one kind scored 0.59–0.68 and unrelated pairs at most
    0.34, hence `SAME_KIND` between them. A noun that classifies another ("the *opposition*
    forces") is set against a noun (`_classifies`: "the *government* forces"), told apart by
    WordNet. A proper name is set against a proper name, never
    an adjective: any other name in its place is another thing ("*Idlib*'s university" /
    "*Aleppo*'s university", though the embedder scores that pair only 0.22), unless the
    sentence gives the question's name too, misspelt or as initials; for a place ("province",
    "port"), only where the noun's own phrase gives it (`_named_otherwise`)."""
    from rag.lexicon import a_place, other_kinds
    from rag.nlp import parse, parse_question

    asked = term_set(question)
    sentence = parse(text)
    said, spelled, initials = _spellings(sentence)
    for t in parse_question(question):
        if not (_describes(t) or _classifies(t)) or t.lower_ in _NOT_DETAILS:
            continue
        noun = norm(t.head.text)
        if t.pos_ == "PROPN":
            # the name said of another noun ("supply lines *to Aleppo*") where a place has another
            # ("in northwestern *Idlib* province") is no "Aleppo province"; other things go by two
            # names too freely ("the *Mongol* emperors" were "the *Yuan* emperors") to be told apart so
            # "the *Franco-Dutch* War" is not given by "the Anglo-Dutch War", which holds "Dutch"
            whole = _hyphened(t)
            if _present(t.text, said, spelled, initials) and (whole == t.text or fold(whole) in fold(text)) and not (
                    a_place(t.head.lemma_.lower()) and _named_otherwise(t, noun, sentence)):
                continue
        elif term_set(_hyphened(t)) <= said and not _said_of_others_only(t, noun, sentence):
            continue
        for other in sentence:
            if norm(other.text) != noun and not _holds_noun(other, t.head):
                continue
            for c in other.children:
                if term_set(_hyphened(c)) <= asked:
                    continue
                if _classifies(t):
                    if _classifies(c) and other_kinds(t.lemma_, c.lemma_):
                        return ChangedDetail(t.text, t.head.text, c.text)
                elif (_describes(c) and (c.pos_ == "PROPN") == (t.pos_ == "PROPN")
                        and (t.pos_ == "PROPN" or max(similarity(t.lower_, c.lower_),  # "*non-native*" / "Aboriginal"
                                                      similarity(_hyphened(t).lower(), _hyphened(c).lower())) >= SAME_KIND)):
                    return ChangedDetail(_hyphened(t), t.head.text, _hyphened(c))
                elif (_describes(c) and {t.pos_, c.pos_} == {"ADJ", "PROPN"} and _peoples(t) and _peoples(c)
                        and not same_name(_hyphened(t), _hyphened(c))):
                    # two peoples' adjectives, one parsed as a name: "the *Frankish* religion" / "the
                    # *Norse* religion"; a name of another kind may be the same one's ("the Turkish
                    # agency" / "the Anadolu Agency")
                    return ChangedDetail(_hyphened(t), t.head.text, _hyphened(c))
        # the noun itself, not a word that only modifies another ("the German *colonial* empire")
        if _ranks(t) and any(norm(o.text) == noun and o.pos_ in ("NOUN", "PROPN") and o.dep_ != "compound"
                             and not any(_ranks(c) for c in o.children) for o in sentence):
            return UnrankedDetail(t.text, t.head.text, "")
    return None


def _hyphened(word: Token) -> str:
    """A word with the words joined to it by hyphens before it, as written: the parser splits
    "the *Russo-Japanese* War" and hangs "Russo" on "Japanese", yet "Russo-Japanese" and
    "Sino-Japanese" are the two words that tell the wars apart."""
    doc, start = word.doc, word.i
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ and not doc[start - 2].whitespace_:
        start -= 2
    return doc[start:word.i + 1].text


def _ranks(word: Token) -> bool:
    """Whether a describing word says which one of a series or a scale is meant: an ordinal
    ("the *first* colony"), a superlative ("the *largest* group"), "last" or "final"."""
    return word.pos_ == "ADJ" and (word.ent_type_ == "ORDINAL" or word.tag_ == "JJS"
                                   or word.lower_ in ("last", "final"))


@dataclass(frozen=True)
class UnrankedDetail(ChangedDetail):
    """The question's "the *first* French colony" where a sentence speaks of "a French colony"
    and says nowhere which one: any of them may be meant, so it answers for none."""

    @property
    def reason(self) -> str:
        return f"the question asks about {self.thing}; the sentence does not say {self.asked!r}"


def _place_in_phrase(adjective: str, noun: Token) -> bool:
    """Whether the noun's own phrase names a place that a place's `adjective` ("African",
    "French") speaks of, by the place's adjective in WordNet ("South Africa" → "south african")
    or by the places the adjective names ("French" → "france")."""
    from rag.lexicon import adjectives_of, places_named_by

    key = fold(adjective)
    named = {fold(p) for p in places_named_by(adjective)}
    phrase = {w.i for w in _phrase_words(noun)}
    return any(e.label_ in PLACE_ENTITIES and e.start in phrase and e.start != noun.i
               and (fold(e.text).removeprefix("the ") in named
                    or any(a.split()[-1] == key for a in adjectives_of(fold(e.text).removeprefix("the "))))
               for e in noun.doc.ents)


def _peoples(word: Token) -> bool:
    """Whether a capitalised word is a people's or a place's adjective in WordNet ("Norse",
    "Frankish", "Turkish"), whichever part of speech the tagger gave it; not a name ("Anadolu")."""
    from rag.lexicon import english_adjective

    return word.text[:1].isupper() and english_adjective(word.lower_)


def _holds_noun(word: Token, noun: Token) -> bool:
    """Whether `word` is `noun` written as one word with a word before it: "airbase" holds
    "base", "warship" holds "ship"; a "military airbase" is a kind of base a "naval base" is set
    against."""
    from rag.lexicon import english_word

    a, b = word.lower_, noun.lower_
    return (word.pos_ == "NOUN" and len(b) >= 3 and len(a) >= len(b) + 3 and a.endswith(b)
            and english_word(a[: -len(b)]))


def _said_of_others_only(word: Token, noun: str, sentence: Doc) -> bool:
    """Whether the sentence gives the question's describing word only of other things, while it
    has the question's noun: "their *Frankish* wives … the *Norse* religion" for "the Frankish
    religion"."""
    phrases = [t for t in sentence if norm(t.text) == noun]
    return bool(phrases) and not any(term_set(word.text) <= term_set(" ".join(w.text for w in _phrase_words(t)))
                                     for t in phrases)


def _named_otherwise(name: Token, noun: str, sentence: Doc) -> bool:
    """Whether the sentence's `noun` is described by proper names and its phrase nowhere holds
    the question's `name`, however spelt or abbreviated: "in northwestern *Idlib* province" is no
    "Aleppo province". The whole phrase counts ("Türkiye's *Anadolu* news agency", "Syria's
    second largest city, *Aleppo*", "Aleppo and *Idlib* provinces")."""
    phrases = [t for t in sentence if norm(t.text) == noun
               and any(_describes(c) and c.pos_ == "PROPN" for c in t.children)]
    if not phrases:
        return False
    said = [" ".join(w.text for w in _phrase_words(t)) for t in phrases]
    spelled = {fold(w) for phrase in said for w in words(phrase)}
    return not _present(name.text, term_set(" ".join(said)), spelled, set().union(*map(capital_initials, said)))


_CLAUSES = {"relcl", "acl", "advcl", "ccomp", "xcomp"}


def _phrase_words(noun: Token) -> list[Token]:
    """A noun's phrase without the clauses hanging off it: "northwestern Idlib province, a
    strategic area", not "… that would secure supply lines to Aleppo"."""
    cut = {w.i for t in noun.subtree if t.dep_ in _CLAUSES and t.i != noun.i for w in t.subtree}
    return [w for w in noun.subtree if w.i not in cut]


def _classifies(word: Token) -> bool:
    """Whether a common noun says which of another noun's kind is meant: "the *opposition*
    forces", "*car* bombs". Another such noun in its place names another thing when WordNet
    tells the two apart in every sense ("*government* forces"); the embedder is no judge here,
    as it scores that pair like a paraphrase."""
    return word.pos_ == "NOUN" and word.dep_ == "compound" and word.head.pos_ == "NOUN" and word.head.i != word.i


@dataclass(frozen=True)
class OtherPart(Detail):
    """The question's "west of Syria" where a sentence says "east of Syria": `noun` is the whole."""

    @property
    def thing(self) -> str:
        return f"the {self.asked} of {self.noun}"

    @property
    def reason(self) -> str:
        return f"the question asks about {self.thing}; the sentence speaks of the {self.said} of {self.noun}"

    def held_by(self, text: str) -> bool:
        """Whether `text` speaks of the question's part of that whole."""
        from rag.nlp import parse

        return any(term_set(t.text) == term_set(self.asked) and (_whole(t) or "").lower() == self.noun.lower()
                   for t in parse(text))


def other_whole(question: str, text: str) -> str | None:
    """Why `text` does not answer a question about "N of X" when it says "N of Y", Y another
    kind of thing than X in every sense (rag.lexicon.other_kinds) and X nowhere in the
    sentence: "the dollar price of *gold*" against "the dollar price of *oil*", "the
    construction of *ships*" against "the construction of *calendars*". The same question with
    one detail changed; a reason about this sentence alone, not a detail whose absence from the
    whole evidence would make the assistant abstain ("the members of *society*" may be the
    question's own words for what the documents call otherwise). Names are left to the checks
    of names."""
    from rag.lexicon import other_kinds
    from rag.nlp import parse, parse_question

    said = term_set(text)
    sentence = parse(text)
    for noun in parse_question(question):
        x = _of_object(noun) if noun.pos_ == "NOUN" else None
        if x is None or x.pos_ != "NOUN" or term_set(x.text) <= said:
            continue
        for other in sentence:
            y = _of_object(other) if norm(other.text) == norm(noun.text) else None
            if y is not None and y.pos_ == "NOUN" and other_kinds(kind_lemma(x), kind_lemma(y)):
                return (f"the question asks about the {noun.text} of {x.text}; "
                        f"the sentence speaks of the {noun.text} of {y.text}")
    return None


# Names one slot may not hold in place of another: times and figures ("fought *in June*" for "*in
# Normandy*"). Places, people, bodies and peoples may, whatever kind the small tagger gives them,
# if any ("return to *Qufu*", tagged a product, for "return to *Quzhou*").
_NOT_SLOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}


@dataclass(frozen=True)
class OtherSlot(Detail):
    """The question's "return to *Quzhou*" where a sentence says "return to *Qufu*": `asked` fills
    the slot `noun` ("return to": the preposition `prep` on a word of lemma `head`); `said` is
    the sentence's phrase."""

    prep: str = ""
    head: str = ""

    @property
    def thing(self) -> str:
        return f"{self.noun} {self.asked}"

    @property
    def reason(self) -> str:
        return f"the question asks about {self.thing}; the sentence speaks of {self.said}"

    def held_by(self, text: str) -> bool:
        """Whether `text` may hold the question's premise: it gives the question's name in the
        slot ("reporting *from Aleppo*": a name the documents give everywhere says nothing by
        itself), or names the question's common noun at all."""
        from rag.nlp import parse

        if self.asked[:1].isupper():
            return _fills(self.asked, self.prep, self.head, parse(text))
        return term_set(self.asked) <= term_set(text)


def _in_compound_preposition(word: Token) -> bool:
    """Whether a preposition's object is the bare noun of a compound preposition ("switched *in
    protest* against …", "*in response* to", "*for fear* of"): it fills no slot of the verb but
    says why or how, so it is no other thing in the question's slot."""
    return word.pos_ == "NOUN" and any(c.dep_ == "prep" for c in word.children) and not any(
        c.dep_ in ("det", "poss", "amod", "nummod", "compound") for c in word.children)


def _slot_of(word: Token, prep: str, head: str) -> bool:
    """Whether `word` is the object of the preposition `prep` hung on a word of lemma `head`, or
    joined to such an object ("from Idlib *and Aleppo*")."""
    while word.dep_ == "conj" and word.head.i != word.i:
        word = word.head
    return (word.dep_ == "pobj" and word.head.lower_ == prep and word.head.head.lemma_.lower() == head
            and word.head.head.i != word.head.i)


def _fills(name: str, prep: str, head: str, sentence: Doc) -> bool:
    """Whether the sentence gives `name` (however spelt) in the slot: after `prep` on `head`,
    alone or as the name of what fills it ("west of the *Mississippi* River")."""
    from rag.nlp import proper

    return any(proper(t) and same_name(name, t.text)
               and (_slot_of(t, prep, head) or t.dep_ in ("compound", "flat") and _slot_of(t.head, prep, head))
               for t in sentence)


def _in_slot(word: Token, prep: str, head: str) -> bool:
    """Whether a noun fills the slot `prep` on `head`: itself, as the compound of what fills it
    ("the harbour *radio* station"), or after a preposition joined to that one ("used in mining
    and *in farming*")."""
    word = word.head if word.dep_ == "compound" else word
    if _slot_of(word, prep, head):
        return True
    p = word.head
    while p.dep_ == "conj" and p.head.i != p.i:
        p = p.head
    return word.dep_ == "pobj" and p.dep_ == "prep" and p.lower_ == prep and p.head.lemma_.lower() == head


def other_slot(question: str, text: str) -> OtherSlot | None:
    """Why `text` does not answer a question that ties X to a word by a preposition ("residents
    *in Idlib*", "used *in agriculture*", "the ruling class *of Ireland*") when the sentence
    ties another Y to the same word by the same preposition ("residents *in Aleppo*", "used
    *in combat*", "the ruling class *of England*") and holds X nowhere, or None. Two common
    nouns count as other only when WordNet tells them apart in every sense
    (rag.lexicon.other_kinds: a *bombing* is an *attack*); two names only when neither is a
    time or a figure and neither is the other spelt otherwise, abbreviated or as its
    adjective. The same question with one detail changed, as `other_whole` finds for "N of X";
    as for a changed detail, the premise stands only if other evidence gives X (`OtherSlot.held_by`)."""
    from rag.lexicon import other_kinds
    from rag.nlp import parse, parse_question, proper

    sentence = parse(text)
    said, spelled, initials = _spellings(sentence)
    for x in parse_question(question):
        prep = x.head
        if x.dep_ != "pobj" or x.pos_ not in ("NOUN", "PROPN") or prep.dep_ != "prep" or prep.head.i == prep.i:
            continue
        if any(c.tag_ in ("WDT", "WP", "WP$") for c in x.children) or _in_compound_preposition(x):
            continue  # "viewed as *what type*": what is asked for, not a detail
        # a preposition the parse hangs on the question word is the verb's ("reported what from Aleppo")
        owner = prep.head.head if prep.head.tag_ in ("WP", "WDT") and prep.head.head.pos_ == "VERB" else prep.head
        head = owner.lemma_.lower()
        named = proper(x)  # "according to *the Observatory*" names one, whatever its tag
        if not named and (prep.lower_ == "of" or term_set(x.text) <= said and any(
                t.lemma_.lower() == x.lemma_.lower() and _in_slot(t, prep.lower_, head) for t in sentence)):
            continue  # "N of X" is other_whole's; a noun the sentence gives in another slot is not there:
            # "human beings originated in the *tropics* … fully human in the temperate *zone*"
        # a name the sentence gives elsewhere, while another fills the slot, is no answer: "reporting
        # *from Idlib*, estimated … in Aleppo and Idlib province" for "report from Aleppo"
        if named and (x.ent_type_ in _NOT_SLOT_NAMES or _present(x.text, said, spelled, initials)
                      and _fills(x.text, prep.lower_, head, sentence)):
            continue
        for y in sentence:
            if (y.dep_ != "pobj" or y.pos_ not in ("NOUN", "PROPN") or not _slot_of(y, prep.lower_, head)
                    or _in_compound_preposition(y)):
                continue
            if proper(y) != named:
                continue  # a name against a description ("according to *a war monitor*") may be one
            if not named:
                other = other_kinds(kind_lemma(x), kind_lemma(y))
            else:
                other = y.ent_type_ not in _NOT_SLOT_NAMES and not same_name(x.text, y.text)
            if other:
                return OtherSlot(x.text, f"{owner.text} {prep.text}", f"{y.head.head.text} {y.head.text} {y.text}",
                                 prep.lower_, head)
    return None


@dataclass(frozen=True)
class OtherSubject(Detail):
    """The question's "the *tank* had become a weapon" where a sentence says "the *machine gun*
    had become a weapon": `asked` is the question's subject, `noun` the verb, `said` the
    sentence's subject."""

    @property
    def thing(self) -> str:
        return f"the {self.asked}"

    @property
    def reason(self) -> str:
        return f"the question asks what the {self.asked} did; the sentence says {self.noun!r} of the {self.said}"

    def held_by(self, text: str) -> bool:
        """Whether `text` speaks of the question's subject at all."""
        from rag.nlp import parse

        return self.asked.lower() in {t.lemma_.lower() for t in parse(text)}


def other_subject(question: str, text: str) -> OtherSubject | None:
    """Why `text` does not answer a question whose verb has a thing for its subject ("By what
    decade had *the tank* become an effective weapon?") when the sentence gives the same verb
    another thing for its subject ("By the 1880s, *the machine gun* had become an effective
    weapon") and names the question's nowhere, or None: the same question with its subject
    changed. Two subjects count as other only when WordNet tells them apart in every sense
    (rag.lexicon.other_kinds), and never people: sources name the same fighters by many words
    ("insurgents", "jihadists"), which `rag.roles` judges as doers."""
    from rag.lexicon import names_people, other_kinds
    from rag.nlp import parse, parse_question

    sentence = parse(text)
    lemmas = {t.lemma_.lower() for t in sentence}
    for verb in parse_question(question):
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_ == "be":
            continue
        for x in verb.children:
            if (x.dep_ not in ("nsubj", "nsubjpass") or x.pos_ != "NOUN" or x.ent_type_
                    or any(c.tag_ in ("WDT", "WP", "WP$") for c in x.children)
                    or names_people(kind_lemma(x)) or x.lemma_.lower() in lemmas):
                continue
            for y in sentence:
                if y.dep_ != x.dep_ or y.pos_ != "NOUN" or y.ent_type_ or y.head.lemma_.lower() != verb.lemma_.lower():
                    continue
                if not names_people(kind_lemma(y)) and other_kinds(kind_lemma(x), kind_lemma(y)):
                    said = " ".join(w.text for w in y.subtree if w.dep_ in ("compound", "amod") or w.i == y.i)
                    return OtherSubject(x.lemma_.lower(), verb.text, said)
    return None


# The entity labels of named places (countries and cities, regions, buildings); rag.roles reads them too.
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
# Places a question ties its thing to: countries, cities, buildings. A region ("the West",
# "Central Asia") holds others too freely to be told apart from them.
_PLACE_NAMES = {"GPE", "FAC"}


@dataclass(frozen=True)
class OtherPlace(Detail):
    """The question's "siege *of Idlib*" where a sentence names another place and not the
    question's: `asked` is the place, `noun` the lemma of the word the question ties it to
    (`tie` its part of speech), `said` the sentence's place."""

    tie: str = "NOUN"

    @property
    def thing(self) -> str:
        return f"{self.noun} ({self.asked})"

    @property
    def reason(self) -> str:
        return f"the question asks about {self.thing}; the sentence speaks of {self.said!r} and not of {self.asked!r}"

    @property
    def premise_anywhere(self) -> bool:
        """"The treaty of Saint-Clair-sur-Epte" in one sentence is what "*The treaty* offered
        Rollo …" refers back to (`_refers_back`): a noun's premise is the evidence's."""
        return self.tie == "NOUN"

    def held_by(self, text: str) -> bool:
        """Whether `text` names the place in some form and, where the question ties it to a
        noun, that noun ("the *siege* … of *Idlib*": a sentence that only names Idlib speaks of
        something else there). A deed is said in other words too often ("went to Fort
        Duquesne" / "led an expedition … to take Fort Duquesne") to be asked for."""
        from rag.nlp import parse

        sentence = parse(text)
        return place_given(self.asked, sentence) and (self.tie != "NOUN" or any(
            t.lemma_.lower() == self.noun or norm(t.text) == norm(self.noun) for t in sentence))


def _tied_word(place: Span) -> Token:
    """The word a question ties a place to: the noun or verb its preposition hangs on ("the
    *siege* of Idlib", "*blow up* … in Idlib"), the noun it describes ("Idlib's *university*"),
    or its verb."""
    def content(t: Token) -> bool:
        # the noun a question word opens ("In *what decade* was …?") is what is asked, no premise
        return (t.pos_ in ("NOUN", "VERB") and t.lemma_.lower() not in ("be", "have", "do")
                and not any(c.tag_ in ("WDT", "WP", "WP$") for c in t.children))

    root = place.root
    tie = root.head.head if root.dep_ == "pobj" and root.head.head.i != root.head.i else root.head
    if content(tie) and not (place.start <= tie.i < place.end):
        return tie
    # "Why was public transportation to Idlib diverted?" may hang the place on "was", and "Whom did
    # Washington accuse …?" make it the subject of "did": the nearest noun, else the nearest verb
    near = sorted((t for t in place.doc if content(t) and not (place.start <= t.i < place.end)),
                  key=lambda t: (t.pos_ != "NOUN", min(abs(t.i - place.start), abs(t.i - place.end + 1))))
    return near[0] if near else tie


def _asks_for_a_place(question: Doc) -> bool:
    """Whether a question asks for a place, answered by one it does not name: "Where …?",
    "Which town in Syria …?", "What London neighborhood …?" (in whatever order `parse_question`
    put it: "the navy blockaded *which town* in England?")."""
    from rag.lexicon import a_place

    for t in question:
        if t.lower_ in ("where", "whence"):
            return True
        if t.tag_ not in ("WDT", "WP"):
            continue
        # the noun the question word opens, past describing words and names, however it is parsed
        # ("What London neighborhood …?" may make "What" the verb's object)
        after = next((w for w in question[t.i + 1:] if w.pos_ not in ("ADJ", "PROPN")), None)
        if after is not None and after.pos_ == "NOUN" and a_place(after.lemma_.lower()):
            return True
    return False


def place_given(place: str, sentence: Doc) -> bool:
    """Whether a sentence gives a place in some form: spelt out, misspelt or as initials, by its
    adjective ("Turkish"), or by another name WordNet gives it ("Holland" / "the Netherlands",
    "US" / "America")."""
    from rag.lexicon import same_kind

    said, spelled, initials = _spellings(sentence)
    if all(_present(w, said, spelled, initials) for w in words(place)):
        return True
    key = fold(place).removeprefix("the ")
    return key in _named_by_adjectives(sentence.text) or any(
        same_kind(key, fold(e.text).removeprefix("the ")) for e in sentence.ents if e.label_ in PLACE_ENTITIES)


def other_place(question: str, text: str) -> OtherPlace | None:
    """A place the question ties its thing to ("the siege *of Idlib*", "car bombs *in Idlib*")
    that `text` gives in no form while it names another place ("a siege … of all of *Aleppo*"),
    or None. A place the sentence does not give may be what it calls "the city", so a sentence
    that names no other place is left alone; a question that asks for a place is answered by
    one it does not name. The premise stands only where other evidence gives the place
    (`OtherPlace.held_by`)."""
    from rag.evidence import answer_kind
    from rag.nlp import parse, parse_question

    doc = parse_question(question)
    if answer_kind(question) == "name" or _asks_for_a_place(doc):
        return None
    places = [e for e in doc.ents if e.label_ in _PLACE_NAMES]
    if not places:
        return None
    sentence = parse(text)
    missing = [e for e in places if not place_given(e.text, sentence)]
    asked = [fold(w) for w in words(question)]
    others = [e.text for e in sentence.ents if e.label_ in PLACE_ENTITIES
              and not any(same_name(w, a) for w in words(e.text) for a in asked)]
    if not missing or not others:
        return None
    tie = _tied_word(missing[0])
    if tie.pos_ == "NOUN" and any(_refers_back(t, tie.lemma_.lower()) for t in sentence):
        return None  # "*The treaty* offered Rollo …" may be the treaty of Saint-Clair-sur-Epte
    return OtherPlace(missing[0].text, tie.lemma_.lower(), others[0], tie.pos_)


_DEFINITE = {"the", "this", "that", "these", "those"}


def _refers_back(word: Token, lemma: str) -> bool:
    """Whether a sentence's noun of `lemma` is one named before: definite ("*the* treaty") and
    with no name or place of its own in its phrase; "*a* siege" is a new one, "the siege *of
    Aleppo*" another."""
    return (word.lemma_.lower() == lemma and word.pos_ == "NOUN"
            and any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in word.children)
            and not any(t.pos_ == "PROPN" or t.ent_type_ in PLACE_ENTITIES for t in _phrase_words(word)))


@dataclass(frozen=True)
class OthersDeed(Detail):
    """The question's "*Turkish* airstrikes" where a sentence's airstrikes are done by other
    peoples: `asked` describes `noun`, `said` is the sentence's doer."""

    @property
    def thing(self) -> str:
        return f"the {self.asked} {self.noun}"

    @property
    def reason(self) -> str:
        return f"the question asks about {self.thing}; the sentence's are done by {self.said}"

    def held_by(self, text: str) -> bool:
        """Whether `text` names both the thing and the question's people, in any form ("Turkey")."""
        return norm(self.noun) in {norm(w) for w in words(text)} and _people_named(self.asked, text)


def _people_named(adjective: str, text: str) -> bool:
    """Whether `text` names the people or place of a people's adjective in any form: "Turkish" by
    "Turkey" or "Turkish", "Danish" by "Denmark's" (rag.lexicon.places_named_by)."""
    from rag.lexicon import places_named_by

    places = places_named_by(adjective)
    return any(w[:1].isupper() and (same_name(adjective, w) or _possessor(w) in places) for w in words(text))


def _possessor(word: str) -> str:
    """A word folded, without its possessive ending: "Denmark's" → "denmark"."""
    return fold(word).removesuffix("'s").removesuffix("’s")


def others_deed(question: str, text: str) -> OthersDeed | None:
    """A people's thing the question asks about ("the *Turkish* airstrikes") that the sentence
    gives as done by other peoples ("*Russian and Syrian* jets have carried out airstrikes"), the
    question's people nowhere in it, in any form ("Turkey"); or None. Only the doer of the
    thing's own verb is looked at; a sentence that says nothing of who did it is left alone.
    As for a changed detail, the premise stands only if other evidence names the thing and the
    question's people together (`OthersDeed.held_by`)."""
    from rag.nlp import parse, parse_question

    sentence = parse(text)
    for t in parse_question(question):
        if t.dep_ != "amod" or not _peoples(t) or _people_named(t.text, text):
            continue
        for thing in sentence:
            verb = thing.head
            if thing.dep_ not in ("dobj", "nsubjpass") or norm(thing.text) != norm(t.head.text) or verb.pos_ != "VERB":
                continue
            doers = [c for c in verb.children if c.dep_ == "nsubj"]
            theirs = [w for d in doers for w in d.subtree if w.i <= d.i and w.dep_ in ("amod", "compound", "conj")
                      and _peoples(w)]
            if theirs:
                return OthersDeed(t.text, t.head.text, f"{' and '.join(w.text for w in theirs)} {doers[0].text}")
    return None


def _described(word: Token) -> str:
    """The lemma of what an adjective or adverb says something of: the noun it describes ("the
    *successful* efforts"), the subject of its "be" ("the efforts were *unsuccessful*"), or the
    word it modifies ("*less* civilized")."""
    if word.dep_ in ("acomp", "attr") and (subject := next(
            (c for c in word.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)) is not None:
        return subject.lemma_.lower()
    return word.head.lemma_.lower()


@dataclass(frozen=True)
class OppositeDetail(Detail):
    """The question's "successful" where a sentence says "unsuccessful": `asked` and `said` are
    said of `noun` (a lemma: "effort")."""

    @property
    def thing(self) -> str:
        return f"{self.asked!r} said of {self.noun!r}"

    @property
    def reason(self) -> str:
        return f"the sentence says {self.said!r} of {self.noun!r}, the opposite of the question's {self.asked!r}"

    def held_by(self, text: str) -> bool:
        """Whether `text` says the question's word of the same thing ("the efforts were *successful*")."""
        from rag.nlp import parse

        asked = term_set(self.asked)
        return any(term_set(u.text) == asked and _described(u) == self.noun for u in parse(text))


def opposite_detail(question: str, text: str) -> OppositeDetail | None:
    """The question's describing word that `text` gives only as its opposite, said of the same
    thing, or None: "Which efforts were *successful*?" against "these latter efforts were
    *unsuccessful*", "seen as *more* civilized" against "seen as *less* civilized" (WordNet's
    antonyms of adjectives and adverbs, rag.lexicon.opposite_words); a noun against its
    opposite in the same place ("the oil *importer*" / "the oil *exporter*", opposite_nouns). The "many" of "how many"
    is the question's frame, not a detail. As for a changed detail, the question's premise
    stands only if other evidence says its word of that thing (`OppositeDetail.held_by`)."""
    from rag.lexicon import opposite_nouns, opposite_outcomes, opposite_words
    from rag.nlp import parse, parse_question

    said = term_set(text)
    sentence = parse(text)
    for w in parse_question(question):
        framed = any(fold(t.text) == "how" for t in (w, w.head, *w.children, *w.doc[w.i - 1:w.i]))  # "how many"
        if w.pos_ not in ("ADJ", "ADV", "NOUN") or term_set(w.text) <= said or framed:
            continue
        for u in sentence:
            if (w.pos_ != "NOUN" and u.pos_ in ("ADJ", "ADV") and opposite_words(w.lemma_, u.lemma_)
                    and _described(u) == _described(w)):
                return OppositeDetail(w.text, _described(w), u.text)
            if w.pos_ == "NOUN" and u.pos_ == "NOUN" and opposite_nouns(w.lemma_, u.lemma_) and _same_place(w, u):
                return OppositeDetail(w.text, _described(w), u.text)
            # "Braddock was *victorious*" against "he was *defeated*": opposite outcomes of its subject
            if (w.pos_ == "ADJ" and u.pos_ == "VERB" and _undergoes(u, _described(w))
                    and opposite_outcomes(w.lemma_, u.lemma_)):
                return OppositeDetail(w.text, _described(w), u.text)
    return None


# A time frame's two sides: what happened after X is not what happened before it.
_OTHER_SIDE = {"before": "after", "after": "before"}


def _frame_terms(prep: Token) -> set[str]:
    """The content words of a time frame's object ("before *the introduction of X.25*")."""
    return {t.lemma_.lower() for t in prep.subtree if t.i != prep.i and t.pos_ in ("NOUN", "PROPN", "NUM")}


@dataclass(frozen=True)
class OtherFrame(Detail):
    """The question's "after X" where a sentence says "before X": `asked` and `said` are the
    two prepositions, `noun` the lemma of what they frame ("x.25")."""

    @property
    def thing(self) -> str:
        return f"{self.asked!r} {self.noun!r}"

    @property
    def reason(self) -> str:
        return f"the question asks about {self.asked} {self.noun!r}; the sentence speaks of {self.said} it"

    def held_by(self, text: str) -> bool:
        """Whether `text` frames something by the same side of the same thing."""
        from rag.nlp import parse

        return any(t.lower_ == self.asked and self.noun in _frame_terms(t) for t in parse(text))


def other_frame(question: str, text: str) -> OtherFrame | None:
    """The question's time frame that `text` gives only from its other side, or None: "How many
    technologies had been developed *after* X.25?" against "*Before* the introduction of X.25,
    about twenty … had been developed"."""
    from rag.nlp import parse, parse_question

    sentence = parse(text)
    for p in parse_question(question):
        if p.lower_ not in _OTHER_SIDE or not (framed := _frame_terms(p)):
            continue
        same = [t for t in sentence if t.lower_ == p.lower_ and framed & _frame_terms(t)]
        other = [t for t in sentence if t.lower_ == _OTHER_SIDE[p.lower_] and framed & _frame_terms(t)]
        if other and not same:
            noun = sorted(framed & _frame_terms(other[0]))[0]
            return OtherFrame(p.lower_, noun, other[0].lower_)
    return None


def _undergoes(verb: Token, lemma: str) -> bool:
    """Whether a passive verb is said of a thing: its subject is that lemma or a pronoun that may
    stand for it ("*he* was defeated"; the subject of "X defeated Y" is the victor)."""
    return any(c.dep_ == "nsubjpass" and (c.lemma_.lower() == lemma or c.tag_ == "PRP") for c in verb.children)


def _same_place(noun: Token, other: Token) -> bool:
    """Whether two nouns stand in one place of their clauses: the same relation to the same
    word ("Iran was the oil *exporter*" / "which country was the oil *importer*"), or a shared
    modifier ("*oil* importer" / "*oil* exporter")."""
    if (noun.dep_, noun.head.lemma_.lower()) == (other.dep_, other.head.lemma_.lower()):
        return True
    mods = {c.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod")}
    return bool(mods & {c.lemma_.lower() for c in other.children if c.dep_ in ("compound", "amod")})


def _whole(noun: Token) -> str | None:
    """What a noun is a part of: the object of its "of" ("the west *of Syria*")."""
    of = _of_object(noun)
    return of.lemma_ if of is not None else None


def _of_object(word: Token) -> Token | None:
    """The object of a word's "of" ("the west of *Syria*", "dozens of *fighters*")."""
    return next((o for p in word.children if p.dep_ == "prep" and p.lower_ == "of"
                 for o in p.children if o.dep_ == "pobj"), None)


def other_part(question: str, text: str, similarity: Callable[[str, str], float]) -> OtherPart | None:
    """Another part of the question's whole that `text` speaks of, or None: "in the *west* of
    Syria" against "in the *east* of Syria". The question's part is nowhere in the sentence, the
    sentence gives another part of the same whole, and the two are alternatives of one kind:
    WordNet tells them apart in every sense (rag.lexicon.other_kinds), and the embedder puts
    them close (`SAME_KIND`, as for changed describing words). "The *start* of the war" for
    "the *beginning* of the war" shares a sense, and "the *edge* of the city" for "the
    *outskirts*" is not close: neither is another part."""
    from rag.lexicon import other_kinds
    from rag.nlp import parse, parse_question

    said = term_set(text)
    sentence = parse(text)
    for part in parse_question(question):
        if part.pos_ != "NOUN" or term_set(part.text) <= said or (of := _whole(part)) is None:
            continue
        for other in sentence:
            if (other.pos_ == "NOUN" and (_whole(other) or "").lower() == of.lower()
                    and other_kinds(part.lemma_, other.lemma_) and similarity(part.lower_, other.lower_) >= SAME_KIND):
                return OtherPart(part.text, of, other.text)
    return None


def _describes(word: Token) -> bool:
    """Whether a word tells which of a noun's kind is meant: an adjective ("the *eastern*
    edge") or a proper name ("*Damascus* university", "*Aleppo*'s university", "the *Syrian*
    Defense Ministry", "Special Representative for *Syria* Engagement"). A word of a longer
    name says which one as much: "the *Russian* Defense Ministry" is another ministry; but a
    person's names are one name ("*Kublai* Khan" is no kind of the "Great Khan")."""
    if word.head.i == word.i:
        return False
    if word.pos_ == "ADJ":
        # an adjective the parser hangs on as a compound describes all the same ("Sino-*Japanese* War")
        return word.dep_ in ("amod", "compound") and word.head.pos_ in ("NOUN", "PROPN")
    return word.pos_ == "PROPN" and word.dep_ in ("compound", "poss") and (
        word.head.pos_ == "NOUN" or word.head.pos_ == "PROPN" and "PERSON" not in (word.ent_type_, word.head.ent_type_))


@dataclass(frozen=True)
class OtherPeople(Detail):
    """The question's "the city's *soldiers*" where a sentence says "the city's *residents*":
    `noun` is the question's phrase, `asked` its people and `said` the sentence's."""

    @property
    def thing(self) -> str:
        return self.noun

    @property
    def reason(self) -> str:
        return f"the question asks about {self.noun}; the sentence speaks of {self.said}"

    def held_by(self, text: str) -> bool:
        """Whether `text` names the question's people at all."""
        return term_set(self.asked) <= term_set(text)


# "people" is the plural of "person" as often as a group; WordNet files it only as a group, which
# would set "four people" apart from "four students".
_PEOPLE_LEMMA = {"people": "person"}
_OBJECT_ROLES = ("dobj", "nsubjpass")


def kind_lemma(token: Token) -> str:
    """A noun's lemma as WordNet should read it for its kind ("people" as "person")."""
    lemma = token.lemma_.lower()
    return _PEOPLE_LEMMA.get(lemma, lemma)


def _counted(token: Token) -> Token:
    """The people a figure stands for: "*dozens* of fighters … have been killed" kills fighters."""
    if token.ent_type_ == "CARDINAL" or token.pos_ == "NUM":
        return _of_object(token) or token
    return token


def _people_links(token: Token) -> set[tuple[str, str]]:
    """How a noun is tied to the words around it: a describing word ("the *city's* residents"),
    the word it is "of" ("*thousands* of families") and the verb it undergoes ("*displaced*
    families", "fighters … have been *killed*")."""
    links = {("describes", norm(c.text)) for c in token.children
             if c.dep_ in ("poss", "compound", "amod") and c.lower_ not in _NOT_DETAILS}
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.i != token.head.i:
        links.add(("of", token.head.head.lemma_.lower()))
    if token.dep_ in _OBJECT_ROLES and token.head.pos_ == "VERB":
        links.add(("undergoes", token.head.lemma_.lower()))
    return links


def _phrase(token: Token, link: tuple[str, str]) -> str:
    """The question's words for its people: "the city's soldiers", "thousands of soldiers", "civilians"."""
    doc = token.doc
    if link[0] == "of":
        return doc[token.head.head.i: token.i + 1].text
    return doc[token.left_edge.i: token.i + 1].text if link[0] == "describes" else token.text


def other_people(question: str, text: str, evidence: str = "") -> OtherPeople | None:
    """Other people than the question's, tied to the same words, or None: "the city's
    *soldiers*" against "the city's *residents*", "displaced thousands of *soldiers*" against
    "displaced thousands of *families*", "how many *civilians* were killed" against "dozens of
    *fighters* … have been killed". Such a sentence tells of someone else, however well the rest
    of it matches (the "one detail changed" question). Only people are set against people
    (rag.lexicon.names_people), and only ones WordNet tells apart in every sense
    (rag.lexicon.other_kinds): "residents" may be "inhabitants", "people" may be "civilians".
    Things are left alone: their names are paraphrased too freely ("functions" / "powers",
    "heating gas" / "heating oil") for a changed word to mean a changed thing. Nor are people
    the rest of the `evidence` names: news call one side by many names ("HTS *fighters*", "its
    *militants*", "the *jihadists*"), which WordNet files apart, and the embedder cannot tell
    such names from changed people ("militants" / "insurgents" 0.63, "civilians" / "soldiers"
    0.65). People the documents never name are not theirs to count."""
    from rag.lexicon import names_people, other_kinds
    from rag.nlp import parse, parse_question

    said = term_set(text) | term_set(evidence)
    asked = [t for t in parse_question(question)
             if t.pos_ == "NOUN" and not term_set(t.text) <= said and t.lower_ not in _NOT_DETAILS
             and names_people(kind_lemma(t)) and t.head.lemma_.lower() != "do"]  # "did internet2 *partner* with"
    if not asked:
        return None
    tied: dict[tuple[str, str], list[Token]] = {}
    for t in parse(text):
        people = _counted(t)
        if people.pos_ == "NOUN" and names_people(kind_lemma(people)):
            for link in _people_links(t) | (_people_links(people) if people is not t else set()):
                tied.setdefault(link, []).append(people)
    for person in asked:
        for link in _people_links(person):
            for other in tied.get(link, ()):
                if other_kinds(kind_lemma(person), kind_lemma(other)):
                    return OtherPeople(person.text, _phrase(person, link), other.text)
    return None
