"""The desk's web application (aiohttp.web): pages, the JSON API, server-sent events and the REST channel's
polling endpoint for messages the customer did not ask for."""
from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from pathlib import Path
from typing import Any, AsyncIterator, Awaitable, Callable, Dict, Optional
from urllib.parse import quote

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape

from desk import accounts, workflow
from desk.accounts import SessionInfo
from desk.chats import ChatDesk
from desk.config import DeskSettings
from desk.live_events import ChangeFeed, QUIET_SECONDS, redis_url
from desk.phrases import Phrasebook
from desk.rasa_api import RasaApi, RasaApiError
from desk.streams import SharedQueue, stream
from desk.transcript import identification, turns
from store import attachments, livechat
from store.clock import now

logger = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "desk_session"
LOGIN_CSRF_COOKIE = "desk_login_csrf"
PUBLIC_PREFIXES = ("/login", "/static/", "/customer/", "/health")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
TRACKER_TICK = 1.0  # a ticket page's transcript comes from the Rasa tracker, which announces nothing: read each second
FAILED_LOGIN_PAUSE = 1.0  # every failed login answers this much later
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

SETTINGS = web.AppKey("settings", DeskSettings)
CHATS = web.AppKey("chats", ChatDesk)
TEMPLATES = web.AppKey("templates", Environment)
FEED = web.AppKey("feed", ChangeFeed)
QUEUE = web.AppKey("queue", SharedQueue)


def _render(request: web.Request, name: str, status: int = 200, **context: Any) -> web.Response:
    html = request.app[TEMPLATES].get_template(name).render(session=request.get("session"), **context)
    return web.Response(text=html, status=status, content_type="text/html")


def _json_error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Content-Security-Policy"] = "default-src 'self'; frame-ancestors 'none'"
    return response


@web.middleware
async def require_session(request: web.Request, handler: Handler) -> web.StreamResponse:
    """No session: pages redirect to the login, everything else answers 401. State changes need the CSRF token."""
    if request.path == "/" or not request.path.startswith(PUBLIC_PREFIXES):
        info = accounts.session_for(request.cookies.get(SESSION_COOKIE))
        if info is None:
            if request.method == "GET" and not request.path.startswith("/api/"):
                raise web.HTTPFound(f"/login?next={request.path_qs}" if request.path != "/" else "/login")
            return _json_error(401, "нужно войти")
        if request.method not in SAFE_METHODS:
            sent = request.headers.get("X-CSRF-Token", "")
            if not sent and request.content_type == "application/x-www-form-urlencoded":
                sent = str((await request.post()).get("csrf", ""))
            if not sent or not secrets.compare_digest(sent, info.csrf_token):
                return _json_error(403, "нет CSRF-токена")
        request["session"] = info
    return await handler(request)


def _account(request: web.Request) -> accounts.Account:
    info: SessionInfo = request["session"]
    return info.account


# --- login ---------------------------------------------------------------------------------------------------------

def _safe_next(target: Optional[str]) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


async def login_page(request: web.Request, error: str = "", status: int = 200) -> web.Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)
    response = _render(request, "login.html", status=status, csrf=token, error=error,
                       next=_safe_next(request.query.get("next")))
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="Strict",
                        secure=request.app[SETTINGS].cookie_secure, path="/login")
    return response


