"""«ИЗМЕНЕНИЕ ЗАКАЗА», cancellation and new orders: the assistant states the script's decision and
files a ticket for the operator who edits the CRM; it never pretends to have edited the order itself."""
from __future__ import annotations

from typing import Optional

from rasa_sdk.events import EventType, SlotSet

from actions import change_rules as rules
from actions.change_rules import NEW_ORDER_INSTEAD, RECEIVE_THERE, SAME_CITY, ChangeFacts, with_words
from actions.decision import OPERATOR, TRANSFER, Decision, Ticket
from actions.phone_book import phone_of
from actions.reorder_gate import WHY_RETURNED, PlacesOrders
from actions.topics import Topic, Turn
from store.models import Order
from store.vocabulary import EXPORTED_STATUSES, POSTAL, TicketKind

CRM_EDIT = TicketKind.CRM_EDIT
POST_PHONE = "Почта России"  # whose line «Прибыло в город» dictates (actions/phone_book.yml)


def shipped(order: Order) -> bool:
    """Экспортирован with a ШПИ: the parcel is on its way and can no longer be edited in the CRM."""
    return order.status in EXPORTED_STATUSES and bool(order.tracking_number)


def change_facts(order: Order, same_city: Optional[bool] = None) -> ChangeFacts:
    return ChangeFacts(status=order.status, delivery=order.delivery, shipped=shipped(order),
                       arrived=bool(order.arrived_in_city), prepaid=bool(order.prepaid),
                       has_partner=bool(order.partner), partner_phone_known=bool(order.partner and phone_of(order.partner)),
                       same_city=same_city)


def change_values(order: Order) -> dict:
    """The order's data as the change phrases' {placeholders} name them."""
    return {"partner": order.partner or "", "partner_phone": (phone_of(order.partner) or "") if order.partner else "",
            "pickup_point": order.pickup_point or "", "post_phone": phone_of(POST_PHONE) or ""}


class ChangeTopic(PlacesOrders, Topic):
    """A change to an order: the statuses the script does not let us touch stop here (rules.BLOCKED)."""

    def answer(self, turn: Turn) -> None:
        order = turn.order
        if order is None:
            turn.say("utter_no_orders")
            return
        decision = rules.decide(rules.BLOCKED, change_facts(order))
        if decision is rules.GO_ON:
            self.change(turn)
        else:
            turn.carry_out(with_words(decision, turn.text, 150), **change_values(order))

    def change(self, turn: Turn) -> None:
        raise NotImplementedError

    def follow_up(self, turn: Turn, step: str, answer: str) -> None:
        if step == WHY_RETURNED:
            self.answer_reasons(turn, answer)
        else:
            self.take_answer(turn, step, answer)

    def take_answer(self, turn: Turn, step: str, answer: str) -> None:
        raise NotImplementedError(f"{self.name} asked no free-text question {step!r}")

    def on_yes_no(self, turn: Turn, step: str, yes: bool) -> None:
        if step == NEW_ORDER_INSTEAD:
            self.carry_out_gated(turn, rules.NEW_ORDER_ANSWERS[yes])
        else:
            self.take_yes_no(turn, step, yes)

    def take_yes_no(self, turn: Turn, step: str, yes: bool) -> None:
        raise NotImplementedError(f"{self.name} asked no yes/no question {step!r}")


class ChangeNameTopic(ChangeTopic):
    name = "order_change_name"

    def change(self, turn: Turn) -> None:
        turn.ask("correct_name", "utter_ask_correct_name")

    def take_answer(self, turn: Turn, step: str, answer: str) -> None:
        order = turn.order
        turn.say("utter_change_name_post" if order.delivery in POSTAL else "utter_change_name_courier")
        # Shipped orders: «передаём СВ номер заказа и верное ФИО»; otherwise the operator edits the order.
        kind = TicketKind.SUPERVISOR if shipped(order) else CRM_EDIT
        turn.ticket(kind, f"исправить ФИО в заказе на «{answer[:120]}»")


class ChangeRecipientTopic(ChangeTopic):
    name = "order_change_recipient"

    def change(self, turn: Turn) -> None:
        turn.ask("recipient", "utter_ask_new_recipient")

    def take_answer(self, turn: Turn, step: str, answer: str) -> None:
        turn.ticket(TicketKind.SUPERVISOR, f"изменить ФИО получателя (только этот заказ) на «{answer[:120]}»")
        turn.say("utter_recipient_change_passed")


