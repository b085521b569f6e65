import { describe, expect, it } from 'vitest';
import type { Shell, TerminalSize } from '../engine/driver';
import { Resizer } from './resizer';

function fakeShell() {
	const calls: TerminalSize[] = [];
	const finish: (() => void)[] = [];
	const shell = {
		resize: (size: TerminalSize) => {
			calls.push(size);
			return new Promise<void>((resolve) => finish.push(resolve));
		}
	} as unknown as Shell;
	const settle = async () => {
		finish.shift()?.();
		await new Promise((r) => setImmediate(r));
	};
	return { shell, calls, settle };
}

describe('Resizer', () => {
	it('skips the size the shell already has', () => {
		const { shell, calls } = fakeShell();
		new Resizer(shell, { cols: 80, rows: 24 }).request({ cols: 80, rows: 24 });
		expect(calls).toEqual([]);
	});

	it('makes one call at a time and then applies only the latest size', async () => {
		const { shell, calls, settle } = fakeShell();
		const resizer = new Resizer(shell, { cols: 80, rows: 24 });
		resizer.request({ cols: 81, rows: 24 });
		for (let cols = 82; cols <= 120; cols++) resizer.request({ cols, rows: 30 });
		expect(calls).toEqual([{ cols: 81, rows: 24 }]);
		await settle();
		expect(calls).toEqual([
			{ cols: 81, rows: 24 },
			{ cols: 120, rows: 30 }
		]);
		await settle();
		expect(calls).toHaveLength(2);
	});

	it('carries on after a failed call', async () => {
		const calls: TerminalSize[] = [];
		const shell = {
			resize: async (size: TerminalSize) => {
				calls.push(size);
				throw new Error('exec gone');
			}
		} as unknown as Shell;
		const resizer = new Resizer(shell, { cols: 80, rows: 24 });
		resizer.request({ cols: 100, rows: 24 });
		resizer.request({ cols: 90, rows: 24 });
		await new Promise((r) => setImmediate(r));
		expect(calls).toEqual([
			{ cols: 100, rows: 24 },
			{ cols: 90, rows: 24 }
		]);
	});
});
