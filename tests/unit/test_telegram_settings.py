"""bot.telegram settings and menu: environment, the script's phrases, intents the menu sends."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

import pytest  # noqa: E402
import yaml  # noqa: E402

from bot.telegram.config import ROOT, Settings, load_phrases  # noqa: E402
from bot.telegram.menu import MENU_ROWS, TOPICS, situation_for, situation_options, topic_for  # noqa: E402


def test_defaults_and_api_url() -> None:
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:abc"})
    assert settings.base_url == "https://api.telegram.org/bot" and settings.webhook_url is None
    assert settings.rasa_url == "http://localhost:5005"
    local = Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_API_URL": "http://127.0.0.1:8081/"})
    assert local.base_url == "http://127.0.0.1:8081/bot" and local.base_file_url == "http://127.0.0.1:8081/file/bot"


def test_token_is_required() -> None:
    with pytest.raises(SystemExit):
        Settings.from_env({})


def test_webhook_has_a_secret_even_when_none_is_configured() -> None:
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_WEBHOOK_URL": "https://bot.example/tg/hook"})
    assert settings.webhook_path == "tg/hook" and len(settings.webhook_secret) >= 32
    assert Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_WEBHOOK_SECRET": "s"}).webhook_secret == "s"


def test_hold_and_apology_are_the_plain_variants_from_the_domain() -> None:
    phrases = load_phrases(ROOT / "domain.yml")
    assert "{" not in phrases.hold and "{" not in phrases.apology
    assert phrases.hold.startswith("Оставайтесь, пожалуйста, на линии")
    assert phrases.apology.startswith("От лица компании приношу искренние извинения")


def test_the_fronts_captions_are_the_domains_so_a_supervisor_edits_them(tmp_path: pathlib.Path) -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    domain["responses"]["utter_telegram_only_text"] = [{"text": "Пишите текстом."}]
    domain["responses"]["utter_telegram_command_operator"] = [{"text": "Позвать человека"}]
    edited = tmp_path / "domain.yml"
    edited.write_text(yaml.safe_dump(domain, allow_unicode=True), encoding="utf-8")
    captions = load_phrases(edited).captions
    assert captions.only_text == "Пишите текстом."
    assert ("operator", "Позвать человека") in captions.commands
    assert [command for command, _ in captions.commands] == ["start", "help", "operator", "restart"]


def test_a_front_without_one_of_its_captions_does_not_start(tmp_path: pathlib.Path) -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    del domain["responses"]["utter_telegram_share_phone"]
    broken = tmp_path / "domain.yml"
    broken.write_text(yaml.safe_dump(domain, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SystemExit, match="utter_telegram_share_phone"):
        load_phrases(broken)


def test_every_intent_the_menu_sends_exists_in_the_domain() -> None:
    intents = set(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"])
    sent = {topic.intent for topic in TOPICS.values() if topic.intent}
    sent |= {intent for topic in TOPICS.values() for _, intent in topic.situations}
    assert sent and sent <= {i if isinstance(i, str) else next(iter(i)) for i in intents}


def test_menu_buttons_and_situations() -> None:
    assert [title for row in MENU_ROWS for title in row] == [
        "Где посылка", "Возврат", "Деньги за возврат", "Автодозвон", "Бонусная карта", "Оператор"]
    assert topic_for(" где посылка ").intent == "order_status"
    assert topic_for("где моя посылка?") is None
    options = situation_options(topic_for("Бонусная карта"))
    assert all(len(data.encode()) <= 64 for _, data in options)
    assert situation_for(options[0][1]) == ("Карта не пришла", "/bonus_card_not_received")
    assert situation_for("m:inform") is None  # only the menu's own intents
