"""The second labelling covers the collected set as it is, and the agreement figures score it as the model is
scored (bench.label_agreement)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench.heldout_sets import Example, normalised, public_examples
from bench.label_agreement import Labelled, SecondLabel, agreement, labelled_examples, load_second_labels

DOMAIN = Path(__file__).resolve().parents[2] / "domain.yml"


def test_every_collected_message_has_one_second_label_and_every_second_label_a_message() -> None:
    second = load_second_labels()
    collected = {normalised(e.text) for e in public_examples()}
    assert sorted(collected - set(second)) == [], "a new collection needs its second labelling (bench.label_agreement)"
    assert sorted(set(second) - collected) == [], "second labels of texts no longer in the collected set"
    intents = set(yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["intents"])
    assert {label.intent for label in second.values()} <= intents
    rows, total = labelled_examples(second)
    assert len(rows) == total == len(public_examples())


def _rows(*pairs: tuple) -> list:
    return [Labelled("public-first", Example(f"сообщение {i}", first, "src"), SecondLabel(second, True))
            for i, (first, second) in enumerate(pairs)]


def test_identical_labels_agree_fully() -> None:
    figures = agreement(_rows(("order_status", "order_status"), ("greet", "greet"), ("out_of_scope", "out_of_scope")))
    assert figures["in_domain_macro_f1"] == 1.0 and figures["agreement"] == 1.0 and figures["kappa"] == 1.0
    assert figures["out_of_domain_acted_on_as_topic"] == 0.0


def test_a_disagreement_on_a_rare_intent_costs_macro_f1_and_an_off_topic_message_given_a_topic_is_acted_on() -> None:
    figures = agreement(_rows(("order_status", "order_status"), ("order_status", "order_status"),
                              ("order_just_ordered", "order_status"), ("out_of_scope", "out_of_scope"),
                              ("out_of_scope", "refund_status")))
    # order_status: P 2/3, R 1 → F1 0.8; order_just_ordered: F1 0 → macro 0.4 (refund_status is no collector label)
    assert figures["in_domain_macro_f1"] == pytest.approx(0.4)
    assert figures["out_of_domain_acted_on_as_topic"] == 0.5
    assert figures["agreement"] == pytest.approx(0.6)
    assert 0 < figures["kappa"] < 1


def test_a_malformed_line_is_reported_with_its_line_number(tmp_path: Path) -> None:
    path = tmp_path / "second_labels.tsv"
    path.write_text("# comment\nгде мой заказ\torder_status\t1\nотмените\torder_cancel\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"second_labels.tsv:3"):
        load_second_labels(path)
