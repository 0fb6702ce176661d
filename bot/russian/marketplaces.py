"""Another marketplace named in a message («как отменить заказ на Ozon», «возврат на вайлдберриз»).

That platform's orders are not this company's to look up, cancel or refund: such a question is out_of_scope
(SPEC §1), in the training data, the held-out sets' labels and the NLU alike (bot/nlu/intent_guards.py).
"""
import re

OTHER_MARKETPLACE = re.compile(r"озон|ozon|вайлдб|вайлбер|валдб|валбер|wildberr|\bwb\b|\bвб\b|яндекс.?маркет|yandex.?market|"
                               r"aliexpress|али\s?экспресс|мегамаркет|lamoda|ламода|авито|taobao|таобао|alibaba|алибаб|"
                               r"\bjoom\b|\bджум\b|shein|\bшейн\b|\btemu\b|kazanexpress|казань\s?экспресс",
                               re.IGNORECASE)


def names_another_marketplace(text: str) -> bool:
    return bool(OTHER_MARKETPLACE.search(text or ""))
