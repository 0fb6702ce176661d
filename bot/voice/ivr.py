"""The IVR core: one phone call as a conversation with the assistant, independent of the gateway.

A gateway adapter reports what happened on the line (speech, digits, silence, a failed recognition,
the end of a transfer) and performs the steps it gets back (bot.voice.steps). The voice rules of the
operator script live here (seed 001 and the issue's voice rules):
- silence: «…, Вы меня слышите?», noise: «…, к сожалению, Вас не слышно.»: three times in all, then
  «Перезвоните, пожалуйста…» and hang up; the caller saying «не слышу» three times: the same ending;
- two misunderstandings in a row: a keypad menu of the main topics (keys or words); 0 or «оператор»: an
  operator; keys the menu does not have, three times: an operator too (the caller is there and pressing keys:
  the line works);
- speech the recogniser is unsure of (low confidence, an empty transcript): the clarification, the second time
  in a row an operator with a ticket;
- the caller hanging up, or the line failing, is told to the assistant (a callback ticket when a topic was
  open after identification, seed 002);
- the caller's number is offered for identification when the assistant asks who is calling;
- a slow turn puts the caller on hold with the script's phrases (bot.voice.hold: 004's hold, 001's «…пожалуйста,
  оставайтесь на линии. Я уточняю для Вас информацию» after 30 s or when the caller talks meanwhile);
- a hand-over becomes a transfer with the ticket's context; the farewell is followed by a hang-up
  (after one short listen when it offers a choice, i.e. the 1–5 rating of the consultation).
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field, replace
from typing import Any, Awaitable, Dict, List, Optional, Sequence, Tuple

from actions.catalogue import keypad
from bot.contract import EndConversation, ExpectIdentity, Handover, read_custom
from bot.russian.phones import mask_phone, normalize_phone
from bot.voice.assistant import Assistant, AssistantTurn, AssistantUnavailable
from bot.voice.bad_line import says_cannot_hear
from bot.voice.hints import recognition_hints
from bot.voice.hold import HeldTurn, HoldSettings
from bot.voice.number_reading import reading_of_digits
from bot.voice.numbers import dictated_number
from bot.voice.pacing import CHARS_PER_SECOND, MAX_PART_SECONDS, speech_seconds, split_for_speech
from bot.voice.prompts import Prompts, default_prompts
from bot.voice.speech import Choice, choices_from_buttons, join_utterances, says_keys_already, speakable
from bot.voice.steps import Hangup, Listen, Say, Step, Transfer, TransferContext

logger = logging.getLogger(__name__)

GREETING = "/greet"
OPERATOR = "/operator_request"
OPERATOR_KEY = "0"
# The keypad menu: key → the message sent to the assistant, as if the caller had said it. The keys are in
# the topic catalogue; utter_voice_menu (domain.yml) reads them out and is tested against it.
MENU: Dict[str, str] = {key: f"/{intent}" for key, intent in keypad().items()}
# Replies that mean «not understood»: the plain fallback and the clarifying question with likely topics.
MISUNDERSTOOD = frozenset({"utter_default", "utter_clarify"})
# Intents that say nothing about the caller's topic (the operator gets the last real topic).
CONVERSATIONAL = frozenset({"greet", "goodbye", "thank", "affirm", "deny", "inform", "repeat", "refuse_phone",
                            "operator_request", "nlu_fallback", "bot_challenge", "profanity", "hooligan",
                            "sms_request"})
_OPERATOR_WORDS_RE = re.compile(
    r"^(?:(?:соедините|переключите|позовите|дайте)(?:\s+меня)?(?:\s+с)?\s+)?оператор(?:а|ом|у)?(?:\s+пожалуйста)?$")


@dataclass(frozen=True)
class IvrSettings:
    max_silence_prompts: int = 3  # seed 001: «повторить 3 раза», then «Перезвоните…» (silence or noise)
    cannot_hear_before_call_back: int = 3  # seed 001 «Если клиент не слышит»: the third «не слышу» ends the call
    max_menu_repeats: int = 2  # then a key the menu lacks goes to an operator
    misunderstandings_before_menu: int = 2
    no_input_timeout: float = 8.0
    closing_timeout: float = 5.0  # after the farewell: one chance to key in the rating
    hints: Tuple[str, ...] = field(default_factory=recognition_hints)
    max_part_seconds: float = MAX_PART_SECONDS  # a longer reply is said in parts, then repeat or SMS is offered
    speech_rate: float = CHARS_PER_SECOND  # characters a second of the synthesiser (bot/voice/pacing.py)
    hold: HoldSettings = field(default_factory=HoldSettings)


@dataclass(frozen=True)
class CallInfo:
    gateway: str  # "jambonz" | "asterisk": part of the conversation id
    call_id: str
    caller: Optional[str] = None  # the caller's number as the gateway gave it

    @property
    def sender_id(self) -> str:
        return f"{self.gateway}-{self.call_id}"


class IvrCall:
    def __init__(self, info: CallInfo, assistant: Assistant, settings: Optional[IvrSettings] = None,
                 prompts: Optional[Prompts] = None) -> None:
        self.info = info
        self.assistant = assistant
        self.settings = settings or IvrSettings()
        self.prompts = prompts or default_prompts()
        self.caller_phone = normalize_phone(info.caller) if info.caller else None
        self.silences = 0  # turns in a row with no usable input: silence or unrecognised noise
        self.misses = 0
        self.cannot_hear = 0  # «не слышу» in a row
        self.menu_repeats = 0
        self.in_menu = False
        self.reported_end = False  # the assistant has been told the call is over
        self.closing = False  # the farewell is said; the rating may still be keyed in, then hang up
        self.expecting_identity = False
        self.caller_id_offered = False
        self.finished = False
        self.choices: List[Choice] = []
        self.context: Dict[str, Any] = {}
        self.topic: Optional[str] = None
        self.last_listen: Optional[Listen] = None
        self.transfer: Optional[TransferContext] = None

    # --- what happened on the line ---

    def held(self, work: Awaitable[List[Step]]) -> HeldTurn:
        """One of the handlers below run as a turn the caller may be held on (the gateway says the phrases)."""
        return HeldTurn(work, self.phrase, self.settings.hold)

    def phrase(self, name: str) -> str:
        """A domain response as this call says it (its voice variant, the caller's name filled in)."""
        return self.prompts.text(name, self.context)

    def keep_listening(self) -> List[Step]:
        """Listen without a prompt (a hold that this process no longer knows of: the answer was lost)."""
        return [self.plain_listen("")]

    async def start(self) -> List[Step]:
        logger.info("call %s from %s", self.info.sender_id, mask_phone(self.caller_phone or ""))
        return await self._ask(GREETING)

    async def on_speech(self, transcript: str) -> List[Step]:
        if self.finished:
            return [Hangup()]
        text = " ".join((transcript or "").split())
        if not text:
            return await self.on_unrecognised()
        self.silences = 0
        if self.closing:
            return await self._last_word(text, {"input": "speech"})
        if says_cannot_hear(text):
            return await self._caller_cannot_hear()
        self.cannot_hear = 0
        self.in_menu = False  # the caller answered in words: back to the conversation
        if _OPERATOR_WORDS_RE.match(text.lower().strip(" .,!?")):
            return await self._ask(OPERATOR, {"input": "speech"})
        # A number dictated alone («восемь девятьсот …») goes in as if keyed: the phone or the digits.
        text = dictated_number(text) or text
        if self.misses and not await self._understood(text):
            # A second miss in a row: on the phone the keypad menu comes before a hand-over.
            self.misses += 1
            if self.misses >= self.settings.misunderstandings_before_menu:
                return self._enter_menu(self.prompts.text("utter_voice_menu_intro", self.context))
        return await self._ask(text, {"input": "speech"})

    async def on_digits(self, digits: str) -> List[Step]:
        if self.finished:
            return [Hangup()]
        digits = "".join(c for c in digits or "" if c.isdigit())
        if not digits:
            return await self.on_unrecognised()
        self.silences = self.cannot_hear = 0
        dtmf = {"input": "dtmf"}
        if self.closing:
            choice = next((c for c in self.choices if c.key == digits), None)
            return await self._last_word(choice.payload if choice else digits, dtmf)
        if digits == OPERATOR_KEY:
            self.in_menu = False
            return await self._ask(OPERATOR, dtmf)
        if self.in_menu:
            if digits not in MENU:
                self.menu_repeats += 1
                if self.menu_repeats > self.settings.max_menu_repeats:
                    logger.info("call %s: no menu key after %d repeats, transferring", self.info.sender_id,
                                self.menu_repeats - 1)
                    self.in_menu = False
                    return await self._ask(OPERATOR, dtmf)
                return [self._menu_listen(self.prompts.text("utter_voice_menu", self.context))]
            self.in_menu, self.misses, self.menu_repeats = False, 0, 0
            return await self._ask(MENU[digits], dtmf)
        for choice in self.choices:
            if choice.key == digits:
                return await self._ask(choice.payload, dtmf)
        if self.expecting_identity and normalize_phone(digits):
            return await self._ask(normalize_phone(digits) or digits, dtmf)
        return await self._ask(digits, dtmf)  # an order number, a ШПИ: the assistant reads digits as text

    async def on_silence(self) -> List[Step]:
        if self.finished:
            return [Hangup()]
        if self.closing:  # no rating: the farewell was said, the call ends
            self.finished = True
            return [Hangup()]
        self.silences += 1
        if self.silences > self.settings.max_silence_prompts:
            return await self._call_back(f"no answer after {self.silences - 1} prompts")
        prompt = self.prompts.text("utter_voice_are_you_there", self.context)
        if self.in_menu:
            return [self._menu_listen(join_utterances([prompt, self.prompts.text("utter_voice_menu", self.context)]))]
        return [self._listen(prompt, like=self.last_listen)]

    async def on_unrecognised(self) -> List[Step]:
        """Something was heard but not recognised (noise, a recogniser error): a misunderstanding."""
        if self.finished or self.closing:
            self.finished = True
            return [Hangup()]
        # Seed 001 «Если клиента не слышно»: «…Вас не слышно» (three times), then «Перезвоните…»; noise and
        # silence share the count, so that the two alternating never keep a dead line open.
        self.silences += 1
        if self.silences > self.settings.max_silence_prompts:
            return await self._call_back(f"nothing recognised after {self.silences - 1} prompts")
        self.misses += 1
        if self.in_menu or self.misses >= self.settings.misunderstandings_before_menu:
            return self._enter_menu(self.prompts.text("utter_voice_not_heard", self.context))
        return [self._listen(self.prompts.text("utter_voice_not_heard", self.context), like=self.last_listen)]

    def on_heard(self, transcript: str, confidence: Optional[float], floor: Optional[float],
                 readings: Sequence[str] = ()) -> Awaitable[List[Step]]:
        """A recogniser's result, as every gateway reports it: empty, or scored below the gateway's confidence floor,
        it is unsure speech (the miss rule); else the caller's words. A confidence of None is not judged (the
        gateway has no score it trusts). After the phone question a dictated phone is read from the transcript or
        the recogniser's other `readings` (the local speech service's number-word pass, bot.voice.number_reading);
        a whole phone read is its own evidence, taken whatever the confidence."""
        text = " ".join((transcript or "").split())
        if text and self.expecting_identity:
            text, phone_read_whole = reading_of_digits(text, readings)
            confidence = None if phone_read_whole else confidence
        if not text or (confidence is not None and floor and confidence < floor):
            logger.info("call %s: unsure speech (confidence %s)", self.info.sender_id, confidence)
            return self.on_unsure()
        return self.on_speech(text)

    async def on_unsure(self) -> List[Step]:
        """Speech the recogniser was unsure of (below the confidence floor) or an empty transcript: a miss, as a
        misunderstanding is. The first: the clarification («…не совсем поняла Ваш вопрос…»); the second in a
        row (or one in the keypad menu): an operator, with the ticket the assistant files for the hand-over.
        Each gateway reports its own kind of unsure result here (jambonz: stt-low-confidence; a score)."""
        if self.finished or self.closing:
            self.finished = True
            return [Hangup()]
        self.silences = 0  # the caller is talking: not a dead line
        self.misses += 1
        if self.in_menu or self.misses >= self.settings.misunderstandings_before_menu:
            logger.info("call %s: %d misses in a row, the last one unsure speech: transferring", self.info.sender_id,
                        self.misses)
            self.in_menu = False
            return await self._ask(OPERATOR, {"input": "speech", "unsure": True})
        return [self._listen(self.prompts.text("utter_default", self.context), like=self.last_listen)]

    async def on_cannot_speak(self) -> List[Step]:
        """The gateway cannot speak to the caller (its speech synthesis failed): a caller still on the line is
        not dropped but handed to an operator with the context so far (after the farewell: the call ends)."""
        if self.finished or self.closing:
            self.finished = True
            return [Hangup()]
        logger.error("call %s: the gateway cannot speak: transferring", self.info.sender_id)
        return self._hand_over(None, [], reason="синтез речи недоступен")

    async def on_transfer_result(self, connected: bool) -> List[Step]:
        """The operator leg ended (connected) or never answered: the ticket is stored either way."""
        self.finished = True
        if connected:
            return [Hangup()]
        return [Say(self.prompts.text("utter_voice_transfer_failed", self.context)), Hangup()]

    async def on_hangup(self) -> None:
        """The line is gone. If the caller left before the IVR ended the call (not after the farewell, the
        transfer's end or «Перезвоните…», which reported already), the assistant is told."""
        ended_by_us = self.finished or self.closing
        self.finished = True
        if not ended_by_us:
            await self._report_end("the caller hung up")

    async def _report_end(self, why: str) -> None:
        """Seed 002: a call broken off in an active conversation is called back once; the assistant decides
        whether it was one (identified, a topic open) and files the callback ticket."""
        if self.reported_end:
            return
        self.reported_end = True
        logger.info("call %s: %s, telling the assistant", self.info.sender_id, why)
        try:
            await self.assistant.call_ended(self.info.sender_id)
        except AssistantUnavailable as exc:
            logger.warning("call %s: the assistant did not hear of the end of the call (%s)", self.info.sender_id, exc)

    async def _call_back(self, why: str) -> List[Step]:
        """Seed 001: «Перезвоните, пожалуйста, возможно качество связи улучшится…» and hang up; a broken line
        mid-topic is a dropped call for the callback (002)."""
        self.finished = True
        await self._report_end(f"bad line ({why})")
        return [Say(self.prompts.text("utter_voice_call_back", self.context)), Hangup()]

    async def _caller_cannot_hear(self) -> List[Step]:
        """«Не слышу»: «…, Вы меня слышите?» and the last words again (001: «попытаться возобновить диалог»);
        the third time in a row the caller is asked to call back."""
        self.silences = 0
        self.cannot_hear += 1
        if self.cannot_hear >= self.settings.cannot_hear_before_call_back:
            return await self._call_back(f"the caller could not hear {self.cannot_hear} times")
        again = self.last_listen.prompt if self.last_listen and not self.in_menu else ""
        prompt = join_utterances([self.prompts.text("utter_voice_are_you_there", self.context), again])
        like = self.last_listen or self.plain_listen("")
        return [replace(like, prompt=prompt)]  # last_listen keeps the words to repeat

    # --- talking to the assistant ---

    def _metadata(self, extra: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        # The caller's number goes along for what is sent to their phone (actions/sms.py), never to the logs.
        caller = {"caller_phone": self.caller_phone} if self.caller_phone else {}
        return {"channel": "voice", "gateway": self.info.gateway, "call_id": self.info.call_id, **caller, **(extra or {})}

    async def _ask(self, text: str, extra: Optional[Dict[str, Any]] = None,
                   said_before: Optional[List[str]] = None) -> List[Step]:
        try:
            turn = await self.assistant.send(self.info.sender_id, text, self._metadata(extra))
        except AssistantUnavailable as exc:
            logger.error("call %s: the assistant is unavailable (%s): transferring", self.info.sender_id, exc)
            return self._hand_over(None, said_before or [], reason="ассистент недоступен")
        return await self._respond(turn, said_before or [])

    async def _respond(self, turn: AssistantTurn, said_before: List[str]) -> List[Step]:
        self.context.update(turn.context)
        intent = turn.context.get("intent")
        if intent and intent not in CONVERSATIONAL:
            self.topic = intent
        parts = list(said_before)
        handover: Optional[Handover] = None
        end = expect_identity = misunderstood = False
        identity_question: Optional[int] = None
        buttons: List[Dict[str, Any]] = []
        for message in turn.messages:
            if message.custom is not None:
                for payload in read_custom(message.custom):
                    if isinstance(payload, Handover):
                        handover = payload
                    elif isinstance(payload, EndConversation):
                        end = True
                    elif isinstance(payload, ExpectIdentity):
                        expect_identity = True
                        identity_question = len(parts) - 1 if len(parts) > len(said_before) else None
                continue
            misunderstood = misunderstood or message.response in MISUNDERSTOOD
            if message.text:
                parts.append(speakable(message.text))
            if message.buttons:
                buttons = message.buttons

        self.expecting_identity = expect_identity
        if expect_identity and self.caller_phone and not self.caller_id_offered and not (handover or end):
            # «Карта клиента подгрузилась»: the caller's number instead of asking for it.
            self.caller_id_offered = True
            if identity_question is not None:
                del parts[identity_question]
            logger.info("call %s: offering the caller id %s", self.info.sender_id, mask_phone(self.caller_phone))
            phone = json.dumps({"phone": self.caller_phone})
            return await self._ask(f"/inform{phone}", {"phone_source": "caller_id"}, parts)

        if handover:
            return self._hand_over(handover, parts)
        if end:
            self.choices = choices_from_buttons(buttons)
            if self.choices and not self.closing:
                # The farewell offers a last choice (the 1–5 rating): one short listen, then hang up.
                self.closing = True
                return [self._closing_listen(self._with_choices(parts))]
            self.finished = True
            return [*self._said(join_utterances(parts)), Hangup()]
        if not any(part.strip() for part in parts):
            # Nothing to say would be dead air on the phone: the clarification, counted as a misunderstanding.
            logger.warning("call %s: the assistant's reply has nothing to say: the clarification", self.info.sender_id)
            misunderstood, buttons = True, []
            parts = [self.prompts.text("utter_default", self.context)]
        if misunderstood:
            self.misses += 1
            if self.misses >= self.settings.misunderstandings_before_menu:
                return self._enter_menu(self.prompts.text("utter_voice_menu_intro", self.context))
        else:
            self.misses = 0
        self.choices = choices_from_buttons(buttons)
        return self._say_and_listen(self._with_choices(parts))

    def _said(self, text: str) -> List[Step]:
        """Words said before a transfer or a hang-up, in parts of at most max_part_seconds (none if empty)."""
        return [Say(part) for part in split_for_speech(text, self.settings.max_part_seconds, self.settings.speech_rate)]

    def _say_and_listen(self, reply: str) -> List[Step]:
        """A reply within the limit is the listen's prompt; a longer one is said in parts (each its own
        synthesis, with a pause between), the last one the prompt, followed by the offer to repeat it or
        send it by SMS."""
        limits = (self.settings.max_part_seconds, self.settings.speech_rate)
        if speech_seconds(reply, self.settings.speech_rate) <= self.settings.max_part_seconds:
            return [self._listen(reply)]
        # The offer is the last sentence: cut with the reply, so that the prompt too stays within the limit.
        parts = split_for_speech(join_utterances([reply, self.prompts.text("utter_voice_repeat_or_sms", self.context)]),
                                 *limits)
        logger.info("call %s: a reply of %d characters said in %d parts", self.info.sender_id, len(reply), len(parts))
        return [*(Say(part) for part in parts[:-1]), self._listen(parts[-1])]

    def _with_choices(self, parts: List[str]) -> str:
        """The reply, then its buttons as keys («Скажите или нажмите: 1 — …»), unless it names the keys."""
        if self.choices and not (parts and says_keys_already(parts[-1])):
            if all(c.title == c.key for c in self.choices):  # 1…5: a scale, not a list of options
                listing = self.prompts.text("utter_voice_choices_scale", self.context, last=self.choices[-1].key)
            else:
                listing = self.prompts.text("utter_voice_choices", self.context,
                                            choices="; ".join(f"{c.key} — {c.title}" for c in self.choices))
            parts = [*parts, listing]
        return join_utterances(parts)

    async def _understood(self, text: str) -> bool:
        try:
            return await self.assistant.understands(text)
        except AssistantUnavailable:
            return True  # the turn itself will tell

    async def _last_word(self, text: str, extra: Dict[str, Any]) -> List[Step]:
        """After the farewell: the caller's answer (the rating) goes in, the reply is said, the call ends."""
        steps = await self._ask(text, extra)
        self.finished = True
        if steps and isinstance(steps[-1], Listen):
            steps = ([Say(steps[-1].prompt)] if steps[-1].prompt else []) + [Hangup()]
        return steps

    def _hand_over(self, handover: Optional[Handover], parts: List[str], reason: str = "") -> List[Step]:
        """A transfer with the ticket the assistant opened (or none, when the assistant is unavailable)."""
        self.transfer = TransferContext(
            conversation_id=self.info.sender_id,
            ticket_id=handover.ticket_id if handover else None,
            kind=(handover.kind if handover else "") or "operator",
            reason=handover.reason if handover else reason,
            order_id=(handover.order_id if handover else None) or self.context.get("order_id"),
            customer_id=(handover.customer_id if handover else None) or self.context.get("customer_id"),
            intent=self.context.get("intent"),
            topic=self.topic,
            identified=bool(self.context.get("identified")),
        )
        logger.info("call %s: transfer, ticket %s", self.info.sender_id, self.transfer.ticket_id)
        if not parts:
            parts = [self.prompts.text("utter_transfer_to_specialist", self.context)]
        return [*self._said(join_utterances(parts)), Transfer(self.transfer)]

    # --- listening ---

    def _listen(self, prompt: str, like: Optional[Listen] = None) -> Listen:
        if like is not None and not self.in_menu:
            listen = replace(like, prompt=prompt, expect=self._expectation())
        else:
            listen = self.plain_listen(prompt)
        self.last_listen = listen
        return listen

    def plain_listen(self, prompt: str) -> Listen:
        """A listen for speech and keys with the call's own settings (and its expectation, after the phone question)."""
        return Listen(prompt=prompt, timeout=self.settings.no_input_timeout, hints=self.settings.hints,
                      expect=self._expectation())

    def _expectation(self) -> Optional[str]:
        return "digits" if self.expecting_identity else None

    def _closing_listen(self, prompt: str) -> Listen:
        return Listen(prompt=prompt, max_digits=1, finish_on_key="", timeout=self.settings.closing_timeout,
                      hints=self.settings.hints)

    def _menu_listen(self, prompt: str) -> Listen:
        # Keys and speech: «оператор» or a topic said in the menu is heard too (on_speech leaves the menu);
        # one key ends the input at once.
        return Listen(prompt=prompt, speech=True, digits=True, max_digits=1, finish_on_key="",
                      timeout=self.settings.no_input_timeout, hints=self.settings.hints)

    def _enter_menu(self, intro: str) -> List[Step]:
        logger.info("call %s: %d misunderstandings, keypad menu", self.info.sender_id, self.misses)
        self.in_menu = True
        self.choices = []
        return [self._menu_listen(join_utterances([intro, self.prompts.text("utter_voice_menu", self.context)]))]
