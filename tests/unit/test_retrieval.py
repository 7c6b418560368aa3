from pathlib import Path

from rag.documents import load_documents
from rag.evidence import SentenceVectors, TermWeights, select_evidence
from rag.index import build_index
from rag.retrieval import Retriever

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _index(embedder):
    docs, _ = load_documents([SEEDS], 10**7)
    return build_index(docs, embedder, max_chars=700, overlap=1, approximate_above=10**6)[0]


def test_hybrid_search_keeps_both_scores_and_top_k(fake_embedder):
    index = _index(fake_embedder)
    passages = Retriever(index, fake_embedder, other_sources=1).search("Which town is Saraqab in?", 4)
    assert len(passages) == 4
    assert "Saraqab" in passages[0].chunk.text
    assert passages[0].bm25 is not None and passages[0].dense is not None
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)


def test_evidence_is_numbered_best_first_with_offsets(fake_embedder):
    index = _index(fake_embedder)
    q = "Who claimed that airstrikes eliminated more than 400 enemy combatants?"
    passages = Retriever(index, fake_embedder).search(q, 6)
    sel = select_evidence(q, passages, index, fake_embedder, TermWeights(index), SentenceVectors(), 3)
    evidence = sel.top(3)
    assert [e.n for e in evidence] == [1, 2, 3]
    assert "Ignatiuk" in evidence[0].text and sel.support > 0.8
    for e in evidence:
        assert index.documents[e.source].text[e.start:e.end] == e.text


def test_unrelated_question_has_low_support(fake_embedder):
    index = _index(fake_embedder)
    q = "What is the boiling point of liquid nitrogen in kelvin?"
    passages = Retriever(index, fake_embedder).search(q, 6)
    sel = select_evidence(q, passages, index, fake_embedder, TermWeights(index), SentenceVectors(), 3)
    assert sel.support < 0.3


def test_sentence_vectors_are_embedded_once(fake_embedder):
    index = _index(fake_embedder)
    cache = SentenceVectors()
    cands = [(c.source, c.start, c.end, c.text) for c in index.chunks[:5]]
    first = cache.get(cands, fake_embedder)
    calls = fake_embedder.texts
    again = cache.get(cands, fake_embedder)
    assert fake_embedder.texts == calls and (first == again).all()
    small = SentenceVectors(max_items=2)
    small.get(cands, fake_embedder)
    assert len(small._cache) == 2


def test_approximate_index_is_used_above_threshold_and_agrees_with_exact(fake_embedder, tmp_path):
    from rag.index import load_index, save_index

    docs, _ = load_documents([SEEDS], 10**7)
    exact = build_index(docs, fake_embedder, max_chars=300, overlap=1, approximate_above=10**6)[0]
    approx = build_index(docs, fake_embedder, max_chars=300, overlap=1, approximate_above=10)[0]
    assert type(exact.faiss_index).__name__ == "IndexFlatIP"
    assert type(approx.faiss_index).__name__ == "IndexHNSWSQ"
    save_index(approx, tmp_path / "ix")
    loaded = load_index(tmp_path / "ix", fake_embedder.id)
    q = "Which town did the fighters advance on to secure supply lines to Aleppo?"
    a = Retriever(exact, fake_embedder).dense(fake_embedder.encode([q])[0], 3)
    b = Retriever(loaded, fake_embedder).dense(fake_embedder.encode([q])[0], 3)
    assert [i for i, _ in a] == [i for i, _ in b]
    assert all(abs(x - y) < 1e-5 for (_, x), (_, y) in zip(a, b))  # exact re-scoring


def test_a_source_just_below_the_cut_is_heard(fake_embedder, tmp_path):
    # Port A's report has many passages on the question; port B's one passage ranks below them.
    (tmp_path / "a.txt").write_text("\n\n".join(
        f"The harbour of Kelmar loaded grain ships on day {i}, the harbour master said." for i in range(6)))
    (tmp_path / "b.txt").write_text("Kelmar dockers said the grain ships were late.\n\nThe weather was mild.")
    docs, _ = load_documents([tmp_path], 10**7)
    index = build_index(docs, fake_embedder, max_chars=120, overlap=0, approximate_above=10**6)[0]
    q = "When did the harbour of Kelmar load grain ships?"
    plain = Retriever(index, fake_embedder, other_sources=1).search(q, 4)
    heard = Retriever(index, fake_embedder).search(q, 4)
    assert {p.chunk.source for p in plain} == {"a.txt"}
    assert heard[:4] == plain and [p.chunk.source for p in heard[4:]] == ["b.txt"]


