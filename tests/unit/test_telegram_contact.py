"""bot.telegram.contact: a shared contact identifies only when it is the sender's own (SPEC §2 step 6)."""
import datetime as dt
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

from telegram import Chat, Contact, Message, MessageOriginHiddenUser, MessageOriginUser, User  # noqa: E402

from bot.telegram.contact import BAD_PHONE, FORWARDED, NOT_OWN, OWN, judge, judge_message, verified_phone_message  # noqa: E402

MARIA = User(1001, "Мария", is_bot=False)
FRIEND = User(2002, "Ольга", is_bot=False)
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.timezone.utc)


def shared(contact: Contact, sender: User = MARIA, **extra: object) -> Message:
    return Message(10, NOW, Chat(sender.id, "private"), from_user=sender, contact=contact, **extra)


def test_own_contact_is_accepted_with_the_phone_normalised() -> None:
    verdict = judge_message(shared(Contact("79001000101", "Мария", user_id=MARIA.id)))
    assert verdict.accepted and verdict.reason == OWN and verdict.phone == "+79001000101"


def test_own_contact_in_other_notations() -> None:
    for phone in ("+79001000101", "89001000101", "+7 (900) 100-01-01"):
        assert judge(MARIA.id, MARIA.id, phone, forwarded=False).phone == "+79001000101"


def test_someone_elses_contact_is_refused() -> None:
    verdict = judge_message(shared(Contact("79001000101", "Ольга", user_id=FRIEND.id)))
    assert not verdict.accepted and verdict.reason == NOT_OWN and verdict.phone is None


def test_contact_without_a_telegram_account_is_refused() -> None:
    verdict = judge_message(shared(Contact("79001000101", "Мама")))  # from the address book: no user_id
    assert not verdict.accepted and verdict.reason == NOT_OWN


def test_forwarded_contact_is_refused_even_when_it_is_the_senders_own() -> None:
    own_card = Contact("79001000101", "Мария", user_id=MARIA.id)
    for origin in (MessageOriginUser(NOW, FRIEND), MessageOriginHiddenUser(NOW, "Ольга")):
        verdict = judge_message(shared(own_card, forward_origin=origin))
        assert not verdict.accepted and verdict.reason == FORWARDED


def test_own_foreign_number_is_refused_as_not_russian() -> None:
    verdict = judge_message(shared(Contact("447700900123", "Мария", user_id=MARIA.id)))
    assert not verdict.accepted and verdict.reason == BAD_PHONE


def test_message_without_contact_is_not_an_identification() -> None:
    assert not judge_message(Message(11, NOW, Chat(MARIA.id, "private"), from_user=MARIA, text="79001000101")).accepted


def test_verified_phone_goes_to_the_assistant_as_inform_with_the_phone_entity() -> None:
    assert verified_phone_message("+79001000101") == '/inform{"phone": "+79001000101"}'
