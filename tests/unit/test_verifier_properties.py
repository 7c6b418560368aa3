"""Property tests: take a sentence the evidence supports, mutate one fact — a figure, a
negation, a name, a role — and the verifier must reject the mutant. Every case also checks
a supported control sentence (a verbatim copy and a shortened paraphrase), so a verifier
that rejected everything would fail here too. Sentences use the real spaCy parser."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rag.evidence import Evidence
from rag.grounding import verify

NAMES = ["Anna Petrov", "Omar Haddad", "Lena Fischer", "David Okoro", "Maria Santos", "Yusuf Demir", "Tomas Novak"]
PLACES = ["Kelmar", "Port Melvin", "Druskin", "Valdora", "Ostrava"]
NOUNS = ["soldiers", "students", "workers", "villagers", "engineers", "nurses"]
VERBS = [("visited", "visit"), ("inspected", "inspect"), ("defended", "defend"), ("repaired", "repair"),
         ("photographed", "photograph")]
OBJECTS = ["bridge", "harbour", "airport", "lighthouse", "station", "factory"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
       "seventeen eighteen nineteen".split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
QUESTION = "What happened?"
RUN = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def spelled(n: int) -> str:
    """2..99 in words, hyphenated as newspapers write them."""
    if n < 20:
        return ONES[n]
    return TENS[n // 10] + ("" if n % 10 == 0 else "-" + ONES[n % 10])


def supported(claim: str, *evidence: str) -> bool:
    items = [Evidence(i + 1, "a.txt", 0, 0, text, 0.9) for i, text in enumerate(evidence)]
    checked = verify(claim, items, QUESTION)
    return bool(checked) and all(c.supported for c in checked)


def figure(n: int, words: bool) -> str:
    return spelled(n) if words else str(n)


people = st.lists(st.sampled_from(NAMES), min_size=2, max_size=2, unique=True)


@RUN
@given(people, st.sampled_from(VERBS), st.sampled_from(OBJECTS), st.sampled_from(PLACES),
       st.sampled_from(NOUNS), st.integers(2, 99), st.integers(2, 99), st.booleans(), st.booleans())
def test_a_changed_figure_is_rejected(who, verb, obj, place, noun, n, m, n_words, m_words):
    if n == m:
        m = n + 40 if n + 40 < 100 else n - 1
    a = who[0]
    evidence = f"{a} {verb[0]} the {obj} in {place} with {figure(n, n_words)} {noun}."
    assert supported(f"{evidence} [1]", evidence)
    assert supported(f"{a} {verb[0]} the {obj} with {figure(n, not n_words)} {noun} [1].", evidence)
    assert not supported(f"{a} {verb[0]} the {obj} in {place} with {figure(m, m_words)} {noun} [1].", evidence)


@RUN
@given(st.integers(2, 9), st.integers(2, 9), st.sampled_from(NOUNS), st.sampled_from(PLACES))
def test_a_compound_figure_is_not_its_parts(tens, ones, noun, place):
    """'forty-five' is 45: neither 'five' nor 'forty' is supported by it."""
    whole = tens * 10 + ones
    evidence = f"{spelled(whole).capitalize()} {noun} were evacuated from {place}."
    assert supported(f"{whole} {noun} were evacuated from {place} [1].", evidence)
    assert not supported(f"{spelled(ones).capitalize()} {noun} were evacuated from {place} [1].", evidence)
    assert not supported(f"{spelled(tens * 10).capitalize()} {noun} were evacuated from {place} [1].", evidence)


@RUN
@given(people, st.sampled_from(VERBS), st.sampled_from(OBJECTS), st.sampled_from(PLACES))
def test_an_added_negation_is_rejected(who, verb, obj, place):
    a = who[0]
    evidence = f"{a} {verb[0]} the {obj} in {place} on Monday."
    assert supported(f"{a} {verb[0]} the {obj} in {place} [1].", evidence)
    assert not supported(f"{a} did not {verb[1]} the {obj} in {place} [1].", evidence)
    assert not supported(f"{a} never {verb[0]} the {obj} in {place} [1].", evidence)


@RUN
@given(people, st.sampled_from(VERBS), st.sampled_from(OBJECTS), st.sampled_from(PLACES), st.sampled_from(NOUNS))
def test_a_dropped_negation_is_rejected(who, verb, obj, place, noun):
    a = who[0]
    evidence = f"{a} did not {verb[1]} the {obj} in {place} during the storm."
    assert supported(f"{a} did not {verb[1]} the {obj} in {place} [1].", evidence)
    assert not supported(f"{a} {verb[0]} the {obj} in {place} [1].", evidence)
    no_one = f"No {noun} were hurt in {place}."
    assert not supported(f"{noun.capitalize()} were hurt in {place} [1].", no_one)


@RUN
@given(people, st.sampled_from(VERBS), st.sampled_from(PLACES), st.sampled_from(DAYS))
def test_swapped_roles_are_rejected(who, verb, place, day):
    a, b = who
    evidence = f"{a} {verb[0]} {b} in {place} on {day}."
    assert supported(f"{a} {verb[0]} {b} [1].", evidence)
    assert not supported(f"{b} {verb[0]} {a} in {place} [1].", evidence)
    assert not supported(f"{a} was {verb[0]} by {b} in {place} [1].", evidence)


@RUN
@given(people, st.sampled_from(VERBS), st.sampled_from(OBJECTS))
def test_a_passive_role_swap_is_rejected(who, verb, obj):
    """The lighthouse of Quillon kept by Zorblax is not the lighthouse kept by Quillon."""
    a, b = who
    evidence = f"The {obj} of {a} was {verb[0]} by {b}."
    assert supported(f"The {obj} was {verb[0]} by {b} [1].", evidence)
    assert not supported(f"The {obj} was {verb[0]} by {a} [1].", evidence)


@RUN
@given(people, st.sampled_from(VERBS), st.sampled_from(OBJECTS), st.sampled_from(PLACES),
       st.sampled_from(NOUNS), st.integers(2, 99))
def test_names_and_figures_from_two_evidence_sentences_do_not_combine(who, verb, obj, place, noun, n):
    a, b = who
    first = f"{a} {verb[0]} the {obj} in {place}."
    second = f"{b} arrived with {n} {noun}."
    assert supported(f"{b} arrived with {n} {noun} [2].", first, second)
    mixed = f"{a} arrived with {n} {noun}"
    assert not supported(f"{mixed} [1].", first, second)
    assert not supported(f"{mixed} [2].", first, second)
    assert not supported(f"{mixed} [1][2].", first, second)


@RUN
@given(st.sampled_from(NOUNS), st.sampled_from(NOUNS), st.integers(2, 40), st.integers(41, 99), st.sampled_from(PLACES))
def test_a_figure_moved_to_another_noun_is_rejected(noun_a, noun_b, small, big, place):
    if noun_a == noun_b:
        return
    evidence = f"The shelling in {place} killed {big} {noun_a}, including {small} {noun_b}."
    assert supported(f"The shelling in {place} killed {big} {noun_a} [1].", evidence)
    assert not supported(f"The shelling in {place} killed {big} {noun_b} [1].", evidence)


def test_the_time_of_another_event_is_rejected():
    evidence = "Dozens of fighters have been killed in the battles that started Wednesday."
    assert supported("The battles started Wednesday [1].", evidence)
    assert not supported("The battles started Friday [1].", evidence + " Clashes continued on Friday.")


def test_scaled_and_grouped_figures_compare_as_values():
    assert supported("About 1.5 million people live in Kelmar [1].", "About 1,500,000 people live in Kelmar.")
    assert supported("A dozen nurses arrived in Kelmar [1].", "Twelve nurses arrived in Kelmar.")
    assert supported("45,000 troops crossed into Druskin [1].", "45000 troops crossed into Druskin.")
    assert not supported("15 million people live in Kelmar [1].", "About 1,500,000 people live in Kelmar.")
