"""bot.russian.names: keys, ФИО search and matching against the stored customer."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

import pytest  # noqa: E402

from bot.russian.names import find_person, find_surname, name_key, person_matches  # noqa: E402


@pytest.mark.parametrize(
    "forms",
    [
        ["Иванова", "Ивановой", "иванова", "ИВАНОВА", "Иванов", "Иванову"],
        ["Мария", "Марии", "марию", "Марией"],
        ["Петровна", "Петровны", "петровной", "Петрович"],
        ["Пётр", "Петр", "Петра", "петром"],
        ["Александра", "Александры", "Александре", "Александрой"],
        ["Евгения", "Евгении", "Евгенией"],
        # Surnames that are rare, unknown to the dictionary or look like other words:
        ["Кузнецова", "Кузнецовой", "Кузнецов"],
        ["Шевчук", "Шевчуку", "шевчука"],
        ["Ким", "Кима", "ким"],
        ["Белых", "белых"],
        ["Пупкина", "Пупкиной", "Пупкину"],
        ["Зюзюкина", "Зюзюкиной"],
        ["Дробышевская", "Дробышевской", "Дробышевский"],
        ["Ткаченко"],
    ],
)
def test_name_key_ignores_case_gender_and_capitalisation(forms: list) -> None:
    keys = {name_key(f) for f in forms}
    assert len(keys) == 1, keys


@pytest.mark.parametrize("a, b", [("Иванова", "Петрова"), ("Мария", "Марина"), ("Анна", "Мария")])
def test_name_key_distinguishes_different_names(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("иванова мария петровна", "иванова мария петровна"),
        ("Мария Петровна Иванова", "Мария Петровна Иванова"),
        ("меня зовут Иванова Мария", "Иванова Мария"),
        ("Сидоров Пётр", "Сидоров Пётр"),
        ("ИВАНОВА МАРИЯ", "ИВАНОВА МАРИЯ"),
        ("это Кузнецова Анна, заказ 1234567", "Кузнецова Анна"),
        ("Ким Анна Сергеевна", "Ким Анна Сергеевна"),
        ("Шевчук Александра", "Шевчук Александра"),
        ("Белых Ольга", "Белых Ольга"),
        ("Пупкина Анна", "Пупкина Анна"),
        ("на имя Ивановой Марии Петровны", "Ивановой Марии Петровны"),
    ],
)
def test_find_person(text: str, expected: str) -> None:
    m = find_person(text)
    assert m is not None
    assert m.value == expected
    assert text[m.start:m.end] == expected


@pytest.mark.parametrize(
    "text",
    [
        "где моя посылка",
        "да",
        "нет",
        "8 916 123-45-67",
        "есть ли у вас пункт выдачи",
        "Мария",  # one word is not a ФИО
        "хочу вернуть товар, он пришёл сломанный",
        "",
        "😀",
        "'; DROP TABLE customers; --",
    ],
)
def test_find_person_none(text: str) -> None:
    assert find_person(text) is None


CUSTOMER = ("Иванова", "Мария", "Петровна")


@pytest.mark.parametrize(
    "said",
    [
        "Иванова Мария",
        "Мария Иванова",
        "иванова мария петровна",
        "Мария Петровна Иванова",
        "ивановой марии петровны",
        "меня зовут Иванова Мария",
        "ИВАНОВА МАРИЯ",
        "Ивонова Мария",  # one-letter typo in a long word
        "Иванова Мраия",  # swapped letters
        "Иванова Мария Петравна",
    ],
)
def test_person_matches(said: str) -> None:
    assert person_matches(said, *CUSTOMER)


@pytest.mark.parametrize(
    "said",
    [
        "Иванова Анна",
        "Мария Петровна",  # no surname
        "Иванова",  # no first name
        "Петрова Мария",
        "Иванова Марина",  # a real different name, not a typo
        "Иванова Мария Ивановна",  # wrong patronymic
        "где моя посылка",
        "",
    ],
)
def test_person_does_not_match(said: str) -> None:
    assert not person_matches(said, *CUSTOMER)


def test_patronymic_alone_is_not_a_surname() -> None:
    # "Петровна" is one letter away from the surname "Петрова".
    assert not person_matches("Мария Петровна", "Петрова", "Мария", "Петровна")
    assert person_matches("Петрова Мария Петровна", "Петрова", "Мария", "Петровна")


@pytest.mark.parametrize(
    "said, last, first, middle",
    [
        ("Кузнецовой Марии", "Кузнецова", "Мария", None),
        ("Шевчук Александра", "Шевчук", "Александра", None),
        ("александры шевчук", "Шевчук", "Александра", None),
        ("Ким Анна", "Ким", "Анна", "Сергеевна"),
        ("белых ольга", "Белых", "Ольга", None),
        ("сидоров петр", "Сидоров", "Пётр", "Иванович"),
        ("Иванова Мария Петровна", "Иванова", "Мария", None),  # nothing to check it against
    ],
)
def test_person_matches_other_customers(said: str, last: str, first: str, middle: str) -> None:
    assert person_matches(said, last, first, middle)


def test_person_matches_name_late_in_a_long_message() -> None:
    said = "здравствуйте " * 100 + "заказ оформлен на Иванову Марию"
    assert person_matches(said, *CUSTOMER)


def test_person_matches_garbage_input() -> None:
    assert not person_matches("'; DROP TABLE customers; --", *CUSTOMER)
    assert not person_matches("Иванова Мария", "", "Мария", None)
    assert not person_matches("а" * 10_000, *CUSTOMER)


@pytest.mark.parametrize(
    "text, value",
    [
        ("фамилия Орлов, имя Виктор", "Орлов Виктор"),
        ("имя Ольга фамилия Зайцева", "Зайцева Ольга"),  # any order: the value is Фамилия Имя Отчество
        ("фамилия: Морозова, имя: Анна, отчество: Игоревна", "Морозова Анна Игоревна"),
    ],
)
def test_find_person_from_labels(text: str, value: str) -> None:
    found = find_person(text)
    assert found is not None and found.value == value
    last, first, *middle = value.split()
    assert person_matches(found.value, last, first, middle[0] if middle else None)


@pytest.mark.parametrize("text", ["имя Ольга", "имя не помню, фамилия Зайцева"])
def test_labels_without_surname_and_name_are_no_person(text: str) -> None:
    assert find_person(text) is None


def test_find_person_keeps_a_misspelt_surname_before_name_and_patronymic() -> None:
    found = find_person("смирнва анна петровна")
    assert found is not None and found.value == "смирнва анна петровна"
    assert person_matches(found.value, "Смирнова", "Анна", "Петровна")


def test_known_word_before_name_and_patronymic_is_not_taken_for_a_surname() -> None:
    found = find_person("привет анна петровна")
    assert found is not None and found.value == "анна петровна"


@pytest.mark.parametrize(
    "text, surname",
    [
        ("фамилия Кузнецова", "Кузнецова"),
        ("заказ на фамилию Сидоров", "Сидоров"),
        ("моя фамилия яковлева", "яковлева"),  # after a label, any case
        ("я Петрова, заказ 5566778", "Петрова"),  # introduced
        ("Телефон +7 (921) 987 65 43, Иванова", "Иванова"),  # a clause of its own
        ("Иванова", "Иванова"),
    ],
)
def test_find_surname_said_alone(text: str, surname: str) -> None:
    found = find_surname(text)
    assert found is not None and found.value == surname and text[found.start:found.end] == surname


@pytest.mark.parametrize(
    "text",
    [
        "заказывала сказки Пушкина",  # a surname, but not the customer's
        "спасибо Ольга все понятно",  # a first name
        "Добрый день, Мария",
        "Москва",
        "Иванова Мария Петровна",  # a whole ФИО: find_person's
        "",
    ],
)
def test_find_surname_none(text: str) -> None:
    assert find_surname(text) is None


@pytest.mark.parametrize("text", ["кириллов денис", "денисов игорь"])
def test_surname_known_only_as_a_plural_first_name(text: str) -> None:
    found = find_person(text)  # pymorphy3 reads «кириллов» as Кирилл.gent.plur; nobody is named in the plural
    assert found is not None and found.value == text


def test_surname_with_a_rarer_first_name_reading_said_alone() -> None:
    found = find_surname("это Тарасов")  # Тарас.gent.plur is the rarer reading
    assert found is not None and found.value == "Тарасов"


def test_a_surname_heard_with_a_reduced_vowel_before_name_and_patronymic() -> None:
    found = find_person("я валкова ольга николаевна звоню")  # «валкова» is a dictionary word (валковый)
    assert found is not None and found.value == "волкова ольга николаевна"
    assert person_matches(found.value, "Волкова", "Ольга", "Николаевна")


def test_a_greeting_before_name_and_patronymic_stays_out() -> None:
    found = find_person("здравствуйте ольга николаевна")
    assert found is not None and found.value == "ольга николаевна"


# --- Speech-style input: what a transcript or a customer typing as they speak makes of a ФИО.

@pytest.mark.parametrize("text, last, first, middle", [
    ("это соколов михаил андреивич", "Соколов", "Михаил", "Андреевич"),  # иканье in the patronymic
    ("заказ на воронцова олига борисовича", "Воронцов", "Олег", "Борисович"),  # «олига»: Олега, иканье
    ("меня зовут роман алексеивич черных", "Черных", "Роман", "Алексеевич"),
    ("оформлял коновалов кирил геннадьевич", "Коновалов", "Кирилл", "Геннадьевич"),  # a doubled «л» heard once
    ("жуков филип раманович", "Жуков", "Филипп", "Романович"),
    ("тимофеева палина романовна", "Тимофеева", "Полина", "Романовна"),
    ("меня зовут анна сергеевна валкава", "Волкова", "Анна", "Сергеевна"),  # two vowels, where a surname is due
])
def test_a_name_spelt_by_ear_matches_the_customer(text: str, last: str, first: str, middle: str) -> None:
    found = find_person(text)
    assert found is not None and person_matches(found.value, last, first, middle)


@pytest.mark.parametrize("said, last, first", [
    ("Голованова Алина", "Голованова", "Алёна"),  # «ё» is stressed: Алина is another name, not Алёна heard
    ("Морозова Лина", "Морозова", "Лена"),  # short names differ by one vowel: two names
    ("Петров Антон", "Петров", "Антонина"),
])
def test_a_different_name_one_vowel_away_does_not_match(said: str, last: str, first: str) -> None:
    assert not person_matches(said, last, first, None)


@pytest.mark.parametrize("text, last, first", [
    ("оформлено на римского корсакова николая", "Римский-Корсаков", "Николай"),
    ("соколова микитова анна", "Соколова-Микитова", "Анна"),
    ("получатель анна голенищева кутузова", "Голенищева-Кутузова", "Анна"),
    ("отправьте на мусину пушкину ирину", "Мусина-Пушкина", "Ирина"),
])
def test_a_double_surname_said_without_its_hyphen(text: str, last: str, first: str) -> None:
    found = find_person(text)
    assert found is not None and person_matches(found.value, last, first, None), found


@pytest.mark.parametrize("text, last, first", [
    ("оформляла седых ольга", "Седых", "Ольга"),
    ("получатель роман широких", "Широких", "Роман"),
    ("заказ на долгих светлану петровну", "Долгих", "Светлана"),
    ("это сидых ольга николаевна", "Седых", "Ольга"),  # and spelt by ear
])
def test_an_indeclinable_surname_in_lower_case(text: str, last: str, first: str) -> None:
    found = find_person(text)
    assert found is not None and person_matches(found.value, last, first, None), found


@pytest.mark.parametrize("text", [
    "купила для своих детей",
    "у многих максим такой же",
    "для пожилых людей есть скидка",
    "в первых числах декабря",
])
def test_a_plural_adjective_without_a_first_name_is_no_surname(text: str) -> None:
    assert find_person(text) is None


@pytest.mark.parametrize("text, value", [
    ("в интирисах жукова дениса олеговича", "жукова дениса олеговича"),  # «интересах», two vowels by ear
    ("по паручению жукова дениса олеговича", "жукова дениса олеговича"),
])
def test_a_common_word_spelt_by_ear_is_not_a_name(text: str, value: str) -> None:
    found = find_person(text)
    assert found is not None and found.value == value


@pytest.mark.parametrize("text", ["скалько вримя", "вы продаите кракодилов", "балит галова", "званила вчера"])
def test_a_message_spelt_by_ear_names_no_one(text: str) -> None:
    assert find_person(text) is None and find_surname(text) is None


@pytest.mark.parametrize("text, surname", [
    ("мой номер восемь девятьсот шестнадцать триста тридцать три сорок четыре пятьдесят пять сорокина", "Сорокина"),
    ("кузнецова восемь девятьсот двадцать шесть сто один ноль два ноль три", "Кузнецова"),
    ("звоните на 89031112233 тарасова", "Тарасова"),  # digits, lower case, no comma
])
def test_a_surname_said_next_to_a_dictated_number(text: str, surname: str) -> None:
    found = find_surname(text)
    assert found is not None and name_key(found.value) == name_key(surname)


@pytest.mark.parametrize("text", [
    "заказ семь восемь девять петров день",
    "у меня две петровых куртки",
    "восемь девятьсот шестнадцать триста тридцать три сорок четыре пятьдесят пять спасибо",
])
def test_no_surname_beside_a_short_number_or_none_at_all(text: str) -> None:
    assert find_surname(text) is None


@pytest.mark.parametrize(
    "text", ["курьер не нашёл дом на ул. Ленина, 7", "пункт на улице Гагарина закрыт", "улица Льва Толстого"]
)
def test_a_street_named_after_someone_is_no_person(text: str) -> None:
    assert find_person(text) is None
    assert find_surname(text) is None


def test_a_person_beside_a_street_is_found() -> None:
    found = find_person("на улице Ленина Иван Петров ждёт курьера")
    assert found is not None and person_matches(found.value, "Петров", "Иван", None)


@pytest.mark.parametrize(
    "text", ["заказывала Лидия Пестова, телефон старый", "заказывала лидия пестова тилефон старый", "Пестова Лидия"]
)
def test_a_surname_the_dictionary_knows_only_as_a_village(text: str) -> None:
    from bot.russian.entities import FINDERS

    found = find_person(text)
    assert found is not None and person_matches(found.value, "Пестова", "Лидия", None)
    assert list(FINDERS["city"](text)) == []  # not the village Пестово


def test_the_village_after_a_preposition_stays_a_village() -> None:
    assert find_person("из Пестова Лидия звонит") is None


@pytest.mark.parametrize(
    "text, surname",
    [("фамилия у меня Ахметзянова", "Ахметзянова"), ("фамилия у меня ахметзянова", "ахметзянова")],
)
def test_a_surname_after_familiya_u_menya(text: str, surname: str) -> None:
    found = find_surname(text)
    assert found is not None and found.value == surname


@pytest.mark.parametrize("text", ["фамилия у меня сложная", "фамилия двойная, через дефис"])
def test_a_word_about_the_surname_is_not_the_surname(text: str) -> None:
    assert find_surname(text) is None and find_person(text) is None


@pytest.mark.parametrize(
    "text, last, first",
    [
        ("рустаму хасанаву улан удэ", "Хасанов", "Рустам"),  # a dative ФИО with its ending spelt by ear
        ("ольге сидарову передайте", "Сидорова", "Ольга"),
        ("получатель тарасова ильина вероника", "Тарасова-Ильина", "Вероника"),  # Ильина: a name and a surname
        ("вероника тарасова ильина", "Тарасова-Ильина", "Вероника"),
    ],
)
def test_surnames_spelt_by_ear_and_double_surnames(text: str, last: str, first: str) -> None:
    found = find_person(text)
    assert found is not None and person_matches(found.value, last, first, None)


def test_a_double_surname_needs_its_first_name_elsewhere() -> None:
    found = find_person("иванова анна ильина")
    assert found is not None and person_matches(found.value, "Иванова", "Анна", None)
