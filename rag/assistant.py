"""`Assistant.ask` / `Assistant.stream`: the one entry point for the CLI, the UI and the tests.

question → retrieve → select evidence → (abstain if it cannot answer) → choose or write → Answer.

The assistant abstains without asking the model when the evidence is too far from the
question (answerability: word coverage plus embedding similarity) or misses a detail the
question pins down (a negation, a figure, a name: `rag.answerability`). Otherwise, by
default, the bundled small model *chooses*: it reads each of the best evidence sentences
and scores how likely it makes the question, and the best sentence is quoted with its
citation: nothing it writes can reach the user, because it writes nothing. With a bigger
model (`--model`, `--llm-url`) it *writes* one sentence, and only verified sentences reach
the user; when none survives, the best evidence sentence is quoted instead. When files
disagree on a figure, each file's claim is added and a closing sentence says that the
sources differ; when a shown sentence is a claim that another sentence denies (or the
denial of one), the other side is quoted after it. "How do the reports describe …?" and
"Do both reports say …?" are answered with each source's own sentence, side by side.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from rag.about import FIELD_NAMES, AboutAnswer, answer_about, asked_field
from rag.answerability import (ChangedDetail, Detail, asks_about_denial, changed_detail, figure_missing, other_part,
                              opposite_detail, other_frame, other_people, other_place, other_slot, other_subject,
                              other_whole, others_deed, unanswered_reason)
from rag.answer import ABSTAIN_ANSWER, Answer, Citation, Claim, Disagreement, PassageOut
from rag.config import Settings
from rag.dates import has_relative_day, parse_date, resolve, spoken
from rag.chunking import sentence_spans
from rag.contested import Contest, find_contested, missing_from_claim
from rag.disagreement import Candidate, Conflict, bearing, figure_phrase, find_conflict, on_answer
from rag.embedding import Embedder, question_embedder
from rag.framing import (asks_each_source, asks_for_framing, first_reference, named_subject, per_source,
                         subject_found, subject_words)
from rag.speakers import (antecedent, asked_speaker, attributed, naming_clause, refers_to_asked_kind, speaker_reference,
                          speaks)
from rag.spelling import respelled
from rag.evidence import (Evidence, SentenceVectors, TermWeights, answer_kind, focus, has_answer_kind,
                          select_evidence)
from rag.grounding import Checked, says_unknown, verify
from rag.index import Index
from rag.llm import Generator, Usage, make_generator
from rag.prompts import load_passage_prompt, load_template
from rag.phrasing import direct_question
from rag.questions import clean_question, previous_questions
from rag.names import name_unmentioned
from rag.nlp import preload
from rag.retrieval import Retriever
from rag.roles import (OtherDoer, bound, crossed_clause, deed_unmentioned, denied_deed, doer_unsaid, does,
                       how_deed_unsaid, names_doer, opposite_deed, other_deed, other_doer, other_named_object,
                       other_object, other_verb, participant_unmentioned, places_deed, pronoun_for_another,
                       role_unmentioned, saying_untold, swapped_ends, thing_unplaced, what_deed_unsaid)
from rag.store import Store, open_store
from rag.store.files import as_store
from rag.topic import REFERRING, only_its_topic, speaks_of_none

History = Sequence[Any]
# How much the model's reading (mean log-probability of the question's tokens after a
# sentence, typically -1 to -7) counts beside the evidence ranking score (typically 0.3
# to 1.2). Measured on squad-half, halves split by id: 0.1 to 0.2 chose the sentence
# holding the answer 3 to 7 points more often than the ranking alone on each half.
CHOOSER_WEIGHT = 0.15
_FOLLOW_UP = re.compile(r"\b(it|its|they|them|their|that|this|those|these|he|him|his|she|her|there|then)\b", re.I)


@dataclass(frozen=True)
class Token:
    """A piece of the draft as the model writes it (unverified; for live display only)."""

    text: str


@dataclass(frozen=True)
class _Retrieval:
    """Everything tied to one index, swapped as a unit when the index changes."""

    index: Store
    retriever: Retriever
    weights: TermWeights
    sentence_vectors: SentenceVectors


@dataclass(frozen=True)
class Final:
    answer: Answer


def resolve_follow_up(question: str, history: History) -> tuple[str, str]:
    """(retrieval query, evidence query) for `question`.

    A follow-up ("And who leads that group?") retrieves with the previous question's words,
    so it finds the passages about the same thing; its evidence is then ranked by the new
    question alone, so the sentence that answered the old question does not win again."""
    before = previous_questions(history)
    if before and (_FOLLOW_UP.search(question) or len(question.split()) <= 4 or question.lower().startswith("and ")):
        return f"{before[-1]} {question}", question
    return question, question


def grammar_for(n: int, max_words: int = 40) -> str:
    """GBNF: a marker naming existing evidence, then one sentence of at most `max_words`
    words ending at its first full stop; or the fixed "I don't know." The marker comes
    first so the model commits to a source before writing, and the full stop ends the
    reply, so a small model cannot run on into invented text."""
    numbers = " | ".join(f'"{i}"' for i in range(1, n + 1))
    return (
        'root ::= "[" idx "] " sentence | "I don\'t know."\n'
        f'sentence ::= word (" " word){{0,{max_words - 1}}} "."\n'
        "word ::= [^ \\n\\t\\[\\]<>.!?]{1,24} | [0-9]{1,6} \".\" [0-9]{1,3}\n"
        f"idx ::= {numbers}\n"
    )


class Assistant:
    """Loaded models and index, reused across questions; safe to call from many threads."""

    def __init__(
        self,
        settings: Settings | None = None,
        index: Store | Index | None = None,
        embedder: Embedder | None = None,
        generator: Generator | None = None,
    ) -> None:
        self.settings = settings or Settings()
        # The parser the answerability checks need loads on the other core while the question
        # encoder, the index and the question's retrieval load and run (a cold `rag ask` waited for it).
        preload()
        self.embedder = embedder or question_embedder(self.settings.paths.cache_dir, self.settings.retrieval.onnx_encoder)
        self._generator = generator
        self._generator_lock = threading.Lock()
        self._reload_lock = threading.Lock()
        self.template = load_template(self.settings.paths.prompts_dir, self.settings.generation.prompt)
        store = as_store(index) if index is not None else open_store(self.settings, self.embedder.id)
        self._state = self._retrieval_state(store)
        self._loading: threading.Thread | None = None

    def load_model_in_background(self) -> None:
        """Start loading the local model while the first question is embedded and searched
        (a cold `rag ask`); `close` waits for it. A failure is left for the question to meet."""
        if self._generator is None and self._loading is None and self.settings.llm_url is None:
            self._loading = threading.Thread(target=self._load_quietly, name="model-preload", daemon=True)
            self._loading.start()

    def _load_quietly(self) -> None:
        try:
            load = getattr(self.generator, "load", None)
            if load is not None:
                load()
        except Exception:  # noqa: BLE001 - the question's own load reports it, once, in one line
            pass

    def _retrieval_state(self, store: Store) -> _Retrieval:
        r = self.settings.retrieval
        return _Retrieval(store, Retriever(store, self.embedder, r.candidates, r.rrf_k), TermWeights(store),
                          SentenceVectors())

    def replace_index(self, index: Store | Index) -> None:
        """Answer from `index` from now on (after an upload or re-ingest). Questions already
        running finish on the index they started with: the state is swapped in one step."""
        self._state = self._retrieval_state(as_store(index))

    @property
    def index(self) -> Store:
        """The store new questions are answered from."""
        return self._state.index

    def refresh(self) -> _Retrieval:
        """The retrieval state for the live version of the index on disk: another process
        (an ingest, another UI server) may have published a new one since it was loaded.
        Costs one look at the store's live version (a small file, or one query); one thread reloads,
        the others wait."""
        state = self._state
        if state.index.live_version() in (None, state.index.version):
            return state
        with self._reload_lock:
            state = self._state
            if state.index.live_version() not in (None, state.index.version):
                self._state = state = self._retrieval_state(state.index.reopen())
        return state

    @property
    def generator(self) -> Generator:
        """The generator, made on first use; concurrent first requests make exactly one."""
        with self._generator_lock:
            if self._generator is None:
                g = self.settings.generation
                self._generator = make_generator(
                    self.settings.model, self.settings.llm_url, g.n_ctx, g.n_threads, g.timeout_s,
                    self.settings.llm_api_key.get_secret_value(),
                )
            return self._generator

    def warm_up(self) -> None:
        """Load everything an answer can need (embedder, parser, WordNet, generator) now, not at the first question."""
        from rag.lexicon import preload as preload_lexicon
        from rag.nlp import parse

        self.embedder.encode(["warm up"])
        parse("Warm up.")
        preload_lexicon()
        load = getattr(self.generator, "load", None)
        if load is not None:
            load()

    def close(self) -> None:
        if self._loading is not None:
            self._loading.join()  # never leave native code running into interpreter shutdown
        with self._generator_lock:
            if self._generator is not None:
                self._generator.close()

    def ask(self, question: str, history: History = (), top_k: int | None = None) -> Answer:
        final = None
        for event in self.stream(question, history, top_k):
            if isinstance(event, Final):
                final = event.answer
        assert final is not None
        return final

    def stream(self, question: str, history: History = (), top_k: int | None = None) -> Iterator[Token | Final]:
        """Yield draft tokens as they come, then the verified `Final` answer."""
        asked = clean_question(question, self.settings.limits.max_question_chars)
        question = direct_question(asked)  # "Tell me what X did" is read as "What did X do?"
        preload()  # no-op once loaded or loading
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        query, evidence_query = resolve_follow_up(question, history)
        k = top_k or self.settings.retrieval.top_k
        state = self.refresh()
        query_vector = self.embedder.encode([query])[0]
        passages = state.retriever.search(query, k, query_vector)
        spelt = respelled(question, (p.chunk.text for p in passages), state.weights.seen)
        read_as = ""
        if spelt != question:  # "Shirly" read as the passages' "Shirley": retrieve again with it
            question = read_as = spelt
            query, evidence_query = resolve_follow_up(question, history)
            query_vector = self.embedder.encode([query])[0]
            passages = state.retriever.search(query, k, query_vector)
        t1 = time.perf_counter()
        about = answer_about(question, [p.chunk.source for p in passages], state.index.documents)
        if about is not None:
            timings.update(retrieve=_ms(t1 - t0), total=_ms(time.perf_counter() - t0))
            answer = self._about_answer(question, about, state, passages, timings)
            yield Final(answer.model_copy(update=dict(question=asked, read_as=read_as)))
            return
        selection = select_evidence(
            evidence_query, passages, state.index, self.embedder, state.weights, state.sentence_vectors,
            self.settings.evidence.max_sentences, question_vector=query_vector if evidence_query == query else None,
        )
        conflict = find_conflict(question, selection.ranked, self.embedder.encode)
        evidence = selection.top(self.settings.evidence.max_sentences, conflict.claims if conflict else [])
        t2 = time.perf_counter()
        timings.update(retrieve=_ms(t1 - t0), select=_ms(t2 - t1))
        base = dict(
            question=asked, read_as=read_as, support=selection.support, answerability=selection.answerability,
            passages=_passages_out(passages, state.index),
        )
        why = None
        framing = asks_for_framing(question)
        subject = subject_words(question) if framing else []
        if field := asked_field(question):
            # "Who wrote the report?" of documents that carry no byline: the body's sentences name
            # people it quotes, not its author.
            why = f"no relevant document states its {FIELD_NAMES[field]}"
        elif evidence and subject:
            # "How do the reports describe X?": the question's own words ("reports", "describe") are
            # in no source, so word coverage says little; what matters is whether a source speaks of X.
            refs = _first_references(named_subject(question), selection.ranked, state.index)
            if speaking := _speaking_of(subject, refs, selection.ranked):
                yield Final(self._framing_answer(question, selection, state, base, timings, t0, speaking, refs))
                return
            why = f"no source sentence speaks of {' '.join(subject)!r}"
        elif not evidence or selection.answerability < self.settings.evidence.min_answerability:
            why = "the evidence is too far from the question (answerability below the threshold)"
        elif framing:
            refs = _first_references(named_subject(question), selection.ranked, state.index)
            yield Final(self._framing_answer(question, selection, state, base, timings, t0, refs=refs))
            return
        else:
            why = unanswered_reason(question, _known_text(selection, state.index, self.settings.evidence.max_sentences,
                                                          question),
                                    self.closest_name)
            if not why and conflict is None and asks_each_source(question):
                # "Do both reports say …?": each source's own sentence on the point, side by side
                yield Final(self._framing_answer(question, selection, state, base, timings, t0,
                                                 bearing(selection.ranked)))
                return
        if why:
            timings.update(generate=0.0, verify=0.0, total=_ms(time.perf_counter() - t0))
            yield Final(Answer(answer=ABSTAIN_ANSWER, abstained=True, timings_ms=timings, origin="abstained",
                               provenance=self._provenance(state.index, generated=False), dropped=[why], **base))
            return
        abstained, draft, dropped = False, "", []
        if self.chooses():
            chosen, dropped = self._choose(question, evidence, state.index, " ".join(p.chunk.text for p in passages))
            t3 = time.perf_counter()
            if chosen is None:
                sentences, abstained, origin = [], True, "abstained"
            else:
                sentences, origin = [(focus(chosen, question, selection.weights).text, (chosen.n,))], "evidence"
                named = _named_speaker(question, chosen, evidence, state.index)
                if named is not None:  # "The agency also reported …": quote where the agency was named
                    evidence = [*evidence, named]
                    sentences.insert(0, (named.text, (named.n,)))
        else:
            messages = self.template.messages(question, evidence)
            g = self.settings.generation
            grammar = grammar_for(len(evidence)) if g.grammar else None
            pieces: list[str] = []
            usage = Usage()
            for piece in self.generator.stream(messages, g.max_tokens, g.temperature, grammar, usage):
                if not pieces:
                    timings["first_token"] = _ms(time.perf_counter() - t2)
                pieces.append(piece)
                yield Token(piece)
            draft = "".join(pieces).strip()
            t3 = time.perf_counter()
            timings.update(prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens)
            checked = on_topic(verify(draft, evidence, question), evidence, self.settings.evidence.relevance_margin,
                               question)
            kept = [c for c in checked if c.supported]
            dropped = [f"{c.text} ({c.reason})" for c in checked if not c.supported]
            if kept:
                sentences, origin = [(c.text, c.cited) for c in kept], "model"
            elif says_unknown(draft) and selection.support < self.settings.evidence.trust_unknown_below:
                sentences, abstained, origin = [], True, "abstained"
            elif (best := _answering_evidence(evidence, selection.ranked[0], question,
                                              self.about_something_else)) is not None:
                sentences, origin = [(focus(best, question, selection.weights).text, (best.n,))], "evidence"
            else:
                sentences, abstained, origin = [], True, "abstained"
                dropped.append("no evidence sentence holds what the question asks for")
        contest = None
        if not abstained:
            sentences, evidence, contest = self._with_contest(sentences, evidence, selection.ranked, state.index)
            # "Who denied that X?" is answered by a denial of X, not by a denial of something else the
            # evidence also mentions: X's names, figures and words must be in the claim denied or the denial.
            if contest is not None and asks_about_denial(question):
                both = f"{contest.claim.text} {contest.denial.text}"
                why = unanswered_reason(question, both) or missing_from_claim(question, both)
                if why:
                    sentences, abstained, origin, contest = [], True, "abstained", None
                    dropped.append(f"{why} (in the claim that the evidence denies, or the denial)")
        dated: dict[int, list[dict[str, str]]] = {}
        if answer_kind(question) == "when":
            sentences, dated = _with_dates(sentences, evidence, state.index)
        conflict = on_answer(conflict, [text for text, _ in sentences])
        text, citations = _compose(sentences, evidence, conflict, state.index, dated)
        timings.update(generate=_ms(t3 - t2), verify=_ms(time.perf_counter() - t3), total=_ms(time.perf_counter() - t0))
        yield Final(Answer(
            answer=ABSTAIN_ANSWER if abstained else text, abstained=abstained, citations=[] if abstained else citations,
            disagreements=_compared(conflict, agree=False) + _contested(contest, question),
            agreements=_compared(conflict, agree=True), timings_ms=timings,
            provenance=self._provenance(state.index),
            draft=draft, dropped=dropped, origin=origin, **base,
        ))

    def chooses(self) -> bool:
        """Whether answers are chosen evidence sentences rather than written ones (`generation.mode`)."""
        mode = self.settings.generation.mode
        if mode == "auto":
            return self.settings.model is None and self.settings.llm_url is None
        return mode == "choose"

    def _choose(self, question: str, evidence: list[Evidence], index: Store, retrieved: str = ""
                ) -> tuple[Evidence | None, list[str]]:
        """The evidence sentence that answers: of the best-ranked sentences that hold the kind
        of thing asked for (a time for "when", a figure for "how many", a name for "who"),
        the one with the best ranking score plus CHOOSER_WEIGHT times how likely the model
        finds the question after reading it. The model reads and writes nothing, so nothing
        unsupported can come of it. A generator that cannot score (a remote server) leaves
        the choice to the ranking."""
        kind = answer_kind(question)
        # "How many villages did the Anadolu Agency say …?" is answered by what the agency said,
        # when the evidence quotes it at all; a source the evidence never names (the report's
        # own outlet) cannot be told apart this way.
        speaker = asked_speaker(question)
        if speaker and not any(attributed(speaker, e.text) for e in evidence):
            speaker = None
        pool, dropped, changed, others = [], [], [], []
        written = " ".join(e.text for e in evidence)
        considered = evidence[: self.settings.evidence.max_sentences]
        for e in considered:
            if not has_answer_kind(kind, e.text, question):
                continue
            named = _speaker_named(e, index)
            spoken = _with_speaker(e, index, named)
            if speaker and not speaks(speaker, spoken, stands_for=named):
                dropped.append(f"{e.text} (not said by {speaker})")
                continue
            if why := participant_unmentioned(question, spoken, written):
                dropped.append(f"{e.text} ({why})")
                continue
            why, detail = self._not_its_answer(question, e.text, _with_time_referent(e, index), written, retrieved,
                                               lambda e=e: _sentence_before(e, index))
            # after the checks that may find a changed detail, whose premise the other evidence must keep
            if not why:
                context = _context(e, index)
                why = (name_unmentioned(question, spoken, context, written) or speaks_of_none(question, spoken, context)
                       or only_its_topic(question, e.text, index.documents[e.source].metadata.get("title", "")))
            if why:
                dropped.append(f"{e.text} ({why})")
                if isinstance(detail, Detail):
                    changed.append(detail)
                elif isinstance(detail, OtherDoer):
                    others.append(detail)
            else:
                pool.append(e)
        # One sentence showed that another did the question's deed ("insurgents … after blowing up two
        # car bombs and were clashing with government forces"): a sentence that says the deed of that
        # other doer alone ("the insurgents blew up two car bombs …") is the same fact, not an answer.
        for other in others:
            kept = [e for e in pool if not does(question, e.text, other.said)]
            dropped += [f"{e.text} (the evidence says {other.verb!r} of {other.said!r}, not of {other.asked!r})"
                        for e in pool if e not in kept]
            pool = kept
        # The evidence says the insurgents attacked the airbase, and none of it that government forces did:
        # the question's premise is not in the documents, as for a changed detail. A sentence that says the
        # deed of the question's doer in short ("*The rule* had been intended to promote …" for "the price
        # control rule") keeps it.
        for other in others:
            if not any(names_doer(other.asked, e.text) or does(question, e.text, other.asked) for e in pool):
                return None, [*dropped, f"the evidence says {other.verb!r} of {other.said!r}; no sentence left names "
                                        f"{other.asked!r}"]
        # The evidence speaks of the western edge and none of it of the eastern one: the question's
        # premise is not in the documents, and the rest of the pool is only near the question.
        # A premise told in the sentence just before an answer holds for it ("… the British government
        # fell." / "William Pitt came to power …" for "Who came to power after the British government fell?").
        for detail in changed:
            if not any(detail.held_by(e.text) for e in (considered if detail.premise_anywhere else pool)) and not any(
                    detail.held_by(_sentence_before(e, index)) for e in pool):
                return None, [*dropped, f"no evidence sentence speaks of {detail.thing}"]
        if not pool:
            return None, [*dropped, "no evidence sentence holds what the question asks for"]
        # "Where did X V?": a sentence that states V and ties no place to it is not the answer, whether
        # it names a place only as something else ("breached Aleppo after blowing up two car bombs",
        # "passed an act to naturalise the Huguenots resident at Manakintown") or none ("Kusala died
        # four days after a banquet"); a sentence that does not state V is left to the other checks.
        placed = [places_deed(question, e.text) for e in pool]
        if True in placed or False in placed:
            kept = [e for e, p in zip(pool, placed) if p is (True if True in placed else None)]
            dropped += [f"{e.text} (ties no place to the question's deed)" for e in pool if e not in kept]
            pool = kept
            if not pool:
                return None, [*dropped, "no evidence sentence says where the question's deed happened"]
        scores = [e.score for e in pool]
        if len(pool) > 1 and hasattr(self.generator, "question_logprob"):
            prompt = load_passage_prompt(self.settings.paths.prompts_dir, self.settings.generation.choose_prompt)
            read = self.generator.question_logprob([prompt.context(_with_referent(e, index)) for e in pool], question)
            scores = [s + CHOOSER_WEIGHT * r for s, r in zip(scores, read)]
        ranked = sorted(zip(scores, pool), key=lambda sp: -sp[0])
        return ranked[0][1], [*dropped, *(f"{e.text} (not chosen: {s:.3f} < {ranked[0][0]:.3f})" for s, e in ranked[1:])]

    def changed_detail(self, question: str, sentence: str) -> ChangedDetail | None:
        """Whether `sentence` speaks of the western edge where the question asks about the
        eastern one (rag.answerability.changed_detail)."""
        return changed_detail(question, sentence, self._similarity)

    def _similarity(self, a: str, b: str) -> float:
        """The embedding similarity of two words."""
        va, vb = self.embedder.encode([a, b])
        return float(va @ vb)

    def closest_name(self, name: str, names: list[str]) -> float:
        """The best embedding similarity of `name` to any of `names` (rag.answerability.SAME_NAME)."""
        vectors = self.embedder.encode([name, *names])
        return float((vectors[1:] @ vectors[0]).max())

    def _not_its_answer(self, question: str, sentence: str, with_context: str | None = None, evidence: str = "",
                        retrieved: str = "", before: Callable[[], str] | None = None
                        ) -> tuple[str | None, Detail | OtherDoer | None]:
        """Why a sentence that matches the question is still not its answer, or (None, None): it
        lacks a figure the question states (looked for in `with_context` when given: the
        sentence with the one its "that year" refers to), changes one of the question's details
        (returned too, to test whether other evidence keeps it), says the question's verb of
        another doer than one it, the rest of the `evidence` or the `retrieved` passages name
        (returned too, to drop other sentences that say it of that doer; a doer only the
        passages around the evidence name is as much the documents' as one in the evidence),
        speaks of people other than the question's (`other_people`), of the question's "N of X"
        as the N of another kind of thing (`other_whole`), gives a describing word or the deed
        only as its opposite (returned too, as a changed detail is), tells a move the other way
        round, gives the question's thing in another doer's clause, speaks neither of the deed a
        "who", "when", "where", "how many" or "what is the name of" asks about nor of its thing,
        ties that thing to another deed, names no R for "Who is the R of X?", or gives the time
        of another deed (rag.roles). A changed detail does not count when the sentence's subject
        is a pronoun for the question's thing, which `before()` (the sentence before) names."""
        if why := figure_missing(question, with_context or sentence):
            return why, None
        # "*He* was installed as the emperor …, while Yesün Temür's son …" after a sentence that names
        # Tugh Temür: the subject stands for the question's one, and the other name is someone else's
        if (detail := self.changed_detail(question, sentence)) and not (
                before is not None and _subject_referred_back(sentence) and detail.held_by(before())):
            return detail.reason, detail
        if part := other_part(question, sentence, self._similarity):
            return part.reason, part
        if people := other_people(question, sentence, evidence):
            return people.reason, people
        if why := other_whole(question, sentence):  # this sentence only
            return why, None
        if place := other_place(question, sentence):
            return place.reason, place
        if others := others_deed(question, sentence):
            return others.reason, others
        if slot := other_slot(question, sentence) or other_subject(question, sentence):
            return slot.reason, slot
        if opposite := opposite_detail(question, sentence):
            return opposite.reason, opposite
        if frame := other_frame(question, sentence):
            return frame.reason, frame
        if doer := other_doer(question, sentence, evidence, retrieved):
            return doer.reason, doer
        if why := doer_unsaid(question, sentence) or pronoun_for_another(question, sentence):
            return why, None
        if deed := opposite_deed(question, sentence):  # returned too: other evidence may state the deed
            return deed.reason, deed
        if why := denied_deed(question, sentence):
            return why, None
        if why := swapped_ends(question, sentence) or crossed_clause(question, sentence):
            return why, None
        if why := how_deed_unsaid(question, sentence):
            return why, None
        kind = answer_kind(question)
        if kind == "who":
            return (deed_unmentioned(question, sentence) or saying_untold(question, sentence)
                    or other_object(question, sentence) or other_named_object(question, sentence)
                    or other_verb(question, sentence) or role_unmentioned(question, sentence)), None
        if kind == "name":
            return deed_unmentioned(question, sentence) or role_unmentioned(question, sentence), None
        if kind == "when":
            if why := deed_unmentioned(question, sentence):
                return why, None
            deed = other_deed(question, sentence)
            return (deed.reason if deed else None), None
        # "Where did X V O?" and "What did X V?"; other questions get None from each
        return (deed_unmentioned(question, sentence) or what_deed_unsaid(question, sentence)
                or other_named_object(question, sentence)
                or other_verb(question, sentence) or thing_unplaced(question, sentence)), None

    def about_something_else(self, question: str, sentence: str) -> str | None:
        """Why a sentence that matches the question is still not its answer, or None (the
        write-mode fallback's test, `_not_its_answer`)."""
        return self._not_its_answer(question, sentence)[0]

    def _with_contest(
        self, sentences: list[tuple[str, tuple[int, ...]]], evidence: list[Evidence], ranked: list[Candidate],
        index: Store,
    ) -> tuple[list[tuple[str, tuple[int, ...]]], list[Evidence], Contest | None]:
        """When a shown sentence is a claim that a relevant sentence denies, or a denial of a
        claim (rag.contested), the other side is quoted after it with its own citation."""
        by_n = {e.n: e for e in evidence}
        cited = [by_n[n] for _, ns in sentences for n in ns]
        contest = find_contested(
            [Candidate(e.source, e.start, e.end, e.text, e.score) for e in cited], ranked, self.embedder.encode,
            previous=lambda c: _next_sentence(index, c, -1), following=lambda c: _next_sentence(index, c, 1),
        )
        if contest is None:
            return sentences, evidence, None
        shown = {(e.source, e.start) for e in cited}
        claim, denial = contest.claim, contest.denial
        for side, other, lead in ((claim, denial, "Denied in"), (denial, claim, "The claim denied, in")):
            if (side.source, side.start) in shown and (other.source, other.start) not in shown:
                e = Evidence(max(by_n) + 1, other.source, other.start, other.end, other.text, other.score)
                quote = other.text.strip().rstrip(" .")
                return [*sentences, (f"{lead} {other.source}: \u201c{quote}\u201d", (e.n,))], [*evidence, e], contest
        return sentences, evidence, None

    def _framing_answer(self, question: str, selection: Any, state: _Retrieval, base: dict, timings: dict,
                        t0: float, among: list[Candidate] | None = None,
                        refs: dict[str, Candidate] | None = None) -> Answer:
        """Each source's own words on the subject, side by side, quoted and cited: its first
        reference to a name the question asks about (`refs`, from `_first_references`) where
        it has one, else its best sentence of `among` (default: all the ranked sentences)."""

        def first_of(source: str) -> Candidate | None:
            return (refs or {}).get(source)

        # "Do both reports say they captured heavy weapons?" is answered where each sentence says so; "How do
        # they describe the fighters?" by a sentence's opening, where a source names what it describes.
        weights = selection.weights if asks_each_source(question) and not asks_for_framing(question) else None
        picks = per_source(selection.ranked if among is None else among, first_of=first_of, weights=weights)
        evidence = [Evidence(i + 1, c.source, c.start, c.end, c.text, c.score) for i, c in enumerate(picks)]
        sentences = [(f"{e.source} says: \u201c{e.text.rstrip()}\u201d", (e.n,)) for e in evidence]
        text, citations = _compose(sentences, evidence, None, state.index)
        timings.update(generate=0.0, verify=0.0, total=_ms(time.perf_counter() - t0))
        side_by_side = [Disagreement(topic=question.strip().rstrip("?"), kind="framing", claims=_claims(evidence))
                        ] if len(evidence) > 1 else []
        return Answer(answer=text, abstained=False, citations=citations, timings_ms=timings, origin="evidence",
                      disagreements=side_by_side,
                      provenance=self._provenance(state.index, generated=False), **base)

    def _about_answer(self, question: str, about: AboutAnswer, state: _Retrieval, passages: list, timings: dict) -> Answer:
        """An answer from one document's metadata, citing the words it was read from."""
        doc = state.index.documents[about.source]
        page, locator = doc.locate(about.start)
        where = "dateline" if about.end > about.start else "document properties"
        citation = Citation(n=1, source=about.source, start=about.start, end=about.end,
                            quote=doc.text[about.start : about.end], sha256=doc.sha256, page=page,
                            locator=f"{locator}, {where}" if locator else where, document=dict(doc.metadata))
        return Answer(
            question=question, answer=f"{about.text} [1].", abstained=False, citations=[citation], timings_ms=timings,
            provenance=self._provenance(state.index, generated=False), origin="metadata", support=1.0,
            passages=_passages_out(passages, state.index),
        )

    def _provenance(self, index: Store, generated: bool = True) -> dict[str, str]:
        gen = self._generator.id if self._generator is not None else "not used"
        return {
            "index": index.location(),
            "embedder": self.embedder.id,
            "generator": gen if generated else "not used (abstained before generation)",
            "prompt": self.settings.generation.choose_prompt if self.chooses() else self.template.name,
            "mode": "choose" if self.chooses() else "write",
        }


def on_topic(checked: list[Checked], evidence: list[Evidence], margin: float, question: str) -> list[Checked]:
    """Drop supported sentences that are true to the documents but most likely not an answer
    (a small model copies lines): those citing clearly weaker evidence than the best, and
    those lacking what the question asks for (a date for "when", a figure for "how many",
    a name for "who")."""
    best = max(e.score for e in evidence)
    score = {e.n: e.score for e in evidence}
    kind = answer_kind(question)
    out = []
    for c in checked:
        if c.supported and max(score[n] for n in c.cited) < best - margin:
            c = Checked(c.text, c.cited, False, "true, but cites evidence far weaker than the best: off-topic")
        elif c.supported and not has_answer_kind(kind, c.text, question):
            c = Checked(c.text, c.cited, False, f"true, but holds no answer of the kind asked ({kind})")
        out.append(c)
    return out


def _known_text(selection: Any, index: Store, m: int, question: str = "") -> str:
    """What the answer could draw on: the best evidence sentence, the other top-`m` sentences
    of its file, the sentence before it when it says "it", "he", "she" or "they", the sentence
    that names what it calls "the fort" when the question names it ("Fort Coligny"), and that
    file's name and properties (a question may name the source)."""
    best = selection.ranked[0]
    doc = index.documents[best.source]
    near = [c.text for c in selection.ranked[:m] if c.source == best.source]
    # "First demonstrated in 1973, *it* was developed …": what "it" is, the sentence before names
    if _POINTS_BACK.search(best.text) and (before := _next_sentence(index, best, -1)) is not None:
        near.insert(0, before.text)
    if (named := _named_before(question, best, index)) is not None:
        near.insert(0, named.text)
    return " ".join([*near, best.source, *(str(v) for v in doc.metadata.values())])


_THE_WORD = re.compile(r"\b[Tt]he ([a-z]+)\b")
_NAME = re.compile(r"\b[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)+")
_BACK = 3  # sentences looked back for the name a short reference stands for


def _named_before(question: str, best: Candidate, index: Store) -> Candidate | None:
    """The sentence, up to `_BACK` before `best`, that gives a name of the question whose word
    `best` uses in short: "*The fort* was destroyed in 1560" after "A fort, named *Fort
    Coligny*, was built …", for "Who destroyed Fort Coligny?"."""
    short = set(_THE_WORD.findall(best.text))
    names = [n for n in _NAME.findall(question) if any(w.lower() in short for w in n.split())]
    if not names:
        return None
    c = best
    for _ in range(_BACK):
        if (before := _next_sentence(index, c, -1)) is None:
            return None
        if any(n in before.text for n in names):
            return before
        c = before
    return None


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _answering_evidence(evidence: list[Evidence], best: Any, question: str,
                        about_something_else: Callable[[str, str], str | None] = lambda q, t: None,
                        ) -> Evidence | None:
    """The evidence sentence to quote when no sentence of the model's survives: the best
    ranked one that holds the kind of thing asked for (a time for "when", a figure for
    "how many", a new name for "who") and is about what the question asks. None when none
    is: quoting a sentence without it would show a non-answer as if it answered, so the
    assistant abstains instead."""
    kind = answer_kind(question)
    top = next((e for e in evidence if (e.source, e.start) == (best.source, best.start)), evidence[0])
    for e in [top, *sorted((e for e in evidence if e is not top), key=lambda e: -e.score)]:
        if has_answer_kind(kind, e.text, question) and not about_something_else(question, e.text):
            return e
    return None


def _with_dates(
    sentences: list[tuple[str, tuple[int, ...]]], evidence: list[Evidence], index: Store,
) -> tuple[list[tuple[str, tuple[int, ...]]], dict[int, list[dict[str, str]]]]:
    """For a "when" question: after each weekday or day word of a shown sentence, the
    calendar date it names, from the cited document's date ("Wednesday (27 November
    2024)"); how each was derived goes with the citation. A sentence from an undated
    document says that its date is not stated."""
    by_n = {e.n: e for e in evidence}
    out, dated = [], {}
    for text, cited in sentences:
        e = by_n[cited[0]]
        anchor = parse_date(index.documents[e.source].metadata.get("date"))
        if anchor is None:
            if has_relative_day(text):
                text = text.rstrip(" .") + " (the document does not state its own date, so the calendar day is unknown)"
            out.append((text, cited))
            continue
        found = resolve(text, anchor)
        for r in reversed(found):
            text = f"{text[:r.end]} ({spoken(r.day)}){text[r.end:]}"
        dated[e.n] = [{"expression": r.expression, "date": r.day.isoformat(), "derived": r.derived} for r in found]
        out.append((text, cited))
    return out, dated


def _named_speaker(question: str, chosen: Evidence, evidence: list[Evidence], index: Store) -> Evidence | None:
    """For a "who" question answered by a sentence whose subject is "he" or "the agency", or
    a "Which agency …?" answered by one whose subject is "the agency": the words of an earlier
    sentence that name them (rag.speakers), as more evidence."""
    if (reference := speaker_reference(chosen.text)) is None or (
            answer_kind(question) != "who" and not refers_to_asked_kind(reference, question)):
        return None
    doc = index.documents[chosen.source]
    found = antecedent(doc.text, doc.body_start, chosen.start, reference)
    if found is None:
        return None
    a, b = naming_clause(doc.text, found)
    return Evidence(max(e.n for e in evidence) + 1, chosen.source, a, b, doc.text[a:b], 0.0)


def _compose(
    sentences: list[tuple[str, tuple[int, ...]]], evidence: list[Evidence], conflict: Conflict | None, index: Store,
    dated: dict[int, list[dict[str, str]]] | None = None,
) -> tuple[str, list[Citation]]:
    """Join verified sentences, renumber markers 1..k by first use, and add the conflict note."""
    by_n = {e.n: e for e in evidence}
    order: dict[int, int] = {}

    def mark(ns: tuple[int, ...]) -> str:
        return "".join(f" [{order.setdefault(n, len(order) + 1)}]" for n in ns)

    parts = []
    for text, cited in sentences:
        body = text.rstrip(" .")
        parts.append(f"{body}{mark(cited)}.")
    if conflict:
        by_source: dict[str, list[str]] = {}
        for c in conflict.claims:
            n = next(e.n for e in evidence if (e.source, e.start) == (c.source, c.start))
            phrase = figure_phrase(c.text, conflict.figure or None)
            by_source.setdefault(c.source, []).append(f"\u201c{phrase}\u201d{mark((n,))}")
        claims = [f"{source} says " + " and ".join(quotes) for source, quotes in by_source.items()]
        lead = "The sources agree" if conflict.agree else "The sources differ"
        parts.append(f"{lead}: " + "; ".join(claims) + ".")
    citations = []
    for old, new in sorted(order.items(), key=lambda kv: kv[1]):
        e, doc = by_n[old], index.documents[by_n[old].source]
        page, locator = doc.locate(e.start)
        citations.append(Citation(n=new, source=e.source, start=e.start, end=e.end, quote=e.text, sha256=doc.sha256,
                                  page=page, locator=locator, document=dict(doc.metadata),
                                  dates=(dated or {}).get(old, [])))
    return " ".join(parts), citations


def _first_references(name: str | None, ranked: list[Candidate], index: Store) -> dict[str, Candidate]:
    """For each source among `ranked`, its first sentence naming `name` in any spelling
    (rag.framing.first_reference), where it has one; {} when the question names no one."""
    if name is None:
        return {}
    out = {}
    for source in dict.fromkeys(c.source for c in ranked):
        doc = index.documents[source]
        if (span := first_reference(doc.text, doc.body_start, name)) is not None:
            out[source] = Candidate(source, span[0], span[1], doc.text[span[0]:span[1]], 0.0)
    return out


def _speaking_of(subject: list[str], refs: dict[str, Candidate], ranked: list[Candidate]) -> list[Candidate]:
    """The sentences to quote for a framing question, or none when no source speaks of what
    it asks about: a retrieved sentence must hold every word of it, or a source must name it
    (`refs`). For a name, the sentences of the sources that name it (a source's first reference
    is what is quoted; one that never names it is not quoted as describing it); else the
    sentences that bear on the question (rag.disagreement.bearing)."""
    if not refs and not any(subject_found(subject, [c.text]) for c in ranked):
        return []
    if refs:  # a name: a source that never names it does not describe it, however near its sentences
        return [c for c in ranked if c.source in refs]
    near = set(bearing(ranked))
    return [c for c in ranked if c in near]


def _contested(contest: Contest | None, question: str) -> list[Disagreement]:
    """A shown claim and its denial, side by side."""
    if contest is None:
        return []
    return [Disagreement(topic=question.strip().rstrip("?"), claims=_claims([contest.claim, contest.denial]),
                         kind="denial")]


def _claims(sentences: Sequence[Candidate | Evidence]) -> list[Claim]:
    """Document sentences as the Answer's claims: each source's quote with its offsets."""
    return [Claim(source=c.source, quote=c.text, start=c.start, end=c.end) for c in sentences]


_POINTS_BACK = re.compile(r"\b(it|he|she|they)\b", re.I)
_REFERS_BACK = re.compile(r"^\W*(it|he|she|they|this|these|that|those|such|its|his|her|their)\b", re.I)


def _with_referent(e: Evidence, index: Store) -> str:
    """A sentence as the model reads it to judge whether it answers: with the sentence before
    it when it opens by referring back ("It was commissioned by Odo" after the sentence that
    names the tapestry), since alone it does not say what it is about."""
    return _with_sentence_before(e, index) if _REFERS_BACK.match(e.text) else e.text


def _with_sentence_before(e: Evidence, index: Store) -> str:
    before = _sentence_before(e, index)
    return f"{before} {e.text}" if before else e.text


def _subject_referred_back(sentence: str) -> bool:
    """Whether the sentence's main subject is a pronoun that stands for someone or something
    named before it ("*He* was installed as …", "However *he* cannot do so until …")."""
    from rag.nlp import parse

    root = next((t for t in parse(sentence) if t.dep_ == "ROOT"), None)
    return root is not None and any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ == "PRP" and not bound(c)
                                    for c in root.children)


