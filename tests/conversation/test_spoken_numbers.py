"""Phones and order numbers written in words, as a speech recogniser writes what a caller dictates (REST)."""


def test_a_phone_dictated_in_words_identifies_the_customer(customer):
    customer.says_text("где моя посылка")
    # +7 900 100 01 01 in the usual 3-3-2-2 groups
    assert customer.says_text("восемь девятьсот сто ноль один ноль один") == "Иванова Мария Петровна, верно?"
    assert "заказ уже отправлен" in customer.says_text("да")


def test_a_phone_dictated_digit_by_digit_with_the_recognisers_digits_mixed_in(customer):
    customer.says_text("где мой заказ")
    assert customer.says_text("мой номер восемь 900 один ноль ноль ноль один 01") == "Иванова Мария Петровна, верно?"


def test_an_order_number_said_in_groups_picks_that_order(customer):
    customer.says_text("где мой заказ")
    customer.says_text("89161234567")
    listing = customer.says_text("да")
    assert "№ 2000101" in listing and "№ 2000102" in listing
    # 2000101 as the voice reads it back (200-01-01) and as a caller repeats it; 2000102 is another parcel
    assert "заказ уже отправлен" in customer.says_text("двести ноль один ноль один")


def test_the_other_order_said_in_words_gets_its_own_answer(customer):
    customer.says_text("где мой заказ")
    customer.says_text("89161234567")
    customer.says_text("да")
    # 2000102 is in «Буфер», delivered by courier; its first or repeated-contact phrase (another test of the
    # session may have asked about it already), both «…ожидаем поставку…» and «…звонка от курьера»
    answer = customer.says_text("двести ноль один ноль два").lower()
    assert "ожидаем поставку" in answer and "звонка от курьера" in answer and "заказ уже отправлен" not in answer
