# Telegram front end: `TELEGRAM_BOT_TOKEN=… make telegram` runs the assistant and the bot (long polling;
# TELEGRAM_WEBHOOK_URL for a webhook). Tests: the real bot against a Telegram Bot API emulator (npm
# telegram-test-api, pinned in tests/telegram/emulator/package-lock.json) and the real assistant.
.PHONY: telegram test-telegram telegram-emulator

telegram: install train
	bot/telegram/run.sh

telegram-emulator:
	tests/telegram/emulator/install.sh

test-telegram: install train telegram-emulator
	$(PY) -m pytest -q tests/telegram

test: test-telegram
