"""«СПИСОК НОМЕРОВ»: seed 004's numbers, and B2C from seed 000."""
import pytest

from actions.phone_book import entries, phone_of

# Seed 004 «СПИСОК НОМЕРОВ»; B2C is only in seed 000 («B2C 8 800 775 24 15»).
SCRIPT = {
    "Почта России": "8 800 200 58 88", "СДЭК": "8 800 250 04 05", "Top Delivery (Москва)": "8 495 660 35 29",
    "Top Delivery (регионы)": "8 800 707 03 49", "B2C": "8 800 775 24 15", "Dalli": "8 495 646 86 82",
    "Boxberry": "8 800 234 80 00", "5 Post": "8 800 555 55 05", "Pick Point": "8 800 700 79 09",
    "Сайт «Мой мир»": "8 800 707 50 25", "Императорский монетный двор": "8 800 301 75 06",
    "Эксклюзивная коллекция": "8 800 707 37 42", "Ювелирия": "8 800 555 33 33", "ОМЕГА": "8 800 250 10 67",
    "Каталог МойМир": "8 800 250 21 76", "Триколор": "8 800 500 01 23",
}


def test_the_phone_list_is_the_script_s() -> None:
    assert {e.name: e.phone for e in entries()} == SCRIPT


@pytest.mark.parametrize("asked", ["телефон b2c", "номер б2с", "как позвонить в би ту си"])
def test_b2c_is_found_by_the_names_customers_use(asked: str) -> None:
    assert phone_of(asked) == "8 800 775 24 15"


@pytest.mark.parametrize("asked, seed_004, seed_000", [("имд", "8 800 301 75 06", "8 495 974 29 47"),
                                                    ("эксклюзивная коллекция", "8 800 707 37 42", "8 800 600 34 32")])
def test_where_seed_000_differs_seed_004_stays(asked: str, seed_004: str, seed_000: str) -> None:
    assert phone_of(asked) == seed_004 != seed_000
