"""Order changes, cancellation and new orders over REST: the script's decision, a ticket, no pretence."""
import pytest

from tests.conversation.helpers import TRANSFER, identify, ticket_kinds

PAVLOVA = ("89001001701", "Павлова Людмила Ивановна")  # Буфер, post
STEPANOVA = ("89001001901", "Степанова Ирина Алексеевна")  # Буфер, courier
IVANOVA = ("89001000101", "Иванова Мария Петровна")  # Экспортирован, post, ШПИ
POPOV = ("89001000401", "Попов Сергей Викторович")  # Экспортирован, courier, ШПИ
SMIRNOVA = ("89001000301", "Смирнова Ольга Николаевна")  # Экспортирован, post, arrived
SOKOLOVA = ("89001000701", "Соколова Анна Дмитриевна")  # Экспортирован, ПВЗ, ШПИ
NOVIKOVA = ("89001000901", "Новикова Татьяна Владимировна")  # Экспортирован, ПВЗ, arrived
PETROV = ("89001000601", "Петров Иван Сергеевич")  # Экспортирован, courier, arrived
BARANOVA = ("89001003901", "Баранова Лидия Максимовна")  # Отменён
SERGEEVA = ("89001003301", "Сергеева Полина Андреевна")  # Выгружено: Императорский монетный двор
RETURNER = ("89002000601", "Мельников Тимур Олегович")  # «Возвратник»: two latest orders in «Возврат»
RETURNER_CANCELLED = ("89005120101", "Дорофеев Виталий Сергеевич")  # «Возвратник» with an older «Аннулирован»
RECORDED = "информация по вашему вопросу зафиксирована"
REFUSED = "наша компания прекратила сотрудничество с Вами"


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
    assert answer.endswith("Скажите, у Вас будет возможность там получить заказ?") and customer.tickets() == []
    # 004: «Скажите, у Вас будет возможность там получить заказ?» — yes: corrected, the order goes there.
    assert RECORDED in customer.says_text("да, смогу")
    [ticket] = customer.tickets()
    assert ticket.kind == "crm_edit" and "в том же отделении" in ticket.reason and "ул. Ленина" in ticket.reason


def test_address_within_the_town_but_they_cannot_receive_it_there(customer):
    identify(customer, *IVANOVA)
    customer.says_text("хочу поменять адрес доставки")
    customer.says_text("Тверь, проспект Победы 12")
    customer.says_text("да")
    answer = customer.says_text("нет, туда мне далеко")
    assert "Сейчас исправим ошибку и сможем переоформить Вам заказ" in answer  # the script's other branch
    [ticket] = customer.tickets()
    assert ticket.kind == "crm_edit" and "переоформить" in ticket.reason and "проспект Победы" in ticket.reason


def test_address_of_a_pickup_order_names_the_pickup_point(customer):
    identify(customer, *SOKOLOVA)
    customer.says_text("ошибка в адресе доставки, нужно исправить")
    customer.says_text("Екатеринбург, ул. Малышева 7")
    answer = customer.says_text("да")
    # 004 «Почта РФ/ПВЗ … Заказ поступит(л) в ___ отделение»: for ПВЗ the point, never a post office.
    assert "Заказ поступит в пункт выдачи: г. Екатеринбург, ул. Малышева, д. 5" in answer
    assert "почтовое отделение" not in answer and "будет возможность там получить заказ?" in answer


def test_address_of_a_pickup_order_that_has_arrived(customer):
    identify(customer, *NOVIKOVA)
    customer.says_text("неправильный адрес в заказе")
    customer.says_text("Уфа, ул. Ленина 3")
    assert "Заказ поступил в пункт выдачи: г. Уфа" in customer.says_text("да")


