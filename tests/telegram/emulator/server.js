'use strict';
// Telegram Bot API emulator for the tests: telegram-test-api 4.2.1 behind a thin front that makes it speak
// the Bot API the way python-telegram-bot 22 expects, plus a few knobs the tests use to play Telegram.
//
// Fixes of the emulator's defects (each stops PTB cold otherwise):
//   * getMe lacks `is_bot`                       -> answered here;
//   * `date` of returned messages is in ms        -> rewritten to seconds everywhere;
//   * callback queries lack `chat_instance`       -> added;
//   * editMessage* return `result: null`          -> `true` (what Telegram returns for a successful edit);
//   * an edit without reply_markup keeps the old buttons -> they are dropped, as Telegram does;
//   * webhooks are posted without the secret token -> relayed here with X-Telegram-Bot-Api-Secret-Token.
// Played by the front (Telegram has them, the emulator does not): setMyCommands/getMyCommands, a recorded
// answerCallbackQuery, files a user sends (getFile and the /file/ download), "the user blocked the bot" (403)
// and flood limits (429) on demand, and any raw update
// the emulator's client cannot make (edited messages, chat member changes, channel posts, …).
//
// Usage: node server.js [--port N] [--host H]; prints "LISTENING <port>" once it accepts requests.
const http = require('http');
const express = require('express');
const TelegramServer = require('telegram-test-api');

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const host = arg('host', '127.0.0.1');
const port = Number(arg('port', '0'));

const emulator = new TelegramServer({ host, port, storeTimeout: 3600 });
const state = {
  commands: {}, // token -> [{command, description}]
  answers: {}, // token -> [{callback_query_id, text, show_alert}]
  calls: {}, // token -> [{method, chat_id, status}]
  webhooks: {}, // token -> {url, secret_token}
  blocked: {}, // token -> Set of chat ids (strings)
  flood: {}, // token -> {count, retry_after}
  raw: {}, // token -> [update]: updates the emulator cannot make (edited_message, my_chat_member, …)
  files: {}, // token -> {file_id: {path, data}}: what a user uploaded (a voice note), for getFile and /file/
};
const perToken = (table, token, make) => (table[token] = table[token] || make());

function fixDates(value) {
  if (Array.isArray(value)) return value.map(fixDates);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = /(^|_)date$/.test(key) && typeof item === 'number' && item > 1e11
        ? Math.floor(item / 1000) : fixDates(item);
    }
    return out;
  }
  return value;
}

function withChatInstance(update) {
  const query = update && update.callback_query;
  if (query && !query.chat_instance) {
    const chat = query.message && query.message.chat;
    query.chat_instance = String(chat ? chat.id : query.from.id);
  }
  return update;
}

const app = express();
app.use(express.json({ limit: '30mb' })); // a file a user sends comes base64 in /__control/file (bots get up to 20 MB)
app.use(express.urlencoded({ extended: true }));

// --- the tests' knobs ---------------------------------------------------------------------------
app.post('/__control/block', (req, res) => {
  perToken(state.blocked, req.body.token, () => new Set()).add(String(req.body.chat_id));
  res.json({ ok: true });
});
app.post('/__control/flood', (req, res) => {
  state.flood[req.body.token] = { count: Number(req.body.count), retry_after: Number(req.body.retry_after) };
  res.json({ ok: true });
});
app.post('/__control/update', async (req, res) => {
  const { token } = req.body;
  const update = { ...req.body.update, update_id: emulator.updateId++ };
  if (state.webhooks[token]) {
    const answer = await deliverWebhook(token, update);
    return res.json({ ok: answer.ok, result: update.update_id });
  }
  perToken(state.raw, token, () => []).push(update);
  return res.json({ ok: true, result: update.update_id });
});
// A file the user sends (voice note, photo): stored here, since the emulator keeps no files; getFile and the
// Bot API's /file/bot<token>/<path> download then serve it as Telegram does.
app.post('/__control/file', (req, res) => {
  const { token, file_id, file_path, data_base64 } = req.body;
  perToken(state.files, token, () => ({}))[file_id] = { path: file_path, data: Buffer.from(data_base64, 'base64') };
  res.json({ ok: true });
});
app.get('/file/bot:token/*', (req, res) => {
  const files = Object.values(state.files[req.params.token] || {});
  const file = files.find((f) => f.path === req.params[0]);
  if (!file) return res.status(404).json({ ok: false, error_code: 404, description: 'Not Found' });
  return res.type('application/octet-stream').send(file.data);
});
app.get('/__control/:what', (req, res) => {
  const table = { answers: state.answers, commands: state.commands, calls: state.calls }[req.params.what];
  if (!table) return res.status(404).json({ ok: false });
  return res.json({ ok: true, result: table[req.query.token] || [] });
});

