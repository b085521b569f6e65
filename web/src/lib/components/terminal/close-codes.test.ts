import { describe, expect, it } from 'vitest';
import { closeOutcome } from './close-codes';

describe('closeOutcome', () => {
	it('reconnects after drops, restarts and slow reads', () => {
		for (const code of [1001, 1006, 1011, 4009]) expect(closeOutcome(code).kind).toBe('reconnect');
	});

	it('treats 1000 as the shell exiting', () => {
		expect(closeOutcome(1000)).toEqual({ kind: 'exited' });
	});

	it('ends the session on 4000, with the reason the service gave', () => {
		expect(closeOutcome(4000, 'idle')).toEqual({
			kind: 'ended',
			message: 'Your session ended (idle).'
		});
		expect(closeOutcome(4000)).toMatchObject({ kind: 'ended', message: 'Your session ended.' });
	});

	it('reports a lost engine, too many tabs and bad tab names without retrying', () => {
		expect(closeOutcome(4004).kind).toBe('engine-lost');
		expect(closeOutcome(4008)).toMatchObject({ kind: 'failed', message: /Too many/ });
		expect(closeOutcome(4400).kind).toBe('failed');
	});
});
