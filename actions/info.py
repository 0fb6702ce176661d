"""«СПРАВКА» and «СПИСОК НОМЕРОВ» with logic: coupons and phone-book look-ups (the one-phrase answers are
in actions/catalogue.py)."""
from __future__ import annotations

import re

from actions.phone_book import entries, find
from actions.topics import Topic, Turn
from store.vocabulary import TicketKind

# An insert in the parcel has its own phone; anything else is a promotion we know nothing of yet (seed 001).
_INSERT = re.compile(r"купон|сертификат|вложени|вкладыш|листовк|карточк|флаер|в посылке|в коробке", re.I)


class CouponTopic(Topic):
    name = "info_coupon"

    def answer(self, turn: Turn) -> None:
        if _INSERT.search(turn.text):
            turn.say("utter_info_coupon")
        else:
            turn.say("utter_info_new_promo")
            turn.ticket(TicketKind.SUPERVISOR, f"новое предложение, информации нет: «{turn.text[:200]}»")


class PhoneBookTopic(Topic):
    """Phones of the «Список номеров», asked for by name in any case form («телефон сдэка»)."""

    kind = ""
    listing_response = ""

    def answer(self, turn: Turn) -> None:
        found = find(turn.text)
        named = [e for e in found if e.kind == self.kind] or found  # «телефон ювелирии» under carriers
        if named:
            for entry in named[:3]:
                tracking = f" (отслеживание {entry.tracking})" if entry.tracking else ""
                turn.say("utter_phone_book_entry", name=entry.name, phone=entry.phone, tracking=tracking)
            return
        listing = "\n".join(f"• {e.name}: {e.phone}" for e in entries() if e.kind == self.kind)
        turn.say(self.listing_response, listing=listing)


class CarrierPhoneTopic(PhoneBookTopic):
    name = "info_carrier_phone"
    kind = "carrier"
    listing_response = "utter_phone_book_which"


class PartnerOrderTopic(PhoneBookTopic):
    name = "info_partner_order"
    kind = "partner"
    listing_response = "utter_partner_which"
