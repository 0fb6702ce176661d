"""«ВОЗВРАТ» over REST: every branch, and the iron rule (no conditions before identification)."""
from tests.conversation.helpers import PO_BOX, TRANSFER, identify, ticket_kinds

ERSHOVA = ("89002000101", "Ершова Дарья Олеговна")  # received 5 days ago: massager + gift
SUBBOTIN = ("89002000201", "Субботин Кирилл Андреевич")  # received 31 days ago
IVANOVA = ("89001000101", "Иванова Мария Петровна")  # on its way, not received
POPOV = ("89001000401", "Попов Сергей Викторович")  # courier, ordered 10 days ago, no buyout date in the CRM
DYAKOVA = ("89004120101", "Дьякова Ульяна Сергеевна")  # courier, ordered 31 days ago, no buyout date


def test_no_return_conditions_before_identification(customer):
    answer = customer.says_text("как вернуть товар куда отправлять возврат")
    assert "номер телефона или ФИО" in answer and PO_BOX not in answer
    customer.says_text(ERSHOVA[0])
    assert PO_BOX not in customer.transcript[-1]
    answer = customer.says_text("да")
    assert PO_BOX in answer and "Дарья Олеговна" in answer


def test_defect_asks_how_it_was_used_then_gives_the_conditions(customer):
    identify(customer, *ERSHOVA)
    asked = customer.says_text("массажёр сломался, брак, не включается")
    assert "Дарья Олеговна, приносим свои извинения" in asked and "как Вы пользовались данным товаром?" in asked
    answer = customer.says_text("пользовалась по инструкции два раза и он перестал работать")
    assert PO_BOX in answer and "без наложенного платежа" in answer
    assert "компенсирует почтовые расходы" in answer and "по причине брака" in answer


def test_defect_after_14_days(customer):
    identify(customer, *SUBBOTIN)
    answer = customer.says_text("у меня брак соковыжималка не работает")
    assert "срок возврата товара уже истек - он действовал 14 дней с момента выкупа" in answer
    assert PO_BOX not in answer


def test_dislike_questions_retention_then_conditions(customer):
    identify(customer, *ERSHOVA)
    assert "Почему не понравился товар?" in customer.says_text("товар не понравился, хочу вернуть")
    answer = customer.says_text("неудобный и шумит")
    assert "рассмотреть возможность оставить товар у себя" in answer and "Оставите товар у себя?" in answer
    answer = customer.says_text("нет")
    assert PO_BOX in answer and "Отправка не бесплатная" in answer


def test_dislike_customer_keeps_it(customer):
    identify(customer, *ERSHOVA)
    customer.says_text("мне не понравился массажер")
    customer.says_text("ожидала большего")
    answer = customer.says_text("да, оставлю")
    assert "благодарим Вас" in answer and PO_BOX not in answer


def test_wrong_item_that_we_should_have_sent(customer):
    identify(customer, *ERSHOVA)
    assert "что именно Вы заказывали?" in customer.says_text("вы прислали не тот товар")
    answer = customer.says_text("я заказывала массажёр для шеи, а пришло что-то другое")
    assert "Мы обменяем Вам данный товар" in answer and PO_BOX in answer
    [ticket] = customer.tickets()
    assert ticket.kind == "supervisor" and "Массажёр для шеи" in ticket.reason and ticket.order_id == "3000101"


def test_wrong_item_not_in_the_order_goes_to_an_operator(customer):
    identify(customer, *ERSHOVA)
    customer.says_text("прислали не то что я заказывала")
    answer = customer.says_text("кофеварку")
    assert "в Вашем заказе указано: Массажёр для шеи «Релакс», Набор ножей (подарок)" in answer
    assert TRANSFER in answer and ticket_kinds(customer) == ["operator"]


def test_incomplete_part_of_a_set_without_an_opening_act(customer):
    # Seed 004 «Недовложение»: the act question, the post office, then the letter for an exchange.
    identify(customer, *ERSHOVA)
    asked = customer.says_text("не хватает части комплекта, нет насадки от массажёра")
    assert "есть ли у Вас акт о вскрытии" in asked
    answer = customer.says_text("нет")
    assert "обратитесь в Ваше почтовое отделение, возможно, они составят акт о вскрытии" in answer
    assert "Мы обменяем Вам данный товар" in answer and PO_BOX in answer
    assert "вложите акт" not in answer  # not in the script
    assert customer.tickets() == []


def test_incomplete_gift_is_sent_again(customer):
    # Seed 004 СПРАВКА: «может дослать клиенту товар, подарок и карту (если они не пришли, а клиент заказывал)».
    identify(customer, *ERSHOVA)
    answer = customer.says_text("в посылке не было подарка")
    assert "Недостающий подарок (Набор ножей (подарок)) мы Вам дошлём" in answer
    assert "акт о вскрытии" not in answer and PO_BOX not in answer
    [ticket] = customer.tickets()
    assert ticket.kind == "supervisor" and "досыл подарка «Набор ножей (подарок)»" in ticket.reason
    assert ticket.order_id == "3000101"


