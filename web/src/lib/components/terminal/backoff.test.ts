import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
	it('doubles from the base, between half and all of the ceiling', () => {
		expect(backoffDelay(0, { random: () => 0 })).toBe(250);
		expect(backoffDelay(0, { random: () => 1 })).toBe(500);
		expect(backoffDelay(1, { random: () => 1 })).toBe(1000);
		expect(backoffDelay(3, { random: () => 0.5 })).toBe(3000);
	});

	it('never waits longer than the cap, however many attempts failed', () => {
		expect(backoffDelay(5, { random: () => 1 })).toBe(10_000);
		expect(backoffDelay(10_000, { random: () => 1 })).toBe(10_000);
		expect(backoffDelay(10_000, { random: () => 0 })).toBe(5_000);
	});

	it('takes its base and cap from the caller', () => {
		expect(backoffDelay(2, { baseMs: 100, maxMs: 300, random: () => 1 })).toBe(300);
	});
});
