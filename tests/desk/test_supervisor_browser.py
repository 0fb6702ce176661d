"""The supervisor's view in a real browser (Debian's headless Chromium through Playwright): the dashboard of a
seeded set of conversations shows their known figures and draws every chart, the review masks personal data until
an opening with a reason (which is logged), the «не поняла» groups are listed, and an operator gets 403.
Screenshots go to var/desk-screenshots/."""
from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from tests.desk.analytics_seed import DAY1, DAY3, MISUNDERSTOOD, PHONE, seed
from tests.desk.harness import PASSWORD, SCREENSHOTS, DeskProcess

TIMEOUT_MS = 15_000
SEEDED = f"from={DAY1.isoformat()}&to={DAY3.isoformat()}"  # the stack's own conversations are dated today


@pytest.fixture(scope="module")
def seeded(stack, desk) -> None:
    os.environ["EVENT_BROKER_URL"] = stack.events_url  # the events the stack's Rasa server publishes
    seed()


def _page(browser, desk: DeskProcess, name: str, errors: list) -> Page:
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="ru-RU")
    page.set_default_timeout(TIMEOUT_MS)
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Any page, script or image that failed; the browser's own favicon request is not the desk's.
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    page.goto(f"{desk.url}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Очередь")
    return page


def test_the_dashboard_shows_the_seeded_figures_and_draws_every_chart(browser, desk, seeded):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    errors: list = []
    page = _page(browser, desk, "smirnova", errors)
    page.click("header a.supervisor-link")
    expect(page.locator("h1")).to_contain_text("Показатели")
    page.goto(f"{desk.url}/supervisor?{SEEDED}")
    figures = {"#fig-conversations": "6", "#fig-contained": "1 (17%)", "#fig-handed-over": "4",
               "#fig-reason-operator_request": "1", "#fig-reason-second_misunderstanding": "1",
               "#fig-reason-identification_failed": "1", "#fig-reason-profanity": "1",
               "#fig-reason-script_transfer": "0", "#fig-abandoned": "1",
               "#fig-identification": "75% (3 из 4)", "#fig-misunderstood": "20% (3 из 15)",
               "#fig-rating": "3.33 (3 оценок)", "#fig-rating-distribution": "1: 1 · 2: 0 · 3: 0 · 4: 1 · 5: 1",
               "#fig-time-to-human": "90 с", "#fig-handling": "450 с"}
    for selector, text in figures.items():
        expect(page.locator(selector)).to_have_text(text)
    charts = page.locator("figure.chart img")
    expect(charts).to_have_count(7)
    for i in range(7):  # every SVG loaded and drawn (an image that failed has no natural width)
        charts.nth(i).scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=charts.nth(i).element_handle())
    page.screenshot(path=str(SCREENSHOTS / "supervisor-dashboard.png"), full_page=True)

    page.select_option("select[name=channel]", "telegram")
    page.select_option("select[name=period]", "week")
    page.click("form.filters button")
    expect(page.locator("#fig-conversations")).to_have_text("2")
    expect(page.locator("#fig-reason-profanity")).to_have_text("1")
    csv = page.request.get(desk.url + page.locator("#chart-conversations a").get_attribute("href")).text()
    assert csv.lstrip("\ufeff").splitlines() == ["период,без оператора,передан оператору,брошен",
                                                 f"{DAY1.isoformat()},0,1,0", f"{DAY3.isoformat()},0,1,0"]
    assert errors == []
    page.close()


def test_a_transcript_is_masked_until_opened_with_a_reason_and_the_opening_is_logged(browser, desk, seeded):
    errors: list = []
    page = _page(browser, desk, "smirnova", errors)
    page.goto(f"{desk.url}/supervisor/conversations?{SEEDED}")
    page.fill("input[name=phone]", "8 916 111-22-33")
    page.click("form.filters button")
    expect(page.locator("#found")).to_have_text("3")
    page.locator("#conversations tr[data-conversation=an-s1] a").click()
    expect(page.locator("#masked-note")).to_be_visible()
    expect(page.locator("#transcript")).to_contain_text("мой телефон +7 ••• •••-22-33")
    expect(page.locator("#transcript")).not_to_contain_text(PHONE)
    expect(page.locator("#openings")).to_contain_text("никто не открывал")
    page.screenshot(path=str(SCREENSHOTS / "supervisor-review.png"), full_page=True)

    page.fill("form.unmask input[name=reason]", "жалоба клиента на консультацию")
    page.click("form.unmask button")
    expect(page.locator("#unmasked-note")).to_be_visible()
    expect(page.locator("#transcript")).to_contain_text(PHONE)
    expect(page.locator("#openings")).to_contain_text("smirnova · жалоба клиента на консультацию")
    page.goto(f"{desk.url}/supervisor/conversations/an-s1")  # reading it again: masked again, the log stays
    expect(page.locator("#transcript")).not_to_contain_text(PHONE)
    expect(page.locator("#openings")).to_contain_text("smirnova")
    assert errors == []
    page.close()


def test_the_messages_the_assistant_did_not_understand_are_grouped(browser, desk, seeded):
    errors: list = []
    page = _page(browser, desk, "smirnova", errors)
    page.goto(f"{desk.url}/supervisor/misunderstood")
    group = page.locator("form.group", has_text=MISUNDERSTOOD[0])
    for text in MISUNDERSTOOD[:2]:
        expect(group).to_contain_text(text)
    page.screenshot(path=str(SCREENSHOTS / "supervisor-misunderstood.png"), full_page=True)
    assert errors == []
    page.close()


def test_an_operator_sees_no_supervisor_page(browser, desk, seeded):
    errors: list = []
    page = _page(browser, desk, "ivanova", errors)
    expect(page.locator("header a.supervisor-link")).to_have_count(0)
    csrf = page.locator("meta[name=csrf-token]").get_attribute("content")
    for path in ("/supervisor", "/supervisor/conversations", "/supervisor/conversations/an-s1",
                 "/supervisor/misunderstood", "/supervisor/charts/conversations.svg",
                 "/supervisor/export/conversations.csv"):
        assert page.goto(f"{desk.url}{path}").status == 403, path
    response = page.request.post(f"{desk.url}/supervisor/conversations/an-s1/unmasked", form={"reason": "x"},
                                 headers={"X-CSRF-Token": csrf})
    assert response.status == 403
    page.close()
