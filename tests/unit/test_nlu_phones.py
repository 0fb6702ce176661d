"""bot.russian.phones and bot.russian.order_numbers."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

import dataclasses  # noqa: E402

import pytest  # noqa: E402

from bot.russian.order_numbers import find_order_numbers  # noqa: E402
from bot.russian.phones import Match, find_phones, mask_phone, normalize_phone  # noqa: E402

PHONE = "+79161234567"


@pytest.mark.parametrize(
    "text",
    [
        "8 916 123-45-67",
        "+7(916)1234567",
        "9161234567",
        "8-916-123-45-67",
        "+7 916 123 45 67",
        "7 916 1234567",
        "89161234567",
        "8 (916) 123-45-67",
        "+7 (916) 123-45-67",
        " 8.916.123.45.67 ",
    ],
)
def test_normalize_phone_notations(text: str) -> None:
    assert normalize_phone(text) == PHONE


def test_normalize_phone_landline_and_free_call() -> None:
    assert normalize_phone("8 (495) 123-45-67") == "+74951234567"
    assert normalize_phone("8 800 555-35-35") == "+78005553535"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "1234567",  # too short
        "916123456",  # 9 digits
        "891612345678",  # 12 digits
        "+7 916 123 45 678",
        "+8 916 123 45 67",  # +8 is not a Russian notation
        "5 916 123 45 67",  # wrong trunk prefix
        "8916abc4567",
        "восемь 916 123 45",  # dictated words are read (tests/unit/test_number_words.py), but 9 digits are not a phone
        "'; DROP TABLE customers; --",
        "8916123456 OR 1=1",
        "+7 123 456 78 90",  # not an existing numbering range
        "8 916 123-45-67 " * 20,
    ],
)
def test_normalize_phone_rejects(text: str) -> None:
    assert normalize_phone(text) is None


def test_normalize_phone_non_string() -> None:
    assert normalize_phone(None) is None  # type: ignore[arg-type]


def test_find_phones_in_free_text() -> None:
    text = "мой номер 8 916 123-45-67, заказ 1234567"
    found = find_phones(text)
    assert found == [Match(10, 25, PHONE)]
    assert text[found[0].start:found[0].end] == "8 916 123-45-67"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("звоните +7(916)1234567 вечером", ["+79161234567"]),
        ("89161234567 или 8 903 765-43-21", ["+79161234567", "+79037654321"]),
        ("тел. 916 123 45 67", [PHONE]),  # grouped 10 digits
        ("телефон 9161234567", [PHONE]),  # bare 10 digits after a phone keyword
        ("заказ 1234567 8 916 123 45 67", [PHONE]),
        ("звонили с 4993504327 и сбросили", ["+74993504327"]),  # "звонили с" = phone context
        ("9161234567", [PHONE]),  # a bare mobile number without its 8: order numbers are 7 digits
        ("9057778899 это мой", ["+79057778899"]),
        ("на номер 9857654321 придет смс?", ["+79857654321"]),
    ],
)
def test_find_phones_various(text: str, expected: list) -> None:
    assert [m.value for m in find_phones(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "заказ 1234567",
        "номер заказа 9161234567",  # announced as an order number
        "закз 9161234567",  # announced as an order in haste: the order-number finder reads it too
        "артикул 9161234567",  # a product code
        "4951234567",  # a bare 10-digit run that is not a mobile number: an order number
        "123456",
        "x89161234567",  # glued to a letter
        "сумма 12 345 руб",
        "",
    ],
)
def test_find_phones_does_not_take_order_numbers(text: str) -> None:
    assert find_phones(text) == []


def test_match_is_frozen() -> None:
    m = Match(0, 1, "x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.value = "y"  # type: ignore[misc]


def test_mask_phone() -> None:
    assert mask_phone("+79161234567") == "+7916***4567"
    assert mask_phone("8 916 123-45-67") == "+7916***4567"
    masked = mask_phone("12345678")
    assert "12345678" not in masked and "345" not in masked
    assert mask_phone("") == "***"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("заказ 1234567", ["1234567"]),
        ("заказ №1234567", ["1234567"]),
        ("№ 123456", ["123456"]),
        ("номер заказа: 1234567890", ["1234567890"]),
        ("мой номер 8 916 123-45-67, заказ 1234567", ["1234567"]),
        ("заказы 123456 и 7654321", ["123456", "7654321"]),
        ("+7(916)1234567", []),  # "1234567" is inside the phone
        ("89161234567", []),  # 11 digits: a phone, not an order
        ("12345", []),  # too short
        ("12345678901", []),  # too long
        ("сумма 1234567.89", []),
        ("A1234567", []),
        ("", []),
    ],
)
def test_find_order_numbers(text: str, expected: list) -> None:
    assert [m.value for m in find_order_numbers(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("заказ номер 100 05 55", ["1000555"]),  # digit groups, as a number is read out
        ("номер заказа 123 45 67", ["1234567"]),
        ("мой заказ 2 000 555", ["2000555"]),  # thousands
        ("заказ 123-45-67", ["1234567"]),  # dashes
        ("заказ № 1-234-567", ["1234567"]),
        ("2 000 555", []),  # groups not announced as an order: a sum as likely
        ("заказ 916 123 45 67", []),  # grouped 10 digits starting with 9: a phone
    ],
)
def test_order_numbers_in_digit_groups(text: str, expected: list) -> None:
    assert [m.value for m in find_order_numbers(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "индекс 614000",  # postcode
        "артикул 1234567 есть в наличии?",  # product code
        "код подтверждения 123456 не приходит",
        "ИНН 7707083893",
        "бонусная карта 7700123",
        "заплатила 125000 рублей",  # money
        "перевела 150000 р. на карту",
    ],
)
def test_other_numbers_are_not_order_numbers(text: str) -> None:
    assert find_order_numbers(text) == []


def test_order_number_after_a_card_word() -> None:
    assert [m.value for m in find_order_numbers("оплатила картой заказ 1234567")] == ["1234567"]


def test_order_number_offsets() -> None:
    text = "где заказ №7654321?"
    (m,) = find_order_numbers(text)
    assert text[m.start:m.end] == "7654321"


@pytest.mark.parametrize("text, phone", [
    ("бонусная карта привязана к карте 8 916 123-45-67", PHONE),  # a card word is not a code announcing the run
    ("код города 495, номер 123 45 67, мобильный 89161234567", PHONE),
])
def test_phone_after_words_near_a_code(text: str, phone: str) -> None:
    assert [m.value for m in find_phones(text)] == [phone]


def test_order_number_paid_with_bonuses() -> None:
    assert [m.value for m in find_order_numbers("оплатила заказ 1234567 бонусами")] == ["1234567"]


@pytest.mark.parametrize(
    "text",
    [
        "серия паспорта 4512 номер 654321",  # the number after a passport's series
        "серия паспарта четыре тысячи пятьсот двенадцать номер шестьсот пятьдесят четыре триста двадцать один",
        "в анкете д р ноль семь одиннадцать одна тысяча девятьсот семьдесят восемь",  # a date of birth said
        "трек номер RA сто двадцать три четыреста пятьдесят шесть семьсот восемьдесят девять RU",
    ],
)
def test_passport_birth_date_and_lettered_track_are_not_order_numbers(text: str) -> None:
    assert find_order_numbers(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [("паспорт показала, заказ 7712300", "7712300"), ("д р не помню, заказ 1234567", "1234567")],
)
def test_order_number_announced_after_a_passport_or_birth_word(text: str, expected: str) -> None:
    assert [m.value for m in find_order_numbers(text)] == [expected]


@pytest.mark.parametrize(
    "text, phone",
    [
        # the usual reading merges «семьсот | сорок четыре» into 744: 8 927 744 55 is too short for a phone
        ("телефон для связи восемь девятьсот двадцать семь семьсот сорок четыре пятьдесят пять", "+79277004455"),
        ("звоните девятьсот семнадцать триста двенадцать двенадцать я на связи", "+79173001212"),
        ("восемь девятьсот восемь сто семьдесят семь одиннадцать", "+79081007711"),
        ("иванова ольга восемь девятьсот шестнадцать двести одиннадцать двадцать два", "+79162001122"),
    ],
)
def test_phone_dictated_with_hundreds_apart_from_tens(text: str, phone: str) -> None:
    assert [m.value for m in find_phones(text)] == [phone]
    assert find_order_numbers(text) == []  # the digits are the phone's, not an order number


@pytest.mark.parametrize(
    "text",
    [
        "сто семьдесят семь одиннадцать",  # no reading of it makes a phone
        "шестьсот двенадцать тридцать четыре пятьдесят шесть",  # a 7-digit order said 3-2-2
    ],
)
def test_no_phone_where_no_split_makes_one(text: str) -> None:
    assert find_phones(text) == []


def test_an_announced_order_is_not_heard_as_a_phone() -> None:
    text = "заказ девятьсот двенадцать триста сорок пять шестьдесят семь"
    assert find_phones(text) == []
    assert [m.value for m in find_order_numbers(text)] == ["91234567"]


def test_a_product_code_is_not_heard_as_a_phone() -> None:
    assert find_phones("код товара девятьсот восемьдесят семь шестьсот пятьдесят четыре тридцать два") == []
