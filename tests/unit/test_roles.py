"""Who does the question's verb: a sentence that says it of someone else is not the answer.
Wording of ports, banks and councils, not the seeds or squad-half."""

from __future__ import annotations

import pytest

from rag.roles import (deed_unmentioned, doers, does, names_doer, other_deed, other_doer, other_object, other_verb,
                       receivers)


@pytest.mark.parametrize(("question", "sentence", "said"), [
    # the question's doer is in the sentence, doing something else; the verb is another's
    ("When did Mayor Hollis resign?", "When Mayor Brandt resigned in 1911, Mayor Hollis was elected to the council.",
     "Mayor Brandt"),
    ("Since when has the harbour been managed by the city council?",
     "The city council bought the docks in 1950, which were managed by the rail company.", "rail company"),
    # a verb without a subject of its own is done by the subject of the clause it continues
    ("How many cranes did the council buy?", "The port authority outbid the council after buying four cranes.",
     "port authority"),
    # the same noun with another word before it is another doer; so is another "of" phrase
    ("How many cranes did the city council buy?", "The harbour council bought four cranes for the city.", "harbour council"),
    ("How many cranes did a union of dockers buy?", "A union of pilots bought four cranes for the dockers.", "union pilots"),
    # a passive of a verb also said without an object keeps its subject as the doer
    ("Where were the Danish traders settled?", "Many Dutch traders also settled in the harbour town.", "Many Dutch traders"),
    # a doer marked by a name the sentence never gives: the verb said of another is another's
    ("Since when have Oslo-based firms managed the harbour?",
     "The union met at the harbour, which has been managed by the rail company since 1950.", "rail company"),
    # a pronoun with the question's doer named in another role of the sentence is someone else
    ("To whom did Sweden sell the island?", "It sold the island to Denmark (Norway had sold it to Sweden a year before).",
     "Norway"),
])
def test_a_sentence_that_says_the_verb_of_another_doer_is_flagged(question, sentence, said) -> None:
    found = other_doer(question, sentence)
    assert found is not None and found.said == said
    assert said in found.reason


@pytest.mark.parametrize(("question", "sentence"), [
    ("When did Mayor Hollis resign?", "Mayor Hollis resigned in 1911."),
    # a longer name of the same doer
    ("Since when has the harbour been managed by the council?", "The harbour has been managed by the city council since 1950."),
    # a doer named differently is not in the sentence: a paraphrase, not a change
    ("When did the traders leave the port?", "The merchants left the port in May."),
    ("When did the Norwegian traders leave the port?", "The merchants from Norway left the port in May."),
    ("When did the Harbour Board Authority buy the cranes?", "The HBA bought the cranes in May."),
    # a passive's subject the parser calls active is what was done to, not the doer
    ("How are the harbour masters elected?", "The harbour masters are elected by a secret ballot of the pilots."),
    # a body by its initials, acting through its members
    ("When did the HBA buy the cranes?", "The members of the Harbour Board Authority (HBA) bought the cranes in May."),
    # a name misspelt
    ("What did Kllbrandon's report recommend?", "Kilbrandon published his report, recommending a new assembly."),
    # who is meant is not in this sentence
    ("When did Mayor Hollis resign?", "Mayor Hollis was praised. He resigned in 1911."),
    # the question's doer is part of a larger group that does it
    ("Where was the town settled by Huguenots?", "A small group of Huguenots settled the town on the river."),
    # "which quay" is what the question asks for, not who blocked it (the parser gives the verb two subjects)
    ("Which quay did the dock workers block after the vote?", "The dock workers blocked the north quay after the vote."),
    # one doer placed two ways: the phrases after its noun say where it was or came from, not who it is
    ("How many dockers were injured by the cranes at Hamburg's port?",
     "The ministry said cranes from the shipyard fell on the quay at Hamburg's port, injuring six dockers."),
    # the doer named in apposition, or as the subject of the copula whose noun does it
    ("Whom did Anna Berg meet at the 1950 fair?", "A clerk of the harbour board (Anna Berg) met Olaf Dahl at the 1950 fair."),
    ("When did the HBA open the quay?", "The Harbour Board Authority (HBA) was a public body that opened the quay in 1921."),
])
def test_the_same_doer_or_no_named_doer_is_not_flagged(question, sentence) -> None:
    assert other_doer(question, sentence) is None


@pytest.mark.parametrize(("question", "sentence"), [
    # the doer's other deed carries the time
    ("When did the dock workers occupy the harbour?", "The dock workers, who had blocked the gates since 2019, marched to the city hall."),
    # the same deed done to something else
    ("When did the council close the Harbour Street market?", "Trade fell most since 2012, when the council closed three schools."),
    # the time of another named doer's other deed
    ("When did the dock workers occupy the harbour?", "Trade fell most since 2019, when the council closed the docks."),
    # a report's time dates the deed reported, and that is another deed
    ("When did the dock workers occupy the harbour?", "The dock workers marched on, officials said on Friday."),
    ("When did the dock workers occupy the harbour?", "The dock workers marched on the harbour, reaching the gates, officials said Friday."),
    # the subject of a passive does the deed of the clause that continues it: the renaming's time
    ("When was the Harbour Trust founded?", "Before taking its current name in 1990, the Harbour Trust was known as the Dock Board."),
    ("When was the Dock Board founded?", "Before taking its current name in 1990, the Harbour Trust was known as the Dock Board."),
])
def test_a_time_of_another_deed_of_the_same_doer_is_flagged(question, sentence) -> None:
    assert other_deed(question, sentence) is not None


@pytest.mark.parametrize(("question", "sentence"), [
    ("When did the dock workers occupy the harbour?", "The dock workers occupied the harbour in 2019."),
    # a report's time dates the deed reported: who reported it is not a second doer
    ("When did the dock workers occupy the harbour?", "The dock workers occupied the harbour, officials said on Friday."),
    ("When did the dock workers occupy the harbour?",
     "The dock workers marched on the city, occupying the harbour, officials said Friday."),  # a joined verb
    # a time of the question's verb, said of another doer, may be the deed said another way
    ("When did the dock workers occupy the harbour?", "The strikers occupied the harbour in 2019."),
    # a time of an unnamed doer
    ("When did the dock workers occupy the harbour?", "It happened in 2019, when they took the quay."),
    ("When did the council close the Harbour Street market?", "The council closed the Harbour Street market in 2012."),
    # the clause that continues the timed verb is part of its deed
    ("When did the dock workers block the gates?",
     "The dock workers marched on the harbour on Friday, blocking the gates."),
    ("On what day did the council claim to have sold the docks?",
     "On Friday, the council claimed to have sold the docks."),
    ("When was the Harbour Trust founded?", "Founded in 1890, the Harbour Trust was renamed in 1990."),
])
def test_a_time_of_the_asked_deed_or_of_someone_else_is_not_flagged(question, sentence) -> None:
    assert other_deed(question, sentence) is None


