/**
 * Token buckets kept in memory, one per key (an IP address, an email). Each
 * attempt takes a token; tokens come back at a steady rate up to `capacity`.
 * Memory is bounded: full buckets are forgotten, and at most `maxKeys` are kept.
 *
 * In memory is enough for Berth's one-process server; a fleet of web servers
 * would move this into Postgres or Redis.
 */
export interface RateLimiterOptions {
	/** Attempts allowed in a burst. */
	capacity: number;
	/** Milliseconds for one attempt to come back. */
	refillMs: number;
	maxKeys?: number;
	now?: () => number;
}

interface Bucket {
	tokens: number;
	updatedAt: number;
}

export class RateLimiter {
	readonly #buckets = new Map<string, Bucket>();
	readonly #capacity: number;
	readonly #refillMs: number;
	readonly #maxKeys: number;
	readonly #now: () => number;

	constructor(options: RateLimiterOptions) {
		this.#capacity = options.capacity;
		this.#refillMs = options.refillMs;
		this.#maxKeys = options.maxKeys ?? 100_000;
		this.#now = options.now ?? Date.now;
	}

	/**
	 * Takes one token for `key`. Returns 0 when allowed, otherwise how many
	 * milliseconds until the next attempt would be.
	 */
	consume(key: string): number {
		const bucket = this.#refilled(key);
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			this.#buckets.set(key, bucket);
			this.#bound();
			return 0;
		}
		return Math.ceil((1 - bucket.tokens) * this.#refillMs);
	}

	/** Forgets `key`, e.g. after a successful sign-in. */
	reset(key: string): void {
		this.#buckets.delete(key);
	}

	#refilled(key: string): Bucket {
		const now = this.#now();
		const bucket = this.#buckets.get(key);
		if (!bucket) return { tokens: this.#capacity, updatedAt: now };
		const earned = (now - bucket.updatedAt) / this.#refillMs;
		return { tokens: Math.min(this.#capacity, bucket.tokens + earned), updatedAt: now };
	}

	#bound(): void {
		if (this.#buckets.size <= this.#maxKeys) return;
		// Drop the oldest entries (Map keeps insertion order) until back under the cap.
		for (const key of this.#buckets.keys()) {
			this.#buckets.delete(key);
			if (this.#buckets.size <= this.#maxKeys) break;
		}
	}
}

/** The limits Berth applies, in one place. */
export const limits = {
	/** Sign-in attempts per email: 5 at once, then one a minute. */
	signInPerEmail: new RateLimiter({ capacity: 5, refillMs: 60_000 }),
	/** Sign-in attempts per IP address: 30 at once, then one every 10 s. */
	signInPerIp: new RateLimiter({ capacity: 30, refillMs: 10_000 }),
	/** Sign-ups per IP address: 10 at once, then one every 6 minutes. */
	signUpPerIp: new RateLimiter({ capacity: 10, refillMs: 6 * 60_000 }),
	/** Guest accounts per IP address: 30 at once, then one every 2 minutes. */
	guestPerIp: new RateLimiter({ capacity: 30, refillMs: 2 * 60_000 })
};

export function retryMessage(waitMs: number): string {
	const seconds = Math.ceil(waitMs / 1000);
	const wait = seconds < 60 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
	return `Too many attempts. Try again in ${wait}.`;
}
