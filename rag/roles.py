"""Who did what, and when: a sentence that holds the question's words but says them of
another doer or another deed is not its answer.

"When did Tugh Temur die?" against "When Yesün Temür died in 1328, Tugh Temür was
recalled …": the sentence holds the question's verb, its year and even its name, and yet
says the death of another man (`other_doer`). "When did government forces seize the
Scientific Research Center neighbourhood?" against "… since 2020, when government forces
seized areas …": the doer and the verb are the question's, the year belongs to another
seizure (`other_deed`). Word coverage and embedding similarity both rate such sentences
highly; the parse says who does what. And a "who" question is answered by whoever does
what it asks about, named or only described ("Iran-linked groups, who had backed …"; `doers`).

The checks of another doer or another deed of the question's doer fire only when that doer
is *in* the sentence, or is marked by a name the sentence never gives ("*Iran*-linked
groups"). A doer merely named differently ("the fighters" / "the jihadists") is not, so a
paraphrase is never taken for a change. A time that belongs to a deed that is
neither the question's verb nor done by its doer, but by someone else the sentence names,
is not the asked time either ("since 2020, when government forces seized areas" for "When
did Turkey withdraw its troops?"). "Whom did X call on?" is answered by whoever the
sentence says was called on (`receivers`). A sentence about someone else does not answer a
question that names its doer or its topic, nor one about a doer marked by another nation
(`participant_unmentioned`); a passive without its "by" does not say that the question's
doer did it (`doer_unsaid`); and a sentence that holds a "where" question's thing but not its
deed must give that thing a place (`thing_unplaced`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.answerability import PLACE_ENTITIES, Detail, _named_by_adjectives, capital_initials, misspelt
from rag.chunking import sentence_spans
from rag.evidence import LIGHT_VERBS, SPEECH_VERBS, answer_kind, mentions, question_predicates, same_stem
from rag.lexicon import (a_place, communicates, does_the_work_of, known, known_noun, names_people, other_kinds,
                         same_deed, same_kind)
from rag.text import QUESTION_WORDS, fold, norm, same_name, term_set, words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# What hangs off a noun without being part of its name: "forces, which …", "Rollo, the leader".
_NOT_THE_NAME = {"relcl", "acl", "appos", "advcl", "conj", "cc", "punct"}


@dataclass(frozen=True)
class OtherDoer:
    """The sentence's `verb` is done by `said`, not by the question's `asked`."""

    verb: str
    asked: str
    said: str

    @property
    def reason(self) -> str:
        return f"the sentence's {self.verb!r} is said of {self.said!r}, not of {self.asked!r}"


# How a verb without a subject of its own hangs from the clause whose subject does it: "insurgents
# breached the city *after blowing up* two car bombs and *were clashing* …", "Russia intervened,
# *helping* Assad …". A reduced relative ("a message *calling on* residents") is left out: what it
# describes, not the clause's subject, does it.
_SHARES_SUBJECT = {"advcl", "xcomp", "conj", "pcomp"}


def _doer(verb: Token) -> Token | None:
    """The noun that does the verb: its active subject, or the object of its passive "by", or
    for a verb with neither that continues another's clause, that verb's doer. None when it is
    a pronoun ("it was controlled", "they died"): who is meant is not in the sentence."""
    doer, subject = None, False
    for c in verb.children:
        if c.dep_ == "nsubj":
            subject = True
            if _asked_for(c) and verb.dep_ != "relcl":
                continue  # "*Which city* did the insurgents breach?" parsed with two subjects: the other does it
            # "groups, who had backed …": the relative pronoun stands for the noun the clause describes
            doer = verb.head if c.tag_ in ("WP", "WDT") and verb.dep_ == "relcl" else c
            break
        if c.dep_ == "agent":
            doer = next((g for g in c.children if g.dep_ == "pobj"), None)
            subject = True
            break
        subject = subject or c.dep_ in ("nsubjpass", "csubj", "csubjpass", "expl")
    if not subject and (controller := _controller(verb)) is not None:
        return controller if controller.pos_ in ("NOUN", "PROPN") else None
    if not subject and (governor := _governing_verb(verb)) is not None:
        # "*HTS* was known as … before adopting its name": the subject of a passive without a
        # "by" does the deed of the clause that continues it, and so does the subject of one with
        # a "by" where the continuing verb is active ("*Ariq Böke* was hampered by inadequate
        # supplies and *surrendered*"); a participle ("… attacked by X and *shelled*") is passive too
        if verb.tag_ != "VBN" and (undergoer := _grammatical_subject(governor)) is not None:
            return undergoer
        return _doer(governor) or _passive_subject(governor)
    return doer if doer is not None and doer.pos_ in ("NOUN", "PROPN") else None


def _controller(verb: Token) -> Token | None:
    """The object that does an open clause's verb ("forced *Bohemond* to retreat … and sign",
    "urged *residents* to leave"), or None when the clause's verb has no object above it, or is
    no "to" clause ("posted *videos* online showing they were using drones": the posters showed)."""
    t = verb
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    if t.dep_ != "xcomp" or not any(c.dep_ == "aux" and c.tag_ == "TO" for c in t.children):
        return None
    return next((c for c in t.head.children if c.dep_ == "dobj"), None)


def _grammatical_subject(verb: Token) -> Token | None:
    """The subject of a passive verb, "by" or not ("*Ariq Böke* was hampered by …"), a noun or name, else None."""
    return next((c for c in verb.children if c.dep_ == "nsubjpass" and c.pos_ in ("NOUN", "PROPN")), None)


def _passive_subject(verb: Token) -> Token | None:
    """The subject of a passive verb with no "by" ("*the harbour* was built"), a noun or name, else None."""
    return None if any(c.dep_ == "agent" for c in verb.children) else _grammatical_subject(verb)


def _same_verb(asked: Token, said: Token) -> bool:
    """Whether a sentence's verb is the question's, in any form: by stem ("seize" / "seized")
    or by lemma, for irregular forms ("blow" / "blew")."""
    return same_stem(norm(asked.text), norm(said.text)) or asked.lemma_ == said.lemma_


def _forms(verb: Token) -> list[str]:
    """A verb's lemma, with its particle first as WordNet lists a phrasal verb ("blow_up")."""
    lemma = verb.lemma_.lower()
    return [f"{lemma}_{c.lower_}" for c in verb.children if c.dep_ == "prt"] + [lemma]


def may_say(asked: Token, said: Token, usual: bool = False) -> bool:
    """Whether a sentence's verb can state the question's: the same verb in any form, or one
    WordNet gives a shared sense or a deed-keeping link ("brokered" for "negotiated", "blew up"
    for "detonated", "killing" for "died"; rag.lexicon), in their most frequent senses only
    when `usual`."""
    return _same_verb(asked, said) or any(same_deed(a, s, usual) for a in _asked_forms(asked) for s in _forms(said))


def _asked_forms(verb: Token) -> list[str]:
    """The question's verb as `may_say` compares it: a phrasal verb WordNet knows by itself ("take
    off" is no "take": the jets that *carried out* airstrikes did not *take off* by saying so),
    else every form."""
    phrasal = [f for f in _forms(verb) if "_" in f and known(f)]
    return phrasal or _forms(verb)


def _speaks_of(verbs: list[Token], sentence: Doc, usual: bool = False) -> bool:
    """Whether a sentence states one of the question's verbs: a word of its lemma or stem
    ("negotiations" for "negotiated") or a verb that can say it (`_may_state`, in the verbs'
    most frequent senses only when `usual`). A noun that only modifies another names a kind,
    not a deed: "the *lead* group" says nobody leads anything."""
    return _says_word_of(verbs, sentence) or any(t.pos_ == "VERB" and _may_state(v, t, usual)
                                                 for v in verbs for t in sentence)


def _says_word_of(verbs: list[Token], sentence: Doc) -> bool:
    """Whether a sentence holds a word of one of the verbs' lemma or stem, not a modifier."""
    stating = [t for t in sentence if t.dep_ != "compound" or t.pos_ == "VERB"]
    lemmas, terms = {t.lemma_.lower() for t in stating}, {norm(t.text) for t in stating}
    return any(v.lemma_.lower() in lemmas or any(same_stem(norm(v.text), w) for w in terms) for v in verbs)


def _may_state(asked: Token, said: Token, usual: bool = False) -> bool:
    """`may_say`, but a verb of saying states only a saying: "state media *said* …" frames a
    report and is no commanding, though "say" and "command" share a rare sense (WordNet)."""
    if said.lemma_.lower() in SPEECH_VERBS and asked.lemma_.lower() not in SPEECH_VERBS:
        return _same_verb(asked, said)
    return may_say(asked, said, usual)


def judged(verb: Token) -> bool:
    """Whether WordNet knows the verb: only then can it tell another deed from this one."""
    return any(known(f) for f in _forms(verb))


def tied_verb(noun: Token) -> Token | None:
    """The verb a noun is tied to in its sentence: the nearest verb above it, past nouns and
    prepositions ("used … drones *in their attack*" → "used"; "killing four people, *including*
    two students" → "killing"), or None below a verbless or copular clause."""
    t = noun
    while t.head.i != t.i:
        t = t.head
        if t.pos_ == "VERB" and t.dep_ != "prep":  # "including", "according": a preposition's work
            return t
    return None


def _asked_for(noun: Token) -> bool:
    """Whether a noun is what a question asks for: a question word, or a noun it determines ("which
    city", "what city": the tagger may call that "what" a pronoun)."""
    return noun.tag_ in ("WP", "WDT", "WP$") or any(c.tag_ in ("WDT", "WP$") or c.tag_ == "WP" and c.dep_ == "det"
                                                    for c in noun.children)


def _governing_verb(verb: Token) -> Token | None:
    """The verb whose clause a subject-less verb continues ("breached … after *blowing*"), or None."""
    t = verb
    while t.dep_ in _SHARES_SUBJECT or (t is not verb and t.dep_ == "prep"):
        t = t.head
        if t.pos_ in ("VERB", "AUX") and t.i != verb.i:
            return t
    return None


def _name(noun: Token) -> list[Token]:
    """The words that name a noun phrase: its compounds and modifiers ("government forces",
    "a small group of Huguenots"), not a clause or apposition hanging off it."""
    cut = {t.i for c in noun.children if c.dep_ in _NOT_THE_NAME and not _name_part(noun, c) for t in c.subtree}
    return [t for t in noun.subtree if t.i not in cut and t.pos_ in ("NOUN", "PROPN", "ADJ")]


def _name_part(noun: Token, child: Token) -> bool:
    """"Mayor Hollis" parsed as a noun and its apposition: one name, not a clause."""
    return child.dep_ == "appos" and child.pos_ == "PROPN" and abs(child.i - noun.i) == 1


def _terms(tokens: list[Token]) -> set[str]:
    return {norm(t.text) for t in tokens}


def _spoken(tokens: list[Token]) -> str:
    return " ".join(t.text for t in tokens)


def _one(name: set[str], other: set[str]) -> bool:
    """Two names of one doer: one holds the other ("forces" / "government forces")."""
    return name <= other or other <= name


def _asked(question: str, said: set[str] | None, doers_only: bool = False) -> list[tuple[Token, list[Token]]]:
    """The question's predicate verbs whose doer is a noun that `said` (a sentence's terms)
    holds (any noun, when `said` is None), each with the words of that doer's name. With
    `doers_only`, a passive's subject is no doer: it is what the deed was done to, as the
    checks of the deed's own time or place may treat it."""
    from rag.nlp import parse_question

    predicates = set(question_predicates(question))
    return [(t, name) for t in parse_question(question)
            if t.pos_ == "VERB" and norm(t.text) in predicates and not (doers_only and _passive(t))
            and (d := _doer(t)) is not None
            and (name := _name(d)) and (said is None or _terms(name) <= said)]


def _passive(verb: Token) -> bool:
    """Whether a verb is passive by its auxiliary, whatever the parser calls its subject: "How
    *are* the Presiding Officer and deputies *elected*?" asks who elects them, not whom they
    elect ("are" with a participle, which the parser may tag as a past tense). One with a "by"
    names its doer there. A verb whose usual sense is also said without an object keeps its
    subject: "Where were the Huguenots *settled*?" asks where they settled."""
    from rag.lexicon import intransitive

    return not any(c.dep_ == "agent" for c in verb.children) and any(
        c.dep_ == "auxpass" or c.dep_ == "aux" and c.lemma_ == "be" and verb.tag_ in ("VBN", "VBD") for c in verb.children
    ) and not intransitive(verb.lemma_.lower())


