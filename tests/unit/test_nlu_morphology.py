"""bot.russian.morphology: lemmas, normalisation, singletons."""
import pathlib
import sys

# Repo root on sys.path when pytest runs without a conftest/pythonpath setting.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

import pytest  # noqa: E402

from bot.russian import morphology  # noqa: E402
from bot.russian.morphology import analyzer, lemma, normalize  # noqa: E402


@pytest.mark.parametrize(
    "word, expected",
    [
        ("посылку", "посылка"),
        ("посылки", "посылка"),
        ("посылкой", "посылка"),
        ("Посылкой", "посылка"),
        ("заказы", "заказ"),
        ("заказов", "заказ"),
        ("курьеру", "курьер"),
        ("привезли", "привезти"),
        ("доставлена", "доставить"),
        ("моя", "мой"),
        ("ёлки", "елка"),  # ё→е in the output
        ("ЁЛКИ", "елка"),
        ("пришёл", "прийти"),
    ],
)
def test_lemma_inflected_forms(word: str, expected: str) -> None:
    assert lemma(word) == expected


@pytest.mark.parametrize(
    "forms, expected",
    [
        (["посылочку", "посылочки", "посылочкой"], "посылочка"),
        (["коробочку", "коробочкой"], "коробочка"),
        (["домику", "домиком"], "домик"),
        (["ёлочки", "елочку"], "елочка"),
        (["денежки", "денежку"], "денежка"),
    ],
)
def test_lemma_diminutives_keep_their_own_lemma(forms: list, expected: str) -> None:
    # pymorphy3 does not map diminutives to the base word; all forms agree though.
    assert {lemma(f) for f in forms} == {expected}


@pytest.mark.parametrize("word", ["123", "+7", "Hello", "#$%", "😀", "", "e-mail"])
def test_lemma_non_words_are_lowercased_unchanged(word: str) -> None:
    assert lemma(word) == word.lower()


def test_normalize() -> None:
    assert normalize("  Где   МОЯ\tпосылка?\nЁж  ") == "где моя посылка? еж"
    assert normalize("") == ""


def test_singletons_and_cache() -> None:
    assert analyzer() is analyzer()
    lemma("посылкой")
    before = morphology._lemma_lower.cache_info().hits
    lemma("посылкой")
    assert morphology._lemma_lower.cache_info().hits == before + 1
