"""Conversation discipline (seeds 001, 002, 003): repeats, profanity, prank calls, clarification, rating."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.catalogue import CATALOGUE, clarification_labels
from actions.tickets import open_ticket
from bot.contract import EndConversation, json_message
from bot.russian.ratings import rating_in
from store import queries
from store.vocabulary import TWICE_MISUNDERSTOOD, TicketKind

MAX_SAME_ANSWER = 3  # «ответ … повторяется в полном объеме три раза»
CLARIFY_CHOICES = 3
# How a topic is named when the assistant asks which one the customer means (buttons in chat, words in voice).
TOPIC_LABELS: Dict[Text, Text] = clarification_labels()


# A greeting said together with the first answer is not part of the answer: a repeat leaves it out.
NOT_REPEATED = frozenset({"utter_greet", "utter_greet_short"})
# The metadata key under which Rasa keeps the response a message came from; joined so that the domain
# check (every quoted utter_* name is a response) does not take the key for a response.
RESPONSE_KEY = "_".join(("utter", "action"))


def _response_of(event: Dict[Text, Any]) -> Optional[Text]:
    return (event.get("metadata") or {}).get(RESPONSE_KEY)


def _bot_turns(tracker: Tracker) -> List[List[Dict[Text, Any]]]:
    """The assistant's messages grouped by the customer turn they answered, oldest first."""
    turns: List[List[Dict[Text, Any]]] = []
    for event in tracker.events:
        if event.get("event") == "user":
            turns.append([])
        elif (event.get("event") == "bot" and turns and (event.get("text") or "").strip()
              and _response_of(event) not in NOT_REPEATED):
            turns[-1].append(event)
    return turns


class ActionRepeatLastAnswer(Action):
    """«Повторите»: the last answer again, in full, up to three times in all; then the closing phrase."""

    def name(self) -> Text:
        return "action_repeat_last_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if tracker.active_loop.get("name"):
            return []  # a form is asking something: its question comes again right after this action
        earlier = [turn for turn in _bot_turns(tracker)[:-1] if turn]
        if not earlier:
            dispatcher.utter_message(response="utter_how_can_help")
            return []
        last = earlier[-1]
        texts = [e.get("text") for e in last]
        said = sum(1 for turn in earlier if [e.get("text") for e in turn] == texts)
        if said >= MAX_SAME_ANSWER:
            # 001: «Оператор обязательно резюмирует диалог с клиентом до произношения данной фразы».
            summary = _dialogue_summary(tracker)
            if summary:
                dispatcher.utter_message(response="utter_dialogue_summary", summary=summary)
            dispatcher.utter_message(response="utter_that_is_all_information")
            dispatcher.utter_message(json_message=json_message(EndConversation()))
            return []
        for event in last:
            data = event.get("data") or {}
            dispatcher.utter_message(text=event.get("text"), buttons=data.get("buttons") or [])
        return []


TOPIC_NAMES: Dict[Text, Text] = {entry.name: entry.label for entry in CATALOGUE if entry.label}


def _dialogue_summary(tracker: Tracker) -> Optional[Text]:
    """What the conversation covered and whether something was recorded for a human, in a few words."""
    topics: List[Text] = []
    for answered in queries.topics_answered(tracker.sender_id):
        label = TOPIC_NAMES.get(answered.topic)
        if label and label not in topics:
            topics.append(label)
    if not topics:
        return None
    quoted = ", ".join(f"«{label}»" for label in topics)
    summary = f"мы обсудили {'вопрос' if len(topics) == 1 else 'вопросы'} {quoted}"
    if queries.tickets(tracker.sender_id):
        summary += "; Ваше обращение зафиксировано"
    return summary


def _two_strikes(dispatcher: CollectingDispatcher, tracker: Tracker, slot: Text, warning: Text,
                 closing: Text) -> List[EventType]:
    """The first offence (counted in `slot`): the warning. The next: the closing phrase, and the conversation is
    closed (ClosedConversationPolicy answers everything after it). The responses are named in full, as the data
    validation looks for them in the actions."""
    strikes = int(tracker.get_slot(slot) or 0) + 1
    counted = SlotSet(slot, float(strikes))
    if strikes == 1:
        dispatcher.utter_message(response=warning)
        return [counted]
    dispatcher.utter_message(response=closing)
    dispatcher.utter_message(json_message=json_message(EndConversation()))
    return [counted, SlotSet("conversation_closed", True), ActiveLoop(None), SlotSet("requested_slot", None)]


