"""The persistent topic menu, built from the topic catalogue (actions/catalogue.py). A button either sends its
topic's intent to the assistant (the intent names are a contract, SPEC §1) or, when it covers several topics,
first asks which situation with inline buttons."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from actions.catalogue import menu_buttons

_OPTION_PREFIX = "m:"
_PER_ROW = 2


@dataclass(frozen=True)
class Topic:
    intent: Optional[str] = None  # sent as "/<intent>"
    situations: Tuple[Tuple[str, str], ...] = ()  # (caption, intent)


def _topic(entries: List[Tuple[Optional[str], str]]) -> Topic:
    if len(entries) == 1 and entries[0][0] is None:
        return Topic(entries[0][1])
    if any(situation is None for situation, _ in entries):
        raise ValueError(f"a menu button shared by several topics needs a situation caption for each: {entries}")
    return Topic(situations=tuple((situation, intent) for situation, intent in entries if situation))


TOPICS: Dict[str, Topic] = {button: _topic(entries) for button, entries in menu_buttons().items()}
_CAPTIONS = list(TOPICS)
MENU_ROWS: List[List[str]] = [_CAPTIONS[i:i + _PER_ROW] for i in range(0, len(_CAPTIONS), _PER_ROW)]
_BY_CAPTION = {caption.casefold(): topic for caption, topic in TOPICS.items()}
_SITUATIONS = {intent: caption for topic in TOPICS.values() for caption, intent in topic.situations}


def topic_for(text: str) -> Optional[Topic]:
    """The topic whose menu button sends this text (the reply keyboard sends its caption as a message)."""
    return _BY_CAPTION.get((text or "").strip().casefold())


def situation_options(topic: Topic) -> List[Tuple[str, str]]:
    """(caption, callback_data) for the inline buttons of a topic's situations."""
    return [(caption, _OPTION_PREFIX + intent) for caption, intent in topic.situations]


def situation_for(callback_data: str) -> Optional[Tuple[str, str]]:
    """(caption, message for Rasa) of a pressed situation button; None if it is not one of ours."""
    if not callback_data.startswith(_OPTION_PREFIX):
        return None
    intent = callback_data[len(_OPTION_PREFIX):]
    caption = _SITUATIONS.get(intent)
    return (caption, "/" + intent) if caption is not None else None
