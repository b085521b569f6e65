import type { Shell, TerminalSize } from '../engine/driver';

/**
 * Applies window sizes to a shell, one Docker API call at a time: a client
 * dragging its window edge sends dozens of resizes a second, and only the
 * last one matters. Sizes that arrive during a call are coalesced into one
 * call with the latest size once it returns.
 */
export class Resizer {
	readonly #shell: Shell;
	/** The size the shell has, or is being given. */
	#applied: TerminalSize;
	#wanted: TerminalSize;
	#busy = false;

	constructor(shell: Shell, current: TerminalSize) {
		this.#shell = shell;
		this.#applied = { ...current };
		this.#wanted = { ...current };
	}

	request(size: TerminalSize): void {
		this.#wanted = { ...size };
		this.#next();
	}

	#next(): void {
		if (this.#busy || sameSize(this.#wanted, this.#applied)) return;
		this.#busy = true;
		this.#applied = this.#wanted;
		this.#shell
			.resize(this.#applied)
			.catch(() => {}) // the shell may be gone: its exit is handled by the tab
			.finally(() => {
				this.#busy = false;
				this.#next();
			});
	}
}

export function sameSize(a: TerminalSize, b: TerminalSize): boolean {
	return a.cols === b.cols && a.rows === b.rows;
}
