"""The voice wording in domain.yml: `channel: voice` variants and the IVR-only `utter_voice_*` phrases."""
import pathlib
import re
import string
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

import yaml  # noqa: E402

from bot.voice.prompts import DOMAIN, Prompts  # noqa: E402

DOMAIN_DATA = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
VOICE = {name: [v for v in variants if v.get("channel") == "voice"]
         for name, variants in DOMAIN_DATA["responses"].items() if any(v.get("channel") == "voice" for v in variants)}
IVR_ONLY = {"utter_voice_are_you_there", "utter_voice_call_back", "utter_voice_not_heard", "utter_voice_menu",
            "utter_voice_menu_intro", "utter_voice_choices", "utter_voice_choices_scale", "utter_voice_transfer_failed",
            "utter_voice_hold_return", "utter_voice_repeat_or_sms"}


def placeholders(text: str) -> set:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def chat_variants(name):
    return [v for v in DOMAIN_DATA["responses"].get(name, []) if v.get("channel") != "voice"]


def test_every_variant_is_for_the_voice_channel_and_has_no_buttons_or_links():
    for name, variants in VOICE.items():
        for variant in variants:
            assert variant.get("channel") == "voice", name
            assert "buttons" not in variant and "image" not in variant, name
            lowered = variant["text"].lower()
            assert "напиш" not in lowered and "http" not in lowered and "кнопк" not in lowered, name


def test_the_ivr_only_phrases_are_all_there():
    assert IVR_ONLY <= set(VOICE)
    assert [v["text"] for v in VOICE["utter_voice_call_back"]] == [
        "Перезвоните, пожалуйста, возможно качество связи улучшится. Спасибо за звонок, всего доброго!"]
    menu = VOICE["utter_voice_menu"][0]["text"]
    for key in "123450":
        assert f"— {key}" in menu or f"нажмите {key}" in menu
    assert placeholders(VOICE["utter_voice_choices"][0]["text"]) == {"choices"}


def test_voice_variants_use_only_what_the_chat_response_is_given():
    for name, variants in VOICE.items():
        if name in IVR_ONLY:
            continue
        assert chat_variants(name), f"{name} is not a response of the domain"
        given = set().union(*(placeholders(v.get("text", "")) for v in chat_variants(name)))
        for variant in variants:
            assert placeholders(variant["text"]) <= given, name


def test_conditions_mirror_the_chat_response_so_rasa_still_picks_by_slot():
    # Rasa prefers a channel variant over a conditional one without channel: a response whose chat
    # variants are conditional needs a conditional voice variant, or the name would be lost.
    for name, variants in VOICE.items():
        if name in IVR_ONLY:
            continue
        chat_conditional = any(v.get("condition") for v in chat_variants(name))
        voice_conditional = any(v.get("condition") for v in variants)
        assert chat_conditional == voice_conditional, name


def test_slots_in_ivr_phrases_exist_in_the_domain():
    slots = set(DOMAIN_DATA["slots"])
    for name in IVR_ONLY - {"utter_voice_choices", "utter_voice_choices_scale"}:
        for variant in VOICE[name]:
            assert placeholders(variant["text"]) <= slots, name
            assert {c["name"] for c in variant.get("condition") or []} <= slots, name


def test_rasa_picks_the_voice_variant_on_the_voice_channel():
    from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain

    domain = Domain.from_dict(DOMAIN_DATA)
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    slots = {"candidate_fio": "Иванова Мария Петровна", "identified": False}
    voice = nlg.generate_from_slots("utter_ask_identity_confirmed", slots, "voice")
    chat = nlg.generate_from_slots("utter_ask_identity_confirmed", slots, "rest")
    assert voice["text"] == "Иванова Мария Петровна, верно?" and not voice.get("buttons")
    assert chat["buttons"]
    assert "Назовите" in nlg.generate_from_slots("utter_ask_identity_query", {}, "voice")["text"]


def test_prompts_come_from_the_domain():
    prompts = Prompts.load()
    assert prompts.text("utter_voice_are_you_there", {"identified": True, "customer_io": "Мария Петровна"}) == \
        "Мария Петровна, Вы меня слышите?"
    assert prompts.text("utter_voice_are_you_there", {"identified": False}) == "Вы меня слышите?"
    assert "соединю вас со специалистом" in prompts.text("utter_transfer_to_specialist", {})  # a domain phrase


def test_every_farewell_thanks_for_the_call_on_the_phone():
    # Seed 001: «Спасибо за звонок. Всего доброго!», «Благодарим Вас за звонок»: a caller is not thanked
    # «за обращение». Every response that thanks «за обращение» says «за звонок» on the voice channel, for
    # every slot condition its chat variants have.
    from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain

    thanking = re.compile(r"(спасибо|благодарим[^.!?]*)\s+за обращение", re.IGNORECASE)
    farewells = [name for name in DOMAIN_DATA["responses"]
                 if any(thanking.search(v.get("text") or "") for v in chat_variants(name))]
    assert {"utter_goodbye", "utter_customer_not_found", "utter_that_is_all_information"} <= set(farewells)
    nlg = TemplatedNaturalLanguageGenerator(Domain.from_dict(DOMAIN_DATA).responses)
    for name in farewells:
        for identified in (True, False):
            slots = {"identified": identified, "customer_io": "Мария Петровна"}
            said = nlg.generate_from_slots(name, slots, "voice")["text"]
            assert "за звонок" in said.lower() and "за обращение" not in said.lower(), (name, identified)
            names_the_customer = any(v.get("condition") and "{customer_io}" in v["text"] for v in chat_variants(name))
            assert said.startswith("Мария Петровна") == (identified and names_the_customer), (name, identified)
