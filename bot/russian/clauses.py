"""How a message is built: does it ask two things, does it open with «да» or «нет».

Shared by the NLU (AmbiguityResolver) and the actions (the second question answered in passing).
"""
import re

_TWO_CLAUSES = re.compile(r"\s(и|а также|а ещё|а еще|ещё|еще|плюс)\s|\?.*\?", re.I)


def has_two_clauses(text: str) -> bool:
    return bool(_TWO_CLAUSES.search(text or ""))


_YES = re.compile(r"^\s*(да|ага|угу|конечно|верно|точно|ок|хорошо)\b", re.I)
_NO = re.compile(r"^\s*(нет|неа|не надо|не нужно)\b", re.I)


def opens_with_yes(text: str) -> bool:
    """«да, может быть муж»: the message starts as a yes."""
    return bool(_YES.match(text or ""))


def opens_with_no(text: str) -> bool:
    return bool(_NO.match(text or ""))