def test_the_doer_of_the_asked_deed_is_someone_even_unnamed() -> None:
    from rag.evidence import names_someone

    question = "Who has blocked the harbour gates since 2019?"
    sentence = "The strike came as port-linked unions, who had blocked the harbour gates since 2019, grew."
    assert "unions" in " ".join(doers(question, sentence))
    assert names_someone(sentence, question)
    assert not names_someone("The gates were blocked by it in 2019.", question)  # a pronoun says not who
    # the deed in other words (WordNet): "barricaded" for "blocked", not "opened"
    assert "unions" in " ".join(doers("Who barricaded the harbour gates?", "Port unions blocked the harbour gates in May."))
    assert doers("Who opened the harbour gates?", "Port unions blocked the harbour gates in May.") == []


@pytest.mark.parametrize(("question", "sentence", "whom"), [
    ("Whom did the mayor call on to leave the harbour?", "The mayor issued a message calling on the dock workers to leave.",
     "dock workers"),
    ("Who did the council accuse of blocking the gates?", "The council accused the unions of blocking the gates.", "unions"),
    ("Who did the port help rebuild the quay?", "The port paid for the works, helping local traders rebuild the quay.",
     "local traders"),
])
def test_whom_a_question_asks_for_is_the_object_of_its_verb(question, sentence, whom) -> None:
    from rag.evidence import names_someone

    assert any(whom in found for found in receivers(question, sentence))
    assert names_someone(sentence, question)


def test_a_verb_that_says_only_that_something_happened_is_told_by_its_subject() -> None:
    question = "In what year did the Portmere strike take place?"
    assert deed_unmentioned(question, "The dockers' long campaign ended in the Portmere strike of 1911.") is None
    assert deed_unmentioned(question, "In 1911 the dockers built a new quay at Portmere.")
    assert deed_unmentioned("When did the fire happen?", "The fire destroyed the warehouse in 1911.") is None
    assert deed_unmentioned("When did the fire happen?", "The flood destroyed the warehouse in 1911.")


def test_a_decade_is_a_time() -> None:
    from rag.evidence import has_answer_kind

    question = "When did dockers begin arriving in Portmere?"
    assert has_answer_kind("when", "Dockers had begun arriving in the 880s.", question)
    assert has_answer_kind("when", "Dockers had begun arriving in the 1960s.", question)
    assert not has_answer_kind("when", "Dockers had begun arriving in large numbers.", question)


def test_which_n_did_x_v_needs_the_deed_when_it_has_no_other_thing() -> None:
    question = "Which Dutch port did the navy enter on Monday?"
    # a day is no thing of the deed: the sentence says another deed on that day
    assert deed_unmentioned(question, "On Monday, the navy claimed to have seized two ships near Antwerp.")
    assert deed_unmentioned(question, "The navy entered the port of Rotterdam on Monday.") is None
    # after a preposition too
    assert deed_unmentioned("To which port did the navy sail on Monday?", "On Monday, the navy seized two ships.")
    # the deed's thing is enough: it may be said another way; with a thing, "which" is not checked
    assert deed_unmentioned("Which radio station reported the strike at the harbour?",
                            "The strike at the harbour went on, according to Harbour Radio.") is None
    assert deed_unmentioned("Which ships' cargo was documented during the strike?",
                            "The dockers listed the cargo of the two ships.") is None
    # a name the parser hangs on the verb as an adverb ("ran Harbournet 2") is the deed's thing
    assert deed_unmentioned("Which firm ran Harbournet 2?",
                            "Harbournet 2 was the network operated by the Portmere Board.") is None


def test_a_doer_the_evidence_names_is_checked_though_the_sentence_lacks_it() -> None:
    question = "How many cranes did the dock workers buy?"
    sentence = "The port authority bought four cranes in May."
    assert other_doer(question, sentence) is None  # the workers may be named another way
    found = other_doer(question, sentence, evidence="The dock workers and the port authority met in May.")
    assert found is not None and found.said == "port authority"
    # the same doer named by a longer name, or by no name
    assert other_doer(question, "The dock workers of the city bought four cranes.", evidence="The dock workers met.") is None
    assert other_doer(question, "Four cranes were bought in May.", evidence="The dock workers met.") is None
    # a bare noun may stand for a bare noun, or for a described doer of its kind; so may a word that holds the other
    assert other_doer("How many cranes did the workers buy?", "The dockers bought four cranes.",
                      evidence="The workers met.") is None
    assert other_doer("How many cranes did the port authority buy?", "The agency bought four cranes.",
                      evidence="The port authority met.") is None
    # not one of another kind in every sense (WordNet): dockers are no port authority
    found = other_doer("How many cranes did the port authority buy?", "The dockers bought four cranes.",
                       evidence="The port authority met.")
    assert found is not None and found.said == "dockers"
    assert other_doer("Who said the airstrikes hit the quay?", "The mayor said the strikes hit the quay.",
                      evidence="The airstrikes went on.") is None


def test_a_question_asking_for_the_doer_asks_for_no_object() -> None:
    assert receivers("Who called on the dock workers?", "The mayor issued a message calling on the dock workers.") == []
    # a time after the question's preposition is not whom
    assert receivers("Who did the mayor call on?", "The mayor called on Friday.") == []


def test_a_who_answer_must_speak_of_the_deed_or_what_it_was_done_to() -> None:
    # names someone, and the harbour, but of another matter: neither the negotiating nor the lease
    assert deed_unmentioned("Who negotiated the lease of the harbour?",
                            "The harbour was the main asset of the city, said Mayor Hollis.")
    # the verb in another form, or the object, is enough: it may be said another way
    assert deed_unmentioned("Who negotiated the lease?", "Mayor Hollis led the negotiations.") is None
    assert deed_unmentioned("Who negotiated the lease?", "The lease was Mayor Hollis's work.") is None
    # a clause the verb governs: its nouns count
    assert deed_unmentioned("Who claimed that the dockers had taken the quay?",
                            "The union reported that the dockers have seized the quay.") is None
    # "whom did X V …?": the verb, or what else the question ties to it, not the doer it gives
    assert deed_unmentioned("Whom did the council take prisoner at the quay?", "The council said the quay was closed.") is None
    assert deed_unmentioned("Whom did the council take prisoner at the harbour?", "The council said the quay was closed.")
    assert deed_unmentioned("Whom did the council accuse?", "The council accused the unions.") is None
    # a question with no verb is not checked here
    assert deed_unmentioned("Who is the mayor?", "The harbour was the main asset.") is None
    # "when" too: a time of another matter is not the time of the deed asked about
    assert deed_unmentioned("Since when has the council leased the harbour?",
                            "The mayor said on Friday that trade grew by a third.")
    assert deed_unmentioned("Since when has the council rented out the harbour?", "The harbour was leased in 1950.") is None
    # "What is the name of the one who V-ed O?": a name of someone else who did something else is not it
    name = "What is the name of the docker who blocked the quay?"
    assert deed_unmentioned(name, "A former union leader named Anna Berg opened a shop.")
    assert deed_unmentioned(name, "A docker named Anna Berg blocked the quay on Monday.") is None
    # "Where did X V O?" too
    assert deed_unmentioned("Where did the dockers block the quay?", "The dockers went on strike in May.")
    assert deed_unmentioned("Where did the dockers block the quay?", "The dockers blocked the quay at Harbour Street.") is None
    # a verb of saying frames a report: no commanding, though "say" and "command" share a rare sense
    assert deed_unmentioned("Who commanded the attack on the quay?", "Officials said two cranes fell at the port.")
    # a noun that only modifies another names a kind, not the deed: "the lead crane" leads nothing
    assert deed_unmentioned("Who leads the dock union?", "The lead crane at the quay broke in May.")
    assert deed_unmentioned("Who leads the dock union?", "Anna Berg, who leads the strike, spoke.") is None
    # a deed denied is told by another: not checked
    assert deed_unmentioned("Since when has the council not owned the harbour?", "The council sold the docks in 1950.") is None


