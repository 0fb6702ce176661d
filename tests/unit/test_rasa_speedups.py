"""The faster action-reply check accepts and rejects exactly what Rasa's own check does."""
import pytest
from jsonschema import ValidationError, validate

from rasa.core.actions.action import RemoteAction

import bot.rasa_speedups  # noqa: F401

VALID = {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "hi"}]}
INVALID = [{"events": "not a list"}, {"responses": [1]}, {"events": [{"event": "no_such_event"}]}]


def test_the_project_check_is_in_place():
    assert RemoteAction._validate_action_result is bot.rasa_speedups._validate_action_result


def test_valid_reply_passes():
    assert RemoteAction._validate_action_result(None, VALID) is True


@pytest.mark.parametrize("reply", INVALID)
def test_invalid_replies_fail_as_in_rasa(reply):
    with pytest.raises(ValidationError):
        validate(reply, RemoteAction.action_response_format_spec())  # Rasa's own verdict
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        RemoteAction._validate_action_result(None, reply)
