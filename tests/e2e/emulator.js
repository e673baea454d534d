#!/usr/bin/env node
// The Bot API emulator for citeqa's end-to-end tests: telegram-test-api 4.2.1, with the gaps
// that break python-telegram-bot 22 filled in front of it.
//
// Usage: node emulator.js [--host 127.0.0.1] [--port 0]
// Prints one line, "listening on http://HOST:PORT", once it accepts connections.
//
// Fixed here, everything else is the emulator's own behaviour:
//   getMe              adds is_bot (and the inline/group flags a real bot reports)
//   sendMessage        answers a Message: `date` in seconds (not milliseconds), with `from` (the
//                      bot), without echoing the request's parameters as strings
//   editMessageText,   answer the edited message instead of null, which PTB cannot parse
//   editMessageReplyMarkup
//   getUpdates         honours `offset` (confirming earlier updates), `limit` and `timeout`
//                      (long polling instead of busy polling); callback queries get the
//                      `chat_instance` that the Bot API always sends
//   setMyCommands, sendChatAction, answerInlineQuery
//                      answer ok (instead of 500) and remember what they were given
// Added for the test client (the emulator has no way to do these):
//   POST /sendInlineQuery   {botToken, from, query, offset?, chat_type?} -> {ok, result: {id}}
//   POST /getInlineAnswers  {token, inlineQueryId?} -> the answerInlineQuery calls received
//   POST /getMyCommands     {token} -> the last setMyCommands call received
//   POST /waitBotMessages   {token, chatId, timeout} -> unread bot messages of a chat, waiting up
//                           to `timeout` seconds for the first one (long-poll twin of /getUpdates)
//   POST /countBotMessages  {token} -> how many messages the bot has sent, in all chats
'use strict';

const http = require('http');
const TelegramServer = require('telegram-test-api');

const BOT_USER = {
  id: 666,
  is_bot: true,
  first_name: 'Test First name',
  username: 'TestNameBot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
};
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const NEW_USER_UPDATE = 'citeqa:userUpdate';

function parseArgs(argv) {
  const args = { host: '127.0.0.1', port: 0 };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in args) || argv[i + 1] === undefined) {
      throw new Error(`usage: node emulator.js [--host HOST] [--port PORT], got ${argv[i]}`);
    }
    args[name] = name === 'port' ? Number(argv[i + 1]) : argv[i + 1];
  }
  return args;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

// Parameters the way the Bot API reads them: query string, then a JSON or form body.
async function readParams(req, url) {
  const params = Object.fromEntries(url.searchParams);
  const raw = await readBody(req);
  if (!raw) return params;
  const type = req.headers['content-type'] || '';
  if (type.includes('application/json')) return { ...params, ...JSON.parse(raw) };
  return { ...params, ...Object.fromEntries(new URLSearchParams(raw)) };
}

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function waitFor(emitter, event, seconds) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      emitter.off(event, done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, seconds) * 1000);
    emitter.on(event, done);
  });
}

function formatUpdate(update) {
  if ('inlineQuery' in update) {
    return { update_id: update.updateId, inline_query: update.inlineQuery };
  }
  const formatted = TelegramServer.formatUpdate(update);
  if (formatted.callback_query) {
    formatted.callback_query.chat_instance = String(update.callbackQuery.chat_instance || '1');
  }
  return formatted;
}

function storedBotMessage(server, params) {
  return server.storage.botMessages.find((stored) => (
    String(stored.messageId) === String(params.message_id)
    && String(stored.message.chat_id) === String(params.chat_id)));
}

// A stored bot message as the Bot API returns it: only Message fields, objects not strings.
function asMessage(stored) {
  const { message } = stored;
  const result = {
    message_id: stored.messageId,
    date: Math.floor(stored.time / 1000),
    from: BOT_USER,
    chat: { id: Number(message.chat_id), type: 'private', first_name: 'Bot' },
    text: message.text,
  };
  if (message.reply_markup && 'inline_keyboard' in message.reply_markup) {
    result.reply_markup = message.reply_markup;
  }
  return result;
}

