"""What each kind of Telegram update does. Every update of a private chat is handled inside that chat's queue,
so its answers keep their order; groups get a pointer to the private chat (orders and personal data are
never discussed in front of others); everything else is ignored on purpose, and nothing raises out."""
from __future__ import annotations

import logging
import time
from typing import Any, AsyncContextManager, Awaitable, Callable, Dict, Optional

from telegram import Message, Update
from telegram.constants import ChatMemberStatus, MessageEntityType
from telegram.error import TelegramError
from telegram.ext import (Application, CallbackQueryHandler, ChatMemberHandler, CommandHandler, ContextTypes,
                          MessageHandler, TypeHandler, filters)

from bot.russian.phones import mask_phone
from bot.telegram import contact
from bot.telegram.attachments import Attachments
from bot.telegram.chat_state import ChatDataOnly
from bot.telegram.conversation import Chat, Dialogue
from bot.telegram.delivery import ChatBlocked, Sender
from bot.telegram.menu import situation_for, situation_options, topic_for
from bot.telegram.ordering import ChatQueues
from bot.telegram.texts import CHOSEN_MARK, Captions
from bot.telegram.rendering import (CONTACT, MENU, contact_keyboard, customer_text, decode_payload, menu_keyboard,
                                    option_keyboard)
from bot.telegram.voice_notes import VoiceNotes

logger = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
PRIVATE = filters.ChatType.PRIVATE


def telegram_metadata(update: Update) -> Dict[str, Any]:
    """What the assistant may want to know about the Telegram side (no phone numbers here)."""
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    return {"telegram": {
        "update_id": update.update_id,
        "chat_id": chat.id if chat else None,
        "chat_type": chat.type if chat else None,
        "message_id": message.message_id if message else None,
        "user_id": user.id if user else None,
        "username": user.username if user else None,
        "first_name": user.first_name if user else None,
        "last_name": user.last_name if user else None,
        "language_code": user.language_code if user else None,
    }}


def _unreadable_reply(message: Message, captions: Captions) -> str:
    if message.voice or message.audio or message.video_note:
        return captions.no_voice
    if message.location or message.venue:
        return captions.no_location
    return captions.only_text  # stickers, GIFs, dice, polls, games, …