def test_a_who_answer_whose_verb_is_done_to_another_thing_is_flagged() -> None:
    sentence = "A new lease was signed on Monday, the day the dockers signed their own contract."
    assert other_object("Who signed the lease?", sentence)
    assert other_object("Who signed the contract?", sentence) is None
    assert other_object("Who signed the lease?", "The lease was signed by the mayor, who signed a contract too.") is None
    # the question's thing is not in the sentence: an object named another way is not another object
    assert other_object("Who signed the agreement?", "The dockers signed their own contract.") is None
    # … but one WordNet tells apart in every sense is, when the names that say which truce are missing too
    assert other_object("Who broke the truce between Norway and Sweden?", "The dockers broke their own contract.")
    assert other_object("Who broke the truce between Norway and Sweden?", "The dockers broke it.") is None  # a pronoun: not judged
    assert other_object("Who signed the truce?", "The dockers signed their own contract.") is None  # which truce?
    assert other_object("Who signed the same truce as Norway?", "Sweden signed the same contract as Norway did.") is None
    # a pronoun after the thing's name stands for it: "when Smit led the strike, the council dismissed *him*"
    assert other_object("Who dismissed Jan Smit?", "When Jan Smit led the strike, the council dismissed him.") is None
    assert other_object("Who dismissed Jan Smit?", "When Jan Smit led the strike, the council dismissed Berg.")


def test_another_doer_of_the_deed_in_other_words_is_flagged() -> None:
    # "blew up" is "detonated" in both verbs' usual sense
    question = "How many mines have the sailors detonated?"
    found = other_doer(question, "The rebels blew up two mines and were fighting the sailors.")
    assert found is not None and found.said == "rebels"
    assert does(question, "The rebels blew up two mines.", "rebels")
    # a rare shared sense is not the deed: "caught the navy unprepared" is no seizing
    assert other_doer("How many ports did the navy seize?", "The storm caught the navy unprepared at two ports.") is None


def test_a_sentence_says_the_question_s_verb_of_a_given_doer() -> None:
    question = "How many cranes did the council buy?"
    assert does(question, "The port authority bought four cranes in May.", "port authority")
    assert does(question, "The authority bought four cranes.", "port authority")  # one name holds the other
    assert not does(question, "The council bought four cranes.", "port authority")
    assert does("How many cranes did the dockers break at the port?", "The storm broke two cranes.", "storm")  # "broke"


def test_a_who_answer_that_ties_the_thing_to_another_deed_is_flagged() -> None:
    # the lease is in the sentence, but as what the dockers break, not what anyone negotiated
    assert other_verb("Who negotiated the lease?", "The council says the dockers are breaking the lease.")
    # the question's circumstance tied to another deed: not who was hurt in the fire
    assert other_verb("Who was hurt in the fire?", "Firefighters put out the fire at the quay.")
    # the deed said another way (WordNet), or in a noun of its stem, is the deed
    assert other_verb("Who negotiated the lease?", "The lease, brokered by Mayor Hollis, runs for ten years.") is None
    assert other_verb("Who negotiated the lease?", "Mayor Hollis led the negotiations over the lease.") is None
    assert other_verb("Who was hurt in the fire?", "Two dockers were injured in the fire.") is None
    # the thing is not tied to any verb (a copular sentence saying whose it is): nothing to tell
    assert other_verb("Who negotiated the lease?", "The lease was Mayor Hollis's work.") is None
    assert other_verb("Who won the battle of the quay?", "The battle of the quay was a British victory.") is None
    # … but a copular clause that only says what it was tells nobody who did it
    assert other_verb("Who led the battle of the quay?", "The battle of the quay was a turning point in the strike.")
    assert other_verb("Who led the dockers in the battle of the quay?",  # the dockers are part of the description
                      "The battle of the quay was a turning point in the war between the dockers and the council.")
    # another word for the deed counts where the thing hangs from it, not where it frames another deed
    assert other_verb("Who announced the lease?", "The council said the dockers are breaking the lease.")
    assert other_verb("Who announced the lease?", "The council said it had signed the lease.")
    assert other_verb("Who announced the lease?", "The council announced that it had signed the lease.") is None
    # "Who did the union say …?": the saying frames the deed asked about
    assert other_verb("Who did the union say was hurt in the fire?", "The union said firefighters put out the fire.")
    # "Who claimed …?" asks for the saying itself, told in too many ways to compare
    assert other_verb("Who claimed that the dockers had taken the quay?",
                      "The union reported that the dockers have blocked the quay.") is None
    # a saying with an object is a deed like any other
    assert other_verb("Who praised the harbour board?", "The harbour board said trade grew in May.")
    # "Where did X V O?" likewise: the cranes' place as they were bought is not where they were blown up
    assert other_verb("Where did the dockers blow up the cranes?", "The cranes were bought in Hamburg.")
    assert other_verb("Where did the dockers blow up the cranes?", "The dockers blew up the cranes at the quay.") is None
    # the verb with a prefix, or inside a compound noun, is the deed
    assert other_verb("Who established the harbour board?", "The mayor reestablished the harbour board in 1920.") is None
    assert other_verb("Who struck the quay from the air?", "Two jets carried out airstrikes on the quay.") is None


def test_a_who_is_the_role_answer_must_name_the_role() -> None:
    from rag.roles import role_unmentioned

    question = "Who is the spokesperson of the harbour board?"
    # names someone (the board, Mayor Hollis), but no spokesperson
    assert role_unmentioned(question, "The harbour board said trade grew, Mayor Hollis told the council.")
    # the role, another word for it, or the verb of its work
    assert role_unmentioned(question, "Anna Berg, the board's spokesperson, said trade grew.") is None
    assert role_unmentioned(question, "The board's spokesman, Anna Berg, said trade grew.") is None
    assert role_unmentioned("Who was the leader of the dockers' strike?", "Anna Berg led the dockers' strike in 1920.") is None
    # … but not the verb done by the one whose role is asked: what the union leads, not who leads it
    assert role_unmentioned("Who is the leader of the dock union?", "The strikes, led by the dock union, spread.")
    # the role of another named owner is not the one asked about; an unnamed owner may be
    assert role_unmentioned(question, "Anna Berg, the Rail Company's spokesperson, said trade grew.")
    assert role_unmentioned(question, "Anna Berg, the board's spokesperson, said trade grew.") is None
    # a described owner ("the firm's") stands for a name said before it, when the question's owner is not named
    assert role_unmentioned(question, "The Rail Company cut its fares, and the firm's spokesperson, Anna Berg, said trade grew.")
    assert role_unmentioned(question, "The harbour board met the Rail Company, and the board's spokesperson, "
                                      "Anna Berg, said trade grew.") is None
    assert role_unmentioned(question, "Trade grew, and the firm's spokesperson, Anna Berg, said so.") is None
    # "What is the name of the R?" asks for the R as well: "the Harbour *Ministry*" names no minister
    assert role_unmentioned("What is the name of the Harbour Minister?", "The Harbour Ministry said trade grew.")
    assert role_unmentioned("What is the name of the Harbour Minister?", "Anna Berg, the Harbour Minister, spoke.") is None
    # a question with a verb of its own that the sentence states needs no role word
    assert role_unmentioned("Who was the mayor whose council the dockers opposed?",
                            "The dockers opposed Anna Berg's council for years.") is None
    # an adjective that makes the role another one must be there too; one that says "now" need not
    assert role_unmentioned("Who is the deputy spokesperson of the harbour board?",
                            "Anna Berg, the board's spokesperson, said trade grew.")
    assert role_unmentioned("Who is the deputy spokesperson of the harbour board?",
                            "Anna Berg, the board's deputy spokesperson, said trade grew.") is None
    assert role_unmentioned("Who is the current spokesperson of the harbour board?",
                            "Anna Berg, the board's spokesperson, said trade grew.") is None
    # other questions are not checked here
    assert role_unmentioned("Who negotiated the lease?", "The harbour board said trade grew.") is None


