"""The test suite: unit, conversation (REST), channel (Telegram, voice) and NLU tests."""
