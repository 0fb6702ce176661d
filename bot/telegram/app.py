"""Wiring: the python-telegram-bot Application, long polling by default, a webhook when TELEGRAM_WEBHOOK_URL is set."""
from __future__ import annotations

import asyncio
import datetime as dt
import logging

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder

from bot.rasa_client import RasaClient
from bot.telegram import desk_outbox
from bot.telegram.chat_state import ChatDataOnly, RedisChatData, SqliteChatData
from bot.telegram.config import Settings, load_phrases
from bot.telegram.conversation import Dialogue
from bot.telegram.delivery import FloodControl, Sender, with_retries
from bot.telegram.attachments import Attachments
from bot.telegram.handlers import Front
from bot.telegram.ordering import ChatQueues
from bot.telegram.voice_notes import VoiceNotes

logger = logging.getLogger(__name__)
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]
DRAIN_SECONDS = 15.0  # on shutdown, how long the chats in progress may take to get their answers


def rasa_client(settings: Settings) -> RasaClient:
    """The shared Rasa client with the Telegram front's timeouts (RASA_URL, RASA_REPLY_TIMEOUT, RASA_RETRY_WINDOW)."""
    return RasaClient(settings.rasa_url, reply_timeout=settings.reply_timeout, retry_window=settings.retry_window)


def chat_state(settings: Settings) -> ChatDataOnly:
    """Each chat's buttons and keyboard: in this front's SQLite file, or in Redis shared by several fronts."""
    return RedisChatData(settings.chats_redis_url) if settings.chats_redis_url else SqliteChatData()


def build_application(settings: Settings) -> Application:
    phrases = load_phrases(settings.domain_file)  # fail at start-up, not when the first customer waits
    rasa = rasa_client(settings)
    queues = ChatQueues()
    outbox_task: list = []
    persistence = chat_state(settings)

    async def post_init(app: Application) -> None:
        if desk_outbox.enabled():
            # one front at a time sends the desk's messages, or a customer would get each of them twice
            outbox = persistence.run_alone("desk-outbox", lambda: desk_outbox.deliver_forever(Sender(app.bot)))
            outbox_task.append(asyncio.create_task(outbox))
        commands = [BotCommand(name, description) for name, description in phrases.captions.commands]
        try:
            await with_retries(lambda: app.bot.set_my_commands(commands), "setMyCommands", attempts=3)
        except TelegramError as error:
            logger.warning("could not register the command menu: %s", error)
        logger.info("Telegram bot @%s is up; assistant at %s", app.bot.username, settings.rasa_url)

    async def post_stop(app: Application) -> None:
        for task in outbox_task:
            task.cancel()
        await queues.drain(DRAIN_SECONDS)  # the bot can still send here: answer what was received

    async def post_shutdown(app: Application) -> None:
        await rasa.close()
        logger.info("Telegram bot stopped")

    app = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        # Updates are taken one by one and only queued by the handlers; ChatQueues does the concurrency.
        .concurrent_updates(False)
        .rate_limiter(FloodControl())  # paces sends, waits out 429s; delivery.py retries network errors
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
        .persistence(persistence)  # each chat's buttons and keyboard outlive a restart (chat_state.py)
        .build()
    )
    sender = Sender(app.bot)
    Front(Dialogue(rasa, sender, phrases, settings.hold_after, settings.retry_window), sender, queues, persistence,
          Attachments.from_env(domain=settings.domain_file),
          VoiceNotes.from_env(domain=settings.domain_file)).register(app)
    return app


def run(settings: Settings) -> None:
    app = build_application(settings)
    if settings.webhook_url:
        logger.info("webhook mode: %s (listening on %s:%s)", settings.webhook_url, settings.webhook_listen,
                    settings.webhook_port)
        app.run_webhook(listen=settings.webhook_listen, port=settings.webhook_port, url_path=settings.webhook_path,
                        webhook_url=settings.webhook_url, secret_token=settings.webhook_secret,
                        allowed_updates=ALLOWED_UPDATES, bootstrap_retries=5)
    else:
        logger.info("long polling mode")
        app.run_polling(poll_interval=settings.poll_interval, timeout=dt.timedelta(seconds=settings.poll_timeout),
                        allowed_updates=ALLOWED_UPDATES, bootstrap_retries=5)
