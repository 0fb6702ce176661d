"""The supervisor's pages of the desk: the dashboard (charts as SVG, CSV of each), conversation review with
personal data masked unless opened unmasked (and that opening logged), and the «не поняла» messages grouped for
new NLU examples. Operators get 403."""
from __future__ import annotations

import asyncio
import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional
from urllib.parse import urlencode

import yaml
from aiohttp import web

from desk import charts
from desk.app import SETTINGS, _account, _render
from desk.redaction import personal_words, redact
from desk.transcript import Turn, turns
from store import analytics, broker_events, misunderstood, queries
from store.analytics_models import ConversationFacts, TranscriptOpening
from store.clock import now
from store.db import session_scope

PERIODS = {"day": "по дням", "week": "по неделям"}


def _require_supervisor(request: web.Request) -> None:
    if not _account(request).is_supervisor:
        raise web.HTTPForbidden(text="Только для супервайзера.", content_type="text/plain")


def _date(value: Optional[str]) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise web.HTTPBadRequest(text=f"дата в формате ГГГГ-ММ-ДД: {value}")


def _filters(request: web.Request) -> analytics.Filters:
    q = request.query
    outcome = q.get("outcome") or None
    if outcome and outcome not in analytics.OUTCOMES:
        raise web.HTTPBadRequest(text="нет такого исхода")
    return analytics.Filters(date_from=_date(q.get("from")), date_to=_date(q.get("to")),
                             channel=q.get("channel") or None, topic=q.get("topic") or None, outcome=outcome,
                             order_id=q.get("order") or None, phone=q.get("phone") or None)


def _period(request: web.Request) -> str:
    return request.query.get("period") if request.query.get("period") in PERIODS else "day"


async def _facts(request: web.Request, refresh: bool = True) -> List[Any]:
    """The conversations the filters select; refreshed from the event table first unless the page that asks
    (a chart of the dashboard just rendered) already did."""
    filters = _filters(request)
    if refresh:
        await asyncio.to_thread(analytics.refresh)
    return await asyncio.to_thread(analytics.conversations, filters)


def _query(request: web.Request) -> str:
    return urlencode({k: v for k, v in request.query.items() if v})


@lru_cache(maxsize=4)
def _intents(domain_file: Path) -> List[str]:
    domain = yaml.safe_load(domain_file.read_text(encoding="utf-8")) or {}
    return sorted(i if isinstance(i, str) else next(iter(i)) for i in domain.get("intents") or [])


# --- dashboard -------------------------------------------------------------------------------------------------------

async def dashboard(request: web.Request) -> web.Response:
    _require_supervisor(request)
    facts = await _facts(request)
    period = _period(request)
    return _render(request, "supervisor_dashboard.html", totals=analytics.totals(facts), q=request.query,
                   query=_query(request), period=period, periods=PERIODS, charts=charts.tables(facts, period),
                   channels=analytics.CHANNELS, topics=analytics.topics_seen(), reasons=analytics.REASONS)


async def _table(request: web.Request) -> charts.Table:
    _require_supervisor(request)
    # The dashboard that shows the chart refreshed the figures a moment ago; its seven charts do not each again.
    table = charts.table(request.match_info["name"], await _facts(request, refresh=False), _period(request))
    if table is None:
        raise web.HTTPNotFound()
    return table


async def chart_svg(request: web.Request) -> web.Response:
    table = await _table(request)
    return web.Response(text=await asyncio.to_thread(charts.svg, table), content_type="image/svg+xml")


