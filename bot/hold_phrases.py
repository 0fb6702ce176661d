"""The script's hold phrases: the domain responses said while a customer waits for an answer.

Seed 004 «СТАНДАРТНЫЕ ФРАЗЫ»: «Установка на Hold», «Продлить Hold», «Возвращение с Hold». A channel that
keeps a customer waiting (Telegram while the assistant is slow), the assistant during a long look-up and
an operator desk take them from domain.yml by these names; Rasa-free, so every channel can import it.
"""
from __future__ import annotations

from typing import Tuple

HOLD_SET = "utter_hold"  # «И.О., оставайтесь, пожалуйста, на линии, уточню информацию и вернусь к диалогу»
HOLD_EXTEND = "utter_hold_extend"  # «И.О., спасибо за ожидание. Уточнение информации займет еще некоторое время…»
HOLD_BACK = "utter_hold_back"  # «И.О., спасибо за ожидание, информацию для вас уточнил(а)»

HOLD_PHRASES: Tuple[str, ...] = (HOLD_SET, HOLD_EXTEND, HOLD_BACK)