def test_a_where_answer_ties_a_place_to_the_deed() -> None:
    from rag.roles import places_deed

    question = "Where did the dockers blow up the old crane?"
    assert places_deed(question, "The dockers blew up the old crane at the north quay on Monday.")
    # a place named as something else: what was taken, not where the crane went
    assert places_deed(question, "The dockers took Harbour Street after blowing up the old crane.") is False
    assert places_deed("Where did the dockers post the video?", "The dockers posted the video online.")
    # the deed not stated, or no "where": nothing known
    assert places_deed(question, "The north quay was closed on Monday.") is None
    assert places_deed("Who blew up the old crane?", "The dockers blew up the old crane at the north quay.") is None


@pytest.mark.parametrize(("question", "sentence", "flagged"), [
    # the named doer or topic is missing: a sentence about someone else
    ("Where did Anna Kowalski work?", "The council worked at the harbour.", True),
    ("What did the mayor say about Rotterdam?", "The mayor said the docks of Antwerp were full.", True),
    # named in short, by initials, or by a pronoun of its kind
    ("Where did Anna Kowalski work?", "Kowalski worked at the harbour.", False),
    ("Where did Anna Kowalski work?", "She worked at the harbour.", False),
    ("What did the mayor say about the Port Authority?", "The mayor said the PA was slow.", False),
    # what someone said about a topic that is no name
    ("What did the mayor say about the cranes?", "The mayor said the docks were full.", True),
    ("What did the mayor say about the cranes?", "The mayor said the new crane was slow.", False),
    ("How did the mayor feel about the cranes?", "The mayor was glad the docks were full.", False),
    # "it" does not stand for a person
    ("Where did Anna Kowalski work?", "Its crews worked at the harbour.", True),
    # a name in another role is left alone
    ("Who is the head of the Rotterdam Port Authority?", "Jan Smit, the head of the authority, spoke.", False),
    # the other side of the deed: a dispute between others does not say who disputes with Rotterdam
    ("Who has been in a dispute with Rotterdam since May?", "Antwerp and Hamburg have been in a dispute since May.", True),
    ("Who has been in a dispute with Rotterdam since May?", "Antwerp has been in a dispute with Rotterdam since May.", False),
    # a pronoun whose own sentence names who it stands for does not refer back to the question's name
    ("Who said Hamburg was the busiest port?", "Antwerp said that its docks were the busiest.", True),
    ("Who said Hamburg was the busiest port?", "Before opening its new docks, Antwerp was the busiest port.", True),
    ("Who said Hamburg was the busiest port?", "The council said that its docks were the busiest.", False),
    # a common noun named beside it binds too ("the engineer Piet de Vries … he")
    ("When did Maarten Tromp retire?", "The engineer Piet de Vries (1801–1870) built a crane, which he ran.", True),
    ("When did Maarten Tromp retire?", "The engineer built a crane, which he ran for years.", False),
    # another name as the subject of the question's verb: no pronoun of the sentence stands for the question's
    ("Who said that Antwerp had a duty?", 'The mayor said Rotterdam had a duty: "they must lead the ports".', True),
    ("Who said that Antwerp had a duty?", 'The mayor said the port had a duty: "they must lead the ports".', False),
    # the head word of another's name ("Maria Kowalski") is not the name
    ("Where did Anna Kowalski work?", "Maria Kowalski worked at the harbour.", True),
    # a misspelt name is the name
    ("Where did Anna Kowalsky work?", "Kowalski worked at the harbour.", False),
    # "he" after another person's name in its own sentence stands for that person, whatever its role
    ("When did Maarten Tromp retire?", "The plan of Henry Morton failed; he retired a year later.", True),
    ("When did Maarten Tromp retire?", "The plan failed; he retired a year later.", False),
])
def test_the_question_s_named_doer_or_topic_must_be_spoken_of(question, sentence, flagged) -> None:
    from rag.roles import participant_unmentioned

    assert (participant_unmentioned(question, sentence) is not None) is flagged


@pytest.mark.parametrize(("question", "sentence", "flagged"), [
    # the question's doer is marked by a nation the sentence never names, and its doers by another
    ("Which port did the Dutch navy seize?", "Belgian dockers have seized the port of Antwerp.", True),
    ("Which port did the Dutch navy seize?", "Danish and Belgian ships left the port.", True),
    # the same nation in another form, or a doer without a nation's mark: left alone
    ("Which port did the Belgian navy seize?", "Belgium's navy seized the port of Antwerp.", False),
    ("Which port did the Turkish navy seize?", "Turkey's navy seized the port of Izmir.", False),
    ("Which port did the Dutch navy seize?", "The navy seized the port of Antwerp.", False),
    # what is asked for ("which Belgian port") is no doer, though the parser may make it a subject
    ("Which Belgian port did the dockers seize?", "Dutch dockers seized the port of Antwerp.", False),
])
def test_a_doer_marked_by_another_nation_is_not_the_question_s(question, sentence, flagged) -> None:
    from rag.roles import participant_unmentioned

    assert (participant_unmentioned(question, sentence) is not None) is flagged


def test_a_word_the_evidence_writes_in_lower_case_is_no_name() -> None:
    from rag.roles import participant_unmentioned

    question = "What did Westward expansion bring to the port?"
    assert participant_unmentioned(question, "Trade grew.", "the westward expansion of the railways") is None


@pytest.mark.parametrize(("question", "sentence", "flagged"), [
    # the deed said of the thing, but not by whom: the question's doer is not in it
    ("When did the city council announce a curfew?", "A curfew was announced on Monday.", True),
    # the doer named, in the "by" or elsewhere in the sentence
    ("When did the city council announce a curfew?", "A curfew was announced by the council on Monday.", False),
    ("When did the city council announce a curfew?", "The council met and a curfew was announced on Monday.", False),
    # an active verb says who did it (another doer is other_doer's work); a question without a doer
    ("When did the city council announce a curfew?", "The mayor announced a curfew on Monday.", False),
    ("When was a curfew announced?", "A curfew was announced on Monday.", False),
    # "who" asks for the doer
    ("Who announced a curfew?", "A curfew was announced on Monday.", False),
])
def test_a_passive_without_its_doer_does_not_say_the_question_s_doer_did_it(question, sentence, flagged) -> None:
    from rag.roles import doer_unsaid

    assert (doer_unsaid(question, sentence) is not None) is flagged


