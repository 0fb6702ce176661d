"""The script's hold phrases exist in the domain as seed 004 words them, and the channels say those."""
import yaml

from bot.hold_phrases import HOLD_BACK, HOLD_EXTEND, HOLD_PHRASES, HOLD_SET
from bot.telegram.config import ROOT, load_phrases
from bot.domain_responses import plain_response

DOMAIN = ROOT / "domain.yml"

# Seed 004 «СТАНДАРТНЫЕ ФРАЗЫ» (the same in 000): «Установка на Hold», «Продлить Hold», «Возвращение с Hold».
SEED_004 = {
    HOLD_SET: "Оставайтесь, пожалуйста, на линии, уточню информацию и вернусь к диалогу.",
    HOLD_EXTEND: "Спасибо за ожидание. Уточнение информации займет еще некоторое время. Ожидайте моего ответа.",
    HOLD_BACK: "Спасибо за ожидание, информацию для Вас уточнила.",
}


def test_every_hold_phrase_is_in_the_domain_as_the_script_says_it() -> None:
    assert set(HOLD_PHRASES) == set(SEED_004)
    for name in HOLD_PHRASES:
        assert plain_response(DOMAIN, name) == SEED_004[name]


def test_every_hold_phrase_addresses_an_identified_customer_by_name() -> None:
    responses = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"]
    for name in HOLD_PHRASES:
        named = [v["text"] for v in responses[name] if v.get("condition")]
        assert named == ["{customer_io}, " + SEED_004[name][0].lower() + SEED_004[name][1:]]


def test_telegram_says_the_set_on_hold_phrase_while_the_assistant_is_slow() -> None:
    assert load_phrases(DOMAIN).hold == SEED_004[HOLD_SET]