class Front:
    def __init__(self, dialogue: Dialogue, sender: Sender, queues: ChatQueues, chats: ChatDataOnly,
                 attachments: Attachments, voice_notes: Optional[VoiceNotes] = None) -> None:
        self.dialogue = dialogue
        self.sender = sender
        self.queues = queues
        self.chats = chats  # the application's persistence: each chat's data, and its turn lock
        self.attachments = attachments
        self.voice_notes = voice_notes  # None without a speech service (SPEECH_URL)
        self.app: Optional[Application] = None
        self.captions = dialogue.phrases.captions

    def register(self, app: Application) -> None:
        self.app = app
        app.add_handler(MessageHandler(filters.UpdateType.EDITED, self.on_edited))
        app.add_handler(MessageHandler(filters.UpdateType.CHANNEL_POSTS, self.on_ignored))
        app.add_handler(MessageHandler(filters.ChatType.GROUPS, self.on_group))
        app.add_handler(CommandHandler("start", self.on_start, filters=PRIVATE))
        app.add_handler(CommandHandler("help", self.on_help, filters=PRIVATE))
        app.add_handler(CommandHandler("operator", self.on_operator, filters=PRIVATE))
        app.add_handler(CommandHandler("restart", self.on_restart, filters=PRIVATE))
        app.add_handler(MessageHandler(PRIVATE & filters.COMMAND, self.on_unknown_command))
        app.add_handler(MessageHandler(PRIVATE & filters.CONTACT, self.on_contact))
        if self.voice_notes is not None:
            app.add_handler(MessageHandler(PRIVATE & (filters.VOICE | filters.AUDIO), self.on_voice))
        app.add_handler(MessageHandler(PRIVATE & (filters.PHOTO | filters.Document.ALL | filters.VIDEO),
                                       self.on_attachment))
        app.add_handler(MessageHandler(PRIVATE & filters.TEXT, self.on_text))
        app.add_handler(MessageHandler(filters.StatusUpdate.ALL, self.on_ignored))
        app.add_handler(MessageHandler(PRIVATE, self.on_unreadable))
        app.add_handler(CallbackQueryHandler(self.on_button))
        app.add_handler(ChatMemberHandler(self.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
        app.add_handler(TypeHandler(object, self.on_ignored))  # reached only when nothing above matched
        app.add_error_handler(self.on_error)

    # --- plumbing ---

    def _submit(self, chat: Chat, work: Callable[[float], Awaitable[None]]) -> None:
        arrived = time.monotonic()

        async def job() -> None:
            async with self._turn(chat):  # several fronts: one of them answers the chat at a time
                try:
                    await work(arrived)
                except ChatBlocked:
                    logger.info("chat %s: the customer blocked the bot; the rest of the answer is dropped", chat.id)
                except TelegramError as error:
                    logger.warning("chat %s: Telegram refused a reply: %s", chat.id, error)
                finally:
                    await self._persist(chat.id)

        self.queues.submit(chat.id, job)

    def _turn(self, chat: Chat) -> AsyncContextManager[None]:
        return self.chats.chat_turn(chat.id, chat.data)

    async def _persist(self, chat_id: int) -> None:
        """The chat's data written now: the queue changed it after PTB's handler returned, and a restart must
        find the buttons just sent (chat_state.py)."""
        assert self.app is not None, "register() comes before the first update"
        self.app.mark_data_for_update_persistence(chat_ids=chat_id)
        try:
            await self.app.update_persistence()
        except Exception:  # the chat goes on; PTB's periodic run tries again
            logger.exception("chat %s: its state could not be saved", chat_id)

    def _forward(self, update: Update, context: Context, message: str, force_menu: bool = False,
                 extra: Optional[Dict[str, Any]] = None) -> None:
        chat = Chat(update.effective_chat.id, context.chat_data)
        metadata = {**(extra or {}), **telegram_metadata(update)}

        async def work(arrived: float) -> None:
            await self.dialogue.exchange(chat, message, metadata, arrived, force_menu=force_menu)

        self._submit(chat, work)

    def _say(self, update: Update, context: Context, text: str, markup: Any = None, keyboard: Optional[str] = None,
             reply_to: Optional[int] = None) -> None:
        chat = Chat(update.effective_chat.id, context.chat_data)

        async def work(arrived: float) -> None:
            await self.dialogue.say(chat, text, markup, reply_to=reply_to)
            if keyboard:
                chat.keyboard = keyboard

        self._submit(chat, work)

    # --- commands ---

    async def on_start(self, update: Update, context: Context) -> None:
        self._forward(update, context, "/greet", force_menu=True)

    async def on_help(self, update: Update, context: Context) -> None:
        self._say(update, context, self.captions.help, menu_keyboard(self.captions), keyboard=MENU)

    async def on_operator(self, update: Update, context: Context) -> None:
        self._forward(update, context, "/operator_request")

    async def on_restart(self, update: Update, context: Context) -> None:
        chat = Chat(update.effective_chat.id, context.chat_data)
        metadata = telegram_metadata(update)

        async def work(arrived: float) -> None:
            chat.data.clear()
            said = await self.dialogue.ask(chat, "/restart", metadata, arrived)  # Rasa forgets the conversation
            greeting = await self.dialogue.ask(chat, "/greet", metadata, arrived) if said is not None else None
            if greeting is not None:
                await self.dialogue.render(chat, said + greeting, force_menu=True)

        self._submit(chat, work)

    async def on_unknown_command(self, update: Update, context: Context) -> None:
        self._say(update, context, self.captions.unknown_command)

    # --- messages ---

    async def on_text(self, update: Update, context: Context) -> None:
        topic = topic_for(update.message.text)
        if topic and topic.situations:
            self._say(update, context, self.captions.choose_situation, option_keyboard(situation_options(topic)))
        elif topic and topic.intent:
            self._forward(update, context, "/" + topic.intent)
        elif customer_text(update.message.text):
            self._forward(update, context, customer_text(update.message.text))
        else:
            self._say(update, context, self.captions.only_text)

    async def on_contact(self, update: Update, context: Context) -> None:
        verdict = contact.judge_message(update.message)
        if verdict.accepted and verdict.phone:
            logger.info("chat %s: own contact shared (%s)", update.effective_chat.id, mask_phone(verdict.phone))
            self._forward(update, context, contact.verified_phone_message(verdict.phone),
                          extra={"phone_source": "telegram_contact"})
            return
        logger.info("chat %s: contact refused (%s)", update.effective_chat.id, verdict.reason)
        refusal = self.captions.contact_bad_phone if verdict.reason == contact.BAD_PHONE else self.captions.contact_not_own
        self._say(update, context, refusal, contact_keyboard(self.captions), keyboard=CONTACT)

    async def on_voice(self, update: Update, context: Context) -> None:
        """A voice note or audio: its transcript echoed, then answered as if typed (bot/telegram/voice_notes.py)."""
        chat = Chat(update.effective_chat.id, context.chat_data)
        metadata = {"input_channel_detail": "voice_note", **telegram_metadata(update)}
        notes = self.voice_notes
        assert notes is not None

        async def work(arrived: float) -> None:
            hearing = await notes.hear(update.message)
            await self.dialogue.say(chat, hearing.reply, reply_to=update.message.message_id)
            if hearing.message:
                await self.dialogue.exchange(chat, hearing.message, metadata, arrived)

        self._submit(chat, work)

    async def on_attachment(self, update: Update, context: Context) -> None:
        """A photo or document: kept for the operator on the current ticket (bot/telegram/attachments.py), the
        customer told so or why not; its caption then goes to the assistant as the customer's text."""
        chat = Chat(update.effective_chat.id, context.chat_data)
        message = update.message

        async def work(arrived: float) -> None:
            received = await self.attachments.receive(message, chat.sender_id)
            await self.dialogue.say(chat, received.reply, reply_to=message.message_id)

        self._submit(chat, work)
        caption = customer_text(message.caption or "")
        if caption:
            self._forward(update, context, caption)

    async def on_unreadable(self, update: Update, context: Context) -> None:
        message = update.message
        caption = customer_text(message.caption or "")
        if caption:  # a photo with a question under it: answer the question
            self._say(update, context, self.captions.caption_only)
            self._forward(update, context, caption)
        else:
            self._say(update, context, _unreadable_reply(message, self.captions))

    async def on_edited(self, update: Update, context: Context) -> None:
        message = update.edited_message
        # Live locations arrive as a stream of edits; groups are not served here.
        if message is None or message.chat.type != "private" or message.location or not (message.text or message.caption):
            return
        self._say(update, context, self.captions.edited, reply_to=message.message_id)

    async def on_group(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not self._addressed(message, context):
            return
        self._say(update, context, self.captions.private_only.format(username=context.bot.username), reply_to=message.message_id)

    @staticmethod
    def _addressed(message: Message, context: Context) -> bool:
        if message.reply_to_message and message.reply_to_message.from_user \
                and message.reply_to_message.from_user.id == context.bot.id:
            return True
        mention = f"@{context.bot.username}".casefold()
        for entity, value in message.parse_entities([MessageEntityType.MENTION, MessageEntityType.BOT_COMMAND]).items():
            if entity.type == MessageEntityType.MENTION and value.casefold() == mention:
                return True
            if entity.type == MessageEntityType.BOT_COMMAND and entity.offset == 0 \
                    and ("@" not in value or value.casefold().endswith(mention)):
                return True
        return False

    # --- buttons ---

    async def on_button(self, update: Update, context: Context) -> None:
        query = update.callback_query
        pressed = query.message if isinstance(query.message, Message) else None
        chat_id = pressed.chat_id if pressed else query.from_user.id
        chat = Chat(chat_id, context.chat_data if context.chat_data is not None else {})
        situation = situation_for(query.data or "")
        payload = situation[1] if situation else decode_payload(query.data or "", chat.payloads)
        answered = chat.data.setdefault("pressed", [])
        if payload is None:
            context.application.create_task(self.sender.answer_callback(query.id, self.captions.stale_button), update=update)
            return
        if pressed and pressed.message_id in answered:
            context.application.create_task(self.sender.answer_callback(query.id, self.captions.already_answered), update=update)
            return
        # Stop the button's spinner at once, whatever the assistant takes to answer.
        context.application.create_task(self.sender.answer_callback(query.id), update=update)
        if pressed:
            answered.append(pressed.message_id)
            del answered[:-100]
        title = situation[0] if situation else self._button_title(pressed, query.data or "") or payload
        metadata = telegram_metadata(update)

        async def work(arrived: float) -> None:
            if pressed:
                await self.sender.mark_choice(pressed, CHOSEN_MARK.format(title=title))
            await self.dialogue.exchange(chat, payload, metadata, arrived)

        self._submit(chat, work)

    @staticmethod
    def _button_title(message: Optional[Message], data: str) -> Optional[str]:
        markup = message.reply_markup if message else None
        for row in (markup.inline_keyboard if markup else ()):
            for button in row:
                if button.callback_data == data:
                    return button.text
        return None

    # --- the rest ---

    async def on_my_chat_member(self, update: Update, context: Context) -> None:
        change = update.my_chat_member
        if change.chat.type == "private":
            status = change.new_chat_member.status
            if status == ChatMemberStatus.BANNED:
                logger.info("chat %s: the customer blocked the bot", change.chat.id)
            elif status == ChatMemberStatus.MEMBER:
                logger.info("chat %s: the customer unblocked the bot", change.chat.id)

    async def on_ignored(self, update: object, context: Context) -> None:
        logger.debug("update ignored on purpose: %s", type(update).__name__)

    async def on_error(self, update: object, context: Context) -> None:
        logger.error("an update could not be handled", exc_info=context.error)