def test_without_the_deed_s_things_only_the_usual_sense_says_the_deed() -> None:
    # "leave" and "lose" share a rare sense only: a sentence without the harbour does not say who lost it
    question = "What is the name of the captain who lost the harbour?"
    assert deed_unmentioned(question, "The storm hit the quay, leaving two boats sunk.")
    assert deed_unmentioned(question, "Captain Brandt, who lost the harbour in May, resigned.") is None
    # the usual sense is enough: "kill" causes "die"
    assert deed_unmentioned("Where did the dockers die?", "The fire killed two dockers at the quay.") is None


@pytest.mark.parametrize(("question", "sentence", "flagged"), [
    # the thing is there, the deed is not, and no place is given to it: a place of another matter
    ("Where did the mayor give her interview in 2020?",
     "In an interview in 2020, the minister called the harbour an asset of Rotterdam.", True),
    # a place given to the thing, or to the verb it hangs from
    ("Where did the mayor give her interview in 2020?",
     "In an interview in Geneva in 2020, the mayor praised the port.", False),
    ("Where did the mayor give her interview in 2020?",
     "In a Geneva interview in 2020, the mayor praised the port.", False),
    ("Where did the mayor give her interview?", "The mayor spoke at the harbour in an interview.", False),
    # the deed stated, or the thing missing: judged elsewhere
    ("Where did the mayor give her interview?", "The mayor gave an interview, praising Rotterdam.", False),
    ("Where did the mayor give her interview?", "The minister praised Rotterdam.", False),
    # "Where is X based?": X as the one who says something, in a sentence that places another's deed
    ("Where is the Harbour Watch based?",
     "The Harbour Watch, a monitor, said the dockers blew up the crane at the north quay.", True),
    ("Where is the Harbour Watch based?", "The Harbour Watch in Bremen said the dockers blew up the crane.", False),
    ("Where is the Harbour Watch based?", "The Harbour Watch, a monitor based in Bremen, said the crane fell.", False),
    # what the deed was done to is judged only as a doer: "the crane" taken is no claim of its place
    ("Where was the old crane built?", "The dockers said they had taken the old crane, two miles from the quay.", False),
    # "Where did X come from?": the subject of a verb with no thing of its own, when it is a thing
    # ("were" only helps "using": it states no coming, though "be" and "come" share a sense)
    ("Where did the old cranes come from?", "The dockers said they were using the old cranes in their strike.", True),
    ("Where did the cranes used by the dockers come from?", "The dockers said they were using the cranes in their strike.",
     True),  # the question asks where they came from, not where they were used
    ("Where did the old cranes come from?", "The dockers said they were using the old cranes from Bremen.", False),
    ("Where did the old cranes come from?", "The dockers brought the old cranes from Bremen.", False),
    ("Where did the harbour pilots come from?", "The harbour pilots said they were meeting the mayor in their strike.",
     False),  # people: where they came from may be told by whom they descend from
    # what moved is placed by its own words, not by another deed done to it; "was" states no coming
    ("Where did the old cranes come from?", "It was not clear where the old cranes were used on the quay.", True),
    ("Where did the old cranes come from?", "The dockers said they were using the old cranes at the north quay.", True),
])
def test_where_needs_a_place_of_the_thing_when_the_deed_is_not_stated(question, sentence, flagged) -> None:
    from rag.roles import thing_unplaced

    assert (thing_unplaced(question, sentence) is not None) is flagged


@pytest.mark.parametrize(("question", "sentence", "flagged"), [
    # what is asked is the object of a deed the sentence does not state
    ("What did the council say the dockers are blocking?", "The council said the dockers went on strike on Monday.", True),
    ("What did the dockers demolish?", "The dockers met the mayor on Monday.", True),
    # the deed in any form or in other words (WordNet, usual senses)
    ("What did the council say the dockers are blocking?", "The council said the dockers blocked the north gate.", False),
    ("What did the dockers demolish?", "The dockers destroyed the old crane.", False),
    # a deed with a thing of its own, a general verb, a denied deed, or a kind asked for: left alone
    ("What did the dockers demolish at the harbour?", "The dockers met the mayor at the harbour.", False),
    ("What did the dockers do?", "The dockers met the mayor.", False),
    ("What did the dockers not demolish?", "The dockers met the mayor.", False),
    ("What ships were sunk by the storm?", "The storm hit the quay.", False),
    # the verb the parser reads as a noun ("port authority post"): the question is read in statement order
    ("What did the port authority post online?", "The port authority met the dockers on Monday.", True),
    ("What did the port authority post online?", "The port authority posted a video online.", False),
    # what a passive verb made of its subject
    ("What was Fort Hollis later renamed?", "The dockers met between Fort Hollis and the north quay.", True),
    ("What was Fort Hollis later renamed?", "Fort Hollis was later renamed Fort Berg.", False),
    # a time frame is no thing of the deed's own
    ("What did the dockers build by 1900?", "By 1900, the dockers' strike was over.", True),
    # a name is told by any naming
    ("What was Fort Hollis called before 1900?", "Before 1900, Fort Hollis was known as Fort Berg.", False),
])
def test_a_what_answer_states_the_deed_whose_object_is_asked(question, sentence, flagged) -> None:
    from rag.roles import what_deed_unsaid

    assert (what_deed_unsaid(question, sentence) is not None) is flagged


@pytest.mark.parametrize(("question", "sentence", "flagged"), [
    # nobody says anything in the sentence
    ("Who said Hamburg was the busiest port?", "Hamburg and Antwerp had helped the council build the busiest port.", True),
    # a verb that tells of a saying, "according to", a statement or a quotation
    ("Who said Hamburg was the busiest port?", "The mayor argued that Hamburg was the busiest port.", False),
    ("Who said Hamburg was the busiest port?", "Hamburg was the busiest port, according to the council.", False),
    ("Who said Hamburg was the busiest port?", "In a statement, the council named Hamburg the busiest port.", False),
    ("Who said Hamburg was the busiest port?", "\u201cHamburg is the busiest port,\u201d the mayor wrote.", False),
    # a question about no saying
    ("Who built the busiest port?", "Hamburg and Antwerp had helped the council build the busiest port.", False),
])
def test_who_said_needs_a_sentence_that_tells_of_a_saying(question, sentence, flagged) -> None:
    from rag.roles import saying_untold

    assert (saying_untold(question, sentence) is not None) is flagged


