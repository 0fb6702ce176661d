"""Does a message ask two things? («где посылка и дайте номер почты», «…? …?»)

Shared by the NLU (AmbiguityResolver) and the actions (the second question answered in passing);
kept free of Rasa imports so the action server can use it without loading Rasa's NLU stack.
"""
import re

_TWO_CLAUSES = re.compile(r"\s(и|а также|а ещё|а еще|ещё|еще|плюс)\s|\?.*\?", re.I)


def has_two_clauses(text: str) -> bool:
    return bool(_TWO_CLAUSES.search(text or ""))
