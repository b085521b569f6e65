/**
 * The last N bytes of a tab's output, so a reconnecting client sees its
 * recent screen. A fixed ring of bytes: memory is exactly `capacity` whatever
 * the shell prints, and appending costs a copy of the chunk only.
 */
export class ReplayBuffer {
	readonly capacity: number;
	readonly #ring: Buffer;
	/** Next write position in the ring. */
	#head = 0;
	/** Bytes held (≤ capacity). */
	#length = 0;
	/** Whether older output was overwritten: then the start is mid-stream. */
	#wrapped = false;

	constructor(capacity: number) {
		if (!Number.isInteger(capacity) || capacity < 1)
			throw new RangeError('capacity must be a positive integer');
		this.capacity = capacity;
		this.#ring = Buffer.alloc(capacity);
	}

	get length(): number {
		return this.#length;
	}

	push(chunk: Uint8Array): void {
		if (chunk.length === 0) return;
		if (chunk.length >= this.capacity) {
			// Only the tail of a huge chunk can survive anyway.
			this.#ring.set(chunk.subarray(chunk.length - this.capacity));
			this.#head = 0;
			this.#wrapped ||= chunk.length > this.capacity || this.#length > 0;
			this.#length = this.capacity;
			return;
		}
		const first = Math.min(chunk.length, this.capacity - this.#head);
		this.#ring.set(chunk.subarray(0, first), this.#head);
		if (first < chunk.length) this.#ring.set(chunk.subarray(first), 0);
		this.#head = (this.#head + chunk.length) % this.capacity;
		const total = this.#length + chunk.length;
		if (total > this.capacity) this.#wrapped = true;
		this.#length = Math.min(total, this.capacity);
	}

	/**
	 * The held bytes, oldest first. When older output was dropped, the start
	 * is moved forward to a UTF-8 character boundary, and to the start of a
	 * line when one begins in the first quarter (a cut line, or a cut escape
	 * sequence, would draw garbage in the client's terminal).
	 */
	snapshot(): Buffer {
		const start = (this.#head - this.#length + this.capacity) % this.capacity;
		const out = Buffer.allocUnsafe(this.#length);
		const first = Math.min(this.#length, this.capacity - start);
		this.#ring.copy(out, 0, start, start + first);
		if (first < this.#length) this.#ring.copy(out, first, 0, this.#length - first);
		if (!this.#wrapped) return out;
		return out.subarray(trimStart(out));
	}

	clear(): void {
		this.#head = 0;
		this.#length = 0;
		this.#wrapped = false;
	}
}

/** Where to start a buffer whose beginning was cut at an arbitrary byte. */
export function trimStart(bytes: Uint8Array): number {
	const window = Math.min(bytes.length, Math.max(1, Math.floor(bytes.length / 4)));
	const newline = bytes.subarray(0, window).indexOf(0x0a);
	if (newline >= 0) return newline + 1;
	// Skip continuation bytes (10xxxxxx): at most 3 precede any character's lead byte.
	let i = 0;
	while (i < Math.min(bytes.length, 3) && (bytes[i]! & 0xc0) === 0x80) i++;
	return i;
}
