"""The callback check: a conversation left mid-topic after identification gets a `callback` ticket (seed 002).

Seed 002, «Действия в случае сброса звонка»: dropped before anything happened, nobody calls back; dropped in an
active conversation, the operator calls back once. The assistant's reading of «active»: the customer was
identified and something was still open when they left. Run by bot.abandonment (a call's hang-up, a chat's
idle sweep), never predicted by a policy.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.catalogue import BY_NAME
from actions.tickets import open_ticket
from store import queries
from store.vocabulary import TicketKind

OPEN = "open"


def _topic(tracker: Tracker) -> Text:
    name = (tracker.get_slot("pending_question") or "").partition(":")[0] or tracker.get_slot("pending_topic") or ""
    entry = BY_NAME.get(name)
    return f"«{entry.label or entry.name}»" if entry else "не определена"


def _handover_waiting(tracker: Tracker) -> bool:
    return any(t.kind == TicketKind.OPERATOR and t.status == OPEN for t in queries.tickets(tracker.sender_id))


# What may be left open, in the order it is checked; the first that holds is the ticket's reason.
OPEN_THINGS: Tuple[Tuple[Callable[[Tracker], bool], Text], ...] = (
    (lambda t: t.active_loop.get("name") == "details_form", "клиент не ответил на вопрос по теме {topic}"),
    (lambda t: t.active_loop.get("name") == "identification_form", "клиент не выбрал заказ по теме {topic}"),
    (lambda t: bool(t.get_slot("pending_question")), "клиент не ответил на вопрос по теме {topic}"),
    (lambda t: bool(t.get_slot("pending_topic")), "тема {topic} не закончена"),
    (_handover_waiting, "клиент не дождался специалиста"),
)


def left_open(tracker: Tracker) -> Optional[Text]:
    """What the customer left unfinished (in words for the operator), or None: nothing to call back about."""
    if not tracker.get_slot("customer_id"):
        return None  # 002: nobody to call back, or nothing had started
    if tracker.get_slot("rating_asked") or tracker.get_slot("conversation_closed"):
        return None  # the conversation was brought to its end
    for holds, reason in OPEN_THINGS:
        if holds(tracker):
            return reason.format(topic=_topic(tracker))
    return None


class ActionFileCallback(Action):
    def name(self) -> Text:
        return "action_file_callback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        what = left_open(tracker)
        if what is not None:
            open_ticket(dispatcher, tracker, TicketKind.CALLBACK,
                        f"разговор прервался: {what}; перезвонить клиенту 1 раз", tracker.get_slot("order_id"))
        return []
