"""Telegram front end: python-telegram-bot in front of the assistant's Rasa REST channel.

Modules: app (wiring, polling/webhook), config (environment, domain phrases), handlers (update types),
conversation (one exchange with the assistant, through bot.rasa_client), rendering (replies -> messages), menu,
contact (ownership rule), delivery (Bot API retries), ordering (per-chat queues), texts (UI labels).
"""
