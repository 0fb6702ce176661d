"""Phones and order numbers dictated in Russian words, as a recogniser writes what a caller says."""
from __future__ import annotations

import pytest

from bot.russian.number_words import find_spoken_numbers, with_digits, words_to_digits
from bot.russian.order_numbers import find_order_numbers
from bot.russian.phones import find_phones, normalize_phone

MARIA = "+79001000101"  # the demo customer Иванова Мария Петровна


@pytest.mark.parametrize("said, phone", [
    # in the usual 3-3-2-2 groups
    ("восемь девятьсот три сто двадцать три сорок пять шестьдесят семь", "+79031234567"),
    ("восемь девятьсот сто ноль один ноль один", MARIA),
    # groups of the IVR's own reading, zeros said one by one
    ("восемь девятьсот три ноль ноль один двадцать три сорок пять", "+79030012345"),
    ("плюс семь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь", "+79161234567"),
    ("Восемь, девятьсот шестнадцать, сто двадцать три, сорок пять, шестьдесят семь.", "+79161234567"),
    # digit by digit
    ("восемь девять ноль три один два три четыре пять шесть семь", "+79031234567"),
    ("восемь-девять-ноль-ноль-один-ноль-ноль-ноль-один-ноль-один", MARIA),
    # the recogniser's digits mixed with words
    ("восемь 903 сто двадцать три 45 67", "+79031234567"),
    ("8 девятьсот три 123 сорок пять 67", "+79031234567"),
    # without the trunk prefix: ten digits in groups
    ("девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь", "+79161234567"),
    # «нуль», «ё», capital letters
    ("восемь девятьсот сто нуль один нолик один", MARIA),
    ("ВОСЕМЬ девятьсот четыре сто двадцать три сорок пять шестьдесят семь", "+79041234567"),
])
def test_a_dictated_phone_is_found_and_normalised(said: str, phone: str) -> None:
    assert normalize_phone(said) == phone
    [match] = find_phones(said)
    assert match.value == phone


def test_a_phone_in_a_sentence_spans_the_words_said() -> None:
    text = "да мой номер восемь девятьсот три сто двадцать три сорок пять шестьдесят семь записывайте"
    [match] = find_phones(text)
    assert text[match.start:match.end] == "восемь девятьсот три сто двадцать три сорок пять шестьдесят семь"
    assert match.value == "+79031234567"


def test_words_that_are_not_a_phone_are_not_one() -> None:
    assert find_phones("мне сорок пять лет, у меня два заказа") == []
    assert find_phones("восемь девятьсот три сто двадцать три") == []  # too short
    assert normalize_phone("пять девятьсот три сто двадцать три сорок пять шестьдесят семь") is None  # trunk 5
    assert find_phones("звоню всей семью по очереди") == []


def test_written_phones_are_read_as_before() -> None:
    text = "мой номер 8 916 123-45-67, заказ 1234567"
    [match] = find_phones(text)
    assert (text[match.start:match.end], match.value) == ("8 916 123-45-67", "+79161234567")


@pytest.mark.parametrize("said, order", [
    ("сто, ноль ноль, тридцать семь", "1000037"),  # as the IVR reads 1000037 back
    ("заказ номер сто ноль ноль тридцать семь", "1000037"),
    ("номер заказа один миллион тридцать семь", "1000037"),
    ("заказ 100 ноль ноль 37", "1000037"),
    ("один ноль ноль ноль ноль три семь", "1000037"),
])
def test_a_dictated_order_number_is_found(said: str, order: str) -> None:
    [match] = find_order_numbers(said)
    assert match.value == order
    assert said[match.start:match.end].split()[-1] in {"семь", "37"}


def test_a_written_order_number_stays_whole_beside_number_words() -> None:
    [match] = find_order_numbers("заказ 1000037 два товара не пришли")
    assert match.value == "1000037"
    [phone] = find_phones("89161234567 три раза звонила")
    assert phone.value == "+79161234567"


def test_a_dictated_phone_is_not_an_order_number() -> None:
    assert find_order_numbers("восемь девятьсот три сто двадцать три сорок пять шестьдесят семь") == []


def test_zeros_are_digits_of_their_own() -> None:
    # number-parser alone folds «сто ноль» into 100: the digit would be lost
    assert words_to_digits("сто ноль пять") == "100 0 5"
    assert words_to_digits("ноль ноль один") == "0 0 1"


