"""Conversation discipline (seeds 001–003) over REST: repeats, profanity, empathy, clarification,
farewell and rating, topic switches."""
import pytest

from tests.conversation.helpers import TRANSFER, identify, ticket_kinds

CLOSED = "Разговор завершён"
ERSHOVA = ("89002000101", "Ершова Дарья Олеговна")  # received 5 days ago: massager + gift
PAVLOVA = ("89001001701", "Павлова Людмила Ивановна")  # Буфер, post, not received
FROLOVA = ("89002000501", "Фролова Инна Сергеевна")  # a return sent back, money asked about
ANYTHING_ELSE = "могу ли я вам ещё чем-нибудь помочь?"  # compared with lower-cased text


def test_repeat_in_full_three_times_then_a_summary_then_the_closing_phrase(customer):
    # 001: «Ответ на вопрос клиента повторяется в полном объеме три раза. Оператор обязательно резюмирует
    # диалог с клиентом до произношения данной фразы» («…на данный момент это вся информация…»).
    answer = customer.says_text("где вы находитесь?")
    assert "сервисную линию Компании в Москву" in answer
    repeated = answer.split("\n", 1)[1]  # the greeting said with the first answer is not repeated
    assert "сервисную линию Компании в Москву" in repeated and "меня зовут" not in repeated
    assert customer.says_text("повторите пожалуйста") == repeated
    assert customer.says_text("не расслышала, повторите ещё раз") == repeated
    closing = customer.says("повторите")
    assert closing[0]["text"] == "Подведу итог: мы обсудили вопрос «Где вы находитесь»."
    assert "на данный момент это вся информация" in closing[1]["text"].lower()
    assert any(r.get("custom", {}).get("end_conversation") for r in closing)


def test_summary_names_the_customer_and_what_was_recorded(customer):
    identify(customer, *ERSHOVA)
    customer.says_text("вы прислали не тот товар")
    customer.says_text("я заказывала массажёр для шеи, а пришло что-то другое")
    for _ in range(2):
        customer.says_text("повторите")
    closing = [r.get("text") or "" for r in customer.says("повторите")]
    assert closing[0].startswith("Дарья Олеговна, подведу итог: мы обсудили вопрос")
    assert "Ваше обращение зафиксировано" in closing[0]
    assert "на данный момент это вся информация" in closing[1]


@pytest.mark.parametrize("first, second", [
    ("ты тупая сука", "иди нахуй"),
    ("х*р вам а не деньги", "да пошли вы все на х*й"),
    ("blyad, gde moya posylka", "suka"),
    ("вы все пидоры", "б л я т ь"),
])
def test_profanity_warning_then_closing_then_closed(customer, first, second):
    assert "не можем вести разговор в подобном тоне" in customer.says_text(first)
    closing = customer.says(second)
    assert "не можем продолжать разговор в подобном тоне. Всего доброго" in closing[0]["text"]
    assert any(r.get("custom", {}).get("end_conversation") for r in closing)
    assert CLOSED in customer.says_text("ну извините, где моя посылка?")
    assert CLOSED in customer.says_text("8 900 100-01-01")
    customer.says("/restart")
    assert "номер телефона или ФИО" in customer.says_text("где моя посылка")


def test_profanity_during_identification_keeps_the_question(customer):
    customer.says_text("где посылка")
    answer = customer.says_text("да задолбали вы, бл*ть")
    assert "не можем вести разговор в подобном тоне" in answer and "номер телефона или ФИО" in answer


@pytest.mark.parametrize("message", [
    "это безобразие, вы все обманщики",
    "ужасный у вас сервис, я буду жаловаться",
])
def test_clean_angry_message_gets_empathy_not_the_profanity_track(customer, message):
    answer = customer.says_text(message)
    assert "Я понимаю Ваше недовольство" in answer and "Позвольте перед Вами извиниться" in answer
    assert "в подобном тоне" not in answer


def test_clean_words_that_look_obscene_are_not_punished(customer):
    answer = customer.says_text("хочу вернуть товар, мне прислали не ту страховку, я как потребитель требую")
    assert "в подобном тоне" not in answer


def test_unclear_question_gets_choices_then_an_operator(customer):
    replies = customer.says("вопрос по товару")
    text = replies[0]["text"]
    assert text.startswith("Уточните, пожалуйста, что Вас интересует:")
    assert replies[0]["buttons"] and all(b["payload"].startswith("/") for b in replies[0]["buttons"])
    answer = customer.says_text("есть вопрос")
    assert TRANSFER in answer
    [ticket] = customer.tickets()
    assert ticket.kind == "operator" and "вопрос по товару" in ticket.summary and "есть вопрос" in ticket.summary


def test_a_clarification_button_goes_back_into_the_conversation(customer):
    button = customer.says("вопрос по товару")[0]["buttons"][0]
    answer = customer.says_text(button["payload"])
    assert "номер телефона или ФИО" in answer or "Уточните" in answer


