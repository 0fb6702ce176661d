"""The topic catalogue: every topic the assistant answers, declared once as data.

A topic's entry says which intents it answers, whether it needs an identified customer and one of
their orders, how it behaves in a two-question message and after «оставим?», how the clarifying
question names it, where it sits in the Telegram menu and on the voice keypad, and, for a topic that
is only phrases of the script, the responses it says. Topics with real logic keep a class in
actions/ bound to their entry by name (actions/topics.py); phrase-only topics have no class.

Everything else reads this table or is tested against it: the clarification labels
(actions/discipline.py), the Telegram menu (bot/telegram/menu.py), the voice keypad (bot/voice/ivr.py),
the rules of data/rules/ and the domain (tests/unit/test_topic_catalogue.py). It imports nothing
but the standard library, so the channels can read it without Rasa.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

ANSWER_TOPIC = "action_answer_topic"
HAND_OVER = "action_hand_over"
RETURN_CHECKS = "return"  # received, and within the 14 days (actions/returns.py)


@dataclass(frozen=True)
class MenuEntry:
    """A topic's place in the Telegram menu: a button of its own, or a situation under a shared button."""

    button: str
    situation: Optional[str] = None  # the inline choice after a button that covers several topics


@dataclass(frozen=True)
class KeypadKey:
    """A topic's key in the voice keypad menu, and how the spoken menu (utter_voice_menu) names it."""

    key: str
    spoken: str


@dataclass(frozen=True)
class TopicEntry:
    """One topic of the script, as the assistant and the channels need to know it."""

    name: str
    label: Optional[str]  # the clarification buttons' caption; None keeps the topic out of them
    intents: Tuple[str, ...] = ()  # none given: the intent named like the topic
    needs_customer: bool = True
    needs_order: bool = True
    # Pure information (no ticket, no question): may be answered as the second question of a message.
    answers_in_passing: bool = False
    # Asked «оставим?», a customer who repeats the request («нет, отменяйте») is answering «нет».
    insisting_answers_no: bool = False
    says: Tuple[str, ...] = ()  # a phrase-only topic: these responses, in this order, and nothing else
    checks: str = ""  # a phrase-only topic: the checks before the phrases ("" none, RETURN_CHECKS)
    menu: Optional[MenuEntry] = None
    keypad: Optional[KeypadKey] = None
    action: str = ANSWER_TOPIC  # the action its intents' rules run

    def __post_init__(self) -> None:
        if not self.intents:
            object.__setattr__(self, "intents", (self.name,))

    @property
    def phrase_only(self) -> bool:
        return bool(self.says)


_RETURN = "Возврат"
_AUTODIAL = "Автодозвон"
_BONUS_CARD = "Бонусная карта"

