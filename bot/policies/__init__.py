"""Rasa dialogue policies of the project: a conversation closed by the assistant stays closed."""