def doers(question: str, text: str) -> list[str]:
    """Who does what the question asks about in `text`: the named or described doer of each
    verb that states one of the question's predicates, in any form or another word for it
    (`may_say`: "Iran-linked groups, who had *backed* …" → "Iran linked groups" for "Who
    supported …?"). Pronouns are left out: they do not say who."""
    from rag.nlp import parse, parse_question

    predicates = question_predicates(question)
    verbs = [t for t in parse_question(question) if t.pos_ == "VERB" and norm(t.text) in predicates]
    found = []
    for t in parse(text):
        if (t.pos_ in ("VERB", "AUX") and any(same_stem(p, norm(t.text)) for p in predicates)
                or t.pos_ == "VERB" and any(may_say(v, t) for v in verbs)):
            if (doer := _doer(t)) is not None:
                found.append(_spoken(_name(doer)))
    return found


_AUXILIARIES = {"did", "does", "do", "has", "have", "had", "will", "would", "can", "could", "should", "might", "must"}


def _asks_whom(question: Doc) -> bool:
    """"Whom did the commander call on?", "Who did X accuse?": the question word and then an
    auxiliary, so the question asks for the verb's object, not its doer. Word order, because
    the small parser often gives such a question's words the wrong roles."""
    asked = [t for t in question if not t.is_punct]
    return len(asked) >= 3 and asked[0].lower_ in ("who", "whom") and asked[1].lower_ in _AUXILIARIES


def receivers(question: str, text: str) -> list[str]:
    """For "Who(m) did X V (on)?", the question's object: whoever `text` says was V-ed ("…
    calling on *the city's residents* to cooperate" for "Whom did the commander call on?"), by
    the verb's direct object or the object of the question's own preposition after the verb
    (`_asks_whom`). Other questions ask for no object: none."""
    from rag.nlp import parse, parse_question

    doc = parse_question(question)
    if not _asks_whom(doc):
        return []
    # The question's words by lemma, each with the preposition right after it ("call *on*"): the
    # parser tags the verb of a wh-object question wrongly often enough ("accuse" as a noun).
    particles: dict[str, set[str]] = {}
    for t in doc[2:]:
        after = doc[t.i + 1] if t.i + 1 < len(doc) else None
        particles.setdefault(t.lemma_.lower(), set()).update([after.lower_] if after is not None and after.pos_ == "ADP" else [])
    found = []
    for t in parse(text):
        if t.pos_ != "VERB" or t.lemma_.lower() not in particles:
            continue
        for c in t.children:
            if c.dep_ in ("dobj", "dative"):
                objects = [c]
            elif c.dep_ == "prep" and c.lower_ in particles[t.lemma_.lower()]:
                objects = [o for o in c.children if o.dep_ == "pobj"]
            elif c.dep_ in ("ccomp", "xcomp"):  # "helping *Assad* retake …"
                objects = [o for o in c.children if o.dep_ == "nsubj"]
            else:
                objects = []
            found += [_spoken(_name(o)) for o in objects if o.pos_ in ("NOUN", "PROPN")
                      and o.ent_type_ not in ("DATE", "TIME")]
    return found


