"""What the IVR tells a voice gateway to do next, independent of the gateway's protocol."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Tuple, Union
from urllib.parse import quote

from store.vocabulary import TicketKind

LANGUAGE = "ru-RU"


@dataclass(frozen=True)
class Say:
    """Speak and go on (before a transfer or a hang-up)."""

    text: str


@dataclass(frozen=True)
class Listen:
    """Speak the prompt while listening (barge-in), for speech and/or keypad digits."""

    prompt: str
    speech: bool = True
    digits: bool = True
    max_digits: int = 14  # a ШПИ is the longest thing a caller keys in
    finish_on_key: str = "#"
    timeout: float = 8.0  # seconds of silence after the prompt before it counts as «no answer»
    inter_digit_timeout: float = 4.0
    language: str = LANGUAGE
    hints: Tuple[str, ...] = ()
    bargein: bool = True
    # "digits": the caller was just asked for the phone (or ФИО); a speech service of the project's own also reads
    # the answer as a dictated number (speech.asr)
    expect: Optional[str] = None


@dataclass(frozen=True)
class TransferContext:
    """What the operator's screen needs: the ticket and where the conversation stood."""

    conversation_id: str
    ticket_id: Optional[int] = None
    kind: str = TicketKind.OPERATOR
    reason: str = ""
    order_id: Optional[str] = None
    customer_id: Optional[str] = None
    intent: Optional[str] = None
    topic: Optional[str] = None
    identified: bool = False

    def sip_headers(self) -> Dict[str, str]:
        """Custom SIP headers for the INVITE/REFER towards the operators (ASCII; reason percent-encoded)."""
        headers = {
            "X-Conversation-Id": self.conversation_id,
            "X-Ticket-Id": "" if self.ticket_id is None else str(self.ticket_id),
            "X-Handover-Kind": self.kind,
            "X-Handover-Reason": quote(self.reason, safe=""),
            "X-Intent": self.intent or "",
            "X-Topic": self.topic or "",
            "X-Identified": "yes" if self.identified else "no",
            "X-Customer-Id": self.customer_id or "",
            "X-Order-Id": self.order_id or "",
        }
        return {name: value for name, value in headers.items() if value}


@dataclass(frozen=True)
class Transfer:
    context: TransferContext


@dataclass(frozen=True)
class Hangup:
    pass


Step = Union[Say, Listen, Transfer, Hangup]
