"""bot.voice.numbers and bot.voice.speech: chat wording as a caller should hear it."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

import pytest  # noqa: E402

from bot.voice.numbers import (group_words, number_words, rubles, say_date, say_digits, say_phone,  # noqa: E402
                               split_groups)
from bot.voice.speech import choices_from_buttons, join_utterances, speakable  # noqa: E402


@pytest.mark.parametrize("n, words", [
    (0, "ноль"), (7, "семь"), (10, "десять"), (12, "двенадцать"), (40, "сорок"), (58, "пятьдесят восемь"),
    (100, "сто"), (170, "сто семьдесят"), (205, "двести пять"), (919, "девятьсот девятнадцать"),
])
def test_number_words(n, words):
    assert number_words(n) == words


def test_leading_zeros_are_said():
    assert group_words("01") == "ноль один"
    assert group_words("012") == "ноль двенадцать"
    assert group_words("000") == "ноль ноль ноль"


@pytest.mark.parametrize("length, sizes", [(6, [3, 3]), (7, [3, 2, 2]), (8, [3, 3, 2]), (10, [3, 3, 2, 2]),
                                           (14, [3, 3, 3, 3, 2])])
def test_digit_runs_are_grouped_without_a_lone_digit(length, sizes):
    assert [len(g) for g in split_groups("1" * length)] == sizes


def test_shpi_and_phones_in_groups():
    assert say_digits("17012345678901") == ("сто семьдесят, сто двадцать три, четыреста пятьдесят шесть, "
                                            "семьсот восемьдесят девять, ноль один")
    assert say_phone("+79001000101", "+7 900 100-01-01") == "плюс семь, девятьсот, сто, ноль один, ноль один"
    assert say_phone("+78002005888", "8 800 200 58 88").startswith("восемь, восемьсот, двести")


def test_rubles_agree_with_the_number():
    assert [rubles(n) for n in (1, 2, 5, 11, 21, 112, 2138)] == ["рубль", "рубля", "рублей", "рублей", "рубль",
                                                                 "рублей", "рублей"]


@pytest.mark.parametrize("day, month, year, case, words", [
    (28, 11, None, "g", "двадцать восьмого ноября"),
    (1, 1, 2027, "g", "первого января две тысячи двадцать седьмого года"),
    (3, 3, None, "d", "третьему марта"),
    (5, 5, None, "a", "пятое мая"),
])
def test_dates_are_said_with_the_day_as_an_ordinal(day, month, year, case, words):
    assert say_date(day, month, year, case) == words


@pytest.mark.parametrize("chat, spoken", [
    ("Поступит ориентировочно 28 ноября, ожидайте.", "Поступит ориентировочно двадцать восьмого ноября, ожидайте."),
    ("Поступит 1 января 2027 г.", "Поступит первого января две тысячи двадцать седьмого года."),
    ("Поступит 1 января 2027 г., ожидайте.", "Поступит первого января две тысячи двадцать седьмого года, ожидайте."),
    ("Привезут к 3 марта.", "Привезут к третьему марта."),
    ("Акция действует по 5 мая.", "Акция действует по пятое мая."),
    ("Это 32 ноября.", "Это 32 ноября."),  # not a date: left for the synthesiser as written
])
def test_dates_in_text_are_read_in_the_case_the_sentence_needs(chat, spoken):
    assert speakable(chat) == spoken


def test_parcel_answer_is_speakable():
    chat = ("Мария Петровна, заказ уже отправлен. Трек-номер (ШПИ) для отслеживания на сайте Почты России: "
            "17012345678901.")
    spoken = speakable(chat)
    assert "17012345678901" not in spoken and "(ШПИ)" not in spoken and "ШПИ" not in spoken
    assert spoken.endswith("семьсот восемьдесят девять, ноль один.")


def test_phone_numbers_in_text_are_read_in_groups():
    spoken = speakable("Обращайтесь по телефону 8 800 200 58 88.")
    assert spoken == "Обращайтесь по телефону восемь, восемьсот, двести, пятьдесят восемь, восемьдесят восемь."


def test_links_emoji_markup_and_quotes_are_not_said():
    spoken = speakable("Подробнее на https://example.ru/help 👍 *важно* «Почта России» — ок ✅")
    assert spoken == "Подробнее на важно Почта России — ок"


def test_brackets_become_a_pause_and_examples_are_spoken():
    spoken = speakable("Напишите номер телефона (например, 8 916 123-45-67) или ФИО.")
    assert "(" not in spoken and ")" not in spoken
    assert "например, восемь, девятьсот шестнадцать, сто двадцать три, сорок пять, шестьдесят семь" in spoken


def test_long_lists_are_shortened_and_numbers_kept_as_words():
    chat = "У Вас несколько заказов:\n" + "\n".join(f"{n}. № 100003{n} от 1{n} ноября: товар {n}" for n in range(1, 6))
    spoken = speakable(chat + "\nО каком заказе идёт речь?")
    assert "\n" not in spoken
    assert spoken.count("номер сто") == 3 and "и другие" in spoken
    assert "товар 4" not in spoken
    assert spoken.endswith("О каком заказе идёт речь?")


def test_money():
    assert speakable("Сумма 2 138 руб.") == "Сумма 2 138 рублей"


def test_utterances_joined_into_one_prompt():
    assert join_utterances(["Здравствуйте", "", "Чем могу помочь?"]) == "Здравствуйте. Чем могу помочь?"


def test_buttons_become_keypad_choices_except_yes_no():
    assert choices_from_buttons([{"title": "Да", "payload": "да"}, {"title": "Нет", "payload": "нет"}]) == []
    choices = choices_from_buttons([{"title": "№ 1000037", "payload": "1000037"},
                                    {"title": "Где посылка", "payload": "где моя посылка"}])
    assert [(c.key, c.payload) for c in choices] == [("1", "1000037"), ("2", "где моя посылка")]
    assert choices[0].title == "номер сто, ноль ноль, тридцать семь"
