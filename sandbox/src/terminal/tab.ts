import { WebSocket, type RawData } from 'ws';
import type { Engine, EngineDriver, Shell, TerminalSize } from '../engine/driver';
import type { AsciicastWriter } from './asciicast';
import { Flow } from './flow';
import { CLOSE, closeReason, parseControl, sendMessage, toBuffer } from './protocol';
import { lastOutput, openRecording } from './recordings';
import { ReplayBuffer } from './replay';
import { Resizer, sameSize } from './resizer';

export interface TabOptions {
	sessionId: string;
	name: string;
	engine: Engine;
	driver: EngineDriver;
	replayBytes: number;
	recordingsDir: string;
	maxRecordingBytes: number;
}

interface Client {
	ws: WebSocket;
	onActivity: () => void;
}

/** Input held while the shell starts (typing right after the page opens); beyond it, dropped. */
const MAX_PENDING_INPUT = 64 * 1024;
/** Input the engine has not taken yet; beyond it, the client is told its input was dropped. */
const MAX_UNWRITTEN_INPUT = 1024 * 1024;

/** Shown between a tab's screen from before a service restart and its new shell. */
const RESTARTED = '\r\n\x1b[2m[Berth restarted: a new shell starts here]\x1b[0m\r\n';

/**
 * One terminal tab of a session: at most one shell at a time, the sockets
 * watching it, its replay buffer and its recording. The shell outlives its
 * sockets (a reload reattaches to it); the tab outlives its shell (a new
 * shell starts on the next attach).
 */
export class Tab {
	readonly name: string;
	readonly replay: ReplayBuffer;
	readonly #options: TabOptions;
	readonly #clients = new Set<Client>();
	readonly #flow: Flow;
	#shell: Shell | undefined;
	#starting: Promise<void> | undefined;
	#recording: AsciicastWriter | undefined;
	#recordingTried = false;
	/** The size the clients asked for last; the shell gets it through #resizer. */
	#size: TerminalSize = { cols: 80, rows: 24 };
	#resizer: Resizer | undefined;
	#pending: Buffer[] = [];
	#pendingBytes = 0;
	#closed = false;

