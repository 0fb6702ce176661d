"""The gateway adapters' protocol text: jambonz verbs and hook signatures, AGI command lines."""
import hashlib
import hmac
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

from bot.voice import asterisk  # noqa: E402
from bot.voice.asterisk import AsteriskSettings  # noqa: E402
from bot.voice.jambonz import JambonzInput, caller_number, verify_signature  # noqa: E402
from bot.voice.jambonz_verbs import JambonzSettings, render  # noqa: E402
from bot.voice.steps import Hangup, Listen, Say, Transfer, TransferContext  # noqa: E402
from tests.voice.agi_peer import agi_args, app_args  # noqa: E402

CONTEXT = TransferContext(conversation_id="jambonz-1", ticket_id=12, reason="клиент просит соединить с оператором",
                          customer_id="C001", order_id="1000037", intent="operator_request", topic="order_status",
                          identified=True)


def test_gather_listens_for_speech_and_digits_in_russian():
    verbs = render([Listen(prompt="Чем могу помочь?", hints=("заказ",))], JambonzSettings())
    gather = verbs[0]
    assert gather["input"] == ["speech", "digits"] and gather["say"] == {"text": "Чем могу помочь?"}
    # the application's recognizer unless one is configured; below minConfidence jambonz reports stt-low-confidence
    assert gather["recognizer"] == {"vendor": "default", "language": "ru-RU", "minConfidence": 0.5, "hints": ["заказ"]}
    assert gather["bargein"] and gather["dtmfBargein"] and gather["finishOnKey"] == "#"


def test_menu_gather_takes_one_key_only():
    gather = render([Listen(prompt="Нажмите 1", speech=False, max_digits=1, finish_on_key="")], JambonzSettings())[0]
    assert gather["input"] == ["digits"] and gather["numDigits"] == 1
    assert "recognizer" not in gather and "finishOnKey" not in gather


def test_synthesizer_is_set_only_when_configured():
    settings = JambonzSettings(synthesizer_vendor="microsoft", synthesizer_voice="ru-RU-SvetlanaNeural")
    say = render([Say("Всего доброго!"), Hangup()], settings)
    assert say == [{"verb": "say", "text": "Всего доброго!", "synthesizer": {
        "vendor": "microsoft", "language": "ru-RU", "voice": "ru-RU-SvetlanaNeural"}}, {"verb": "hangup"}]


def test_transfer_by_dial_or_refer_carries_the_context_headers():
    dial = render([Transfer(CONTEXT)], JambonzSettings(operator="+74951234567"))[0]
    assert dial["verb"] == "dial" and dial["target"] == [{"type": "phone", "number": "+74951234567"}]
    assert dial["headers"]["X-Ticket-Id"] == "12" and dial["actionHook"] == "/webhooks/jambonz/transfer"
    refer = render([Transfer(CONTEXT)], JambonzSettings(operator="sip:queue@pbx", transfer="refer"))[0]
    assert refer == {"verb": "sip:refer", "referTo": "sip:queue@pbx", "headers": CONTEXT.sip_headers(),
                     "actionHook": "/webhooks/jambonz/transfer"}


def _signature(body: bytes, secret: str, t: int) -> str:
    return f"t={t},v1=" + hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()


def test_hook_signatures_are_checked_like_jambonz_signs_them():
    body, now = b'{"call_sid": "abc"}', 1_763_760_000
    assert verify_signature(body, _signature(body, "s3cret", now), "s3cret", now=now + 5)
    assert not verify_signature(body, _signature(body, "other", now), "s3cret", now=now)
    assert not verify_signature(body + b" ", _signature(body, "s3cret", now), "s3cret", now=now)
    assert not verify_signature(body, _signature(body, "s3cret", now - 3600), "s3cret", now=now)  # replayed
    assert not verify_signature(body, None, "s3cret") and not verify_signature(body, "garbage", "s3cret")


def test_caller_number_from_a_number_or_a_sip_uri():
    assert caller_number({"from": "+79001000101"}) == "+79001000101"
    assert caller_number({"from": "sip:89001000101@carrier.ru;user=phone"}) == "89001000101"
    assert caller_number({"caller_id": "79001000101", "from": "sip:x@y"}) == "79001000101"
    assert caller_number({}) is None