def test_incomplete_whole_item_is_sent_again(customer):
    identify(customer, "89004120201", "Голубев Матвей Ильич")
    answer = customer.says_text("в посылке не было лампы для чтения")
    assert "Недостающий товар (Лампа для чтения с лупой) мы Вам дошлём" in answer
    [ticket] = customer.tickets()
    assert ticket.kind == "supervisor" and "досыл товара «Лампа для чтения с лупой»" in ticket.reason


def test_incomplete_gift_that_was_not_ordered_goes_to_an_operator(customer):
    identify(customer, *SUBBOTIN)  # the order has no gift line
    answer = customer.says_text("подарок не положили в посылку")
    assert "в Вашем заказе указано: Соковыжималка шнековая" in answer and TRANSFER in answer
    assert "дошлём" not in answer and ticket_kinds(customer) == ["operator"]


def test_incomplete_unclear_asks_what_is_missing(customer):
    identify(customer, "89004120201", "Голубев Матвей Ильич")
    assert "чего не хватает в посылке?" in customer.says_text("посылка пришла неполная")
    answer = customer.says_text("не пришёл подарок")
    assert "Недостающий подарок" in answer and ticket_kinds(customer) == ["supervisor"]


def test_only_by_russian_post(customer):
    identify(customer, *ERSHOVA)
    answer = customer.says_text("а можно вернуть через сдэк, не через почту?")
    assert "возможно отправить посылку только через компанию Почты России" in answer and PO_BOX in answer


def test_someone_else_may_send_it(customer):
    identify(customer, *ERSHOVA)
    answer = customer.says_text("я сама не могу дойти до почты, может сын отправить возврат?")
    assert "посылку может отправить другой человек" in answer and "вложите в посылку письмо" in answer


def test_keep_the_gift_and_partial_refund(customer):
    identify(customer, *ERSHOVA)
    answer = customer.says_text("можно вернуть массажер а подарок оставить себе? сколько денег тогда вернут")
    assert "можно вернуть основной товар, а подарок оставить" in answer
    assert "деньги вернутся Вам частично" in answer


def test_who_pays_the_postage(customer):
    identify(customer, *ERSHOVA)
    answer = customer.says_text("кто оплачивает пересылку при возврате?")
    assert "Отправка не бесплатная" in answer and "компенсирует почтовые расходы" in answer


def test_not_received_yet(customer):
    identify(customer, *IVANOVA)  # post: the ШПИ tells
    answer = customer.says_text("как вернуть товар?")
    assert "ещё не видно получения посылки" in answer and PO_BOX not in answer


# Seed 004: «курьерские службы - ориентируемся на дату заказа (курьерская доставка быстрая) и на слова клиента».
def test_courier_order_without_a_buyout_date_asks_when_it_came(customer):
    identify(customer, *POPOV)
    asked = customer.says_text("хочу вернуть товар, не понравился")
    assert "когда Вы получили заказ?" in asked and "на почте" not in asked
    assert "Почему не понравился товар?" in customer.says_text("позавчера")


def test_courier_order_received_says_the_customer_order_date_counts(customer):
    identify(customer, *POPOV)  # ordered 10 days ago
    customer.says_text("как вернуть товар?")
    answer = customer.says_text("да, получил")
    assert PO_BOX in answer


def test_courier_order_not_delivered_yet(customer):
    identify(customer, *POPOV)
    customer.says_text("как вернуть товар?")
    answer = customer.says_text("курьер ещё не привёз")
    assert "условия возврата действуют для полученного товара" in answer
    assert "на почте" not in answer and PO_BOX not in answer


def test_courier_order_ordered_long_ago_by_the_order_date(customer):
    identify(customer, *DYAKOVA)  # ordered 31 days ago, no buyout date
    customer.says_text("тонометр сломался, брак")
    answer = customer.says_text("получила уже давно")
    assert "срок возврата товара уже истек" in answer and PO_BOX not in answer


def test_call_from_an_authority_is_recorded_for_a_supervisor(customer):
    asked = customer.says_text("здравствуйте, вас беспокоит Роспотребнадзор по поводу жалобы вашей клиентки")
    assert "Представьтесь, пожалуйста" in asked
    answer = customer.says_text("Петрова Анна Ивановна, Роспотребнадзор Твери, по клиентке Сидоровой, проверка жалобы")
    assert "Ожидайте, с Вами свяжутся" in answer
    [ticket] = customer.tickets()
    assert ticket.kind == "authority" and "Роспотребнадзор Твери" in ticket.reason
