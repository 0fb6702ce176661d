"""What the assistant did not understand: the «не поняла» messages grouped by similarity (TF-IDF of character
n-grams, cosine), and the NLU examples supervisors proposed from them, exported for review (`make nlu-suggestions`)."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Sequence

import yaml
from sqlalchemy import select, update

from store import broker_events
from store.analytics_models import NluSuggestion
from store.clock import now
from store.db import session_scope

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "var" / "nlu-suggestions.yml"
SIMILAR = 0.35  # cosine of TF-IDF vectors above which two messages are one group (small typos and word order)


@dataclass
class Group:
    texts: List[str] = field(default_factory=list)
    conversations: List[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.texts[0]


def _union_find_groups(similarity, n: int) -> List[List[int]]:  # type: ignore[no-untyped-def]
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            if similarity[i, j] >= SIMILAR:
                parent[root(i)] = root(j)
    members: Dict[int, List[int]] = {}
    for i in range(n):
        members.setdefault(root(i), []).append(i)
    return sorted(members.values(), key=lambda m: (-len(m), m[0]))


def group_texts(texts: Sequence[str]) -> List[List[int]]:
    """Indices of `texts` grouped by similarity, the biggest group first."""
    if len(texts) < 2:
        return [[i] for i in range(len(texts))]
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True).fit_transform(texts)
    return _union_find_groups(cosine_similarity(vectors), len(texts))


def groups(since: dt.datetime | None = None) -> List[Group]:
    """The «не поняла» messages still without a proposed intent, grouped."""
    with session_scope() as s:
        proposed = set(s.execute(select(NluSuggestion.text)).scalars())
    messages = [(c, line) for c, line in broker_events.misunderstood_messages(since) if line.text not in proposed]
    result = []
    for indices in group_texts([line.text for _c, line in messages]):
        group = Group()
        for i in indices:
            conversation, line = messages[i]
            if line.text not in group.texts:
                group.texts.append(line.text)
            group.conversations.append(conversation)
        result.append(group)
    return result


def propose(texts: Sequence[str], intent: str, supervisor: str) -> int:
    """Record the supervisor's intent for these messages; nothing reaches data/nlu/ until a person moves it there."""
    with session_scope() as s:
        for text in dict.fromkeys(t.strip() for t in texts if t.strip()):
            s.add(NluSuggestion(intent=intent, text=text, supervisor=supervisor, created_at=now()))
    return len(texts)


def export(out: Path = DEFAULT_OUT) -> int:
    """Write every proposed example as Rasa NLU YAML for review; returns how many examples it holds."""
    with session_scope() as s:
        rows = list(s.execute(select(NluSuggestion).order_by(NluSuggestion.intent, NluSuggestion.id)).scalars())
        s.execute(update(NluSuggestion).where(NluSuggestion.exported_at.is_(None)).values(exported_at=now()))
    by_intent: Dict[str, List[str]] = {}
    for row in rows:
        by_intent.setdefault(row.intent, []).append(row.text)
    document = {"version": "3.1", "nlu": [{"intent": intent, "examples": "".join(f"- {t}\n" for t in texts)}
                                          for intent, texts in by_intent.items()]}
    out.parent.mkdir(parents=True, exist_ok=True)

    class _Literal(str):
        pass

    yaml.add_representer(_Literal, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|"))
    for item in document["nlu"]:
        item["examples"] = _Literal(item["examples"])
    header = ("# Messages the assistant did not understand, with the intent a supervisor chose in the desk.\n"
              "# For review: move the examples you agree with into data/nlu/<topic>.yml, then train and run the NLU floor.\n")
    out.write_text(header + yaml.dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return len(rows)


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store.misunderstood", description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"the YAML to write (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    n = export(args.out)
    print(f"{n} proposed example(s) written to {args.out} for review (nothing was added to data/nlu/).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
