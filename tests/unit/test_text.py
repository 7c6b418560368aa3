"""rag.text.same_name: one name spelt another way, which the slot and nation checks must not
read as another name."""

import pytest

from rag.text import same_name


@pytest.mark.parametrize("one, other", [
    ("Israel", "Israeli"), ("Turkey", "Turkish"), ("Iran", "Iranian"), ("Kllbrandon", "Kilbrandon"),
    ("Aleppo", "aleppo"),
])
def test_spellings_of_one_name(one: str, other: str) -> None:
    assert same_name(one, other)


@pytest.mark.parametrize("one, other", [("Ireland", "England"), ("Syria", "Russia"), ("Idlib", "Hama")])
def test_other_names(one: str, other: str) -> None:
    assert not same_name(one, other)
