import { WebSocket } from 'ws';

export interface FlowOptions {
	/** The sockets output goes to. */
	sockets: () => Iterable<WebSocket>;
	/**
	 * Start or stop reading the shell's output. Stopped, the engine's pty fills
	 * and the program waits, as on a real terminal with flow control.
	 */
	setReading: (reading: boolean) => void;
	/** Give up on a socket that does not read. */
	drop: (ws: WebSocket) => void;
	highWater?: number;
	lowWater?: number;
	limit?: number;
	stallMs?: number;
	/** Output a tab with no socket may produce before it is no longer read. */
	maxUnwatched?: number;
}

const KiB = 1024;

/**
 * When to read a tab's shell. Two reasons not to:
 *
 * - A socket is behind. A shell prints far faster than a browser reads
 *   (`yes`, `cat` of a big file). Rather than queue without bound, the tab
 *   stops reading while any socket has more than `highWater` bytes queued,
 *   and reads again once all are under `lowWater`: the program then runs at
 *   the speed of the learner's connection, and Ctrl-C still works. A socket
 *   that stays behind for `stallMs` (a dead connection), or passes `limit`
 *   anyway, is dropped (4009) so it cannot hold the shell up for others.
 * - Nobody watches. A `yes` left running in a closed browser tab would cost
 *   this service CPU until the session ends; after `maxUnwatched` bytes with
 *   no socket the shell waits, and carries on when someone attaches.
 *
 * No timer runs in the normal case: the checks ride on sends and their
 * completions, so keystroke echo is not delayed.
 */
export class Flow {
	readonly #options: Required<FlowOptions>;
	#behind = false;
	#parked = false;
	#reading = true;
	#unwatched = 0;
	#timer: NodeJS.Timeout | undefined;

	constructor(options: FlowOptions) {
		this.#options = {
			highWater: 256 * KiB,
			lowWater: 64 * KiB,
			limit: 1024 * KiB,
			stallMs: 5_000,
			maxUnwatched: 1024 * KiB,
			...options
		};
	}

	/** Whether the shell is being read. */
	get reading(): boolean {
		return this.#reading;
	}

	/** True for a socket that must be dropped rather than sent more. */
	overLimit(ws: WebSocket): boolean {
		return ws.bufferedAmount > this.#options.limit;
	}

	/** For ws.send's callback: a frame left the process, the queue may now be short enough. */
	readonly sent = (): void => {
		if (this.#behind) this.check();
	};

	/** After a chunk of output was sent (or not: nobody watches). */
	output(bytes: number, watched: boolean): void {
		if (watched) return this.check();
		this.#unwatched += bytes;
		if (this.#unwatched > this.#options.maxUnwatched && !this.#parked) {
			this.#parked = true;
			this.#apply();
		}
	}

	/** A socket attached: whatever waited for a watcher may go on. */
	attached(): void {
		this.#unwatched = 0;
		if (this.#parked) {
			this.#parked = false;
			this.#apply();
		}
	}

	/** Stops or resumes reading from the sockets' queues. Call after sending and when sockets leave. */
	check(): void {
		let most = 0;
		for (const ws of this.#options.sockets()) {
			if (ws.readyState === WebSocket.OPEN) most = Math.max(most, ws.bufferedAmount);
		}
		if (!this.#behind && most > this.#options.highWater) {
			this.#behind = true;
			this.#timer = setTimeout(() => this.#stalled(), this.#options.stallMs).unref();
			this.#apply();
		} else if (this.#behind && most <= this.#options.lowWater) {
			this.#caughtUp();
		}
	}

	/** Forgets everything (the shell ended; a new one starts out read). */
	reset(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#behind = false;
		this.#parked = false;
		this.#unwatched = 0;
		this.#reading = true;
	}

	#caughtUp(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#behind = false;
		this.#apply();
	}

	#apply(): void {
		const reading = !this.#behind && !this.#parked;
		if (reading === this.#reading) return;
		this.#reading = reading;
		this.#options.setReading(reading);
	}

	#stalled(): void {
		this.#timer = undefined;
		if (!this.#behind) return;
		for (const ws of [...this.#options.sockets()]) {
			if (ws.bufferedAmount > this.#options.lowWater) this.#options.drop(ws);
		}
		if (this.#behind) this.#caughtUp();
	}
}
