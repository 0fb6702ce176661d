"""bot.russian.clauses: two questions in one message, and answers that open with «да» or «нет»."""
from __future__ import annotations

import pytest

from bot.russian.clauses import has_two_clauses, opens_with_no, opens_with_yes


@pytest.mark.parametrize("text", ["да", "Да, может быть муж", "  ага ", "конечно заказывала", "Хорошо, спасибо"])
def test_yes_openings(text: str) -> None:
    assert opens_with_yes(text)
    assert not opens_with_no(text)


@pytest.mark.parametrize("text", ["нет", "Нет, не заказывал", "не надо", "неа"])
def test_no_openings(text: str) -> None:
    assert opens_with_no(text)
    assert not opens_with_yes(text)


@pytest.mark.parametrize("text", ["дайте номер", "данные такие", "нетронутая упаковка", "", "окно"])
def test_words_that_only_begin_like_yes_or_no(text: str) -> None:
    assert not opens_with_yes(text)
    assert not opens_with_no(text)


def test_two_questions() -> None:
    assert has_two_clauses("где посылка и дайте номер почты")
    assert has_two_clauses("где посылка? когда привезут?")
    assert not has_two_clauses("где моя посылка?")