def _sentence_before(e: Evidence, index: Store) -> str:
    """The sentence before `e` in its file's body, or "" at its start."""
    before = _next_sentence(index, Candidate(e.source, e.start, e.end, e.text, 0.0), -1)
    return before.text if before else ""


# A time given by reference to the sentence before: "… reclaim control of all of Aleppo that year".
_TIME_BACK = re.compile(r"\b(that|the same|the following|the next|the previous) (year|month|week|day|decade|century)\b",
                        re.I)


_REFERRING = re.compile(r"\b(" + "|".join(sorted(REFERRING)) + r")\b", re.I)


def _context(e: Evidence, index: Store, reach: int = 1500, sentences: int = 3) -> str:
    """What a sentence leaves to where it stands: its document's title and the text before it in
    its paragraph and, when it opens one (a report's paragraphs are often one sentence long) or
    its paragraph opens by referring back, the last `sentences` sentences before that (within
    `reach` characters), where the names it does not repeat are given."""
    doc = index.documents[e.source]
    start = max(doc.body_start, e.start - reach)
    paragraph = doc.text.rfind("\n\n", start, e.start)
    opening = sentence_spans(doc.text, paragraph, e.start)[:1] if paragraph >= 0 else []
    # a paragraph that opens by referring back ("Before Rollo's arrival, *its* populations …")
    # leaves its names to the one before, as a paragraph of one sentence does
    if paragraph >= 0 and (not opening or _REFERRING.search(doc.text[opening[0][0]:opening[0][1]])):
        spans = sentence_spans(doc.text, start, paragraph)
        start = spans[-sentences][0] if len(spans) >= sentences else start
    else:
        start = max(start, paragraph)
    return f"{doc.metadata.get('title', '')} {doc.text[start:e.start]}"


