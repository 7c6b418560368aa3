"""A claim and its denial travel together (rag.contested); wording unlike the seeds'."""

from __future__ import annotations

from rag.contested import denied_words, find_contested
from rag.disagreement import Candidate

from tests.conftest import FakeEmbedder

TEXT = ("Rebels said on Monday that they had taken the port of Tartus. "
        "The navy reported calm in the harbour, denying that the rebels had captured it. "
        "Prices of bread rose in the capital.")


def _sentences(source: str, text: str, dense: float = 0.5) -> list[Candidate]:
    out, start = [], 0
    for s in text.split(". "):
        s = s if s.endswith(".") else s + "."
        a = text.index(s.rstrip("."), start)
        out.append(Candidate(source, a, a + len(s), text[a:a + len(s)], dense, dense))
        start = a + len(s)
    return out


def _neighbours(cands: list[Candidate]):
    def previous(c: Candidate) -> Candidate | None:
        i = cands.index(c) if c in cands else next(i for i, x in enumerate(cands) if x.start == c.start)
        return cands[i - 1] if i > 0 else None

    def following(c: Candidate) -> Candidate | None:
        i = next(i for i, x in enumerate(cands) if x.start == c.start)
        return cands[i + 1] if i + 1 < len(cands) else None

    return previous, following


def test_denied_words_need_a_verb_of_denial_governing_a_claim() -> None:
    assert "captured it" in (denied_words("The navy reported calm, denying that the rebels had captured it.") or "")
    assert "reports" in (denied_words("The ministry denied reports that its troops had withdrawn.") or "")
    assert denied_words("Moscow rejected the claim as false.") is not None
    assert denied_words("The parliament rejected the bill in 1707.") is None  # a bill is not a statement
    assert denied_words("The rebels took the port on Monday.") is None


def test_a_shown_claim_brings_the_denial_that_follows_it() -> None:
    cands = _sentences("wire.txt", TEXT)
    previous, following = _neighbours(cands)
    found = find_contested([cands[0]], cands, FakeEmbedder().encode, previous, following)
    assert found is not None and found.claim == cands[0] and found.denial == cands[1]


def test_a_shown_denial_brings_the_claim_it_refers_back_to() -> None:
    cands = _sentences("wire.txt", TEXT)
    previous, following = _neighbours(cands)
    found = find_contested([cands[1]], list(reversed(cands)), FakeEmbedder().encode, previous, following)
    assert found is not None and found.claim == cands[0] and found.denial == cands[1]


def test_an_unrelated_sentence_brings_nothing() -> None:
    cands = _sentences("wire.txt", TEXT)
    previous, following = _neighbours(cands)
    assert find_contested([cands[2]], cands, FakeEmbedder().encode, previous, following) is None


def test_a_denial_in_another_file_is_matched_by_what_it_denies() -> None:
    claim = Candidate("a.txt", 0, 60, "The rebels captured the port of Tartus on Monday.", 0.8, 0.8)
    denial = Candidate("b.txt", 100, 170, "The navy denied that the rebels captured the port of Tartus.", 0.6, 0.6)
    other = Candidate("b.txt", 0, 40, "Bread prices rose in the capital.", 0.5, 0.5)
    none = lambda c: None  # noqa: E731 - no neighbours in this test
    found = find_contested([claim], [claim, other, denial], FakeEmbedder().encode, none, none)
    assert found is not None and found.denial == denial
    unrelated = Candidate("b.txt", 100, 170, "The navy denied that bread prices rose.", 0.6, 0.6)
    assert find_contested([claim], [claim, other, unrelated], FakeEmbedder().encode, none, none) is None


def test_who_denied_x_needs_x_in_the_claim_denied() -> None:
    from rag.contested import missing_from_claim

    both = TEXT.split(". ")[0] + ". " + TEXT.split(". ")[1]
    assert missing_from_claim("Who denied that the rebels had captured the port of Tartus?", both) is None
    assert missing_from_claim("Who disputed the rebels' claim about the port of Tartus?", both) is None
    assert "bombed" in (missing_from_claim("Who denied that the rebels had bombed the port of Tartus?", both) or "")
    assert "Latakia" in (missing_from_claim("Who denied that the rebels had taken the port of Latakia?", both) or "")
