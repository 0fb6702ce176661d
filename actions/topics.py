"""Topics: the script's sections, declared in actions/catalogue.py and all dispatched by `action_answer_topic`.

The catalogue says which intents a topic answers and whether it needs an identified customer and one
of their orders. `action_answer_topic` makes sure of both first: if the customer is unknown (or the
order ambiguous) it remembers the topic in `pending_topic` and sets `next_step: identify`, on which a
rule runs `identification_form`; when that completes, the same action answers the remembered topic. A
topic may ask a free-text question (`next_step: ask` → `details_form`) or a yes/no question
(`pending_question`); the answer comes back to the same topic. A topic with real logic is a class bound
to its catalogue entry by `name`; a phrase-only topic is answered by a generic class (`PhraseTopic`, or
one that runs checks first, such as the return checks) generated from its entry.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, ClassVar, Dict, FrozenSet, List, Optional, Text, Tuple, Type

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.catalogue import BY_NAME, TopicEntry
from actions.context import current_order, identified_customer, likely_orders, order_named_in_message
from actions.decision import Decision
from actions.tickets import open_ticket
from bot.russian.clauses import has_two_clauses
from store import queries
from store.models import Customer, Order
from store.vocabulary import TicketKind

logger = logging.getLogger(__name__)

TOPICS: Dict[Text, Type["Topic"]] = {}  # topic name → class
BY_INTENT: Dict[Text, Type["Topic"]] = {}  # intent → class
FORMS = ("identification_form", "details_form")
SWITCHED = "__switched__"  # pending_step when a free-text answer was a new question instead


@dataclass
class Turn:
    """What a topic needs to answer one customer turn, and the events its answer produces."""

    dispatcher: CollectingDispatcher
    tracker: Tracker
    customer: Optional[Customer]
    order: Optional[Order]
    topic: Text
    events: List[EventType] = field(default_factory=list)
    closes_topic: bool = True

    @property
    def io(self) -> Text:
        """«ИО» of the script: Имя Отчество of the identified customer."""
        return self.customer.first_and_middle if self.customer else ""

    @property
    def text(self) -> Text:
        return self.tracker.latest_message.get("text") or ""

    def say(self, *responses: Text, **values: Any) -> None:
        for response in responses:
            self.dispatcher.utter_message(response=response, customer_io=self.io, **values)

    def ticket(self, kind: TicketKind, reason: Text) -> int:
        return open_ticket(self.dispatcher, self.tracker, kind, reason, self.order.id if self.order else None)

    def transfer(self, reason: Text) -> None:
        """Hand the customer to an operator now (the script's transfer phrase and a ticket)."""
        self.say("utter_transfer_to_specialist")
        self.ticket(TicketKind.OPERATOR, reason)
        self.closes_topic = False

    def carry_out(self, decision: Decision, **values: Any) -> None:
        self.say(*decision.responses, **values)
        if decision.ticket:
            self.ticket(decision.ticket.kind, decision.ticket.reason)
        if decision.question:
            self.ask_yes_no(decision.question)
        elif decision.asks:
            self.ask(*decision.asks)
        elif not decision.closes_topic:
            self.closes_topic = False

    def ask(self, step: Text, question: Text) -> None:
        """A free-text question (a response name), asked by details_form; the answer comes back to
        the topic's `follow_up(step, …)`."""
        self.events += [SlotSet("pending_topic", self.topic), SlotSet("pending_step", step), SlotSet("details", None),
                        SlotSet("details_question", question), SlotSet("next_step", "ask")]
        self.closes_topic = False

    def ask_yes_no(self, step: Text) -> None:
        """The question was just said; «да»/«нет» comes back to the topic's `on_yes_no(step, …)`."""
        self.events.append(SlotSet("pending_question", f"{self.topic}:{step}"))
        self.closes_topic = False


class Topic:
    """A topic's answer; what it is (intents, needs, menus) comes from its catalogue entry."""

    name: ClassVar[Text] = ""
    entry: ClassVar[TopicEntry]
    # Copied from the entry when a class is bound to it; a class never declares them itself.
    intents: ClassVar[Tuple[Text, ...]] = ()
    needs_customer: ClassVar[bool] = True
    needs_order: ClassVar[bool] = True
    insisting_answers_no: ClassVar[bool] = False
    answers_in_passing: ClassVar[bool] = False
    # Free-text steps whose answer is the customer's own story (a reason): taken as the answer even when
    # it sounds like another topic («передумала» to «почему не выкупали?»), never as a topic switch.
    story_steps: ClassVar[FrozenSet[Text]] = frozenset()

    def __init_subclass__(cls, phrase_checks: Optional[Text] = None, **kwargs: Any) -> None:
        """A class with a `name` answers that catalogue topic; one given `phrase_checks` answers every
        phrase-only topic whose entry names those checks (a subclass is generated for each)."""
        super().__init_subclass__(**kwargs)
        if cls.name:
            _bind(cls)
        if phrase_checks is not None:
            for entry in BY_NAME.values():
                if entry.phrase_only and entry.checks == phrase_checks:
                    type(_class_name(entry.name), (cls,), {"name": entry.name, "__module__": cls.__module__})

    @classmethod
    def orders_of(cls, customer: Customer) -> List[Order]:
        """The orders this topic may be about; one of them is chosen before `answer`."""
        return likely_orders(customer)

    def answer(self, turn: Turn) -> None:
        raise NotImplementedError

    def say_phrases(self, turn: Turn) -> None:
        """A phrase-only topic's answer: the responses its catalogue entry lists."""
        turn.say(*self.entry.says)

    def follow_up(self, turn: Turn, step: Text, answer: Text) -> None:
        raise NotImplementedError(f"{self.name} asked no free-text question {step!r}")

    def on_yes_no(self, turn: Turn, step: Text, yes: bool) -> None:
        raise NotImplementedError(f"{self.name} asked no yes/no question {step!r}")


_ENTRY_FIELDS = ("intents", "needs_customer", "needs_order", "insisting_answers_no", "answers_in_passing")


def _bind(cls: Type[Topic]) -> None:
    entry = BY_NAME.get(cls.name)
    if entry is None:
        raise TypeError(f"{cls.__qualname__}: topic {cls.name!r} is not in actions/catalogue.py")
    declared = [f for f in _ENTRY_FIELDS if f in cls.__dict__]
    if declared:
        raise TypeError(f"{cls.__qualname__} declares {declared}: they belong to its entry in actions/catalogue.py")
    if cls.name in TOPICS:
        raise TypeError(f"topic {cls.name!r} is answered by both {TOPICS[cls.name].__qualname__} and {cls.__qualname__}")
    cls.entry = entry
    for field_name in _ENTRY_FIELDS:
        setattr(cls, field_name, getattr(entry, field_name))
    TOPICS[cls.name] = cls
    BY_INTENT.update({intent: cls for intent in entry.intents})


def _class_name(topic: Text) -> Text:
    return "".join(part.title() for part in topic.split("_")) + "Topic"


class PhraseTopic(Topic, phrase_checks=""):
    """A phrase-only topic: its responses and nothing else."""

    def answer(self, turn: Turn) -> None:
        self.say_phrases(turn)


def _just_completed_form(tracker: Tracker) -> Optional[Text]:
    name = tracker.latest_action_name
    return name if name in FORMS and not tracker.active_loop.get("name") else None


class ActionAnswerTopic(Action):
    """The one entry point of every topic (see the module's docstring)."""

    def name(self) -> Text:
        return "action_answer_topic"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        form = _just_completed_form(tracker)
        if form == "details_form" and tracker.get_slot("pending_step") == SWITCHED:
            form = None  # the customer asked something else instead of answering: treat it afresh
        if form:
            topic_name = tracker.get_slot("pending_topic")
        else:
            topic_name = _main_topic(tracker)
        topic_class = TOPICS.get(topic_name or "")
        if topic_class is None:
            dispatcher.utter_message(response="utter_how_can_help")
            return _reset()
        if form == "identification_form" and (tracker.get_slot("identification_failed")
                                               or not tracker.get_slot("customer_id")):
            return _reset()  # the not-found phrase has been said

        customer = identified_customer(tracker) if topic_class.needs_customer else None
        order = None
        if customer is None and topic_class.needs_customer:
            return _identify_first(tracker, topic_class.name, form is not None, dispatcher)
        if customer is None and tracker.get_slot("customer_id"):
            customer = identified_customer(tracker)  # known anyway: address them by name
        if topic_class.needs_order and customer is not None:
            order = current_order(tracker, customer, topic_class.orders_of(customer))
            if order is None and topic_class.orders_of(customer):
                return _identify_first(tracker, topic_class.name, form is not None, dispatcher)

        turn = Turn(dispatcher, tracker, customer, order, topic_class.name)
        if _first_message(tracker):
            dispatcher.utter_message(response="utter_greet_short")  # they asked before saying hello
        topic = topic_class()
        pending_topic, _, pending_step = (tracker.get_slot("pending_question") or "").partition(":")
        if not form and topic_class.insisting_answers_no and pending_topic == topic_class.name:
            topic.on_yes_no(turn, pending_step, False)
        elif form == "details_form":
            topic.follow_up(turn, tracker.get_slot("pending_step") or "", tracker.get_slot("details") or "")
        else:
            topic.answer(turn)
            _answer_second_question(turn, tracker, topic_class)
        return _finish(turn, tracker)


# «где посылка и дайте номер почты»: a classifier gives the second question a small share of the
# ranking; joined by «и»/«а также»/«ещё» (or a second «?») a small share is enough.
SECOND_QUESTION_MIN = 0.1


def _main_topic(tracker: Tracker) -> Optional[Text]:
    """The topic to answer first: the top intent's, or, when a message asks two things and the top one
    is pure information, the other one (the information is then given in passing)."""
    intent = tracker.latest_message.get("intent", {}).get("name") or ""
    main = BY_INTENT.get(intent)
    if main is None:
        return None
    second = _second_topic(tracker, main)
    if main.answers_in_passing and second is not None and not second.answers_in_passing:
        return second.name
    return main.name


def _second_topic(tracker: Tracker, main: Type["Topic"]) -> Optional[Type["Topic"]]:
    """The other topic of a two-question message («где посылка и дайте номер почты»), if any."""
    text = tracker.latest_message.get("text") or ""
    if not has_two_clauses(text):
        return None
    for candidate in (tracker.latest_message.get("intent_ranking") or [])[:2]:
        topic = BY_INTENT.get(candidate.get("name") or "")
        if topic is not None and topic is not main and topic.name != "identify" and (
                candidate.get("confidence") or 0) >= SECOND_QUESTION_MIN:
            return topic
    return None


def _answer_second_question(turn: Turn, tracker: Tracker, first: Type["Topic"]) -> None:
    """Two questions in one message: the second is answered too when it is pure information the
    customer may have without further questions."""
    second = _second_topic(tracker, first)
    if second is None or not second.answers_in_passing or not turn.closes_topic:
        return
    if second.needs_customer and turn.customer is None:
        return
    order = current_order(tracker, turn.customer, second.orders_of(turn.customer)) if (
        second.needs_order and turn.customer) else None
    if second.needs_order and order is None:
        return
    second().answer(Turn(turn.dispatcher, tracker, turn.customer, order, second.name))
    queries.record_topic(tracker.sender_id, second.name)


def _reset() -> List[EventType]:
    return [SlotSet("pending_topic", None), SlotSet("pending_step", None), SlotSet("next_step", "answered")]


def _first_message(tracker: Tracker) -> bool:
    return sum(1 for e in tracker.events if e.get("event") == "user") == 1 and not any(
        e.get("event") == "bot" for e in tracker.events)


def _identify_first(tracker: Tracker, topic: Text, after_form: bool,
                    dispatcher: CollectingDispatcher) -> List[EventType]:
    if _first_message(tracker):
        dispatcher.utter_message(response="utter_greet_short")
    if after_form:  # identification already ran and still nothing to go on: don't loop
        logger.warning("topic %s still lacks a customer or order after identification", topic)
        return _reset()
    # A new attempt: an earlier «не вижу заказов» must not stop this one (the form skips itself while
    # identification_failed is set, which would leave the question silently unanswered).
    events: List[EventType] = [SlotSet("pending_topic", topic), SlotSet("next_step", "identify"),
                               SlotSet("identification_failed", False)]
    if tracker.get_slot("customer_id") is None and _carries_identity(tracker):
        # The question came with a phone or ФИО («где посылка, 8 916 …»): don't ask for it again.
        events.append(SlotSet("identity_query", tracker.latest_message.get("text")))
    elif tracker.get_slot("customer_id") is None:
        events.append(SlotSet("identity_query", None))  # not the data an earlier attempt failed on
    return events


def _carries_identity(tracker: Tracker) -> bool:
    return any(e.get("entity") in ("phone", "person") for e in tracker.latest_message.get("entities", []))


def _finish(turn: Turn, tracker: Tracker) -> List[EventType]:
    events = list(turn.events)
    names = {e.get("name") for e in events}
    if turn.order is not None and turn.order.id != tracker.get_slot("order_id"):
        events.append(SlotSet("order_id", turn.order.id))
    if "next_step" not in names:
        events += [SlotSet("pending_topic", None), SlotSet("pending_step", None), SlotSet("next_step", "answered")]
    if "pending_question" not in names:
        events.append(SlotSet("pending_question", None))
    events.append(SlotSet("last_topic", turn.topic))
    queries.record_topic(tracker.sender_id, turn.topic)
    if turn.closes_topic:
        turn.dispatcher.utter_message(response="utter_anything_else", customer_io=turn.io)
    return events


class ActionAnswerPendingQuestion(Action):
    """«да»/«нет» outside a form: the answer to the question left open, or to «чем-нибудь ещё помочь?»."""

    def name(self) -> Text:
        return "action_answer_pending_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        yes = tracker.latest_message.get("intent", {}).get("name") == "affirm"
        topic_name, _, step = (tracker.get_slot("pending_question") or "").partition(":")
        topic_class = TOPICS.get(topic_name)
        if topic_class is None:
            if yes:
                dispatcher.utter_message(response="utter_how_can_help")
                return []
            from actions.conversation import ActionGoodbye  # «нет» to «чем-нибудь ещё помочь?»

            return await ActionGoodbye().run(dispatcher, tracker, domain)
        customer = identified_customer(tracker)
        order = current_order(tracker, customer, topic_class.orders_of(customer)) if customer else None
        turn = Turn(dispatcher, tracker, customer, order, topic_name)
        topic_class().on_yes_no(turn, step, yes)
        return _finish(turn, tracker)


class ActionAskDetails(Action):
    """details_form's question: the one the topic chose (`details_question`)."""

    def name(self) -> Text:
        return "action_ask_details"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response=tracker.get_slot("details_question") or "utter_ask_details")
        return []


class IdentifyTopic(Topic):
    """The customer gives their data without a question: identify them, or, once identified, take an
    order number as a choice for the topic in hand («а второй где? 2000101»)."""

    name = "identify"

    def answer(self, turn: Turn) -> None:
        customer = turn.customer
        if customer is not None and order_named_in_message(turn.tracker, customer) is not None:
            last = turn.tracker.get_slot("last_topic")
            follow = TOPICS[last] if last in TOPICS and last != self.name else TOPICS["order_status"]
            turn.order = order_named_in_message(turn.tracker, customer)
            turn.topic = follow.name
            follow().answer(turn)
            return
        turn.say("utter_how_can_help")
        turn.closes_topic = False
