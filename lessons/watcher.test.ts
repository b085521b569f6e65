import { afterEach, describe, expect, it, vi } from 'vitest';
import { check } from './checks/catalog';
import { observe as stateOf } from './checks/fixtures';
import { StepWatcher } from './watcher';

/** A stand-in engine for the watcher's timing (the real one is tested in test/sandbox/watcher.test.ts). */
function fakeEngine() {
	const engine = {
		gradings: 0,
		state: async () => {
			engine.gradings++;
			return stateOf({}).state as never;
		},
		exec: async () => ({
			exitCode: 0,
			stdout: '0 1 eA== \n',
			stderr: '',
			timedOut: false,
			truncated: false,
			durationMs: 1
		}),
		registry: async () => ({ host: '', namespace: '', repositories: {}, images: {} }),
		async *events(_id: string, signal: AbortSignal) {
			await new Promise((resolve) => signal.addEventListener('abort', resolve));
			yield* [];
		}
	};
	return engine;
}

afterEach(() => {
	vi.useRealTimers();
});

describe('the watcher’s polling', () => {
	it('slows down while nothing changes, and speeds up again when nudged', async () => {
		vi.useFakeTimers();
		const engine = fakeEngine();
		const watcher = new StepWatcher(engine, 's', [check.parse({ type: 'file', path: 'x' })], {
			pollMs: 1000,
			maxPollMs: 4000
		});
		await vi.advanceTimersByTimeAsync(10);
		expect(engine.gradings).toBe(1); // the first look
		// Polls at 1 s, then 2 s later, then 4 s later, then every 4 s.
		await vi.advanceTimersByTimeAsync(1000);
		expect(engine.gradings).toBe(2);
		await vi.advanceTimersByTimeAsync(2000);
		expect(engine.gradings).toBe(3);
		await vi.advanceTimersByTimeAsync(4000);
		expect(engine.gradings).toBe(4);
		await vi.advanceTimersByTimeAsync(4000);
		expect(engine.gradings).toBe(5);

		watcher.nudge(0);
		await vi.advanceTimersByTimeAsync(10);
		expect(engine.gradings).toBe(6);
		await vi.advanceTimersByTimeAsync(1000);
		expect(engine.gradings).toBe(7);
		watcher.stop();
		await vi.advanceTimersByTimeAsync(20_000);
		expect(engine.gradings).toBe(7);
	});

	it('does not poll a step whose checks every Docker event announces', async () => {
		vi.useFakeTimers();
		const engine = fakeEngine();
		const watcher = new StepWatcher(engine, 's', [check.parse({ type: 'volume', name: 'data' })], {
			pollMs: 1000
		});
		await vi.advanceTimersByTimeAsync(30_000);
		expect(engine.gradings).toBe(1);
		watcher.stop();
	});

	it('tries a failed grading again within a second or so, not at the next poll', async () => {
		vi.useFakeTimers();
		const engine = fakeEngine();
		const healthy = engine.state;
		let failing = 2;
		engine.state = async () => {
			if (failing-- > 0) {
				engine.gradings++;
				throw new Error('ECONNRESET');
			}
			return healthy();
		};
		const watcher = new StepWatcher(engine, 's', [check.parse({ type: 'volume', name: 'data' })], {
			pollMs: 60_000
		});
		const errors: Error[] = [];
		const results: unknown[] = [];
		watcher.on('error', (e) => errors.push(e));
		watcher.on('result', (r) => results.push(r));
		await vi.advanceTimersByTimeAsync(10);
		expect(errors).toHaveLength(1);
		// Retried after 0.5 s, then 1 s: the third grading succeeds.
		await vi.advanceTimersByTimeAsync(2000);
		expect(engine.gradings).toBe(3);
		expect(errors).toHaveLength(2);
		expect(results).toHaveLength(1);
		watcher.stop();
	});

	it('gives its verdict even when a listener of the engine state throws', async () => {
		vi.useFakeTimers();
		const engine = fakeEngine();
		const watcher = new StepWatcher(engine, 's', [check.parse({ type: 'volume', name: 'data' })]);
		watcher.on('error', () => {});
		watcher.on('state', () => {
			throw new Error('a broken view');
		});
		const results: unknown[] = [];
		watcher.on('result', (r) => results.push(r));
		await vi.advanceTimersByTimeAsync(10);
		expect(results).toHaveLength(1);
		watcher.stop();
	});
});
