"""The pieces that must agree: intents, topics, rules and the phrases actions say."""
import re
from pathlib import Path

import yaml

import actions.autodial  # noqa: F401  (topics register themselves on import)
import actions.bonus_card  # noqa: F401
import actions.info  # noqa: F401
import actions.order_changes  # noqa: F401
import actions.parcel  # noqa: F401
import actions.refunds  # noqa: F401
import actions.returns  # noqa: F401
from actions.topics import BY_INTENT

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
SPEC_INTENTS = {"greet", "goodbye", "thank", "affirm", "deny", "inform", "order_status", "order_change_name",
                "order_change_address", "order_change_items", "order_change_delivery", "order_cancel", "order_new",
                "return_defect", "return_dislike", "return_wrong_item", "return_incomplete", "return_how",
                "refund_status", "autodial_already_received", "autodial_refused", "autodial_not_ordered",
                "autodial_who_called", "autodial_stop", "bonus_card_not_received", "bonus_card_not_consented",
                "info_pim", "info_gift_price", "info_callback_number", "info_coupon", "info_location",
                "info_carrier_phone", "info_partner_order", "operator_request", "bot_challenge", "repeat",
                "profanity", "out_of_scope"}


def rule_intents() -> set:
    found = set()
    for path in (ROOT / "data" / "rules").glob("*.yml"):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            found |= {step["intent"] for step in rule["steps"] if "intent" in step}
    return found


def test_the_spec_intent_catalogue_exists():
    assert SPEC_INTENTS - set(DOMAIN["intents"]) == set()


def test_every_intent_is_handled_by_a_rule():
    assert set(DOMAIN["intents"]) - rule_intents() == set()


def test_every_topic_intent_is_in_the_domain_and_routed():
    assert set(BY_INTENT) - set(DOMAIN["intents"]) == set()
    assert set(BY_INTENT) - rule_intents() == set()


def test_every_phrase_the_actions_say_exists():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "actions").glob("*.py"))
    said = set(re.findall(r"[\"'](utter_\w+)[\"']", code))
    assert said - set(DOMAIN["responses"]) == set()
