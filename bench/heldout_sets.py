"""The held-out NLU sets by name (never used for training), their examples, and the normalisation that
decides whether a held-out text is also a training text."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List, NamedTuple, Tuple

import yaml

HELD_OUT = Path(__file__).resolve().parents[1] / "tests" / "nlu"  # the sets are test data; this is the code reading them
PROJECT_SET = HELD_OUT / "heldout.yml"
PUBLIC_SET = HELD_OUT / "heldout_public.yml"  # the first collection; later ones are heldout_public_<topic>.yml
_PUNCTUATION = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACES = re.compile(r"\s+")
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")  # [8 916 …](phone) → 8 916 …


class Example(NamedTuple):
    text: str
    intent: str
    source: str


def normalised(text: str) -> str:
    """Case, «ё», punctuation and spacing do not make two messages different."""
    text = text.lower().replace("ё", "е")
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


def _rasa_examples(path: Path) -> List[Example]:
    """Examples of a Rasa NLU YAML file (``- intent: …`` with an ``examples: |`` block)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found = []
    for block in data.get("nlu") or []:
        if "intent" not in block:
            continue
        for line in str(block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                found.append(Example(_ANNOTATION.sub(r"\1", line[2:].strip()), block["intent"], path.name))
    return found


FRESH_PART = "public-fresh"  # the one part never tuned on; every other part's misreads may be looked at
FIRST_PART, LATER_PART = "public-first", "public-later"  # heldout_public.yml; heldout_public_<topic>.yml
# Later rounds of collection by file-name prefix, each reported as its own part of the collected set (name, label).
ROUND_PARTS = (
    ("heldout_public_r3_", "public-third", "third-round collection"),  # fresh for the fourth round of training data
    ("heldout_public_r4_", "public-fourth", "fourth-round collection"),  # fresh for the fifth to seventh rounds
    ("heldout_public_r5_", "public-fifth", "fifth-round collection"),  # fresh for the eighth and ninth rounds
    ("heldout_public_r6_", "public-sixth", "sixth-round collection"),  # fresh for the tenth and eleventh rounds
    ("heldout_public_r7_", FRESH_PART, "seventh-round collection"),  # gathered after the eleventh round, never tuned on
)


def collected_parts() -> List[Tuple[str, str]]:
    """Every part of the collected set in the order it was gathered, with its label in reports."""
    parts = [(FIRST_PART, "first collection"), (LATER_PART, "second-round collections")]
    parts += [(part, label) for _, part, label in ROUND_PARTS]
    return [(part, f"{label} (never tuned on)" if part == FRESH_PART else label) for part, label in parts]


def collected_files() -> List[Path]:
    """Every file of the collected set: the first collection and the ones gathered after it."""
    return [PUBLIC_SET] + sorted(HELD_OUT.glob("heldout_public_*.yml"))


def collected_part(path: Path) -> str:
    """Which part of the collected set a file is: "public-first", the first collection (training data was
    improved looking at its misreads); "public-later", the second round (gathered while the first was tuned
    on, later looked at too); "public-third" to "public-sixth", the third to sixth rounds (each the fresh test of
    later rounds of training data, looked at since); "public-fresh", the seventh round
    (gathered after, measured once per step of training data, its misreads never used to write any)."""
    if path == PUBLIC_SET:
        return FIRST_PART
    return next((part for prefix, part, _ in ROUND_PARTS if path.name.startswith(prefix)), LATER_PART)


def public_examples() -> List[Example]:
    return [e for path in collected_files() for e in collected_examples(path)]


def collected_examples(path: Path) -> List[Example]:
    """One collected file: each example is ``[intent, source key, text]``; every key must be in ``sources``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sources: Dict[str, str] = data["sources"]
    found = []
    for intent, source, text in data["examples"]:
        if source not in sources:
            raise ValueError(f"{path.name}: «{text}» names an unknown source {source!r}")
        found.append(Example(str(text), intent, source))
    return found


def project_examples(path: Path = PROJECT_SET) -> List[Example]:
    return _rasa_examples(path)


def training_examples(data_dir: Path = HELD_OUT.parents[1] / "data" / "nlu") -> List[Example]:
    return [e for path in sorted(data_dir.glob("*.yml")) for e in _rasa_examples(path)]

