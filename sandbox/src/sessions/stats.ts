/** A bounded window of recent measurements, for percentiles on /metrics. */
export class Window {
	readonly #values: number[] = [];
	constructor(private readonly capacity = 512) {}

	add(value: number): void {
		this.#values.push(value);
		if (this.#values.length > this.capacity) this.#values.shift();
	}

	quantile(q: number): number | undefined {
		if (this.#values.length === 0) return undefined;
		const sorted = [...this.#values].sort((a, b) => a - b);
		return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
	}
}

/** Counters the service reports on /metrics. */
export class Stats {
	created = 0;
	createdWarm = 0;
	failures = 0;
	swept = 0;
	/** Session create → ready, in ms (warm and cold together). */
	readonly createMs = new Window();
	/** Engine container create → its dockerd answering, in ms. */
	readonly engineStartMs = new Window();

	recordCreate(ms: number, warm: boolean): void {
		this.created++;
		if (warm) this.createdWarm++;
		this.createMs.add(ms);
	}

	recordEngineStart(ms: number): void {
		this.engineStartMs.add(ms);
	}
}
