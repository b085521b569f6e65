// The shop's backend: counts visitors in Redis and greets each one.
// Node.js built-in modules only, with just enough of Redis's wire protocol
// (RESP) to send a command and read one reply.
import http from 'node:http';
import net from 'node:net';

const PORT = Number(process.env.PORT || 3000);
const REDIS_HOST = process.env.REDIS_HOST || 'localhost';
const REDIS_PORT = Number(process.env.REDIS_PORT || 6379);

/** Sends one command to Redis, e.g. redis('INCR', 'visitors'), and resolves with its reply. */
function redis(...args) {
	return new Promise((resolve, reject) => {
		let received = '';
		let settled = false;
		const settle = (error, value) => {
			if (settled) return;
			settled = true;
			socket.destroy();
			if (error) reject(error);
			else resolve(value);
		};
		const socket = net.connect(REDIS_PORT, REDIS_HOST, () => {
			const parts = args.map(String);
			socket.write(
				`*${parts.length}\r\n` + parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('')
			);
		});
		// Whether the name was found yet: a name that no container has gets no answer.
		let found = false;
		socket.on('lookup', (error) => (found = !error));
		socket.setTimeout(3000, () =>
			settle(
				new Error(
					found
						? `no answer from ${REDIS_HOST} on port ${REDIS_PORT}`
						: `no answer when looking up the name "${REDIS_HOST}"`
				)
			)
		);
		socket.on('data', (chunk) => {
			received += chunk;
			const reply = parseReply(received);
			if (reply === undefined) return; // not all of it yet
			if (reply instanceof Error) settle(reply);
			else settle(null, reply);
		});
		socket.on('error', (error) => settle(error));
		socket.on('close', () => settle(new Error('connection closed')));
	});
}

/** One RESP reply: a string, a number, null, an Error, or undefined if incomplete. */
function parseReply(text) {
	const end = text.indexOf('\r\n');
	if (end === -1) return undefined;
	const type = text[0];
	const line = text.slice(1, end);
	if (type === '+') return line;
	if (type === '-') return new Error(line);
	if (type === ':') return Number(line);
	if (type === '$') {
		const length = Number(line);
		if (length === -1) return null;
		const rest = Buffer.from(text.slice(end + 2));
		if (rest.length < length + 2) return undefined;
		return rest.subarray(0, length).toString();
	}
	return new Error(`unexpected reply from Redis: ${JSON.stringify(text)}`);
}

/** Why Redis could not be reached, in words. */
function why(error) {
	if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN')
		return `no such name: "${REDIS_HOST}"`;
	if (error.code === 'ECONNREFUSED')
		return `"${REDIS_HOST}" was found, but nothing listens on port ${REDIS_PORT}`;
	return error.code || error.message;
}

function send(res, status, body) {
	res.writeHead(status, {
		'Content-Type': 'text/plain; charset=utf-8',
		'Content-Length': Buffer.byteLength(body)
	});
	res.end(body);
}

const where = `${REDIS_HOST}:${REDIS_PORT}`;

const server = http.createServer(async (req, res) => {
	if (req.url !== '/') return send(res, 404, 'not found\n');
	try {
		const visitor = await redis('INCR', 'visitors');
		send(res, 200, `The shop is open! You are visitor number ${visitor}, counted by Redis.\n`);
	} catch (error) {
		console.error(`cannot reach Redis at ${where}: ${why(error)}`);
		send(
			res,
			503,
			`The shop is closed: the backend cannot reach Redis at ${where} (${why(error)}).\n`
		);
	}
});

server.listen(PORT, () => console.log(`backend: listening on port ${PORT}, Redis at ${where}`));

// Stop at once when Docker asks (docker stop, docker compose down).
process.on('SIGTERM', () => process.exit(0));
