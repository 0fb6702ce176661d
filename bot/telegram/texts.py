"""Telegram's own captions and notices, read from domain.yml's `utter_telegram_*` responses so that a supervisor
edits them beside the script's phrases. The assistant's own phrases come from the Rasa server."""
from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Tuple

from bot.domain_responses import plain_response

# Field → response. The names are written out in full: the data validation counts a response as used when
# its name appears in the code.
RESPONSES = {
    "share_phone": "utter_telegram_share_phone",
    "contact_placeholder": "utter_telegram_contact_placeholder",
    "menu_placeholder": "utter_telegram_menu_placeholder",
    "contact_prompt": "utter_telegram_contact_prompt",
    "choose_situation": "utter_telegram_choose_situation",
    "choose_option": "utter_telegram_choose_option",
    "help": "utter_telegram_help",
    "unknown_command": "utter_telegram_unknown_command",
    "contact_not_own": "utter_telegram_contact_not_own",
    "contact_bad_phone": "utter_telegram_contact_bad_phone",
    "only_text": "utter_telegram_only_text",
    "no_voice": "utter_telegram_no_voice",
    "caption_only": "utter_telegram_caption_only",
    "no_location": "utter_telegram_no_location",
    "edited": "utter_telegram_edited",
    "stale_button": "utter_telegram_stale_button",
    "already_answered": "utter_telegram_already_answered",
    "private_only": "utter_telegram_private_only",
    "try_again_later": "utter_telegram_try_again_later",
}
COMMAND_RESPONSES = {  # registered with Telegram in this order; the descriptions fill its command menu
    "start": "utter_telegram_command_start",
    "help": "utter_telegram_command_help",
    "operator": "utter_telegram_command_operator",
    "restart": "utter_telegram_command_restart",
}
CHOSEN_MARK = "✓ {title}"  # a pressed menu button's new caption


@dataclass(frozen=True)
class Captions:
    share_phone: str
    contact_placeholder: str
    menu_placeholder: str
    contact_prompt: str
    choose_situation: str
    choose_option: str
    help: str
    unknown_command: str
    contact_not_own: str
    contact_bad_phone: str
    only_text: str
    no_voice: str
    caption_only: str
    no_location: str
    edited: str
    stale_button: str
    already_answered: str
    private_only: str  # {username}: the bot's
    try_again_later: str
    commands: Tuple[Tuple[str, str], ...]  # (command, description)

    @classmethod
    def load(cls, domain_file: Path) -> "Captions":
        """Every caption, or SystemExit naming the missing response (at start-up, not before a customer)."""
        texts = {name: plain_response(domain_file, response) for name, response in RESPONSES.items()}
        commands = tuple((command, plain_response(domain_file, response))
                         for command, response in COMMAND_RESPONSES.items())
        assert set(texts) | {"commands"} == {f.name for f in fields(cls)}
        return cls(**texts, commands=commands)
