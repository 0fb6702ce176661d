"""Who may see and do what at the desk: nothing without a session, no state change without the CSRF token,
supervisor-only actions, slowed-down password guessing, one winner for a chat, and a paused assistant."""
from __future__ import annotations

import threading

import pytest
import requests

from store import queries
from tests.desk.harness import DeskClient, DeskProcess

PAGES = ["/", "/tickets/1"]
APIS_GET = ["/api/queue", "/api/tickets/1", "/api/events", "/api/tickets/1/events"]
APIS_POST = ["/api/tickets/1/status", "/api/tickets/1/assign", "/api/tickets/1/notes", "/api/tickets/1/chat/take",
             "/api/tickets/1/chat/send", "/api/tickets/1/chat/phrase", "/api/tickets/1/chat/release", "/logout"]


def _ticket(kind: str = "opp") -> int:
    return queries.create_ticket(kind=kind, reason="возврат денег", conversation_id="desk-test",
                                 customer_id="C001", order_id="1000037", summary="Сводка для теста")


def test_without_a_session_pages_redirect_to_login_and_apis_answer_401(desk: DeskProcess):
    _ticket()
    anonymous = requests.Session()
    for path in PAGES:
        response = anonymous.get(f"{desk.url}{path}", allow_redirects=False, timeout=10)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), path
    for path in APIS_GET:
        response = anonymous.get(f"{desk.url}{path}", timeout=10)
        assert response.status_code == 401, path
        assert "Иванова" not in response.text and "1000037" not in response.text
    for path in APIS_POST:
        assert anonymous.post(f"{desk.url}{path}", json={}, timeout=10).status_code == 401, path
    forged = requests.Session()
    forged.cookies.set("desk_session", "guessed-token")
    assert forged.get(f"{desk.url}/api/queue", timeout=10).status_code == 401


def test_a_state_change_without_the_csrf_token_is_refused(desk: DeskProcess):
    ticket_id = _ticket()
    operator = desk.login("ivanova")
    assert operator.post(f"/api/tickets/{ticket_id}/notes", csrf=False, text="без токена").status_code == 403
    operator.csrf = "wrong"
    assert operator.post(f"/api/tickets/{ticket_id}/notes", text="чужой токен").status_code == 403
    assert operator.get(f"/api/tickets/{ticket_id}").json()["notes"] == []


def test_an_operator_works_a_ticket_and_only_a_supervisor_reassigns_or_reopens(desk: DeskProcess):
    ticket_id = _ticket()
    operator, supervisor = desk.login("ivanova"), desk.login("smirnova")
    assert operator.post(f"/api/tickets/{ticket_id}/status", status="in_progress").status_code == 200
    assert operator.post(f"/api/tickets/{ticket_id}/notes", text="Позвонила клиенту").status_code == 200
    assert operator.post(f"/api/tickets/{ticket_id}/assign", assignee="petrov").status_code == 403
    assert operator.post(f"/api/tickets/{ticket_id}/status", status="done").status_code == 200
    assert operator.post(f"/api/tickets/{ticket_id}/status", status="in_progress").status_code == 403
    assert supervisor.post(f"/api/tickets/{ticket_id}/status", status="in_progress").status_code == 200
    assert supervisor.post(f"/api/tickets/{ticket_id}/assign", assignee="petrov").status_code == 200

    ticket = supervisor.get(f"/api/tickets/{ticket_id}").json()
    assert ticket["assignee"] == "petrov" and ticket["status"] == "in_progress"
    assert [n["text"] for n in ticket["notes"]] == ["Позвонила клиенту"]
    assert [(h["actor"], h["detail"]) for h in ticket["history"]] == [
        ("ivanova", "новый → в работе"), ("ivanova", "Позвонила клиенту"), ("ivanova", "в работе → решён"),
        ("smirnova", "решён → в работе"), ("smirnova", "ivanova → petrov")]


def test_an_operator_cannot_work_a_supervisor_ticket(desk: DeskProcess):
    ticket_id = _ticket(kind="authority")
    assert desk.login("ivanova").post(f"/api/tickets/{ticket_id}/status", status="done").status_code == 403
    assert desk.login("smirnova").post(f"/api/tickets/{ticket_id}/status", status="done").status_code == 200


def test_guessing_passwords_is_slowed_down_for_the_account(desk: DeskProcess):
    desk.add_user("guessed", "operator")
    guesser = DeskClient(desk.url)
    for attempt in range(3):
        assert guesser.try_login("guessed", f"wrong-{attempt}").status_code == 401
    # The account now waits, even for the right password and from a fresh browser.
    response = DeskClient(desk.url).try_login("guessed", "correct horse battery")
    assert response.status_code == 429 and "Слишком много неудачных попыток" in response.text


def test_two_operators_taking_the_same_chat_at_once_one_gets_it(desk: DeskProcess, customer):
    operators = [desk.login("ivanova"), desk.login("petrov")]  # at the desk before the customer asks
    customer.says("соедините с оператором")
    ticket_id = queries.tickets(customer.sender)[-1].id
    barrier, codes = threading.Barrier(2), {}

    def take(client: DeskClient) -> None:
        barrier.wait()
        codes[client] = client.post(f"/api/tickets/{ticket_id}/chat/take").status_code

    threads = [threading.Thread(target=take, args=(c,)) for c in operators]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes.values()) == [200, 409]
    winner = next(c for c, code in codes.items() if code == 200)
    loser = next(c for c, code in codes.items() if code == 409)
    assert loser.post(f"/api/tickets/{ticket_id}/chat/send", text="я тоже здесь").status_code == 403
    assert winner.post(f"/api/tickets/{ticket_id}/chat/send", text="Слушаю Вас").status_code == 200


def test_a_taken_chat_gets_no_reply_from_the_assistant_until_it_is_given_back(desk: DeskProcess, customer):
    operator = desk.login("ivanova")
    customer.says("соедините с оператором")
    ticket_id = queries.tickets(customer.sender)[-1].id
    assert operator.post(f"/api/tickets/{ticket_id}/chat/take").status_code == 200
    assert customer.says("где моя посылка?") == []
    assert operator.post(f"/api/tickets/{ticket_id}/chat/release", mode="return").status_code == 200
    messages = requests.get(f"{desk.url}/customer/rest/{customer.sender}/messages", timeout=10).json()["messages"]
    assert messages[-1]["text"] == "Могу ли я Вам ещё чем-нибудь помочь?"
    assert customer.says_text("где моя посылка?")  # the assistant answers again
    transcript = [t["text"] for t in operator.get(f"/api/tickets/{ticket_id}").json()["turns"]]
    assert "где моя посылка?" in transcript  # what the customer wrote while paused is kept for the operator


@pytest.mark.parametrize("path", ["/login?next=//evil.example/", "/login?next=https://evil.example/"])
def test_the_login_never_sends_the_browser_elsewhere(desk: DeskProcess, path: str):
    assert 'name="next" value="/"' in requests.get(f"{desk.url}{path}", timeout=10).text
