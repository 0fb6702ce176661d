"""Import of a CRM export (order-store.schema.json): all or nothing."""
from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List

from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import delete
from sqlalchemy.orm import Session

from store.db import session_scope
from store.models import Contact, Customer, CustomerPhone, Order, OrderItem

SCHEMA_PATH = Path(__file__).with_name("order-store.schema.json")


class StoreImportError(ValueError):
    """The file is not importable; the message names the record and the field."""


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _where(path: List[Any], data: Dict[str, Any]) -> str:
    """«orders[3] (id 1234567), field status» from a jsonschema error path."""
    if not path:
        return "the file's top level"
    parts = [str(path[0])]
    record_id = None
    if len(path) > 1 and isinstance(path[1], int):
        parts[0] += f"[{path[1]}]"
        try:
            record_id = data[path[0]][path[1]].get("id")
        except (KeyError, IndexError, AttributeError, TypeError):
            record_id = None
    where = parts[0] + (f" (id {record_id})" if record_id else "")
    field = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in path[2:]).replace(".[", "[")
    return f"{where}, field {field}" if field else where


def validate(data: Any) -> None:
    """Raise StoreImportError with every problem found (schema first, then cross-record rules)."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"{_where(list(e.absolute_path), data if isinstance(data, dict) else {})}: {e.message}" for e in errors[:20]]
        more = f"\n… and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise StoreImportError("invalid order-store file:\n" + "\n".join(lines) + more)
    problems: List[str] = []
    seen_customers: set = set()
    for i, customer in enumerate(data["customers"]):
        if customer["id"] in seen_customers:
            problems.append(f"customers[{i}] (id {customer['id']}), field id: duplicate customer id")
        seen_customers.add(customer["id"])
    seen_orders: set = set()
    for i, order in enumerate(data["orders"]):
        if order["id"] in seen_orders:
            problems.append(f"orders[{i}] (id {order['id']}), field id: duplicate order id")
        seen_orders.add(order["id"])
        if order["customer_id"] not in seen_customers:
            problems.append(f"orders[{i}] (id {order['id']}), field customer_id: no customer {order['customer_id']!r}")
    if problems:
        raise StoreImportError("invalid order-store file:\n" + "\n".join(problems))


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _replace_contents(session: Session, data: Dict[str, Any]) -> None:
    for table in (OrderItem, Contact, Order, CustomerPhone, Customer):
        session.execute(delete(table))
    for c in data["customers"]:
        customer = Customer(
            id=c["id"], last_name=c["last_name"], first_name=c["first_name"], middle_name=c.get("middle_name"),
            city=c["city"], address=c.get("address"), do_not_contact=c.get("do_not_contact", False),
            bonus_card=c.get("bonus_card"),
        )
        customer.phones = [CustomerPhone(phone=p) for p in dict.fromkeys(c["phones"])]
        session.add(customer)
    session.flush()
    for o in data["orders"]:
        order = Order(
            id=o["id"], customer_id=o["customer_id"], created_at=_date(o["created_at"]), status=o["status"],
            delivery=o["delivery"], carrier=o.get("carrier"), tracking_number=o.get("tracking_number"),
            arrived_in_city=o.get("arrived_in_city", False), expected_delivery=_date(o.get("expected_delivery")),
            pickup_point=o.get("pickup_point"), partner=o.get("partner"), prepaid=o.get("prepaid", False),
            cancel_reason=o.get("cancel_reason"), deferred_comment=o.get("deferred_comment"),
            previous_contacts=o.get("previous_contacts", 0), bought_out_at=_date(o.get("bought_out_at")),
            return_sent_at=_date(o.get("return_sent_at")), total=o["total"],
        )
        order.items = [
            OrderItem(position=i, name=it["name"], qty=it["qty"], price=it["price"], gift=it.get("gift", False))
            for i, it in enumerate(o["items"])
        ]
        session.add(order)


def import_data(data: Any) -> Dict[str, int]:
    """Validate, then replace customers, orders and contacts in one transaction (tickets stay)."""
    validate(data)
    with session_scope() as session:
        _replace_contents(session, data)
    return {"customers": len(data["customers"]), "orders": len(data["orders"])}


def import_file(path: str | Path) -> Dict[str, int]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise StoreImportError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StoreImportError(f"{path} is not JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}") from exc
    return import_data(data)
