"""«ВОПРОСЫ ПО БОНУСНОЙ КАРТЕ»: a card ordered but not received; a card sent without consent."""
from __future__ import annotations

from actions.topics import Topic, Turn


class CardNotReceivedTopic(Topic):
    name = "bonus_card_not_received"

    def answer(self, turn: Turn) -> None:
        if not turn.customer.bonus_card:
            turn.say("utter_bonus_card_not_found")
            turn.transfer("бонусная карта: клиент говорит, что заказывал, в CRM карты нет")
            return
        turn.say("utter_bonus_card_not_received", "utter_bonus_card_letter")


class CardNotConsentedTopic(Topic):
    name = "bonus_card_not_consented"

    def answer(self, turn: Turn) -> None:
        turn.say("utter_bonus_card_keep", "utter_ask_keep_card")
        turn.ask_yes_no("keep_card")

    def on_yes_no(self, turn: Turn, step: str, yes: bool) -> None:
        if yes:
            turn.say("utter_card_kept")
        else:  # the return rules and address, with the letter stating the reason
            turn.say("utter_return_address", "utter_card_return_letter")
