import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * Port preview: an HTTP and WebSocket reverse proxy to a port published in
 * a learner's engine, reached at the engine's address in Berth's namespace.
 */
export interface PreviewTarget {
	host: string;
	port: number;
	/** Path and query to ask for, starting with '/'. */
	path: string;
}

// Hop-by-hop headers (RFC 9110 §7.6.1) and our own credentials never pass through.
const DROP = new Set([
	'connection',
	'keep-alive',
	'proxy-authenticate',
	'proxy-authorization',
	'te',
	'trailer',
	'transfer-encoding',
	'upgrade',
	'authorization',
	'x-berth-preview-token'
]);

function forwardHeaders(headers: http.IncomingHttpHeaders, port: number): http.OutgoingHttpHeaders {
	const out: http.OutgoingHttpHeaders = {};
	for (const [name, value] of Object.entries(headers))
		if (!DROP.has(name) && value !== undefined) out[name] = value;
	// The learner's app thinks it is being visited at localhost:<port>, as in the lesson's prose.
	out.host = `localhost:${port}`;
	return out;
}

export function proxyHttp(
	req: http.IncomingMessage,
	res: http.ServerResponse,
	target: PreviewTarget
): void {
	const upstream = http.request({
		host: target.host,
		port: target.port,
		method: req.method,
		path: target.path,
		headers: forwardHeaders(req.headers, target.port),
		timeout: 30_000
	});
	upstream.on('response', (answer) => {
		const headers = { ...answer.headers };
		for (const name of Object.keys(headers))
			if (DROP.has(name) && name !== 'transfer-encoding') delete headers[name];
		res.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers);
		answer.pipe(res);
	});
	upstream.on('timeout', () => upstream.destroy(new Error('timed out')));
	upstream.on('error', (error) => {
		if (res.headersSent) return void res.destroy();
		const text =
			`Nothing answered on port ${target.port} in your engine (${error.message}).\n` +
			`Is a container publishing it? For example: docker run -d -p ${target.port}:80 nginx\n`;
		res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
		res.end(text);
	});
	req.pipe(upstream);
}

export function proxyUpgrade(
	req: http.IncomingMessage,
	socket: Duplex,
	head: Buffer,
	target: PreviewTarget
): void {
	const upstream = net.connect({ host: target.host, port: target.port });
	upstream.setTimeout(10_000, () => upstream.destroy());
	upstream.on('connect', () => {
		upstream.setTimeout(0);
		const headers = forwardHeaders(req.headers, target.port);
		const lines = [`${req.method} ${target.path} HTTP/1.1`];
		for (const [name, value] of Object.entries(headers)) {
			for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`);
		}
		// An upgrade needs these two hop-by-hop headers after all.
		lines.push('connection: Upgrade', `upgrade: ${req.headers.upgrade ?? 'websocket'}`);
		upstream.write(lines.join('\r\n') + '\r\n\r\n');
		if (head.length) upstream.write(head);
		upstream.pipe(socket).pipe(upstream);
	});
	const close = () => {
		upstream.destroy();
		socket.destroy();
	};
	upstream.on('error', close);
	socket.on('error', close);
	upstream.on('close', close);
	socket.on('close', close);
}
