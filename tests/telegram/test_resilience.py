"""The bot when things go wrong: the assistant down or slow, Telegram's flood limits, a customer who blocked the
bot; webhook mode with its secret token; a clean stop that still answers what was received."""
from __future__ import annotations

import time
from pathlib import Path

import requests

from bot.telegram.config import DEFAULT_DOMAIN_FILE
from bot.telegram.texts import Captions
from bot.telegram.config import load_phrases
from bot.local_stack import ROOT, Stack, free_port
from tests.telegram.harness import Emulator, RasaProxy, TelegramUser, joined

CAPTIONS = Captions.load(DEFAULT_DOMAIN_FILE)  # what the front says, as a supervisor wrote it

PHRASES = load_phrases(ROOT / "domain.yml")
GREETING = "Здравствуйте, Отдел поддержки клиентов, меня зовут Алиса"


def test_phrases_are_the_plain_script_variants() -> None:
    assert PHRASES.hold == "Оставайтесь, пожалуйста, на линии, уточню информацию и вернусь к диалогу."
    assert PHRASES.apology == "От лица компании приношу искренние извинения за доставленные неудобства."


def test_assistant_down_then_back_the_message_is_not_lost(stack: Stack, emulator: Emulator, spawn_bot) -> None:
    proxy = RasaProxy(stack.base_url)  # not started yet: nothing listens, the assistant is "down"
    bot = spawn_bot(proxy.url, RASA_HOLD_AFTER="1", RASA_RETRY_WINDOW="60")
    user = TelegramUser(emulator, bot.token)
    user.send_text("здравствуйте")
    assert [m.text for m in user.replies()] == [PHRASES.hold]
    proxy.start()
    try:
        assert user.replies_with(GREETING, timeout=30)[0].text.startswith(GREETING)
    finally:
        proxy.stop()


def test_assistant_down_for_good_the_customer_is_told_to_try_again(emulator: Emulator, spawn_bot) -> None:
    bot = spawn_bot(f"http://127.0.0.1:{free_port()}", RASA_HOLD_AFTER="1", RASA_RETRY_WINDOW="4")
    user = TelegramUser(emulator, bot.token)
    user.send_text("здравствуйте")
    user.send_text("где посылка")  # queued behind the first: one apology for the outage, not one per message
    got = user.replies(lambda seen: any(m.text == CAPTIONS.try_again_later for m in seen), quiet=5)
    assert [m.text for m in got] == [PHRASES.hold, PHRASES.apology, CAPTIONS.try_again_later]


def test_assistant_slow_the_customer_hears_the_hold_phrase_first(stack: Stack, emulator: Emulator, spawn_bot) -> None:
    proxy = RasaProxy(stack.base_url, delay=3).start()
    try:
        bot = spawn_bot(proxy.url, RASA_HOLD_AFTER="1")
        user = TelegramUser(emulator, bot.token)
        user.send_text("здравствуйте")
        got = user.replies_with(GREETING, timeout=30)
        assert got[0].text == PHRASES.hold and got[1].text.startswith(GREETING)
    finally:
        proxy.stop()


def test_flood_limit_is_waited_out(user: TelegramUser, emulator: Emulator) -> None:
    emulator.flood(user.token, count=2, retry_after=1)
    started = time.monotonic()
    user.send_text("здравствуйте")
    assert user.replies_with(GREETING)[0].text.startswith(GREETING)
    assert time.monotonic() - started >= 2  # it waited as Telegram asked, twice
    assert [c["status"] for c in sends_to(emulator, user)][:3] == [429, 429, 200]


def test_a_customer_who_blocked_the_bot_does_not_stop_it(user: TelegramUser, emulator: Emulator) -> None:
    emulator.block(user.token, user.id)
    user.send_text("здравствуйте")
    deadline = time.monotonic() + 30
    while not sends_to(emulator, user) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert sends_to(emulator, user) and all(c["status"] == 403 for c in sends_to(emulator, user))
    other = TelegramUser(emulator, user.token)
    assert other.says("здравствуйте")[0].text.startswith(GREETING)
    user.silence(1)


def sends_to(emulator: Emulator, user: TelegramUser) -> list:
    return [c for c in emulator.control("calls", user.token)
            if c["method"] == "sendMessage" and str(c["chat_id"]) == str(user.id)]


def test_webhook_mode_checks_the_secret_token(stack: Stack, emulator: Emulator, spawn_bot) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    bot = spawn_bot(stack.base_url, TELEGRAM_WEBHOOK_URL=url, TELEGRAM_WEBHOOK_LISTEN="127.0.0.1",
                    TELEGRAM_WEBHOOK_PORT=str(port), TELEGRAM_WEBHOOK_SECRET="s3cret-from-env")
    user = TelegramUser(emulator, bot.token)
    user.send_command("/start")  # Telegram (the emulator) posts it to the webhook with the secret token
    assert user.replies_with(GREETING)[0].text.startswith(GREETING)

    forged = {"update_id": 999999, "message": user.message(message_id=1, text="здравствуйте")}
    for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "guess"}):
        assert requests.post(url, json=forged, headers=headers, timeout=10).status_code == 403
    user.silence(2)


def test_clean_shutdown_answers_what_was_received(stack: Stack, emulator: Emulator, spawn_bot) -> None:
    proxy = RasaProxy(stack.base_url, delay=3).start()
    try:
        bot = spawn_bot(proxy.url, RASA_HOLD_AFTER="0.5")
        user = TelegramUser(emulator, bot.token)
        user.send_text("здравствуйте")
        assert user.replies_with(PHRASES.hold, timeout=30)[0].text == PHRASES.hold  # in progress now
        assert bot.stop(timeout=30) == 0
        assert joined(user.replies(timeout=5)).startswith(GREETING)  # sent before it stopped
        assert "Traceback" not in bot.log_text()
    finally:
        proxy.stop()


def test_polling_restart_picks_up_messages_sent_while_the_bot_was_away(stack: Stack, emulator: Emulator,
                                                                      spawn_bot, workdir: Path) -> None:
    bot = spawn_bot(stack.base_url)
    assert bot.stop() == 0
    user = TelegramUser(emulator, bot.token)
    user.send_text("здравствуйте")  # Telegram keeps it until the bot polls again
    bot.start()
    assert user.replies_with(GREETING)[0].text.startswith(GREETING)
