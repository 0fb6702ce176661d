"""The collected held-out set stays out of training, names real intents and sources; the speech-style
transform behaves as its docstring says."""
from __future__ import annotations

from pathlib import Path

import yaml

from bench.heldout_sets import (HELD_OUT, PUBLIC_SET, collected_files, collected_part, collected_parts, normalised,
                                public_examples, training_examples)
from bench.speech_style import speech_style
from bot.russian.marketplaces import OTHER_MARKETPLACE

DOMAIN = Path(__file__).resolve().parents[2] / "domain.yml"


def test_no_collected_held_out_text_is_a_training_text() -> None:
    training = {normalised(e.text) for e in training_examples()}
    leaked = [e.text for e in public_examples() if normalised(e.text) in training]
    assert leaked == [], f"held-out texts also in data/nlu/: {leaked}"


def test_another_marketplaces_orders_are_out_of_scope_in_the_collected_set_as_in_training() -> None:
    mislabelled = [e.text for e in public_examples() if OTHER_MARKETPLACE.search(e.text) and e.intent != "out_of_scope"]
    assert mislabelled == []
    trained = [e for e in training_examples() if OTHER_MARKETPLACE.search(e.text)]
    assert trained and all(e.intent == "out_of_scope" for e in trained), [e for e in trained if e.intent != "out_of_scope"]


def test_normalisation_ignores_case_yo_and_punctuation() -> None:
    assert normalised("Ещё раз: ГДЁ посылка?!") == normalised("еще раз где посылка") == "еще раз где посылка"


def test_every_collected_example_has_a_domain_intent_and_no_duplicate() -> None:
    intents = set(yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["intents"])
    examples = public_examples()
    assert {e.intent for e in examples} <= intents
    texts = [normalised(e.text) for e in examples]
    assert len(texts) == len(set(texts))


def test_speech_style_reads_a_phone_in_words_without_punctuation() -> None:
    assert speech_style("Мой номер: 89161234567.") == (
        "мой номер восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь")


def test_speech_style_says_small_numbers_and_keeps_group_zeros() -> None:
    assert speech_style("3 дня") == "три дня"
    assert speech_style("заказ 2000555").endswith("двести ноль пять пятьдесят пять")


def test_speech_style_is_deterministic_and_changes_some_words() -> None:
    texts = [e.text for e in public_examples()]
    spoken = [speech_style(t) for t in texts]
    assert spoken == [speech_style(t) for t in texts]
    plain = [normalised(t) for t in texts]
    changed_words = sum(a != b for s, p in zip(spoken, plain) for a, b in zip(s.split(), p.split()))
    assert changed_words > 0  # the ASR-like errors are really applied


def test_the_collected_set_is_reported_in_seven_parts_by_round_of_collection() -> None:
    assert collected_part(PUBLIC_SET) == "public-first"
    assert collected_part(HELD_OUT / "heldout_public_orders.yml") == "public-later"
    assert collected_part(HELD_OUT / "heldout_public_r3_a.yml") == "public-third"
    assert collected_part(HELD_OUT / "heldout_public_r4_a.yml") == "public-fourth"
    assert collected_part(HELD_OUT / "heldout_public_r5_a.yml") == "public-fifth"
    assert collected_part(HELD_OUT / "heldout_public_r6_a.yml") == "public-sixth"
    assert collected_part(HELD_OUT / "heldout_public_r7_a.yml") == "public-fresh"
    # every file's part is reported (bench.report's rows), in the order of collection, the fresh one marked
    reported = [part for part, _ in collected_parts()]
    assert {collected_part(path) for path in collected_files()} == set(reported)
    assert reported[0] == "public-first" and reported[-1] == "public-fresh"
    assert dict(collected_parts())["public-fresh"] == "seventh-round collection (never tuned on)"


def test_nlu_eval_prints_the_tuned_parts_misreads_but_never_the_fresh_ones(capsys) -> None:
    from bench.nlu_eval import print_sets, set_figures

    def part(text: str) -> dict:  # one misread message, as written and as spoken
        figures = set_figures([text], ["order_status"], [{"intent": {"name": "greet"}, "intent_ranking": []}])
        return {"written": figures, "speech": figures}

    print_sets({"public-fourth": part("где посылка из четвёртого раунда"), "public-fresh": part("где посылка из свежего")})
    printed = capsys.readouterr().out
    assert "где посылка из четвёртого раунда" in printed
    assert "где посылка из свежего" not in printed


def test_the_bench_report_has_a_row_for_every_part_it_measured() -> None:
    from bench.report import rows

    figures = {"in_domain_macro_f1": 0.8, "out_of_domain_acted_on_as_topic": 0.07}
    sets = {part: {"written": figures, "speech": figures} for part, _ in collected_parts()}
    results = {"configs": {"project": {"understanding": {"examples": 1, "accuracy": 1.0, "macro_f1": 1.0,
                                                         "groups": {}, "sets": sets}}},
               "args": {"concurrency": []}}
    labels = [label for label, _, _ in rows(results)]
    for _, label in collected_parts():
        assert f"  {label}, written: in-domain macro-F1 ↑" in labels
    assert "  seventh-round collection (never tuned on), speech: out-of-domain acted on ↓" in labels
