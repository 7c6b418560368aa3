from rag.evidence import Evidence
from rag.grounding import says_unknown, split_sentences, verify

EVIDENCE = [
    Evidence(1, "b.txt", 0, 0, "Syria's state media said projectiles landed in the student accommodations, killing four people, including two students.", 0.9),
    Evidence(2, "a.txt", 0, 0, "Before adopting its current name in 2017, Hayat Tahrir-al-Sham was known as Jabhat al-Nusra.", 0.5),
    Evidence(3, "b.txt", 0, 0, "\u201cHezbollah was the main force,\u201d said Rami Abdurrahman, the head of the Observatory.", 0.4),
]
Q = "How many people were killed?"


def verdicts(draft, question=Q):
    return [(c.supported, c.cited) for c in verify(draft, EVIDENCE, question)]


def test_number_words_equal_digits():
    assert verdicts("State media said 4 people were killed [1].") == [(True, (1,))]
    assert verdicts("State media said four people were killed [1].") == [(True, (1,))]


def test_invented_number_is_dropped():
    checked = verify("Forty-five people were killed [1].", EVIDENCE, Q)
    assert not checked[0].supported and "45" in checked[0].reason  # one value, not 40 and 5
    checked = verify("1.01 million people live in Aleppo [1].", EVIDENCE, "What is the population of Aleppo?")
    assert not checked[0].supported


def test_sentence_without_marker_or_with_unknown_marker_is_dropped():
    assert verdicts("Four people were killed.") == [(False, ())]
    assert verdicts("Four people were killed [7].") == [(False, (7,))]


def test_unsupported_name_is_dropped_even_with_marker():
    checked = verify("Abu Mohammad al-Jolani killed four people [1].", EVIDENCE, Q)
    assert not checked[0].supported


def test_wrong_citation_is_corrected_to_supporting_evidence():
    checked = verify("Hayat Tahrir-al-Sham was known as Jabhat al-Nusra [1].", EVIDENCE, "What was HTS called?")
    assert checked[0].supported and checked[0].cited == (2,)


def test_facts_from_two_evidence_items_are_not_merged():
    checked = verify("Rami Abdurrahman said four people were killed [1].", EVIDENCE, Q)
    assert not checked[0].supported


def test_names_from_the_question_may_be_restated():
    q = "Who is the head of the Syrian Observatory for Human Rights?"
    checked = verify("The head of the Syrian Observatory for Human Rights is Rami Abdurrahman [1].", EVIDENCE, q)
    assert checked[0].supported and checked[0].cited == (3,)


def test_restating_the_question_is_not_an_answer():
    checked = verify("People were killed [1].", EVIDENCE, Q)
    assert not checked[0].supported and checked[0].reason == "only repeats the question"


def test_leading_and_trailing_marker_styles_split_alike():
    assert split_sentences("[1] Four were killed. [2] It was Jabhat al-Nusra.") == [
        "[1] Four were killed.", "[2] It was Jabhat al-Nusra."]
    assert split_sentences("Four were killed. [1] It was Jabhat al-Nusra. [2]") == [
        "Four were killed [1].", "It was Jabhat al-Nusra [2]."]


def test_says_unknown():
    assert says_unknown("I don't know.") and says_unknown("This is not mentioned in the evidence.")
    assert not says_unknown("Four people [1].")


def test_figure_phrase_is_an_exact_substring_without_dangling_words():
    from rag.disagreement import figure_phrase, figures

    text = "Colonel X claimed these strikes have eliminated more than 400 enemy combatants throughout Aleppo and Idlib."
    phrase = figure_phrase(text)
    assert phrase == "more than 400 enemy combatants throughout Aleppo" and phrase in text
    assert figures("leaving hundreds dead and wounded") == {"hundreds"}
    assert figures("four people, including two students, in 2024") == {"4", "2"}


def test_a_negated_claim_needs_a_negation_in_the_evidence():
    checked = verify("Four people were not killed [1].", EVIDENCE, Q)
    assert not checked[0].supported and "negates" in checked[0].reason
    checked = verify("Projectiles didn't land in the student accommodations [1].", EVIDENCE, "Where did projectiles land?")
    assert not checked[0].supported