@pytest.mark.parametrize(("question", "sentence", "flagged"), [
    # the sentence's deed is done to something else, and the question's name is nowhere
    ("What did the mayor accuse Antwerp of?", "The mayor accused the dockers of blocking the gate.", True),
    ("Who accused Antwerp of blocking the gate?", "The mayor accused the dockers of blocking the gate.", True),
    # the name given, in another form, or the deed not in the sentence: left to other checks
    ("What did the mayor accuse Antwerp of?", "The mayor accused Antwerp of blocking the gate.", False),
    ("What did the mayor accuse the West of?", "The mayor accused Western shipping lines of delays.", False),
    ("What did the mayor accuse Antwerp of?", "The mayor blamed the dockers for the delays.", False),
    # named, but in another clause while the deed is done to another name; or said of it in apposition
    ("Where did the mayor send Olaf?", "When Olaf fell ill, the mayor sent Berg to Varnes.", True),
    ("Where did the mayor send Olaf?", "The mayor sent his son, Olaf, to Varnes.", False),
    ("Where did the mayor send Olaf?", "The mayor sent Olaf to Varnes.", False),
    # an acronym may be the question's name
    ("Who described the Kelmar Harbour Board as a threat?", "In 1990 Olaf Dahl described KHB as a threat, while the "
     "Kelmar Harbour Board denied it.", False),
])
def test_a_named_object_done_to_another_is_not_the_question_s(question, sentence, flagged) -> None:
    from rag.roles import other_named_object

    assert (other_named_object(question, sentence) is not None) is flagged



def test_a_doer_is_named_only_in_full() -> None:
    assert names_doer("port authority", "The Port Authority bought four cranes.")
    assert names_doer("West", "Western banks lent the money.")  # a word in a longer form
    assert names_doer("Tugh Temur", "After the death of Tugh Temür in 1332 …")  # spelt another way
    assert names_doer("US", "The United States paid the dockers.")  # as initials
    assert not names_doer("port authority", "The city authority bought four cranes.")  # one word of two
    assert not names_doer("dock workers", "The dockers left.")


def test_a_doer_only_the_passages_around_name_counts_where_they_name_both_doers() -> None:
    question = "How many cranes did the dock workers buy?"
    sentence = "The dockers bought four cranes in May."
    assert other_doer(question, sentence) is None
    # one side named two ways in one report, never in one breath: the same doers
    assert other_doer(question, sentence, around="The dock workers met. The dockers left early.") is None
    # a sentence that sets the two side by side tells them apart
    found = other_doer("How many cranes did the port authority buy?", sentence,
                       around="The dockers struck against the port authority in May.")
    assert found is not None and found.said == "dockers"


def test_what_was_done_needs_the_deed_or_what_it_was_done_during() -> None:
    question = "What did the dockers seize during the strike?"
    assert deed_unmentioned(question, "The dockers said the port has lost thousands of tonnes of grain.")
    assert deed_unmentioned(question, "During the strike the dockers took two cranes.") is None  # its "strike"
    assert deed_unmentioned(question, "The dockers seized two cranes.") is None


def test_a_time_of_a_noun_that_names_the_deed_is_the_deed_s_time() -> None:
    # "the signing of the treaty in 1763" dates the signing, whatever verb the sentence hangs it on
    sentence = "The strike refers to events in the port, from the first walkout in 1756 to the signing of the treaty in 1763."
    assert other_deed("When was the treaty signed?", sentence) is None
    assert other_deed("When was the port opened?", "The dates refer to the closing of the port in 1763.") is not None


def test_a_deed_said_only_as_its_opposite_does_not_answer() -> None:
    from rag.roles import opposite_deed

    assert opposite_deed("What did the mayor allow in 1891?", "In 1891 the mayor forbade the sale of cranes.")
    assert opposite_deed("What did the mayor allow in 1891?", "In 1891 the mayor allowed the sale of cranes.") is None
    # "who" is left alone: the other side of "won … from" is the loser
    assert opposite_deed("Who lost the fort?", "The British won the fort from the French.") is None


def test_when_a_deed_has_no_thing_but_its_subject_the_sentence_must_state_it() -> None:
    question = "When was the harbour toll abolished?"
    assert deed_unmentioned(question, "The harbour toll was raised in 1881 as the port grew.")
    assert deed_unmentioned(question, "The harbour toll was abolished in 1881.") is None
    assert deed_unmentioned(question, "The abolition of the harbour toll in 1881 pleased the dockers.") is None
    # a date on the subject itself ("the 1881 strike") tells when it began
    assert deed_unmentioned("When did the strike start?", "The 1881 strike turned into a riot.") is None


def test_a_move_told_the_other_way_round_does_not_answer() -> None:
    from rag.roles import swapped_ends

    sentence = "In 1880 the dockers sailed from Rotterdam to the port of Antwerp."
    assert swapped_ends("When did the dockers sail from Antwerp to Rotterdam?", sentence)
    assert swapped_ends("When did the dockers sail from Rotterdam to Antwerp?", sentence) is None
    assert swapped_ends("When did the dockers sail to Antwerp?", sentence) is None


@pytest.mark.parametrize(("question", "sentence", "flagged"), [
    # a light verb is the deed of "which N" all the same: said in any form, or N named
    ("Which tool did the dockers often use?", "The dockers often worked at night near the cranes.", True),
    ("What tool did the dockers often use?", "The dockers often used a hook.", False),
    ("What tool did the dockers often use?", "A hook was the dockers' favourite tool.", False),
    # "Where did X V?" with no thing: the sentence must tell of V, in any sense or by its noun
    ("Where did Henry Morton die?", "Henry Morton dismissed the captain in Leiden.", True),
    ("Where did Henry Morton die?", "He died in Leiden two years later.", False),
    ("Where did Henry Morton die?", "After his death in Leiden, the docks were sold.", False),
    # a place the question's deed is done to, named by its adjective ("Irish culture" for Ireland)
    ("Where did the Normans invade Ireland?", "Irish culture changed after their landing at Wexford.", False),
    ("Where did the Normans invade Ireland?", "Scottish culture changed after their landing at Ayr.", True),
])
def test_the_deed_of_which_n_or_its_noun(question, sentence, flagged) -> None:
    assert (deed_unmentioned(question, sentence) is not None) is flagged


def test_a_name_dated_by_its_years_dates_a_deed_without_a_thing() -> None:
    sentence = "In the 19th century, the engineers Piet de Vries (1801–1870) and Jan Smit (1810–1880) built the docks."
    assert other_deed("In what year did Piet de Vries die?", sentence) is None
    # a deed with a thing of its own is not dated by the doer's years
    assert other_deed("In what year did Piet de Vries design the crane?", sentence) is not None


@pytest.mark.parametrize(("question", "sentence", "flagged"), [
    # the question's doer in one clause, its thing only in another doer's side clause
    ("What did the mayor say about the old crane?",
     "The mayor praised the new quay, while the port director said that the old crane was unsafe.", True),
    ("What did the mayor call the harbour board?",
     "The port director called the harbour board a relic, while the mayor insisted that the quay was safe.", True),
    # the thing in the doer's own clause, or in what the doer says another did
    ("What did the port director say about the old crane?",
     "The mayor praised the new quay, while the port director said that the old crane was unsafe.", False),
    ("What did the mayor say about the old crane?", "The mayor said that the dockers had burned the old crane.", False),
    # a clause describing the doer is the doer's
    ("When did Mayor Hollis sell the crane?", "Mayor Hollis, whose council had sold the crane, resigned in 1911.", False),
])
def test_a_thing_in_another_doers_clause(question, sentence, flagged) -> None:
    from rag.roles import crossed_clause

    assert (crossed_clause(question, sentence) is not None) is flagged


