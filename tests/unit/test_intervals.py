"""Bootstrap intervals of the held-out figures, and the paired comparison of two runs (bench.intervals,
bench.model_difference)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from sklearn.metrics import f1_score

from bench import model_difference
from bench.intervals import Predictions, difference_intervals, figure_intervals
from bench.nlu_eval import label_figures

GOLD = ["order_status"] * 6 + ["order_cancel"] * 4 + ["return_how"] * 2 + ["out_of_scope"] * 8
CHOSEN = (["order_status"] * 5 + ["order_cancel"] + ["order_cancel"] * 3 + ["out_of_scope"]
          + ["return_how", "refund_status"] + ["out_of_scope"] * 6 + ["order_status", "greet"])
FINAL = CHOSEN[:-2] + ["order_status", "nlu_fallback"]  # one out-of-domain message acted on, one fallen back


def test_the_figure_itself_is_the_one_the_evaluation_reports() -> None:
    f1, ood = figure_intervals(GOLD, Predictions(CHOSEN, FINAL))
    in_domain = sorted(set(GOLD) - {"out_of_scope"})
    assert f1.value == pytest.approx(f1_score(GOLD, CHOSEN, labels=in_domain, average="macro", zero_division=0))
    assert ood is not None and ood.value == pytest.approx(1 / 8)
    assert f1.low < f1.value < f1.high and ood.low < ood.value < ood.high


def test_intervals_are_the_same_every_run_and_narrow_with_more_messages() -> None:
    model = Predictions(CHOSEN, FINAL)
    assert figure_intervals(GOLD, model) == figure_intervals(GOLD, model)
    small, large = figure_intervals(GOLD, model)[0], figure_intervals(GOLD * 10, Predictions(CHOSEN * 10, FINAL * 10))[0]
    assert large.high - large.low < (small.high - small.low) / 2


def test_a_perfect_reading_is_sure_and_a_set_without_out_of_domain_messages_has_no_share() -> None:
    gold = ["order_status", "order_cancel", "greet"] * 5
    f1, ood = figure_intervals(gold, Predictions(gold, gold))
    assert (f1.value, f1.low, f1.high) == (1.0, 1.0, 1.0) and ood is None


def test_a_model_against_itself_differs_by_nothing() -> None:
    model = Predictions(CHOSEN, FINAL)
    f1, ood = difference_intervals(GOLD, model, model)
    assert (f1.value, f1.low, f1.high) == (0.0, 0.0, 0.0) and ood is not None and ood.high == 0.0


def test_a_model_right_on_many_more_messages_is_better_beyond_noise() -> None:
    gold = GOLD * 8
    worse = Predictions(["out_of_scope"] * len(gold), ["out_of_scope"] * len(gold))
    better = Predictions(CHOSEN * 8, FINAL * 8)
    f1, ood = difference_intervals(gold, worse, better)
    assert f1.low > 0.3  # from 0 to about 0.7
    assert ood is not None and ood.low > 0  # and it acts on one out-of-domain message in eight


def test_one_message_more_right_on_a_small_set_is_within_noise() -> None:
    after = list(CHOSEN)
    after[5] = "order_status"
    f1, _ = difference_intervals(GOLD, Predictions(CHOSEN, FINAL), Predictions(after, FINAL))
    assert f1.value > 0 and f1.low <= 0 < f1.high


def _run(path: Path, chosen: list, texts: list) -> Path:
    figures = label_figures(texts, GOLD, chosen, FINAL)
    path.write_text(json.dumps({"sets": {"public-fresh": {"written": figures, "speech": figures}}}), encoding="utf-8")
    return path


def test_the_comparison_prints_each_form_with_its_interval(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    texts = [f"сообщение {n}" for n in range(len(GOLD))]
    better = list(CHOSEN)
    better[5], better[9] = "order_status", "order_cancel"
    code = model_difference.main([str(_run(tmp_path / "a.json", CHOSEN, texts)),
                                  str(_run(tmp_path / "b.json", better, texts))])
    out = capsys.readouterr().out
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("public-fresh")]
    assert len(lines) == 2 and all("[" in line and "→" in line for line in lines)
    assert "сообщение" not in out  # aggregate figures only: the fresh round's messages are never shown


def test_runs_over_other_messages_are_not_compared(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    texts = [f"сообщение {n}" for n in range(len(GOLD))]
    other = texts[:-1] + ["другое сообщение"]
    model_difference.main([str(_run(tmp_path / "a.json", CHOSEN, texts)), str(_run(tmp_path / "b.json", CHOSEN, other))])
    assert "not the same messages" in capsys.readouterr().out


def test_a_file_that_is_not_a_run_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2", encoding="utf-8")
    with pytest.raises(SystemExit, match="not a bench.nlu_eval --json file"):
        model_difference.main([str(bad), str(bad)])
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(SystemExit, match="no «sets»"):
        model_difference.main([str(bad), str(bad)])
