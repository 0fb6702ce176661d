"""«Не поняла» messages grouped by similarity; a supervisor's intent goes to a YAML for review, not to data/nlu/."""
import pytest
import yaml

from store import analytics, misunderstood
from tests.desk.analytics_seed import MISUNDERSTOOD, seed_throwaway_stores


@pytest.fixture(autouse=True)
def seeded(tmp_path, monkeypatch):
    seed_throwaway_stores(tmp_path, monkeypatch)
    analytics.refresh()


def test_similar_messages_form_one_group_and_others_stay_apart():
    texts = ["а можно кредит оформить на пылесос", "кредит на пылесос дадите", "где мой заказ номер",
             "где же мой заказ", "хочу поменять цвет дивана"]
    groups = [sorted(texts[i] for i in g) for g in misunderstood.group_texts(texts)]
    assert sorted(texts[:2]) in groups and sorted(texts[2:4]) in groups and [texts[4]] in groups


def test_a_proposed_intent_is_exported_for_review_and_leaves_the_list(tmp_path):
    found = misunderstood.groups()
    assert sorted(t for g in found for t in g.texts) == sorted(MISUNDERSTOOD)
    credit = next(g for g in found if MISUNDERSTOOD[0] in g.texts)
    misunderstood.propose(credit.texts, "out_of_scope", "smirnova")

    out = tmp_path / "suggestions.yml"
    assert misunderstood.export(out) == len(credit.texts)
    document = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert document["nlu"][0]["intent"] == "out_of_scope"
    assert set(document["nlu"][0]["examples"].replace("- ", "").split("\n")) - {""} == set(credit.texts)
    assert all(t not in g.texts for g in misunderstood.groups() for t in credit.texts)
