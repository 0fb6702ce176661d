"""Telegram front end tests: the real bot against a Bot API emulator and the real assistant."""
