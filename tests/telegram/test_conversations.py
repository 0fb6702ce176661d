"""Whole conversations held as a Telegram user, through the Bot API emulator, with the real bot application and
the real assistant (demo data: +7 900 100-01-01 is Иванова Мария Петровна, order sent by Почта России)."""
from __future__ import annotations

import time

from bot.telegram.config import DEFAULT_DOMAIN_FILE
from bot.telegram.texts import Captions
from tests.telegram.harness import BOT_USERNAME, BotProcess, Emulator, TelegramUser, joined

CAPTIONS = Captions.load(DEFAULT_DOMAIN_FILE)  # what the front says, as a supervisor wrote it

GREETING = "Здравствуйте, Отдел поддержки клиентов, меня зовут Алиса"
ASK_IDENTITY = "Уточните, пожалуйста, номер телефона или ФИО"
READ_BACK = "Иванова Мария Петровна, верно?"
MENU = ["Где посылка", "Возврат", "Деньги за возврат", "Автодозвон", "Бонусная карта", "Оператор"]


def test_greeting_contact_identification_and_where_is_my_parcel(user: TelegramUser, emulator: Emulator) -> None:
    user.send_command("/start")
    greeting = user.replies_with(GREETING)
    assert greeting[0].text.startswith(GREETING)
    menu = greeting[-1]
    assert menu.keyboard_titles == MENU
    assert menu.reply_markup["is_persistent"] is True

    # The customer taps «Где посылка» in the menu: the assistant asks who they are and offers the contact button.
    user.send_text("Где посылка")
    asked = user.replies_with(ASK_IDENTITY)
    question = next(m for m in asked if ASK_IDENTITY in m.text)
    assert question.keyboard == [[{"text": "Поделиться номером телефона", "request_contact": True}]]
    assert not any("заказ" in m.text.lower() and "отправлен" in m.text.lower() for m in asked)

    user.share_contact("79001000101")  # own card: contact.user_id == from.id
    read_back = user.replies_with(READ_BACK)
    confirm = next(m for m in read_back if READ_BACK in m.text)
    assert confirm.button_titles == ["Да", "Нет"]

    user.press(confirm, "Да")
    assert user.press_answer()["callback_query_id"]  # the button stopped spinning
    answer = user.replies_with("заказ уже отправлен")
    parcel = next(m for m in answer if "заказ уже отправлен" in m.text)
    assert "Мария Петровна" in parcel.text and "17012345678901" in parcel.text
    # The question shows what was chosen and can no longer be answered twice.
    pressed = emulator.stored_message(user.token, confirm.message_id)
    assert pressed["text"] == f"{READ_BACK}\n\n✓ Да"
    assert pressed["reply_markup"]["inline_keyboard"] == []
    # Identification is over: the topic menu is back.
    assert answer[-1].keyboard_titles == MENU


def test_someone_elses_contact_is_refused_and_typed_phone_still_works(user: TelegramUser) -> None:
    user.send_text("где моя посылка")
    user.replies_with(ASK_IDENTITY)

    user.share_contact("79001000101", owner_id=user.id + 1)  # a contact card of another Telegram user
    refused = user.replies_with("Принять можно только Ваш собственный номер")
    assert joined(refused) == CAPTIONS.contact_not_own
    assert refused[-1].keyboard_titles == ["Поделиться номером телефона"]

    user.share_contact("79001000101", forwarded_from=user.id + 2)  # a forwarded card, even "own", proves nothing
    assert joined(user.replies()) == CAPTIONS.contact_not_own

    user.send_text("8 900 100-01-01")
    assert READ_BACK in joined(user.replies_with(READ_BACK))


def test_sticker_and_other_media_get_a_polite_request_for_text(user: TelegramUser) -> None:
    user.send(sticker={"file_id": "CAACAgIAAxkB", "file_unique_id": "AgADsticker", "type": "regular",
                       "width": 512, "height": 512, "is_animated": False, "is_video": False, "emoji": "👍"})
    assert joined(user.replies()) == CAPTIONS.only_text
    user.send(voice={"file_id": "AwACAgIAAxkB", "file_unique_id": "AgADvoice", "duration": 3})
    assert joined(user.replies()) == CAPTIONS.no_voice
    user.send(location={"latitude": 55.75, "longitude": 37.62})
    assert joined(user.replies()) == CAPTIONS.no_location
    # Audio with a question under it (no speech service here): the question is answered. Photos and documents
    # are kept for the operator instead (test_attachments.py).
    user.send(audio={"file_id": "CQACAgIAAxkB", "file_unique_id": "AgADaudio", "duration": 40},
              caption="где моя посылка")
    answered = user.replies_with(ASK_IDENTITY)
    assert answered[0].text == CAPTIONS.caption_only