def deed_unmentioned(question: str, text: str) -> str | None:
    """For "Who V-ed O?" (or "Whom did X V …?", "When did X V O?", "Where did X V O?", "What is
    the name of the one who V-ed O?"), why `text` cannot say who, when or where: it holds
    neither the verb (any form, or another word for it: `may_say`) nor what else the question
    ties to it (O's head noun, a noun of the clause it governs, the object of its preposition;
    never the doer the question gives, nor the time it asks for).
    "Hezbollah was the main force …, said Rami Abdurrahman" names someone, but not who
    *negotiated* the *ceasefire*; "Colonel Ignatiuk claimed on Thursday that these strikes
    have eliminated …" gives a time, but not of *controlling* the *airport*. None when the
    sentence speaks of either, or the question has no such verb. "Which N did X V?" is asked
    this too; when V has no thing but N, the sentence must state V itself ("Which city did the
    army *enter*?" is not answered by "claimed to have seized territory in Aleppo")."""
    from rag.nlp import parse, parse_question

    doc = parse_question(question)
    asked = [t for t in doc if not t.is_punct]
    kind = answer_kind(question)
    # "(To) *which city* did the army enter?": the answer is a city that the sentence says was entered
    # read as asked: `parse_question` may have put it in statement order and misread it there ("the
    # fleet blockaded *which harbour* during …", "harbour" taken for a verb)
    as_asked = [t for t in parse(question) if not t.is_punct]
    opening = as_asked[1:] if as_asked and as_asked[0].tag_ in ("IN", "TO") else as_asked
    # "What city …?" is asked as "which city", whether the tagger calls that "what" a determiner or a pronoun
    which = (kind is None and len(opening) > 1 and opening[1].pos_ in ("ADJ", "NOUN", "PROPN")
             and (opening[0].tag_ == "WDT" or opening[0].tag_ == "WP" and opening[0].dep_ == "det"))
    # "What did X V during O?": what was V-ed, so the sentence must speak of V or of O too
    what = asked[0].lower_ == "what" and asked[0].dep_ == "dobj" and asked[0].head.pos_ == "VERB"
    wh = _question_word(question)
    if len(asked) < 2 or (wh not in ("who", "whom", "where") and kind not in ("when", "name", "amount")
                          and not which and not what):
        return None
    if kind == "name":
        # "What is the name of the commander *who issued* a recorded message?": what the named one did
        verbs = stated = [t for t in doc if t.pos_ == "VERB" and t.dep_ in ("relcl", "acl")]
    else:
        predicates = set(question_predicates(question))
        # a light main verb ("take prisoner") ties the question's things together but says little itself
        verbs = [t for t in doc if t.pos_ == "VERB" and (norm(t.text) in predicates or t.dep_ == "ROOT")]
        stated = [v for v in verbs if norm(v.text) in predicates]
    # "What concept did X *use*?": a light verb is the deed of a "which N" question all the same,
    # said in any form or by another verb, or the sentence names N
    light = [v for v in verbs if v.dep_ == "ROOT" and v.lemma_.lower() in _LIGHT_DEEDS] if which and not stated else []
    # "How many *casualties* did …?": the counted noun is what is asked for, said in other words
    # as often as not ("killed or injured"), and the figure's own check holds it
    things = list({o.i: o for v in verbs for o in _things(v) if o.lower_ not in ("who", "whom") and not _asked_for(o)
                   and not (which and o.ent_type_ in ("DATE", "TIME"))
                   and not (kind == "amount" and any(c.lower_ in ("many", "much") for c in o.children))}.values())
    # "When did the Norman conquest *take place*?": a verb that says only that something happened
    # is told by its subject ("the Norman *conquest* of England … in 1066")
    occurring = [v for v in verbs if _says_it_happened(v)]
    if occurring:
        subjects = [c for v in occurring for c in v.children
                    if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")]
        things = [t for t in things if t.lemma_.lower() != "place"] + subjects
    # an N that names a facet of a whole asks about the whole: "What aspect *of Western medicine* …?"
    # has a thing besides N ("What threshold *of the electorate*" asks for the threshold)
    asked_for = list(itertools.takewhile(lambda t: t.pos_ in ("ADJ", "NOUN", "PROPN", "PART"), opening[1:]))
    things += [o for n in asked_for[-1:] if n.lemma_.lower() in _FACETS for p in n.children
               if p.dep_ == "prep" and p.lower_ == "of"
               for o in p.children if o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN")] if which else []
    # "Which N …?" with a thing besides N is answered by a sentence that holds the thing, V said in
    # other words or not: "Which dynasties' histories were documented during his reign?" by "finish
    # the histories"; one that holds neither V nor the thing ("proclaimed Ariq Böke Great Khan" for
    # "What city did Ariq Böke adopt *as his capital*?") is left to the check below
    if which and things:
        # the words of "which N" count as things here: "Which dynasties' *histories* …?"
        # a time frame ("*during the Franco-Dutch War*") says when, not what the deed was done to: held
        # alone, it leaves the deed to be stated
        held = [t for t in things if t.head.lower_ not in _FRAMES]
        if _holds_thing([*held, *(t for t in asked_for if t.pos_ == "NOUN")], parse(text)):
            return None
    # "When was the Shoushi Li *abolished*?", "Where did Toghun Temür *die*?": a deed with no thing but
    # its subject is its time's or place's only tie
    bare_when = kind == "when" and not things and bool(stated)
    bare_where = wh == "where" and not things and bool(stated)
    # "Who was Tymnet *named* after?": the same, for the one it was done by, to or after
    bare_who = wh in ("who", "whom") and not things and bool(stated)
    if light and not things and not any(c.dep_ == "neg" for v in light for c in v.children):
        sentence = parse(text)
        noun = opening[1].lemma_.lower()
        if _speaks_of(light, sentence, usual=True) or any(t.lemma_.lower() == noun for t in sentence):
            return None
        return f"the sentence speaks neither of {light[0].text!r} nor of {opening[1].text!r}"
    if not verbs or not (things or which and stated or bare_when or bare_where or bare_who) or any(
            c.dep_ == "neg" for v in verbs for c in v.children):
        return None  # a deed denied is told by another ("has *not held*" / "were *ousted*")
    sentence = parse(text)
    if bare_where and (_own_clause(stated, sentence) or _stretch_end(stated, sentence)):
        return None  # where a thing leads is told by its own clause: `thing_unplaced` judges it
    bare = bare_when or bare_where or bare_who
    if bare and (_states_deed(stated, sentence) or bare_when and _dated_subject(stated, sentence)):
        return None  # in any sense ("began" / "was established"), or by its noun ("the *abolition* of the toll")
    if _holds_thing(things, sentence):
        return None  # "partner" / "partnership"
    named = _named_by_adjectives(text)
    if any(t.pos_ == "PROPN" and fold(t.text) in named for t in things):
        return None  # a place by its adjective: "*Irish* culture" speaks of Ireland
    # With none of the deed's things in the sentence, only the verbs' usual senses say the deed:
    # "*leaving* hundreds dead" does not say who *lost* Aleppo, though "leave" and "lose" share a
    # rare sense, nor "*killing* four people" where a helicopter was *shot down*. A light verb
    # says it only with its thing: who "*provided* the *financing*" is not told by "modified to
    # provide a host interface"
    if _speaks_of(stated, sentence, usual=True) and not (things and all(v.lemma_.lower() in _SUPPORT_VERBS
                                                                        for v in stated)):
        return None
    deeds = " or ".join(repr(v.text) for v in verbs)
    if not things:
        return f"the sentence does not speak of {deeds}"
    return f"the sentence speaks neither of {deeds} nor of {' or '.join(repr(t.text) for t in things)}"


# Nouns that name a facet, part or kind of what their "of" gives: the question is about that whole.
_FACETS = {"aspect", "part", "feature", "element", "side", "kind", "type", "sort", "form", "portion", "piece", "section"}
# Prepositions whose object frames the deed in time: what it was done during is not what was done.
_FRAMES = {"during", "before", "after", "since", "until", "throughout"}


def _states_deed(verbs: list[Token], sentence: Doc) -> bool:
    """Whether a sentence states one of the verbs in any sense (`_speaks_of`) or by a noun that
    does its work ("the *abolition* of the toll" for "abolish", "the *conquest*" for "conquer")."""
    return _speaks_of(verbs, sentence) or any(t.pos_ == "NOUN" and does_the_work_of(t.lemma_.lower(), v.lemma_.lower())
                                              for v in verbs for t in sentence)


def _holds_thing(things: list[Token], sentence: Doc) -> bool:
    """Whether a sentence holds one of the question's things in some form ("partner" / "partnership")."""
    terms, lemmas = term_set(sentence.text), {t.lemma_.lower() for t in sentence}
    return any(t.lemma_.lower() in lemmas or any(same_stem(norm(t.text), w) for w in terms) for t in things)


def _says_it_happened(verb: Token) -> bool:
    """Whether a verb says only that its subject happened: "happen", "occur", "take place"."""
    lemma = verb.lemma_.lower()
    return lemma in ("happen", "occur") or lemma == "take" and any(
        c.dep_ == "dobj" and c.lemma_.lower() == "place" and not any(g.dep_ == "det" for g in c.children)
        for c in verb.children)


# Light verbs that still say which deed a "which N" question asks about ("What weapon did they
# *use*?"); "be", "have", "do", "include" and "become" say no deed at all.
_LIGHT_DEEDS = {"make", "get", "take", "give", "go", "come", "use"}
# Verbs whose thing says the deed ("*give* orders", "*provide* financing", "*take* control")
_SUPPORT_VERBS = {"make", "get", "take", "give", "provide", "have", "do"}


def _dated_subject(verbs: list[Token], sentence: Doc) -> bool:
    """Whether the sentence dates the subject of one of the question's verbs itself: "the *2011
    protests*" tells when the protests started, "Wei Yilin (*1277–1347*)" when he was born and
    died, "the Jin dynasty (*1115–1234*)" when it began, with no verb of starting or dying."""
    subjects = [c for v in verbs for c in v.children
                if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")]
    return any(norm(t.text) == norm(s.text) and any(
        c.ent_type_ == "DATE" or c.dep_ == "appos" and any(ch.isdigit() for ch in c.text) for c in t.children)
        for s in subjects for t in sentence)


# Verbs too general to be the deed asked about: "What did X *do*?", "What does it *include*?"
_GENERAL_VERBS = LIGHT_VERBS | {"happen", "mean", "see", "want", "need"}


# Verbs that give a name: any of them, or a name given in apposition, tells what a thing is called.
_NAMING = {"call", "name", "know", "term", "title", "dub", "label", "style", "nickname"}
# "How did X *feel* about …?": a stance is told by any statement of it, whatever its verb.
_STANCE_VERBS = {"feel", "think", "view", "regard", "consider", "react", "perceive", "believe"}
# "How long did the siege *last*?": a span is told by its figures, whatever the verb.
_SPAN_VERBS = {"last", "take", "stay", "remain", "continue", "run", "endure"}
_HOW_DONE = re.compile(r"\s*how (long|(did|does|do|was|were|is|are|can|could|would|has|have|had))\b", re.I)


def how_deed_unsaid(question: str, text: str) -> str | None:
    """For "How did X V?" and "How long … did X V?", why `text` cannot say how: it states V in
    no sense and names no deed that does V's work ("the *conquest*" for "conquer"). The things
    the question ties to V are no help here: "Concepts of this network influenced later ARPANET
    architecture" holds ARPANET and says nothing of how users *connected* to it. None when the
    question asks no such "how", or its verb says only a stance or a span."""
    from rag.nlp import parse, parse_question

    if not _HOW_DONE.match(question):
        return None
    predicates = set(question_predicates(question))
    verbs = [t for t in parse_question(question) if t.pos_ == "VERB" and norm(t.text) in predicates
             and t.lemma_.lower() not in _GENERAL_VERBS | _STANCE_VERBS | _SPAN_VERBS]
    if not verbs or _states_deed(verbs, parse(text)):
        return None
    return f"the sentence does not speak of {' or '.join(repr(v.text) for v in verbs)}"


def _when_only(thing: Token) -> bool:
    """Whether a noun the question ties to its verb says only when ("form *by 1000 CE*", "during
    the war"): a time frame, not a thing the deed is done to or with."""
    from rag.evidence import TIME_WORDS

    return (thing.ent_type_ in ("DATE", "TIME") or thing.head.lower_ in _FRAMES
            or bool(TIME_WORDS.search(" ".join(t.text for t in thing.subtree))))


def what_deed_unsaid(question: str, text: str) -> str | None:
    """For "What did X V?" whose V has no thing but the one asked for ("What did the Observatory
    say the insurgents are *violating*?"), why `text` cannot say what: it states V in no form
    and by no verb that can say it in its usual senses, and holds no word of it. A sentence
    where the Observatory says the insurgents *blew up* car bombs shares every other word of
    the question. A V with a thing of its own ("What did they *destroy* at the airbase?") is
    left alone: a sentence that holds the thing may say the deed in other words. So is a verb
    too general to be the deed, one WordNet does not know, and one the question denies."""
    from rag.nlp import parse, parse_question

    asked, doc = parse(question), parse_question(question)
    # "What *did* X V?": "What natives were displaced …?" asks for a kind, whatever the parser makes of it
    # "What *was* Fort Edward later renamed?"; a name itself ("What was X *called*?") is told by any
    # naming ("was known as", "named"), which WordNet does not give as the verb's senses
    passive = len(asked) > 1 and asked[1].dep_ == "auxpass" and not any(t.lemma_.lower() in _NAMING for t in asked)
    if len(asked) < 4 or asked[0].lower_ != "what" or (asked[1].lower_ not in _AUXILIARIES and not passive):
        return None
    if doc is asked:
        what = doc[0]
        # "What was Fort Edward later *renamed*?": what a passive verb made it, as well as its object
        verb = what.head.head if what.head.dep_ in ("aux", "auxpass") else what.head
        if what.dep_ not in ("dobj", "oprd", "attr") or verb.pos_ != "VERB":
            return None
    else:
        # read in statement order, its verb having been taken for a noun: "the Syrian army posted
        # *what* online?" (what comes after the main verb, whatever the parser hangs it on)
        verb = next(t for t in doc if t.dep_ == "ROOT")
        what = next((t for t in doc[verb.i + 1:] if t.lower_ == "what" and t.dep_ != "det"), None)
        if what is None:
            return None
    if verb.pos_ == "VERB" and verb.lemma_.lower() in SPEECH_VERBS:
        # "What did X *say* the insurgents are violating?": what is asked is the object of the clause
        clauses = [c for c in verb.children if c.dep_ == "ccomp" and c.pos_ == "VERB"]
        if len(clauses) != 1 or any(c.dep_ in ("dobj", "attr", "oprd", "ccomp", "xcomp") for c in clauses[0].children):
            return None
        verb = clauses[0]
    # the last verb: in "What did DECnet phase 2 become" the parser may take a noun for it
    if (verb.pos_ != "VERB" or any(t.pos_ in ("VERB", "AUX") for t in doc[verb.i + 1:])
            or verb.lemma_.lower() in _GENERAL_VERBS | SPEECH_VERBS or not judged(verb)
            or [t for t in _things(verb) if t.i != what.i and not _when_only(t)]
            or any(c.dep_ == "neg" for c in verb.children)):
        return None
    sentence = parse(text)
    if _speaks_of([verb], sentence, usual=True) or any(_holds_word(verb.lemma_.lower(), t.lemma_.lower())
                                                       for t in sentence):
        return None
    return f"the sentence does not speak of {verb.text!r}"


_QUOTES = {'"', "\u201c", "\u201d"}


@dataclass(frozen=True)
class OppositeDeed(Detail):
    """The question's verb `asked` (lemma `noun`) where a sentence says only its opposite, `said`;
    `question` is kept, whose parse gives the verb back for `held_by`."""

    question: str = ""

    @property
    def thing(self) -> str:
        return repr(self.asked)

    @property
    def reason(self) -> str:
        return f"the sentence says {self.said!r}, the opposite of {self.asked!r}"

    def held_by(self, text: str) -> bool:
        """Whether `text` states the question's verb, in any sense or by its noun."""
        from rag.nlp import parse, parse_question

        return _speaks_of([v for v in parse_question(self.question) if v.text == self.asked], parse(text))


def opposite_deed(question: str, text: str) -> OppositeDeed | None:
    """The opposite of the question's deed, where `text` states the deed only so, or None
    ("What did the king *allow* in 1291?" / "in 1291 the king *forbade* …"; "Japan's *exported*
    oil" / "its *imported* oil"): it holds no verb that can say the question's verb in any
    sense, and one WordNet gives as its antonym. "*Stop* teaching" / "*started* teaching …,
    where he *finished* writing" is let pass: "finish" can say "stop". Verbs of saying are
    left alone, and so are questions that ask who: "Who *lost* the fort?" is answered by
    "the British *won* the fort from the French", the loser named as the other side."""
    from rag.lexicon import opposite_deeds
    from rag.nlp import parse, parse_question

    if answer_kind(question) == "who":
        return None
    sentence = parse(text)
    said = [t for t in sentence if t.pos_ == "VERB"]
    for v in parse_question(question):
        if (v.pos_ != "VERB" or v.lemma_.lower() in _GENERAL_VERBS | SPEECH_VERBS or not judged(v)
                or _speaks_of([v], sentence)):
            continue
        for t in said:
            if any(opposite_deeds(a, b) for a in _forms(v) for b in _forms(t)):
                return OppositeDeed(v.text, v.lemma_.lower(), t.text, question)
    return None


def _negated(verb: Token) -> bool:
    """Whether a verb is said not to happen ("was *not* named after", "*never* reached"); "did
    not open *until* 1990" and "*not only* built" say that it did."""
    return (any(c.dep_ == "neg" and c.nbor(1).lower_ != "only" for c in verb.children if c.i + 1 < len(c.doc))
            and not any(c.dep_ == "prep" and c.lower_ in ("until", "till") for c in verb.children))


def denied_deed(question: str, text: str) -> str | None:
    """Why `text` does not answer a question that takes its deed as done when the sentence
    states that deed only as not done ("Who was Tymnet named after?" / "Tymnet was *not* named
    after Mr. Tyme"), or None. A question that asks about a denial is left alone."""
    from rag.nlp import parse, parse_question

    asked = parse_question(question)
    if any(t.dep_ == "neg" for t in asked):
        return None
    sentence = parse(text)
    # the deed asked about, not one of a clause that describes ("individuals wishing to *sit*"); a
    # question's own verb may be parsed as describing its subject ("Who was the ferry *named* after?")
    for v in asked:
        if v.pos_ != "VERB" or v.lemma_.lower() in _GENERAL_VERBS or v.dep_ in ("relcl", "amod") or any(
                t.dep_ in ("acl", "relcl", "amod") for t in v.ancestors):
            continue
        said = [t for t in sentence if t.pos_ == "VERB" and _same_verb(v, t)]
        if said and all(_negated(t) for t in said):
            return f"the sentence says {said[0].text!r} did not happen"
    return None


# Prepositions of a move's two ends: where from, where to.
_ENDS = {"from": "from", "to": "to", "into": "to", "towards": "to", "toward": "to"}


def _end_of(name: Token) -> tuple[str, Token] | None:
    """Which end of a move a name is and the verb it hangs from: "migrated from England *to the
    colony of Virginia*" gives Virginia as ("to", migrated)."""
    t = name
    while t.head.i != t.i:
        if t.dep_ == "pobj" and t.head.lower_ in _ENDS and t.head.head.pos_ == "VERB":
            return _ENDS[t.head.lower_], t.head.head
        if t.dep_ not in ("pobj", "prep", "compound", "appos", "conj") or (t.dep_ == "prep" and t.lower_ != "of"):
            return None
        t = t.head
    return None


def swapped_ends(question: str, text: str) -> str | None:
    """Why `text` does not answer a question about a move whose two ends it gives the other way
    round: "When did the Huguenots migrate *from Virginia to England*?" is not answered by
    "they migrated *from England to the colony of Virginia*", the same words in the same
    sentence. A name the sentence gives at the other end of a verb that can say the
    question's verb is enough."""
    from rag.nlp import parse, parse_question

    sentence = parse(text)
    for t in parse_question(question):
        if t.pos_ != "PROPN" or (asked := _end_of(t)) is None:
            continue
        end, verb = asked
        for s in sentence:
            said = _end_of(s) if norm(s.text) == norm(t.text) else None
            if said is not None and said[0] != end and may_say(verb, said[1]):
                return f"the sentence gives {t.text!r} as where the move went {said[0]}, not {end}"
    return None


# How a clause joins the one above it without being what that clause's subject says or does:
# "X described HTS as an asset, *while* Y insisted …" (advcl), "X fled and Y stayed" (conj).
_SIDE_CLAUSES = {"advcl", "conj", "parataxis"}


def _clause_owner(word: Token) -> Token | None:
    """The nearest verb above `word` with a subject of its own that does not hold `word`: whose
    clause `word` is in ("his *organization* does not represent a threat" is in the clause of
    "the leader … insisted")."""
    t = word
    while t.head.i != t.i:
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            subject = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and word not in subject.subtree:
                return t
    return None


def _within(verb: Token, owner: Token) -> bool:
    """Whether `owner`'s clause is part of what `verb` says or does: `verb` is above it through
    complements and objects, not through a side clause ("X said that *Y attacked* …" is X's
    word; "X described …, while *Y insisted* …" is not)."""
    t = owner
    while t.head.i != t.i and t.i != verb.i:
        if t.dep_ in _SIDE_CLAUSES:
            return False
        t = t.head
    return t.i == verb.i


def crossed_clause(question: str, text: str) -> str | None:
    """Why `text` does not answer a question that ties its doer to a thing the sentence gives in
    another doer's clause: "What did *James Jeffrey* insist about *al-Jolani's organization*?"
    against "James Jeffrey described HTS as an asset, while the group's leader … insisted that
    *his organization* does not represent a threat". The question's doer is the subject of one
    clause of the sentence, and every mention of the thing sits in another clause whose named
    subject is someone else, not inside the first (a side clause: "while", "and"). A thing
    the doer's own clause holds, or that a pronoun's clause holds ("he said …"), is left alone."""
    from rag.nlp import parse, parse_question

    doc = parse_question(question)
    sentence = parse(text)
    for verb in doc:
        if verb.pos_ != "VERB" or (doer := _doer(verb)) is None:
            continue
        name = _terms(_name(doer))
        things = [t for t in _things(verb) if t.i != doer.i and not _asked_for(t) and norm(t.text) not in name]
        # the clauses whose subject names the doer: "the group's leader, … named *al-Jolani*"
        own = [t for t in sentence if t.pos_ in ("VERB", "AUX") and any(
            c.dep_ in ("nsubj", "nsubjpass") and name <= _terms(list(c.subtree)) for c in t.children)]
        if not name or not things or not own:
            continue
        for thing in things:
            said = [t for t in sentence if norm(t.text) == norm(thing.text)]
            owners = [_clause_owner(t) for t in said]
            if not said or any(o is None or any(_within(v, o) for v in own) for o in owners):
                continue
            others = [next(c for c in o.children if c.dep_ in ("nsubj", "nsubjpass")) for o in owners]
            if all(s.pos_ in ("NOUN", "PROPN") and not name & _terms(list(s.subtree)) for s in others):
                return (f"the sentence gives {thing.text!r} in what {_spoken(_name(others[0]))!r} "
                        f"{owners[0].text}, not in what {_spoken(_name(doer))!r} did")
    return None


def saying_untold(question: str, text: str) -> str | None:
    """For "Who said (that) S?", why `text` cannot say who: it tells of no saying at all, by
    no verb that can tell one (rag.lexicon.communicates: "argued", "wrote", "added"), no noun
    of one ("a statement", "the claim"), no "according to" and no quotation. "Russia and Iran
    … had helped government forces reclaim control" holds the question's names and words,
    but nobody says anything in it."""
    from rag.nlp import parse, parse_question

    doc = parse_question(question)
    if answer_kind(question) != "who" or not any(
            t.pos_ == "VERB" and t.lemma_.lower() in SPEECH_VERBS and any(c.dep_ == "ccomp" for c in t.children)
            and any(c.lower_ in ("who", "whom") for c in t.children) for t in doc):
        return None
    sentence = parse(text)
    for t in sentence:
        lemma = t.lemma_.lower()
        if t.text in _QUOTES or (lemma == "accord" and t.i + 1 < len(sentence) and t.nbor(1).lower_ == "to"):
            return None
        # "have" and "make" can tell of a saying too ("make a statement"), and say nothing by themselves
        if lemma in SPEECH_VERBS or lemma == "statement" or (t.pos_ == "VERB" and lemma not in _GENERAL_VERBS and any(
                communicates(f) for f in _forms(t))):
            return None
    return "the sentence tells of nobody saying anything"


def other_object(question: str, text: str) -> str | None:
    """For "Who V-ed O?", why `text` does not say who: its V with a named doer is done to
    something else, while O is in the sentence without a doer ("A ceasefire was announced
    Wednesday, the day the factions announced *their offensive*" for "Who announced the
    ceasefire?"). When the sentence lacks O, only an object WordNet tells apart from O in every
    sense, and O's names, are missing counts as another ("violating a 2019 *agreement*" for "Who
    violated the *ceasefire* between Israel and Hezbollah?"), so an object named another way is
    never taken for another; None when some V of the sentence is done to O."""
    from rag.nlp import parse, parse_question

    doc = parse_question(question)
    if not doc or doc[0].lower_ not in ("who", "whom") or _asks_whom(doc):
        return None
    predicates = set(question_predicates(question))
    said = term_set(text)
    pairs = [(v, o) for v in doc if v.pos_ == "VERB" and norm(v.text) in predicates
             for o in v.children if o.dep_ == "dobj" and o.pos_ in ("NOUN", "PROPN")]
    sentence = parse(text)
    lemmas = {t.lemma_.lower() for t in sentence}
    for verb, thing in pairs:
        done = [t for t in sentence if t.pos_ == "VERB" and t.lemma_ == verb.lemma_]
        if norm(thing.text) not in said:
            if other := _other_kind_of_thing(done, thing, lemmas):
                return f"the sentence's {verb.lemma_!r} is done to {other.text!r}, another kind of thing than {thing.text!r}"
            continue
        objects = [o for t in done for o in t.children if o.dep_ in ("dobj", "nsubjpass")]
        # "when Toghtogha led an army …, Toghun Temür dismissed *him*": a pronoun after the thing's name stands for it
        named_before = [o for o in objects if o.tag_ == "PRP" and any(norm(w.text) == norm(thing.text)
                                                                      for w in sentence[:o.i])]
        # the object by its name in apposition: "succeeded Ögedei's *son, Güyük*,"
        if named_before or any(norm(thing.text) in {norm(n.text) for n in (o, *_appositions(o))}
                               and (o.dep_ == "dobj" or _doer(o.head) is not None) for o in objects):
            continue
        other = next((o for t in done if _doer(t) is not None for o in t.children if o.dep_ == "dobj"), None)
        if other is not None:
            return f"the sentence's {verb.lemma_!r} is done to {other.text!r}, not to {thing.text!r}"
    return None


def other_named_object(question: str, text: str) -> str | None:
    """For "What did X V N (of)?", "Where did X V N?" or "Who V-ed N?" with N a name, why `text` does not answer:
    it names N nowhere (nor a word of it: "the West" / "Western countries"), and its V (in any
    form) is done by someone to something else.
    "Damascus has also accused *Western countries* of aiding terrorist groups" does not say
    what Damascus accused *Russia* of. A sentence without the question's V is left to the other
    checks: it may say the deed in other words of N named another way."""
    from rag.nlp import parse, parse_question

    doc = parse_question(question)
    # "Who V-ed N?" asks for the doer; "Whom did X V?" for the thing, which is no name the question gives
    if not doc or doc[0].lower_ not in ("who", "what", "where") or (doc[0].lower_ == "who" and doc[0].dep_ != "nsubj") \
            or _asks_whom(doc):
        return None
    sentence = parse(text)
    for verb in doc:
        if verb.pos_ != "VERB":
            continue
        for thing in verb.children:
            if thing.dep_ != "dobj" or thing.pos_ != "PROPN":
                continue
            done = [(t, o) for t in sentence if t.pos_ == "VERB" and _same_verb(verb, t) and _doer(t) is not None
                    for o in t.children if o.dep_ == "dobj" and o.pos_ in ("NOUN", "PROPN")]
            if named_in(doc[thing.left_edge.i:thing.i + 1], sentence) or any(
                    same_name(thing.text, t.text) for t in sentence if t.text[:1].isupper()):
                # named, but not among what the verb is done to or with: "When *Johnson* was seen as the
                # larger threat, Vaudreuil sent *Dieskau* to …" does not say where Johnson was sent
                # (an acronym may be the name's own: "HTS" for "Hayat Tahrir al-Sham")
                done = [(t, o) for t, o in done if o.pos_ == "PROPN" and not o.text.isupper() and not any(
                    fold(w.text) == fold(thing.text) for c in t.children
                    if c.dep_ in ("dobj", "dative", "prep", "attr", "oprd", "nsubjpass") for w in c.subtree)]
            if done:
                return f"the sentence's {verb.lemma_!r} is done to {done[0][1].text!r}, not to {thing.text!r}"
    return None


def _other_kind_of_thing(done: list[Token], thing: Token, lemmas: set[str]) -> Token | None:
    """The object of one of the question's verbs in a sentence that lacks the question's
    object and the names that say which one it is, when WordNet tells the two nouns apart in
    every sense ("violating *a 2019 agreement*" for "Who violated *the ceasefire between Israel
    and Hezbollah*?"); None when either noun is unknown or a name, when one can be a kind of
    the other ("the pact" / "the agreement"), or when the sentence holds a name of the
    question's thing ("the same methodology *as developed by Baran*" for "the same technology
    as Baran")."""
    # the thing's names, and those of a phrase right after it that the parser may hang on the verb
    after = [p for p in thing.head.children if p.dep_ == "prep" and p.i == thing.right_edge.i + 1]
    names = {t.lemma_.lower() for t in [*thing.subtree, *(w for p in after for w in p.subtree)] if t.pos_ == "PROPN"}
    if thing.pos_ != "NOUN" or not names or names & lemmas or thing.lemma_.lower() in lemmas or not known_noun(thing.lemma_):
        return None
    return next((o for t in done if _doer(t) is not None for o in t.children
                 if o.dep_ == "dobj" and o.pos_ == "NOUN" and other_kinds(thing.lemma_, o.lemma_)), None)


def other_verb(question: str, text: str) -> str | None:
    """For "Who V-ed O?" (or "Where did X V O?"), why `text` does not say who (or where): no
    verb of it can state V (rag.lexicon), and each place it holds O, O is tied to a verb
    WordNet tells apart from V ("the drones were *used*" for "Where did jets shoot down a
    drone?"). "Syria's Armed Forces said the insurgents are *violating* a 2019 agreement" names
    who violates, not who *brokered* it; "jets have *carried out* airstrikes" is not who "was
    killed in the airstrikes". None when the sentence holds a word of V's stem ("negotiations") or one that
    holds V ("airstrikes" for "struck"), when O is somewhere not tied to a verb (unless a
    copular clause only describes it: `_only_described`), when a verb is one WordNet does not
    know, or when the question asks who said something."""
    from rag.nlp import parse, parse_question

    doc = parse_question(question)
    if not doc or doc[0].lower_ not in ("who", "whom") and _question_word(question) != "where":
        return None
    predicates = set(question_predicates(question))
    verbs = [t for t in doc if t.pos_ == "VERB" and norm(t.text) in predicates]
    saying = [v for v in verbs if v.lemma_.lower() in SPEECH_VERBS]
    if not _asks_whom(doc) and any(c.dep_ in ("ccomp", "xcomp") for v in saying for c in v.children):
        return None  # "Who claimed that …?": a saying is told in too many ways ("reported", "according to")
    # "Who did the station *say* was killed …?": the saying frames the deed asked about
    verbs = [v for v in verbs if v not in saying] or verbs
    if not verbs or not all(judged(v) for v in verbs):
        return None
    things = [o for v in verbs for o in _things(v) if o.lower_ not in ("who", "whom")]
    sentence = parse(text)
    held = [t for t in sentence if t.pos_ in ("NOUN", "PROPN") and any(t.lemma_.lower() == o.lemma_.lower() for o in things)]
    tied = [tied_verb(t) for t in held]
    # Another word for V counts where O hangs from it or it describes O ("the lease, *brokered* by
    # …"): "Syria's Armed Forces *said* the insurgents are *violating* a 2019 agreement" says who
    # spoke, not who *announced* the agreement
    describing = {t.head.i for t in sentence if t.pos_ == "VERB" and t.dep_ in ("acl", "relcl")
                  and any(_may_state(v, t) for v in verbs)}
    elsewhere = bool(held) and not any(t.i in describing for t in held) and all(
        g is not None and judged(g) and not any(_may_state(v, g) for v in verbs) for g in tied)
    if _says_word_of(verbs, sentence) or (_speaks_of(verbs, sentence) and not elsewhere):
        return None
    if any(_holds_word(v.lemma_.lower(), t.lemma_.lower()) for v in verbs for t in sentence):
        return None  # "reestablished" for "established", "airstrikes" for "struck"
    if not held or any(not judged(g) if g is not None else not _in_description(t) for t, g in zip(held, tied)):
        return None
    if any(_deed_noun_of(t, verbs) for t in held):
        return None  # "the *seizure* of the Grand Mosque … by Wahhabi extremists"
    told = sorted({g.text if g is not None else t.head.text for t, g in zip(held, tied)})
    return (f"the sentence ties {held[0].text!r} to {' and '.join(repr(w) for w in told)}, not to "
            f"{' or '.join(repr(v.text) for v in verbs)}")


def _deed_noun_of(thing: Token, verbs: list[Token]) -> bool:
    """Whether `thing` is what a noun naming one of the verbs' deeds is done to: "the *seizure
    of* the Grand Mosque" names seizing it, whatever verb the sentence hangs that phrase on."""
    t = thing
    while t.dep_ in ("pobj", "prep", "compound") and t.head.i != t.i:
        t = t.head
        if t.pos_ == "NOUN" and any(does_the_work_of(t.lemma_.lower(), v.lemma_.lower()) for v in verbs):
            return True
    return False


def _in_description(noun: Token) -> bool:
    """Whether a noun is what a copular clause only describes (`_only_described`) or a word of
    that description ("The 2016 battle … was a turning point in the war between Syrian
    government *forces* and rebel fighters" tells nobody who led the forces)."""
    if _only_described(noun):
        return True
    t = noun
    while t.head.i != t.i and t.lemma_ != "be":
        t = t.head
    return t.lemma_ == "be" and any(c.dep_ == "nsubj" and _only_described(c) for c in t.children)


def _only_described(noun: Token) -> bool:
    """Whether a noun is the subject of a copular clause that says what it was and whose it is
    not: "The 2016 battle for Aleppo *was a turning point* in the war …" tells nobody who led
    it, while "Hamlet is a tragedy *by Shakespeare*", "the battle was *Wellington's* victory"
    or "a *British* victory" may."""
    if noun.dep_ != "nsubj" or noun.head.lemma_ != "be":
        return False
    attributes = [c for c in noun.head.children if c.dep_ in ("attr", "acomp")]
    return bool(attributes) and not any(
        c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "by")
        or (c.dep_ in ("amod", "compound") and (c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "ORG", "GPE", "PERSON")))
        for a in attributes for c in a.children)


def role_unmentioned(question: str, text: str) -> str | None:
    """For "Who is the R of X?" (or "What is the name of the R of X?"), why `text` cannot say
    who: it holds no R, in any form or another word for it (WordNet: "spokesman" for
    "spokesperson", "head" for "leader"), and no verb of R's work ("led" for "leader", unless X
    is who leads). A sentence that names someone but no spokesperson does not say who the
    spokesperson is, nor does "the Defense *Ministry* said …" name the minister. For "who", an
    adjective or a common noun before R that makes it another role ("the *deputy* head", "the
    *first* ruler") must be in the sentence too; one that says only that R is held now
    ("current") need not. "What was the name of France's *primary* colony?" is left to R alone:
    the sentence about New France need not call it primary. None when the question asks
    something else, when it has a verb of its own that the sentence states ("the head of state
    whose government HTS *opposed*"), or when WordNet does not know R."""
    from rag.nlp import parse, parse_question

    doc = parse_question(question)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if not doc or root is None or root.lemma_ not in ("be", "become"):
        return None
    if doc[0].lower_ == "who":
        role = next((c for c in root.children if c.dep_ in ("attr", "nsubj") and c.pos_ == "NOUN"), None)
    elif answer_kind(question) == "name":  # "What is the name of the R (of X)?"
        role = next((o for n in doc if n.lemma_.lower() == "name" for p in n.children if p.dep_ == "prep"
                     and p.lower_ == "of" for o in p.children if o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN")), None)
    else:
        return None
    if role is None or not known_noun(role.lemma_):
        return None
    # whose role it is ("the leader *of Hayat Tahrir al-Sham*")
    whose = {norm(w.text) for p in role.children if p.dep_ == "prep" and p.lower_ == "of"
             for o in p.children if o.dep_ == "pobj" for w in _name(o)}
    sentence = parse(text)
    if _speaks_of([t for t in doc if t.pos_ == "VERB" and t.i != root.i], sentence):
        return None
    # "the *deputy* head", "the *first* ruler": a qualifier of the role (an adjective, a common noun
    # before it) that the sentence does not hold makes its role another one ("Rami Abdurrahman, the
    # head of the Observatory")
    qualifiers = [c for c in role.children
                  if (c.dep_ == "amod" and c.pos_ == "ADJ" or c.dep_ == "compound" and c.pos_ == "NOUN")
                  and c.lemma_.lower() not in _NOW and c.ent_type_ not in _NATIONS] if doc[0].lower_ == "who" else []
    if qualifiers:
        held = term_set(text) | {t.lemma_.lower() for t in sentence}
        if missing := [q for q in qualifiers if norm(q.text) not in held and q.lemma_.lower() not in held]:
            return f"the sentence names no {' '.join(t.text for t in [*missing, role])!r}"
    for t in sentence:
        named = (t.pos_ == "NOUN" and (same_stem(norm(role.text), norm(t.text)) or same_kind(role.lemma_, t.lemma_))
                 or t.pos_ == "PROPN" and t.lemma_.lower() == role.lemma_.lower())  # "Speaker of their tribal council"
        if named and not _someone_elses(t, whose):
            return None
        if t.pos_ == "VERB" and does_the_work_of(role.lemma_, t.lemma_) and not _done_by(t, whose):
            return None
    return f"the sentence names no {role.text!r}"


# Qualifiers of a role that say only that it is held now, which a report of the present need not say
_NOW = {"current", "present", "incumbent", "sitting"}


def _someone_elses(role: Token, whose: set[str]) -> bool:
    """Whether a role word in a sentence is that of someone other than the question's owner: a
    name other than the question's ("a former *Al Qaeda* commander" is no commander of the
    Syrian Army), or a description ("*the group's* leader") in a sentence that names other
    organisations or places before it and nowhere the question's owner: a description stands
    for a name said before it. A role with no owner may be the one asked about."""
    if not whose:
        return False
    owners = [o for o in _owners(role) if o.pos_ == "PROPN" or o.pos_ == "NOUN" and o.dep_ != "compound"]
    if any(_terms(_name(o)) & whose for o in owners):
        return False
    if any(o.pos_ == "PROPN" for o in owners):
        return True
    sentence = role.doc
    named_before = any(e.label_ in ("ORG", "NORP", "GPE") and e.end <= role.i for e in sentence.ents)
    return bool(owners) and named_before and not (_terms(list(sentence)) & whose)


def _owners(role: Token) -> list[Token]:
    """Whose a role word is: "*Al Qaeda* commander", "*the group's* leader", "the head *of the Observatory*"."""
    return ([c for c in role.children if c.dep_ in ("compound", "poss")]
            + [o for p in role.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"])


def _done_by(verb: Token, name: set[str]) -> bool:
    """Whether a verb's doer is the one named: "factions, *led by Hayat Tahrir al-Sham*" says
    what the group leads, not who leads the group."""
    doer = _doer(verb)
    return doer is not None and bool(_terms(_name(doer)) & name)


def _holds_word(verb: str, word: str) -> bool:
    """Whether a word is the verb with a prefix or inside a compound: "reestablish" holds
    "establish", "airstrike" holds "strike"."""
    return len(verb) >= 4 and word != verb and (word.endswith(verb) or word.startswith(verb))


def _things(verb: Token) -> list[Token]:
    """The nouns a question ties to its verb: its object, the object of its preposition, and
    the subject and object of the clause it governs ("Who claimed that *fighters* had taken the
    *neighborhood*?"). A name the small parser hangs on a verb as an adverb ("ran *Datanet*
    1") is its object too, but not on "do", "be" or "have", which it takes for the main verb
    when it misreads the question ("did Jabhat al-Nusra first attack *Aleppo*")."""
    things = []
    for c in verb.children:
        if c.dep_ in ("dobj", "attr", "oprd") or (c.dep_ == "npadvmod" and c.pos_ == "PROPN"
                                                   and verb.lemma_ not in ("do", "be", "have")):
            things.append(c)
        elif c.dep_ == "prep":
            things += [o for o in c.children if o.dep_ == "pobj"]
        elif c.dep_ in ("ccomp", "xcomp"):
            things += [o for o in c.children if o.dep_ in ("nsubj", "dobj")]
    return [t for t in things if t.pos_ in ("NOUN", "PROPN")]


def does(question: str, text: str, doer: str) -> bool:
    """Whether `text` says the question's verb of `doer` (a name, as `OtherDoer.said` gives it):
    some verb of the question's predicates whose doer's name holds the other's or is held by it."""
    from rag.nlp import parse, parse_question

    predicates = question_predicates(question)
    verbs = [t for t in parse_question(question) if norm(t.text) in predicates]
    name = term_set(doer)
    for t in parse(text):
        if t.pos_ in ("VERB", "AUX") and any(may_say(v, t, usual=True) for v in verbs):
            found = _doer(t)
            if found is not None and (theirs := _terms(_name(found))) and _one(name, theirs):
                return True
    return False


def names_doer(doer: str, text: str) -> bool:
    """Whether `text` names a doer (a name, as `OtherDoer.asked` gives it) in full: each of its
    words in some form ("West" / "Western", "Temur" / "Temür"), or as the initials of its
    capitalised words ("US" / "United States")."""
    own = {fold(w) for w in words(doer)}
    found = words(text)
    # a word of a longer name names something else: "*French* Guiana" is no "the French"
    said = {fold(w) for w, after in zip(found, [*found[1:], ""])
            if not (w[:1].isupper() and after[:1].isupper() and not any(fold(after).startswith(o) for o in own))}
    initials = capital_initials(text)
    return all(any(w == s or len(w) >= 4 and s.startswith(w) or misspelt(w, s) for s in said)
               or w in initials for w in (fold(x) for x in words(doer) if norm(x)))


# Doers that stand for some of a group named before: "*Others* … fled to New Orleans" are Acadians too.
_PART_OF_A_GROUP = {"other", "others", "some", "many", "most", "few", "several", "all", "both", "rest"}


def other_doer(question: str, text: str, evidence: str = "", around: str = "") -> OtherDoer | None:
    """Where `text` says the question's verb of another doer while naming the question's own
    doer elsewhere in it or in the rest of the `evidence`, or None. Two doers are the same when
    one's name holds the other's ("forces" / "government forces"). A doer named only in the
    passages `around` the evidence counts where one of their sentences names both doers, so
    the documents tell them apart ("Insurgents … in their confrontation with government
    forces"); one side is often named two ways in one report ("opposition fighters" and "the
    insurgents"), never in one breath."""
    from rag.nlp import parse

    sentence = parse(text)
    # a doer the sentence names, or one marked by a name the sentence never gives ("*Iran*-linked
    # groups"): "controlled by government forces" says it of another; a doer without such a mark
    # may be named another way ("the fighters" / "the jihadists"), so it must be in the sentence,
    # or be one the rest of the evidence names, where only a doer told apart by its name counts
    said = term_set(text)
    known = said | term_set(evidence)
    nearby = term_set(around)
    found = _asked(question, None, doers_only=True)
    asked = [(v, name, False, False) for v, name in found if _terms(name) <= said] + [
        (v, name, not marked, not marked and not _terms(name) <= known) for v, name in found
        if not _terms(name) <= said
        and ((marked := _marked_unnamed(name, sentence)) or _terms(name) <= known or _terms(name) <= nearby)]
    if not asked:
        return None

    def says(verb: Token, t: Token) -> bool:
        return same_stem(norm(verb.text), norm(t.text)) or t.pos_ == "VERB" and may_say(verb, t, usual=True)

    # "*It* ceded Louisiana … (Spain had ceded this to Britain …)": a pronoun that does the deed
    # may stand for the question's doer, whoever does it in another clause, unless the sentence
    # names that doer itself (then "it" is someone else: "*It* ceded … to Britain")
    if any(says(verb, t) and _pronoun_doer(t) for t in sentence for verb, name, *_ in asked
           if not _terms(name) <= said):
        return None
    for t in sentence:
        if t.pos_ not in ("VERB", "AUX"):
            continue
        for verb, name, distinct, beside in asked:
            if not says(verb, t):
                continue
            other = _doer(t)
            if other is None or other.lemma_.lower() in _PART_OF_A_GROUP:
                continue
            theirs = _name(other)
            if (theirs and not any(_same_doer_named(name, alias) for alias in _aliases(other))
                    and (not distinct or _told_apart(name, theirs))
                    and (not beside or _side_by_side(_terms(name), _terms(_core(theirs)), around))):
                return OtherDoer(t.text, _spoken(name), _spoken(theirs))
    return None


def _pronoun_doer(verb: Token) -> bool:
    """Whether a verb's subject is a personal pronoun ("*It* ceded …"), which may stand for anyone named before."""
    return any(c.dep_ == "nsubj" and c.tag_ == "PRP" for c in verb.children)


def _same_doer_named(name: list[Token], other: list[Token]) -> bool:
    """Whether two names may be of one doer: one holds the other, in full or without the
    phrases after its noun, or one is the other's initials."""
    return (_one(_terms(name), _terms(other)) or _one(_terms(_core(name)), _terms(_core(other)))
            or _abbreviates(name, other) or _abbreviates(other, name))


def _aliases(noun: Token) -> list[list[Token]]:
    """The names the sentence gives one doer: its own, its apposition ("a member of Davies' team
    *(Roger Scantlebury)*"), and for the noun a copula says the subject is, that subject and
    its apposition ("*The Computer Science Network (CSNET)* was a computer network … that
    began …")."""
    nouns = [noun]
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        nouns += [c for c in noun.head.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")]
    nouns += [c for n in list(nouns) for c in _appositions(n)]
    return [name for n in nouns if (name := _name(n))]


def _appositions(noun: Token) -> list[Token]:
    """The nouns and names set beside a noun to say who or what it is: "Ögedei's son, *Güyük*"."""
    return [c for c in noun.children if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN")]


def _side_by_side(one: set[str], other: set[str], text: str) -> bool:
    """Whether a sentence of `text` holds every term of two names (sentences as the index splits them)."""
    return any(one | other <= term_set(text[a:b]) for a, b in sentence_spans(text))


def _told_apart(name: list[Token], other: list[Token]) -> bool:
    """Whether the question's doer (`name`) and another say they are two, not one named two
    ways: the question's is a name or a described noun ("government forces", "the Syrian army",
    "Syrian opposition fighters"), no word of one is in the other or holds it, and the other is
    described too or is a bare noun WordNet tells apart from it in every sense ("the
    insurgents"). A bare noun that can name the same kind ("the army") may stand for it, and a
    bare noun of the question's ("the fighters", "the jihadists", "the strikes") for anyone."""
    def described(n: list[Token]) -> bool:
        return any(t.pos_ == "PROPN" for t in n) or len(_core(n)) >= 2

    ours, theirs = _terms(name), _terms(other)
    if not described(name) or ours & theirs or any(_holds_word(a, b) or _holds_word(b, a) for a in ours for b in theirs):
        return False
    if described(other):
        return True
    heads = [_head(name), _head(other)]
    return all(h is not None and h.pos_ == "NOUN" for h in heads) and other_kinds(heads[0].lemma_, heads[1].lemma_)


def _head(name: list[Token]) -> Token | None:
    """The noun a name's words hang from: "forces" of "government forces", "group" of "a group of Huguenots"."""
    return next((t for t in name if t.head.i == t.i or t.head not in name), name[0] if name else None)


def _core(name: list[Token]) -> list[Token]:
    """A name without the phrases that follow its noun: "projectiles *at Aleppo's university*"
    and "projectiles *from insurgents*" are both the projectiles, however each sentence places
    them; "government forces" and "opposition forces" stay two, and so do "a group *of
    Huguenots*" and "a group *of Normans*"."""
    head = _head(name)
    if head is None:
        return name
    return [t for t in name if t.i == head.i or head.is_ancestor(t) and not any(
        a.dep_ == "prep" and a.lower_ != "of" and head.is_ancestor(a) for a in t.ancestors)]


def _marked_unnamed(name: list[Token], sentence: Doc) -> bool:
    """Whether a doer's name holds a proper name or a nation ("*Iran*-linked groups") of which
    the sentence has no word, no initials and no other form ("Iranian")."""
    marks = [t for t in name if t.pos_ == "PROPN" or t.ent_type_ in _NATIONS]
    if not marks or initials_of(marks) in _initials(sentence):
        return False
    capitals = _capitalised(sentence)
    return not any(same_name(t.text, w) for t in marks for w in capitals)


def _capitalised(sentence: Doc) -> list[str]:
    """The sentence's words that open with a capital: the names it may give."""
    return [t.text for t in sentence if t.text[:1].isupper()]


def _initials(sentence: Doc) -> set[str]:
    """The sentence's words in capitals ("HTS"): a name it may give by its initials."""
    return {t.text for t in sentence if t.text.isupper() and len(t.text) >= 2}


def initials_of(name: list[Token] | Span) -> str:
    """A name's initials: the first letters of its capitalised words ("Hayat Tahrir Sham" → "HTS")."""
    return "".join(t.text[0] for t in name if t.text[:1].isupper())


def _abbreviates(short: list[Token], name: list[Token]) -> bool:
    """Whether a name is written in capitals as another's initials: "OAPEC" for "the members of
    the Organization of Arab Petroleum Exporting Countries" (a body's members act for it)."""
    caps = [t.text for t in short if t.text.isupper() and len(t.text) >= 2]
    return len(caps) == 1 and caps[0] == initials_of(name)


@dataclass(frozen=True)
class OtherDeed:
    """The time a sentence gives is that of `deed`, not of the question's `asked` deed."""

    deed: str
    asked: str

    @property
    def reason(self) -> str:
        return f"its time is of {self.deed!r}, not of {self.asked!r}"


def _times(sentence: Doc) -> list[Token]:
    """The heads of the sentence's time expressions that name a time (a figure or a day, not
    "that year"), and its years before 1000 (`early_years`)."""
    from rag.evidence import TIME_WORDS, early_years

    return [ent.root for ent in sentence.ents if ent.label_ in ("DATE", "TIME")
            and (any(ch.isdigit() for ch in ent.text) or TIME_WORDS.search(ent.text))] + early_years(sentence.text)


def _verb_above(token: Token) -> Token:
    """The verb whose clause `token` is in: itself if a verb, else the nearest verb above it;
    the root when no verb is above (a verbless sentence)."""
    t = token
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return t


def _deed(time: Token) -> list[Token]:
    """The verbs a time belongs to: the clause said of it ("2020, *when* forces seized …"),
    else the verb it hangs from and the clause that continues it; none when there is none. A time
    said of a report ("…, activists said *Friday*") dates the deed reported, so for a verb of
    saying it is the reported clause's verbs: its main verb first, then those joined to it
    ("insurgents pushed on …, reaching the outskirts … and wrestling control …")."""
    from rag.evidence import SPEECH_VERBS

    for c in time.children:
        if c.dep_ in ("relcl", "advcl") and any(w.lower_ == "when" for w in c.children):
            return [c]
    t = _verb_above(time)
    if t.pos_ not in ("VERB", "AUX"):
        return []
    reported = next((c for c in t.children if c.dep_ == "ccomp"), None)
    said_when = time.head.i == t.i or (time.head.dep_ == "prep" and time.head.head.i == t.i)  # "said (on) Friday"
    if t.lemma_.lower() in SPEECH_VERBS and said_when and reported is not None:
        return [reported, *_joined(reported)]
    # "attacked … early Friday, *destroying* a helicopter", "claimed on Friday to have *seized*":
    # the clause that continues the verb the time hangs from is part of its deed (a deed joined
    # by "and" may be another one, of another thing)
    return [t, *(c for c in t.children if c.dep_ in ("advcl", "xcomp") and c.pos_ == "VERB")]


def _named_deed(time: Token, verb: Token) -> bool:
    """Whether a time belongs to a noun that names the question's deed, on its way up to its
    verb: "from the declaration of war in 1756 to *the signing of the peace treaty in 1763*"
    dates the signing, whatever the sentence's verb ("refers"). So does a time right after
    such a noun's phrase, wherever the small parser hangs it ("to *the capture of Montreal* in
    1760")."""
    def names(t: Token) -> bool:  # not someone's own deed ("*its* attacks"): that doer may be another
        return (t.pos_ == "NOUN" and not any(c.dep_ == "poss" for c in t.children)
                and (t.lemma_.lower() == verb.lemma_.lower() or same_stem(norm(t.text), norm(verb.text))))

    top = _verb_above(time)
    for t in time.ancestors if top.i != time.i else ():
        if names(t):
            return True
        if t.i == top.i:
            break
    at = time.head if time.head.dep_ == "prep" and time.head.i < time.i else time
    t = time.doc[at.i - 1] if at.i > 0 else at
    while t.dep_ in ("pobj", "prep", "compound", "amod") and t.head.i != t.i and not names(t):
        t = t.head
    return names(t)


def _accompanied(dated: Token, verb: Token, name: set[str]) -> bool:
    """Whether the dated verb is said to happen *with* the question's deed, named by its noun
    and done by the question's doer: "settled … from 1671 *with the arrival of François
    Villion*" dates his arrival."""
    # wherever the parser hangs the phrase within the dated verb's clause ("from 1671 *with* …")
    return any(c.dep_ == "prep" and c.lower_ == "with" and _verb_above(c.head).i == dated.i and any(
        p.dep_ == "pobj" and p.pos_ == "NOUN" and does_the_work_of(p.lemma_.lower(), verb.lemma_.lower())
        and (not name or name <= _terms(list(p.subtree))) for p in c.children) for c in dated.subtree)


def _joined(verb: Token) -> list[Token]:
    """The verbs joined to `verb` as one deed's parts: its conjuncts, adverbial and open clauses."""
    out = []
    for c in verb.children:
        if c.dep_ in ("conj", "advcl", "xcomp") and c.pos_ in ("VERB", "AUX"):
            out += [c, *_joined(c)]
    return out


def _same_doer(verb: Token, name: set[str]) -> bool:
    doer = _doer(verb)
    theirs = _terms(_name(doer)) if doer is not None else set()
    return bool(theirs) and _one(name, theirs)


def _strangers_deed(verb: Token, name: set[str], found: list[list[Token]]) -> str | None:
    """The deed every time belongs to, when each is done by another named doer and is not the
    question's verb ("since 2020, when *government forces seized* areas" for "When did Turkey
    withdraw its troops?"), else None. A time of an unnamed doer, of the question's doer or of
    the question's verb is left alone: it may be the asked deed said another way."""
    deeds = []
    for group in found:
        doer = _doer(group[0])
        theirs = _terms(_name(doer)) if doer is not None else set()
        if not theirs or _one(name, theirs):
            return None
        if any(_same_verb(verb, v) for v in group):
            return None
        deeds.append(f"{_spoken(_name(doer))} {group[0].text}")
    return deeds[0] if deeds else None


def other_deed(question: str, text: str) -> OtherDeed | None:
    """For "when did X do V (to O)?": where every time `text` gives belongs to another deed
    of X — X doing something else ("Iran-linked groups, who had *backed* the army since
    2015" for "since when have they *controlled* Aleppo?"), or doing V to something else
    ("since 2020, when government forces seized *areas*" for "when did they seize the
    *Scientific Research Center* neighbourhood?"), or another doer doing something else
    ("since 2020, when government forces seized areas" for "when did Turkey withdraw its
    troops?"). The time of another deed is not the time asked for, however much of the
    question the sentence holds. A time said of a report ("…, activists said Friday") is the
    time of the deed reported: who reported it is not a second doer, and "insurgents pushed
    on …, activists said Friday" does not date their reclaiming all of Aleppo."""
    from rag.nlp import parse

    said = term_set(text)
    asked = _asked(question, None)
    if not asked:
        return None
    sentence = parse(text)
    times = _times(sentence)
    found = [_deed(t) for t in times]
    if not found or not all(found):  # a time that belongs to no verb: nothing to compare
        return None
    deeds = [group[0] for group in found]
    for verb, name in asked:
        if any(_named_deed(time, verb) for time in times):
            continue
        if not _things(verb) and _dated_subject([verb], sentence):
            continue  # "John Gallagher (1919–1980)" dates his birth and death, whatever else he did
        if any(_accompanied(group[0], verb, _terms(name)) for group in found):
            continue
        if stranger := _strangers_deed(verb, _terms(name), found):
            return OtherDeed(stranger, f"{_spoken(name)} {verb.text}")
        if not _terms(name) <= said or not all(_same_doer(v, _terms(name)) for v in deeds):
            continue
        same = [v for group in found for v in group if _same_verb(verb, v)]
        if not same:
            return OtherDeed(f"{_spoken(name)} {deeds[0].text}", f"{_spoken(name)} {verb.text}")
        thing = next((c for c in verb.children if c.dep_ == "dobj"), None)
        names = [w for w in thing.subtree if w.pos_ == "PROPN"] if thing is not None else []
        if thing is None or not names or _terms(names) <= said:
            continue
        for v in same:
            other = next((c for c in v.children if c.dep_ == "dobj"), None)
            if other is not None and norm(other.text) != norm(thing.text):
                return OtherDeed(f"{v.text} {other.text}", f"{verb.text} {' '.join(w.text for w in thing.subtree)}")
    return None


# What a place is said with: a named place (`PLACE_ENTITIES`), or the object of a preposition of place.
_AT = {"at", "in", "on", "near", "outside", "inside", "into", "to", "from", "across", "along", "around", "off",
       "throughout", "within", "beyond", "under", "over", "between", "among", "behind", "below", "above", "via",
       "onto", "toward", "towards"}
# Verbs of setting off, whose "for" gives where to: "Richard *left for* Acre".
_SET_OFF = {"leave", "depart", "sail", "head", "set", "embark", "flee", "steam", "fly"}
# Points of the compass, which place a deed by the place they are of: "*southeast* of Aleppo city".
_COMPASS = re.compile(r"^(north|south|east|west)(east|west)?(ward|wards|ern)?$")
# Prepositions whose object is never where a deed happened: "died four days after a banquet *with*
# Tugh Temür", "fought *against* France".
_NOT_WHERE = {"with", "by", "against", "about", "like", "as", "than", "after", "before", "during", "since",
              "until", "despite", "without", "unlike", "besides", "except"}
# Adverbs that say where: "Insurgents posted videos *online*".
_THERE = {"online", "abroad", "overseas", "home", "here", "there", "nearby", "outside", "inside", "offshore",
          "ashore", "aboard", "downtown", "elsewhere", "locally", "underground", "upstream", "downstream"}


def places_deed(question: str, text: str) -> bool | None:
    """For "Where did X V …?", whether `text` ties a place to V (any form, or another word for
    it: `may_say`): a named place, a preposition of place or an adverb of place hanging from
    that verb ("the insurgents blew up two car bombs *at the city's western edge*", "posted
    videos *online*"). "Insurgents breached
    Aleppo after blowing up two car bombs" names a place, but as what was breached, not where
    the bombs went off. None when the question asks no "where" of a verb, or the sentence does
    not state the verb: then nothing is known either way."""
    from rag.nlp import parse, parse_question

    doc = parse_question(question)
    if not doc or _question_word(question) != "where":
        return None
    predicates = set(question_predicates(question))
    verbs = _deeds([t for t in doc if t.pos_ == "VERB" and norm(t.text) in predicates])
    sentence = parse(text)
    done = [t for t in sentence if t.pos_ in ("VERB", "AUX") and any(may_say(v, t) for v in verbs)]
    if not verbs or not done or _own_clause(verbs, sentence):
        return None  # where a thing leads is told by its own clause: `thing_unplaced` judges it
    # "attacked an airbase southeast of the city …, *destroying* a helicopter": a deed that continues
    # another's clause happened where that one did
    done += [t.head for t in done if t.dep_ in ("advcl", "xcomp") and t.head.pos_ in ("VERB", "AUX")]
    for t in sentence:
        # "posted videos online showing …": the small parser hangs the adverb on the next verb
        if t.pos_ == "ADV" and t.lower_ in _THERE and (t.head in done or t.head.dep_ in _SHARES_SUBJECT and t.head.head in done):
            return True
        # "attacked a military airbase *southeast* of Aleppo city"
        if _COMPASS.match(t.lower_) and (t.head in done or tied_verb(t) in done):
            return True
        if t.ent_type_ in ("DATE", "TIME") or t.pos_ not in ("NOUN", "PROPN"):
            continue
        # a place named as the doer ("Kusala died", misread as a place) or with a preposition that
        # does not place ("a banquet *with* Tugh Temür", "a war *against* France") is not where
        if t.dep_ in ("nsubj", "nsubjpass") or (t.dep_ == "pobj" and t.head.lower_ in _NOT_WHERE):
            continue
        placed = t.ent_type_ in PLACE_ENTITIES or (t.dep_ == "pobj" and (
            t.head.lower_ in _AT or t.head.lower_ == "for" and t.head.head.lemma_.lower() in _SET_OFF))
        if placed and tied_verb(t) in done:
            return True
    return False


def thing_unplaced(question: str, text: str) -> str | None:
    """For "Where did X V O?" answered by a sentence that holds O but does not state V, why it
    does not say where: no place is given to O ("an interview *in Geneva*") nor to the verb O
    hangs from by a preposition of place. "In an interview in 2021, X described HTS as an asset
    *of Washington*" names a place, but as whose asset, not where the interview was. None when
    the sentence states V (`places_deed` judges it), lacks O, or gives O a place."""
    from rag.nlp import parse, parse_question

    doc = parse_question(question)
    if not doc or _question_word(question) != "where":
        return None
    predicates = set(question_predicates(question))
    # a light main verb ("give an interview") too: its thing says the deed
    # and a participle: "Where is the Observatory *based*?" asks where the Observatory is
    verbs = _deeds([t for t in doc if t.pos_ == "VERB"
                    and (norm(t.text) in predicates or t.dep_ == "ROOT" or _undergoers(t))])
    things = {o.lemma_.lower() for v in verbs for o in _things(v) if o.ent_type_ not in ("DATE", "TIME")}
    undergoers = {o.lemma_.lower() for v in verbs for o in _undergoers(v)}
    # and what moved or stayed, a thing and not a person: the subject of a verb with no thing of
    # its own ("Where did the *drones* come from?")
    movers = {c.lemma_.lower() for v in verbs if not _things(v) for c in _thing_subjects(v)}
    movers -= things | undergoers
    things |= movers
    sentence = parse(text)
    # the Observatory as the one that *said* something, in a sentence that places no saying
    held = [t for t in sentence if t.pos_ in ("NOUN", "PROPN") and (
        t.lemma_.lower() in things or t.lemma_.lower() in undergoers and t.dep_ in ("nsubj", "nsubjpass"))]
    # an auxiliary or "be" ("they *were* using drones", "it *was* not clear") states no deed,
    # though "be" shares a sense with "come"
    if not verbs or not held or any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass")
                                    and t.lemma_ != "be" and may_say(v, t) for v in verbs for t in sentence):
        return None
    for thing in held:
        # what moved is placed by its own words, not by another deed's: "the drones were *used on
        # the battleground*" does not say where they came from
        tied = tied_verb(thing) if thing.lemma_.lower() not in movers else None
        # a mover's own clause places it too: "the highway *linking* Aleppo *to* Damascus"
        own = {c.i for c in thing.children if c.dep_ == "acl"} if thing.lemma_.lower() in movers else set()
        anchors = {thing.i} | {w.i for w in _name(thing)} | ({tied.i} if tied is not None else set()) | own
        for t in sentence:
            if t.pos_ == "ADV" and t.lower_ in _THERE and t.head.i in anchors:
                return None
            if t.head.i == thing.i and t.dep_ in ("compound", "nmod", "amod", "poss") and t.ent_type_ in PLACE_ENTITIES:
                return None  # "a *Geneva* interview"
            if (t.dep_ == "pobj" and t.head.lower_ in _AT and t.head.head.i in anchors
                    and t.ent_type_ not in ("DATE", "TIME")
                    and (t.ent_type_ in PLACE_ENTITIES or t.pos_ == "NOUN" and a_place(t.lemma_)
                         or any(c.dep_ == "appos" and c.ent_type_ in PLACE_ENTITIES for c in t.children))):
                return None  # "to the capital, *Damascus*"
    return f"the sentence gives no place to {' or '.join(repr(t.text) for t in held)}"


def _thing_subjects(verb: Token) -> list[Token]:
    """The verb's subjects that are things, not people nor names ("the *drones* came", "the
    *highway* leads")."""
    return [c for c in verb.children
            if c.dep_ == "nsubj" and c.pos_ == "NOUN" and not c.ent_type_ and not names_people(c.lemma_.lower())]


def _own_clause(verbs: list[Token], sentence: Doc) -> bool:
    """Whether the sentence gives a thing that is the subject of one of the verbs a clause of
    its own: "the main highway *linking Aleppo to Damascus*" for "Where does the highway lead?"."""
    subjects = {c.lemma_.lower() for v in verbs for c in _thing_subjects(v)}
    return any(t.lemma_.lower() in subjects and any(c.dep_ == "acl" for c in t.children) for t in sentence)


# Verbs of where a thing that stretches begins or ends, and the preposition that gives that end:
# "Where did the Grand Canal *start*?" / "expanded the Grand Canal *from* southern China to Daidu".
_STRETCH_ENDS = {"start": "from", "begin": "from", "originate": "from", "end": "to", "finish": "to",
                 "terminate": "to"}


def _stretch_end(verbs: list[Token], sentence: Doc) -> bool:
    """Whether the sentence gives the end a question's verb asks for of the thing that stretches:
    the thing, or the deed done to it, takes "from" (where it starts) or "to" (where it ends)."""
    for v in verbs:
        prep = _STRETCH_ENDS.get(v.lemma_.lower())
        subjects = {norm(c.text) for c in v.children if c.dep_ == "nsubj"}
        if prep is None or not subjects:
            continue
        for t in sentence:
            holders = [t, t.head] if t.dep_ == "dobj" else [t]
            if norm(t.text) in subjects and any(p.dep_ == "prep" and p.lower_ == prep
                                                for h in holders for p in h.children):
                return True
    return False


def _question_word(question: str) -> str:
    """The question word as asked ("where"), after an opening preposition ("*From where* …"):
    `rag.nlp.parse_question` may have put it last ("Pierre Bayle studied where?")."""
    return next((w.lower() for w in words(question)[:2] if w.lower() in QUESTION_WORDS), "")


def _deeds(verbs: list[Token]) -> list[Token]:
    """The verbs whose place a "where" question asks: not one that only describes a noun ("Where
    did the drones *used* by the insurgents come from?" asks where they came from), unless
    there is no other."""
    return [v for v in verbs if v.dep_ not in ("acl", "relcl")] or verbs


def _undergoers(verb: Token) -> list[Token]:
    """The subject of a question's participle or of a verb with "be" (what the deed was done to,
    the state is of, or who is at it): "Where is *the Observatory* based?", "Where were *the car
    bombs* detonated?" (the small parser takes it for the subject of "is" or of the participle)."""
    if verb.tag_ != "VBN" and not any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "be" for c in verb.children):
        return []
    heads = [verb, verb.head] if verb.dep_ == "advcl" and verb.head.lemma_ == "be" else [verb]
    return [c for h in heads for c in h.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")]


# Pronouns that can stand for a named participant, by the kind of name: a person is "he" or
# "she", an organisation or a place "it" or "they". A sentence with one may speak of the name.
_STANDS_FOR = {
    "PERSON": {"he", "him", "his", "himself", "she", "her", "hers", "herself"},
    "OTHER": {"it", "its", "itself", "they", "them", "their", "theirs", "themselves"},
}


def free_pronouns(sentence: Doc) -> set[str]:
    """The sentence's personal pronouns that no name of its own binds (`bound`): what they stand
    for was named before it."""
    return {t.lower_ for t in sentence if t.tag_ in ("PRP", "PRP$") and not bound(t)}


_ROLES = ("nsubj", "nsubjpass", "dobj")


def pronoun_for_another(question: str, text: str) -> str | None:
    """Why `text` does not say the question's deed of the one it names: the sentence's verb for
    that deed has a pronoun in the name's role, and the name stands after it as a doer or object
    of another verb ("*He* was installed as the emperor …, while Yesün Temür's son *Ragibagh*
    succeeded to the throne" for "What was Ragibagh installed as?"). A pronoun does not stand for
    a name that comes after it in a clause of its own, or None."""
    from rag.nlp import parse, parse_question

    asked = parse_question(question)
    predicates = set(question_predicates(question))
    sentence = parse(text)
    for v in asked:
        if v.pos_ != "VERB" or norm(v.text) not in predicates or v.lemma_.lower() in _GENERAL_VERBS:
            continue
        for role in (c for c in v.children if c.dep_ in _ROLES and c.pos_ == "PROPN"):
            name = _terms(_name(role))
            for t in sentence:
                if t.pos_ != "VERB" or not may_say(v, t):
                    continue
                for c in t.children:
                    if c.dep_ not in _ROLES or c.tag_ != "PRP" or bound(c):
                        continue
                    later = [n for n in sentence[c.i + 1:] if n.pos_ == "PROPN" and name <= _terms(_name(n))]
                    if later and all(_verb_above(n).i != t.i for n in later):
                        return (f"the sentence says {t.text!r} of {c.text!r}; it names {_spoken(_name(role))!r} "
                                f"in another clause")
    return None


def participant_unmentioned(question: str, text: str, evidence: str = "") -> str | None:
    """The question's named doer ("Where did *Suzan Fraser* report from?"), named topic
    ("What did X say about *Iran*?") or named other side ("a war *with Turkey*") that `text`
    neither names (`named_in`: by the name's head word in any form, its initials, or misspelt)
    nor may refer to by a pronoun of its kind that the sentence does not bind to another name
    (`bound`), as a reason; else None. The answer to such a question is a sentence
    about that participant: one about someone else that shares the question's other words
    does not say it. Names in
    other roles ("the head *of the Observatory*", "the ceasefire *between Israel and …*") are
    left alone: a sentence names them in short ("the Observatory") or not at all. A word that
    the `evidence` writes in lower case is no name, however the question spells it ("the US
    expansion Westward"). A doer marked by a nation ("the *Israeli* army") is not spoken of by
    a sentence that names that nation nowhere and whose doers carry another's mark."""
    from rag.nlp import parse, parse_question

    sentence, asked = parse(text), parse_question(question)
    pronouns = free_pronouns(sentence)
    common = {w for w in words(evidence) if w.islower()}
    for ent in asked.ents:
        if (ent.label_ not in ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT") or ent.root.pos_ != "PROPN"
                or not _participant(ent)):
            continue
        if all(t.lower_ in common for t in ent if t.pos_ == "PROPN") or named_in(ent, sentence):
            continue
        kind = _STANDS_FOR["PERSON" if ent.label_ == "PERSON" else "OTHER"]
        if pronouns & kind and not _named_in_its_place(ent, sentence):
            continue
        return f"the question asks about {ent.text!r}; the sentence does not speak of it"
    if why := _other_nation(asked, sentence):
        return why
    # what someone said about a topic that is no name ("What did X say about *the drones*?"): any
    # form or kind of it; "How did X feel about French advancement?" may be answered in other words
    for t in asked:
        if (t.dep_ == "pobj" and t.head.lower_ == "about" and t.pos_ == "NOUN" and t.head.head.pos_ == "VERB"
                and t.head.head.lemma_.lower() in SPEECH_VERBS) and not (
                mentions(sentence, t) or pronouns & _STANDS_FOR["OTHER"]):
            return f"the question asks about {t.text!r}; the sentence does not speak of it"
    return None


def _named_in_its_place(name: Span, sentence: Doc) -> bool:
    """Whether the sentence gives another name as the subject of the verb the question's name
    is the subject of: "Ferry declared *France* had a civilising mission" for "… that *Britain*
    had a civilising mission?". Then no pronoun of the sentence stands for the question's name."""
    root = name.root
    if root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = root.head.lemma_.lower()
    return any(t.lemma_.lower() == verb
               and any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PROPN" for c in t.children) for t in sentence)


def named_in(name: Span, sentence: Doc) -> bool:
    """Whether a sentence gives a name: its head word in any form ("Israeli" for "Israel"), its
    initials ("HTS"), or a misspelling of its head ("Kllbrandon" is Kilbrandon). Not where the
    head word is only part of another's name: "*Kublai* Khan" does not name "Buyantu Khan"."""
    head = norm(name.root.text)
    # a common noun's word that classifies another ("*war* bands") is no "Queen Anne's War"
    said = {norm(t.text) for t in sentence if not (t.dep_ == "compound" and t.is_lower and t.head.pos_ == "NOUN")}
    if _anothers_name(name, sentence):
        return False
    return (head in said or initials_of(name) in _initials(sentence) or any(same_stem(head, w) for w in said)
            or any(misspelt(fold(name.root.text), fold(t.text)) for t in sentence if t.pos_ == "PROPN"))


def _anothers_name(name: Span, sentence: Doc) -> bool:
    """Whether each time the sentence gives the name's head word ("Khan"), it is with other
    proper names before it ("Kublai Khan"), while the sentence holds none of the name's own
    other words ("Buyantu"). A name the question gives by its head alone is not told apart."""
    head = norm(name.root.text)
    own = {norm(t.text) for t in name if t.pos_ == "PROPN"} - {head}
    if not own or own & {norm(t.text) for t in sentence}:
        return False
    heads = [t for t in sentence if norm(t.text) == head]
    return bool(heads) and all(any(c.dep_ in ("compound", "flat") and c.pos_ == "PROPN" for c in t.children)
                               for t in heads)


def bound(pronoun: Token) -> bool:
    """Whether a pronoun stands for a name its own sentence gives as the doer of a clause that
    holds it: "*HTS* said that *its* militants had begun …", "Before adopting *its* current name,
    *Hayat Tahrir-al-Sham* was known as …". Such a pronoun does not refer back to a name
    the sentence does not give. A common noun as that doer ("the group said its …") may itself
    stand for the name, so only a proper name binds, or a common noun that the sentence names
    in apposition ("*the physician Wei Yilin* invented a method …, which *he* performed").
    Any proper name does: telling a person's name from others by the entity tagger cost a
    squad-half abstention where the tagger erred. A person's pronoun ("he", "his", "she", …)
    after a person's name in its own sentence stands for that person, whatever the name's role
    ("the main effort *by Braddock* was a disaster; *he* was defeated … and died")."""
    if pronoun.lower_ in _STANDS_FOR["PERSON"] and any(
            e.label_ == "PERSON" and e.end <= pronoun.i for e in pronoun.doc.ents):
        return True
    return any(c.dep_ in ("nsubj", "nsubjpass") and (c.pos_ == "PROPN" or _named_in_apposition(c))
               for verb in pronoun.ancestors for c in verb.children)


def _named_in_apposition(noun: Token) -> bool:
    """"The physician *Wei Yilin*", "the group's leader, *Abu Mohammad al-Jolani*": a common
    noun that the sentence gives a proper name beside."""
    return any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in noun.children)


_NATIONS = ("NORP", "GPE")


def _nations(noun: Token) -> list[Token]:
    """The nation or place words that mark a noun phrase: "the *Israeli* army", "*Syria*'s
    forces", or the noun itself when it is one ("*Israel* and Hezbollah")."""
    marks = [c for c in noun.children if c.dep_ in ("amod", "compound", "poss") and c.ent_type_ in _NATIONS]
    return marks + ([noun] if noun.ent_type_ in _NATIONS and noun.pos_ == "PROPN" else [])


def _other_nation(question: Doc, sentence: Doc) -> str | None:
    """For a question whose doer is marked by a nation ("Which city did *the Israeli army*
    enter?"), why a sentence does not speak of it: the sentence names that nation nowhere,
    and the doers it speaks of are marked by another ("*Syrian* insurgents have breached …").
    A sentence whose doers carry no such mark ("government forces") is left alone: reports
    drop a nation that goes without saying."""
    said = _capitalised(sentence)
    theirs = [m.text for t in sentence if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN")
              for m in _nations(t)]
    for t in question:
        # "*Which Syrian city* did …?" is what is asked, though the parser may make it a subject
        wh_phrase = (question[0].tag_ in ("WDT", "WP")
                     and all(w.pos_ in ("ADJ", "NOUN", "PROPN") for w in question[1:t.i]))
        # the doer: a subject, or the words right after "did" (the small parser often reads "did
        # the Dutch navy close" otherwise)
        after_aux = t.left_edge.i > 0 and question[t.left_edge.i - 1].pos_ == "AUX"
        if (t.dep_ not in ("nsubj", "nsubjpass") and not after_aux) or t.pos_ not in ("NOUN", "PROPN") \
                or t.ent_type_ in _NATIONS or _asked_for(t) or wh_phrase:
            continue
        for mark in _nations(t):
            if not any(same_name(mark.text, w) for w in said) and theirs:
                return (f"the question asks about the {mark.text} {t.text}; the sentence speaks of "
                        f"{' and '.join(repr(w) for w in theirs)} ones")
    return None


def _participant(name: Span) -> bool:
    """Whether a name is the question's doer, its topic or the other side of its deed: the
    subject of its verb, or the words right after its auxiliary ("Where did *Anna Kowalski*
    work?", which the small parser often reads as a compound of the noun "work"), the object
    of "about", or of "with" or "against" ("locked in a war *with Turkey*": a sentence on a
    war between others does not say who fights Turkey)."""
    root = name.root
    if root.dep_ in ("nsubj", "nsubjpass") or (name.start > 0 and name.doc[name.start - 1].pos_ == "AUX"):
        return True
    return root.dep_ == "pobj" and root.head.lower_ in ("about", "with", "against")


def doer_unsaid(question: str, text: str) -> str | None:
    """For a question that names who did the deed ("On what date did *the Syrian government*
    announce a ceasefire?"), why `text` does not say it of them: each of its verbs that states
    the question's deed of the question's thing is a passive without its "by" ("A ceasefire was
    announced Wednesday"), and the doer's name is nowhere in the sentence. Such a sentence says
    that the thing was done, not that this doer did it; a "who" question is not asked this.
    None when the sentence says the deed of the thing with any doer, or does not say it."""
    from rag.nlp import parse, parse_question

    if answer_kind(question) in ("who", "name"):
        return None
    # the main verb, a verb of saying too: announcing a ceasefire is the deed here, not a frame
    asked = [(t, name) for t in parse_question(question) if t.pos_ == "VERB" and t.dep_ == "ROOT"
             and (d := _doer(t)) is not None and (name := _name(d))]
    sentence = parse(text)
    said = {norm(t.text) for t in sentence}
    for verb, name in asked:
        things = {o.lemma_.lower() for o in _things(verb)}
        nouns = [t for t in name if t.pos_ in ("NOUN", "PROPN")]
        if not things or not nouns or any(norm(t.text) in said or any(same_stem(norm(t.text), w) for w in said)
                                          for t in nouns):
            continue
        statements = [t for t in sentence if t.pos_ == "VERB" and _same_verb(verb, t)
                      and any(c.dep_ in ("nsubjpass", "dobj") and c.lemma_.lower() in things for c in t.children)]
        if statements and all(_doer(t) is None and any(c.dep_ == "nsubjpass" for c in t.children)
                              for t in statements):
            return (f"the sentence says {statements[0].text!r} without saying by whom; the question says "
                    f"{_spoken(name)!r} did it")
    return None