class ChangeAddressTopic(ChangeTopic):
    """The new address first, then the script's decision (rules.ADDRESS) and its questions."""

    name = "order_change_address"

    def change(self, turn: Turn) -> None:
        turn.ask("address", "utter_ask_new_address")

    def take_answer(self, turn: Turn, step: str, answer: str) -> None:
        turn.events.append(_remember(answer))  # kept until the yes/no answers decide what to do with it
        self._carry_out(turn, rules.decide(rules.ADDRESS, change_facts(turn.order)), answer)

    def take_yes_no(self, turn: Turn, step: str, yes: bool) -> None:
        address = turn.tracker.get_slot("details") or ""
        if step == SAME_CITY:
            self._carry_out(turn, rules.decide(rules.ADDRESS, change_facts(turn.order, same_city=yes)), address)
        elif step == RECEIVE_THERE:
            self._carry_out(turn, rules.RECEIVE_THERE_ANSWERS[yes], address)

    def _carry_out(self, turn: Turn, decision: Decision, address: str) -> None:
        self.carry_out_gated(turn, with_words(decision, address), **change_values(turn.order))


def _remember(text: str) -> EventType:
    """Keep what the customer asked for until their yes/no answer decides what to do with it."""
    return SlotSet("details", text)


class ChangeItemsTopic(ChangeTopic):
    name = "order_change_items"

    def change(self, turn: Turn) -> None:
        if shipped(turn.order):
            turn.say("utter_change_not_possible")
            return
        turn.events.append(_remember(turn.text))  # what the customer wants changed
        turn.say("utter_change_items_retention", "utter_ask_keep_order")
        turn.ask_yes_no("keep_items")

    def take_yes_no(self, turn: Turn, step: str, yes: bool) -> None:
        if yes:
            turn.say("utter_order_kept")
            return
        turn.ticket(CRM_EDIT, f"изменить состав заказа, пересчитать доставку: «{(turn.tracker.get_slot('details') or '')[:200]}»")
        turn.say("utter_change_recorded")


class ChangeDeliveryTopic(ChangeTopic):
    name = "order_change_delivery"

    def change(self, turn: Turn) -> None:
        if shipped(turn.order):
            turn.say("utter_change_not_possible")
            return
        turn.transfer("сменить способ доставки: пересчитать стоимость и сроки")


class CancelTopic(ChangeTopic):
    """«Отмена заказа, только после отработки возражений (1-2 круга)»: two rounds in the script's words
    (004: «Клиент хочет убрать что-то из заказа», then the «НЕ ПОНРАВИЛСЯ» offer), then rules.CANCEL."""

    name = "order_cancel"

    def change(self, turn: Turn) -> None:
        turn.say("utter_cancel_objection_first", "utter_ask_keep_order")
        turn.ask_yes_no("round_1")

    def take_yes_no(self, turn: Turn, step: str, yes: bool) -> None:
        if yes:
            turn.say("utter_order_kept")
        elif step == "round_1":
            turn.say("utter_cancel_objection_second")
            turn.ask_yes_no("round_2")
        else:
            turn.carry_out(rules.decide(rules.CANCEL, change_facts(turn.order)), **change_values(turn.order))


class JustOrderedTopic(Topic):
    """«Я же заказывал пару часов назад/сегодня!» (004, «При возмущении клиента»): rules.JUST_ORDERED."""

    name = "order_just_ordered"

    def answer(self, turn: Turn) -> None:
        if turn.order is None:
            turn.say("utter_no_orders")
            return
        turn.carry_out(rules.decide(rules.JUST_ORDERED, change_facts(turn.order)))


class NewOrderTopic(PlacesOrders, Topic):
    """The assistant takes no orders: an operator does, after the «Возвратник» / НЕ КОНТАКТИРОВАТЬ check."""

    name = "order_new"
    PLACE = Decision((TRANSFER,), Ticket(OPERATOR, "новый заказ / повтор заказа: оформляет оператор"), places_order=True)

    def answer(self, turn: Turn) -> None:
        self.carry_out_gated(turn, self.PLACE)

    def follow_up(self, turn: Turn, step: str, answer: str) -> None:
        self.answer_reasons(turn, answer)
