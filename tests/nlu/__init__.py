"""Held-out NLU data and the profanity detector's labelled set."""
