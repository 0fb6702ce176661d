"""Order changes, cancellation and new orders over REST: the script's decision, a ticket, no pretence."""
from tests.conversation.helpers import TRANSFER, identify, ticket_kinds

PAVLOVA = ("89001001701", "Павлова Людмила Ивановна")  # Буфер, post
STEPANOVA = ("89001001901", "Степанова Ирина Алексеевна")  # Буфер, courier
IVANOVA = ("89001000101", "Иванова Мария Петровна")  # Экспортирован, post, ШПИ
POPOV = ("89001000401", "Попов Сергей Викторович")  # Экспортирован, courier, ШПИ
SMIRNOVA = ("89001000301", "Смирнова Ольга Николаевна")  # Экспортирован, post, arrived
RECORDED = "информация по вашему вопросу зафиксирована"


def test_name_fix_by_post(customer):
    identify(customer, *PAVLOVA)
    assert "как правильно должны быть указаны" in customer.says_text("в заказе ошибка в фамилии")
    answer = customer.says_text("Павлова Людмила Ивановна, через о")
    assert "Сейчас исправим ошибку и сможем переоформить Вам заказ" in answer
    [ticket] = customer.tickets()
    assert ticket.kind == "crm_edit" and "Павлова Людмила Ивановна" in ticket.reason


def test_name_fix_courier(customer):
    identify(customer, *STEPANOVA)
    customer.says_text("исправьте отчество в заказе")
    answer = customer.says_text("Степанова Ирина Алексеевна")
    assert "На получение заказа это не должно влиять" in answer


def test_name_fix_of_a_shipped_order_goes_to_the_supervisor(customer):
    identify(customer, *IVANOVA)
    customer.says_text("ошибка в имени в заказе")
    customer.says_text("Иванова Мария Петровна")
    assert ticket_kinds(customer) == ["supervisor"]


def test_recipient_change(customer):
    identify(customer, *PAVLOVA)
    assert "ФИО нового получателя" in customer.says_text("получать заказ будет муж, поменяйте получателя")
    answer = customer.says_text("Павлов Игорь Петрович")
    assert "изменения будут только на этот заказ" in answer
    [ticket] = customer.tickets()
    assert ticket.kind == "supervisor" and "Павлов Игорь Петрович" in ticket.reason


def test_address_of_a_shipped_parcel_within_the_town(customer):
    identify(customer, *IVANOVA)
    assert "правильный адрес" in customer.says_text("неправильный адрес доставки, надо поменять")
    assert "в том же населённом пункте?" in customer.says_text("Тверь, ул. Ленина, д. 5, кв. 2")
    answer = customer.says_text("да")
    assert "Заказ поступит в почтовое отделение по прежнему адресу" in answer
    [ticket] = customer.tickets()
    assert "ул. Ленина" in ticket.reason


def test_address_of_a_shipped_parcel_to_another_town(customer):
    identify(customer, *IVANOVA)
    customer.says_text("хочу поменять адрес доставки")
    customer.says_text("Москва, Тверская 1")
    assert "сможем переоформить Вам заказ" in customer.says_text("нет, в другом")


def test_address_courier_within_the_town(customer):
    identify(customer, *POPOV)
    customer.says_text("я переехал, нужно изменить адрес")
    customer.says_text("ул. Арбат 10")
    assert "Когда курьерская служба с Вами свяжется, сообщите об изменении адреса" in customer.says_text("да")


def test_address_before_shipping(customer):
    identify(customer, *PAVLOVA)
    customer.says_text("ошибка в адресе")
    answer = customer.says_text("Калуга, ул. Кирова 3")
    assert "Сейчас исправим ошибку и сможем переоформить" in answer and ticket_kinds(customer) == ["crm_edit"]


def test_remove_an_item_after_the_retention_phrase(customer):
    identify(customer, *PAVLOVA)
    answer = customer.says_text("уберите один товар из заказа")
    assert "рекомендую Вам оставить его" in answer and "Оставим заказ без изменений?" in answer
    assert RECORDED in customer.says_text("нет")
    assert ticket_kinds(customer) == ["crm_edit"]


def test_items_of_a_shipped_order_cannot_change(customer):
    identify(customer, *IVANOVA)
    assert "ничего изменить нельзя" in customer.says_text("хочу добавить товар в заказ")


def test_delivery_change_goes_to_an_operator(customer):
    identify(customer, *PAVLOVA)
    assert TRANSFER in customer.says_text("хочу курьером вместо почты")
    assert ticket_kinds(customer) == ["operator"]


def test_cancel_only_after_two_rounds_of_objections(customer):
    identify(customer, *PAVLOVA)
    assert "Оставим заказ без изменений?" in customer.says_text("хочу отменить заказ")
    second = customer.says_text("нет")
    assert "Может быть, всё-таки оставим заказ?" in second and customer.tickets() == []
    assert RECORDED in customer.says_text("нет, отменяйте")
    [ticket] = customer.tickets()
    assert ticket.kind == "crm_edit" and "аннулировать" in ticket.reason


def test_cancel_talked_out_of_it(customer):
    identify(customer, *PAVLOVA)
    customer.says_text("отмените мой заказ")
    assert "заказ остаётся без изменений" in customer.says_text("да, ладно, оставим")
    assert customer.tickets() == []


def test_cancel_a_parcel_in_the_town_means_calling_the_post(customer):
    identify(customer, *SMIRNOVA)
    customer.says_text("отказываюсь от заказа")
    customer.says_text("нет")
    assert "8 800 200 58 88" in customer.says_text("нет")


def test_cancel_a_shipped_parcel_means_refusing_it_at_the_post(customer):
    identify(customer, *IVANOVA)
    customer.says_text("передумала, отмените заказ")
    customer.says_text("нет")
    assert "напишите отказ от посылки" in customer.says_text("нет")


def test_prepaid_orders_go_to_opp(customer):
    identify(customer, "89002000801", "Ковалёв Пётр Ильич")
    answer = customer.says_text("хочу отменить заказ")
    assert "ожидайте звонка специалиста" in answer.lower()
    assert ticket_kinds(customer) == ["opp"]


def test_untouchable_status(customer):
    identify(customer, "89001004101", "Алексеев Артём Денисович")
    assert "ничего изменить нельзя" in customer.says_text("нужно поменять адрес")


def test_new_order_goes_to_an_operator(customer):
    assert TRANSFER in customer.says_text("хочу оформить новый заказ")
    [ticket] = customer.tickets()
    assert ticket.kind == "operator" and "новый заказ" in ticket.reason


def test_returner_refused_when_it_was_their_fault(customer):
    identify(customer, "89002000601", "Мельников Тимур Олегович")
    assert "по каким причинам Вы не выкупали заказы?" in customer.says_text("хочу заказать ещё раз")
    answer = customer.says_text("да просто передумал забирать")
    assert "наша компания прекратила сотрудничество с Вами" in answer and customer.tickets() == []


def test_returner_not_their_fault(customer):
    identify(customer, "89002000601", "Мельников Тимур Олегович")
    customer.says_text("хочу оформить новый заказ")
    assert TRANSFER in customer.says_text("я лежал в больнице и не мог забрать")
    assert ticket_kinds(customer) == ["operator"]


def test_do_not_contact_customer(customer):
    identify(customer, "89002000701", "Зуева Майя Ильинична")
    assert "оформить для Вас новый заказ мы не можем" in customer.says_text("хочу сделать заказ")
    assert customer.tickets() == []