def test_a_sentence_that_refers_back_is_read_with_the_sentence_before(fake_embedder):
    from rag.assistant import _with_referent
    from rag.evidence import Evidence

    index = _index(fake_embedder)
    name = "001_1060402cd70cc40b.txt"
    text = index.documents[name].text
    for opening in ("It said the opposition groups", "Fighters also advanced on the town"):
        start = text.index(opening)
        end = text.index(".", start) + 1
        read = _with_referent(Evidence(1, name, start, end, text[start:end], 0.0), index)
        if opening.startswith("It "):  # "It" is the agency named in the sentence before
            assert read.endswith(text[start:end]) and "The agency also reported" in read
        else:
            assert read == text[start:end]


def test_a_sentence_that_names_its_time_as_that_year_is_checked_with_the_sentence_before(fake_embedder):
    from rag.answerability import figure_missing
    from rag.assistant import _with_time_referent
    from rag.evidence import Evidence

    index = _index(fake_embedder)
    name = "001_1060402cd70cc40b.txt"
    text = index.documents[name].text
    start = text.index("Russia and Iran and its allied groups")
    end = text.index(".", start) + 1
    e = Evidence(1, name, start, end, text[start:end], 0.0)
    question = "Who helped the army reclaim Aleppo in 2016?"
    assert figure_missing(question, e.text)  # alone, "that year" says no year
    read = _with_time_referent(e, index)
    assert read.endswith(e.text) and "The 2016 battle for Aleppo" in read and not figure_missing(question, read)
    start = text.index("Fighters also advanced on the town")
    plain = Evidence(2, name, start, text.index(".", start) + 1, text[start : text.index(".", start) + 1], 0.0)
    assert _with_time_referent(plain, index) == plain.text


def test_a_sentence_that_says_he_is_weighed_with_the_names_of_the_sentence_before():
    from rag.documents import Document
    from rag.evidence import _names_before

    text = "As Maarten Tromp grew, he came to distrust the harbour board. In 1840 he allied himself with its clerk."
    doc = Document("a.txt", text, "0")
    names = _names_before(doc, text.index("In 1840"))
    assert {"maarten", "tromp"} <= names and "grew" not in names
    assert _names_before(doc, 0) == set()  # nothing before the first sentence


def test_a_name_no_chosen_passage_holds_is_looked_up_lexically():
    from rag.chunking import Chunk
    from rag.retrieval import _naming

    chunks = {1: Chunk("a.txt", 0, 10, "Kublai Khan ruled the Mongols."),
              2: Chunk("a.txt", 10, 20, "Kublai Khan built a capital."),
              3: Chunk("a.txt", 20, 30, "Kublai Khan invited the duke to return to Qufu.")}
    assert _naming("Whom did Kublai Khan invite to return to Qufu?", [1, 2], [1, 2, 3], chunks) == [3]
    assert _naming("Whom did Kublai Khan invite?", [1, 2], [1, 2, 3], chunks) == []  # every name is held


def test_a_short_reference_brings_the_sentence_that_names_it(fake_embedder, tmp_path):
    from rag.assistant import _named_before
    from rag.disagreement import Candidate

    (tmp_path / "harbour.txt").write_text(
        "The dockers came in 1820. A fort, named Fort Vanhorn, was built to guard them. It stood on a rock. "
        "The fort was burnt in 1840 by the rebels. Trade grew.\n", encoding="utf-8")
    docs, _ = load_documents([tmp_path], 10**7)
    index = build_index(docs, fake_embedder, max_chars=700, overlap=1, approximate_above=10**6)[0]
    text = index.documents["harbour.txt"].text
    start = text.index("The fort was burnt")
    best = Candidate("harbour.txt", start, text.index("Trade"), text[start:text.index("Trade")].strip(), 1.0)
    named = _named_before("Who burnt Fort Vanhorn?", best, index)
    assert named is not None and "named Fort Vanhorn" in named.text
    # a name whose words the sentence does not use in short, or one no sentence before gives: nothing
    assert _named_before("Who burnt Castle Rock?", best, index) is None
    assert _named_before("Who burnt Fort Ostend?", best, index) is None