# Order matters once: the Telegram menu shows its buttons in the order they first appear here.
CATALOGUE: Tuple[TopicEntry, ...] = (
    # «ГДЕ ПОСЫЛКА» and changes to an order (actions/parcel.py, actions/order_changes.py)
    TopicEntry("order_status", "Где мой заказ", menu=MenuEntry("Где посылка"), keypad=KeypadKey("1", "Где посылка")),
    TopicEntry("order_change_name", "Исправить ФИО в заказе"),
    TopicEntry("order_change_recipient", "Сменить получателя"),
    TopicEntry("order_change_address", "Изменить адрес доставки"),
    TopicEntry("order_change_items", "Изменить состав заказа", insisting_answers_no=True),
    TopicEntry("order_change_delivery", "Сменить способ доставки"),
    TopicEntry("order_cancel", "Отменить заказ", insisting_answers_no=True),
    TopicEntry("order_new", "Оформить новый заказ", needs_customer=False, needs_order=False),
    TopicEntry("order_just_ordered", "Я же заказывал(а) совсем недавно"),
    # «ВОЗВРАТ» (actions/returns.py)
    TopicEntry("return_defect", "Возврат: брак", menu=MenuEntry(_RETURN, "Товар с браком")),
    TopicEntry("return_dislike", "Возврат: не понравился товар", insisting_answers_no=True,
               menu=MenuEntry(_RETURN, "Не подошёл, не понравился")),
    TopicEntry("return_wrong_item", "Прислали не тот товар", menu=MenuEntry(_RETURN, "Пришёл не тот товар")),
    TopicEntry("return_incomplete", "Не хватает товара или подарка", menu=MenuEntry(_RETURN, "Чего-то не хватает")),
    TopicEntry("return_how", "Как вернуть товар", answers_in_passing=True,
               says=("utter_return_address", "utter_return_refund_rules"), checks=RETURN_CHECKS,
               menu=MenuEntry(_RETURN, "Как и куда вернуть"), keypad=KeypadKey("2", "Возврат товара")),
    TopicEntry("return_not_by_post", "Вернуть не через Почту России", answers_in_passing=True,
               says=("utter_return_only_by_post", "utter_return_address"), checks=RETURN_CHECKS),
    TopicEntry("return_other_person", "Возврат отправит другой человек", answers_in_passing=True,
               says=("utter_return_by_someone_else",), checks=RETURN_CHECKS),
    TopicEntry("return_keep_gift", "Вернуть товар, оставить подарок", answers_in_passing=True),
    TopicEntry("return_postage", "Кто платит за пересылку возврата", answers_in_passing=True,
               says=("utter_return_postage", "utter_return_refund_rules"), checks=RETURN_CHECKS),
    TopicEntry("authority_call", None, needs_customer=False, needs_order=False),
    # «ОПП / ГДЕ ДЕНЬГИ» (actions/refunds.py)
    TopicEntry("refund_status", "Где деньги за возврат", menu=MenuEntry("Деньги за возврат"),
               keypad=KeypadKey("3", "Деньги за возврат")),
    # «АВТОДОЗВОН» (actions/autodial.py)
    TopicEntry("autodial_already_received", "Робот звонит, а посылка получена", needs_order=False,
               menu=MenuEntry(_AUTODIAL, "Заказ уже получен")),
    TopicEntry("autodial_refused", "Робот звонит после отказа", needs_order=False, says=("utter_autodial_refused",),
               menu=MenuEntry(_AUTODIAL, "Я отказался(-ась) от заказа")),
    TopicEntry("autodial_not_ordered", "Звонят, а я не заказывал(а)", needs_customer=False, needs_order=False,
               menu=MenuEntry(_AUTODIAL, "Я ничего не заказывал(а)")),
    TopicEntry("autodial_who_called", "Кто мне звонил", needs_order=False, menu=MenuEntry(_AUTODIAL, "Кто мне звонил?"),
               keypad=KeypadKey("4", "Звонок автоинформатора")),
    TopicEntry("autodial_stop", "Отключить звонки и смс", needs_order=False,
               menu=MenuEntry(_AUTODIAL, "Не звоните мне больше")),
    # «ВОПРОСЫ ПО БОНУСНОЙ КАРТЕ» (actions/bonus_card.py)
    TopicEntry("bonus_card_not_received", "Бонусная карта не пришла", needs_order=False,
               menu=MenuEntry(_BONUS_CARD, "Карта не пришла"), keypad=KeypadKey("5", "Бонусная карта")),
    TopicEntry("bonus_card_not_consented", "Карта без моего согласия", needs_order=False, insisting_answers_no=True,
               menu=MenuEntry(_BONUS_CARD, "Не оформлял(а) карту")),
    # «СПРАВКА» and «СПИСОК НОМЕРОВ» (actions/info.py): no identification needed
    TopicEntry("info_pim", "Номер клиента для почты (ПИМ)", needs_customer=False, needs_order=False,
               answers_in_passing=True, says=("utter_info_pim",)),
    TopicEntry("info_gift_price", "Цена подарка в накладной", needs_customer=False, needs_order=False,
               answers_in_passing=True, says=("utter_info_gift_price",)),
    TopicEntry("info_callback_number", "Звонок с номера 8 499 350-43-27", needs_customer=False, needs_order=False,
               answers_in_passing=True, says=("utter_info_callback_number",)),
    TopicEntry("info_coupon", "Купон или новая акция", needs_customer=False, needs_order=False),
    TopicEntry("info_location", "Где вы находитесь", needs_customer=False, needs_order=False,
               answers_in_passing=True, says=("utter_info_location",)),
    TopicEntry("info_carrier_phone", "Телефон службы доставки", needs_customer=False, needs_order=False,
               answers_in_passing=True),
    TopicEntry("info_partner_order", "Заказ у партнёра", needs_customer=False, needs_order=False,
               answers_in_passing=True),
    # A human, at any point (actions/conversation.py hands over; the rules are in data/rules/handover.yml)
    TopicEntry("operator_request", "Соединить с оператором", needs_customer=False, needs_order=False,
               menu=MenuEntry("Оператор"), keypad=KeypadKey("0", "Соединить с оператором"), action=HAND_OVER),
    # The customer gives their data without a question (actions/topics.py)
    TopicEntry("identify", None, intents=("inform",), needs_order=False),
)

BY_NAME: Dict[str, TopicEntry] = {entry.name: entry for entry in CATALOGUE}


def answered_topics() -> List[TopicEntry]:
    """The topics action_answer_topic answers (all but the hand-over)."""
    return [entry for entry in CATALOGUE if entry.action == ANSWER_TOPIC]


def clarification_labels() -> Dict[str, str]:
    """intent → how the clarifying question names its topic."""
    return {intent: entry.label for entry in CATALOGUE if entry.label for intent in entry.intents}


def keypad() -> Dict[str, str]:
    """key → the intent the voice keypad menu sends for it."""
    return {entry.keypad.key: entry.intents[0] for entry in CATALOGUE if entry.keypad}


def menu_buttons() -> Dict[str, List[Tuple[Optional[str], str]]]:
    """Telegram menu button → its (situation caption, intent) pairs, buttons in catalogue order; a button
    of one topic has the single pair (None, intent)."""
    buttons: Dict[str, List[Tuple[Optional[str], str]]] = {}
    for entry in CATALOGUE:
        if entry.menu:
            buttons.setdefault(entry.menu.button, []).append((entry.menu.situation, entry.intents[0]))
    return buttons
