import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { getDb } from './app';
import { SESSION_COOKIE } from './auth/cookies';
import { validateSessionToken, type SessionUser } from './auth/sessions';
import type { UpgradeHandler } from './host-bridge';

export type { UpgradeHandler };

/** A WebSocket endpoint: gets the socket once the visitor is known. */
type Endpoint = (ws: WebSocket, user: SessionUser, req: IncomingMessage) => void;

/**
 * WebSocket endpoints by path. Terminals join later; /ws/hello lets a client
 * (and the tests) confirm that upgrades on the site's port carry the session.
 */
const endpoints = new Map<string, Endpoint>([
	[
		'/ws/hello',
		(ws, user) => {
			ws.send(JSON.stringify({ type: 'hello', user: { id: user.id, isGuest: user.isGuest } }));
			ws.close(1000, 'bye');
		}
	]
]);

const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

export const handleUpgrade: UpgradeHandler = (req, socket, head) => {
	upgrade(req, socket, head).catch((error) => {
		console.error('berth: WebSocket upgrade failed', error);
		reject(socket, 500, 'Internal Server Error');
	});
};

async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
	const url = new URL(req.url ?? '/', 'http://localhost');
	const endpoint = endpoints.get(url.pathname);
	if (!endpoint) return reject(socket, 404, 'Not Found');

	// Browsers send cookies on cross-site WebSocket handshakes too; only our own
	// pages may open one (cross-site WebSocket hijacking).
	if (!sameOrigin(req)) return reject(socket, 403, 'Forbidden');

	const token = readCookie(req.headers.cookie, SESSION_COOKIE);
	const result = token ? await validateSessionToken(await getDb(), token) : null;
	if (!result) return reject(socket, 401, 'Unauthorized');

	wss.handleUpgrade(req, socket, head, (ws) => endpoint(ws, result.user, req));
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
