"""The topic catalogue (actions/catalogue.py) against everything that must agree with it: the topic classes,
the rules, the domain and NLU data, the clarification labels, the Telegram menu and the spoken keypad menu."""
from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions
from actions.catalogue import (ANSWER_TOPIC, BY_NAME, CATALOGUE, RETURN_CHECKS, TopicEntry, answered_topics,
                               clarification_labels, keypad)
from actions.discipline import TOPIC_LABELS
from actions.topics import BY_INTENT, TOPICS, PhraseTopic, Topic, Turn
from bot.telegram.menu import MENU_ROWS, situation_for, situation_options, topic_for
from bot.voice.ivr import MENU, OPERATOR, OPERATOR_KEY
from store.clock import today
from store.models import Customer, Order

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
# Topics deliberately left out of the clarification buttons: «inform» is not a question, and a call from
# the authorities is never guessed at.
WITHOUT_LABEL = {"identify", "authority_call"}

for module in pkgutil.iter_modules(actions.__path__):  # every topic class registers itself on import
    importlib.import_module(f"actions.{module.name}")


def _rules() -> List[Tuple[Path, Dict]]:
    found = []
    for path in sorted((ROOT / "data" / "rules").glob("*.yml")):
        found += [(path, rule) for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]]
    return found


def _unconditional_intent_rules() -> Dict[str, Set[str]]:
    """intent → the actions that rules without a condition run right after it."""
    found: Dict[str, Set[str]] = {}
    for _, rule in _rules():
        steps = rule["steps"]
        if not rule.get("condition") and len(steps) > 1 and "intent" in steps[0] and "action" in steps[1]:
            found.setdefault(steps[0]["intent"], set()).add(steps[1]["action"])
    return found


def _nlu_intents() -> Set[str]:
    found = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if "intent" in block and (block.get("examples") or "").strip():
                found.add(block["intent"])
    return found


def _domain_intents() -> Set[str]:
    return {i if isinstance(i, str) else next(iter(i)) for i in DOMAIN["intents"]}


# --- the catalogue itself ---

def test_names_and_intents_are_unique() -> None:
    assert len(BY_NAME) == len(CATALOGUE)
    intents = [intent for entry in CATALOGUE for intent in entry.intents]
    assert len(intents) == len(set(intents))


def test_a_topic_without_intents_answers_the_intent_of_its_name() -> None:
    assert TopicEntry("x", None).intents == ("x",)
    assert BY_NAME["identify"].intents == ("inform",)


def test_only_the_listed_topics_stay_out_of_the_clarification_buttons_and_labels_are_unique() -> None:
    assert {e.name for e in CATALOGUE if e.label is None} == WITHOUT_LABEL
    labels = [e.label for e in CATALOGUE if e.label]
    assert len(labels) == len(set(labels))


def test_phrase_checks_are_known_and_only_phrase_only_topics_have_them() -> None:
    assert {e.checks for e in CATALOGUE if e.phrase_only} <= {"", RETURN_CHECKS}
    assert all(e.checks == "" for e in CATALOGUE if not e.phrase_only)


def test_the_catalogue_and_the_menus_built_from_it_import_without_rasa() -> None:
    probe = ("import sys, actions.catalogue, bot.telegram.menu; "
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'rasa', 'rasa_sdk'}))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- classes bound to entries ---

def test_every_answered_topic_has_its_class_and_nothing_else_does() -> None:
    assert set(TOPICS) == {e.name for e in answered_topics()}
    assert set(BY_INTENT) == {intent for e in answered_topics() for intent in e.intents}
    assert all(TOPICS[e.name].entry is e for e in answered_topics())


@pytest.mark.parametrize("entry", answered_topics(), ids=lambda e: e.name)
def test_a_class_answers_as_its_entry_says(entry: TopicEntry) -> None:
    topic = TOPICS[entry.name]
    assert (topic.intents, topic.needs_customer, topic.needs_order, topic.answers_in_passing,
            topic.insisting_answers_no) == (entry.intents, entry.needs_customer, entry.needs_order,
                                            entry.answers_in_passing, entry.insisting_answers_no)


