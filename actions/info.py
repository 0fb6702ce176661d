"""«СПРАВКА», «СПИСОК НОМЕРОВ» and «где вы находитесь»: answers that need no identification."""
from __future__ import annotations

import re

from actions.phone_book import entries, find
from actions.topics import Topic, Turn

# An insert in the parcel has its own phone; anything else is a promotion we know nothing of yet (seed 001).
_INSERT = re.compile(r"купон|сертификат|вложени|вкладыш|листовк|карточк|флаер|в посылке|в коробке", re.I)


class InfoTopic(Topic):
    needs_customer = False
    needs_order = False


class ScriptedAnswerTopic(InfoTopic):
    """One phrase of the script and nothing else, so it may also be the second question of a message."""

    answers_in_passing = True
    response = ""

    def answer(self, turn: Turn) -> None:
        turn.say(self.response)


class PimTopic(ScriptedAnswerTopic):
    name = "info_pim"
    response = "utter_info_pim"


class GiftPriceTopic(ScriptedAnswerTopic):
    name = "info_gift_price"
    response = "utter_info_gift_price"


class CallbackNumberTopic(ScriptedAnswerTopic):
    name = "info_callback_number"
    response = "utter_info_callback_number"


class LocationTopic(ScriptedAnswerTopic):
    name = "info_location"
    response = "utter_info_location"


class CouponTopic(InfoTopic):
    name = "info_coupon"

    def answer(self, turn: Turn) -> None:
        if _INSERT.search(turn.text):
            turn.say("utter_info_coupon")
        else:
            turn.say("utter_info_new_promo")
            turn.ticket("supervisor", f"новое предложение, информации нет: «{turn.text[:200]}»")


class PhoneBookTopic(InfoTopic):
    """Phones of the «Список номеров», asked for by name in any case form («телефон сдэка»)."""

    answers_in_passing = True
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