def test_address_of_a_parcel_that_has_arrived_in_the_town(customer):
    identify(customer, *SMIRNOVA)
    customer.says_text("адрес доставки неправильный")
    customer.says_text("Рязань, ул. Есенина 4")
    answer = customer.says_text("да")
    # 004 «Прибыло в город … диктуем номер гор. линии Почты, чтобы направили на его Почтовое отделение»
    assert "8 800 200 58 88" in answer and "чтобы посылку направили в Ваше почтовое отделение" in answer


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
    first = customer.says_text("хочу отменить заказ")
    # Round 1: 004 «Клиент хочет убрать что-то из заказа»; round 2: the «НЕ ПОНРАВИЛСЯ» offer (the script's words).
    assert "товар был доступен Вам по такой цене в момент заказа, рекомендую Вам оставить его" in first
    assert "Оставим заказ без изменений?" in first
    second = customer.says_text("нет")
    assert "предложение данного товара для Вас эксклюзивно в рамках проведенной акции" in second
    assert "рассмотреть возможность оставить товар у себя" in second and second.endswith("Оставим заказ?")
    assert "подумайте ещё раз" not in second and customer.tickets() == []
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
    answer = customer.says_text("нет")
    assert "горячую линию Почты России 8 800 200 58 88" in answer and "напишите там отказ от посылки" in answer


def test_cancel_a_shipped_parcel_means_refusing_it_at_the_post(customer):
    identify(customer, *IVANOVA)
    customer.says_text("передумала, отмените заказ")
    customer.says_text("нет")
    assert "обратитесь в Ваше почтовое отделение и напишите отказ от посылки" in customer.says_text("нет")


def cancel_after_objections(customer) -> str:
    customer.says_text("хочу отменить заказ")
    customer.says_text("нет")
    return customer.says_text("нет")


def test_cancel_a_shipped_courier_order(customer):
    identify(customer, *PETROV)  # arrived in the town, yet a courier order: no post office, no Почта line
    answer = cancel_after_objections(customer)
    assert "Когда курьерская служба с Вами свяжется для согласования даты доставки, сообщите об отказе" in answer
    assert "почтов" not in answer and "8 800 200 58 88" not in answer and customer.tickets() == []


def test_cancel_a_shipped_pickup_order(customer):
    identify(customer, *SOKOLOVA)
    answer = cancel_after_objections(customer)
    assert "срок хранения 3 дня после поступления" in answer and "почтов" not in answer


def test_just_ordered_a_shipped_order(customer):
    identify(customer, *IVANOVA)
    answer = customer.says_text("я же заказывала пару часов назад!")
    assert "мы стараемся максимально быстро собирать и отправлять заказы, поэтому заказ возможно уже был отправлен" in answer
    assert customer.tickets() == []


def test_just_ordered_an_order_not_yet_shipped(customer):
    identify(customer, *PAVLOVA)
    answer = customer.says_text("я же сегодня заказывала!")
    assert "сейчас я уточню информацию, оставайтесь на линии" in answer
    [ticket] = customer.tickets()
    assert ticket.kind == "operator" and "аннулировать / изменить" in ticket.reason


def test_prepaid_orders_go_to_opp(customer):
    identify(customer, "89002000801", "Ковалёв Пётр Ильич")
    answer = customer.says_text("хочу отменить заказ")
    assert "ожидайте звонка специалиста" in answer.lower()
    assert ticket_kinds(customer) == ["opp"]


def test_untouchable_status(customer):
    identify(customer, "89001004101", "Алексеев Артём Денисович")
    assert "ничего изменить нельзя" in customer.says_text("нужно поменять адрес")


def test_a_cancelled_order_is_not_touched_a_new_one_is_offered(customer):
    identify(customer, *BARANOVA)  # «Отменён»: «НЕ ТРОГАЕМ ЕСЛИ СОГЛАСЕН, ОФОРМЛЯЕМ НОВЫЙ»
    answer = customer.says_text("хочу поменять адрес доставки")
    assert "этот заказ изменить уже нельзя, но мы можем оформить Вам новый заказ" in answer and customer.tickets() == []
    assert TRANSFER in customer.says_text("да")
    [ticket] = customer.tickets()
    assert ticket.kind == "operator" and "новый заказ" in ticket.reason


