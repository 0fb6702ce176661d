"""«ИЗМЕНЕНИЕ ЗАКАЗА», cancellation and new orders: the assistant states the script's decision and
files a ticket for the operator who edits the CRM; it never pretends to have edited the order itself."""
from __future__ import annotations

from typing import Optional

from rasa_sdk.events import EventType, SlotSet

from actions.topics import Topic, Turn
from store.models import Customer, Order
from store.vocabulary import COURIER, EXPORTED_STATUSES, POSTAL, UNTOUCHABLE_STATUSES, Status, TicketKind

CRM_EDIT = TicketKind.CRM_EDIT


def shipped(order: Order) -> bool:
    """Экспортирован with a ШПИ: the parcel is on its way and can no longer be edited in the CRM."""
    return order.status in EXPORTED_STATUSES and bool(order.tracking_number)


def is_returner(customer: Customer) -> bool:
    """«Возвратник»: the latest two or more orders all came back unclaimed."""
    latest = sorted(customer.orders, key=lambda o: o.created_at, reverse=True)[:2]
    return len(latest) == 2 and all(o.status == Status.RETURNED for o in latest)


def blocked_change(turn: Turn) -> bool:
    """Prepaid orders go to ОПП, untouchable ones are refused; True when the change stops here."""
    order = turn.order
    if order is None:
        turn.say("utter_no_orders")
        return True
    if order.prepaid:
        turn.ticket(TicketKind.OPP, f"заказ с полной предоплатой: клиент просит «{turn.text[:150]}»")
        turn.say("utter_prepaid_order_opp")
        return True
    if order.status in UNTOUCHABLE_STATUSES or order.partner:
        turn.say("utter_change_not_possible")
        return True
    return False


class ChangeTopic(Topic):
    def answer(self, turn: Turn) -> None:
        if not blocked_change(turn):
            self.change(turn)

    def change(self, turn: Turn) -> None:
        raise NotImplementedError


class ChangeNameTopic(ChangeTopic):
    name = "order_change_name"

    def change(self, turn: Turn) -> None:
        turn.ask("correct_name", "utter_ask_correct_name")

    def follow_up(self, turn: Turn, step: str, answer: str) -> None:
        order = turn.order
        turn.say("utter_change_name_post" if order.delivery in POSTAL else "utter_change_name_courier")
        # Shipped orders: «передаём СВ номер заказа и верное ФИО»; otherwise the operator edits the order.
        kind = TicketKind.SUPERVISOR if shipped(order) else CRM_EDIT
        turn.ticket(kind, f"исправить ФИО в заказе на «{answer[:120]}»")


class ChangeRecipientTopic(ChangeTopic):
    name = "order_change_recipient"

    def change(self, turn: Turn) -> None:
        turn.ask("recipient", "utter_ask_new_recipient")

    def follow_up(self, turn: Turn, step: str, answer: str) -> None:
        turn.ticket(TicketKind.SUPERVISOR, f"изменить ФИО получателя (только этот заказ) на «{answer[:120]}»")
        turn.say("utter_recipient_change_passed")


class ChangeAddressTopic(ChangeTopic):
    name = "order_change_address"

    def change(self, turn: Turn) -> None:
        turn.ask("address", "utter_ask_new_address")

    def follow_up(self, turn: Turn, step: str, answer: str) -> None:
        if shipped(turn.order):  # the decision depends on how far the new address is
            turn.events.append(_remember(answer))
            turn.say("utter_ask_address_same_city")
            turn.ask_yes_no("same_city")
            return
        turn.say("utter_change_fix_and_reissue")
        turn.ticket(CRM_EDIT, f"исправить адрес доставки на «{answer[:200]}»")

    def on_yes_no(self, turn: Turn, step: str, yes: bool) -> None:
        order = turn.order
        address = turn.tracker.get_slot("details") or "—"
        if not yes:
            turn.say("utter_change_fix_and_reissue")
            turn.ticket(CRM_EDIT, f"ошибка в адресе вплоть до населённого пункта, переоформить: «{address[:200]}»")
        elif order.delivery in COURIER:
            turn.say("utter_change_address_courier_minor")
            turn.ticket(CRM_EDIT, f"адрес в черте населённого пункта, сообщить курьерской службе: «{address[:200]}»")
        else:
            turn.say("utter_change_address_post_minor")
            turn.ticket(CRM_EDIT, f"адрес в черте населённого пункта: «{address[:200]}»")


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

    def on_yes_no(self, turn: Turn, step: str, yes: bool) -> None:
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
    """Cancellation only after one or two rounds of objection handling."""

    name = "order_cancel"

    def change(self, turn: Turn) -> None:
        turn.say("utter_cancel_objection_first", "utter_ask_keep_order")
        turn.ask_yes_no("round_1")

    def on_yes_no(self, turn: Turn, step: str, yes: bool) -> None:
        if yes:
            turn.say("utter_order_kept")
        elif step == "round_1":
            turn.say("utter_cancel_objection_second")
            turn.ask_yes_no("round_2")
        else:
            self.cancel(turn)

    def cancel(self, turn: Turn) -> None:
        order = turn.order
        if shipped(order) and order.arrived_in_city:
            turn.say("utter_cancel_call_post")
        elif shipped(order):
            turn.say("utter_cancel_refuse_at_post")
        else:
            turn.ticket(CRM_EDIT, "аннулировать заказ по просьбе клиента (возражения отработаны)")
            turn.say("utter_change_recorded")


class NewOrderTopic(Topic):
    """The assistant takes no orders: an operator does, except for «Возвратник» and НЕ КОНТАКТИРОВАТЬ."""

    name = "order_new"
    # Reasons the script names as not the customer's fault: the order may be placed again.
    NOT_CUSTOMERS_FAULT = ("адрес", "фио", "фамили", "имя", "больниц", "болел", "извещени", "уведомлени",
                           "не приходил", "не пришло", "потеряли", "ошибк", "командировк", "не знал")

    def answer(self, turn: Turn) -> None:
        customer: Optional[Customer] = turn.customer
        if customer is not None and customer.do_not_contact:
            turn.say("utter_new_order_unavailable")
        elif customer is not None and is_returner(customer):
            turn.ask("why_returned", "utter_ask_why_not_bought_out")
        else:
            turn.transfer("новый заказ / повтор заказа: оформляет оператор")

    def follow_up(self, turn: Turn, step: str, answer: str) -> None:
        if any(word in answer.lower() for word in self.NOT_CUSTOMERS_FAULT):
            turn.transfer(f"новый заказ, «возвратник»: возвраты не по вине клиента («{answer[:150]}»)")
        else:
            turn.say("utter_returner_refused")
