import { describe, expect, it } from 'vitest';
import { ReplayBuffer, trimStart } from './replay';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('ReplayBuffer', () => {
	it('returns everything, unchanged, while under capacity', () => {
		const replay = new ReplayBuffer(64);
		replay.push(bytes('ab'));
		replay.push(bytes('c\nde'));
		expect(replay.snapshot().toString()).toBe('abc\nde');
		expect(replay.length).toBe(6);
	});

	it('keeps only the last `capacity` bytes, however much is pushed', () => {
		const replay = new ReplayBuffer(16);
		for (let i = 0; i < 1000; i++) replay.push(bytes(`${i % 10}`));
		expect(replay.length).toBe(16);
		// No newline and all ASCII: the last 16 bytes exactly.
		expect(replay.snapshot().toString()).toBe('4567890123456789');
	});

	it('wraps correctly when a chunk straddles the end of the ring', () => {
		const replay = new ReplayBuffer(8);
		replay.push(bytes('abcdef'));
		replay.push(bytes('ghij')); // 2 bytes at the end, 2 at the start of the ring
		expect(replay.snapshot().toString()).toBe('cdefghij');
	});

	it('keeps the tail of a chunk bigger than the buffer', () => {
		const replay = new ReplayBuffer(4);
		replay.push(bytes('0123456789'));
		expect(replay.snapshot().toString()).toBe('6789');
	});

	it('does not start a wrapped snapshot in the middle of a UTF-8 character', () => {
		const replay = new ReplayBuffer(10);
		// "é" is 2 bytes, "€" 3 bytes: 4 × 3 = 12 bytes, so the cut falls inside a "€".
		replay.push(bytes('€€€€'));
		const snap = replay.snapshot();
		expect(snap.toString('utf8')).toBe('€€€');
		expect(snap.toString('utf8')).not.toContain('\uFFFD');
	});

	it('starts a wrapped snapshot at a line start when one is near the beginning', () => {
		const replay = new ReplayBuffer(64);
		const rest = 'line two is here\nline three is here too\nfour\nfive five five\n'; // 60 bytes
		replay.push(bytes('x'.repeat(20) + '\n' + rest));
		// The cut leaves "xxx\n": its newline is in the first quarter, so the partial line goes.
		expect(replay.snapshot().toString()).toBe(rest);
	});

	it('keeps a long line rather than dropping most of the buffer to find a line start', () => {
		const replay = new ReplayBuffer(20);
		replay.push(bytes('x'.repeat(30) + 'y'.repeat(10) + '\nz'));
		// The only newline is in the last quarter: cutting there would leave 1 byte.
		expect(replay.snapshot().toString()).toBe('x'.repeat(8) + 'y'.repeat(10) + '\nz');
	});

	it('clears', () => {
		const replay = new ReplayBuffer(8);
		replay.push(bytes('abc'));
		replay.clear();
		expect(replay.snapshot().length).toBe(0);
	});
});

describe('trimStart', () => {
	it('skips at most three continuation bytes', () => {
		expect(trimStart(Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x41]))).toBe(3);
		expect(trimStart(Uint8Array.from([0xa9, 0x41, 0x42, 0x43]))).toBe(1);
		expect(trimStart(bytes('abc'))).toBe(0);
	});
});
