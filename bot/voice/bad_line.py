"""What a caller says when they cannot hear the assistant («не слышу», «Вас не слышно»): a bad line, not a topic.

Only a whole utterance of such words counts: «не слышу, где моя посылка?» is a question and goes to the
assistant. Rasa-free, like the rest of the IVR core.
"""
from __future__ import annotations

import re

_FILLER = r"(?:(?:алло|ало|я|вас|тебя|вообще|совсем|ничего|очень|плохо|вы|там|что|девушка)\s+)*"
_CANNOT_HEAR_RE = re.compile(
    r"^" + _FILLER
    + r"(?:не\s+слышу|не\s+слышно|не\s+слыхать|плохо\s+слышно|плохо\s+слышу|ничего\s+не\s+понятно|связь\s+плохая"
    r"|плохая\s+связь|вы\s+пропадаете|вы\s+пропали|пропадает\s+звук|говорите\s+громче)"
    r"(?:\s+(?:вас|тебя|ничего|совсем|вообще|алло|ало|говорите|громче|повторите|пожалуйста))*$")


def says_cannot_hear(text: str) -> bool:
    """Whether the whole utterance only says the line is bad («алло, вас не слышно», «плохо слышно»)."""
    words = re.sub(r"[^\w\s]", " ", (text or "").lower().replace("ё", "е"))
    return bool(_CANNOT_HEAR_RE.match(" ".join(words.split())))
