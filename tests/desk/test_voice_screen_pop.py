"""The voice screen pop: a call transferred over the jambonz webhook carries its ticket id in the SIP headers, and
`/tickets/<id>` opens that ticket in the browser with what was said on the call."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.desk.harness import JAMBONZ_SECRET, PASSWORD, PBX_OPERATORS, SCREENSHOTS, DeskProcess
from tests.voice.jambonz_peer import FakeJambonz, heard
from tests.voice.schemas import jambonz_schemas


def test_the_ticket_id_in_the_transfer_opens_the_call_with_its_transcript(browser, desk: DeskProcess):
    call = FakeJambonz(desk.stack.base_url, JAMBONZ_SECRET, jambonz_schemas())  # the caller: Иванова, by caller id
    call.dial_in()
    assert "Иванова Мария Петровна, верно?" in heard(call.say("где моя посылка"))
    assert "заказ уже отправлен" in heard(call.say("да"))
    transfer = call.press("0")
    assert [v["verb"] for v in transfer] == ["say", "dial"]
    dial = transfer[1]
    assert dial["target"] == [{"type": "sip", "sipUri": PBX_OPERATORS}]
    ticket_id = dial["headers"]["X-Ticket-Id"]

    # The operator's softphone opens the desk at the ticket the call names (logging in on the way).
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="ru-RU")
    page.goto(f"{desk.url}/tickets/{ticket_id}")
    page.fill("input[name=name]", "ivanova")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{desk.url}/tickets/{ticket_id}")
    expect(page.locator("h1")).to_contain_text(f"Тикет №{ticket_id}")
    expect(page.locator("h1")).to_contain_text("звонок (jambonz)")
    transcript = page.locator("#transcript")
    expect(transcript).to_contain_text("где моя посылка")
    expect(transcript).to_contain_text("Иванова Мария Петровна, верно?")
    expect(transcript).to_contain_text("заказ уже отправлен")  # the assistant's answer on the call
    expect(transcript).to_contain_text("клиент выбрал «оператор»")  # the key 0, in words
    expect(page.locator("body")).not_to_contain_text("+79001000101")  # the caller id is never shown whole
    expect(page.locator("aside")).to_contain_text("1000037")  # the order card the assistant looked at
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "voice-ticket.png"), full_page=True)
    page.close()