def _with_time_referent(e: Evidence, index: Store) -> str:
    """A sentence with the one before it when it names its time only as "that year", "the same
    day": the year it means is there, and so is the figure a question about it states."""
    return _with_sentence_before(e, index) if _TIME_BACK.search(e.text) else e.text


def _with_speaker(e: Evidence, index: Store, named: str) -> str:
    """The sentence with the words that say who speaks in it: the sentence before, when it
    opens by referring back ("It said …"), and `named`, the name its "the agency" or "it"
    stands for (`_speaker_named`)."""
    text = _with_referent(e, index)
    return f"{named} {text}" if named else text


def _speaker_named(e: Evidence, index: Store) -> str:
    """The name that the sentence's subject "it", "she" or "the agency" stands for ("Anadolu
    Agency"), from the sentences before; empty when the subject is no such reference."""
    if (reference := speaker_reference(e.text)) is not None:
        doc = index.documents[e.source]
        if found := antecedent(doc.text, doc.body_start, e.start, reference):
            return doc.text[found[2]:found[3]]
    return ""


def _next_sentence(index: Store, c: Candidate, step: int, reach: int = 2000) -> Candidate | None:
    """The sentence before (`step` -1) or after (+1) `c` in its file's body, or None."""
    doc = index.documents[c.source]
    if step < 0:
        spans = [s for s in sentence_spans(doc.text, max(doc.body_start, c.start - reach), c.start) if s[1] <= c.start]
        span = spans[-1] if spans else None
    else:
        spans = sentence_spans(doc.text, c.end, min(len(doc.text), c.end + reach))
        span = spans[0] if spans else None
    return Candidate(c.source, span[0], span[1], doc.text[span[0]:span[1]], 0.0) if span else None


def _compared(conflict: Conflict | None, agree: bool) -> list[Disagreement]:
    """Each source's sentence, where the sources disagree on a figure (`agree=False`) or
    state the same one (`agree=True`); empty when the comparison is of the other kind."""
    if not conflict or conflict.agree != agree:
        return []
    return [Disagreement(topic=conflict.topic, claims=_claims(conflict.claims))]


def _passages_out(passages: list, index: Store) -> list[PassageOut]:
    """The retrieved passages as the Answer shows them, with their scores and document hash."""
    return [PassageOut(source=p.chunk.source, start=p.chunk.start, end=p.chunk.end, score=round(p.score, 5),
                       dense=p.dense, bm25=p.bm25, sha256=index.documents[p.chunk.source].sha256) for p in passages]
