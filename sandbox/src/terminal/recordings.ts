import fs from 'node:fs';
import path from 'node:path';
import type { TerminalSize } from '../engine/driver';
import { AsciicastWriter } from './asciicast';
import { isTabName } from './protocol';

/**
 * Where recordings live: <recordingsDir>/<sessionId>/<tab>.cast. A tab opened
 * again for the same session (after a service restart re-adopted it) gets
 * <tab>.2.cast, <tab>.3.cast, ...: tab names have no dots, so the names
 * cannot collide, and an earlier recording is never overwritten.
 */

const SESSION_ID = /^[a-z0-9_-]{1,64}$/;
const CAST_FILE = /^([a-z0-9_-]{1,32})(?:\.(\d+))?\.cast$/;

export interface RecordingInfo {
	tab: string;
	file: string;
	bytes: number;
}

export function isSessionId(id: string): boolean {
	return SESSION_ID.test(id);
}

export interface OpenRecordingOptions {
	recordingsDir: string;
	sessionId: string;
	tab: string;
	size: TerminalSize;
	maxBytes: number;
}

/**
 * Creates the next free recording file of a tab and a writer on it. The file
 * is created synchronously (once per tab, off the output path) so that two
 * tabs never race for one name; writes after that are asynchronous.
 */
export function openRecording(options: OpenRecordingOptions): {
	file: string;
	writer: AsciicastWriter;
} {
	const { recordingsDir, sessionId, tab } = options;
	if (!isSessionId(sessionId) || !isTabName(tab)) throw new Error('invalid session id or tab name');
	const dir = path.join(recordingsDir, sessionId);
	fs.mkdirSync(dir, { recursive: true, mode: 0o750 });
	for (let n = 1; ; n++) {
		const file = path.join(dir, n === 1 ? `${tab}.cast` : `${tab}.${n}.cast`);
		let fd: number;
		try {
			fd = fs.openSync(file, 'wx', 0o640);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EEXIST' && n < 1000) continue;
			throw error;
		}
		const stream = fs.createWriteStream(file, { fd });
		const writer = new AsciicastWriter(stream, {
			size: options.size,
			title: `${sessionId} ${tab}`,
			maxBytes: options.maxBytes
		});
		return { file, writer };
	}
}

/** A session's recordings, oldest first within each tab; empty for an unknown (or unsafe) id. */
export function listRecordings(recordingsDir: string, sessionId: string): RecordingInfo[] {
	if (!isSessionId(sessionId)) return [];
	const dir = path.join(recordingsDir, sessionId);
	let names: string[];
	try {
		names = fs.readdirSync(dir);
	} catch {
		return [];
	}
	const found: (RecordingInfo & { n: number })[] = [];
	for (const name of names) {
		const match = CAST_FILE.exec(name);
		if (!match) continue;
		const file = path.join(dir, name);
		try {
			found.push({ tab: match[1]!, file, bytes: fs.statSync(file).size, n: Number(match[2] ?? 1) });
		} catch {
			// Removed between readdir and stat: not a recording any more.
		}
	}
	found.sort((a, b) => (a.tab === b.tab ? a.n - b.n : a.tab < b.tab ? -1 : 1));
	return found.map(({ tab, file, bytes }) => ({ tab, file, bytes }));
}

/**
 * The tail of a tab's most recent recording, as terminal output: what its
 * screen showed before the service restarted. At most `maxBytes` of output,
 * from whole events; empty when there is no recording.
 */
export function lastOutput(
	recordingsDir: string,
	sessionId: string,
	tab: string,
	maxBytes: number
): Buffer {
	const latest = listRecordings(recordingsDir, sessionId)
		.filter((r) => r.tab === tab)
		.at(-1);
	if (!latest || latest.bytes === 0) return Buffer.alloc(0);
	// JSON-escaped output is at most ~6× the bytes it stands for.
	const window = Math.min(latest.bytes, maxBytes * 6 + 4096);
	const fd = fs.openSync(latest.file, 'r');
	let text: string;
	try {
		const buffer = Buffer.alloc(window);
		fs.readSync(fd, buffer, 0, window, latest.bytes - window);
		text = buffer.toString('utf8');
	} finally {
		fs.closeSync(fd);
	}
	// Whole lines only (the first may be cut), and only output events.
	const lines = text.split('\n').slice(window < latest.bytes ? 1 : 0);
	const chunks: Buffer[] = [];
	for (const line of lines) {
		if (!line.startsWith('[')) continue;
		try {
			const event = JSON.parse(line) as [number, string, string];
			if (event[1] === 'o' && typeof event[2] === 'string') chunks.push(Buffer.from(event[2]));
		} catch {
			// A line being written as we read: skip it.
		}
	}
	const output = Buffer.concat(chunks);
	return output.length > maxBytes ? output.subarray(output.length - maxBytes) : output;
}
