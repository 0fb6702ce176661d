"""RussianTokenizer and RussianEntityExtractor as plain objects (no training)."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

import pytest  # noqa: E402
from rasa.nlu.tokenizers.tokenizer import Tokenizer  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402

from bot.nlu.entity_extractor import RussianEntityExtractor  # noqa: E402
from bot.nlu.tokenizer import RussianTokenizer  # noqa: E402


@pytest.fixture(scope="module")
def tokenizer() -> RussianTokenizer:
    return RussianTokenizer(RussianTokenizer.get_default_config())


@pytest.fixture(scope="module")
def extractor() -> RussianEntityExtractor:
    return RussianEntityExtractor(RussianEntityExtractor.get_default_config())


def _tokens(tokenizer: RussianTokenizer, text: str) -> list:
    message = Message({"text": text})
    tokenizer.process([message])
    return message.get("text_tokens")


def test_tokenizer_config() -> None:
    assert issubclass(RussianTokenizer, Tokenizer)
    config = RussianTokenizer.get_default_config()
    assert {"intent_tokenization_flag", "intent_split_symbol", "token_pattern"} <= set(config)


def test_tokenizer_lemmas_and_offsets(tokenizer: RussianTokenizer) -> None:
    text = "Где моя ПОСЫЛКА? Посылку, посылкой… Ёлка!"
    tokens = _tokens(tokenizer, text)
    assert [t.text for t in tokens] == ["где", "моя", "посылка", "посылку", "посылкой", "елка"]
    assert [t.lemma for t in tokens] == ["где", "мой", "посылка", "посылка", "посылка", "елка"]
    for t in tokens:
        assert text[t.start:t.end].lower().replace("ё", "е") == t.text


def test_tokenizer_drops_punctuation_keeps_numbers(tokenizer: RussianTokenizer) -> None:
    tokens = _tokens(tokenizer, "заказ №1234567 — где он?!")
    assert [t.text for t in tokens] == ["заказ", "1234567", "где", "он"]


@pytest.mark.parametrize("text", ["😀😀", "...", "   "])
def test_tokenizer_symbols_only_gives_one_token(tokenizer: RussianTokenizer, text: str) -> None:
    assert len(_tokens(tokenizer, text)) == 1


def test_tokenizer_intent_split() -> None:
    tok = RussianTokenizer({**RussianTokenizer.get_default_config(), "intent_tokenization_flag": True})
    message = Message({"text": "привет", "intent": "greet_hello"})
    tok.process([message])
    assert [t.text for t in message.get("intent_tokens")] == ["greet", "hello"]


def test_tokenizer_token_pattern() -> None:
    tok = RussianTokenizer({**RussianTokenizer.get_default_config(), "token_pattern": r"[а-я]+"})
    assert [t.text for t in _tokens(tok, "посылка123")] == ["посылка"]


def test_extractor_all_entity_types(extractor: RussianEntityExtractor) -> None:
    text = "Иванова Мария, живу в Нижнем Новгороде, тел 8 916 123-45-67, заказ №1234567"
    message = Message({"text": text})
    extractor.process([message])
    got = {(e["entity"], e["value"]) for e in message.get("entities")}
    assert got == {
        ("person", "Иванова Мария"),
        ("city", "нижний новгород"),
        ("phone", "+79161234567"),
        ("order_number", "1234567"),
    }
    for e in message.get("entities"):
        assert e["extractor"] == "RussianEntityExtractor"
        assert 0 <= e["start"] < e["end"] <= len(text)


def test_extractor_keeps_existing_entities(extractor: RussianEntityExtractor) -> None:
    other = {"entity": "product", "value": "чайник", "start": 0, "end": 6, "extractor": "X"}
    message = Message({"text": "чайник, заказ 1234567", "entities": [other]})
    extractor.process([message])
    entities = message.get("entities")
    assert entities[0] == other
    assert {"entity": "order_number", "value": "1234567"}.items() <= entities[1].items()


def test_extractor_entity_filter() -> None:
    only_phones = RussianEntityExtractor({"entities": ["phone"]})
    message = Message({"text": "8 916 123-45-67, заказ 1234567"})
    only_phones.process([message])
    assert [e["entity"] for e in message.get("entities")] == ["phone"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "😀🎉👍",
        "Hello, where is my parcel?",
        "'; DROP TABLE customers; --",
        "а" * 10_000,
        ("где моя посылка 8 916 123-45-67 Иванова Мария в Москве " * 200)[:10_000],
        "1" * 10_000,
        "-" * 10_000,
        "\x00\ufffd\u202e",
    ],
)
def test_extractor_never_raises(extractor: RussianEntityExtractor, tokenizer: RussianTokenizer, text: str) -> None:
    message = Message({"text": text})
    tokenizer.process([message])
    extractor.process([message])
    assert isinstance(message.get("entities"), list)


def test_extractor_survives_a_failing_finder(extractor: RussianEntityExtractor, monkeypatch) -> None:
    import bot.nlu.entity_extractor as module

    def boom(text: str) -> list:
        raise RuntimeError("boom")

    monkeypatch.setitem(module.FINDERS, "person", boom)
    message = Message({"text": "Иванова Мария 8 916 123-45-67"})
    extractor.process([message])
    assert [e["entity"] for e in message.get("entities")] == ["phone"]


def test_the_classifier_reads_lemmas_and_the_words_as_written(tokenizer: RussianTokenizer) -> None:
    from bot.nlu.intent_classifier import classifier_text, lemmas_of, words_of

    message = Message({"text": "Заказ уже ОТМЕНИЛИ?! Жду деньги"})
    tokenizer.process([message])
    text = classifier_text(message)
    # the lemmas lose tense and person («отменили» news, not the request «отменить»); the second line keeps them
    assert lemmas_of(text) == "заказ уже отменить ждать деньга"
    assert words_of(text) == "заказ уже отменили жду деньги"


def test_a_model_saved_before_the_written_words_reads_lemmas_only(tokenizer: RussianTokenizer) -> None:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.svm import LinearSVC

    from bot.nlu.intent_classifier import RussianIntentClassifier, lemma_text

    # the pipeline as it was trained before: lemma words and characters, nothing reading a second line
    lemmas = ["где посылка", "где мой заказ", "вернуть товар", "хотеть вернуть деньга", "здравствуйте", "добрый день"]
    old = make_pipeline(make_union(TfidfVectorizer(), TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5))),
                        CalibratedClassifierCV(LinearSVC(), cv=2, method="sigmoid", ensemble=False))
    old.fit(lemmas, [0, 0, 1, 1, 2, 2])
    message = Message({"text": "Где моя посылка?"})
    tokenizer.process([message])
    RussianIntentClassifier({}, None, None, old, ["order_status", "return_how", "greet"]).process([message])
    expected = old.predict_proba([lemma_text(message)])[0]
    assert [r["confidence"] for r in message.get("intent_ranking")] == pytest.approx(sorted(expected, reverse=True))
    assert message.get("intent")["name"] == "order_status"
