"""A phone dictated when the IVR asked for it: read from the speech service's free transcript or its number words."""
from __future__ import annotations

from bot.russian.phones import find_phones
from bot.voice.number_reading import reading_of_digits


def _phones(text: str) -> list:
    return [m.value for m in find_phones(text)]


def test_a_phone_whisper_wrote_wrong_in_digits_is_read_from_the_number_words():
    # «девятьсот двадцать пять» came out as «9025»: the free transcript holds no phone, the number words do
    text, is_phone = reading_of_digits("Восемь 9025 645 42 84",
                                         ["Восемь, девятьсот двадцать пять, шестьсот сорок пять, сорок два, "
                                          "восемьдесят четыре."])
    assert _phones(text) == ["+79256454284"] and is_phone


def test_a_phone_in_the_free_transcript_is_kept_whatever_the_number_words_say():
    text, is_phone = reading_of_digits("Мой телефон 8 921 337 53 59", ["восемь девятьсот двадцать один"])
    assert _phones(text) == ["+79213375359"] and is_phone


def test_a_name_said_instead_of_the_phone_stays_as_said():
    # the caller may answer «назовите телефон или ФИО» with the name: the number pass is then noise
    text, is_phone = reading_of_digits("Иванова Мария Петровна", ["девять, сто, два"])
    assert text == "Иванова Мария Петровна" and not is_phone


def test_groups_split_by_commas_and_plus_without_seven_are_one_phone():
    # Whisper drops «семь» after «плюс» and puts commas between the groups
    text, _ = reading_of_digits("плюс 903, 618, 63, 21", [])
    assert _phones(text) == ["+79036186321"]


def test_compounds_split_in_two_are_joined():
    # «девять, сорт» for «девятьсот», «пять, сот» for «пятьсот», «восемь, десять» for «восемьдесят»
    text, is_phone = reading_of_digits("Мой телефон, полю, 7 9 592, 83 95",
                                         ["Мой телефон, плюс, девять, сорт, пять, сот, девяносто два, восемь, "
                                          "десять три, девяносто пять."])
    assert _phones(text) == ["+79005928395"] and is_phone
