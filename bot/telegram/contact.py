"""The contact ownership rule (SPEC §2 step 6): a shared contact identifies only when it is the sender's own.

Telegram sets `contact.user_id` when the contact is a Telegram user; the «Поделиться номером телефона» button
sends the sender's own card, so `contact.user_id == from.id`. Anything else — a forwarded card (even the
sender's own: a forward proves nothing about who holds the phone), someone else's contact, a contact typed
into the address book without a Telegram account — is refused, and identification goes on by typed data.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

from telegram import Message

from bot.russian.phones import normalize_phone

OWN = "own"
FORWARDED = "forwarded"
NOT_OWN = "not_own"
BAD_PHONE = "bad_phone"


@dataclass(frozen=True)
class ContactVerdict:
    reason: str
    phone: Optional[str] = None  # +7XXXXXXXXXX, only when accepted

    @property
    def accepted(self) -> bool:
        return self.reason == OWN


def judge(contact_user_id: Optional[int], sender_id: Optional[int], phone_number: str, forwarded: bool) -> ContactVerdict:
    if forwarded:
        return ContactVerdict(FORWARDED)
    if contact_user_id is None or sender_id is None or contact_user_id != sender_id:
        return ContactVerdict(NOT_OWN)
    # Telegram sends the number as digits, with or without "+": "79161234567".
    phone = normalize_phone(phone_number or "")
    return ContactVerdict(OWN, phone) if phone else ContactVerdict(BAD_PHONE)


def judge_message(message: Message) -> ContactVerdict:
    contact = message.contact
    if contact is None:
        return ContactVerdict(NOT_OWN)
    forwarded = message.forward_origin is not None or bool(message.is_automatic_forward)
    sender_id = message.from_user.id if message.from_user else None
    return judge(contact.user_id, sender_id, contact.phone_number, forwarded)


def verified_phone_message(phone: str) -> str:
    """Rasa's intent-with-entities syntax: the assistant treats this as the customer's own phone."""
    return "/inform" + json.dumps({"phone": phone}, ensure_ascii=False)
