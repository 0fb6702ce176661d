"""Order store: import all-or-nothing, look-ups, contacts and tickets, on a throw-away SQLite file."""
import copy
import json
from pathlib import Path

import pytest

from store import queries
from store.clock import today
from store.importer import StoreImportError, import_data, import_file

DEMO = json.loads((Path(__file__).resolve().parents[2] / "demo" / "orders.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("ORDER_STORE_URL", f"sqlite:///{tmp_path / 'store.db'}")
    import_data(copy.deepcopy(DEMO))


def test_demo_data_imports_and_customers_are_found_by_phone():
    customers = queries.customers_by_phone("+79001000101")
    assert [c.full_name for c in customers] == ["Иванова Мария Петровна"]
    assert customers[0].first_and_middle == "Мария Петровна"
    assert customers[0].orders[0].status == "Экспортирован"


def test_a_phone_shared_by_nobody_finds_nobody():
    assert queries.customers_by_phone("+79999999999") == []


@pytest.mark.parametrize("mutate, where", [
    (lambda d: d["orders"][2].update(status="Доставлен"), "orders[2] (id 1000111), field status"),
    (lambda d: d["customers"][1]["phones"].__setitem__(0, "8 916 123"), "customers[1] (id C002), field phones[0]"),
    (lambda d: d["orders"][0].update(created_at="2026-13-45"), "orders[0] (id 1000037), field created_at"),
    (lambda d: d["orders"][0]["items"][0].pop("price"), "orders[0] (id 1000037), field items[0]"),
    (lambda d: d["orders"][3].update(customer_id="NOPE"), "orders[3] (id 1000148), field customer_id"),
    (lambda d: d["customers"].append(dict(d["customers"][0])), f"customers[{len(DEMO['customers'])}] (id C001), field id"),
    (lambda d: d.update(extra=1), "the file's top level"),
])
def test_an_invalid_file_names_record_and_field_and_imports_nothing(mutate, where):
    bad = copy.deepcopy(DEMO)
    mutate(bad)
    bad["customers"][0]["last_name"] = "Изменённая"
    with pytest.raises(StoreImportError) as err:
        import_data(bad)
    assert where in str(err.value)
    assert queries.customers_by_phone("+79001000101")[0].last_name == "Иванова"  # old contents survive


def test_unreadable_and_non_json_files_are_rejected_clearly(tmp_path):
    with pytest.raises(StoreImportError, match="cannot read"):
        import_file(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"customers": [', encoding="utf-8")
    with pytest.raises(StoreImportError, match="not JSON: line 1"):
        import_file(broken)


def test_reimport_replaces_contents():
    small = {"customers": [DEMO["customers"][0]], "orders": [DEMO["orders"][0]]}
    assert import_data(copy.deepcopy(small)) == {"customers": 1, "orders": 1}
    assert len(queries.all_customers()) == 1
    assert queries.customers_by_phone("+79001000201") == []


def test_contacts_make_a_second_conversation_a_repeated_one():
    order = queries.customers_by_phone("+79001001701")[0].orders[0]  # Буфер, first contact
    assert queries.earlier_contacts(order, "conv-1") == 0
    queries.record_contact(order.id, "conv-1", "order_status")
    assert queries.earlier_contacts(order, "conv-1") == 0
    assert queries.earlier_contacts(order, "conv-2") == 1


def test_crm_contact_count_counts_as_earlier_contacts():
    order = queries.customers_by_phone("+79001001801")[0].orders[0]  # Буфер, previous_contacts=1
    assert queries.earlier_contacts(order, "any") == 1


def test_tickets_are_stored_with_their_context():
    ticket_id = queries.create_ticket("supervisor", "Проверен", "conv-9", "C031", "1001147", "summary")
    [ticket] = queries.tickets("conv-9")
    assert (ticket.id, ticket.kind, ticket.customer_id, ticket.order_id) == (ticket_id, "supervisor", "C031", "1001147")


def test_clock_today_pins_the_date(monkeypatch):
    monkeypatch.setenv("CLOCK_TODAY", "2026-02-28")
    assert today().isoformat() == "2026-02-28"