	constructor(options: TabOptions) {
		this.#options = options;
		this.name = options.name;
		this.replay = new ReplayBuffer(options.replayBytes);
		// A tab the service had before it restarted: show its last screen again
		// (from its recording), then say that a new shell starts below.
		const earlier = lastOutput(
			options.recordingsDir,
			options.sessionId,
			options.name,
			options.replayBytes
		);
		if (earlier.length > 0) {
			this.replay.push(earlier);
			this.replay.push(Buffer.from(RESTARTED));
		}
		this.#flow = new Flow({
			sockets: () => [...this.#clients].map((c) => c.ws),
			setReading: (reading) => {
				if (reading) this.#shell?.stream.resume();
				else this.#shell?.stream.pause();
			},
			drop: (ws) => this.#drop(ws, CLOSE.tooSlow, 'too slow')
		});
	}

	get #label(): string {
		return `${this.#options.sessionId}/${this.name}`;
	}

	get sockets(): number {
		return this.#clients.size;
	}

	/** Nothing to keep: no shell, no socket, no recording (a shell that never started). */
	get disposable(): boolean {
		return !this.#shell && !this.#starting && this.#clients.size === 0 && !this.#recording;
	}

	async attach(ws: WebSocket, size: TerminalSize, onActivity: () => void): Promise<void> {
		if (ws.readyState !== WebSocket.OPEN) return; // gone while the caller looked the session up
		if (this.#closed) return void ws.close(CLOSE.sessionEnded, 'session ended');
		// Replay first, in the same tick as joining, so no output falls between the two.
		const recent = this.replay.snapshot();
		if (recent.length > 0) ws.send(recent, { binary: true });
		const client: Client = { ws, onActivity };
		this.#clients.add(client);
		ws.on('message', (data, isBinary) => this.#message(client, data, isBinary));
		ws.on('close', () => this.#leave(client));
		ws.on('error', () => this.#leave(client));
		this.#resize(size);
		this.#flow.attached();
		if (!this.#shell) {
			this.#starting ??= this.#start().finally(() => (this.#starting = undefined));
			await this.#starting;
		}
	}

	/** Closes the sockets, ends the shell, and finalises the recording. */
	close(code: number, reason: string): Promise<void> {
		this.#closed = true;
		for (const { ws } of this.#clients) ws.close(code, closeReason(reason));
		this.#clients.clear();
		this.#flow.reset();
		this.#shell?.stream.destroy();
		this.#shell = undefined;
		this.#pending = [];
		return this.#recording?.close() ?? Promise.resolve();
	}

	async #start(): Promise<void> {
		let shell: Shell;
		try {
			shell = await this.#options.driver.openShell(this.#options.engine, this.#size);
		} catch (error) {
			console.error(`sandbox: no shell for ${this.#label}: ${(error as Error).message}`);
			const message = 'Could not start a shell: the Docker engine is not available.';
			for (const { ws } of this.#clients) {
				sendMessage(ws, { type: 'error', message });
				ws.close(CLOSE.engineGone, 'engine not available');
			}
			this.#clients.clear();
			this.#pending = [];
			this.#pendingBytes = 0;
			return;
		}
		if (this.#closed) return void shell.stream.destroy();
		this.#shell = shell;
		this.#resizer = new Resizer(shell, this.#size);
		this.#openRecording();
		shell.stream.on('data', (chunk: Buffer) => this.#output(chunk));
		shell.stream.on('error', (error) => {
			console.warn(`sandbox: shell stream of ${this.#label}: ${error.message}`);
		});
		void shell.exited.then((code) => this.#exited(shell, code));
		for (const chunk of this.#pending) this.#input(chunk);
		this.#pending = [];
		this.#pendingBytes = 0;
		// The window may have changed while the shell started.
		this.#resizer.request(this.#size);
	}

	#openRecording(): void {
		if (this.#recordingTried) return;
		this.#recordingTried = true;
		try {
			this.#recording = openRecording({
				recordingsDir: this.#options.recordingsDir,
				sessionId: this.#options.sessionId,
				tab: this.name,
				size: this.#size,
				maxBytes: this.#options.maxRecordingBytes
			}).writer;
		} catch (error) {
			console.error(`sandbox: cannot record ${this.#label}`, error);
		}
	}

	/** The output path: no timers, no awaits, between the engine and the sockets. */
	#output(chunk: Buffer): void {
		this.replay.push(chunk);
		this.#recording?.output(chunk);
		for (const { ws } of this.#clients) {
			if (ws.readyState !== WebSocket.OPEN) continue;
			if (this.#flow.overLimit(ws)) {
				this.#drop(ws, CLOSE.tooSlow, 'too slow');
				continue;
			}
			ws.send(chunk, { binary: true }, this.#flow.sent);
		}
		this.#flow.output(chunk.length, this.#clients.size > 0);
	}

	#message(client: Client, data: RawData, isBinary: boolean): void {
		if (!this.#clients.has(client)) return;
		if (isBinary) {
			activity(client);
			this.#input(toBuffer(data));
			return;
		}
		const control = parseControl(toBuffer(data).toString('utf8'));
		if ('error' in control) {
			sendMessage(client.ws, { type: 'error', message: control.error });
			return;
		}
		activity(client);
		this.#resize(control.size);
	}

	#input(chunk: Buffer): void {
		const shell = this.#shell;
		if (!shell) {
			if (!this.#starting || this.#pendingBytes + chunk.length > MAX_PENDING_INPUT) return;
			this.#pending.push(chunk);
			this.#pendingBytes += chunk.length;
			return;
		}
		if (!shell.stream.writable) return;
		if (shell.stream.writableLength > MAX_UNWRITTEN_INPUT) {
			for (const { ws } of this.#clients) {
				sendMessage(ws, { type: 'error', message: 'Input dropped: the shell is not reading it.' });
			}
			return;
		}
		this.#recording?.input(chunk);
		shell.stream.write(chunk);
	}

	/** Records a size and has the shell take it. */
	#resize(size: TerminalSize): void {
		if (sameSize(size, this.#size)) return;
		this.#size = { ...size };
		this.#recording?.resize(size);
		this.#resizer?.request(size);
	}

	#exited(shell: Shell, code: number | null): void {
		if (this.#shell !== shell) return;
		this.#shell = undefined;
		this.#resizer = undefined;
		this.#flow.reset();
		for (const { ws } of this.#clients) {
			sendMessage(ws, { type: 'exit', code });
			ws.close(CLOSE.shellExited, 'shell exited');
		}
		this.#clients.clear();
	}

	#drop(ws: WebSocket, code: number, reason: string): void {
		for (const client of this.#clients) if (client.ws === ws) this.#clients.delete(client);
		ws.close(code, reason);
		this.#flow.check();
	}

	#leave(client: Client): void {
		if (this.#clients.delete(client)) this.#flow.check();
	}
}

/** The session's idle timer must not take the terminal down with it. */
function activity(client: Client): void {
	try {
		client.onActivity();
	} catch (error) {
		console.error('sandbox: onActivity failed', error);
	}
}
