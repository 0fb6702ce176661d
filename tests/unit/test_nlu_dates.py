"""bot.russian.dates: past dates in Russian text for the «30 days since sending» rule."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

import datetime as dt  # noqa: E402

import pytest  # noqa: E402

from bot.russian.dates import days_since, parse_past_date  # noqa: E402

TODAY = dt.date(2026, 11, 20)
NEW_YEAR = dt.date(2026, 1, 5)


def d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


@pytest.mark.parametrize(
    "text, expected_days",
    [
        ("сегодня", 0),
        ("Вчера", 1),
        ("отправила посылку позавчера", 2),
        ("3 дня назад", 3),
        ("три дня назад", 3),
        ("Отправил трёх дней назад", 3),
        ("неделю назад", 7),
        ("две недели назад", 14),
        ("2 недели назад", 14),
        ("полторы недели назад", 10),
        ("месяц назад", 30),
        ("полтора месяца назад", 45),
        ("два месяца назад", 60),
        ("пару дней назад", 2),
        ("несколько дней назад", 3),
        ("дней десять назад", 10),
        ("недели две назад", 14),
        ("с неделю назад", 7),
        ("на прошлой неделе", 7),
        ("в прошлом месяце", 30),
        ("больше месяца назад", 31),
        ("почти месяц назад", 28),
        ("двадцать пять дней назад", 25),
        ("тридцать дней назад", 30),
        ("одну неделю тому назад", 7),
        ("ОТПРАВИЛА ПОСЫЛКУ ДНЕЙ ПЯТЬ НАЗАД, ещё не дошла", 5),
        ("1,5 недели назад", 10),
    ],
)
def test_relative(text: str, expected_days: int) -> None:
    assert days_since(text, TODAY) == expected_days
    assert parse_past_date(text, TODAY) == TODAY - dt.timedelta(days=expected_days)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("10 ноября", d(2026, 11, 10)),
        ("отправила посылку 10-го ноября", d(2026, 11, 10)),
        ("1 октября 2026", d(2026, 10, 1)),
        ("1 окт. 2026 г.", d(2026, 10, 1)),
        ("3 сент.", d(2026, 9, 3)),
        ("10.11", d(2026, 11, 10)),
        ("10.11.2026", d(2026, 11, 10)),
        ("10.11.26", d(2026, 11, 10)),
        ("2026-11-10", d(2026, 11, 10)),
        ("8 мая", d(2026, 5, 8)),
        ("отправила 5ноября", d(2026, 11, 5)),
        ("20 ноября", TODAY),  # today itself is not in the future
        ("21 ноября", d(2025, 11, 21)),  # tomorrow → last year's
        ("в начале ноября", d(2026, 11, 5)),
        ("в середине ноября", d(2026, 11, 15)),
        ("в конце октября", d(2026, 10, 25)),
        ("в конце ноября", d(2025, 11, 25)),  # 25th is still ahead this year
        ("Отправлял 10 НОЯБРЯ, номер 1000037", d(2026, 11, 10)),
        ("неделю назад, 10 ноября", d(2026, 11, 10)),  # calendar date wins
    ],
)
def test_absolute(text: str, expected: dt.date) -> None:
    assert parse_past_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("20 декабря", d(2025, 12, 20)),
        ("в конце декабря", d(2025, 12, 25)),
        ("30.12", d(2025, 12, 30)),
        ("неделю назад", d(2025, 12, 29)),
        ("3 января", d(2026, 1, 3)),
    ],
)
def test_year_rollover(text: str, expected: dt.date) -> None:
    assert parse_past_date(text, NEW_YEAR) == expected


@pytest.mark.parametrize(
    "text, expected_days",
    [
        ("21 октября", 30),  # exactly on the 30-day boundary
        ("22 октября", 29),
        ("20 октября", 31),
        ("22.10", 29),
        ("21.10.2026", 30),
        ("20.10.26", 31),
    ],
)
def test_thirty_day_boundaries(text: str, expected_days: int) -> None:
    assert days_since(text, TODAY) == expected_days


def test_leap_day_without_year_finds_last_leap_year() -> None:
    assert parse_past_date("29.02", TODAY) == d(2024, 2, 29)


@pytest.mark.parametrize(
    "text",
    [
        "не помню",
        "посылка",
        "",
        "   ",
        "89161234567",
        "8.916.123.45.67",
        "1000037",
        "заказ 1000037",
        "31.02",
        "31 февраля",
        "32 ноября",
        "10.13",
        "10.11.2027",  # explicit year in the future
        "2027-01-01",
        "через три дня",
        "назад",
        "в ноябре",  # no day: we ask again rather than guess
    ],
)
def test_none(text: str) -> None:
    assert parse_past_date(text, TODAY) is None
    assert days_since(text, TODAY) is None


def test_non_string_is_none() -> None:
    assert parse_past_date(None, TODAY) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text, expected_days",
    [
        ("полмесяца назад", 15),
        ("отправила полгода назад", 182),
        ("пол-месяца назад", 15),
    ],
)
def test_half_a_unit_in_one_word(text: str, expected_days: int) -> None:
    assert days_since(text, TODAY) == expected_days


@pytest.mark.parametrize(
    "text, expected_days",
    [  # TODAY is a Friday
        ("в понедельник отправила", 4),
        ("отнесла на почту в четверг", 1),
        ("в среду", 2),
        ("во вторник", 3),
        ("в воскресенье сдала посылку", 5),
        ("в субботу", 6),
        ("в пятницу", 7),  # today's own weekday: the one a week ago
        ("отправила в прошлую пятницу", 7),
        ("в позапрошлый понедельник", 11),
    ],
)
def test_weekday_is_the_latest_before_today(text: str, expected_days: int) -> None:
    assert days_since(text, TODAY) == expected_days


def test_next_weekday_is_not_a_past_date() -> None:
    assert days_since("заберу в следующий понедельник", TODAY) is None


@pytest.mark.parametrize(
    "text",
    ["дата рождения 12.03.1985", "родилась 5 мая 1990 года", "д.р. 01.02.1979", "1985-03-12 день рождения"],
)
def test_date_of_birth_is_not_a_date_of_sending(text: str) -> None:
    assert parse_past_date(text, TODAY) is None


def test_a_sending_date_beside_a_birthday_elsewhere_is_read() -> None:
    assert days_since("отправила 10 ноября, а дату рождения я уже называла вчера по телефону", TODAY) == 10


@pytest.mark.parametrize(
    "text, expected_days",
    [
        ("ниделю назад отправила", 7),  # speech-style: иканье
        ("мисяц назад", 30),
        ("отправила в суббату", 6),  # аканье in a weekday
        ("на пазапрошлой неделе", 14),
    ],
)
def test_misspelt_date_words(text: str, expected_days: int) -> None:
    assert days_since(text, TODAY) == expected_days


@pytest.mark.parametrize("text", ["заберу в понедельник", "работает ли поликлиника в субботу", "будет ли дождь в субботу"])
def test_a_weekday_in_the_present_or_future_is_no_past_date(text: str) -> None:
    assert days_since(text, TODAY) is None


def test_a_weekday_with_a_past_verb_beside_a_present_one() -> None:
    text = "посылка ждёт в отделении, а я её получила ещё во вторник"
    assert days_since(text, TODAY) == 3


@pytest.mark.parametrize(
    "text, expected_days",
    [
        ("уже две недели как отправила", 14),
        ("уже месяц как сдал посылку", 30),
        ("три дня как отдала курьеру", 3),
        ("на той неделе отправляла", 7),
    ],
)
def test_time_since_said_with_kak_and_that_week(text: str, expected_days: int) -> None:
    assert days_since(text, TODAY) == expected_days


@pytest.mark.parametrize(
    "text",
    [
        "через две недели как получу, верну",
        "доставка две недели как минимум",
        "день как день",
        "в ту неделю не успела",
        "мы уже полгода как живём в другом районе",  # how long it lasts, not when it was sent
    ],
)
def test_no_date_in_kak_phrases_that_do_not_count_back(text: str) -> None:
    assert days_since(text, TODAY) is None


@pytest.mark.parametrize(
    "text, expected_days",
    [
        ("вчира в обед сдала в пункт", 1),  # иканье in «вчера»
        ("сигодня с утра стояла на почте", 0),
        ("шисть дней назад вызвала курьера", 6),  # a number word spelt by ear: six, not «a day» ago
        ("пятнатцать дней назад", 15),
    ],
)
def test_date_and_number_words_spelt_by_ear(text: str, expected_days: int) -> None:
    assert days_since(text, TODAY) == expected_days


def test_a_word_heard_one_vowel_off_is_the_word_it_sounds_like() -> None:
    assert days_since("пока пока хорошего вичера", TODAY) is None  # «вечера», not «вчера»
