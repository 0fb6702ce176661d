"""What the desk shows of personal data: phones masked except the last four digits."""
from __future__ import annotations

from typing import Optional


def mask_phone(phone: Optional[str]) -> str:
    digits = [c for c in phone or "" if c.isdigit()]
    if len(digits) < 4:
        return "—"
    return "+7 ••• •••-" + "".join(digits[-4:-2]) + "-" + "".join(digits[-2:])
