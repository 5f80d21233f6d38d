// The per-request floor: a minimal node:http server in its own process. Every GET answers the same small JSON
// document (shaped like Genesys's /api/v2/users/me), so each client does identical work on the wire.
// Any GET whose path contains /events streams EVENT_COUNT (env, default 1000) small SSE events in Particle's
// framing, then one `bench-end` event, and stays open until the client leaves.
import http from 'node:http';

const userMe = JSON.stringify({
  id: '7d3c9a4e-1b2f-4c5d-8e6f-0a1b2c3d4e5f',
  name: 'Bench User',
  division: { id: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'Home' },
  email: 'bench.user@example.com',
  state: 'active',
  username: 'bench.user@example.com',
  version: 3,
  presence: {
    presenceDefinition: { id: 'e08eaf1b-ee47-4fa9-a231-1200e284798f', systemPresence: 'Available' },
  },
  selfUri: '/api/v2/users/7d3c9a4e-1b2f-4c5d-8e6f-0a1b2c3d4e5f',
});

const event = (id, name, data) =>
  `id: ${id}\nevent: ${name}\ndata: {"data":"${data}","ttl":60,"published_at":"2026-11-23T00:00:00.000Z","coreid":"0123456789abcdef01234567"}\n\n`;

// The whole stream is built once per event count and kept as buffers of 500 events, so writing it costs the server
// next to nothing: the bench measures how fast a client parses and delivers events, not how fast we format them.
const streams = new Map();
function payload(count) {
  let chunks = streams.get(count);
  if (chunks) return chunks;
  chunks = [];
  for (let sent = 0; sent < count; ) {
    let chunk = '';
    for (let i = 0; i < 500 && sent < count; i++, sent++) chunk += event(sent + 1, 'temp', sent);
    chunks.push(Buffer.from(chunk));
  }
  chunks.push(Buffer.from(event(count + 1, 'bench-end', 'end')));
  streams.set(count, chunks);
  return chunks;
}

function streamEvents(req, res, count) {
  const chunks = payload(count);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(':ok\n\n');
  let next = 0;
  let closed = false;
  req.on('close', () => {
    closed = true;
  });
  // The stream stays open after the last event (a closed stream would make both clients reconnect); a final
  // `bench-end` event tells the client that everything has been sent.
  // Start after a pause, as a real stream would: particle-api-js drops events that arrive before its
  // getEventStream() promise has resolved and the caller attached a listener.
  const write = () => {
    while (!closed && next < chunks.length) {
      if (!res.write(chunks[next++])) {
        res.once('drain', write);
        return;
      }
    }
  };
  setTimeout(write, 300);
}

const server = http.createServer((req, res) => {
  if (req.url?.includes('/events')) {
    streamEvents(req, res, Number(process.env.EVENT_COUNT ?? 1000));
    return;
  }
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(userMe) });
    res.end(userMe);
  });
});
server.keepAliveTimeout = 60_000;
payload(Number(process.env.EVENT_COUNT ?? 1000));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