def test_same_figure_of_the_same_unit_is_an_agreement_not_of_another_unit():
    import numpy as np

    from rag.disagreement import Candidate, find_conflict, unit

    def embed(texts):  # every phrase equally unlike: only the unit spelling decides
        v = np.eye(len(texts), dtype="float32")
        return v

    a = Candidate("a.txt", 0, 10, "The fighters seized some 400 square kilometers of territory.", 0.9, 0.8)
    b = Candidate("b.txt", 0, 10, "The agency estimated an area of some 400 square kilometres in Idlib.", 0.7, 0.6)
    c = Candidate("b.txt", 20, 30, "Strikes eliminated more than 400 enemy combatants.", 0.6, 0.6)
    assert unit(a.text, "400") == "square kilometers" and unit(c.text, "400") == "enemy combatants"
    found = find_conflict("How much territory was seized?", [a, b], embed)
    assert found is not None and found.agree and found.figure == "400" and {x.source for x in found.claims} == {
        "a.txt", "b.txt"}
    assert find_conflict("How much territory was seized?", [a, c], embed) is None


def test_a_claim_keeps_its_speaker():
    ev = [Evidence(1, "a.txt", 0, 0, "The Syrian Observatory for Human Rights, a war monitor, said the insurgents blew up "
                                      "two car bombs at the city's western edge on Friday.", 0.9),
          Evidence(2, "a.txt", 0, 0, "Insurgents have seized several towns, according to a Syria war monitor and fighters.", 0.8)]
    q = "What did the insurgents do at the city's western edge?"
    dropped = verify("The insurgents blew up two car bombs at the city's western edge on Friday [1].", ev, q)
    assert not dropped[0].supported and "attributes" in dropped[0].reason
    kept = verify("The war monitor said the insurgents blew up two car bombs at the western edge [1].", ev, q)
    assert kept[0].supported, kept
    assert not verify("Insurgents have seized several towns [2].", ev, "What have insurgents seized?")[0].supported
    assert verify("Insurgents have seized several towns, according to a war monitor [2].", ev,
                  "What have insurgents seized?")[0].supported


def test_a_conflict_of_figures_the_answer_does_not_state_is_not_reported():
    from rag.disagreement import Candidate, Conflict, on_answer

    battle = Conflict("How many did they kill", [
        Candidate("a.txt", 0, 10, "The ministry said it left hundreds dead and wounded.", 0.5),
        Candidate("b.txt", 0, 10, "The monitor said dozens of fighters have been killed.", 0.5)])
    # an answer about another event (four people at the university) is not set beside the battle's figures
    assert on_answer(battle, ["Projectiles landed at the university, killing four people."]) is None
    # an answer that is one of the compared claims keeps the comparison, and so does an answer without a figure
    assert on_answer(battle, ["The monitor said dozens of fighters have been killed."]) is battle
    assert on_answer(battle, ["The fighting went on all day."]) is battle
    assert on_answer(None, ["Four people were killed."]) is None


def test_figures_that_count_other_things_are_not_compared():
    import numpy as np

    from rag.disagreement import Candidate, find_conflict
    from rag.evidence import counts_other_things

    def embed(texts):  # every phrase equally unlike: only what the figures count decides
        return np.eye(len(texts), dtype="float32")

    bombs = Candidate("a.txt", 0, 10, "The monitor said the insurgents blew up two car bombs on Friday.", 0.9, 0.8)
    fighters = Candidate("a.txt", 20, 30, "The monitor said dozens of fighters have been killed.", 0.8, 0.7)
    combatants = Candidate("b.txt", 0, 10, "The ministry said strikes eliminated more than 400 enemy combatants.",
                           0.8, 0.7)
    asked = "How many car bombs did the insurgents blow up?"
    assert counts_other_things(asked, combatants.text) and not counts_other_things(asked, bombs.text)
    assert find_conflict(asked, [bombs, combatants], embed) is None
    # combatants are fighters (one WordNet sense), so those figures still differ
    killed = "How many fighters were killed?"
    assert not counts_other_things(killed, combatants.text)
    found = find_conflict(killed, [fighters, combatants], embed)
    assert found is not None and not found.agree and {c.source for c in found.claims} == {"a.txt", "b.txt"}
    # a figure whose counted thing the parse cannot tell, and a question that names no counted noun
    assert not counts_other_things(asked, "The ministry said it left hundreds dead.")
    assert not counts_other_things("How much territory was seized?", combatants.text)


def test_an_area_asks_for_an_amount_only_as_the_thing_asked_about():
    from rag.disagreement import asks_amount

    assert asks_amount("How large an area did the strikers hold?")
    assert asks_amount("Who estimated the area held by the strikers?")
    assert asks_amount("What size of fleet did the port keep?")
    # a place a describing word picks out is no amount
    assert not asks_amount("What would the strategic area around the harbour secure?")
    assert not asks_amount("When were the dockers ousted from the city's eastern area?")