def test_others_of_a_group_are_no_other_doer() -> None:
    # "Others" are some of the Flemings the evidence names before, not someone else
    sentence = "Others migrated to places like Calais, and fled to Dunkirk after the Dutch Revolt."
    evidence = "The deportation of Flemings beginning in 1755 resulted in land made available to migrants. " + sentence
    assert other_doer("Where did Flemings flee after the Dutch Revolt?", sentence, evidence) is None


@pytest.mark.parametrize(("text", "named"), [
    ("The Danish crews sailed home.", True),
    ("The crews sailed to Danish West India.", False),  # a word of a longer name names something else
])
def test_a_word_of_a_longer_name_does_not_name_the_doer(text, named) -> None:
    assert names_doer("Danish", text) is named


@pytest.mark.parametrize(("sentence", "flagged"), [
    ("The port authority paid five million for the new quay.", True),
    ("The council spent five million on the harbour.", False),
])
def test_an_amount_question_needs_its_deed_or_its_thing(sentence, flagged) -> None:
    assert (deed_unmentioned("How much did the council spend on the harbour?", sentence) is not None) is flagged


def test_the_counted_noun_of_an_amount_question_is_not_its_thing() -> None:
    # "casualties" said as "killed or injured": the figure's own check holds the counted noun
    assert deed_unmentioned("How many casualties did the garrison get?",
                            "Approximately 300 soldiers of the garrison were killed or injured.") is None


def test_an_opposite_deed_keeps_the_premise_where_other_evidence_states_the_deed() -> None:
    from rag.roles import opposite_deed

    found = opposite_deed("What did the mayor allow in 1891?", "In 1891 the mayor forbade the sale of cranes.")
    assert found is not None
    assert found.held_by("The mayor allowed the dockers to strike.")
    assert not found.held_by("The mayor sold the cranes.")


@pytest.mark.parametrize(("sentence", "flagged"), [
    ("The seaplanes carried out patrols over the harbour.", True),  # "carry out" is no "take off"
    ("The seaplanes took off from Ostend at dawn.", False),
])
def test_a_phrasal_verb_is_a_deed_of_its_own(sentence, flagged) -> None:
    assert (deed_unmentioned("Where did the seaplanes take off from?", sentence) is not None) is flagged


def test_a_name_in_capitals_is_the_initials_of_another() -> None:
    # "OAPEC" for "the members of the Organization of Arab Petroleum Exporting Countries": a body
    # acts through its members, and the capitals are its initials
    from rag.nlp import parse
    from rag.roles import _abbreviates

    short, name = list(parse("OBHP")), [t for t in parse("the members of the Organization of Baltic Harbour Pilots")]
    assert _abbreviates(short, name) and not _abbreviates(list(parse("OBHS")), name)
    assert not _abbreviates(list(parse("the pilots")), name)


def test_a_light_verb_says_the_deed_only_with_its_thing() -> None:
    question = "Who provided the financing for the harbour?"
    assert deed_unmentioned(question, "Older ports were rebuilt to provide a rail link to the city.")
    assert deed_unmentioned(question, "The Harland bank financed the harbour.") is None
    # a verb that is no light verb says the deed alone, as before
    assert deed_unmentioned("Who rebuilt the harbour?", "The council rebuilt it in 1921.") is None


def test_a_pronoun_that_does_the_deed_may_be_the_question_s_doer() -> None:
    # "It" may stand for Finland, which the evidence names, whoever sells in the other clause
    sentence = "It sold the island to Denmark (Norway had sold it to Sweden a year before)."
    evidence = f"Finland lost the war. {sentence}"
    assert other_doer("To whom did Finland sell the island?", sentence, evidence) is None
    assert other_doer("To whom did Finland sell the island?", "Norway sold the island to Denmark.", evidence)


def test_an_object_named_in_apposition_is_the_question_s() -> None:
    assert other_object("Who succeeded Olaf as king?", "Harald succeeded his brother, Olaf, as king in 1030.") is None
    assert other_object("Who succeeded Olaf as king?", "Harald succeeded his brother as king while Olaf fled.")


def test_an_active_verb_joined_to_a_passive_is_done_by_its_subject() -> None:
    sentence = "The mayor was attacked by the press and resigned in 1911."
    assert other_doer("When did the mayor resign?", sentence) is None
    found = other_doer("When did the press resign?", sentence)
    assert found is not None and found.said == "mayor"


@pytest.mark.parametrize(("question", "sentence", "flagged"), [
    # "what N" as "which N": a sentence with neither the deed nor any thing of it, nor N, does not answer
    ("What city did the duke adopt as his seat?", "A rival council in Bergen proclaimed the duke king.", True),
    ("What city did the duke adopt as his seat?", "He adopted as his seat the city of Bergen.", False),
    # N itself may be what the sentence holds, the deed in other words
    ("Which towns' charters were signed during his reign?", "He finished the charters of Bergen and Oslo.", False),
])
def test_a_what_n_question_with_a_thing_wants_the_deed_or_a_thing(question, sentence, flagged) -> None:
    assert (deed_unmentioned(question, sentence) is not None) is flagged


@pytest.mark.parametrize(("question", "sentence", "flagged"), [
    # the parser takes "study" for a noun, so the question is read in statement order ("… studied
    # where?"); it still asks where, and a sentence that only says who the man was does not say it
    ("Where did Anna Vermeer study?", "One of the best-known painters in Ostend was Anna Vermeer.", True),
    ("Where did Anna Vermeer study?", "Anna Vermeer studied in Leuven before she came to Ostend.", False),
])
def test_a_where_question_read_in_statement_order_still_needs_its_deed(question, sentence, flagged) -> None:
    from rag.nlp import parse_question
    from rag.roles import deed_unmentioned

    assert parse_question(question)[0].lower_ != "where"  # the case this test is about
    assert (deed_unmentioned(question, sentence) is not None) is flagged


@pytest.mark.parametrize(("question", "sentence", "flagged"), [
    # a thing that stretches is placed by its own clause, read in statement order or not
    ("Where does the coastal railway lead?",
     "Freight was moved off the coastal railway linking Ostend to the port city, Antwerp, last year.", False),
    ("Where does the coastal railway lead?", "Freight traffic on the coastal railway fell last year.", True),
])
def test_a_thing_is_placed_by_its_own_clause(question, sentence, flagged) -> None:
    from rag.roles import deed_unmentioned, thing_unplaced

    assert (deed_unmentioned(question, sentence) is not None) is flagged
    assert (thing_unplaced(question, sentence) is not None) is flagged


def test_a_deed_said_to_come_with_the_dated_one_shares_its_time() -> None:
    """"Settlers came from 1671 *with the arrival of Jan Peeters*" dates his arrival; it does not
    date his leaving, nor the arrival of someone else."""
    from rag.roles import other_deed

    sentence = "Dutch settlers came to the bay from as early as 1671 with the arrival of Jan Peeters."
    assert other_deed("When did Jan Peeters arrive at the bay?", sentence) is None
    assert other_deed("When did Jan Peeters leave the bay?", sentence) is not None
    assert other_deed("When did Piet Hein arrive at the bay?", sentence) is not None


def test_a_thing_in_the_phrase_of_a_noun_naming_the_deed_is_tied_to_the_deed() -> None:
    """"The *seizure of* the crane depot by strikers" says who seized the depot, whatever verb
    the sentence hangs the phrase on; a noun of another deed does not."""
    from rag.roles import other_verb

    question = "Who seized the crane depot?"
    seized = "The unrest was revealed in the seizure of the crane depot by striking dockers in May."
    assert other_verb(question, seized) is None
    assert other_verb(question, "The unrest was revealed in the repair of the crane depot by dockers in May.") is not None


