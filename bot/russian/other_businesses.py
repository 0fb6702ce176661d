"""Another kind of business named by what only it deals in: a bank's loan, a clinic's treatment, a flight, a
taxi, a rented flat, a pension («когда вернут деньги за лечение», «хочу отменить рассрочку по кредиту»).

The shop's words in such a message (деньги, вернуть, отменить, заказ, жалоба) are about that business, not
this company's orders: it is out_of_scope, as another marketplace's order is (bot/nlu/intent_guards.py). Only
words no message about a parcel needs: «паспорт» (a parcel is collected with one), «врач» (a tonometer
returned on a doctor's advice), «банк», «карта», «тариф» and «рассрочка» are not here; nor are words of goods
the shop may sell («домашний кинотеатр», «фитнес-браслет», «набор для маникюра», «книга рецептов», «курс» of
vitamins, «лотерейный билет» in a parcel).
"""
from bot.russian import morphology

OTHER_BUSINESS_LEMMAS = frozenset({
    # banks and insurers
    "кредит", "кредитный", "ипотека", "ипотечный", "вклад", "депозит", "банкомат", "сбп",
    "страховка", "страховой", "полис", "осаго", "каско",
    # medicine
    "поликлиника", "клиника", "стоматолог", "стоматология", "лечение", "анализ", "медсестра", "терапевт", "аптека",
    # housing and rent
    "аренда", "арендодатель", "квартплата", "жкх", "риелтор", "нотариус",
    # travel, taxi, restaurants
    "авиарейс", "рейс", "авиабилет", "авиакомпания", "багаж", "поезд", "ржд", "гостиница", "отель",
    "такси", "ресторан", "столик", "пицца", "пиццерия", "суши", "кафе", "кофейня", "пекарня", "пирожковый", "шаурма",
    "бургер", "ролл", "экскурсия", "путевка", "концерт", "хостел",
    # services, schools, cars, lenders
    "парикмахерская", "барбершоп", "репетитор", "вебинар", "экзамен", "стипендия",
    "гибдд", "автосервис", "шиномонтаж", "эвакуатор", "заем", "микрозаем", "мфо",
    # the state, employers, telecom, clubs
    "налоговый", "пенсия", "пособие", "госуслуга", "мфц", "виза", "зарплата", "роуминг", "абонемент", "провайдер",
    # social-media promotion sold by the follower («накрутка подписчиков»)
    "накрутка",
})


def names_another_business(text: str) -> bool:
    return any(morphology.lemma(word) in OTHER_BUSINESS_LEMMAS for word in morphology.words(text or ""))