def test_farewell_rating_stored(customer, stack):
    identify(customer, "89001000101", "Иванова Мария Петровна")
    customer.says_text("где посылка")
    replies = customer.says("нет, спасибо, до свидания")
    texts = [r.get("text") or "" for r in replies]
    assert any("Всего доброго" in t for t in texts)
    assert not any("могу ли я Вам ещё" in t.lower() for t in texts)  # not asked when saying goodbye
    rating = next(r for r in replies if "Оцените" in (r.get("text") or ""))
    assert [b["title"] for b in rating["buttons"]] == ["1", "2", "3", "4", "5"]
    assert "Спасибо за оценку" in customer.says_text(rating["buttons"][4]["payload"])
    from store import queries

    assert [(r.conversation_id, r.rating) for r in queries.ratings() if r.conversation_id == customer.sender] == [
        (customer.sender, 5)]


def test_typed_rating(customer):
    customer.says("до свидания")
    assert "Спасибо за оценку" in customer.says_text("ставлю четыре")


@pytest.mark.parametrize("said, value", [("один", 1), ("два", 2), ("пятёрочка", 5)])
def test_rating_said_as_a_word_is_stored(customer, said, value):
    """On the phone the caller says the number: «один» is a rating here, not «one item is missing»."""
    customer.says("до свидания")
    assert "Спасибо за оценку" in customer.says_text(said)
    from store import queries

    assert [r.rating for r in queries.ratings() if r.conversation_id == customer.sender] == [value]


def test_no_after_anything_else_is_a_farewell(customer):
    customer.says_text("где вы находитесь?")
    assert "Всего доброго" in customer.says_text("нет")


def test_topic_switch_during_identification_keeps_identification(customer):
    customer.says_text("где моя посылка")
    answer = customer.says_text("а как вернуть товар?")
    assert "номер телефона или ФИО" in answer
    customer.says_text("89002000101")
    answer = customer.says_text("да")
    assert "а/я 224" in answer and "заказ уже отправлен" not in answer


def test_topic_switch_instead_of_answering_a_question(customer):
    identify(customer, "89002000101", "Ершова Дарья Олеговна")
    assert "как Вы пользовались" in customer.says_text("брак, массажер сломался")
    answer = customer.says_text("дайте телефон сдэка")
    assert "8 800 250 04 05" in answer


def test_two_questions_in_one_message(customer):
    identify(customer, "89001000101", "Иванова Мария Петровна")
    answer = customer.says_text("где моя посылка и дайте номер почты россии")
    assert "заказ уже отправлен" in answer and "8 800 200 58 88" in answer


def test_operator_at_any_point_with_context(customer):
    identify(customer, "89002000101", "Ершова Дарья Олеговна")
    customer.says_text("товар не понравился")
    answer = customer.says("позовите живого человека")
    assert TRANSFER in answer[0]["text"]
    [ticket] = customer.tickets()
    assert ticket.customer_id == "C910" and "товар не понравился" in ticket.summary
    assert ticket_kinds(customer) == ["operator"]


# --- A topic switch is never swallowed as data ---
# Every free-text question a topic asks: (customer, what starts the topic, a piece of the question,
# a data answer and what it leads to).
QUESTIONS = {
    "address": (PAVLOVA, "хочу поменять адрес доставки", "правильный адрес доставки",
                "Калуга, ул. Кирова 3", "Сейчас исправим ошибку и сможем переоформить"),
    "name": (PAVLOVA, "в заказе ошибка в фамилии", "как правильно должны быть указаны",
             "Павлова Людмила Ивановна", "Сейчас исправим ошибку и сможем переоформить"),
    "recipient": (PAVLOVA, "поменяйте получателя заказа", "ФИО нового получателя",
                  "Павлов Игорь Петрович", "изменения будут только на этот заказ"),
    "usage": (ERSHOVA, "массажёр сломался, брак, не включается", "как Вы пользовались данным товаром?",
              "пользовалась по инструкции два раза и он перестал работать", "по причине брака"),
    "reason": (ERSHOVA, "товар не понравился, хочу вернуть", "Почему не понравился товар?",
               "неудобный и шумит", "Оставите товар у себя?"),
    "ordered": (ERSHOVA, "вы прислали не тот товар", "что именно Вы заказывали?",
                "я заказывала массажёр для шеи, а пришло что-то другое", "Мы обменяем Вам данный товар"),
    "sent_on": (FROLOVA, "когда вернут деньги за возврат", "когда осуществляли возврат?",
                "10 ноября", "в течение 30 дней"),
}


def _ask(customer, question):
    who, opening, asked, _, _ = QUESTIONS[question]
    identify(customer, *who)
    assert asked in customer.says_text(opening)


@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_a_data_answer_to_a_question_is_taken_as_data(customer, question):
    _ask(customer, question)
    _, _, _, data, leads_to = QUESTIONS[question]
    assert leads_to in customer.says_text(data)


# Seed 004 answers each question by its own section; a new question asked instead of the answer is that
# new question (the switch the classifier splits between sibling intents, e.g. return_defect/return_how).
SWITCHES = [
    ("address", "хочу вернуть товар, пришел бракованный", "ещё не видно получения посылки"),
    ("name", "хочу вернуть товар", "ещё не видно получения посылки"),
    ("recipient", "хочу вернуть товар, пришел бракованный", "ещё не видно получения посылки"),
    ("usage", "когда придут деньги за возврат?", "когда осуществляли возврат?"),
    ("reason", "дайте номер почты россии", "8 800 200 58 88"),
    ("ordered", "где вы находитесь?", "сервисную линию Компании в Москву"),
    ("sent_on", "хочу вернуть товар, пришел бракованный", "срок возврата товара уже истек"),
]


