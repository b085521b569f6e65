import { describe, expect, it } from 'vitest';
import { RateLimiter, retryMessage } from './rate-limit';

function clock(start = 0) {
	let now = start;
	return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('RateLimiter', () => {
	it('allows a burst up to capacity, then says how long to wait', () => {
		const time = clock();
		const limiter = new RateLimiter({ capacity: 3, refillMs: 1000, now: time.now });
		expect([limiter.consume('a'), limiter.consume('a'), limiter.consume('a')]).toEqual([0, 0, 0]);
		expect(limiter.consume('a')).toBe(1000);
		time.advance(400);
		expect(limiter.consume('a')).toBe(600);
	});

	it('gives attempts back over time, never more than capacity', () => {
		const time = clock();
		const limiter = new RateLimiter({ capacity: 2, refillMs: 1000, now: time.now });
		limiter.consume('a');
		limiter.consume('a');
		time.advance(1000);
		expect(limiter.consume('a')).toBe(0);
		expect(limiter.consume('a')).toBeGreaterThan(0);
		time.advance(60_000);
		expect([limiter.consume('a'), limiter.consume('a'), limiter.consume('a')]).toEqual([
			0, 0, 1000
		]);
	});

	it('keeps keys apart, and reset forgets one', () => {
		const limiter = new RateLimiter({ capacity: 1, refillMs: 1000, now: () => 0 });
		expect(limiter.consume('a')).toBe(0);
		expect(limiter.consume('b')).toBe(0);
		expect(limiter.consume('a')).toBeGreaterThan(0);
		limiter.reset('a');
		expect(limiter.consume('a')).toBe(0);
	});

	it('bounds its memory by forgetting the oldest keys', () => {
		const limiter = new RateLimiter({ capacity: 1, refillMs: 1000, maxKeys: 2, now: () => 0 });
		limiter.consume('first');
		limiter.consume('second');
		limiter.consume('third');
		// 'first' was dropped, so it starts with a full bucket again.
		expect(limiter.consume('first')).toBe(0);
		expect(limiter.consume('third')).toBeGreaterThan(0);
	});
});

describe('retryMessage', () => {
	it('speaks in seconds, then minutes', () => {
		expect(retryMessage(1500)).toBe('Too many attempts. Try again in 2 seconds.');
		expect(retryMessage(90_000)).toBe('Too many attempts. Try again in 2 minutes.');
	});
});
