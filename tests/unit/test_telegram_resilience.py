"""Resilience of the Telegram front without the network: hold/apology in a dialogue, Bot API retries (flood
limits, network errors, a blocked bot), per-chat ordering. The Rasa client's retries: test_rasa_client.py."""
import asyncio
import pathlib
import sys
from typing import Any, Dict, List, Optional

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

import pytest  # noqa: E402
from telegram.error import BadRequest, Forbidden, RetryAfter, TimedOut  # noqa: E402

from bot.rasa_client import RasaUnavailable  # noqa: E402
from bot.telegram.config import DEFAULT_DOMAIN_FILE, Phrases  # noqa: E402
from bot.telegram.texts import Captions  # noqa: E402
from bot.telegram.conversation import Chat, Dialogue  # noqa: E402
from bot.telegram.delivery import ChatBlocked, FloodControl, FloodWaitTooLong, with_retries  # noqa: E402
from bot.telegram.ordering import ChatQueues  # noqa: E402

PHRASES = Phrases(hold="Оставайтесь на линии.", apology="Приношу извинения.",
                  captions=Captions.load(DEFAULT_DOMAIN_FILE))
LATER = "Сейчас я не могу ответить. Пожалуйста, повторите Ваше сообщение через несколько минут."
GREETING = [{"recipient_id": "telegram-1", "text": "Здравствуйте!"}]


# --- a dialogue ---

class FakeSender:
    def __init__(self) -> None:
        self.sent: List[str] = []

    async def text(self, chat_id: int, text: str, markup: Any = None, reply_to: Optional[int] = None) -> None:
        self.sent.append(text)

    async def typing(self, chat_id: int) -> None:
        pass


class FakeRasa:
    def __init__(self, delay: float = 0.0, down: bool = False) -> None:
        self.delay, self.down = delay, down

    async def send(self, sender: str, message: str, metadata: Dict[str, Any], deadline: Optional[float] = None):
        await asyncio.sleep(self.delay)
        if self.down:
            raise RasaUnavailable("down")
        return GREETING


def dialogue(rasa: FakeRasa, sender: FakeSender) -> Dialogue:
    return Dialogue(rasa, sender, PHRASES, hold_after=0.05, retry_window=1)  # type: ignore[arg-type]


def test_a_quick_answer_comes_without_the_hold_phrase() -> None:
    sender = FakeSender()
    asyncio.run(dialogue(FakeRasa(), sender).exchange(Chat(1, {}), "привет", {}))
    assert sender.sent == ["Здравствуйте!"]


def test_a_slow_answer_is_preceded_by_the_hold_phrase() -> None:
    sender = FakeSender()
    asyncio.run(dialogue(FakeRasa(delay=0.2), sender).exchange(Chat(1, {}), "привет", {}))
    assert sender.sent == [PHRASES.hold, "Здравствуйте!"]


def test_an_outage_is_apologised_for_once_until_the_assistant_answers_again() -> None:
    sender, chat = FakeSender(), Chat(1, {})

    async def scenario() -> None:
        down = dialogue(FakeRasa(down=True), sender)
        await down.exchange(chat, "привет", {})
        await down.exchange(chat, "где посылка", {})
        await dialogue(FakeRasa(), sender).exchange(chat, "привет", {})
        await down.exchange(chat, "привет", {})

    asyncio.run(scenario())
    assert sender.sent == [PHRASES.apology, LATER, "Здравствуйте!", PHRASES.apology,
                           LATER]


def test_a_customer_asked_to_hold_is_always_told_how_it_ended() -> None:
    sender, chat = FakeSender(), Chat(1, {})

    async def scenario() -> None:
        slow_and_down = dialogue(FakeRasa(delay=0.2, down=True), sender)
        await slow_and_down.exchange(chat, "привет", {})
        await slow_and_down.exchange(chat, "алло?", {})

    asyncio.run(scenario())
    assert sender.sent == [PHRASES.hold, PHRASES.apology, LATER] * 2


# --- Bot API calls ---

def through_flood_control(call: Any, limiter: Optional[FloodControl] = None) -> Any:
    """A sendMessage to a private chat as the Application's bot makes it: through the rate limiter."""
    async def callback(*args: Any, **kwargs: Any) -> Any:
        return await call()

    return asyncio.run((limiter or FloodControl()).process_request(
        callback, args=(), kwargs={}, endpoint="sendMessage", data={"chat_id": 1, "text": "…"},
        rate_limit_args=None))


def test_flood_limit_is_waited_out_then_sent() -> None:
    attempts = []

    async def call() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise RetryAfter(0)
        return "sent"

    assert through_flood_control(call) == "sent"
    assert len(attempts) == 3


def test_a_flood_limit_that_persists_fails_after_the_allowed_retries() -> None:
    attempts = []

    async def call() -> None:
        attempts.append(1)
        raise RetryAfter(0)

    with pytest.raises(RetryAfter):
        through_flood_control(call, FloodControl(max_retries=2))
    assert len(attempts) == 3


def test_network_errors_are_retried_with_backoff() -> None:
    attempts = []

    async def call() -> str:
        attempts.append(1)
        if len(attempts) < 2:
            raise TimedOut()
        return "sent"

    assert asyncio.run(with_retries(call, "sendMessage", first_delay=0.01)) == "sent"


def test_a_blocked_bot_and_a_bad_request_are_not_retried() -> None:
    attempts = []

    async def blocked() -> None:
        attempts.append(1)
        raise Forbidden("Forbidden: bot was blocked by the user")

    async def bad() -> None:
        attempts.append(1)
        raise BadRequest("Bad Request: message text is empty")

    with pytest.raises(ChatBlocked):
        asyncio.run(with_retries(blocked, "sendMessage"))
    with pytest.raises(BadRequest):
        asyncio.run(with_retries(bad, "sendMessage"))
    assert len(attempts) == 2


def test_a_flood_wait_longer_than_allowed_is_not_waited() -> None:
    attempts = []

    async def call() -> None:
        attempts.append(1)
        raise RetryAfter(3600)

    with pytest.raises(FloodWaitTooLong):
        through_flood_control(call, FloodControl(max_wait=60))
    assert len(attempts) == 1


def test_network_errors_are_not_the_rate_limiters_business() -> None:
    attempts = []

    async def call() -> None:
        attempts.append(1)
        raise TimedOut()

    with pytest.raises(TimedOut):
        through_flood_control(call)
    assert len(attempts) == 1  # hence with_retries around the sends


# --- ordering ---

def test_one_chat_in_order_other_chats_meanwhile() -> None:
    log: List[str] = []

    def job(name: str, delay: float):
        async def run() -> None:
            await asyncio.sleep(delay)
            log.append(name)
        return run

    async def failing() -> None:
        raise RuntimeError("a bad update")

    async def scenario() -> None:
        queues = ChatQueues()
        queues.submit(1, job("a1", 0.10))
        queues.submit(1, failing)  # does not stop the chat's queue
        queues.submit(1, job("a2", 0.0))
        queues.submit(2, job("b1", 0.02))
        await queues.drain(5)
        assert queues.pending() == 0

    asyncio.run(scenario())
    assert log == ["b1", "a1", "a2"]
