"""Whether a chat hand-over can reach a human now: one case of the decision table per test, and the working
hours (a day shift and a night shift)."""
from __future__ import annotations

import datetime as dt

import pytest

from actions.tickets import DeskFacts, nobody_to_answer
from store.livechat import parse_working_hours, within

READY = dict(chat=True, in_hours=True, desk_in_use=True, operators_online=True)


def test_a_chat_with_an_operator_at_the_desk_in_working_hours_is_queued_for_the_desk():
    assert nobody_to_answer(DeskFacts(**READY)) is None


def test_a_chat_nobody_has_the_desk_open_for_gets_the_no_specialist_phrase():
    assert nobody_to_answer(DeskFacts(**{**READY, "operators_online": False})) == "utter_operators_offline"


def test_a_chat_outside_working_hours_gets_the_after_hours_phrase_even_with_an_operator_online():
    facts = DeskFacts(**{**READY, "in_hours": False})
    assert nobody_to_answer(facts) == "utter_operators_after_hours"


def test_outside_working_hours_is_said_before_nobody_online():
    facts = DeskFacts(**{**READY, "in_hours": False, "operators_online": False})
    assert nobody_to_answer(facts) == "utter_operators_after_hours"


def test_without_any_desk_account_a_chat_hand_over_is_a_ticket_as_before_the_desk():
    facts = DeskFacts(**{**READY, "desk_in_use": False, "operators_online": False})
    assert nobody_to_answer(facts) is None


def test_a_call_is_always_transferred_the_telephony_knows_its_agents():
    facts = DeskFacts(chat=False, in_hours=False, desk_in_use=True, operators_online=False)
    assert nobody_to_answer(facts) is None


@pytest.mark.parametrize("hours, clock, inside", [
    ("09:00-21:00", "08:59", False), ("09:00-21:00", "09:00", True), ("09:00-21:00", "20:59", True),
    ("09:00-21:00", "21:00", False), ("21:00-09:00", "23:30", True), ("21:00-09:00", "03:00", True),
    ("21:00-09:00", "12:00", False), ("", "03:00", True),
])
def test_working_hours(hours: str, clock: str, inside: bool):
    at = dt.datetime.combine(dt.date(2026, 11, 20), dt.time.fromisoformat(clock))
    assert within(parse_working_hours(hours), at) is inside