def test_text_without_number_words_is_untouched() -> None:
    for text in ("8 (916) 123-45-67", "заказ 1000037", "где моя посылка", ""):
        digits = with_digits(text)
        assert digits.text == text and not digits.changed
    assert find_spoken_numbers("заказ 1000037") == ()


def test_positions_map_back_to_the_words() -> None:
    text = "номер восемь девятьсот три, заказ сто ноль ноль тридцать семь!"
    digits = with_digits(text)
    assert digits.text == "номер 8 903, заказ 100 0 0 37!"
    order = digits.text.index("100")
    assert text[slice(*digits.to_original(order, order + len("100 0 0 37")))] == "сто ноль ноль тридцать семь"
    assert text[slice(*digits.to_original(digits.text.index("!"), len(digits.text)))] == "!"
    assert text[slice(*digits.to_original(0, 5))] == "номер"
    [first, second] = find_spoken_numbers(text)
    assert first.groups == ("8", "903") and second.digits == "1000037"


@pytest.mark.parametrize("said, digits", [
    ("восемь девять два шисть", "8 9 2 6"),  # иканье in «шесть», as a transcript writes it
    ("семьсот симьдесят семь", "777"),
    ("пятьдисят пять", "55"),
])
def test_a_number_word_misspelt_by_one_letter_is_read(said: str, digits: str) -> None:
    assert words_to_digits(said) == digits


@pytest.mark.parametrize("text", ["всей семьей приехали", "шерсть и шелк", "семья большая"])
def test_dictionary_words_near_a_number_word_stay_words(text: str) -> None:
    assert words_to_digits(text) == text


@pytest.mark.parametrize("said, order", [
    ("у меня заказ сто двадцать ноль три", "1002003"),  # 100 20 03: «сто двадцать» is not 120 here
    ("по заказу триста тридцать ноль четыре", "3003004"),
])
def test_a_dictated_order_number_too_short_as_usually_read_is_read_word_by_word(said: str, order: str) -> None:
    [match] = find_order_numbers(said)
    assert match.value == order


def test_the_usual_reading_wins_when_it_makes_an_order_number() -> None:
    [match] = find_order_numbers("заказ сто двадцать три четыреста пятьдесят шесть")
    assert match.value == "123456"


@pytest.mark.parametrize("said", ["что с заказом девятьсот девяносто девять", "заказ тысяча двести тридцать четыре"])
def test_a_number_said_whole_is_not_read_word_by_word(said: str) -> None:
    assert find_order_numbers(said) == []  # 999 and 1234, too short for an order; not 900 90 9 or 1000 200 30 4


def test_word_by_word_reading_needs_an_order_announced() -> None:
    assert find_order_numbers("сто двадцать ноль три") == []  # 12003 as said; nothing announces an order


@pytest.mark.parametrize("said", [
    "артикул четыреста шестьдесят семьсот сто двадцать три четыреста пятьдесят шесть семь",
    "трек номер восемьсот восемьсот тридцать пять сто двадцать три четыреста пятьдесят шесть семьдесят восемь",
])
def test_a_dictated_code_holds_no_phone(said: str) -> None:
    assert find_phones(said) == []


def test_a_dictated_date_of_birth_is_no_order_number() -> None:
    said = "дата рождения двенадцать ноль три одна тысяча девятьсот восемьдесят пять"
    assert find_order_numbers(said) == []


def test_a_hundreds_group_heard_apart_from_its_tens() -> None:
    from bot.russian.number_words import hundreds_apart

    text = "восемь девятьсот двадцать семь семьсот сорок четыре пятьдесят пять"
    number = find_spoken_numbers(text)[0]
    assert number.groups == ("8", "927", "744", "55")
    apart = hundreds_apart(text, number, 2)
    assert apart is not None and apart.groups == ("8", "927", "700", "44", "55")
    assert [text[a:b] for a, b in apart.spans[2:4]] == ["семьсот", "сорок четыре"]
    assert hundreds_apart(text, number, 3) is None  # «пятьдесят пять» has no hundreds
    assert hundreds_apart("сто пять", find_spoken_numbers("сто пять")[0], 0) is None  # 100 5: no two-digit tens
