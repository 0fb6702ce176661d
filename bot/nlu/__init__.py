"""Russian NLP helpers (morphology, phones, order numbers, names, places) and
Rasa 3.6 custom components built on top of them."""