def test_channel_settings_from_credentials_then_environment(monkeypatch):
    monkeypatch.setenv("JAMBONZ_OPERATOR", "sip:env@pbx")
    monkeypatch.setenv("JAMBONZ_WEBHOOK_SECRET", "from-env")
    channel = JambonzInput.from_credentials({"transfer": "refer", "public_url": "https://ivr.example.ru/"})
    assert channel.settings.operator == "sip:env@pbx" and channel.settings.transfer == "refer"
    assert channel.webhook_secret == "from-env"
    assert channel.settings.action_hook == "https://ivr.example.ru/webhooks/jambonz/action"
    assert JambonzInput.from_credentials({"operator": "sip:cred@pbx"}).settings.operator == "sip:cred@pbx"


def test_agi_quoting_survives_asterisk_parsing():
    text = 'Мария Петровна, заказ "уже" отправлен, трек-номер: сто\\семьдесят.'
    command = asterisk.exec_app("MRCPSynth", asterisk.app_escape(text) + ",l=ru-RU")
    args = agi_args(command)
    assert args[:2] == ["EXEC", "MRCPSynth"] and len(args) == 3
    assert app_args(args[2]) == [text, "l=ru-RU"]


def test_long_prompts_are_split_under_the_application_data_limit():
    text = " ".join(f"Предложение номер {n}, с запятой." for n in range(60))
    commands = asterisk.say_commands(text, AsteriskSettings())
    assert len(commands) > 1
    assert all(len(c.encode()) < 1024 for c in commands)
    spoken = " ".join(app_args(agi_args(c)[2])[0] for c in commands)
    assert spoken == text


def test_dial_sets_inherited_context_variables_then_dials_with_the_header_handler():
    commands = asterisk.dial_commands(CONTEXT.sip_headers(), AsteriskSettings())
    parsed = [agi_args(c) for c in commands]
    assert ["SET", "VARIABLE", "__IVR_X_TICKET_ID", "12"] in parsed
    assert ["SET", "VARIABLE", "__IVR_X_IDENTIFIED", "yes"] in parsed
    assert parsed[-1][:2] == ["EXEC", "Dial"]
    assert app_args(parsed[-1][2]) == ["PJSIP/operators", "60", "b(ivr-operator-headers^s^1)"]


def test_listening_uses_the_speech_application_with_a_sound_file_for_its_timeout():
    commands = asterisk.speech_listen_commands(AsteriskSettings(), 8.0, 14, "#")
    assert [agi_args(c) for c in commands] == [
        ["SET", "VARIABLE", "SPEECH_DTMF_MAXLEN", "14"], ["SET", "VARIABLE", "SPEECH_DTMF_TERMINATOR", "#"],
        ["EXEC", "SpeechBackground", "silence/1,8"]]
    assert asterisk.get_data(AsteriskSettings(), 8.0, 1) == "GET DATA silence/1 8000 1"


def test_asterisk_settings_from_the_environment():
    settings = AsteriskSettings.from_env({"AGI_TTS_APP": "YandexTTS", "AGI_OPERATOR_DIAL": "SIP/ops",
                                          "AGI_DIAL_TIMEOUT": "30"})
    assert (settings.tts_app, settings.operator_dial, settings.dial_timeout) == ("YandexTTS", "SIP/ops", 30)


def test_the_shipped_dialplan_turns_every_context_variable_into_its_sip_header():
    import re

    dialplan = (pathlib.Path(asterisk.__file__).with_name("extensions_voice.conf")).read_text(encoding="utf-8")
    pairs = dict(re.findall(r"PJSIP_HEADER\(add,([\w-]+)\)=\$\{(\w+)\}", dialplan))
    headers = CONTEXT.sip_headers()
    assert set(headers) == set(pairs)
    assert all(pairs[name] == asterisk.header_variable(name) for name in headers)
    assert "AGI(agi://127.0.0.1:4573/ivr)" in dialplan and "[ivr-operator-headers]" in dialplan
    assert AsteriskSettings().pre_dial_handler.split("^")[0] == "ivr-operator-headers"
