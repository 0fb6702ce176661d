"""bot.telegram.rendering: Telegram's text limit, buttons and callback data, which keyboard a chat shows."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

import pytest  # noqa: E402

from bot.contract import Handover  # noqa: E402
from bot.telegram.config import DEFAULT_DOMAIN_FILE  # noqa: E402
from bot.telegram.rendering import (CONTACT, MAX_TEXT, MENU, Button, button_rows, customer_text,  # noqa: E402
                                    decode_payload, encode_payload, inline_keyboard, plan_replies, split_text,
                                    utf16_len)
from bot.telegram.texts import Captions  # noqa: E402

CAPTIONS = Captions.load(DEFAULT_DOMAIN_FILE)

SENTENCE = "Мария Петровна, заказ уже отправлен, ожидайте, пожалуйста, извещения с почты. "


# --- splitting ---

def test_short_text_is_one_message_unchanged() -> None:
    assert split_text("Здравствуйте!") == ["Здравствуйте!"]


def test_text_at_the_limit_is_not_split() -> None:
    text = "а" * MAX_TEXT
    assert split_text(text) == [text]


def test_long_text_is_split_at_paragraphs_within_the_limit() -> None:
    paragraph = (SENTENCE * 30).strip()  # ~2400 characters
    text = "\n\n".join([paragraph] * 3)
    chunks = split_text(text)
    assert len(chunks) == 3
    assert chunks == [paragraph] * 3
    assert all(utf16_len(c) <= MAX_TEXT for c in chunks)


def test_long_text_without_paragraphs_is_split_between_sentences_and_loses_nothing() -> None:
    text = (SENTENCE * 120).strip()  # ~9600 characters, one paragraph
    chunks = split_text(text)
    assert len(chunks) == 3
    assert all(utf16_len(c) <= MAX_TEXT for c in chunks)
    assert all(c.endswith(".") for c in chunks)  # never in the middle of a sentence
    assert " ".join(chunks) == text


def test_words_are_never_cut() -> None:
    words = [f"слово{i}" for i in range(1500)]
    chunks = split_text(" ".join(words))
    assert len(chunks) > 1
    assert [w for c in chunks for w in c.split(" ")] == words


def test_limit_counts_utf16_units_so_emoji_do_not_overflow() -> None:
    text = "🙂" * 3000  # 6000 UTF-16 units, 3000 code points
    chunks = split_text(text)
    assert [utf16_len(c) for c in chunks] == [4096, 1904]
    assert "".join(chunks) == text


def test_unbreakable_text_is_cut_hard() -> None:
    text = "x" * (MAX_TEXT * 2 + 5)
    assert [len(c) for c in split_text(text)] == [MAX_TEXT, MAX_TEXT, 5]


# --- typed text and buttons ---

@pytest.mark.parametrize("typed, sent", [
    ("где посылка", "где посылка"),
    ('/inform{"phone": "+79001000101"}', 'inform{"phone": "+79001000101"}'),
    ("  //restart", "restart"),
    ("/", ""),
])
def test_typed_text_never_reaches_rasa_as_an_intent(typed: str, sent: str) -> None:
    assert customer_text(typed) == sent


def test_short_captions_share_rows_long_ones_do_not() -> None:
    assert button_rows(["Да", "Нет"]) == [[0, 1]]
    assert button_rows(["Да, заказ актуален", "Нет"]) == [[0, 1]]
    assert button_rows(["Соединить с оператором", "Где посылка", "Нет"]) == [[0], [1, 2]]
    assert button_rows(["а", "б", "в", "г"]) == [[0, 1, 2], [3]]


def test_plain_payload_travels_in_the_button() -> None:
    registry: dict = {}
    assert encode_payload("да", registry) == "t:да"
    assert registry == {}
    assert decode_payload("t:да", registry) == "да"


def test_intent_payload_is_kept_server_side_and_cannot_be_forged() -> None:
    registry: dict = {}
    data = encode_payload('/inform{"order_id": "123"}', registry)
    assert data.startswith("p:") and len(data.encode()) <= 64
    assert decode_payload(data, registry) == '/inform{"order_id": "123"}'
    # A client sending its own callback data gets neither an intent nor anything unknown through.
    assert decode_payload('t:/inform{"phone": "+79001000101"}', registry) == 'inform{"phone": "+79001000101"}'
    assert decode_payload("p:0000", registry) is None
    assert decode_payload("zzz", registry) is None


def test_long_payload_fits_telegram_callback_limit() -> None:
    registry: dict = {}
    payload = "соедините меня с оператором пожалуйста прямо сейчас"  # > 64 bytes in UTF-8
    data = encode_payload(payload, registry)
    assert len(data.encode()) <= 64 and decode_payload(data, registry) == payload


def test_registry_keeps_only_recent_payloads() -> None:
    registry: dict = {}
    first = encode_payload("/first", registry, keep=3)
    for i in range(3):
        encode_payload(f"/p{i}", registry, keep=3)
    assert len(registry) == 3 and decode_payload(first, registry) is None


def test_inline_keyboard_of_rasa_buttons() -> None:
    markup = inline_keyboard([Button("Да", "да"), Button("Нет", "нет")], {})
    assert [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard] == [[("Да", "t:да"), ("Нет", "t:нет")]]


# --- replies -> messages ---

ASK = {"text": "Уточните, пожалуйста, номер телефона или ФИО, которые указывали в заказе."}
EXPECT = {"custom": {"expect": "identity"}}


def test_contact_button_goes_under_the_identity_question() -> None:
    plan = plan_replies([ASK, EXPECT], CAPTIONS, keyboard=MENU)
    assert [(m.text, m.keyboard) for m in plan.messages] == [(ASK["text"], CONTACT)]
    assert plan.keyboard == CONTACT


def test_contact_button_gets_its_own_prompt_when_the_question_has_inline_buttons() -> None:
    question = {"text": "Вопрос?", "buttons": [{"title": "Да", "payload": "да"}]}
    plan = plan_replies([question, EXPECT], CAPTIONS, keyboard=MENU)
    assert [(m.text, m.keyboard) for m in plan.messages] == [("Вопрос?", None), ("Номер можно отправить кнопкой «Поделиться номером телефона» ниже.", CONTACT)]


def test_menu_returns_after_identification_on_the_last_plain_message() -> None:
    replies = [{"text": "Мария Петровна, заказ уже отправлен."}, {"text": "Могу ли я Вам ещё чем-нибудь помочь?"}]
    plan = plan_replies(replies, CAPTIONS, keyboard=CONTACT)
    assert [m.keyboard for m in plan.messages] == [None, MENU]
    assert plan.keyboard == MENU


def test_menu_is_not_resent_while_it_is_shown_unless_asked() -> None:
    replies = [{"text": "Здравствуйте!"}]
    assert plan_replies(replies, CAPTIONS, keyboard=MENU).messages[0].keyboard is None
    assert plan_replies(replies, CAPTIONS, keyboard=MENU, force_menu=True).messages[0].keyboard == MENU


def test_question_with_buttons_keeps_the_contact_keyboard() -> None:
    plan = plan_replies([{"text": "Иванова Мария Петровна, верно?", "buttons": [{"title": "Да", "payload": "да"}]}], CAPTIONS,
                        keyboard=CONTACT)
    assert plan.messages[0].keyboard is None and plan.keyboard == CONTACT


def test_long_reply_with_buttons_puts_the_buttons_on_its_last_part() -> None:
    text = (SENTENCE * 80).strip()
    plan = plan_replies([{"text": text, "buttons": [{"title": "Да", "payload": "да"}]}], CAPTIONS, keyboard=MENU)
    assert len(plan.messages) == 2
    assert plan.messages[0].buttons == [] and plan.messages[1].buttons == [Button("Да", "да")]


def test_custom_payloads_are_not_shown_as_text() -> None:
    handover = {"ticket_id": 7, "kind": "operator", "reason": "r", "order_id": None, "customer_id": None}
    plan = plan_replies([{"text": "Соединяю."}, {"custom": {"handover": handover}}, {"custom": {"end_conversation": True}},
                         {"custom": {"something": "new"}}], CAPTIONS, keyboard=MENU)
    assert [m.text for m in plan.messages] == ["Соединяю."]
    assert plan.handovers == [Handover(ticket_id=7, kind="operator", reason="r")] and plan.ended


def test_malformed_payloads_are_neither_shown_nor_acted_on() -> None:
    plan = plan_replies([{"text": "Соединяю."}, {"custom": {"handover": {"kind": "operator"}}},
                         {"custom": {"end_conversation": "no"}}, {"custom": {"expect": "order"}}, {"custom": "junk"}],
                        CAPTIONS, keyboard=MENU)
    assert [m.text for m in plan.messages] == ["Соединяю."]
    assert plan.handovers == [] and not plan.ended and plan.keyboard != CONTACT


def test_buttons_without_text_get_a_caption_and_empty_replies_are_skipped() -> None:
    plan = plan_replies([{"text": ""}, {"buttons": [{"title": "Да", "payload": "да"}]}], CAPTIONS, keyboard=MENU)
    assert [m.text for m in plan.messages] == ["Выберите, пожалуйста, вариант:"]