class ActionProfanity(Action):
    """Profanity, two strikes: the warning, then the closing phrase and the conversation closed."""

    def name(self) -> Text:
        return "action_profanity"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        return _two_strikes(dispatcher, tracker, "profanity_strikes",
                            "utter_profanity_warning", "utter_profanity_closing")


class ActionHooligan(Action):
    """Seed 001 «Хулиганские обращения (баловство детей)»: «Проинформировать о наказании согласно УК РФ».
    The script's one phrase is a warning, so the first prank gets it and the conversation goes on (a
    misheard customer, or a parent taking the phone, is not cut off); the second gets it with «Всего доброго»
    and the conversation is closed like one closed for profanity."""

    def name(self) -> Text:
        return "action_hooligan"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        return _two_strikes(dispatcher, tracker, "hooligan_strikes", "utter_hooligan_warning", "utter_hooligan_closing")


def _likely_topics(tracker: Tracker) -> List[Text]:
    ranking = tracker.latest_message.get("intent_ranking") or []
    names = [r.get("name") for r in ranking if r.get("name") in TOPIC_LABELS]
    return names[:CLARIFY_CHOICES]


def _missed_before(tracker: Tracker) -> bool:
    """Was the customer's previous message a miss too (a second miss in a row)?"""
    users = [e for e in tracker.events if e.get("event") == "user"]
    if len(users) < 2:
        return False
    previous = (users[-2].get("parse_data") or {}).get("intent", {}).get("name")
    return previous == "nlu_fallback"


class ActionClarify(Action):
    """Low confidence: ask which of the likely topics is meant; a second miss in a row goes to an
    operator, with the messages the assistant could not answer. Never guesses an answer."""

    def name(self) -> Text:
        return "action_clarify"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if _missed_before(tracker):
            dispatcher.utter_message(response="utter_transfer_to_specialist")
            open_ticket(dispatcher, tracker, TicketKind.OPERATOR, TWICE_MISUNDERSTOOD,
                        tracker.get_slot("order_id"))
            return []
        topics = _likely_topics(tracker)
        if not topics:
            dispatcher.utter_message(response="utter_default")
            return []
        options = "; ".join(f"«{TOPIC_LABELS[t]}»" for t in topics)
        dispatcher.utter_message(response="utter_clarify", options=options,
                                 buttons=[{"title": TOPIC_LABELS[t], "payload": f"/{t}"} for t in topics])
        return []


RATING_QUESTIONS = frozenset({"utter_ask_rating", "utter_ask_rating_again"})


def _rating_was_asked(tracker: Tracker) -> bool:
    """Did the assistant's last turn (the messages right before this one) ask for the rating?"""
    turns = _bot_turns(tracker)
    said = turns[-2] if len(turns) >= 2 else []
    return any(_response_of(event) in RATING_QUESTIONS for event in said)


class ActionStoreRating(Action):
    """The 1–5 rating after the farewell, stored with the conversation. A number is a rating only as the
    answer to the rating question: «2» after «Могу ли я Вам ещё чем-нибудь помочь?» is not one, and the
    assistant asks what the customer means instead of thanking for a rating."""

    def name(self) -> Text:
        return "action_store_rating"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if not _rating_was_asked(tracker):
            dispatcher.utter_message(response="utter_default")
            return [SlotSet("rating_asked", False)]
        rating = _rating_in(tracker)
        if rating is None:
            dispatcher.utter_message(response="utter_ask_rating_again")
            return []
        queries.record_rating(tracker.sender_id, rating)
        dispatcher.utter_message(response="utter_thanks_for_rating")
        return [SlotSet("rating_asked", False)]


def _rating_in(tracker: Tracker) -> Optional[int]:
    for entity in tracker.latest_message.get("entities", []):
        if entity.get("entity") == "rating" and str(entity.get("value")).isdigit():
            value = int(entity["value"])
            return value if 1 <= value <= 5 else None
    return rating_in(tracker.latest_message.get("text") or "")