def test_messages_of_one_chat_are_answered_in_order(user: TelegramUser) -> None:
    for text in ("здравствуйте", "где посылка", "8 900 100-01-01"):
        user.send_text(text)
    got = user.replies(lambda seen: any(READ_BACK in m.text for m in seen))
    order = [i for i, m in enumerate(got) for marker in (GREETING, ASK_IDENTITY, READ_BACK) if marker in m.text]
    assert len(order) == 3 and order == sorted(order), [m.text for m in got]


def test_commands(user: TelegramUser, emulator: Emulator) -> None:
    registered = [c["command"] for c in emulator.control("commands", user.token)]
    assert registered == ["start", "help", "operator", "restart"]

    user.send_command("/help")
    shown = user.replies()
    assert joined(shown) == CAPTIONS.help and shown[-1].keyboard_titles == MENU

    user.send_command("/operator")
    assert "соединю вас со специалистом" in joined(user.replies())

    # A typed "/inform{…}" must not reach the assistant as an intent with a phone: only a shared contact may.
    user.send_command('/inform{"phone": "+79001000101"}')
    assert joined(user.replies()) == CAPTIONS.unknown_command


def test_restart_forgets_the_conversation(user: TelegramUser) -> None:
    user.send_text("где посылка")
    user.replies_with(ASK_IDENTITY)
    user.send_text("8 900 100-01-01")
    user.replies_with(READ_BACK)

    user.send_command("/restart")
    restarted = user.replies_with(GREETING)
    assert restarted[-1].keyboard_titles == MENU
    user.send_text("где посылка")
    assert ASK_IDENTITY in joined(user.replies_with(ASK_IDENTITY))  # asked again: nothing was kept


def test_topic_with_situations_asks_which_one_and_passes_the_choice_on(user: TelegramUser, emulator: Emulator) -> None:
    user.send_text("Автодозвон")
    menu = user.replies()
    assert menu[0].text == CAPTIONS.choose_situation
    assert menu[0].button_titles == ["Заказ уже получен", "Я отказался(-ась) от заказа", "Я ничего не заказывал(а)",
                                     "Кто мне звонил?", "Не звоните мне больше"]
    user.press(menu[0], "Кто мне звонил?")
    user.press_answer()
    reply = user.replies(quiet=2)
    assert reply and "не совсем поняла" not in joined(reply)  # the assistant understood the situation
    pressed = emulator.stored_message(user.token, menu[0].message_id)
    assert pressed["text"].endswith("✓ Кто мне звонил?")


def test_stale_button_is_answered_without_breaking_the_chat(user: TelegramUser) -> None:
    user.send_text("Бонусная карта")
    menu = user.replies()[0]
    stale = type(menu)(menu.message_id, menu.chat_id, menu.text,
                       {"inline_keyboard": [[{"text": "Старая", "callback_data": "p:unknown"}]]}, menu.raw)
    user.press(stale, "Старая")
    assert user.press_answer()["text"] == CAPTIONS.stale_button
    assert GREETING in joined(user.says("здравствуйте"))


def test_group_chat_is_pointed_to_the_private_chat(emulator: Emulator, user: TelegramUser) -> None:
    group = {"id": -1000000000000 - user.id, "type": "supergroup", "title": "Семья"}
    member = TelegramUser(emulator, user.token, user_id=user.id, chat=group)
    member.send_text("где посылка?")  # not addressed to the bot: not its business
    mention = f"@{BOT_USERNAME}"
    member.send(text=f"{mention} где моя посылка?", entities=[{"type": "mention", "offset": 0, "length": len(mention)}])
    reply = member.replies()
    assert [m.text for m in reply] == [CAPTIONS.private_only.format(username=BOT_USERNAME)]
    assert reply[0].keyboard is None


def test_edited_messages_and_other_updates(user: TelegramUser, bot: BotProcess) -> None:
    user.send_text("здравствуйте")
    user.replies_with(GREETING)
    user.raw_update(edited_message=user.message(message_id=1, text="здравствуйте!", edit_date=int(time.time())))
    edited = user.replies()
    assert [m.text for m in edited] == [CAPTIONS.edited]
    assert edited[0].raw["reply_parameters"]  # it answers the edited message
    # Updates the bot never asked for, or that need no answer, are ignored without harm.
    user.raw_update(channel_post={"message_id": 5, "date": 1, "chat": {"id": -100123, "type": "channel"}, "text": "x"})
    user.raw_update(my_chat_member={
        "chat": user.chat, "from": user.sender, "date": 1,
        "old_chat_member": {"status": "member", "user": {"id": 666, "is_bot": True, "first_name": "Поддержка"}},
        "new_chat_member": {"status": "kicked", "until_date": 0,
                            "user": {"id": 666, "is_bot": True, "first_name": "Поддержка"}}})
    user.send_text("ты робот?")
    assert user.replies()  # still answering
    assert "Traceback" not in bot.log_text() and "could not be handled" not in bot.log_text()
