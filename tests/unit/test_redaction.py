"""A masked transcript shows no phone, e-mail or the customer's name."""
from desk.redaction import personal_words, redact


def test_phone_email_and_name_in_any_case_are_masked_and_the_order_number_is_not():
    text = "Я Иванову Марию ищу, мой номер 8 (916) 123-45-67, почта m.ivanova@mail.ru, заказ 123456"
    masked = redact(text, personal_words("Иванова Мария Петровна"))
    assert "Иванов" not in masked and "Мари" not in masked
    assert "123-45-67" not in masked and "45-67" in masked  # the last four digits stay, as in the queue
    assert "mail.ru" not in masked and "123456" in masked
