"""Bad input never breaks a conversation, and the server keeps serving."""
import pytest

ODD_MESSAGES = [
    "",
    "   ",
    "а" * 10_000,
    "где посылка " * 900,
    "😀😀😀🙏",
    "Hello, where is my order?",
    "'; DROP TABLE customers; --",
    "\x00\x01\x02",
    "{\"phone\": null}",
]


@pytest.mark.parametrize("message", ODD_MESSAGES, ids=range(len(ODD_MESSAGES)))
def test_odd_messages_get_a_reply(customer, message):
    replies = customer.says(message)
    assert any((r.get("text") or "").strip() for r in replies), replies


@pytest.mark.parametrize("junk", ["'; DROP TABLE customers; --", "1 OR 1=1", "+7' OR '1'='1", "😀" * 50, "x" * 10_000])
def test_junk_in_place_of_a_phone(customer, junk):
    customer.says_text("где посылка")
    answer = customer.says_text(junk)
    assert "номер телефона" in answer or "ФИО" in answer
    assert customer.says_text("8 900 100-01-01") == "Иванова Мария Петровна, верно?"  # the store survived


def test_greeting_goodbye_thanks_and_out_of_scope(customer):
    assert "меня зовут Алиса" in customer.says_text("добрый день")
    assert "Могу ли я Вам ещё чем-нибудь помочь?" in customer.says_text("спасибо большое")
    assert "консультирую только по заказам" in customer.says_text("какой курс доллара сегодня")
    assert "не человек" in customer.says_text("ты робот?")
    replies = customer.says("до свидания")
    assert any("Всего доброго" in (r.get("text") or "") for r in replies)
    assert any(r.get("custom", {}).get("end_conversation") for r in replies)
