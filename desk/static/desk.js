// The desk's only script: live updates over server-sent events, ticking waiting times, and the ticket's buttons
// and forms sent as JSON with the CSRF token.
"use strict";

const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

function formatWaited(seconds) {
  const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
  return h ? `${h} ч ${String(m).padStart(2, "0")} мин` : `${m} мин ${String(s).padStart(2, "0")} с`;
}

let renderedAt = Date.now();
function tickWaited() {
  const elapsed = Math.floor((Date.now() - renderedAt) / 1000);
  document.querySelectorAll("td.waited").forEach((cell) => {
    cell.textContent = formatWaited(Number(cell.dataset.waited || 0) + elapsed);
  });
}

// Replace a part of the page without losing what the operator is typing there.
function replaceKeepingInput(element, html) {
  const typed = {};
  element.querySelectorAll("textarea[name], input[name]:not([type=hidden])").forEach((f) => { typed[f.name] = f.value; });
  element.innerHTML = html;
  element.querySelectorAll("textarea[name], input[name]:not([type=hidden])").forEach((f) => {
    if (typed[f.name]) f.value = typed[f.name];
  });
}

function listen() {
  const source = document.querySelector("[data-events]");
  if (!source) return;
  const state = document.getElementById("live-state");
  const events = new EventSource(source.dataset.events);
  const last = {};
  events.onopen = () => { if (state) state.textContent = "обновляется"; };
  events.onerror = () => { if (state) state.textContent = "нет связи, переподключаюсь…"; };
  events.onmessage = (message) => {
    const data = JSON.parse(message.data);
    if (data.html !== undefined) {
      document.getElementById("queue-rows").innerHTML = data.html;
      renderedAt = Date.now();
      tickWaited();
      return;
    }
    for (const part of ["transcript", "chat_panel", "workflow", "attachments"]) {
      if (data[part] === undefined || data[part] === last[part]) continue;
      last[part] = data[part];
      const element = document.getElementById(part.replace("_", "-"));
      if (element) replaceKeepingInput(element, data[part]);
    }
    const turns = document.querySelector("#transcript .turns");
    if (turns) turns.lastElementChild?.scrollIntoView({ block: "nearest" });
  };
}

async function act(action, body) {
  const ticket = document.querySelector(".ticket").dataset.ticket;
  const response = await fetch(`/api/tickets/${ticket}/${action}`, {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  const error = document.getElementById("action-error");
  if (error) error.textContent = response.ok ? "" : (answer.error || `ошибка ${response.status}`);
  if (!response.ok) window.alert(answer.error || `Ошибка ${response.status}`);
  return response.ok;
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button || button.closest("form")) return;
  event.preventDefault();
  act(button.dataset.action, { status: button.dataset.status, key: button.dataset.key });
});

document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form[data-action]");
  if (!form) return;
  event.preventDefault();
  const body = Object.fromEntries(new FormData(form).entries());
  if (event.submitter && event.submitter.name) body[event.submitter.name] = event.submitter.value;
  if (await act(form.dataset.action, body)) form.reset();
});

document.addEventListener("keydown", (event) => {
  // Enter sends, Shift+Enter is a new line (as in a messenger).
  if (event.key === "Enter" && !event.shiftKey && event.target.matches("form.send textarea")) {
    event.preventDefault();
    event.target.form.requestSubmit();
  }
});

document.addEventListener("DOMContentLoaded", () => {
  tickWaited();
  setInterval(tickWaited, 1000);
  listen();
});
