/**
 * The terminal hub: learners' browser terminals, over WebSockets, to shells
 * in their engines.
 *
 * Protocol, one WebSocket per (session, tab):
 *
 * - Binary frames, both ways: raw terminal bytes. Client → server is input
 *   for the shell (keystrokes, pastes); server → client is the shell's output.
 * - Text frames, client → server: JSON control messages. Only
 *   `{"type":"resize","cols":N,"rows":N}`, integers 1..1000. Anything else is
 *   answered with an error frame and otherwise ignored.
 * - Text frames, server → client: JSON.
 *   `{"type":"exit","code":N}` (N may be null if unknown): the shell exited;
 *   the server then closes the socket (1000). The tab is kept, with its
 *   replay; the next attach starts a fresh shell in it.
 *   `{"type":"error","message":"..."}`: something the learner may be shown.
 * - On attach to a tab that has output, the first frame is a binary frame
 *   with its recent output (at most replayBytes, starting at a character,
 *   and if possible a line, boundary), so a reconnecting client redraws its
 *   screen. Any number of sockets may watch one tab: all get the output, and
 *   input from any goes to the shell.
 * - Close codes: 1000 shell exited, 1001 service shutting down, 4000 session
 *   ended (the reason says why), 4004 engine not available (no shell could be
 *   started), 4008 too many tabs, 4009 too slow (the client did not read its
 *   output), 4400 invalid tab name.
 *
 * Output goes out as it arrives, with no batching: keystroke echo latency is
 * what a terminal feels like. Each tab is recorded in asciicast v2 under
 * <recordingsDir>/<sessionId>/<tab>.cast (recordings.ts), bounded in size.
 */
import type { WebSocket } from 'ws';
import type { EngineDriver, TerminalSize } from '../engine/driver';
import type { Session } from '../sessions/manager';
import { CLOSE, DEFAULT_SIZE, closeReason, isTabName, parseSize, sendMessage } from './protocol';
import { listRecordings, type RecordingInfo } from './recordings';
import { Tab } from './tab';

export interface TerminalHubOptions {
	driver: EngineDriver;
	/** e.g. <dataDir>/recordings */
	recordingsDir: string;
	/** Tabs per session; default 8. */
	maxTabs?: number;
	/** Replay kept per tab, in bytes; default 64 KiB. */
	replayBytes?: number;
	/** Size bound of one recording file; default 20 MiB. */
	maxRecordingBytes?: number;
}

/** How long closeAll waits for recordings to reach the disk. */
const SHUTDOWN_WAIT_MS = 5_000;

export class TerminalHub {
	readonly #options: Required<TerminalHubOptions>;
	/** Tabs by session id, then by tab name. */
	readonly #sessions = new Map<string, Map<string, Tab>>();
	/** Recordings being finalised, so closeAll can wait for them. */
	readonly #closing = new Set<Promise<void>>();
	#shutDown = false;

	constructor(options: TerminalHubOptions) {
		this.#options = {
			maxTabs: 8,
			replayBytes: 64 * 1024,
			maxRecordingBytes: 20 * 1024 * 1024,
			...options
		};
	}

	/**
	 * Attaches a socket to tab `tab` of `session`, starting its shell if it has
	 * none. Resolves once the socket is attached and the shell is running (or
	 * could not be started: the socket has then been closed with 4004).
	 * Never rejects: every failure is reported to the client on the socket.
	 */
	async attach(
		ws: WebSocket,
		session: Session,
		tab: string,
		size: TerminalSize,
		onActivity: () => void
	): Promise<void> {
		const sessionId = session.record.id;
		if (this.#shutDown) return reject(ws, CLOSE.goingAway, 'The service is restarting.');
		if (!isTabName(tab)) {
			return reject(ws, CLOSE.badTab, 'Tab names are 1 to 32 of a-z, 0-9, _ and -.');
		}
		let tabs = this.#sessions.get(sessionId);
		if (!tabs) {
			tabs = new Map();
			this.#sessions.set(sessionId, tabs);
		}
		let target = tabs.get(tab);
		if (!target) {
			if (tabs.size >= this.#options.maxTabs) {
				if (tabs.size === 0) this.#sessions.delete(sessionId);
				return reject(
					ws,
					CLOSE.tooManyTabs,
					`At most ${this.#options.maxTabs} terminal tabs per session.`
				);
			}
			target = new Tab({
				sessionId,
				name: tab,
				engine: session.engine,
				driver: this.#options.driver,
				replayBytes: this.#options.replayBytes,
				recordingsDir: this.#options.recordingsDir,
				maxRecordingBytes: this.#options.maxRecordingBytes
			});
			tabs.set(tab, target);
		}
		try {
			await target.attach(ws, parseSize(size?.cols, size?.rows) ?? DEFAULT_SIZE, onActivity);
		} catch (error) {
			console.error(`sandbox: attaching to ${sessionId}/${tab} failed`, error);
			reject(ws, 1011, 'The terminal failed; please reconnect.');
		}
		// A tab whose shell never started holds nothing: do not let it count against maxTabs.
		if (target.disposable && tabs.get(tab) === target) {
			tabs.delete(tab);
			if (tabs.size === 0 && this.#sessions.get(sessionId) === tabs) {
				this.#sessions.delete(sessionId);
			}
		}
	}

	closeSession(sessionId: string, reason: string): void {
		const tabs = this.#sessions.get(sessionId);
		if (!tabs) return;
		this.#sessions.delete(sessionId);
		for (const tab of tabs.values()) this.#track(tab.close(CLOSE.sessionEnded, reason));
	}

	async closeAll(): Promise<void> {
		this.#shutDown = true;
		for (const tabs of this.#sessions.values()) {
			for (const tab of tabs.values()) {
				this.#track(tab.close(CLOSE.goingAway, 'server shutting down'));
			}
		}
		this.#sessions.clear();
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_WAIT_MS)));
		await Promise.race([Promise.all(this.#closing), timeout]);
		clearTimeout(timer);
	}

	counts(): { tabs: number; sockets: number } {
		let tabs = 0;
		let sockets = 0;
		for (const session of this.#sessions.values()) {
			tabs += session.size;
			for (const tab of session.values()) sockets += tab.sockets;
		}
		return { tabs, sockets };
	}

	recordings(sessionId: string): RecordingInfo[] {
		return listRecordings(this.#options.recordingsDir, sessionId);
	}

	#track(closing: Promise<void>): void {
		const done = closing.catch(() => {}).finally(() => this.#closing.delete(done));
		this.#closing.add(done);
	}
}

function reject(ws: WebSocket, code: number, message: string): void {
	sendMessage(ws, { type: 'error', message });
	ws.close(code, closeReason(message));
}
