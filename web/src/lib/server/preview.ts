import http from 'node:http';
import type { Duplex } from 'node:stream';
import { sandbox } from './sandbox';

/**
 * Port previews live on their own origin, one per session and port:
 *   http://s-<session>-<port>.<site host>/
 * so a learner's app never shares an origin (or cookies) with the site or
 * with another learner's app. The browser proves its right to a preview with
 * a preview token (bound to the session) kept in a cookie on that origin.
 */
export interface PreviewHost {
	sessionId: string;
	port: number;
}

const PREVIEW_LABEL = /^s-([a-z0-9]{8,64})-(\d{1,5})$/;
export const PREVIEW_COOKIE = 'berth_preview';
export const PREVIEW_LOGIN_PATH = '/.berth/preview-login';

export function parsePreviewHost(host: string | undefined | null): PreviewHost | null {
	if (!host) return null;
	const [label] = host.split('.');
	const m = PREVIEW_LABEL.exec(label ?? '');
	if (!m || !host.includes('.')) return null;
	const port = Number(m[2]);
	return port >= 1 && port <= 65535 ? { sessionId: m[1]!, port } : null;
}

export function previewOrigin(siteUrl: URL, preview: PreviewHost): string {
	return `${siteUrl.protocol}//s-${preview.sessionId}-${preview.port}.${siteUrl.host}`;
}

/** The sandbox route behind a preview request. */
function upstreamPath(preview: PreviewHost, pathAndQuery: string): string {
	return `/v1/sessions/${preview.sessionId}/preview/${preview.port}${pathAndQuery}`;
}

/** Removes Berth's preview cookie from a Cookie header; the app keeps its own cookies. */
export function stripPreviewCookie(header: string | null | undefined): string | undefined {
	const kept = (header ?? '')
		.split(';')
		.map((c) => c.trim())
		.filter((c) => c && !c.startsWith(`${PREVIEW_COOKIE}=`));
	return kept.length ? kept.join('; ') : undefined;
}

/** Forwards one HTTP request to the learner's app through the sandbox service. */
export async function proxyPreview(
	request: Request,
	preview: PreviewHost,
	token: string
): Promise<Response> {
	const url = new URL(request.url);
	const headers = new Headers(request.headers);
	headers.delete('host');
	const cookie = stripPreviewCookie(headers.get('cookie'));
	if (cookie) headers.set('cookie', cookie);
	else headers.delete('cookie');
	headers.set('authorization', `Bearer ${token}`);
	const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
	const upstream = await fetch(sandbox().url + upstreamPath(preview, url.pathname + url.search), {
		method: request.method,
		headers,
		body: hasBody ? request.body : undefined,
		redirect: 'manual',
		// @ts-expect-error Node's fetch needs this to stream a request body
		duplex: hasBody ? 'half' : undefined
	});
	// fetch has already decoded the body: the length and encoding no longer apply.
	const answer = new Headers(upstream.headers);
	answer.delete('content-encoding');
	answer.delete('content-length');
	return new Response(upstream.body, {
		status: upstream.status,
		statusText: upstream.statusText,
		headers: answer
	});
}

/** Relays a WebSocket handshake (and then raw bytes) to the learner's app. */
export function proxyPreviewUpgrade(
	req: http.IncomingMessage,
	socket: Duplex,
	head: Buffer,
	preview: PreviewHost,
	token: string
): void {
	const target = new URL(sandbox().url);
	const headers = {
		...req.headers,
		authorization: `Bearer ${token}`,
		cookie: stripPreviewCookie(req.headers.cookie)
	};
	delete headers.host;
	const upstream = http.request({
		host: target.hostname,
		port: target.port,
		path: upstreamPath(preview, req.url ?? '/'),
		method: req.method,
		headers
	});
	upstream.on('upgrade', (res, upSocket, upHead) => {
		const lines = [`HTTP/1.1 ${res.statusCode} ${res.statusMessage}`];
		for (let i = 0; i < res.rawHeaders.length; i += 2)
			lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
		socket.write(lines.join('\r\n') + '\r\n\r\n');
		if (upHead.length) socket.write(upHead);
		if (head.length) upSocket.write(head);
		upSocket.pipe(socket).pipe(upSocket);
		const close = () => {
			upSocket.destroy();
			socket.destroy();
		};
		upSocket.on('error', close);
		socket.on('error', close);
	});
	upstream.on('response', (res) => {
		socket.end(
			`HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`
		);
		res.resume();
	});
	upstream.on('error', () => socket.destroy());
	upstream.end();
}
