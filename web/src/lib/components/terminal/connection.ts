import { backoffDelay } from './backoff';
import { closeOutcome } from './close-codes';

/** Where one terminal tab's connection stands, for the overlay to show. */
export type ConnectionState =
	/** Opening a socket; `attempt` 0 is the first try, more is reconnecting. */
	| { kind: 'connecting'; attempt: number }
	/** Waiting `delayMs` before reconnect attempt `attempt`. */
	| { kind: 'waiting'; attempt: number; delayMs: number }
	| { kind: 'open' }
	| { kind: 'exited'; code: number | null }
	| { kind: 'ended'; message: string }
	| { kind: 'engine-lost'; message: string }
	| { kind: 'failed'; message: string };

/** The parts of a browser WebSocket the connection uses (a fake one in tests). */
export interface SocketLike {
	binaryType: BinaryType;
	readonly readyState: number;
	onopen: ((event: Event) => void) | null;
	onmessage: ((event: MessageEvent) => void) | null;
	onclose: ((event: CloseEvent) => void) | null;
	send(data: string | ArrayBufferLike | ArrayBufferView): void;
	close(code?: number, reason?: string): void;
}

export interface ConnectionOptions {
	/** The socket address for a terminal of this size. */
	url(size: { cols: number; rows: number }): string;
	size(): { cols: number; rows: number };
	/** Terminal output. `replay` is true for the first frame after each (re)attach. */
	onoutput(bytes: Uint8Array, replay: boolean): void;
	onstate(state: ConnectionState): void;
	/** An `{"type":"error"}` message from the service, to show the learner. */
	onnotice?(message: string): void;
	createSocket?(url: string): SocketLike;
	setTimer?(fn: () => void, ms: number): unknown;
	clearTimer?(timer: unknown): void;
}

const OPEN = 1;
/** Input typed before the socket opens (a lesson's "run" button) is held, up to this much. */
const MAX_QUEUED_BYTES = 64 * 1024;

/**
 * One terminal tab's WebSocket to the site's /ws/terminal, reopened with
 * backoff when it drops. The service replays the tab's recent screen on each
 * attach, so nothing is kept here but unsent input.
 */
export class TerminalConnection {
	#socket: SocketLike | null = null;
	#timer: unknown = null;
	#attempt = 0;
	#disposed = false;
	#exitCode: number | null = null;
	#queue: Uint8Array[] = [];
	#queuedBytes = 0;
	readonly #options: ConnectionOptions;
	readonly #encoder = new TextEncoder();

	constructor(options: ConnectionOptions) {
		this.#options = options;
	}

	/** Opens the socket now (also cutting short a wait before a reconnect). */
	connect(): void {
		if (this.#disposed) return;
		this.#cancelTimer();
		this.#detach();
		const o = this.#options;
		this.#exitCode = null;
		o.onstate({ kind: 'connecting', attempt: this.#attempt });
		const socket = (o.createSocket ?? ((url) => new WebSocket(url)))(o.url(o.size()));
		socket.binaryType = 'arraybuffer';
		this.#socket = socket;
		let replay = true;

		socket.onopen = () => {
			this.#attempt = 0;
			o.onstate({ kind: 'open' });
			for (const chunk of this.#queue.splice(0)) socket.send(chunk);
			this.#queuedBytes = 0;
		};
		socket.onmessage = (event) => {
			if (typeof event.data === 'string') return this.#control(event.data);
			o.onoutput(new Uint8Array(event.data as ArrayBuffer), replay);
			replay = false;
		};
		socket.onclose = (event) => {
			if (this.#socket !== socket) return;
			this.#socket = null;
			this.#closed(event.code, event.reason);
		};
	}

	/** Input for the shell: keystrokes, pastes, a lesson's command. */
	send(data: string | Uint8Array): void {
		const bytes = typeof data === 'string' ? this.#encoder.encode(data) : data;
		if (this.#socket?.readyState === OPEN) return this.#socket.send(bytes);
		if (this.#queuedBytes + bytes.byteLength > MAX_QUEUED_BYTES) return;
		this.#queue.push(bytes);
		this.#queuedBytes += bytes.byteLength;
	}

	resize(cols: number, rows: number): void {
		if (this.#socket?.readyState === OPEN)
			this.#socket.send(JSON.stringify({ type: 'resize', cols, rows }));
	}

	dispose(): void {
		this.#disposed = true;
		this.#cancelTimer();
		this.#detach();
	}

	#control(text: string): void {
		let message: { type?: string; code?: number | null; message?: string };
		try {
			message = JSON.parse(text);
		} catch {
			return;
		}
		if (message.type === 'exit') this.#exitCode = message.code ?? null;
		else if (message.type === 'error' && message.message) this.#options.onnotice?.(message.message);
	}

	#closed(code: number, reason: string): void {
		if (this.#disposed) return;
		const outcome = closeOutcome(code, reason);
		if (outcome.kind === 'exited')
			return this.#options.onstate({ kind: 'exited', code: this.#exitCode });
		if (outcome.kind !== 'reconnect') return this.#options.onstate(outcome);
		const delayMs = backoffDelay(this.#attempt);
		this.#attempt++;
		this.#options.onstate({ kind: 'waiting', attempt: this.#attempt, delayMs });
		this.#timer = (this.#options.setTimer ?? setTimeout)(() => {
			this.#timer = null;
			this.connect();
		}, delayMs);
	}

	#cancelTimer(): void {
		if (this.#timer !== null) (this.#options.clearTimer ?? clearTimeout)(this.#timer as never);
		this.#timer = null;
	}

	#detach(): void {
		const socket = this.#socket;
		this.#socket = null;
		if (!socket) return;
		socket.onopen = socket.onmessage = socket.onclose = null;
		socket.close(1000, 'closed by the page');
	}
}
