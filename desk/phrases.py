"""The script's standard phrases as the operator sends them with one click: read from the domain's responses
(never copied here), with the customer's ИО filled in."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

# (key, button title, response in domain.yml). A response the domain does not have yet is not offered.
STANDARD = (
    ("hold", "Hold", "utter_hold"),
    ("hold_extend", "Продлить Hold", "utter_hold_extend"),
    ("hold_back", "Возврат с Hold", "utter_hold_back"),
    ("apology", "Извинение", "utter_apology"),
    ("passed", "Передано в отдел", "utter_passed_to_supervisor"),
)
ANYTHING_ELSE = "utter_anything_else"


@dataclass(frozen=True)
class Phrase:
    key: str
    title: str
    response: str


class Phrasebook:
    def __init__(self, domain_file: Path) -> None:
        domain = yaml.safe_load(domain_file.read_text(encoding="utf-8"))
        self.responses: Dict[str, List[Dict[str, Any]]] = domain.get("responses", {})

    def standard(self) -> List[Phrase]:
        return [Phrase(*row) for row in STANDARD if row[2] in self.responses]

    def response_for(self, key: str) -> str:
        return next(row[2] for row in STANDARD if row[0] == key)

    def render(self, response: str, customer_io: Optional[str]) -> str:
        """The text variant: the «identified» one with the ИО when it is known, else the plain one."""
        variants = [v for v in self.responses[response] if "text" in v and "channel" not in v]
        chosen = None
        if customer_io:
            chosen = next((v for v in variants if "{customer_io}" in v["text"]), None)
        chosen = chosen or next((v for v in variants if "{" not in v["text"]), variants[-1])
        return chosen["text"].replace("{customer_io}", customer_io or "").strip()