def test_a_cancelled_order_and_no_new_one(customer):
    identify(customer, *BARANOVA)
    customer.says_text("уберите товар из заказа")
    assert "заказ оставляем без изменений" in customer.says_text("нет, не надо")
    assert customer.tickets() == []


def test_a_partner_order_gets_the_partners_phone(customer):
    identify(customer, *SERGEEVA)
    answer = customer.says_text("хочу отменить заказ")
    assert "«Императорский монетный двор»" in answer and "8 800 301 75 06" in answer
    assert "ничего изменить нельзя" not in answer and customer.tickets() == []


def test_new_order_goes_to_an_operator(customer):
    assert TRANSFER in customer.says_text("хочу оформить новый заказ")
    [ticket] = customer.tickets()
    assert ticket.kind == "operator" and "новый заказ" in ticket.reason


def test_returner_refused_when_it_was_their_fault(customer):
    identify(customer, *RETURNER)
    assert "по каким причинам Вы не выкупали заказы?" in customer.says_text("хочу заказать ещё раз")
    answer = customer.says_text("да просто передумал забирать")
    assert REFUSED in answer and customer.tickets() == []


# Answers the fault classifier never saw in training; some sound like other topics («передумала» is how a
# cancellation starts): they are still the answer to the question.
@pytest.mark.parametrize("reason", ["передумала", "не было денег", "не захотела забирать"])
def test_returner_reasons_that_were_their_fault(customer, reason):
    identify(customer, *RETURNER)
    customer.says_text("хочу оформить новый заказ")
    answer = customer.says_text(reason)
    assert REFUSED in answer and customer.tickets() == []


@pytest.mark.parametrize("reason", ["я лежал в больнице и не мог забрать", "курьер не приехал",
                                    "отправили не по тому адресу", "извещение не приходило"])
def test_returner_not_their_fault(customer, reason):
    identify(customer, *RETURNER)
    customer.says_text("хочу оформить новый заказ")
    assert TRANSFER in customer.says_text(reason)
    [ticket] = customer.tickets()
    assert ticket.kind == "operator" and "не по вине клиента" in ticket.reason and reason in ticket.reason


def test_returner_asking_to_re_place_a_cancelled_order(customer):
    identify(customer, *RETURNER_CANCELLED)
    answer = customer.says_text("где мой заказ 5120101?")
    assert "от заказа отказывались" in answer
    assert "по каким причинам Вы не выкупали заказы?" in customer.says_text("да, актуален")
    assert REFUSED in customer.says_text("не захотел платить") and customer.tickets() == []


def test_returner_where_is_a_returned_order(customer):
    identify(customer, *RETURNER)
    answer = customer.says_text("где посылка 3000601")
    assert "Ваш заказ был возвращён к нам обратно" in answer and "оформить заново" not in answer
    assert answer.endswith("по каким причинам Вы не выкупали заказы?")
    assert TRANSFER in customer.says_text("посылку отправили не на тот адрес")
    assert ticket_kinds(customer) == ["operator"]


def test_do_not_contact_customer(customer):
    identify(customer, "89002000701", "Зуева Майя Ильинична")
    assert "оформить для Вас новый заказ мы не можем" in customer.says_text("хочу сделать заказ")
    assert customer.tickets() == []


def test_do_not_contact_customer_re_placing_a_cancelled_order(customer):
    identify(customer, "89002000701", "Зуева Майя Ильинична")  # «Аннулирован» by the customer
    assert "от заказа отказывались" in customer.says_text("где мой заказ?")
    assert "оформить для Вас новый заказ мы не можем" in customer.says_text("да")
    assert customer.tickets() == []


def test_do_not_contact_customer_with_a_returned_order(customer):
    identify(customer, "89005120201", "Ефремова Кира Андреевна")
    answer = customer.says_text("где моя посылка")
    assert "Ваш заказ был возвращён к нам обратно" in answer and "оформить для Вас новый заказ мы не можем" in answer
    assert "Мы можем его оформить заново" not in answer and customer.tickets() == []
