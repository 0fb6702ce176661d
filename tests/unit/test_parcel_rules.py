"""Every «Где посылка» case of the script: order facts → the phrases said and who must act."""
from dataclasses import replace

import pytest

from actions.decision import OPERATOR, SUPERVISOR, TRANSFER
from actions.parcel_rules import ParcelFacts, decide
from actions.pending_questions import ANSWERS
from actions.reorder_gate import Standing

BASE = ParcelFacts(status="Экспортирован", delivery="post", has_tracking=True, arrived=False, has_expected_date=True,
                   repeated_contact=False, cancel_reason=None, ordered_this_month=True, has_comment=False,
                   has_partner=False, partner_phone_known=False)

CASES = [
    # (changes to BASE, first phrase, ticket kind or None, open question or None)
    (dict(), "utter_parcel_exported_post", None, None),
    (dict(has_expected_date=False), "utter_parcel_exported_post_no_date", None, None),
    (dict(delivery="post_courier"), "utter_parcel_exported_post", None, None),
    (dict(has_tracking=False), "utter_parcel_exported_no_tracking", None, None),
    (dict(has_tracking=False, delivery="courier"), "utter_parcel_exported_no_tracking", None, None),
    (dict(has_tracking=False, delivery="pickup"), "utter_parcel_exported_no_tracking", None, None),
    (dict(arrived=True), "utter_parcel_arrived_post", None, None),
    (dict(arrived=True, delivery="post_courier"), "utter_parcel_arrived_post", None, None),
    (dict(delivery="courier"), "utter_parcel_exported_courier", None, None),
    (dict(delivery="courier", arrived=True), "utter_parcel_exported_courier", None, None),
    (dict(delivery="pickup"), "utter_parcel_exported_pickup", None, None),
    (dict(delivery="pickup", arrived=True), "utter_parcel_exported_pickup", None, None),
    (dict(status="Новый", has_tracking=False), "utter_parcel_not_sent", OPERATOR, None),
    (dict(status="Корзина", has_tracking=False), "utter_parcel_not_sent", OPERATOR, None),
    (dict(status="Отложен", has_comment=True), "utter_parcel_not_sent", OPERATOR, None),
    (dict(status="Отложен"), "utter_parcel_not_sent", OPERATOR, None),
    (dict(status="Буфер"), "utter_parcel_buffer_first_post", None, None),
    (dict(status="Буфер", delivery="courier"), "utter_parcel_buffer_first_courier", None, None),
    (dict(status="Буфер", delivery="pickup"), "utter_parcel_buffer_first_pickup", None, None),
    (dict(status="Буфер", repeated_contact=True), "utter_parcel_buffer_repeat_post", None, None),
    (dict(status="Буфер", repeated_contact=True, delivery="courier"), "utter_parcel_buffer_repeat_courier", None, None),
    (dict(status="Буфер", repeated_contact=True, delivery="pickup"), "utter_parcel_buffer_repeat_pickup", None, None),
    (dict(status="Аннулирован ФФ"), "utter_parcel_cancelled_ff_post", SUPERVISOR, None),
    (dict(status="Аннулирован ФФ", delivery="courier"), "utter_parcel_cancelled_ff_offer_post", None, "ff_post_offer"),
    (dict(status="Аннулирован ФФ", delivery="pickup"), "utter_parcel_cancelled_ff_offer_post", None, "ff_post_offer"),
    (dict(status="Аннулирован", cancel_reason="customer"), "utter_parcel_cancelled_by_customer", None,
     "confirm_cancelled_this_month"),
    (dict(status="Аннулирован", cancel_reason="customer", ordered_this_month=False),
     "utter_parcel_cancelled_by_customer", None, "confirm_cancelled_earlier"),
    (dict(status="Аннулирован", cancel_reason="other"), "utter_parcel_cancelled_other", None,
     "confirm_cancelled_this_month"),
    (dict(status="Аннулирован", cancel_reason=None, ordered_this_month=False), "utter_parcel_cancelled_other", None,
     "confirm_cancelled_earlier"),
    (dict(status="Ручная сверка"), "utter_parcel_processing", SUPERVISOR, None),
    # «ВАЖНО! Если есть комментарий для уточнения у клиента – запросить это. Номер заказа передать СВ.»: the
    # supervisor's ticket comes with the customer's answer (ParcelTopic.follow_up).
    (dict(status="Ручная сверка", has_comment=True), "utter_parcel_processing", None, None),
    (dict(status="Подтвержден", has_comment=True), "utter_parcel_processing", None, None),
    (dict(status="Проверка СВ", has_comment=True), "utter_parcel_processing", None, None),
    (dict(status="Подтвержден"), "utter_parcel_processing", SUPERVISOR, None),
    (dict(status="Проверка СВ"), "utter_parcel_processing", SUPERVISOR, None),
    (dict(status="Проверен"), "utter_parcel_checked", SUPERVISOR, None),
    (dict(status="Возврат"), "utter_parcel_returned", OPERATOR, None),
    # «Возврат» offers «оформить заново»: not to НЕ КОНТАКТИРОВАТЬ; a «Возвратник» is asked why first.
    (dict(status="Возврат", standing=Standing.DO_NOT_CONTACT), "utter_parcel_returned_back", None, None),
    (dict(status="Возврат", standing=Standing.RETURNER), "utter_parcel_returned_back", None, None),
    (dict(status="Выгружено", has_partner=True, partner_phone_known=True), "utter_partner_order", None, None),
    (dict(status="Выгружено", has_partner=True), "utter_partner_order_no_phone", OPERATOR, None),
    (dict(status="Выгружено"), TRANSFER, OPERATOR, None),
] + [
    (dict(status=s), TRANSFER, OPERATOR, None)
    for s in ("Закрытый регион", "Отменён", "Отменён через WebUtils", "Запрос на аннуляцию", "Обрыв связи",
              "Клиентский возврат", "Happy-Call", "Отказ Happy-Call")
]


