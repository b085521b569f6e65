import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { getDb } from './app';
import { SESSION_COOKIE } from './auth/cookies';
import { validateSessionToken, type SessionUser } from './auth/sessions';
import type { UpgradeHandler } from './host-bridge';
import { parsePreviewHost, PREVIEW_COOKIE, proxyPreviewUpgrade } from './preview';
import { ownedSession, sandbox } from './sandbox';
import { acceptLiveChecks } from './live-checks';
import { relayTerminal } from './terminal-relay';

export type { UpgradeHandler };

/**
 * A WebSocket endpoint. `accept` decides before the handshake whether the
 * visitor may connect (null: 404, nothing upgraded) and returns what to do
 * with the socket once open.
 */
type Endpoint = (user: SessionUser, url: URL) => Promise<((ws: WebSocket) => void) | null>;

const endpoints = new Map<string, Endpoint>([
	// Lets a client (and the tests) confirm that upgrades on the site's port carry the session.
	[
		'/ws/hello',
		async (user) => (ws) => {
			ws.send(JSON.stringify({ type: 'hello', user: { id: user.id, isGuest: user.isGuest } }));
			ws.close(1000, 'bye');
		}
	],
	// A terminal tab in the visitor's own engine, relayed to the sandbox service.
	[
		'/ws/terminal',
		async (user, url) => {
			const id = url.searchParams.get('session') ?? '';
			if (!(await ownedSession(id, user.id))) return null;
			const target = sandbox().terminalUrl(id, {
				tab: url.searchParams.get('tab') ?? 'main',
				cols: Number(url.searchParams.get('cols')) || 80,
				rows: Number(url.searchParams.get('rows')) || 24
			});
			return (ws) => relayTerminal(ws, target, sandbox());
		}
	],
	// A lesson's live checks, from the visitor's own engine (live-checks.ts).
	['/ws/checks', acceptLiveChecks]
]);

const wss = new WebSocketServer({
	noServer: true,
	maxPayload: 1024 * 1024,
	perMessageDeflate: false
});

export const handleUpgrade: UpgradeHandler = (req, socket, head) => {
	upgrade(req, socket, head).catch((error) => {
		console.error('berth: WebSocket upgrade failed', error);
		reject(socket, 500, 'Internal Server Error');
	});
};

async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
	// A WebSocket of a learner's app, on its preview origin.
	const preview = parsePreviewHost(req.headers.host);
	if (preview) {
		const token = readCookie(req.headers.cookie, PREVIEW_COOKIE);
		if (!token) return reject(socket, 401, 'Unauthorized');
		return proxyPreviewUpgrade(req, socket, head, preview, token);
	}

	const url = new URL(req.url ?? '/', 'http://localhost');
	const endpoint = endpoints.get(url.pathname);
	if (!endpoint) return reject(socket, 404, 'Not Found');

	// Browsers send cookies on cross-site WebSocket handshakes too; only our own
	// pages may open one (cross-site WebSocket hijacking).
	if (!sameOrigin(req)) return reject(socket, 403, 'Forbidden');

	const token = readCookie(req.headers.cookie, SESSION_COOKIE);
	const result = token ? await validateSessionToken(await getDb(), token) : null;
	if (!result) return reject(socket, 401, 'Unauthorized');

	const open = await endpoint(result.user, url);
	if (!open) return reject(socket, 404, 'Not Found');
	wss.handleUpgrade(req, socket, head, open);
}

function sameOrigin(req: IncomingMessage): boolean {
	const origin = req.headers.origin;
	if (!origin) return true; // not a browser: cookies are not sent on its behalf
	try {
		return new URL(origin).host === req.headers.host;
	} catch {
		return false;
	}
}

export function readCookie(header: string | undefined, name: string): string | undefined {
	for (const part of header?.split(';') ?? []) {
		const eq = part.indexOf('=');
		if (eq > 0 && part.slice(0, eq).trim() === name) {
			try {
				return decodeURIComponent(part.slice(eq + 1).trim());
			} catch {
				return undefined; // a malformed cookie is no cookie
			}
		}
	}
	return undefined;
}

function reject(socket: Duplex, status: number, text: string): void {
	if (socket.writable) {
		socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
	}
	socket.destroy();
}

export async function closeWebSockets(): Promise<void> {
	for (const client of wss.clients) client.close(1001, 'server shutting down');
	await new Promise<void>((resolve) => wss.close(() => resolve()));
}
