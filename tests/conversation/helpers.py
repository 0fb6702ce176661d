"""Shared steps of the conversation tests."""
from bot.local_stack import Customer

PO_BOX = "а/я 224 Московский АСЦ 145913"
TRANSFER = "соединю вас со специалистом"


def identify(customer: Customer, phone: str, full_name: str) -> None:
    """The customer gives their phone first and confirms the ФИО read back (after the greeting)."""
    assert customer.says_text(phone).endswith(f"{full_name}, верно?")
    assert "чем могу Вам помочь?" in customer.says_text("да")


def ticket_kinds(customer: Customer) -> list:
    return [t.kind for t in customer.tickets()]
