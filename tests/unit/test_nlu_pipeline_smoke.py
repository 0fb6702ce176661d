"""Smoke test: train a tiny Rasa NLU model with our components and parse with it."""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the config names components as bot.nlu.…

import pytest  # noqa: E402

from tests.support.tiny_model import parse, tiny_agent  # noqa: E402

CONFIG = """
recipe: default.v1
language: ru
assistant_id: nlu-smoke-test
pipeline:
  - name: bot.nlu.tokenizer.RussianTokenizer
  - name: CountVectorsFeaturizer
    use_lemma: true
  - name: bot.nlu.entity_extractor.RussianEntityExtractor
  - name: LogisticRegressionClassifier
"""

NLU = """
version: "3.1"
nlu:
- intent: where_is_order
  examples: |
    - где моя посылка
    - где мой заказ
    - когда привезут посылку
    - посылка не пришла
    - не могу найти свою посылку
    - где посылка, мой телефон 89031234567
    - что с моим заказом 1234567
- intent: return_item
  examples: |
    - хочу вернуть товар
    - как оформить возврат
    - верните деньги за товар
    - товар пришёл бракованный, хочу возврат
    - нужно вернуть покупку
- intent: greet
  examples: |
    - привет
    - здравствуйте
    - добрый день
    - доброе утро
"""


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory):
    yield from tiny_agent(tmp_path_factory.mktemp("nlu_smoke"), CONFIG, NLU)


_parse = parse


def test_typo_and_phone(agent) -> None:
    result = _parse(agent, "где моя пасылка 8 916 123-45-67")
    assert result["intent"]["name"] == "where_is_order"
    phones = [e for e in result["entities"] if e["entity"] == "phone"]
    assert [e["value"] for e in phones] == ["+79161234567"]
    assert phones[0]["extractor"] == "RussianEntityExtractor"


def test_inflected_forms_share_features(agent) -> None:
    assert _parse(agent, "посылкой")["intent"]["name"] == "where_is_order"
    assert _parse(agent, "возвратом товаров")["intent"]["name"] == "return_item"


def test_entities_in_parse(agent) -> None:
    result = _parse(agent, "заказ №7654321, Иванова Мария из Москвы")
    got = {(e["entity"], e["value"]) for e in result["entities"]}
    assert {("order_number", "7654321"), ("person", "Иванова Мария"), ("city", "москва")} <= got


@pytest.mark.parametrize("text", ["", "😀", "'; DROP TABLE customers; --", "x" * 10_000])
def test_parse_never_raises(agent, text: str) -> None:
    assert "intent" in _parse(agent, text)
