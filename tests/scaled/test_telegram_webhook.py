"""Telegram in webhook mode under the scaled topology: Telegram (the Bot API emulator) posts a customer's updates
to the load balancer, HAProxy passes them to two Telegram fronts in turn, and one chat is served by both without
losing its state (the buttons' payloads kept by the front, the keyboard asking for the contact); a front killed
mid-chat: the other one carries on. The desk's messages reach the chat once, though both fronts watch the outbox;
with Redis away the customer hears the apology, and the chat goes on when it is back."""
from __future__ import annotations

from typing import Callable, Dict, Iterator, List, TypeVar

import pytest

from bot.scaled_stack import ScaledStack
from bot.telegram.config import DEFAULT_DOMAIN_FILE
from bot.telegram.texts import Captions
from tests.telegram.harness import BotMessage, Emulator, TelegramUser, joined

CAPTIONS = Captions.load(DEFAULT_DOMAIN_FILE)  # what the front says, as a supervisor wrote it

GREETING = "Здравствуйте, Отдел поддержки клиентов, меня зовут Алиса"
TRY_LATER = "попробуйте, пожалуйста, позже"
TOKEN = "300001:TEST-token-for-the-emulator"
T = TypeVar("T")


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    running = Emulator(tmp_path_factory.mktemp("emulator")).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def fronts(scaled: ScaledStack, emulator: Emulator) -> ScaledStack:
    assert scaled.haproxy
    for front in range(len(scaled.haproxy.telegram_ports)):
        scaled.start_telegram_front(TOKEN, TELEGRAM_API_URL=emulator.url, front=front)
    return scaled


def served(scaled: ScaledStack) -> Dict[int, int]:
    assert scaled.haproxy
    return scaled.haproxy.requests_served("telegram_front")


def on_front(scaled: ScaledStack, step: Callable[[], T]) -> "tuple[T, List[int]]":
    """What `step` returned and which fronts the load balancer gave its updates to."""
    before = served(scaled)
    result = step()
    after = served(scaled)
    return result, [port for port, count in after.items() if count > before.get(port, 0)]


def test_a_message_posted_to_the_load_balancer_gets_the_assistants_reply(fronts: ScaledStack,
                                                                         emulator: Emulator) -> None:
    user = TelegramUser(emulator, TOKEN)
    user.send_text("здравствуйте")  # the emulator posts the update to the webhook it was given: HAProxy's address
    assert user.replies_with(GREETING)[0].text.startswith(GREETING)


def test_one_chat_served_by_two_fronts_in_turn_keeps_its_buttons_and_its_contact_request(
        fronts: ScaledStack, emulator: Emulator) -> None:
    user = TelegramUser(emulator, TOKEN)
    user.says("здравствуйте")
    replies, asked_on = on_front(fronts, lambda: user.says("вопрос по товару"))
    question = next(m for m in replies if m.inline_buttons)
    # an intent payload: the button carries only a key, the payload is in the chat's state
    button = next(b for b in question.inline_buttons if b["callback_data"].startswith("p:"))

    def press() -> List[BotMessage]:
        user.press(question, button["text"])
        assert user.press_answer().get("text") != CAPTIONS.stale_button
        return user.replies(quiet=2)

    answer, pressed_on = on_front(fronts, press)
    assert len(asked_on) == 1 and len(pressed_on) == 1 and asked_on != pressed_on  # the other front knew the key
    assert answer and "не совсем поняла" not in joined(answer)

    asks_phone, first = on_front(fronts, lambda: user.says("где моя посылка"))
    assert "номер телефона" in joined(asks_phone)
    assert any("Поделиться номером телефона" in m.keyboard_titles for m in asks_phone)
    read_back, second = on_front(fronts, lambda: (user.share_contact("+79001000101"),
                                                  user.replies_with("верно?"))[1])
    assert first != second and "Иванова Мария Петровна, верно?" in joined(read_back)


def test_an_operators_message_reaches_the_chat_once_though_both_fronts_watch_the_outbox(
        fronts: ScaledStack, emulator: Emulator) -> None:
    from store import livechat  # the scaled fixture points the store at the topology's PostgreSQL

    user = TelegramUser(emulator, TOKEN)
    user.says("здравствуйте")
    text = "Здравствуйте! Меня зовут Ирина, чем могу помочь?"
    # Telegram makes the first send wait 3 s (429): meanwhile the message is still undelivered in the store, where
    # a second front watching the outbox would find it and send it too
    emulator.flood(TOKEN, 1, 3)
    livechat.post_message(f"telegram-{user.id}", "telegram", "operator", text, operator="ivanova")
    user.replies_with("Меня зовут Ирина")
    user.silence(3)  # no second copy from the other front
    assert [m.text for m in user.seen].count(text) == 1


def test_with_redis_away_the_chat_hears_the_apology_and_goes_on_when_it_is_back(fronts: ScaledStack,
                                                                                  emulator: Emulator) -> None:
    assert fronts.redis
    user = TelegramUser(emulator, TOKEN)
    user.says("здравствуйте")
    fronts.redis.stop()  # the chats' state and lock, and the assistant's conversations and lock store
    try:
        user.send_text("где моя посылка")
        assert "извинения" in joined(user.replies_with(TRY_LATER, timeout=30))
    finally:
        fronts.redis.start()
    assert "номер телефона" in joined(user.says("где моя посылка"))


def test_a_front_killed_mid_chat_the_other_carries_it_on(fronts: ScaledStack, emulator: Emulator) -> None:
    assert fronts.haproxy
    user = TelegramUser(emulator, TOKEN)
    user.says("здравствуйте")
    replies, asked_on = on_front(fronts, lambda: user.says("вопрос по товару"))
    question = next(m for m in replies if m.inline_buttons)
    button = next(b for b in question.inline_buttons if b["callback_data"].startswith("p:"))
    ports = fronts.haproxy.telegram_ports
    assert len(asked_on) == 1
    victim = ports.index(asked_on[0])  # the front that sent the buttons, and alone knew them in memory
    survivor = ports[1 - victim]
    fronts.kill_telegram_front(victim)
    before = served(fronts)[survivor]
    user.press(question, button["text"])
    assert user.press_answer().get("text") != CAPTIONS.stale_button
    assert "не совсем поняла" not in joined(user.replies(quiet=2))
    assert "номер телефона" in joined(user.says("где моя посылка"))
    user.share_contact("+79001000101")
    assert "Иванова Мария Петровна, верно?" in joined(user.replies_with("верно?"))
    assert served(fronts)[survivor] >= before + 3  # every update since went to the survivor