// Telegram posts webhook updates with the secret token it was given; the emulator does not, so it posts here.
async function deliverWebhook(token, update) {
  const hook = state.webhooks[token];
  if (!hook) return { ok: false, status: 404 };
  const headers = { 'content-type': 'application/json' };
  if (hook.secret_token) headers['x-telegram-bot-api-secret-token'] = hook.secret_token;
  try {
    const answer = await fetch(hook.url, { method: 'POST', headers, body: JSON.stringify(withChatInstance(fixDates(update))) });
    return { ok: answer.ok, status: answer.status };
  } catch (error) {
    console.error(`emulator: webhook ${hook.url} unreachable: ${error}`);
    return { ok: false, status: 502 };
  }
}
app.post('/__relay/:token', async (req, res) => {
  const answer = await deliverWebhook(req.params.token, req.body);
  res.status(answer.status).end();
});

// --- the Bot API ----------------------------------------------------------------------------------
app.all('/bot:token/:method', (req, res, next) => {
  const { token, method } = req.params;
  const body = req.body || {};
  const calls = perToken(state.calls, token, () => []);
  const reply = (status, payload) => {
    calls.push({ method, chat_id: body.chat_id, status });
    return res.status(status).json(payload);
  };

  if (method === 'getMe') {
    return reply(200, { ok: true, result: {
      id: 666, is_bot: true, first_name: 'Поддержка', username: 'TestSupportBot',
      can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false,
    } });
  }
  if (method === 'setMyCommands') {
    const commands = typeof body.commands === 'string' ? JSON.parse(body.commands) : body.commands;
    state.commands[token] = commands || [];
    return reply(200, { ok: true, result: true });
  }
  if (method === 'getMyCommands') return reply(200, { ok: true, result: state.commands[token] || [] });
  if (method === 'getFile') {
    const file = (state.files[token] || {})[body.file_id];
    if (!file) return reply(400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
    return reply(200, { ok: true, result: {
      file_id: body.file_id, file_unique_id: `u${body.file_id}`, file_size: file.data.length, file_path: file.path,
    } });
  }
  if (method === 'getWebhookInfo') {
    const hook = state.webhooks[token];
    return reply(200, { ok: true, result: { url: hook ? hook.url : '', has_custom_certificate: false, pending_update_count: 0 } });
  }
  if (method === 'setWebhook') {
    state.webhooks[token] = { url: body.url, secret_token: body.secret_token };
    req.body = { ...body, url: `http://${host}:${server.address().port}/__relay/${token}` };
  }
  if (method === 'deleteWebhook') delete state.webhooks[token];
  if (/^editMessage(Text|ReplyMarkup)$/.test(method) && !body.reply_markup) {
    req.body = { ...body, reply_markup: { inline_keyboard: [] } };
  }
  if (method === 'answerCallbackQuery') {
    perToken(state.answers, token, () => []).push({
      callback_query_id: body.callback_query_id, text: body.text, show_alert: body.show_alert,
    });
  }
  if (method.startsWith('send') && body.chat_id !== undefined) {
    const blocked = state.blocked[token];
    if (blocked && blocked.has(String(body.chat_id))) {
      return reply(403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    }
    const flood = state.flood[token];
    if (flood && flood.count > 0 && method === 'sendMessage') {
      flood.count -= 1;
      return reply(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${flood.retry_after}`,
        parameters: { retry_after: flood.retry_after } });
    }
  }

  // Everything else is the emulator's; only its answers are corrected on the way out.
  const json = res.json.bind(res);
  res.json = (payload) => {
    let fixed = fixDates(payload);
    if (fixed && fixed.ok && method === 'getUpdates' && Array.isArray(fixed.result)) {
      const raw = state.raw[token] || [];
      state.raw[token] = [];
      fixed.result = [...fixed.result.map(withChatInstance), ...raw].sort((a, b) => a.update_id - b.update_id);
    }
    if (fixed && fixed.ok && fixed.result == null && /^(editMessage|answerCallbackQuery|deleteWebhook)/.test(method)) {
      fixed = { ...fixed, result: true };
    }
    calls.push({ method, chat_id: body.chat_id, status: res.statusCode });
    return json(fixed);
  };
  return next();
});
app.use(emulator.webServer);

// An unreachable webhook must not take the emulator down with an unhandled rejection.
process.on('unhandledRejection', (error) => console.error(`emulator: ${error}`));

const server = http.createServer(app);
server.listen(port, host, () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections(); // the bot keeps connections alive; do not wait for it to hang up
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
