import { WebSocket, type RawData } from 'ws';
import type { TerminalSize } from '../engine/driver';

/**
 * The terminal WebSocket's messages and close codes (the protocol itself is
 * described at the top of hub.ts). Pure functions, so they are unit-tested
 * without a socket.
 */

export const TAB_NAME = /^[a-z0-9_-]{1,32}$/;
export const MAX_DIMENSION = 1000;
export const DEFAULT_SIZE: TerminalSize = { cols: 80, rows: 24 };

/** Close codes a client may see, beyond the standard 1000 and 1001. */
export const CLOSE = {
	/** The shell exited (after an exit frame); reconnect for a fresh one. */
	shellExited: 1000,
	/** The service is shutting down. */
	goingAway: 1001,
	/** The session ended (deleted, idle, expired); the reason says which. */
	sessionEnded: 4000,
	/** The tab name is not valid. */
	badTab: 4400,
	/** The engine is gone: no shell can be started. */
	engineGone: 4004,
	/** Too many tabs in this session. */
	tooManyTabs: 4008,
	/** The client did not read its output fast enough. */
	tooSlow: 4009
} as const;

export type ControlMessage = { type: 'resize'; size: TerminalSize };

export type ServerMessage =
	{ type: 'exit'; code: number | null } | { type: 'error'; message: string };

export function isTabName(name: unknown): name is string {
	return typeof name === 'string' && TAB_NAME.test(name);
}

/** A terminal size if both dimensions are integers in 1..1000, else undefined. */
export function parseSize(cols: unknown, rows: unknown): TerminalSize | undefined {
	const ok = (n: unknown): n is number =>
		Number.isInteger(n) && (n as number) >= 1 && (n as number) <= MAX_DIMENSION;
	return ok(cols) && ok(rows) ? { cols, rows } : undefined;
}

/**
 * Parses a text frame from a client. Anything but a well-formed control
 * message yields an error string for the client: the input is untrusted and
 * must never throw.
 */
export function parseControl(text: string): ControlMessage | { error: string } {
	if (text.length > 1024) return { error: 'control message too long' };
	let message: unknown;
	try {
		message = JSON.parse(text);
	} catch {
		return { error: 'control message is not JSON' };
	}
	if (typeof message !== 'object' || message === null || Array.isArray(message)) {
		return { error: 'control message must be a JSON object' };
	}
	const { type, cols, rows } = message as Record<string, unknown>;
	if (type !== 'resize') return { error: `unknown control message type ${JSON.stringify(type)}` };
	const size = parseSize(cols, rows);
	if (!size) return { error: `resize needs integer cols and rows in 1..${MAX_DIMENSION}` };
	return { type: 'resize', size };
}

export function encode(message: ServerMessage): string {
	return JSON.stringify(message);
}

/** Sends a control message if the socket is still open (a closing one just drops it). */
export function sendMessage(ws: WebSocket, message: ServerMessage): void {
	if (ws.readyState === WebSocket.OPEN) ws.send(encode(message));
}

/** A message's bytes, whatever shape ws delivered them in. */
export function toBuffer(data: RawData): Buffer {
	if (Buffer.isBuffer(data)) return data;
	if (Array.isArray(data)) return Buffer.concat(data);
	return Buffer.from(data);
}

/**
 * A WebSocket close reason must fit in 123 bytes of UTF-8 (ws throws
 * otherwise); reasons can carry session-end text, so cut them safely.
 */
export function closeReason(reason: string): string {
	const bytes = Buffer.from(reason, 'utf8');
	if (bytes.length <= 123) return reason;
	// A streaming decode holds back a trailing partial character instead of mangling it.
	return new TextDecoder().decode(bytes.subarray(0, 123), { stream: true });
}