@pytest.mark.parametrize("changes, phrase, ticket, question", CASES, ids=[str(c[0]) for c in CASES])
def test_each_case_of_the_script(changes, phrase, ticket, question):
    decision = decide(replace(BASE, **changes))
    assert decision.responses[0] == phrase
    assert (decision.ticket.kind if decision.ticket else None) == ticket
    assert decision.question == question


def test_operator_transfers_say_the_transfer_phrase_and_never_ask_anything_else():
    for changes, *_ in CASES:
        decision = decide(replace(BASE, **changes))
        if decision.ticket and decision.ticket.kind == OPERATOR:
            assert decision.responses[-1] == TRANSFER
            assert not decision.closes_topic


def test_deferred_comment_is_read_out():
    decision = decide(replace(BASE, status="Отложен", has_comment=True))
    assert "utter_parcel_deferred_reason" in decision.responses


def test_partner_orders_never_get_order_details():
    decision = decide(replace(BASE, status="Выгружено", has_partner=True, partner_phone_known=True))
    assert decision.responses == ("utter_partner_order",)


@pytest.mark.parametrize("question", ["ff_post_offer", "confirm_cancelled_this_month", "confirm_cancelled_earlier"])
def test_every_open_question_has_both_answers(question):
    yes, no = ANSWERS[question][True], ANSWERS[question][False]
    assert yes.ticket and yes.ticket.kind == OPERATOR and yes.responses == (TRANSFER,)
    assert no is not None and no.question is None


def test_every_phrase_the_table_names_exists_in_the_domain():
    import yaml
    from actions.parcel_rules import TABLE
    responses = yaml.safe_load(open("domain.yml", encoding="utf-8"))["responses"]
    named = {r for row in TABLE for r in row.then.responses}
    named |= {r for answers in ANSWERS.values() for d in answers.values() for r in d.responses}
    assert named - set(responses) == set()


@pytest.mark.parametrize("status", ["Ручная сверка", "Подтвержден", "Проверка СВ"])
def test_the_orders_comment_is_read_and_asked_about(status):
    decision = decide(replace(BASE, status=status, has_comment=True))
    assert decision.responses == ("utter_parcel_processing", "utter_parcel_order_comment")
    assert decision.asks == ("order_comment", "utter_ask_order_comment") and not decision.closes_topic


def test_returned_orders_by_standing():
    returned = replace(BASE, status="Возврат")
    assert decide(returned).places_order
    refused = decide(replace(returned, standing=Standing.DO_NOT_CONTACT))
    assert refused.responses == ("utter_parcel_returned_back", "utter_new_order_unavailable") and refused.ticket is None
    asked = decide(replace(returned, standing=Standing.RETURNER))
    assert asked.asks == ("why_returned", "utter_ask_why_not_bought_out") and asked.ticket is None


@pytest.mark.parametrize("comment, for_the_customer", [
    ("уточнить номер квартиры", "уточнить номер квартиры"), ("РС", ""), (" рс. ", ""), (None, ""), ("  ", "")])
def test_the_operators_rs_mark_is_not_a_comment_for_the_customer(comment, for_the_customer):
    from types import SimpleNamespace

    from actions.parcel import customer_comment
    assert customer_comment(SimpleNamespace(deferred_comment=comment)) == for_the_customer
