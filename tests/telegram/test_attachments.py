"""Photos and documents as a Telegram customer sends them, through the Bot API emulator (getFile and the /file/
download, as for voice notes), the real bot and the real assistant: kept on the conversation's ticket in the order
store, the customer told so; too large or of another kind: refused with the domain's phrase; a caption is answered."""
from __future__ import annotations

import base64
import io
import itertools
from typing import Any, Dict, List

import pytest
from PIL import Image

from bot.local_stack import Stack
from bot.telegram.config import ROOT
from bot.domain_responses import plain_response
from store import attachments, queries
from tests.telegram.harness import Emulator, TelegramUser, joined

DOMAIN = ROOT / "domain.yml"
KEPT = plain_response(DOMAIN, "utter_attachment_kept")
UNSUPPORTED = plain_response(DOMAIN, "utter_attachment_unsupported")
TRANSFER = "ожидайте ответа специалиста"
MAX_MB = "0.2"  # the cap these tests run with (TELEGRAM_ATTACHMENT_MAX_MB), so an «oversized» file stays small
_file_ids = itertools.count(1)


@pytest.fixture
def customer(stack: Stack, emulator: Emulator, spawn_bot, monkeypatch: pytest.MonkeyPatch) -> TelegramUser:
    monkeypatch.setenv("ORDER_STORE_URL", stack.store_url)  # the test reads the store the bot writes
    bot = spawn_bot(stack.base_url, ORDER_STORE_URL=stack.store_url, TELEGRAM_ATTACHMENT_MAX_MB=MAX_MB)
    return TelegramUser(emulator, bot.token)


def jpeg(width: int, height: int, colour: tuple = (180, 40, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG", quality=90)
    return out.getvalue()


def upload(user: TelegramUser, data: bytes, path: str) -> Dict[str, Any]:
    """What Telegram does with a file a user sends: stored (getFile serves it), referred to by its id."""
    file_id = f"file-{next(_file_ids)}"
    user.emulator.post("/__control/file", {"token": user.token, "file_id": file_id, "file_path": f"{path}/{file_id}",
                                           "data_base64": base64.b64encode(data).decode()})
    return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(data)}


def send_photo(user: TelegramUser, sizes: List[bytes], **fields: Any) -> None:
    """A photo arrives as several sizes of one picture (the Bot API's Message.photo: PhotoSize objects with their
    width and height), each downloadable."""
    def dimensions(data: bytes) -> Dict[str, int]:
        with Image.open(io.BytesIO(data)) as image:
            return {"width": image.width, "height": image.height}
    user.send(photo=[{**upload(user, data, "photos"), **dimensions(data)} for data in sizes], **fields)


def send_document(user: TelegramUser, data: bytes, name: str, mime_type: str) -> None:
    user.send(document={**upload(user, data, "documents"), "file_name": name, "mime_type": mime_type})


def conversation(user: TelegramUser) -> str:
    return f"telegram-{user.chat['id']}"


def test_a_photo_sent_after_the_hand_over_is_on_the_ticket_in_its_largest_size(customer: TelegramUser) -> None:
    customer.send_text("соедините с оператором")
    customer.replies_with(TRANSFER)
    [ticket] = queries.tickets(conversation(customer))
    small, large, medium = jpeg(90, 60), jpeg(1280, 960), jpeg(320, 240)

    send_photo(customer, [small, large, medium])

    assert joined(customer.replies()) == plain_response(DOMAIN, "utter_attachment_on_ticket").replace(
        "{ticket_id}", str(ticket.id))
    [kept] = attachments.of_ticket(ticket.id)
    assert (kept.kind, kept.mime_type, kept.size) == ("photo", "image/jpeg", len(large))
    assert attachments.content_of(ticket.id, kept.id).data == large


def test_a_photo_before_any_ticket_waits_its_caption_is_answered_and_it_goes_with_the_hand_over(
        customer: TelegramUser) -> None:
    photo = jpeg(800, 600)
    send_photo(customer, [photo], caption="Пришёл товар с браком")

    replies = customer.replies_with("номер телефона или ФИО")
    assert replies[0].text == KEPT  # the file is confirmed first, then the caption answered as typed text
    assert queries.tickets(conversation(customer)) == []
    customer.send_text("соедините с оператором")
    customer.replies_with(TRANSFER)
    [ticket] = queries.tickets(conversation(customer))
    assert [a.size for a in attachments.of_ticket(ticket.id)] == [len(photo)]


def test_a_pdf_is_kept_and_oversized_or_other_files_are_refused(customer: TelegramUser) -> None:
    send_document(customer, b"%PDF-1.4\n% the courier's act\n", "акт.pdf", "application/pdf")
    assert joined(customer.replies()) == KEPT

    send_document(customer, b"%PDF-1.4\n" + b"0" * 300_000, "скан.pdf", "application/pdf")
    assert joined(customer.replies()) == plain_response(DOMAIN, "utter_attachment_too_large").replace(
        "{max_mb}", MAX_MB)
    send_document(customer, b"PK\x03\x04 an archive", "фото.zip", "application/zip")
    assert joined(customer.replies()) == UNSUPPORTED
    send_document(customer, b"PK\x03\x04 an archive renamed", "чек.pdf", "application/pdf")  # the bytes decide
    assert joined(customer.replies()) == UNSUPPORTED
    customer.send(video={**upload(customer, b"\x00\x00\x00\x18ftypmp42", "videos"), "width": 640, "height": 480,
                         "duration": 3, "mime_type": "video/mp4"})
    assert joined(customer.replies()) == UNSUPPORTED

    assert [(a.file_name, a.mime_type) for a in attachments.of_conversation(conversation(customer))] == [
        ("акт.pdf", "application/pdf")]
