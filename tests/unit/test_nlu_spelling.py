"""bot.russian.spelling: words a transcript spells by ear, read as the dictionary word one vowel away."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

import pytest  # noqa: E402

from bot.russian.names import find_person, person_matches  # noqa: E402
from bot.russian.places import find_city  # noqa: E402
from bot.russian.spelling import (  # noqa: E402
    by_ear_variants, heard_alike, heard_as, reduced_variants, respelt, spellings_by_ear,
)


@pytest.mark.parametrize("word, variant", [
    ("навосибирске", "новосибирске"),  # аканье
    ("тагили", "тагиле"),  # иканье
    ("зайцива", "зайцева"),
])
def test_by_ear_variants(word: str, variant: str) -> None:
    assert variant in by_ear_variants(word)


@pytest.mark.parametrize("word", ["москва", "шерсть", "дом", "ааааааа"])
def test_known_short_or_hopeless_words_have_no_variants(word: str) -> None:
    assert by_ear_variants(word) == ()


def test_respelt_keeps_length_and_capital() -> None:
    text = "Живу в Навосибирске, ул. Ленина"
    out = respelt(text, lambda word: True)
    assert out == "Живу в Новосибирске, ул. Ленина" and len(out) == len(text)


@pytest.mark.parametrize("text, city", [
    ("мы в навосибирске", "новосибирск"),
    ("живу в саратаве", "саратов"),
    ("в нижнем тагили", "нижний тагил"),
    ("великий навгород", "великий новгород"),
])
def test_find_city_spelt_by_ear(text: str, city: str) -> None:
    found = find_city(text)
    assert found is not None and found.value == city


def test_find_person_spelt_by_ear() -> None:
    found = find_person("имя ольга фамилия зайцива")
    assert found is not None and person_matches(found.value, "Зайцева", "Ольга", None)


@pytest.mark.parametrize("word, meant", [
    ("пасылку", "посылку"),  # аканье
    ("ришение", "решение"),  # иканье
    ("класный", "классный"),  # a doubled consonant written once
    ("щас", "сейчас"),  # a spoken form, written whole
    ("што", "что"),
])
def test_heard_as_reads_a_word_spelt_by_ear(word: str, meant: str) -> None:
    assert heard_as(word) == meant


@pytest.mark.parametrize("word", ["посылку", "вернутся", "озон", "заказ", "ааааааа"])
def test_heard_as_leaves_dictionary_and_hopeless_words(word: str) -> None:
    assert heard_as(word) == word


def test_the_tokenizer_gives_a_word_spelt_by_ear_its_meant_lemma() -> None:
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.tokenizer import RussianTokenizer

    tokens = RussianTokenizer({}).tokenize(Message(data={"text": "где мая пасылка щас"}), "text")
    assert [t.text for t in tokens] == ["где", "мая", "пасылка", "щас"]  # the words as written, for entities
    assert [t.lemma for t in tokens][2:] == ["посылка", "сейчас"]


@pytest.mark.parametrize("said, meant", [
    ("антан", "антон"),  # аканье
    ("елизавита", "елизавета"),  # иканье
    ("виктаравич", "викторович"),  # two reduced vowels
    ("кирил", "кирилл"),  # a doubled consonant heard once
    ("филипав", "филиппов"),  # both
])
def test_heard_alike(said: str, meant: str) -> None:
    assert heard_alike(said, meant)


@pytest.mark.parametrize("said, meant", [
    ("алина", "алена"),  # Алёна: «ё» is stressed, never heard as «и»
    ("лина", "лена"),  # too short to tell a vowel heard from another name
    ("марина", "мария"),
    ("вакторавич", "викторович"),  # «и» → «а» is no reduction
    ("антанан", "антонина"),
    ("виктаравача", "викторовича"),  # three vowels
])
def test_not_heard_alike(said: str, meant: str) -> None:
    assert not heard_alike(said, meant)


@pytest.mark.parametrize("word, meant", [
    ("залесскага", "залесского"),  # an ending with two reduced vowels
    ("набирежных", "набережных"),
    ("каминскам", "каменском"),
])
def test_reduced_variants_reach_two_vowels(word: str, meant: str) -> None:
    assert meant in reduced_variants(word)


@pytest.mark.parametrize("word", ["москва", "дом", "ааааааа"])
def test_reduced_variants_of_known_short_or_hopeless_words(word: str) -> None:
    assert reduced_variants(word) == ()


@pytest.mark.parametrize("word, spellings", [
    ("новасибирск", ("новасибирск", "новосибирск")),  # one vowel away and among the two-vowel ones: once
    ("хрустальнам", ("хрустальнам", "хрустальном")),  # the ending said as heard
    ("валкова", ("валкова", "волкова", "валково")),  # a known word: its neighbours, only the context tells
    ("сорок", ("сорок",)),
])
def test_spellings_by_ear_the_word_first_then_each_nearer_one_once(word: str, spellings: tuple) -> None:
    assert spellings_by_ear(word) == spellings
