"""Photos and documents a Telegram customer sends, kept for the operator on the conversation's current ticket.

A photo is taken in its largest size; a document must be an image (JPEG, PNG, WebP) or a PDF — judged by its bytes,
not by the name or type the sender's app declares — and at most TELEGRAM_ATTACHMENT_MAX_MB (10). Anything else, or
anything larger, is refused with the domain's phrase before it is downloaded, when Telegram tells the size first.
"""
from __future__ import annotations

import asyncio
import io
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional, Union

from PIL import Image, ImageOps, UnidentifiedImageError
from telegram import Document, Message, PhotoSize
from telegram.error import TelegramError

from bot.telegram.config import DEFAULT_DOMAIN_FILE
from bot.domain_responses import plain_response
from store import attachments

logger = logging.getLogger(__name__)

ON_TICKET = "utter_attachment_on_ticket"
KEPT = "utter_attachment_kept"
TOO_LARGE = "utter_attachment_too_large"
UNSUPPORTED = "utter_attachment_unsupported"
FAILED = "utter_attachment_failed"
CHANNEL = "telegram"
DEFAULT_MAX_MB = 10.0  # a phone's photo is 2–5 MB; Telegram lets a bot download up to 20 MB
THUMBNAIL_SIDE = 320  # pixels: the desk lists files this size
DECLARED_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf"}
DECLARED_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".pdf"}

TelegramFile = Union[PhotoSize, Document]


def sniffed_type(data: bytes) -> Optional[str]:
    """The type the bytes say they are, among those accepted; None for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def thumbnail_of(data: bytes) -> bytes:
    """A small JPEG of an image, turned upright as the phone took it; raises ValueError for a broken image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            small = ImageOps.exif_transpose(image)
            small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
            out = io.BytesIO()
            small.convert("RGB").save(out, "JPEG", quality=80)
            return out.getvalue()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as error:
        raise ValueError(f"not a readable image: {type(error).__name__}") from error


@dataclass(frozen=True)
class Received:
    """What the customer is told, and the ticket the file went to (None: refused, failed or kept waiting)."""

    reply: str
    ticket_id: Optional[int] = None


class Attachments:
    def __init__(self, domain_file: Path, max_mb: float = DEFAULT_MAX_MB) -> None:
        self.max_mb = max_mb
        self.max_bytes = int(max_mb * 1024 * 1024)
        # The phrases are the company's (domain.yml); read at start-up so a missing one fails early.
        self.on_ticket = plain_response(domain_file, ON_TICKET)
        self.kept = plain_response(domain_file, KEPT)
        self.too_large = plain_response(domain_file, TOO_LARGE).replace("{max_mb}", f"{max_mb:g}")
        self.unsupported = plain_response(domain_file, UNSUPPORTED)
        self.failed = plain_response(domain_file, FAILED)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ, domain: Path = DEFAULT_DOMAIN_FILE) -> "Attachments":
        return cls(domain, float(env.get("TELEGRAM_ATTACHMENT_MAX_MB") or DEFAULT_MAX_MB))

    def _acceptable(self, message: Message) -> Optional[TelegramFile]:
        if message.photo:
            # The sizes Telegram made of the picture: the largest, whatever order they come in.
            return max(message.photo, key=lambda size: (size.width * size.height, size.file_size or 0))
        document = message.document
        if document is None or message.animation is not None:
            return None  # videos, GIFs
        suffix = Path(document.file_name or "").suffix.lower()
        if document.mime_type in DECLARED_TYPES or suffix in DECLARED_SUFFIXES:
            return document
        return None

    async def receive(self, message: Message, conversation_id: str) -> Received:
        item = self._acceptable(message)
        if item is None:
            return Received(self.unsupported)
        if item.file_size and item.file_size > self.max_bytes:
            return Received(self.too_large)
        try:
            handle = await item.get_file()
            if handle.file_size and handle.file_size > self.max_bytes:
                return Received(self.too_large)
            data = bytes(await handle.download_as_bytearray())
        except (TelegramError, OSError) as error:
            logger.warning("chat %s: attachment not downloaded: %s", message.chat_id, type(error).__name__)
            return Received(self.failed)
        if len(data) > self.max_bytes:
            return Received(self.too_large)
        kind = "photo" if message.photo else "document"
        file_name = message.document.file_name if message.document else None
        try:
            stored = await asyncio.to_thread(self._store, conversation_id, kind, data, file_name)
        except ValueError:
            return Received(self.unsupported)
        except Exception as error:  # the store is away: the customer may send it again
            logger.warning("chat %s: attachment not stored: %s", message.chat_id, type(error).__name__)
            return Received(self.failed)
        logger.info("chat %s: %s of %d bytes kept as attachment #%s (ticket %s)", message.chat_id, kind, len(data),
                    stored.attachment_id, stored.ticket_id or "not yet written")
        if stored.ticket_id is None:
            return Received(self.kept)
        return Received(self.on_ticket.replace("{ticket_id}", str(stored.ticket_id)), stored.ticket_id)

    @staticmethod
    def _store(conversation_id: str, kind: str, data: bytes, file_name: Optional[str]) -> attachments.Stored:
        """Checked by its bytes, a thumbnail made, stored; ValueError when the bytes are not what is accepted."""
        mime_type = sniffed_type(data)
        if mime_type is None:
            raise ValueError("not an image or a PDF")
        thumbnail = thumbnail_of(data) if mime_type.startswith("image/") else None
        stored = attachments.attach(conversation_id, CHANNEL, kind, mime_type, data, file_name=file_name,
                                    thumbnail=thumbnail)
        if stored.ticket_id is not None:
            from desk.live_events import announce_change  # the desks show it now (with Redis; else at their poll)

            announce_change(stored.ticket_id)
        return stored
