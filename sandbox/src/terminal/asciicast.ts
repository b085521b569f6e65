import type { Writable } from 'node:stream';
import type { TerminalSize } from '../engine/driver';

/**
 * Writes a terminal recording in asciicast v2, the format asciinema's player
 * replays: https://docs.asciinema.org/manual/asciicast/v2/
 *
 *   {"version":2,"width":80,"height":24,"timestamp":1700000000,"env":{...},"title":"..."}
 *   [0.251234,"o","root@berth:~# "]
 *   [1.5,"i","l"]
 *   [3.2,"r","120x40"]
 *   [9.9,"m","recording stopped: ..."]
 *
 * Writes go to a stream and are never awaited, so a slow disk never delays
 * the learner's output; the size bound keeps that stream's buffer (and the
 * disk) bounded when a learner runs `yes`.
 */
export interface AsciicastOptions {
	size: TerminalSize;
	title: string;
	/** The recording stops (with a final marker) before it would pass this many bytes. */
	maxBytes: number;
	/** Milliseconds on a monotonic clock; tests pass their own. */
	now?: () => number;
	/** Unix time in seconds, for the header. */
	timestamp?: number;
	/** Where failures are reported (the recording stops; the terminal carries on). */
	log?: (message: string, error?: unknown) => void;
}

/** Room kept for the final marker, so the file stays within maxBytes. */
const MARKER_RESERVE = 160;

export class AsciicastWriter {
	readonly maxBytes: number;
	readonly #sink: Writable;
	readonly #now: () => number;
	readonly #start: number;
	readonly #log: (message: string, error?: unknown) => void;
	// One decoder per direction: each holds back a multi-byte character split across chunks.
	readonly #output = new TextDecoder('utf-8');
	readonly #input = new TextDecoder('utf-8');
	#bytes = 0;
	#stopped = false;
	#finished: Promise<void>;

	constructor(sink: Writable, options: AsciicastOptions) {
		this.#sink = sink;
		this.maxBytes = options.maxBytes;
		this.#now = options.now ?? (() => performance.now());
		this.#start = this.#now();
		this.#log =
			options.log ?? ((message, error) => console.error(`sandbox: ${message}`, error ?? ''));
		this.#finished = new Promise((resolve) => {
			sink.once('finish', resolve);
			sink.once('close', resolve);
			sink.once('error', () => resolve());
		});
		sink.on('error', (error) => {
			if (!this.#stopped) this.#log(`recording "${options.title}" failed; it stops here`, error);
			this.#stopped = true;
		});
		const header = {
			version: 2,
			width: options.size.cols,
			height: options.size.rows,
			timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
			env: { TERM: 'xterm-256color', SHELL: '/bin/bash' },
			title: options.title
		};
		this.#write(JSON.stringify(header) + '\n');
	}

	/** Bytes written so far (header included). */
	get bytes(): number {
		return this.#bytes;
	}

	/** Whether events are still being recorded. */
	get recording(): boolean {
		return !this.#stopped;
	}

	output(chunk: Uint8Array): void {
		if (this.#stopped) return;
		this.#event('o', this.#output.decode(chunk, { stream: true }));
	}

	input(chunk: Uint8Array): void {
		if (this.#stopped) return;
		this.#event('i', this.#input.decode(chunk, { stream: true }));
	}

	resize(size: TerminalSize): void {
		this.#event('r', `${size.cols}x${size.rows}`);
	}

	marker(label: string): void {
		this.#event('m', label);
	}

	/** Flushes what the decoders hold, ends the file, and resolves once it is written. */
	close(): Promise<void> {
		if (!this.#stopped) {
			this.#event('o', this.#output.decode());
			this.#event('i', this.#input.decode());
			this.#stopped = true;
			this.#sink.end();
		}
		return this.#finished;
	}

	#event(code: string, text: string): void {
		if (this.#stopped || text === '') return;
		const line = JSON.stringify([this.#elapsed(), code, text]) + '\n';
		const length = Buffer.byteLength(line);
		if (this.#bytes + length > this.maxBytes - MARKER_RESERVE) {
			const marker = JSON.stringify([
				this.#elapsed(),
				'm',
				`recording stopped: size limit of ${this.maxBytes} bytes reached`
			]);
			this.#write(marker + '\n');
			this.#stopped = true;
			this.#sink.end();
			return;
		}
		this.#write(line);
	}

	#write(line: string): void {
		this.#bytes += Buffer.byteLength(line);
		this.#sink.write(line);
	}

	/** Seconds since the start, to the microsecond as asciinema writes them. */
	#elapsed(): number {
		return Math.round(Math.max(0, this.#now() - this.#start) * 1000) / 1e6;
	}
}