async def chart_csv(request: web.Request) -> web.Response:
    table = await _table(request)
    name = request.match_info["name"]
    return web.Response(body=("\ufeff" + charts.csv_text(table)).encode("utf-8"), content_type="text/csv",
                        charset="utf-8", headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


# --- conversation review ---------------------------------------------------------------------------------------------

async def review(request: web.Request) -> web.Response:
    _require_supervisor(request)
    facts = await _facts(request)
    return _render(request, "supervisor_review.html", facts=facts[:500], shown=min(len(facts), 500), found=len(facts),
                   q=request.query, channels=analytics.CHANNELS, topics=analytics.topics_seen(),
                   outcomes=analytics.OUTCOMES, reasons=analytics.REASONS)


def _fact(conversation_id: str) -> Any:
    with session_scope() as s:
        fact = s.get(ConversationFacts, conversation_id)
    if fact is None:
        raise web.HTTPNotFound(text="Такого разговора нет.")
    return fact


def _transcript(conversation_id: str, fact: Any, unmasked: bool) -> List[Turn]:
    events = broker_events.events_of([conversation_id])[conversation_id]
    lines = turns({"events": events})
    if unmasked:
        return lines
    customer = queries.customer_by_id(fact.customer_id) if fact.customer_id else None
    slots = {e.get("name"): e.get("value") for e in events if e.get("event") == "slot"}
    words = personal_words(customer.full_name if customer else None, customer.city if customer else None,
                           customer.address if customer else None, str(slots.get("identity_query") or ""),
                           str(slots.get("customer_io") or ""))
    return [Turn(t.who, t.author, redact(t.text, words), t.at) for t in lines]


def _openings(conversation_id: str) -> List[TranscriptOpening]:
    from sqlalchemy import select

    with session_scope() as s:
        return list(s.execute(select(TranscriptOpening).where(TranscriptOpening.conversation_id == conversation_id)
                              .order_by(TranscriptOpening.id)).scalars())


async def _conversation_page(request: web.Request, unmasked: bool) -> web.Response:
    conversation_id = request.match_info["conversation_id"]
    await asyncio.to_thread(analytics.refresh)
    fact = await asyncio.to_thread(_fact, conversation_id)
    lines = await asyncio.to_thread(_transcript, conversation_id, fact, unmasked)
    return _render(request, "supervisor_conversation.html", fact=fact, turns=lines, unmasked=unmasked,
                   openings=_openings(conversation_id), channels=analytics.CHANNELS, outcomes=analytics.OUTCOMES,
                   reasons=analytics.REASONS)


async def conversation(request: web.Request) -> web.Response:
    _require_supervisor(request)
    return await _conversation_page(request, unmasked=False)


async def conversation_unmasked(request: web.Request) -> web.Response:
    """Only in answer to a POST that names a reason, and every such answer is first written to the log."""
    _require_supervisor(request)
    reason = str((await request.post()).get("reason", "")).strip()
    if not reason:
        raise web.HTTPBadRequest(text="Укажите, зачем нужны персональные данные.")
    conversation_id = request.match_info["conversation_id"]
    await asyncio.to_thread(_fact, conversation_id)
    with session_scope() as s:
        s.add(TranscriptOpening(conversation_id=conversation_id, supervisor=_account(request).name,
                                reason=reason[:500], opened_at=now()))
    return await _conversation_page(request, unmasked=True)


# --- what the assistant did not understand -----------------------------------------------------------------------------

async def not_understood(request: web.Request) -> web.Response:
    _require_supervisor(request)
    found = await asyncio.to_thread(misunderstood.groups)
    return _render(request, "supervisor_misunderstood.html", groups=found,
                   intents=_intents(request.app[SETTINGS].domain_file), saved=request.query.get("saved"))


async def propose_intent(request: web.Request) -> web.StreamResponse:
    _require_supervisor(request)
    form = await request.post()
    intent = str(form.get("intent", ""))
    if intent not in _intents(request.app[SETTINGS].domain_file):
        raise web.HTTPBadRequest(text="нет такого интента")
    texts = [str(t) for t in form.getall("text", [])]
    n = await asyncio.to_thread(misunderstood.propose, texts, intent, _account(request).name)
    raise web.HTTPFound(f"/supervisor/misunderstood?saved={n}")


def add_supervisor_routes(app: web.Application) -> None:
    app.router.add_get("/supervisor", dashboard)
    app.router.add_get("/supervisor/charts/{name}.svg", chart_svg)
    app.router.add_get("/supervisor/export/{name}.csv", chart_csv)
    app.router.add_get("/supervisor/conversations", review)
    app.router.add_get("/supervisor/conversations/{conversation_id}", conversation)
    app.router.add_post("/supervisor/conversations/{conversation_id}/unmasked", conversation_unmasked)
    app.router.add_get("/supervisor/misunderstood", not_understood)
    app.router.add_post("/supervisor/misunderstood", propose_intent)
