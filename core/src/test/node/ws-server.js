'use strict';

// A third-party WebSocket peer (the `ws` package) for wsclient-core tests.
//
// Binds 127.0.0.1 on an ephemeral port and prints exactly one line "PORT <n>" on stdout
// once listening. Exits when stdin closes, so a JVM that dies never leaves it behind.
//
// Routes (request path of the upgrade request):
//   /echo                            echoes every message with its opcode
//   /count?n=N&size=S&type=text|binary
//                                    sends N messages then stays open; text messages are
//                                    "0", "1", ... (right-padded with 'x' to S characters
//                                    when S is larger), binary messages are S bytes all
//                                    equal to (index & 0xff)
//   /fragments?parts=P               one text message in P fragments ("part0part1..."),
//                                    then the whole text message "done"
//   /close?code=C&reason=R           closes right after the handshake
//   /ping?payload=X                  sends a ping with payload X and, when the pong
//                                    arrives, the text message "pong:<pong payload>"
//   /headers                         one text message: JSON of the request headers
//   /protocol                        one text message: the negotiated subprotocol
// Any other path is answered with HTTP 404. The first offered subprotocol is accepted.
// Any route takes ?deflate=true to allow permessage-deflate (then every message is compressed),
// with ws's perMessageDeflate options from the query: serverNoContextTakeover=true,
// clientNoContextTakeover=true, serverMaxWindowBits=N, clientMaxWindowBits=N.
//   /negotiated                      one text message: JSON of the permessage-deflate parameters
//                                    ws accepted (null without compression), then echoes like /echo

const http = require('http');
const { WebSocketServer } = require('ws');

function intParam(params, name, fallback) {
  const value = params.get(name);
  if (value === null || value === '') {
    return fallback;
  }
  const parsed = Number.parseInt(value, 10);
  return Number.isNaN(parsed) ? fallback : parsed;
}

const routes = {
  '/echo': (ws) => {
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  },
  '/count': (ws, params) => {
    const n = intParam(params, 'n', 0);
    const size = intParam(params, 'size', 0);
    const binary = params.get('type') === 'binary';
    for (let i = 0; i < n; i++) {
      if (binary) {
        ws.send(Buffer.alloc(size, i & 0xff), { binary: true });
      } else {
        ws.send(String(i).padEnd(size, 'x'), { binary: false });
      }
    }
  },
  '/fragments': (ws, params) => {
    const parts = Math.max(1, intParam(params, 'parts', 1));
    for (let i = 0; i < parts; i++) {
      ws.send('part' + i, { binary: false, fin: i === parts - 1 });
    }
    ws.send('done', { binary: false });
  },
  '/close': (ws, params) => {
    const code = intParam(params, 'code', undefined);
    const reason = params.get('reason') || '';
    if (code === undefined) {
      ws.close();
    } else {
      ws.close(code, reason);
    }
  },
  '/ping': (ws, params) => {
    const payload = params.get('payload') || '';
    ws.once('pong', (data) => ws.send('pong:' + data.toString('utf8')));
    ws.ping(payload);
  },
  '/headers': (ws, params, request) => {
    ws.send(JSON.stringify(request.headers));
  },
  '/protocol': (ws) => {
    ws.send(ws.protocol);
  },
  '/negotiated': (ws) => {
    const deflate = ws._extensions['permessage-deflate'];
    ws.send(JSON.stringify(deflate ? deflate.params : null));
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  },
};

// One deflating server per set of options asked for.
const deflateServers = new Map();

function deflateServer(params) {
  const options = { threshold: 0 };
  for (const flag of ['serverNoContextTakeover', 'clientNoContextTakeover']) {
    if (params.get(flag) === 'true') {
      options[flag] = true;
    }
  }
  for (const bits of ['serverMaxWindowBits', 'clientMaxWindowBits']) {
    if (params.get(bits) !== null) {
      options[bits] = intParam(params, bits, 15);
    }
  }
  const key = JSON.stringify(options);
  if (!deflateServers.has(key)) {
    deflateServers.set(key, new WebSocketServer({
      noServer: true,
      handleProtocols: acceptFirstProtocol,
      perMessageDeflate: options,
    }));
  }
  return deflateServers.get(key);
}

function acceptFirstProtocol(protocols) {
  const first = protocols.values().next();
  return first.done ? false : first.value;
}

const wss = new WebSocketServer({ noServer: true, handleProtocols: acceptFirstProtocol });

const server = http.createServer((request, response) => {
  response.writeHead(426, { 'Content-Type': 'text/plain' });
  response.end('WebSocket upgrade required\n');
});

server.on('upgrade', (request, socket, head) => {
  const url = new URL(request.url, 'http://127.0.0.1');
  const route = routes[url.pathname];
  if (!route) {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  const target = url.searchParams.get('deflate') === 'true' ? deflateServer(url.searchParams) : wss;
  target.handleUpgrade(request, socket, head, (ws) => {
    ws.on('error', (error) => process.stderr.write('ws error: ' + error.message + '\n'));
    try {
      route(ws, url.searchParams, request);
    } catch (error) {
      process.stderr.write('route ' + url.pathname + ' failed: ' + error.message + '\n');
      ws.terminate();
    }
  });
});

server.on('clientError', (error, socket) => socket.destroy());

server.listen(0, '127.0.0.1', () => {
  process.stdout.write('PORT ' + server.address().port + '\n');
});

function shutdown() {
  for (const server of [wss, ...deflateServers.values()]) {
    for (const client of server.clients) {
      client.terminate();
    }
  }
  process.exit(0);
}

process.stdin.on('end', shutdown);
process.stdin.on('close', shutdown);
process.stdin.on('error', shutdown);
process.stdin.resume();