async def login(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not secrets.compare_digest(str(form.get("csrf", "")), cookie):
        return _json_error(403, "нет CSRF-токена")
    name, password = str(form.get("name", "")).strip(), str(form.get("password", ""))
    address = request.remote or "?"
    wait = accounts.seconds_to_wait(name, address)
    if wait > 0:
        return await login_page(request, f"Слишком много неудачных попыток. Повторите через {int(wait) + 1} с.", 429)
    account = accounts.authenticate(name, password, address)
    if account is None:
        await asyncio.sleep(FAILED_LOGIN_PAUSE)
        return await login_page(request, "Неверное имя или пароль.", 401)
    response = web.HTTPFound(_safe_next(str(form.get("next", ""))))
    response.set_cookie(SESSION_COOKIE, accounts.open_session(account), httponly=True, samesite="Strict",
                        secure=request.app[SETTINGS].cookie_secure, path="/")
    raise response


async def logout(request: web.Request) -> web.StreamResponse:
    accounts.close_session(request.cookies.get(SESSION_COOKIE, ""))
    response = web.HTTPFound("/login")
    response.del_cookie(SESSION_COOKIE, path="/")
    raise response


# --- pages -----------------------------------------------------------------------------------------------------------

async def queue_page(request: web.Request) -> web.Response:
    return _render(request, "queue.html", items=workflow.queue())


def _store_context(ticket_id: int) -> Dict[str, Any]:
    return {"view": workflow.ticket(ticket_id), "statuses": workflow.STATUSES, "users": workflow.user_names(),
            "supervisor_kinds": workflow.SUPERVISOR_KINDS, "attachments": attachments.of_ticket(ticket_id)}


async def _tracker_context(chats: ChatDesk, conversation_id: str) -> Dict[str, Any]:
    tracker: Dict[str, Any] = {}
    rasa_error = ""
    try:
        tracker = await chats.rasa.tracker(conversation_id)
    except RasaApiError as error:
        rasa_error = f"Разговор сейчас недоступен: {error}"
    return {"turns": turns(tracker), "ident": identification(tracker), "rasa_error": rasa_error,
            "phrases": chats.phrases.standard()}


async def _ticket_context(request: web.Request, ticket_id: int) -> Dict[str, Any]:
    store = _store_context(ticket_id)
    return {**store, **await _tracker_context(request.app[CHATS], store["view"].conversation_id)}


def _ticket_id(request: web.Request) -> int:
    try:
        return int(request.match_info["ticket_id"])
    except ValueError:
        raise web.HTTPNotFound()


async def ticket_page(request: web.Request) -> web.Response:
    try:
        context = await _ticket_context(request, _ticket_id(request))
    except workflow.NotFound:
        return _render(request, "not_found.html", status=404)
    return _render(request, "ticket.html", **context)


async def attachment_file(request: web.Request) -> web.Response:
    """A file the customer sent, only behind the login (require_session) and only through its own ticket."""
    try:
        attachment_id = int(request.match_info["attachment_id"])
    except ValueError:
        raise web.HTTPNotFound()
    found = attachments.content_of(_ticket_id(request), attachment_id, thumbnail=request.path.endswith("/thumbnail"))
    if found is None:
        raise web.HTTPNotFound()
    # Images open in the browser; a PDF is downloaded (the desk's CSP keeps the browser's viewer out of its pages).
    disposition = "inline" if found.mime_type.startswith("image/") else "attachment"
    name = quote(found.file_name or f"attachment-{attachment_id}")
    return web.Response(body=found.data, content_type=found.mime_type,
                        headers={"Content-Disposition": f"{disposition}; filename*=UTF-8''{name}"})


# --- API -------------------------------------------------------------------------------------------------------------

def _item_json(item: workflow.QueueItem) -> Dict[str, Any]:
    return {"ticket_id": item.ticket_id, "kind": item.kind, "channel": item.channel, "status": item.status,
            "waiting_seconds": item.waiting_seconds, "full_name": item.full_name, "phone": item.phone,
            "order_id": item.order_id, "reason": item.reason, "summary": item.summary, "assignee": item.assignee,
            "chat_state": item.chat_state, "operator": item.operator}


async def api_queue(request: web.Request) -> web.Response:
    return web.json_response({"items": [_item_json(i) for i in workflow.queue()]})


async def api_ticket(request: web.Request) -> web.Response:
    try:
        context = await _ticket_context(request, _ticket_id(request))
    except workflow.NotFound:
        return _json_error(404, "нет такого тикета")
    view = context["view"]
    return web.json_response({
        **_item_json(view.item), "conversation_id": view.conversation_id,
        "turns": [{"who": t.who, "author": t.author, "text": t.text, "at": t.at.isoformat()} for t in context["turns"]],
        "notes": [{"author": n.author, "text": n.text, "at": n.created_at.isoformat()} for n in view.notes],
        "history": [{"actor": h.actor, "action": h.action, "detail": h.detail, "at": h.created_at.isoformat()}
                    for h in view.history],
        "attachments": [{"id": a.id, "kind": a.kind, "mime_type": a.mime_type, "file_name": a.file_name,
                         "size": a.size, "at": a.created_at.isoformat(),
                         "url": f"/tickets/{view.item.ticket_id}/attachments/{a.id}"} for a in context["attachments"]],
    })


async def _body(request: web.Request) -> Dict[str, Any]:
    if request.content_type == "application/json":
        data = await request.json()
        return data if isinstance(data, dict) else {}
    return dict(await request.post())


async def _act(request: web.Request, work: Callable[[Dict[str, Any]], Awaitable[Any]]) -> web.Response:
    try:
        result = await work(await _body(request))
    except workflow.Forbidden as error:
        return _json_error(403, str(error))
    except workflow.NotFound:
        return _json_error(404, "нет такого тикета")
    except ValueError as error:
        return _json_error(400, str(error))
    except RasaApiError as error:
        return _json_error(502, f"ассистент недоступен: {error}")
    return web.json_response({"ok": True, **(result or {})})


async def api_status(request: web.Request) -> web.Response:
    async def work(body: Dict[str, Any]) -> None:
        workflow.set_status(_account(request), _ticket_id(request), str(body.get("status", "")))
    return await _act(request, work)


async def api_assign(request: web.Request) -> web.Response:
    async def work(body: Dict[str, Any]) -> None:
        workflow.assign(_account(request), _ticket_id(request), str(body.get("assignee", "")))
    return await _act(request, work)


async def api_note(request: web.Request) -> web.Response:
    async def work(body: Dict[str, Any]) -> None:
        workflow.add_note(_account(request), _ticket_id(request), str(body.get("text", "")))
    return await _act(request, work)


async def api_take(request: web.Request) -> web.Response:
    try:
        won = await request.app[CHATS].take(_account(request), _ticket_id(request))
    except workflow.NotFound:
        return _json_error(404, "у этого тикета нет чата")
    except RasaApiError as error:
        return _json_error(502, f"ассистент недоступен: {error}")
    if not won:
        return _json_error(409, "чат уже взял другой оператор")
    return web.json_response({"ok": True})


async def api_send(request: web.Request) -> web.Response:
    async def work(body: Dict[str, Any]) -> None:
        await request.app[CHATS].write(_account(request), _ticket_id(request), str(body.get("text", "")))
    return await _act(request, work)


async def api_phrase(request: web.Request) -> web.Response:
    async def work(body: Dict[str, Any]) -> Dict[str, Any]:
        key = str(body.get("key", ""))
        if key not in {p.key for p in request.app[CHATS].phrases.standard()}:
            raise ValueError("нет такой фразы")
        return {"text": await request.app[CHATS].phrase(_account(request), _ticket_id(request), key)}
    return await _act(request, work)


async def api_release(request: web.Request) -> web.Response:
    async def work(body: Dict[str, Any]) -> None:
        await request.app[CHATS].release(_account(request), _ticket_id(request), body.get("mode") == "close",
                                         str(body.get("note", "")))
    return await _act(request, work)


# --- server-sent events --------------------------------------------------------------------------------------------

def _session_alive(request: web.Request) -> Callable[[], bool]:
    return lambda: accounts.session_for(request.cookies.get(SESSION_COOKIE)) is not None


async def queue_events(request: web.Request) -> web.StreamResponse:
    template = request.app[TEMPLATES].get_template("_queue_rows.html")
    queue = request.app[QUEUE]

    async def snapshot(_store_changed: bool) -> str:
        return json.dumps({"html": template.render(items=await queue.items())}, ensure_ascii=False)
    return await stream(request, request.app[FEED], snapshot, _session_alive(request))


async def ticket_events(request: web.Request) -> web.StreamResponse:
    """The ticket's store part is read again when the store changed; its transcript (the Rasa tracker) and the
    customer's attachments (stored by the channel fronts, which announce nothing) each second."""
    ticket_id = _ticket_id(request)
    env = request.app[TEMPLATES]
    chats = request.app[CHATS]
    view: Dict[str, Any] = {}

    async def snapshot(store_changed: bool) -> str:
        if store_changed or not view or time.monotonic() - view["read_at"] >= QUIET_SECONDS:
            view.update(_store_context(ticket_id), read_at=time.monotonic())
        else:
            view["attachments"] = attachments.of_ticket(ticket_id)
        context = {**view, **await _tracker_context(chats, view["view"].conversation_id),
                   "session": request["session"]}
        return json.dumps({part: env.get_template(f"_{part}.html").render(**context)
                           for part in ("transcript", "chat_panel", "workflow", "attachments")}, ensure_ascii=False)
    return await stream(request, request.app[FEED], snapshot, _session_alive(request), every=TRACKER_TICK)


@web.middleware
async def announce_changes(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A ticket changed through this desk process: every desk process's pages show it now, not at their next poll."""
    response = await handler(request)
    if request.method == "POST" and request.path.startswith("/api/tickets/") and response.status < 300:
        ticket_id = request.match_info.get("ticket_id")
        await request.app[FEED].publish(int(ticket_id) if ticket_id and ticket_id.isdigit() else None)
    return response


# --- the REST channel's outbox -------------------------------------------------------------------------------------

async def customer_messages(request: web.Request) -> web.Response:
    """What operators (and the desk on the assistant's behalf) wrote into a REST conversation after `after`.
    The conversation id is the REST client's own sender id: the same credential Rasa's REST webhook takes."""
    conversation_id = request.match_info["conversation_id"]
    try:
        after = int(request.query.get("after", "0"))
    except ValueError:
        return _json_error(400, "after: a message id")
    rows = livechat.messages_after(conversation_id, after)
    livechat.mark_delivered([m.id for m in rows if m.channel == "rest" and m.delivered_at is None])
    chat = livechat.active_chat(conversation_id)
    return web.json_response({
        "messages": [{"id": m.id, "author": m.author, "text": m.text, "at": m.created_at.isoformat()} for m in rows],
        "operator_connected": bool(chat and chat.state == livechat.TAKEN),
    })


async def health(request: web.Request) -> web.Response:
    """`live_events`: "redis" while changes are pushed to this process, "polling" without Redis or while it is away."""
    return web.json_response({"ok": True, "time": now().isoformat(), "live_events": request.app[FEED].mode})


async def _extend_holds_forever(app: web.Application) -> None:
    settings = app[SETTINGS]
    while True:
        try:
            await app[CHATS].extend_holds(settings.hold_extend_after)
        except Exception as error:  # the loop outlives a hiccup of the store or the Rasa server
            logger.warning("extend-hold round failed: %s", error)
        await asyncio.sleep(min(5.0, max(0.5, settings.hold_extend_after / 4)))


async def _background(app: web.Application) -> AsyncIterator[None]:
    app[FEED].start()
    task = asyncio.create_task(_extend_holds_forever(app))
    yield
    task.cancel()
    await app[FEED].stop()
    await app[CHATS].rasa.close()


def build_app(settings: DeskSettings) -> web.Application:
    app = web.Application(middlewares=[security_headers, require_session, announce_changes])
    app[SETTINGS] = settings
    app[FEED] = ChangeFeed(redis_url())
    app[QUEUE] = SharedQueue(app[FEED])
    app[CHATS] = ChatDesk(RasaApi(settings.rasa_url), Phrasebook(settings.domain_file))
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    env.globals["STATUSES"] = workflow.STATUSES
    app[TEMPLATES] = env
    app.cleanup_ctx.append(_background)
    app.router.add_get("/login", login_page)
    app.router.add_post("/login", login)
    app.router.add_post("/logout", logout)
    app.router.add_get("/", queue_page)
    app.router.add_get("/tickets/{ticket_id}", ticket_page)
    app.router.add_get("/tickets/{ticket_id}/attachments/{attachment_id}", attachment_file)
    app.router.add_get("/tickets/{ticket_id}/attachments/{attachment_id}/thumbnail", attachment_file)
    app.router.add_get("/api/queue", api_queue)
    app.router.add_get("/api/events", queue_events)
    app.router.add_get("/api/tickets/{ticket_id}", api_ticket)
    app.router.add_get("/api/tickets/{ticket_id}/events", ticket_events)
    app.router.add_post("/api/tickets/{ticket_id}/status", api_status)
    app.router.add_post("/api/tickets/{ticket_id}/assign", api_assign)
    app.router.add_post("/api/tickets/{ticket_id}/notes", api_note)
    app.router.add_post("/api/tickets/{ticket_id}/chat/take", api_take)
    app.router.add_post("/api/tickets/{ticket_id}/chat/send", api_send)
    app.router.add_post("/api/tickets/{ticket_id}/chat/phrase", api_phrase)
    app.router.add_post("/api/tickets/{ticket_id}/chat/release", api_release)
    app.router.add_get("/customer/rest/{conversation_id}/messages", customer_messages)
    app.router.add_get("/health", health)
    app.router.add_static("/static/", HERE / "static")
    from desk.supervisor import add_supervisor_routes  # imports this module: registered once it is loaded

    add_supervisor_routes(app)
    return app
