"""The CRM vocabulary against the import schema, the «Где посылка» decision table and the code that uses it."""
from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest

from actions.decision import Row
from actions.parcel_rules import TABLE
from actions.pending_questions import ANSWERS
from store.vocabulary import (CLOSED_STATUSES, DELIVERIES, EXPORTED_STATUSES, LIVE_TRANSFER_KINDS, RETURN_STATUSES,
                              STATUSES, TICKET_KINDS, UNTOUCHABLE_STATUSES, Delivery, DeliveryGroup, Status,
                              TicketKind, deliveries_in)

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "store" / "order-store.schema.json").read_text(encoding="utf-8"))
ORDER_FIELDS = SCHEMA["properties"]["orders"]["items"]["properties"]


def test_statuses_are_exactly_the_schemas():
    schema_statuses = ORDER_FIELDS["status"]["enum"]
    assert sorted(s.value for s in Status) == sorted(schema_statuses)
    assert len(set(schema_statuses)) == len(schema_statuses)


def test_every_status_has_its_row_of_traits():
    assert set(STATUSES) == set(Status)


def test_delivery_methods_are_exactly_the_schemas():
    assert sorted(d.value for d in Delivery) == sorted(ORDER_FIELDS["delivery"]["enum"])
    assert set(DELIVERIES) == set(Delivery)


def test_every_delivery_method_is_in_one_group_and_every_group_has_one():
    groups = [deliveries_in(g) for g in DeliveryGroup]
    assert all(groups)
    assert sorted(d for g in groups for d in g) == sorted(Delivery)


def test_the_traits_say_what_the_script_says():
    """«СТАТУСЫ В CRM»: which orders are over, which are «НЕ ТРОГАЕМ», which came back, which left the warehouse."""
    assert CLOSED_STATUSES == {"Аннулирован", "Возврат", "Клиентский возврат", "Отменён", "Отменён через WebUtils",
                               "Отказ Happy-Call"}
    assert UNTOUCHABLE_STATUSES == {"Запрос на аннуляцию", "Обрыв связи", "Отменён через WebUtils", "Отменён",
                                    "Выгружено", "Клиентский возврат", "Возврат"}
    assert RETURN_STATUSES == {"Клиентский возврат", "Возврат"}
    assert EXPORTED_STATUSES == {"Экспортирован"}
    assert {d: t.group for d, t in DELIVERIES.items()} == {
        "post": "postal", "post_courier": "postal", "courier": "courier", "pickup": "pickup"}


def test_values_read_as_the_plain_strings_the_crm_and_the_channels_use():
    assert str(Status.EXPORTED) == f"{Status.EXPORTED}" == "Экспортирован"
    assert json.dumps({"kind": TicketKind.OPERATOR}) == '{"kind": "operator"}'
    assert "Экспортирован" in EXPORTED_STATUSES and Status.RETURNED in {"Возврат"}


# The «Где посылка» decision table.

def _named(row: Row, fact: str) -> frozenset:
    wanted = row.when.get(fact)
    if wanted is None:
        return frozenset()
    return wanted if isinstance(wanted, frozenset) else frozenset({wanted})


def test_every_status_is_named_by_a_row_of_the_parcel_table():
    named = {s for row in TABLE for s in _named(row, "status")}
    assert set(Status) - named == set()


def test_the_parcel_table_ends_with_a_catch_all_row():
    assert TABLE[-1].when == {}


def test_every_status_and_delivery_a_row_names_is_in_the_vocabulary():
    for row in TABLE:
        assert _named(row, "status") <= set(STATUSES), row.when
        assert _named(row, "delivery") <= set(DELIVERIES), row.when


# Ticket kinds.

def test_every_ticket_kind_has_its_meaning():
    assert set(TICKET_KINDS) == set(TicketKind)
    assert all(t.meaning for t in TICKET_KINDS.values())
    assert LIVE_TRANSFER_KINDS == {TicketKind.OPERATOR}


def test_every_ticket_of_the_decision_tables_is_of_a_declared_kind():
    decisions = [row.then for row in TABLE] + [d for answers in ANSWERS.values() for d in answers.values()]
    kinds = {d.ticket.kind for d in decisions if d.ticket}
    assert kinds and kinds <= set(TicketKind)


# Calls that open a ticket, and where their kind is: (function name, position of the kind argument).
TICKET_CALLS = {"ticket": 0, "Ticket": 0, "create_ticket": 0, "open_ticket": 2, "TransferContext": 1}
SOURCES = ["actions", "bot", "store", "demo"]  # where tickets are opened and carried to the channels


def _python_files() -> Iterator[Path]:
    for folder in SOURCES:
        yield from (p for p in (ROOT / folder).rglob("*.py") if p.name != "vocabulary.py")


def _call_name(node: ast.Call) -> str:
    return node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")


def _kind_arguments() -> Iterator[Tuple[str, ast.expr]]:
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or _call_name(node) not in TICKET_CALLS:
                continue
            position = TICKET_CALLS[_call_name(node)]
            args = node.args[position:position + 1] + [k.value for k in node.keywords if k.arg == "kind"]
            yield from ((f"{path.relative_to(ROOT)}:{node.lineno}", a) for a in args)


def test_code_names_ticket_kinds_from_the_vocabulary_never_as_bare_strings():
    found = list(_kind_arguments())
    assert len(found) > 10  # the scan sees the ticket calls
    bare = [where for where, arg in found if isinstance(arg, ast.Constant)]
    undeclared = [where for where, arg in found if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name)
                  and arg.value.id == "TicketKind" and arg.attr not in TicketKind.__members__]
    assert (bare, undeclared) == ([], [])


def _where_statuses_are_written(tree: ast.AST) -> Iterator[ast.expr]:
    """Expressions where a status or delivery method would be: comparisons, `status=`/`delivery=`, sets, dict keys."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for side in (node.left, *node.comparators):
                yield from (side.elts if isinstance(side, (ast.Set, ast.Tuple, ast.List)) else [side])
        elif isinstance(node, ast.keyword) and node.arg in ("status", "delivery"):
            yield node.value
        elif isinstance(node, ast.Set):
            yield from node.elts
        elif isinstance(node, ast.Dict):
            yield from (k for k in node.keys if k is not None)


def test_actions_never_write_a_status_or_delivery_method_as_a_bare_string():
    values = {s.value for s in Status} | {d.value for d in Delivery}
    bare: List[str] = []
    for path in (ROOT / "actions").rglob("*.py"):
        for node in _where_statuses_are_written(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in values:
                bare.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
    assert bare == []


# Demo data.

def test_demo_data_has_an_order_in_every_status_and_delivery_method():
    from demo.build_demo_data import build

    orders = build()["orders"]
    assert {o["status"] for o in orders} == set(Status)
    assert {o["delivery"] for o in orders} == set(Delivery)


def test_demo_data_refuses_a_status_the_vocabulary_does_not_declare():
    from demo.build_demo_data import _check_vocabulary

    with pytest.raises(ValueError, match="1000111"):
        _check_vocabulary([{"id": "1000111", "status": "Доставлен", "delivery": "post"}])