@pytest.mark.parametrize(("question", "sentence", "flagged"), [
    # what the deed was done during frames it in time: held alone, it does not say the deed
    ("Which harbour did the fleet blockade during the long war?", "During the long war, the fleet lost an island.", True),
    ("Which harbour did the fleet blockade during the long war?",
     "During the long war, the fleet blockaded the harbour of Bergen.", False),
    # read in statement order by the parser ("the fleet blockaded what harbour during …"), the same
    ("What harbour did the fleet blockade during the Franco-Dutch War?",
     "As a result of the Franco-Dutch War, the fleet lost the island of Texel.", True),
])
def test_a_time_frame_is_no_thing_of_a_which_n_deed(question, sentence, flagged) -> None:
    assert (deed_unmentioned(question, sentence) is not None) is flagged


def test_the_whole_a_which_n_asks_about_is_a_thing_of_the_deed() -> None:
    """"What aspect *of harbour law* did the dockers dislike?" has a thing besides N: a sentence
    that holds it may say the deed in other words; one that holds neither is flagged."""
    question = "What aspect of harbour law did the dockers dislike?"
    assert deed_unmentioned(question, "The dockers opposed harbour law because its fees were high.") is None
    assert deed_unmentioned(question, "The dockers went on strike because their fees were high.") is not None
    # an N that is no facet is what is asked for: its "of" gives no thing of the deed
    assert deed_unmentioned("What share of the harbour board did the dockers dislike?",
                            "The dockers opposed the harbour board because its fees were high.") is not None


def test_a_where_question_in_statement_order_still_ties_its_thing_to_the_deed() -> None:
    """"Where did Anna Vermeer *ship* the cargo?" is read "Anna Vermeer shipped the cargo
    where?"; a sentence that ties the cargo to another deed still does not say where."""
    from rag.nlp import parse_question

    question = "Where did Anna Vermeer ship the cargo?"
    assert parse_question(question)[0].lower_ != "where"  # the case this test is about
    assert other_verb(question, "The cargo was insured by Anna Vermeer in Ghent.") is not None
    assert other_verb(question, "Anna Vermeer shipped the cargo from Antwerp.") is None


def test_a_where_answer_ties_a_place_that_places() -> None:
    from rag.roles import places_deed

    # the doer, even one the tagger takes for a place, and a companion are not where
    assert places_deed("Where did Harald die?", "Harald suddenly died four days after a feast with Olaf Dahl.") is False
    assert places_deed("Where did Harald die?", "Harald died after a feast with the harbour master.") is False
    # a place by name, by compass point, by a preposition of place; the place of the deed it continues
    assert places_deed("Where did Harald die?", "Harald died in Bergen.")
    assert places_deed("Where did Harald go?", "Harald left for Bergen on 5 June.") is None  # "leave" may not say "go"
    assert places_deed("Where did Harald leave for?", "Harald left for Bergen on 5 June.")
    assert places_deed("Where did the dockers attack the depot?",
                       "The dockers attacked the depot northeast of the old harbour.")
    assert places_deed("Where did the dockers kill the guards?",
                       "The dockers fought throughout the port, killing two guards.")
    # a place tied to another word of the sentence
    assert places_deed("Where was the act passed?",
                       "In 1705 the assembly passed an act to naturalise the traders resident at Varnes.") is False


def test_the_object_of_forced_to_does_the_open_clause() -> None:
    from rag.roles import other_doer

    question = "Where did Harald sign the treaty with the Danes?"
    sentence = "Hunger and disease forced Harald to retreat and sign the treaty with the Danes at Kalmar."
    assert other_doer(question, sentence) is None
    # the subject still does what it does itself
    assert other_doer("Who forced Harald to retreat?", "The Danes forced Harald to retreat.") is None


@pytest.mark.parametrize(("question", "sentence", "denied"), [
    ("Who was the ferry named after?", "The ferry was not named after Captain Berg.", True),
    ("Who was the ferry named after?", "The ferry was named after Captain Berg.", False),
    # "not until" and "not only" say that it happened
    ("When did the bridge open?", "The bridge did not open until 1931.", False),
    ("What did the council build?", "The council not only built a school but also a bridge.", False),
    # a question about the denial, and a verb of a describing clause, are left alone
    ("Who did not sign the treaty?", "The Danes did not sign the treaty.", False),
    ("What law binds members wishing to vote on the budget?", "A member may not vote on the budget if paid by the port.",
     False),
])
def test_a_sentence_that_denies_the_deed_does_not_answer(question, sentence, denied) -> None:
    from rag.roles import denied_deed

    assert (denied_deed(question, sentence) is not None) is denied


@pytest.mark.parametrize(("question", "sentence", "unsaid"), [
    ("How did the traders reach the fair?", "The fair was the largest of the northern towns.", True),
    ("How did the traders reach the fair?", "The traders reached the fair by boat.", False),
    # the deed said by its noun, a stance, a span
    ("How did the dockers conquer the quay?", "Their conquest of the quay took one night.", False),
    ("How did the mayor feel about the strike?", "The mayor said the strike was a disgrace.", False),
    ("How long did the strike last?", "The strike went on for six weeks.", False),
    ("How long after the feast did Harald die?", "Harald was a puppet of his steward for three years.", True),
])
def test_how_asks_for_the_deed(question, sentence, unsaid) -> None:
    from rag.roles import how_deed_unsaid

    assert (how_deed_unsaid(question, sentence) is not None) is unsaid


def test_a_participle_after_an_object_is_the_subjects_deed() -> None:
    from rag.roles import other_doer

    assert other_doer("What did the dockers show they were using?",
                      "The dockers posted photos online showing they were using cranes.") is None


def test_where_a_stretch_starts_is_its_from() -> None:
    from rag.roles import deed_unmentioned

    assert deed_unmentioned("Where did the Kelmar canal start?", "The duke dug the Kelmar canal from Varnes to the sea.") is None
    assert deed_unmentioned("Where did the Kelmar canal start?", "The duke dug the Kelmar canal in 1820.") is not None


@pytest.mark.parametrize(("question", "sentence", "flagged"), [
    # the deed's pronoun comes before the name, which has a clause of its own
    ("What was Olaf installed as?", "He was installed as the mayor in Kelmar, while Berg's son Olaf ruled Varnes.", True),
    ("Who poisoned Olaf Dahl?", "He was killed with poison by the steward, and Olaf Dahl then took the throne.", True),
    # the name in the deed's own clause, or no name after the pronoun
    ("What was Olaf installed as?", "Olaf was installed as the mayor in Kelmar.", False),
    ("What was Olaf installed as?", "He was installed as the mayor in Kelmar by his father.", False),
    ("Who poisoned Olaf Dahl?", "He poisoned Olaf Dahl at the feast.", False),
])
def test_a_pronoun_does_not_stand_for_a_name_after_it(question, sentence, flagged) -> None:
    from rag.roles import pronoun_for_another

    assert (pronoun_for_another(question, sentence) is not None) is flagged
