"""«Возвратник»: whether the returns were the customer's fault, judged on answers the classifier never saw."""
from pathlib import Path

import pytest
from sklearn.metrics import f1_score

from bot.russian import return_fault
from bot.russian.return_fault import CUSTOMERS_FAULT, NOT_CUSTOMERS_FAULT, customers_fault, load_examples

HELDOUT = Path(__file__).resolve().parents[1] / "nlu" / "return_fault_heldout.yml"
FLOOR = 0.9  # held-out macro-F1 today: 1.0 (48 answers)


def test_held_out_answers_are_judged_above_the_floor():
    examples = load_examples(HELDOUT)
    gold = [label for _, label in examples]
    predicted = [CUSTOMERS_FAULT if customers_fault(text) else NOT_CUSTOMERS_FAULT for text, _ in examples]
    assert f1_score(gold, predicted, average="macro") >= FLOOR


def test_held_out_answers_are_not_training_answers():
    training = {text.lower() for text, _ in load_examples()}
    assert not training & {text.lower() for text, _ in load_examples(HELDOUT)}


# Seed 004: «посылка отправлена не на тот адрес, ошибка в ФИО, клиент попал в больницу и т. д.» are not
# the customer's fault; the rest are.
@pytest.mark.parametrize("answer", ["курьер не приехал", "лежала в больнице", "отправили не по тому адресу",
                                    "извещение не приходило"])
def test_not_the_customers_fault(answer):
    assert not customers_fault(answer)


@pytest.mark.parametrize("answer", ["передумала", "не было денег", "не захотела забирать"])
def test_the_customers_fault(answer):
    assert customers_fault(answer)


def test_the_model_is_built_once():
    return_fault.fault_probability("передумала")
    assert return_fault._model.cache_info().currsize == 1
    before = return_fault._model.cache_info().misses
    return_fault.fault_probability("курьер не приехал")
    assert return_fault._model.cache_info().misses == before


def test_an_unknown_label_in_the_examples_is_refused(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_text("customers_fault: [передумала]\nmaybe: [не знаю]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="maybe"):
        load_examples(path)
