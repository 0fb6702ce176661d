"""Russian text library: phones, order numbers, names, places, dates, morphology, profanity.

Free of Rasa (tests/unit/test_layers.py checks it): the actions, the channels and the Rasa components in
bot.nlu all read text through it."""
