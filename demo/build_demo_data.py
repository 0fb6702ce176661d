"""Writes demo/orders.json: one demo customer per «Где посылка» case of the operator script.

Run `make demo-data` after changing the cases; the JSON is what `make run` imports.
Phones are +7 900 100-CC-NN (CC = case number), so a tester can type them in any notation.
Statuses and delivery methods are written as the CRM export spells them (a case reads like the CRM
screen it stands for); the build refuses any that `store.vocabulary` does not declare.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

from store.vocabulary import DELIVERIES, STATUSES

# (key, last, first, middle, city, order fields) — order fields override the defaults below.
CASES: List[tuple] = [
    ("exported_post", "Иванова", "Мария", "Петровна", "Тверь",
     dict(status="Экспортирован", delivery="post", carrier="Почта России", tracking_number="17012345678901", expected_delivery="2026-11-28")),
    ("exported_post_no_tracking", "Кузнецов", "Алексей", "Иванович", "Казань",
     dict(status="Экспортирован", delivery="post", carrier="Почта России")),
    ("exported_post_arrived", "Смирнова", "Ольга", "Николаевна", "Рязань",
     dict(status="Экспортирован", delivery="post", carrier="Почта России", tracking_number="17012345678918", arrived_in_city=True)),
    ("exported_courier", "Попов", "Сергей", "Викторович", "Москва",
     dict(status="Экспортирован", delivery="courier", carrier="СДЭК", tracking_number="1234567890")),
    ("exported_courier_no_tracking", "Васильева", "Наталья", "Сергеевна", "Самара",
     dict(status="Экспортирован", delivery="courier", carrier="Top Delivery")),
    ("exported_courier_arrived", "Петров", "Иван", "Сергеевич", "Новосибирск",
     dict(status="Экспортирован", delivery="courier", carrier="Dalli", tracking_number="DL5566778", arrived_in_city=True)),
    ("exported_pickup", "Соколова", "Анна", "Дмитриевна", "Екатеринбург",
     dict(status="Экспортирован", delivery="pickup", carrier="Boxberry", tracking_number="BX00123456",
          pickup_point="г. Екатеринбург, ул. Малышева, д. 5, пункт выдачи Boxberry")),
    ("exported_pickup_no_tracking", "Михайлов", "Дмитрий", "Александрович", "Пермь",
     dict(status="Экспортирован", delivery="pickup", carrier="5 Post", pickup_point="г. Пермь, ул. Ленина, д. 10, магазин «Пятёрочка»")),
    ("exported_pickup_arrived", "Новикова", "Татьяна", "Владимировна", "Уфа",
     dict(status="Экспортирован", delivery="pickup", carrier="Pick Point", tracking_number="PP7788990",
          arrived_in_city=True, pickup_point="г. Уфа, пр. Октября, д. 4, постамат PickPoint")),
    ("exported_post_courier", "Фёдоров", "Николай", "Петрович", "Воронеж",
     dict(status="Экспортирован", delivery="post_courier", carrier="Почта России", tracking_number="17012345678925", expected_delivery="2026-11-30")),
    ("exported_post_courier_no_tracking", "Морозова", "Елена", "Андреевна", "Омск",
     dict(status="Экспортирован", delivery="post_courier", carrier="Почта России")),
    ("exported_post_courier_arrived", "Волков", "Андрей", "Михайлович", "Тула",
     dict(status="Экспортирован", delivery="post_courier", carrier="Почта России", tracking_number="17012345678932", arrived_in_city=True)),
    ("new", "Алексеева", "Светлана", "Юрьевна", "Ярославль", dict(status="Новый", delivery="post")),
    ("cart", "Лебедев", "Виктор", "Олегович", "Курск", dict(status="Корзина", delivery="courier")),
    ("deferred", "Семёнова", "Галина", "Фёдоровна", "Липецк",
     dict(status="Отложен", delivery="post", deferred_comment="не указан номер дома в адресе доставки")),
    ("deferred_no_comment", "Егоров", "Павел", "Андреевич", "Пенза", dict(status="Отложен", delivery="pickup")),
    ("buffer_first_post", "Павлова", "Людмила", "Ивановна", "Калуга", dict(status="Буфер", delivery="post")),
    ("buffer_repeat_post", "Козлов", "Юрий", "Борисович", "Владимир", dict(status="Буфер", delivery="post", previous_contacts=1)),
    ("buffer_first_courier", "Степанова", "Ирина", "Алексеевна", "Москва", dict(status="Буфер", delivery="courier", carrier="СДЭК")),
    ("buffer_repeat_courier", "Николаев", "Олег", "Степанович", "Москва",
     dict(status="Буфер", delivery="courier", carrier="СДЭК", previous_contacts=2)),
    ("buffer_first_pickup", "Орлова", "Валентина", "Павловна", "Смоленск", dict(status="Буфер", delivery="pickup", carrier="Boxberry")),
    ("cancelled_ff_post", "Андреев", "Михаил", "Юрьевич", "Брянск", dict(status="Аннулирован ФФ", delivery="post")),
    ("cancelled_ff_courier", "Макарова", "Нина", "Васильевна", "Москва", dict(status="Аннулирован ФФ", delivery="courier", carrier="СДЭК")),
    ("cancelled_ff_pickup", "Никитин", "Григорий", "Львович", "Иваново", dict(status="Аннулирован ФФ", delivery="pickup", carrier="5 Post")),
    ("cancelled_by_customer_this_month", "Захарова", "Вера", "Геннадьевна", "Орёл",
     dict(status="Аннулирован", delivery="post", cancel_reason="customer", created_at="2026-11-05")),
    ("cancelled_by_customer_last_month", "Зайцев", "Владимир", "Ильич", "Кострома",
     dict(status="Аннулирован", delivery="post", cancel_reason="customer", created_at="2026-10-12")),
    ("cancelled_other", "Соловьёва", "Тамара", "Игоревна", "Псков", dict(status="Аннулирован", delivery="courier", cancel_reason="other")),
    ("manual_check", "Борисов", "Леонид", "Аркадьевич", "Вологда", dict(status="Ручная сверка", delivery="post")),
    ("confirmed", "Яковлева", "Зинаида", "Матвеевна", "Чебоксары", dict(status="Подтвержден", delivery="courier")),
    ("supervisor_check", "Григорьев", "Аркадий", "Семёнович", "Саратов",
     dict(status="Проверка СВ", delivery="post", deferred_comment="уточнить номер квартиры")),
    ("checked", "Романова", "Лариса", "Евгеньевна", "Тамбов", dict(status="Проверен", delivery="post")),
    ("returned", "Воробьёв", "Геннадий", "Николаевич", "Киров", dict(status="Возврат", delivery="post")),
    ("partner_mint", "Сергеева", "Полина", "Андреевна", "Белгород",
     dict(status="Выгружено", delivery="post", partner="Императорский монетный двор")),
    ("partner_exclusive", "Кириллов", "Эдуард", "Витальевич", "Мурманск",
     dict(status="Выгружено", delivery="post", partner="Эксклюзивная коллекция")),
    ("partner_charm", "Ильина", "Раиса", "Степановна", "Астрахань", dict(status="Выгружено", delivery="courier", partner="ШАРМ")),
    ("partner_omega", "Гусев", "Борис", "Тимофеевич", "Ставрополь", dict(status="Выгружено", delivery="post", partner="ОМЕГА")),
    ("partner_catalogue", "Титова", "Алла", "Романовна", "Барнаул", dict(status="Выгружено", delivery="post", partner="Каталог МойМир")),
    ("closed_region", "Кудрявцев", "Семён", "Ефимович", "Якутск", dict(status="Закрытый регион", delivery="post")),
    ("cancelled_unavailable", "Баранова", "Лидия", "Максимовна", "Томск", dict(status="Отменён", delivery="post")),
    ("cancelled_webutils", "Куликов", "Максим", "Олегович", "Кемерово", dict(status="Отменён через WebUtils", delivery="courier")),
    ("cancellation_requested", "Алексеев", "Артём", "Денисович", "Иркутск", dict(status="Запрос на аннуляцию", delivery="post", tracking_number="17012345678949")),
    ("connection_lost", "Сидорова", "Ксения", "Игоревна", "Хабаровск", dict(status="Обрыв связи", delivery="post")),
    ("customer_return", "Белова", "Евгения", "Петровна", "Сочи", dict(status="Клиентский возврат", delivery="post")),
    ("happy_call", "Комаров", "Роман", "Ильич", "Краснодар", dict(status="Happy-Call", delivery="courier")),
    ("happy_call_refused", "Медведева", "Оксана", "Львовна", "Ростов-на-Дону", dict(status="Отказ Happy-Call", delivery="post")),
]

ITEMS = [
    ("Массажёр для шеи «Релакс»", 2990.0), ("Сковорода-гриль с антипригарным покрытием", 1990.0),
    ("Тонометр автоматический", 3490.0), ("Ортопедическая подушка", 2490.0), ("Соковыжималка шнековая", 5990.0),
    ("Пояс из собачьей шерсти", 1490.0), ("Набор кастрюль «Хозяюшка»", 4490.0), ("Часы наручные «Командир»", 3990.0),
    ("Вертикальный пылесос", 6990.0), ("Лампа для чтения с лупой", 1290.0),
]
GIFT = ("Набор ножей (подарок)", 148.0)
GIFT_ITEM = (GIFT[0], GIFT[1], True)

# Customers for the rest of the script (returns, ОПП, автодозвон, bonus card, changes); phones
# +7 900 200-NN-01. Dates are relative to 2026-11-20, the date the tests pin with CLOCK_TODAY.
SCRIPT_CUSTOMERS: List[Dict[str, Any]] = [
    {"key": "received_recently", "customer": ("Ершова", "Дарья", "Олеговна", "Тверь"),
     "bonus_card": {"number": "7700123", "status": "ordered_not_received"},
     "orders": [dict(id="3000101", status="Экспортирован", delivery="post", carrier="Почта России",
                     tracking_number="17012345671001", bought_out_at="2026-11-15", created_at="2026-11-01",
                     items=[("Массажёр для шеи «Релакс»", 2990.0, False), GIFT_ITEM])]},
    {"key": "received_long_ago", "customer": ("Субботин", "Кирилл", "Андреевич", "Казань"),
     "bonus_card": {"number": "7700456", "status": "active", "consented": False},
     "orders": [dict(id="3000201", status="Экспортирован", delivery="courier", carrier="СДЭК",
                     tracking_number="1122334455", bought_out_at="2026-10-20", created_at="2026-10-10",
                     items=[("Соковыжималка шнековая", 5990.0, False)])]},
    {"key": "return_sent_10_days_ago", "customer": ("Жукова", "Алина", "Викторовна", "Самара"),
     "orders": [dict(id="3000301", status="Клиентский возврат", delivery="post", carrier="Почта России",
                     tracking_number="17012345671002", bought_out_at="2026-10-25", return_sent_at="2026-11-10",
                     created_at="2026-10-12", items=[("Тонометр автоматический", 3490.0, False)])]},
    {"key": "return_sent_36_days_ago", "customer": ("Осипов", "Глеб", "Романович", "Пермь"),
     "orders": [dict(id="3000401", status="Клиентский возврат", delivery="post", carrier="Почта России",
                     tracking_number="17012345671003", bought_out_at="2026-10-05", return_sent_at="2026-10-15",
                     created_at="2026-09-25", items=[("Ортопедическая подушка", 2490.0, False)])]},
    {"key": "return_date_unknown", "customer": ("Фролова", "Инна", "Сергеевна", "Уфа"),
     "orders": [dict(id="3000501", status="Клиентский возврат", delivery="post", carrier="Почта России",
                     tracking_number="17012345671004", bought_out_at="2026-10-01", created_at="2026-09-20",
                     items=[("Набор кастрюль «Хозяюшка»", 4490.0, False)])]},
    {"key": "returner", "customer": ("Мельников", "Тимур", "Олегович", "Омск"),
     "orders": [dict(id="3000601", status="Возврат", delivery="post", created_at="2026-10-01",
                     items=[("Часы наручные «Командир»", 3990.0, False)]),
                dict(id="3000602", status="Возврат", delivery="post", created_at="2026-08-15",
                     items=[("Пояс из собачьей шерсти", 1490.0, False)])]},
    {"key": "do_not_contact", "customer": ("Зуева", "Майя", "Ильинична", "Тула"), "do_not_contact": True,
     "orders": [dict(id="3000701", status="Аннулирован", delivery="post", cancel_reason="customer",
                     created_at="2026-09-01", items=[("Лампа для чтения с лупой", 1290.0, False)])]},
    {"key": "prepaid", "customer": ("Ковалёв", "Пётр", "Ильич", "Курск"),
     "orders": [dict(id="3000801", status="Буфер", delivery="courier", carrier="СДЭК", prepaid=True,
                     created_at="2026-11-12", items=[("Вертикальный пылесос", 6990.0, False)])]},
    {"key": "second_parcel_waiting", "customer": ("Лазарева", "Софья", "Михайловна", "Калуга"),
     "orders": [dict(id="3000901", status="Экспортирован", delivery="post", carrier="Почта России",
                     tracking_number="17012345671005", bought_out_at="2026-11-01", created_at="2026-10-15",
                     items=[("Сковорода-гриль с антипригарным покрытием", 1990.0, False)]),
                dict(id="3000902", status="Экспортирован", delivery="post", carrier="Почта России",
                     tracking_number="17012345671006", arrived_in_city=True, created_at="2026-11-05",
                     items=[("Набор кастрюль «Хозяюшка»", 4490.0, False)])]},
]

# Returns by delivery method and недовложение: customers CR12NN, orders 41200NN, phones +7 900 412-NN-01.
RETURN_CASE_CUSTOMERS: List[Dict[str, Any]] = [
    {"key": "courier_ordered_long_ago_no_buyout", "customer": ("Дьякова", "Ульяна", "Сергеевна", "Рязань"),
     "orders": [dict(id="4120001", status="Экспортирован", delivery="courier", carrier="СДЭК",
                     tracking_number="1122334466", created_at="2026-10-20",
                     items=[("Тонометр автоматический", 3490.0, False)])]},
    {"key": "received_two_items_and_gift", "customer": ("Голубев", "Матвей", "Ильич", "Тверь"),
     "orders": [dict(id="4120002", status="Экспортирован", delivery="post", carrier="Почта России",
                     tracking_number="17012345671201", bought_out_at="2026-11-17", created_at="2026-11-03",
                     items=[("Ортопедическая подушка", 2490.0, False), ("Лампа для чтения с лупой", 1290.0, False),
                            GIFT_ITEM])]},
]


# «Возвратник» and НЕ КОНТАКТИРОВАТЬ wherever an order would be placed again, and an order comment that is
# only the operators' «РС» mark; ids OS…, phones +7 900 512-NN-01, orders 512NN01.
ORDER_STATUS_CUSTOMERS: List[Dict[str, Any]] = [
    {"key": "returner_with_cancelled_order", "customer": ("Дорофеев", "Виталий", "Сергеевич", "Томск"),
     "orders": [dict(id="5120101", status="Аннулирован", delivery="post", cancel_reason="customer", created_at="2026-07-20",
                     items=[("Тонометр автоматический", 3490.0, False)]),
                dict(id="5120102", status="Возврат", delivery="post", created_at="2026-09-02",
                     items=[("Ортопедическая подушка", 2490.0, False)]),
                dict(id="5120103", status="Возврат", delivery="courier", created_at="2026-10-05",
                     items=[("Вертикальный пылесос", 6990.0, False)])]},
    {"key": "do_not_contact_returned", "customer": ("Ефремова", "Кира", "Андреевна", "Курган"), "do_not_contact": True,
     "orders": [dict(id="5120201", status="Возврат", delivery="post", created_at="2026-10-10",
                     items=[("Набор кастрюль «Хозяюшка»", 4490.0, False)])]},
    {"key": "manual_check_internal_mark", "customer": ("Журавлёв", "Остап", "Ильич", "Псков"),
     "orders": [dict(id="5120301", status="Ручная сверка", delivery="post", deferred_comment="РС", created_at="2026-11-16",
                     items=[("Лампа для чтения с лупой", 1290.0, False)])]},
]


def _order_status_customer(n: int, spec: Dict[str, Any]) -> tuple:
    customer, orders = _script_customer(n, spec)
    customer.update(id=f"OS{n:02d}", phones=[f"+7900512{n:02d}01"])
    for order in orders:
        order["customer_id"] = customer["id"]
    return customer, orders


def _script_customer(n: int, spec: Dict[str, Any]) -> tuple:
    last, first, middle, city = spec["customer"]
    cid = f"C{909 + n}"
    customer = {"id": cid, "last_name": last, "first_name": first, "middle_name": middle,
                "phones": [f"+7900200{n:02d}01"], "city": city, "address": f"г. {city}, ул. Лесная, д. {n}"}
    if spec.get("bonus_card"):
        customer["bonus_card"] = spec["bonus_card"]
    if spec.get("do_not_contact"):
        customer["do_not_contact"] = True
    orders = []
    for o in spec["orders"]:
        order = {k: v for k, v in o.items() if k != "items"}
        order["customer_id"] = cid
        order["items"] = [{"name": name, "qty": 1, "price": price, **({"gift": True} if gift else {})}
                          for name, price, gift in o["items"]]
        order["total"] = sum(i["price"] for i in order["items"])
        orders.append(order)
    return customer, orders


def _phone(case_no: int) -> str:
    return f"+7900100{case_no:02d}01"


def build() -> Dict[str, Any]:
    customers: List[Dict[str, Any]] = []
    orders: List[Dict[str, Any]] = []
    for n, (key, last, first, middle, city, fields) in enumerate(CASES, start=1):
        cid = f"C{n:03d}"
        customers.append({
            "id": cid, "last_name": last, "first_name": first, "middle_name": middle,
            "phones": [_phone(n)], "city": city, "address": f"г. {city}, ул. Садовая, д. {n}, кв. {n + 10}",
        })
        name, price = ITEMS[n % len(ITEMS)]
        order = {
            "id": f"{1000000 + n * 37:07d}", "customer_id": cid, "created_at": "2026-11-10", "delivery": "post",
            "items": [{"name": name, "qty": 1, "price": price}, {"name": GIFT[0], "qty": 1, "price": GIFT[1], "gift": True}],
            "total": price + GIFT[1],
        }
        order.update(fields)
        orders.append(order)

    # Several orders: the assistant must ask which one (and not pick one itself).

    customers.append({"id": "C900", "last_name": "Белоусова", "first_name": "Надежда", "middle_name": "Константиновна",
                      "phones": ["+79001009901", "+79161234567"], "city": "Москва", "address": "г. Москва, ул. Тверская, д. 1"})
    orders += [
        {"id": "2000101", "customer_id": "C900", "created_at": "2026-11-12", "status": "Экспортирован", "delivery": "post",
         "carrier": "Почта России", "tracking_number": "17012345670001", "expected_delivery": "2026-11-26",
         "items": [{"name": "Соковыжималка шнековая", "qty": 1, "price": 5990.0}], "total": 5990.0},
        {"id": "2000102", "customer_id": "C900", "created_at": "2026-11-15", "status": "Буфер", "delivery": "courier",
         "carrier": "СДЭК", "items": [{"name": "Ортопедическая подушка", "qty": 2, "price": 2490.0}], "total": 4980.0},
    ]
    # One active order and one already received: the active one is taken without asking.
    customers.append({"id": "C901", "last_name": "Тихонов", "first_name": "Лев", "middle_name": "Аркадьевич",
                      "phones": ["+79001009902"], "city": "Тверь", "address": "г. Тверь, ул. Советская, д. 3"})
    orders += [
        {"id": "2000201", "customer_id": "C901", "created_at": "2026-09-01", "status": "Экспортирован", "delivery": "post",
         "carrier": "Почта России", "tracking_number": "17012345670018", "bought_out_at": "2026-09-12",
         "items": [{"name": "Тонометр автоматический", "qty": 1, "price": 3490.0}], "total": 3490.0},
        {"id": "2000202", "customer_id": "C901", "created_at": "2026-11-14", "status": "Экспортирован", "delivery": "courier",
         "carrier": "СДЭК", "tracking_number": "1098765432",
         "items": [{"name": "Вертикальный пылесос", "qty": 1, "price": 6990.0}], "total": 6990.0},
    ]
    # A namesake of case 1 in another city: a ФИО search must ask the city to tell them apart.
    customers.append({"id": "C902", "last_name": "Иванова", "first_name": "Мария", "middle_name": "Петровна",
                      "phones": ["+79001009903"], "city": "Казань", "address": "г. Казань, ул. Баумана, д. 7"})
    orders.append({"id": "2000301", "customer_id": "C902", "created_at": "2026-11-11", "status": "Буфер", "delivery": "post",
                   "items": [{"name": "Лампа для чтения с лупой", "qty": 1, "price": 1290.0}], "total": 1290.0})
    for n, spec in enumerate(SCRIPT_CUSTOMERS, start=1):
        customer, its_orders = _script_customer(n, spec)
        customers.append(customer)
        orders += its_orders
    for n, spec in enumerate(ORDER_STATUS_CUSTOMERS, start=1):
        customer, its_orders = _order_status_customer(n, spec)
        customers.append(customer)
        orders += its_orders
    for n, spec in enumerate(RETURN_CASE_CUSTOMERS, start=1):
        customer, its_orders = _script_customer(n, spec)
        customer.update(id=f"CR12{n:02d}", phones=[f"+7900412{n:02d}01"])
        customers.append(customer)
        orders += [{**order, "customer_id": customer["id"]} for order in its_orders]
    _check_vocabulary(orders)
    return {"customers": customers, "orders": orders}


def _check_vocabulary(orders: List[Dict[str, Any]]) -> None:
    """A status or delivery method the vocabulary does not declare is a typo in the cases above."""
    for order in orders:
        if order["status"] not in STATUSES or order["delivery"] not in DELIVERIES:
            raise ValueError(f"order {order['id']}: status {order['status']!r} / delivery {order['delivery']!r} "
                             "is not in store/vocabulary.py")


def main() -> None:
    out = Path(__file__).with_name("orders.json")
    out.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
