"""bot.russian.places: city keys, matching and search."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

import pytest  # noqa: E402

from bot.russian.places import city_key, city_matches, find_city  # noqa: E402


@pytest.mark.parametrize(
    "text, expected",
    [
        ("г. Москва", "москва"),
        ("в Москве", "москва"),
        ("москва", "москва"),
        ("город Москва", "москва"),
        ("Москва г.", "москва"),
        ("из Москвы", "москва"),
        ("в Нижнем Новгороде", "нижний новгород"),
        ("пос. Красный Бор", "красный бор"),
        ("Санкт-Петербург", "санкт-петербург"),
        ("в Санкт-Петербурге", "санкт-петербург"),
        ("СПб", "санкт-петербург"),
        ("питер", "санкт-петербург"),
        ("в Питере", "санкт-петербург"),
        ("в Ростове-на-Дону", "ростов-на-дону"),
        ("в Великих Луках", "великие луки"),
        ("в Набережных Челнах", "набережные челны"),
        ("в Нижней Туре", "нижняя тура"),
        ("в Старом Осколе", "старый оскол"),
        ("в Химках", "химки"),
        ("в Орле", "орел"),
        ("Королёв", "королев"),
        ("Тольятти", "тольятти"),
        ("в Иванове", "иваново"),
        ("мск", "москва"),
        ("г.Москва", "москва"),
        ("н.новгород", "нижний новгород"),
    ],
)
def test_city_key(text: str, expected: str) -> None:
    assert city_key(text) == expected


@pytest.mark.parametrize(
    "said, stored",
    [
        ("в москве", "г. Москва"),
        ("Масква", "Москва"),  # typo in a long name
        ("Новосибирк", "Новосибирск"),
        ("питер", "Санкт-Петербург"),
        ("нижний новгород", "г. Нижний Новгород"),
        ("живу в нижнем новгороде", "Нижний Новгород"),
        ("Орел", "Орёл"),
    ],
)
def test_city_matches(said: str, stored: str) -> None:
    assert city_matches(said, stored)


@pytest.mark.parametrize(
    "said, stored",
    [("Тула", "Тверь"), ("Новгород", "Нижний Новгород"), ("Уфа", "Ухта"), ("", "Москва")],
)
def test_city_does_not_match(said: str, stored: str) -> None:
    assert not city_matches(said, stored)


@pytest.mark.parametrize(
    "text, value, span",
    [
        ("я живу в Нижнем Новгороде", "нижний новгород", "Нижнем Новгороде"),
        ("доставка в г. Тула", "тула", "Тула"),
        ("пос. Красный Бор Ленинградской обл.", "красный бор", "Красный Бор"),
        ("из спб", "санкт-петербург", "спб"),
        ("посылка застряла в москве", "москва", "москве"),
        ("мы в Екатеринбурге", "екатеринбург", "Екатеринбурге"),
        ("город новочеркасск ростовской области", "новочеркасск", "новочеркасск"),
        ("село ивановка рязанской области", "ивановка", "ивановка"),
        ("живу в городе кирове", "киров", "кирове"),
    ],
)
def test_find_city(text: str, value: str, span: str) -> None:
    m = find_city(text)
    assert m is not None
    assert m.value == value
    assert text[m.start:m.end] == span


@pytest.mark.parametrize(
    "text",
    [
        "где моя посылка",
        "Иванова Мария Петровна",
        "с Новым годом",
        "в России",
        "8 916 123-45-67",
        "",
        # Words pymorphy3 also tags as places (Geox):
        "мерси",
        "номер ПИМ для почты",
        "где ваш колл центр",
        "ааааа",
        "как доехать до красной площади",
        "Управление по Тверской области",
        "у нас в деревне почта закрыта",
        "ул. Ленина, д. 5 кв. 12",  # "д." is a house here, "кв" no town
    ],
)
def test_find_city_none(text: str) -> None:
    assert find_city(text) is None


@pytest.mark.parametrize(
    "text, value, span",
    [
        ("из ростова на дону", "ростов-на-дону", "ростова на дону"),  # hyphens left out
        ("г ростов на дону", "ростов-на-дону", "ростов на дону"),
        ("я в улан удэ", "улан-удэ", "улан удэ"),
        ("петропавловск камчатский", "петропавловск-камчатский", "петропавловск камчатский"),
    ],
)
def test_find_city_hyphenated_name_written_apart(text: str, value: str, span: str) -> None:
    found = find_city(text)
    assert found is not None and found.value == value and text[found.start:found.end] == span


@pytest.mark.parametrize(
    "text, value",
    [
        ("в Великих Луках", "великие луки"),  # both words are common ones
        ("Минеральные Воды", "минеральные воды"),
        ("живу в сергиевом посаде", "сергиев посад"),  # not the village Сергиево
        ("из белой калитвы", "белая калитва"),
    ],
)
def test_find_city_multi_word_town(text: str, value: str) -> None:
    found = find_city(text)
    assert found is not None and found.value == value


@pytest.mark.parametrize("text, value", [("Орёл", "орел"), ("находка", "находка"), ("г. Орёл", "орел")])
def test_find_city_common_word_as_the_whole_answer(text: str, value: str) -> None:
    found = find_city(text)
    assert found is not None and found.value == value


@pytest.mark.parametrize("text", ["это просто находка а не товар", "минеральные воды в наличии?", "мерси"])
def test_common_words_in_a_sentence_are_no_city(text: str) -> None:
    assert find_city(text) is None


def test_find_city_after_pgt_in_lower_case() -> None:
    found = find_city("пгт ярега")
    assert found is not None and city_matches(found.value, "Ярега")


@pytest.mark.parametrize("text, value", [
    ("в Каменске-Уральском", "каменск-уральский"),  # the dictionary lacks this form
    ("из Ленинска-Кузнецкого", "ленинск-кузнецкий"),
])
def test_find_city_town_and_agreeing_adjective(text: str, value: str) -> None:
    found = find_city(text)
    assert found is not None and found.value == value


def test_find_city_skips_the_spans_it_is_told_to() -> None:
    text = "посылка на Ершову Светлану, город Саратов"
    assert find_city(text).value == "ершов"  # the town Ершов, read alone
    found = find_city(text, outside=[(11, 26)])  # «Ершову Светлану» is a person
    assert found is not None and found.value == "саратов"


def test_the_pipelines_city_is_not_a_surname_of_the_person_named() -> None:
    from bot.russian.entities import FINDERS

    assert FINDERS["city"]("посылка на Ершову Светлану Михайловну") == []
    assert [m.value for m in FINDERS["city"]("Николаев Константин Петрович, г. Пермь")] == ["пермь"]


# --- Speech-style input: hyphenated and two-word towns said apart and spelt by ear.

@pytest.mark.parametrize("text, city", [
    ("живу в каменске шахтинском", "каменск-шахтинский"),  # the hyphen not written
    ("доставка в каменск шахтинский", "каменск-шахтинский"),
    ("я из переславля залесскага", "переславль-залесский"),  # two reduced vowels in the ending
    ("в гусь хрустальнам есть пункт", "гусь-хрустальный"),
    ("в комсомольски на амури", "комсомольск-на-амуре"),  # «комсомольски» is a word of its own
    ("отправьте в набирежные челны", "набережные челны"),
])
def test_a_town_said_apart_and_by_ear(text: str, city: str) -> None:
    found = find_city(text)
    assert found is not None and city_matches(found.value, city), found


@pytest.mark.parametrize("text, city", [
    ("пгт Сосновка Вятскополянского района", "сосновка"),  # a town, then its district
    ("живу в Самаре Куйбышевский район", "самара"),  # an adjective that does not agree with the town
    ("село Ивановка тамбовская обл", "ивановка"),
])
def test_a_town_and_a_region_adjective_after_it_stay_apart(text: str, city: str) -> None:
    found = find_city(text)
    assert found is not None and found.value == city, found


@pytest.mark.parametrize(
    "text",
    [
        "пункт выдачи на улице Чкалова закрыт",  # the street, not the town Чкалов
        "пункт выдачи на улице чкалова закрыт",
        "дом на проспекте Королёва не нашли",
        "в анкете д.р. 07.11.1978, исправьте",  # «д.р.» is a date of birth, not «деревня Р»
        "пенсионерка, 1965 г.р., в приложении не разбираюсь",
        "пенсионерка одна тысяча девятьсот шестьдесят пять г р",
    ],
)
def test_streets_and_birth_abbreviations_are_not_cities(text: str) -> None:
    assert find_city(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [("живу на улице Ленина в Москве", "москва"), ("Тихорецк, ул. Ленина 4", "тихорецк"), ("г. Тула", "тула")],
)
def test_a_city_beside_a_street_is_still_found(text: str, expected: str) -> None:
    found = find_city(text)
    assert found is not None and found.value == expected


@pytest.mark.parametrize(
    "text", ["живу в Чусовом", "живу в чусавом", "посылка из Чусового"]  # the town Чусовой, an adjective's forms
)
def test_a_town_named_by_an_adjective(text: str) -> None:
    found = find_city(text)
    assert found is not None and found.value == "чусовой"


@pytest.mark.parametrize("text", ["в Кировском магазине", "в Советском Союзе", "в красном платье", "в светлом зале"])
def test_an_adjective_after_v_is_no_town(text: str) -> None:
    assert find_city(text) is None
