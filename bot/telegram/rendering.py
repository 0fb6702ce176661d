"""The assistant's replies as Telegram messages: text within Telegram's limits, suggestions as inline buttons,
and which reply keyboard (topic menu or contact button) the chat should show.

Everything here is plain data and pure functions; sending is delivery.py's job. Texts go out without a
parse_mode, so no reply can ever carry broken markup, and long texts are cut at paragraph / sentence / word
boundaries, never inside a word or a link.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, MutableMapping, Optional, Sequence, Tuple

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from bot.contract import EndConversation, ExpectIdentity, Handover, read_custom
from bot.telegram.texts import Captions
from bot.telegram.menu import MENU_ROWS

MAX_TEXT = 4096  # Telegram's limit, counted in UTF-16 code units
MAX_CALLBACK_DATA = 64  # bytes
MENU = "menu"
CONTACT = "contact"
_SEPARATORS = ("\n\n", "\n", ". ", "! ", "? ", "; ", ", ", " ")


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass
class Outgoing:
    text: str
    buttons: List[Button] = field(default_factory=list)
    keyboard: Optional[str] = None  # MENU or CONTACT: the reply keyboard this message sets


@dataclass
class Plan:
    messages: List[Outgoing]
    keyboard: Optional[str]  # the chat's reply keyboard once the messages are sent
    handovers: List[Handover] = field(default_factory=list)
    ended: bool = False


# --- text ----------------------------------------------------------------------------------------------

def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fitting_prefix(text: str, limit: int) -> int:
    """Number of code points of the longest prefix within `limit` UTF-16 units."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return index
    return len(text)


def split_text(text: str, limit: int = MAX_TEXT) -> List[str]:
    """Chunks of at most `limit` UTF-16 units, cut at the latest good boundary in the second half."""
    text = text.strip()
    chunks: List[str] = []
    while utf16_len(text) > limit:
        hard = _fitting_prefix(text, limit)
        cut = hard
        for separator in _SEPARATORS:
            position = text.rfind(separator, 0, hard)
            if position >= hard // 2:
                cut = position + len(separator.rstrip()) if separator.strip() else position
                break
        head, text = text[:cut].rstrip(), text[cut:].lstrip()
        if head:
            chunks.append(head)
    if text:
        chunks.append(text)
    return chunks


def customer_text(text: str) -> str:
    """What the customer typed, as a plain message for Rasa. A leading "/" would make Rasa read it as an intent
    with entities (e.g. a forged `/inform{"phone": …}`), which only this front may send."""
    text = (text or "").strip()
    while text.startswith("/"):
        text = text[1:].lstrip()
    return text


# --- buttons -------------------------------------------------------------------------------------------

def button_rows(titles: Sequence[str], max_chars: int = 30, max_per_row: int = 3) -> List[List[int]]:
    """Indices of buttons per row: short captions share a row, long ones get their own."""
    rows: List[List[int]] = []
    width = 0
    for index, title in enumerate(titles):
        if rows and len(rows[-1]) < max_per_row and width + len(title) <= max_chars:
            rows[-1].append(index)
            width += len(title)
        else:
            rows.append([index])
            width = len(title)
    return rows


def encode_payload(payload: str, registry: MutableMapping[str, str], keep: int = 256) -> str:
    """callback_data for a button. Plain-text payloads travel in the button itself (they survive a restart);
    "/intent…" payloads or long ones stay here and the button carries a key, so a forged callback can never
    smuggle an intent in."""
    inline = "t:" + payload
    if not payload.startswith("/") and len(inline.encode("utf-8")) <= MAX_CALLBACK_DATA:
        return inline
    key = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]
    registry.pop(key, None)
    registry[key] = payload  # re-inserted: the newest stay when trimming
    while len(registry) > keep:
        registry.pop(next(iter(registry)))
    return "p:" + key


def decode_payload(data: str, registry: MutableMapping[str, str]) -> Optional[str]:
    """The message to send to Rasa for a pressed button, or None when the button is unknown / stale."""
    if data.startswith("t:"):
        return customer_text(data[2:]) or None
    if data.startswith("p:"):
        return registry.get(data[2:])
    return None


def inline_keyboard(buttons: Sequence[Button], registry: MutableMapping[str, str]) -> InlineKeyboardMarkup:
    titles = [b.title for b in buttons]
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(buttons[i].title, callback_data=encode_payload(buttons[i].payload, registry)) for i in row]
        for row in button_rows(titles)
    ])


def option_keyboard(options: Iterable[Tuple[str, str]]) -> InlineKeyboardMarkup:
    """Inline buttons whose callback_data is already final (menu situations)."""
    options = list(options)
    return InlineKeyboardMarkup([[InlineKeyboardButton(options[i][0], callback_data=options[i][1]) for i in row]
                                 for row in button_rows([title for title, _ in options], max_chars=26, max_per_row=2)])


def menu_keyboard(captions: Captions) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(MENU_ROWS, resize_keyboard=True, is_persistent=True,
                               input_field_placeholder=captions.menu_placeholder)


def contact_keyboard(captions: Captions) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup([[KeyboardButton(captions.share_phone, request_contact=True)]], resize_keyboard=True,
                               one_time_keyboard=True, input_field_placeholder=captions.contact_placeholder)


# --- replies -> messages -------------------------------------------------------------------------------

def _buttons(reply: Dict[str, Any]) -> List[Button]:
    found = []
    for button in reply.get("buttons") or []:
        if isinstance(button, dict) and (button.get("title") or button.get("payload")):
            title = str(button.get("title") or button.get("payload"))
            found.append(Button(title, str(button.get("payload") or title)))
    return found


def plan_replies(replies: Sequence[Dict[str, Any]], captions: Captions, keyboard: Optional[str] = None,
                 force_menu: bool = False) -> Plan:
    """Telegram messages for one batch of Rasa replies, given the reply keyboard the chat shows now.

    ExpectIdentity (bot.contract) puts the contact button under the question just asked (or under a short prompt
    when that question carries inline buttons). Otherwise the topic menu comes back with the last message
    that can carry it, once identification is over (or on /start)."""
    plan = Plan(messages=[], keyboard=keyboard)
    contact_asked = False
    for reply in replies:
        if reply.get("custom") is not None:
            for payload in read_custom(reply["custom"]):
                if isinstance(payload, ExpectIdentity):
                    contact_asked = True
                    last = plan.messages[-1] if plan.messages else None
                    if last is not None and not last.buttons and last.keyboard is None:
                        last.keyboard = CONTACT
                    else:
                        plan.messages.append(Outgoing(captions.contact_prompt, keyboard=CONTACT))
                elif isinstance(payload, Handover):
                    plan.handovers.append(payload)
                elif isinstance(payload, EndConversation):
                    plan.ended = True
            continue
        text = str(reply.get("text") or "")
        if reply.get("image"):
            text = f"{text}\n{reply['image']}".strip()
        buttons = _buttons(reply)
        if not text.strip() and buttons:
            text = captions.choose_option
        chunks = split_text(text)
        if not chunks:
            continue
        plan.messages += [Outgoing(chunk) for chunk in chunks[:-1]]
        plan.messages.append(Outgoing(chunks[-1], buttons))
    if contact_asked:
        plan.keyboard = CONTACT
    elif keyboard != MENU or force_menu:
        for message in reversed(plan.messages):
            if not message.buttons:
                message.keyboard = MENU
                plan.keyboard = MENU
                break
    return plan
