from rag.spelling import respelled
from rag.text import norm, words

PASSAGES = [
    "Governor William Shirley's efforts to fortify Oswego were bogged down in logistical difficulties.",
    "The dockers of Portmere marched along the harbour between Monday and Friday; ARPANET carried the news.",
    "The march began on Monday.",
    "Fort Duquesne fell to the Iranians, not to Iraq's army, after an attack.",
]


def _seen(terms: list[str]) -> set[str]:
    held = {norm(w) for text in PASSAGES for w in words(text)}
    return {t for t in terms if t in held}


def test_a_misspelt_word_is_read_as_the_passages_spell_it() -> None:
    assert respelled("What difficulties was Shirly having?", PASSAGES, _seen) == \
        "What difficulties was Shirley having?"
    assert respelled("differences betwen the dockers and ARPNET", PASSAGES, _seen) == \
        "differences between the dockers and ARPANET"  # a letter missed; lower case kept lower
    assert respelled("Who went to Fort Dusquesne?", PASSAGES, _seen) == "Who went to Fort Duquesne?"  # one added
    assert respelled("Where did the Portmre dockers march?", PASSAGES, _seen) == \
        "Where did the Portmere dockers march?"


def test_a_real_word_or_a_short_one_is_never_changed() -> None:
    # "Iran" is a word: a question about it is not one about the passages' Iranians or Iraq
    for question in ("Who attacked Iran?", "What did the dockers attach?", "Where is Porte?",
                     "Who is Shirl?",  # under five letters
                     "Who was among the dockers?", "When was the march begun?"):  # not "along", not "begin"
        assert respelled(question, PASSAGES, _seen) == question


def test_a_word_the_index_holds_or_two_near_spellings_leave_the_question_as_typed() -> None:
    assert respelled("What did Shirly say?", PASSAGES, lambda terms: set(terms)) == "What did Shirly say?"
    both = [*PASSAGES, "Shirle wrote to Shirley."]  # "Shirly" is one edit from both
    assert respelled("What did Shirly say?", both, _seen) == "What did Shirly say?"
    assert respelled("What did Zhirly say?", PASSAGES, _seen) == "What did Zhirly say?"  # first letter differs


def test_a_british_or_american_spelling_is_read_as_the_index_spells_it() -> None:
    held = {norm(w) for w in ("neighborhood", "kilometres", "harbour")}

    def seen(terms: list[str]) -> set[str]:
        return {t for t in terms if t in held}

    assert respelled("Which neighbourhood is some kilometers from the harbour?", [], seen) == \
        "Which neighborhood is some kilometres from the harbour?"
    # a spelling the index holds is kept, as is one whose other spelling it lacks too
    assert respelled("Which harbour has a theatre?", [], seen) == "Which harbour has a theatre?"
