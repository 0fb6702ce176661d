"""Files customers send: on the conversation's current ticket, or waiting for the next ticket written; never reachable
through another ticket; judged by their bytes; gone with the conversation at the retention purge."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image
from sqlalchemy import update

from bot.telegram.attachments import Attachments, sniffed_type, thumbnail_of
from store import attachments, queries, retention
from store.db import session_scope
from store.models import Ticket
from tests.desk.analytics_seed import seed


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("ORDER_STORE_URL", f"sqlite:///{tmp_path / 'store.db'}")
    monkeypatch.setenv("EVENT_BROKER_URL", f"sqlite:///{tmp_path / 'events.db'}")


def photo(width: int = 1200, height: int = 900) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def attach(conversation_id: str, data: bytes = b"%PDF-1.4 test") -> attachments.Stored:
    return attachments.attach(conversation_id, "telegram", "document", "application/pdf", data, file_name="акт.pdf")


def test_a_file_sent_before_any_ticket_waits_and_goes_with_the_ticket_written_next():
    stored = attach("telegram-1")
    assert stored.ticket_id is None
    ticket_id = queries.create_ticket(kind="operator", reason="брак", conversation_id="telegram-1")
    assert [a.id for a in attachments.of_ticket(ticket_id)] == [stored.attachment_id]
    assert attachments.of_ticket(queries.create_ticket(kind="operator", reason="r", conversation_id="other")) == []


def test_a_file_sent_while_a_ticket_is_open_is_on_it_at_once_and_a_solved_one_is_not_current():
    first = queries.create_ticket(kind="operator", reason="брак", conversation_id="telegram-2")
    assert attach("telegram-2").ticket_id == first
    with session_scope() as s:
        s.execute(update(Ticket).where(Ticket.id == first).values(status=attachments.SOLVED))
    later = attach("telegram-2")
    assert later.ticket_id is None  # waits for the next ticket rather than joining a closed case
    second = queries.create_ticket(kind="operator", reason="снова брак", conversation_id="telegram-2")
    assert [a.id for a in attachments.of_ticket(second)] == [later.attachment_id]
    assert len(attachments.of_ticket(first)) == 1


def test_a_file_is_served_only_through_its_own_ticket():
    mine = queries.create_ticket(kind="operator", reason="брак", conversation_id="telegram-3")
    other = queries.create_ticket(kind="operator", reason="r", conversation_id="telegram-4")
    stored = attach("telegram-3", b"%PDF-1.4 the customer's act")
    found = attachments.content_of(mine, stored.attachment_id)
    assert found is not None and found.data == b"%PDF-1.4 the customer's act" and found.file_name == "акт.pdf"
    assert attachments.content_of(other, stored.attachment_id) is None
    assert attachments.content_of(mine, stored.attachment_id, thumbnail=True) is None  # a PDF has none


def test_files_are_judged_by_their_bytes_and_photos_get_an_upright_small_thumbnail():
    assert sniffed_type(photo()) == "image/jpeg"
    assert sniffed_type(b"%PDF-1.7\n") == "application/pdf"
    assert sniffed_type(b"PK\x03\x04 a zip named scan.pdf") is None
    assert sniffed_type(b"MZ an .exe named photo.jpg") is None
    small = Image.open(io.BytesIO(thumbnail_of(photo(1200, 900))))
    assert small.format == "JPEG" and max(small.size) == 320 and small.size[0] > small.size[1]
    with pytest.raises(ValueError):
        thumbnail_of(b"\xff\xd8\xff but not really a JPEG")
    with pytest.raises(ValueError):
        Attachments._store("telegram-5", "document", b"PK\x03\x04", "scan.pdf")
    assert attachments.of_conversation("telegram-5") == []


def test_the_size_cap_is_configurable_and_named_in_the_refusal():
    assert Attachments.from_env({}).max_bytes == 10 * 1024 * 1024
    capped = Attachments.from_env({"TELEGRAM_ATTACHMENT_MAX_MB": "2.5"})
    assert capped.max_bytes == int(2.5 * 1024 * 1024) and "2.5 МБ" in capped.too_large


def test_the_retention_purge_deletes_the_files_of_old_conversations_and_of_none_within_the_period():
    seed()  # an-s1 … an-s5 end before 20.11, an-s6 on 23.11
    attach("an-s1")
    kept = attach("an-s6")
    unfolded_old = attach("never-folded-old")  # a conversation the analytics never saw
    unfolded_new = attach("never-folded-new")
    with session_scope() as s:
        s.execute(update(attachments.Attachment).where(attachments.Attachment.id == unfolded_old.attachment_id)
                  .values(created_at=dt.datetime(2026, 11, 1)))
        s.execute(update(attachments.Attachment).where(attachments.Attachment.id == unfolded_new.attachment_id)
                  .values(created_at=dt.datetime(2026, 11, 24)))

    result = retention.purge(days=5, at=dt.datetime(2026, 11, 25))

    assert result.attachments == 2
    assert attachments.of_conversation("an-s1") == [] and attachments.of_conversation("never-folded-old") == []
    assert [a.id for a in attachments.of_conversation("an-s6")] == [kept.attachment_id]
    assert [a.id for a in attachments.of_conversation("never-folded-new")] == [unfolded_new.attachment_id]