def test_phrase_only_topics_have_no_class_of_their_own() -> None:
    for entry in CATALOGUE:
        if entry.phrase_only:
            own = {n for n in vars(TOPICS[entry.name]) if callable(vars(TOPICS[entry.name])[n])}
            assert own == set(), f"{entry.name} has its own methods {own}"


def test_a_class_may_not_declare_what_its_entry_says() -> None:
    with pytest.raises(TypeError, match="catalogue"):
        type("Stray", (Topic,), {"name": "order_new", "needs_order": True})


def test_a_class_for_a_topic_outside_the_catalogue_or_a_second_class_is_refused() -> None:
    with pytest.raises(TypeError, match="not in actions/catalogue.py"):
        type("Unknown", (Topic,), {"name": "no_such_topic"})
    with pytest.raises(TypeError, match="answered by both"):
        type("Again", (Topic,), {"name": "info_pim"})


def _turn(topic: str, order: Optional[Order] = None) -> Tuple[Turn, CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    tracker = Tracker("t", {}, {"text": "вопрос", "intent": {"name": topic}}, [], False, None, {}, "action_listen")
    customer = Customer(first_name="Нина", middle_name="Васильевна", last_name="Макарова", city="Москва")
    return Turn(dispatcher, tracker, customer, order, topic), dispatcher


@pytest.mark.parametrize("entry", [e for e in CATALOGUE if e.phrase_only and not e.checks], ids=lambda e: e.name)
def test_a_phrase_only_topic_says_its_phrases_and_nothing_else(entry: TopicEntry) -> None:
    assert issubclass(TOPICS[entry.name], PhraseTopic)
    turn, dispatcher = _turn(entry.name)
    TOPICS[entry.name]().answer(turn)
    assert [m["response"] for m in dispatcher.messages] == list(entry.says)
    assert turn.events == [] and turn.closes_topic


@pytest.mark.parametrize("entry", [e for e in CATALOGUE if e.checks == RETURN_CHECKS], ids=lambda e: e.name)
def test_a_phrase_only_return_topic_checks_the_return_first(entry: TopicEntry) -> None:
    fresh = Order(id="1", bought_out_at=today())
    turn, dispatcher = _turn(entry.name, fresh)
    TOPICS[entry.name]().answer(turn)
    assert [m["response"] for m in dispatcher.messages] == list(entry.says)
    turn, dispatcher = _turn(entry.name, Order(id="2", bought_out_at=None, delivery="post"))
    TOPICS[entry.name]().answer(turn)
    assert [m["response"] for m in dispatcher.messages] == ["utter_return_not_received_yet"]
    turn, dispatcher = _turn(entry.name, Order(id="2", bought_out_at=None, delivery="courier"))
    TOPICS[entry.name]().answer(turn)  # no buyout date from a courier service: the customer is asked
    assert dispatcher.messages == [] and {"name": "details_question", "value": "utter_ask_when_received"} in [
        {"name": e.get("name"), "value": e.get("value")} for e in turn.events]
    turn, dispatcher = _turn(entry.name, Order(id="3", bought_out_at=today() - dt.timedelta(days=30)))
    TOPICS[entry.name]().answer(turn)
    assert [m["response"] for m in dispatcher.messages] == ["utter_return_period_expired"]


# --- rules, domain, NLU data ---

def test_every_catalogue_intent_has_its_rule() -> None:
    rules = _unconditional_intent_rules()
    missing = {intent: entry.action for entry in CATALOGUE for intent in entry.intents
               if entry.action not in rules.get(intent, set())}
    assert missing == {}


def test_no_rule_answers_a_topic_the_catalogue_does_not_have() -> None:
    answered = {intent for e in answered_topics() for intent in e.intents}
    for path, rule in _rules():
        runs = [step.get("action") for step in rule["steps"]]
        intents = {step["intent"] for step in rule["steps"] if "intent" in step}
        if ANSWER_TOPIC in runs and intents:
            assert intents <= answered, f"{path.name}: {rule['rule']}"
    topic_rules = yaml.safe_load((ROOT / "data" / "rules" / "topics.yml").read_text(encoding="utf-8"))["rules"]
    assert all(rule["steps"][0]["intent"] in answered for rule in topic_rules)


def test_every_catalogue_intent_is_in_the_domain_and_the_nlu_data() -> None:
    intents = {intent for entry in CATALOGUE for intent in entry.intents}
    assert intents - _domain_intents() == set()
    assert intents - _nlu_intents() == set()
    assert {entry.action for entry in CATALOGUE} <= {a if isinstance(a, str) else next(iter(a)) for a in DOMAIN["actions"]}


def test_every_response_the_catalogue_names_exists() -> None:
    said = {response for entry in CATALOGUE for response in entry.says}
    assert said and said - set(DOMAIN["responses"]) == set()


# --- what reads the catalogue ---

def test_the_clarification_labels_are_the_catalogue_s() -> None:
    assert TOPIC_LABELS == clarification_labels()
    assert TOPIC_LABELS["order_status"] == "Где мой заказ" and "inform" not in TOPIC_LABELS


def test_the_telegram_menu_sends_every_catalogue_menu_entry() -> None:
    buttons = [title for row in MENU_ROWS for title in row]
    assert all(len(row) <= 2 for row in MENU_ROWS)
    for entry in (e for e in CATALOGUE if e.menu):
        assert entry.menu.button in buttons
        topic = topic_for(entry.menu.button)
        if entry.menu.situation is None:
            assert topic.intent == entry.intents[0] and not topic.situations
        else:
            data = dict(situation_options(topic))[entry.menu.situation]
            assert len(data.encode()) <= 64
            assert situation_for(data) == (entry.menu.situation, f"/{entry.intents[0]}")
    assert len(buttons) == len({e.menu.button for e in CATALOGUE if e.menu})


def _spoken_keys(text: str) -> Dict[str, str]:
    """key → the name the spoken menu gives it («Где посылка — нажмите 1. Возврат товара — 2.»)."""
    pairs = re.findall(r"(?:^|[.:]\s*)([^.:—]+?)\s+—\s+(?:нажмите\s+)?(\d)\b", text)
    return {key: name.strip() for name, key in pairs}


def _keypad_menu_texts() -> List[str]:
    """Every response variant that reads the keypad menu out."""
    return [variant["text"] for name, variants in DOMAIN["responses"].items() if name.startswith("utter_voice_menu")
            for variant in variants if re.search(r"—\s+(?:нажмите\s+)?\d", variant.get("text", ""))]


def test_the_voice_keypad_is_the_catalogue_s() -> None:
    assert MENU == {entry.keypad.key: f"/{entry.intents[0]}" for entry in CATALOGUE if entry.keypad}
    assert len([e for e in CATALOGUE if e.keypad]) == len(keypad())  # no key given twice
    assert MENU[OPERATOR_KEY] == OPERATOR


def test_the_spoken_keypad_menu_names_every_key_with_its_topic() -> None:
    texts = _keypad_menu_texts()
    assert texts
    expected = {entry.keypad.key: entry.keypad.spoken for entry in CATALOGUE if entry.keypad}
    for text in texts:
        assert _spoken_keys(text) == expected


def test_the_spoken_menu_check_notices_a_wrong_key() -> None:
    assert _spoken_keys("Где посылка — нажмите 1. Возврат товара — 2.") == {"1": "Где посылка", "2": "Возврат товара"}
    assert _spoken_keys("Где посылка — нажмите 2. Возврат товара — 1.") != {"1": "Где посылка", "2": "Возврат товара"}

