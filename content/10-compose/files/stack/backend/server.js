// A tiny backend: counts visits in redis. Node's built-in modules only, so
// there is nothing to npm install.
const http = require('node:http');
const net = require('node:net');

const PORT = Number(process.env.PORT || 3000);
const REDIS_HOST = process.env.REDIS_HOST || 'db';
const REDIS_PORT = Number(process.env.REDIS_PORT || 6379);

// Redis speaks RESP: a command goes out as an array of strings,
//   *2\r\n$4\r\nINCR\r\n$6\r\nvisits\r\n
// and a reply comes back as one typed line, e.g. ":42\r\n" for a number.
function encode(args) {
  return `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
}

// Returns the reply, or undefined while it has not fully arrived.
function parse(text) {
  const end = text.indexOf('\r\n');
  if (end < 0) return undefined;
  const type = text[0];
  const line = text.slice(1, end);
  if (type === '+') return line;
  if (type === ':') return Number(line);
  if (type === '-') return new Error(line);
  if (type === '$') {
    const length = Number(line);
    if (length < 0) return null;
    const body = text.slice(end + 2);
    return Buffer.byteLength(body) >= length + 2 ? body.slice(0, length) : undefined;
  }
  return new Error(`unexpected reply from redis: ${text}`);
}

// Sends one command on a fresh connection, so the name REDIS_HOST is looked
// up again each time (start redis later and the backend finds it).
function redis(...args) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(REDIS_PORT, REDIS_HOST);
    let received = '';
    socket.setTimeout(2000, () => socket.destroy(new Error('timed out')));
    socket.on('connect', () => socket.write(encode(args)));
    socket.on('data', (chunk) => {
      received += chunk;
      const reply = parse(received);
      if (reply === undefined) return;
      socket.end();
      if (reply instanceof Error) reject(reply);
      else resolve(reply);
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('redis closed the connection')));
  });
}

// Why a connection failed, in words.
function explain(err) {
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
    return `no host called "${REDIS_HOST}" is known here: ${err.code}`;
  if (err.code === 'ECONNREFUSED') return `nothing listens there: ECONNREFUSED`;
  return err.code || err.message;
}

const server = http.createServer(async (req, res) => {
  if (req.method !== 'GET' || req.url !== '/') {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not found. Try GET /\n');
    return;
  }
  try {
    const visits = await redis('INCR', 'visits');
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`Hello from the backend! Visits so far: ${visits}\n`);
  } catch (err) {
    const why = explain(err);
    console.error(`cannot reach redis at ${REDIS_HOST}:${REDIS_PORT} (${why})`);
    res.writeHead(503, { 'content-type': 'text/plain' });
    res.end(
      `503: the backend cannot reach redis at ${REDIS_HOST}:${REDIS_PORT} (${why}).\n` +
        `Is redis running, and can this container reach it by the name "${REDIS_HOST}"?\n`
    );
  }
});

server.listen(PORT, () => {
  console.log(`backend listening on port ${PORT}, using redis at ${REDIS_HOST}:${REDIS_PORT}`);
});

// As PID 1 in a container, node must handle SIGTERM itself, or `docker stop`
// waits 10 seconds and then kills it.
process.on('SIGTERM', () => process.exit(0));
