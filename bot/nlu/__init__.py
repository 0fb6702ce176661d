"""Rasa 3.6 NLU components: thin wrappers over the Russian text library in bot.russian."""