function createEmulator() {
  const server = new TelegramServer({ storeTimeout: 24 * 60 * 60 });
  const inlineAnswers = [];
  const myCommands = {};
  let inlineQueryId = 1;

  // One event for every kind of user update, so long polls wake up whatever arrives.
  const addUserUpdate = server.addUserUpdate.bind(server);
  server.addUserUpdate = async (update) => {
    await addUserUpdate(update);
    server.emit(NEW_USER_UPDATE);
  };

  const pending = (token, offset) => {
    const live = server.storage.userMessages.filter((u) => u.botToken === token);
    for (const update of live) {
      if (update.updateId < offset) update.confirmed = true;
    }
    return live.filter((u) => !u.confirmed);
  };

  const botMethods = {
    getMe: async () => BOT_USER,
    sendMessage: async (token, params) => {
      const { message_id: messageId } = server.addBotMessage(params, token);
      return asMessage(server.storage.botMessages.find((stored) => stored.messageId === messageId));
    },
    editMessageText: async (token, params) => {
      server.editMessageText(params);
      const stored = storedBotMessage(server, params);
      return stored ? asMessage(stored) : true;
    },
    editMessageReplyMarkup: async (token, params) => {
      server.editMessageReplyMarkup(params);
      const stored = storedBotMessage(server, params);
      return stored ? asMessage(stored) : true;
    },
    getUpdates: async (token, params) => {
      const offset = Number(params.offset || 0);
      const limit = Number(params.limit || 100);
      const timeout = Number(params.timeout || 0);
      if (pending(token, offset).length === 0 && timeout > 0) {
        await waitFor(server, NEW_USER_UPDATE, timeout);
      }
      return pending(token, offset).slice(0, limit).map(formatUpdate);
    },
    setMyCommands: async (token, params) => {
      const commands = params.commands;
      myCommands[token] = typeof commands === 'string' ? JSON.parse(commands) : commands;
      return true;
    },
    sendChatAction: async () => true,
    answerInlineQuery: async (token, params) => {
      const results = params.results;
      inlineAnswers.push({
        token,
        inline_query_id: String(params.inline_query_id),
        results: typeof results === 'string' ? JSON.parse(results) : results,
        cache_time: params.cache_time === undefined ? undefined : Number(params.cache_time),
      });
      return true;
    },
  };

  const clientRoutes = {
    '/sendInlineQuery': async (params) => {
      const id = String(inlineQueryId++);
      await server.addUserUpdate({
        ...server.getCommonFields(params.botToken),
        inlineQuery: {
          id,
          from: params.from,
          query: params.query || '',
          offset: params.offset || '',
          chat_type: params.chat_type || 'private',
        },
      });
      return { id };
    },
    '/getInlineAnswers': async (params) => inlineAnswers.filter((answer) => (
      answer.token === params.token
      && (params.inlineQueryId === undefined
        || answer.inline_query_id === String(params.inlineQueryId)))),
    '/getMyCommands': async (params) => myCommands[params.token] || null,
    '/countBotMessages': async (params) => server.storage.botMessages.filter(
      (stored) => stored.botToken === params.token).length,
    '/waitBotMessages': async (params) => {
      const unread = () => server.storage.botMessages.filter((stored) => (
        stored.botToken === params.token
        && String(stored.message.chat_id) === String(params.chatId)
        && !stored.isRead));
      if (unread().length === 0) {
        await waitFor(server, 'AddedBotMessage', Number(params.timeout || 0));
      }
      const messages = unread();
      messages.forEach((stored) => { stored.isRead = true; });
      return messages;
    },
  };

  const handle = async (req, res) => {
    const url = new URL(req.url, 'http://emulator');
    const botRoute = url.pathname.match(/^\/bot([^/]+)\/([A-Za-z]+)$/);
    const botMethod = botRoute && Object.hasOwn(botMethods, botRoute[2]) ? botRoute[2] : null;
    const clientRoute = Object.hasOwn(clientRoutes, url.pathname) ? url.pathname : null;
    if (!botMethod && !clientRoute) {
      server.webServer(req, res);
      return;
    }
    try {
      const params = await readParams(req, url);
      if (botMethod) {
        const result = await botMethods[botMethod](botRoute[1], params);
        sendJson(res, 200, { ok: true, result });
      } else {
        sendJson(res, 200, { ok: true, result: await clientRoutes[clientRoute](params) });
      }
    } catch (error) {
      sendJson(res, 500, { ok: false, error_code: 500, description: String(error) });
    }
  };

  return { server, handle };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const { handle } = createEmulator();
  const httpServer = http.createServer((req, res) => { handle(req, res); });
  httpServer.keepAliveTimeout = 60 * 1000;
  httpServer.listen(args.port, args.host, () => {
    const { address, port } = httpServer.address();
    process.stdout.write(`listening on http://${address}:${port}\n`);
  });
  const stop = () => {
    httpServer.close(() => process.exit(0));
    httpServer.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
