"""A customer's photo of a defect reaches the operator: sent in Telegram (the Bot API emulator and the real bot) after
the hand-over, it appears on the open ticket page in headless Chromium with its thumbnail, opens whole, and is never
served without the desk's login or through another ticket. Screenshot: var/desk-screenshots/ticket-attachments.png."""
from __future__ import annotations

from typing import Iterator

import pytest
import requests
from playwright.sync_api import expect

from bot.local_stack import Stack
from store import queries
from tests.desk.harness import SCREENSHOTS, DeskProcess
from tests.desk.test_browser import _logged_in_page
from tests.telegram.harness import BotProcess, Emulator, TelegramUser
from tests.telegram.test_attachments import jpeg, send_document, send_photo

TOKEN = "310002:TEST-token-for-the-desk-attachments"


@pytest.fixture(scope="module")
def telegram(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    emulator = Emulator(tmp_path_factory.mktemp("emulator")).start()
    bot = BotProcess(tmp_path_factory.mktemp("telegram"), TOKEN, emulator.url, stack.base_url,
                     ORDER_STORE_URL=stack.store_url).start()
    yield emulator
    bot.stop()
    emulator.stop()


def test_a_photo_of_a_defect_appears_on_the_ticket_and_only_behind_the_login(browser, desk: DeskProcess,
                                                                             telegram: Emulator) -> None:
    user = TelegramUser(telegram, TOKEN)
    page = _logged_in_page(browser, desk, "ivanova")  # an operator at the desk: the chat is queued for a human
    user.send_text("соедините с оператором")
    user.replies_with("ожидайте ответа специалиста")
    [ticket] = queries.tickets(f"telegram-{user.chat['id']}")
    page.goto(f"{desk.url}/tickets/{ticket.id}")
    expect(page.locator("#attachments")).to_contain_text("Клиент не присылал файлов")

    photo = jpeg(1280, 960, colour=(150, 90, 40))
    send_photo(user, [jpeg(90, 60), photo])
    user.replies_with(f"приложен к Вашему обращению № {ticket.id}")
    send_document(user, b"%PDF-1.4\n% the courier's act\n", "акт.pdf", "application/pdf")
    user.replies_with(f"№ {ticket.id}")

    # The open page shows them without a reload (its server-sent events), the photo as a loaded thumbnail.
    thumbnail = page.locator("#attachments img")
    expect(thumbnail).to_be_visible()
    assert 0 < thumbnail.evaluate("image => image.complete && image.naturalWidth") <= 320
    expect(page.locator("#attachments a.file", has_text="акт.pdf")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "ticket-attachments.png"), full_page=True)
    photo_url = page.locator("#attachments a:has(img)").get_attribute("href")
    pdf_url = page.locator("#attachments a.file", has_text="акт.pdf").get_attribute("href")

    listed = page.request.get(f"{desk.url}/api/tickets/{ticket.id}").json()["attachments"]
    assert [(a["kind"], a["url"]) for a in listed] == [("photo", photo_url), ("document", pdf_url)]
    whole = page.request.get(f"{desk.url}{photo_url}")
    assert whole.status == 200 and whole.headers["content-type"] == "image/jpeg" and whole.body() == photo
    pdf = page.request.get(f"{desk.url}{pdf_url}")
    assert pdf.body().startswith(b"%PDF-") and pdf.headers["content-disposition"].startswith("attachment;")
    other = queries.create_ticket(kind="operator", reason="другой клиент", conversation_id="desk-attachments-other")
    attachment_id = photo_url.rsplit("/", 1)[1]
    assert page.request.get(f"{desk.url}/tickets/{other}/attachments/{attachment_id}").status == 404

    anonymous = requests.Session()
    for path in (photo_url, f"{photo_url}/thumbnail", pdf_url):
        response = anonymous.get(f"{desk.url}{path}", allow_redirects=False, timeout=10)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), path
        assert b"JFIF" not in response.content and b"%PDF" not in response.content
    page.close()
