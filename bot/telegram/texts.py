"""Telegram-only UI labels. The assistant's own phrases are the company's and come from the Rasa server
(and, for hold/apology while it is unreachable, from domain.yml); these are captions and short notices."""
from __future__ import annotations

# Reply keyboards
SHARE_PHONE = "Поделиться номером телефона"
CONTACT_PLACEHOLDER = "Номер телефона или ФИО"
MENU_PLACEHOLDER = "Напишите Ваш вопрос"
CONTACT_PROMPT = "Номер можно отправить кнопкой «Поделиться номером телефона» ниже."

# The topic menu's captions are in actions/catalogue.py; a button of several topics asks which one
CHOOSE_SITUATION = "Уточните, пожалуйста, что случилось:"
CHOOSE_OPTION = "Выберите, пожалуйста, вариант:"
CHOSEN_MARK = "✓ {title}"

# Commands (registered with Telegram; descriptions shown in the command menu)
COMMANDS = (
    ("start", "Начать разговор"),
    ("help", "Что я умею"),
    ("operator", "Соединить с оператором"),
    ("restart", "Начать разговор заново"),
)
HELP = (
    "Я помощник Отдела поддержки клиентов. Подскажу, где Ваша посылка, расскажу о возврате, "
    "деньгах за возврат, звонках автоинформатора и бонусной карте.\n\n"
    "Напишите вопрос своими словами или выберите тему в меню ниже.\n"
    "/operator — соединить с оператором\n"
    "/restart — начать разговор заново"
)
UNKNOWN_COMMAND = "Такой команды нет. Напишите, пожалуйста, Ваш вопрос текстом или отправьте /help."

# Identification by contact
CONTACT_NOT_OWN = (
    "Принять можно только Ваш собственный номер, отправленный кнопкой «Поделиться номером телефона». "
    "Напишите, пожалуйста, номер телефона или ФИО, которые указывали в заказе."
)
CONTACT_BAD_PHONE = (
    "К сожалению, этот номер не похож на российский. "
    "Напишите, пожалуйста, номер телефона или ФИО, которые указывали в заказе."
)

# Messages the assistant cannot read
ONLY_TEXT = "К сожалению, я понимаю только текстовые сообщения. Напишите, пожалуйста, Ваш вопрос текстом."
NO_VOICE = "К сожалению, я не могу прослушать голосовое сообщение. Напишите, пожалуйста, Ваш вопрос текстом."
CAPTION_ONLY = "Вложение я просмотреть не могу, отвечаю на текст сообщения."
NO_LOCATION = "Спасибо! Геопозицию я не обрабатываю. Напишите, пожалуйста, Ваш вопрос текстом."
EDITED = "Изменённые сообщения я не вижу. Отправьте, пожалуйста, исправленный текст новым сообщением."
STALE_BUTTON = "Эта кнопка уже не действует. Напишите, пожалуйста, Ваш вопрос текстом."
ALREADY_ANSWERED = "Ответ уже принят."
PRIVATE_ONLY = (
    "Чтобы Ваши данные не видели другие участники, я отвечаю только в личном чате. "
    "Напишите мне, пожалуйста: @{username}"
)

# The Rasa server stayed unreachable: after the script's apology (domain.yml)
TRY_AGAIN_LATER = "Сейчас я не могу ответить. Пожалуйста, повторите Ваше сообщение через несколько минут."