@pytest.mark.parametrize("question, switch, answered", SWITCHES)
def test_a_new_question_instead_of_the_answer_is_answered_not_filed(customer, question, switch, answered):
    _ask(customer, question)
    answer = customer.says_text(switch)
    assert answered in answer
    assert "переоформить" not in answer and "изменения будут только на этот заказ" not in answer
    assert ticket_kinds(customer) == []  # nothing was filed with the new question as its data


def test_the_authority_question_lets_the_caller_ask_something_else(customer):
    assert "Представьтесь, пожалуйста" in customer.says_text("вас беспокоит Роспотребнадзор по поводу жалобы")
    assert "8 800 200 58 88" in customer.says_text("дайте номер почты россии")
    assert ticket_kinds(customer) == []


def test_insisting_on_the_same_topic_answers_its_question(customer):
    # «хочу вернуть» to «Почему не понравился товар?» is the reason (seed 004 «НЕ ПОНРАВИЛСЯ»: retention next).
    _ask(customer, "reason")
    assert "Оставите товар у себя?" in customer.says_text("просто хочу вернуть товар")


# --- Goodbye without the summary question (seed 002) ---
@pytest.mark.parametrize("closing", ["хорошо, спасибо", "всё, спасибо", "понятно, до свидания"])
def test_thanks_that_close_the_conversation_get_the_farewell(customer, closing):
    # 002: «Если клиент говорит: "Все спасибо; Понятно, до свидания; Хорошо, спасибо" - вопрос НЕ ЗАДАЕМ».
    customer.says_text("где вы находитесь?")
    replies = customer.says(closing)
    text = " ".join(r.get("text") or "" for r in replies)
    assert "Всего доброго" in text and ANYTHING_ELSE not in text.lower()
    assert any(r.get("custom", {}).get("end_conversation") for r in replies)


def test_plain_thanks_mid_conversation_keeps_the_summary_question(customer):
    # 002 «Резюмирование … "Остались ли у вас дополнительные вопросы?"» when the customer does not close.
    customer.says_text("где вы находитесь?")
    answer = customer.says_text("спасибо")
    assert ANYTHING_ELSE in answer.lower() and "Всего доброго" not in answer


# --- A rating is a rating only after the rating question ---
def test_a_number_after_anything_else_is_not_a_rating(customer):
    answer = customer.says_text("где вы находитесь?")
    assert ANYTHING_ELSE in answer.lower()
    answer = customer.says_text("2")
    assert "Спасибо за оценку" not in answer
    from store import queries

    assert [r for r in queries.ratings() if r.conversation_id == customer.sender] == []


def test_a_number_after_the_rating_question_is_a_rating(customer):
    customer.says_text("где вы находитесь?")
    assert "Оцените" in customer.says_text("всё, спасибо")
    assert "Спасибо за оценку" in customer.says_text("2")


def test_a_number_in_the_order_list_still_picks_the_order(customer):
    customer.says_text("где мой заказ")
    customer.says_text("+7 916 123 45 67")
    assert "№ 2000101 от 12 ноября: Соковыжималка шнековая" in customer.says_text("да")
    answer = customer.says_text("2")  # the second in the list
    assert "ориентировочно 26 ноября" in answer and "Спасибо за оценку" not in answer


# --- The assistant's name and personal questions (002, 003) ---
@pytest.mark.parametrize("question", ["Как вас зовут?", "представьтесь, пожалуйста", "как к вам обращаться?"])
def test_the_assistant_gives_its_name(customer, question):
    # 002: «Если клиент в ходе диалога запрашивает ФИО - мы должны представиться».
    assert customer.says_text(question) == "Меня зовут Алиса."


@pytest.mark.parametrize("question", ["сколько вам лет", "вы замужем?", "где вы живёте?"])
def test_personal_questions_get_a_polite_refusal(customer, question):
    # 003, слайд 12: «Если клиент начинает задавать вопросы личного характера…» (wording: README).
    answer = customer.says_text(question)
    assert "на вопросы личного характера я не отвечаю" in answer
    assert "Москву" not in answer  # «где вы живёте» is not «где вы находитесь»


def test_name_asked_while_identification_waits_then_the_question_again(customer):
    customer.says_text("где моя посылка")
    answer = customer.says_text("а как вас зовут?")
    assert answer.startswith("Меня зовут Алиса.") and "Уточните, пожалуйста, номер телефона или ФИО" in answer
    assert "вышла замуж" not in answer


def test_personal_question_while_a_question_waits_is_not_taken_as_the_answer(customer):
    _ask(customer, "address")
    answer = customer.says_text("девушка, а вы замужем?")
    assert "на вопросы личного характера я не отвечаю" in answer and "правильный адрес доставки" in answer
    assert ticket_kinds(customer) == []
