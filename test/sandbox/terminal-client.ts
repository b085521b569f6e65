import { WebSocket } from 'ws';

/**
 * A test client for the terminal WebSocket: collects output as text and
 * control frames as objects, and waits for either.
 */
export class TerminalClient {
	readonly ws: WebSocket;
	/** Everything the shell printed to this socket (binary frames, decoded as UTF-8). */
	output = '';
	readonly frames: unknown[] = [];
	readonly binaryFrames: Buffer[] = [];
	readonly closed: Promise<{ code: number; reason: string }>;
	readonly #decoder = new TextDecoder();
	#waiters: (() => void)[] = [];

	constructor(url: string) {
		this.ws = new WebSocket(url, { perMessageDeflate: false });
		this.ws.on('message', (data: Buffer, isBinary) => {
			if (isBinary) {
				this.binaryFrames.push(data);
				this.output += this.#decoder.decode(data, { stream: true });
			} else {
				this.frames.push(JSON.parse(data.toString('utf8')));
			}
			for (const wake of this.#waiters) wake();
		});
		this.closed = new Promise((resolve) => {
			this.ws.on('close', (code, reason) => {
				resolve({ code, reason: reason.toString() });
				for (const wake of this.#waiters) wake();
			});
		});
		this.ws.on('error', () => {});
	}

	opened(): Promise<void> {
		if (this.ws.readyState === WebSocket.OPEN) return Promise.resolve();
		return new Promise((resolve, reject) => {
			this.ws.once('open', () => resolve());
			this.ws.once('error', reject);
		});
	}

	type(text: string): void {
		this.ws.send(Buffer.from(text, 'utf8'), { binary: true });
	}

	control(message: unknown): void {
		this.ws.send(JSON.stringify(message));
	}

	/** Resolves once `test` holds (checked on every frame), or fails after `timeoutMs`. */
	async until(test: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
		if (test()) return;
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.#waiters = this.#waiters.filter((w) => w !== wake);
				reject(
					new Error(
						`timed out waiting for ${what}; output so far: ${JSON.stringify(this.output.slice(-500))}`
					)
				);
			}, timeoutMs);
			const wake = () => {
				if (!test()) return;
				clearTimeout(timer);
				this.#waiters = this.#waiters.filter((w) => w !== wake);
				resolve();
			};
			this.#waiters.push(wake);
		});
	}

	/** Waits for `pattern` in the output after position `from`. */
	async waitFor(pattern: string | RegExp, from = 0, timeoutMs?: number): Promise<void> {
		const found = () =>
			typeof pattern === 'string'
				? this.output.indexOf(pattern, from) >= 0
				: pattern.test(this.output.slice(from));
		await this.until(found, String(pattern), timeoutMs);
	}

	close(): Promise<{ code: number; reason: string }> {
		this.ws.close();
		return this.closed;
	}
}
