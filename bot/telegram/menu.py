"""The persistent topic menu. A topic either goes to the assistant as its intent (the intent names are a
contract, SPEC §1) or, when the topic covers several situations, first asks which one with inline buttons."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from bot.telegram import texts

MENU_ROWS: List[List[str]] = [
    [texts.MENU_ORDER_STATUS, texts.MENU_RETURN],
    [texts.MENU_REFUND, texts.MENU_AUTODIAL],
    [texts.MENU_BONUS_CARD, texts.MENU_OPERATOR],
]
_OPTION_PREFIX = "m:"


@dataclass(frozen=True)
class Topic:
    intent: Optional[str] = None  # sent as "/<intent>"
    situations: Tuple[Tuple[str, str], ...] = ()  # (caption, intent)


TOPICS: Dict[str, Topic] = {
    texts.MENU_ORDER_STATUS: Topic("order_status"),
    texts.MENU_RETURN: Topic(situations=(
        (texts.RETURN_DEFECT, "return_defect"), (texts.RETURN_DISLIKE, "return_dislike"),
        (texts.RETURN_WRONG_ITEM, "return_wrong_item"), (texts.RETURN_INCOMPLETE, "return_incomplete"),
        (texts.RETURN_HOW, "return_how"),
    )),
    texts.MENU_REFUND: Topic("refund_status"),
    texts.MENU_AUTODIAL: Topic(situations=(
        (texts.AUTODIAL_ALREADY_RECEIVED, "autodial_already_received"), (texts.AUTODIAL_REFUSED, "autodial_refused"),
        (texts.AUTODIAL_NOT_ORDERED, "autodial_not_ordered"), (texts.AUTODIAL_WHO_CALLED, "autodial_who_called"),
        (texts.AUTODIAL_STOP, "autodial_stop"),
    )),
    texts.MENU_BONUS_CARD: Topic(situations=(
        (texts.BONUS_NOT_RECEIVED, "bonus_card_not_received"), (texts.BONUS_NOT_CONSENTED, "bonus_card_not_consented"),
    )),
    texts.MENU_OPERATOR: Topic("operator_request"),
}
_BY_CAPTION = {caption.casefold(): topic for caption, topic in TOPICS.items()}
_SITUATION_INTENTS = {intent for topic in TOPICS.values() for _, intent in topic.situations}


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
    if intent not in _SITUATION_INTENTS:
        return None
    caption = next(c for topic in TOPICS.values() for c, i in topic.situations if i == intent)
    return caption, "/" + intent
