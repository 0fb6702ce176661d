"""The Telegram front killed (`kill -9`) and started again: the buttons it sent before still work."""
from __future__ import annotations

from bot.local_stack import Stack
from bot.telegram.config import DEFAULT_DOMAIN_FILE
from bot.telegram.texts import Captions
from tests.telegram.harness import Emulator, TelegramUser

CAPTIONS = Captions.load(DEFAULT_DOMAIN_FILE)  # what the front says, as a supervisor wrote it


def test_a_button_sent_before_the_front_was_killed_still_works(stack: Stack, emulator: Emulator, spawn_bot) -> None:
    bot = spawn_bot(stack.base_url)
    user = TelegramUser(emulator, bot.token)
    user.says("здравствуйте")
    question = next(m for m in user.says("вопрос по товару") if m.inline_buttons)
    # an intent payload: kept by the front (the button carries only a key), so it needs the chat's state
    button = next(b for b in question.inline_buttons if b["callback_data"].startswith("p:"))
    bot.proc.kill()
    bot.proc.wait(timeout=30)
    bot.start()
    user.press(question, button["text"])
    assert user.press_answer().get("text") != CAPTIONS.stale_button
    reply = user.replies(quiet=2)
    assert reply and "не совсем поняла" not in " ".join(m.text for m in reply)
