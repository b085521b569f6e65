import { EventEmitter } from 'node:events';
import type { SandboxClient } from '../sandbox/client';
import type { Check } from './checks/catalog';
import type { EngineState } from './checks/types';
import { judge, observe, type StepResult } from './grader';

/** Checks that look at more than Docker's own objects (files, answers, history). */
const PROBING = new Set([
	'http',
	'file',
	'command',
	'dockerfile',
	'persist',
	'reach',
	'history',
	'compose'
]);

export interface WatcherOptions {
	/** How often to re-check when a check reads files or answers that no event announces. */
	pollMs?: number;
	/** Polling slows down, doubling while nothing changes, to at most this. */
	maxPollMs?: number;
	/** The shortest gap between two gradings, so a burst of events costs one. */
	settleMs?: number;
}

interface WatcherEvents {
	result: [StepResult];
	/** The engine as the last grading saw it (every grading). */
	state: [EngineState];
	error: [Error];
}

/**
 * Keeps a step's verdict current: grades once, then again whenever the
 * engine reports a change (Docker's events), when nudged (a file saved from
 * the editor), and by polling while a check reads something no event
 * announces. Emits 'result' whenever a verdict or message changes.
 *
 * Docker events caused by the checks' own probes (`exec_*`) are ignored, so
 * grading never feeds itself.
 */
export class StepWatcher extends EventEmitter<WatcherEvents> {
	readonly #client: Pick<SandboxClient, 'state' | 'exec' | 'registry' | 'events'>;
	readonly #sessionId: string;
	readonly #checks: Check[];
	readonly #settleMs: number;
	readonly #probing: boolean;
	readonly #abort = new AbortController();
	#timer: NodeJS.Timeout | undefined;
	#poll: NodeJS.Timeout | undefined;
	readonly #pollMs: number = 3000;
	readonly #maxPollMs: number = 15_000;
	/** The current gap between polls: it grows while nothing changes, and resets when something does. */
	#interval = 3000;
	#running = false;
	#again = false;
	#lastKey = '';
	#followUps: NodeJS.Timeout[] = [];
	#failures = 0;
	latest: StepResult | undefined;
	/** How many times the step has been graded (for tests and benchmarks). */
	gradings = 0;

	constructor(
		client: Pick<SandboxClient, 'state' | 'exec' | 'registry' | 'events'>,
		sessionId: string,
		checks: Check[],
		options: WatcherOptions = {}
	) {
		super();
		this.#client = client;
		this.#sessionId = sessionId;
		this.#checks = checks;
		this.#settleMs = options.settleMs ?? 30;
		this.#probing = checks.some((c) => PROBING.has(c.type));
		void this.#listen();
		this.nudge(0);
		this.#pollMs = options.pollMs ?? 3000;
		this.#maxPollMs = Math.max(options.maxPollMs ?? 15_000, this.#pollMs);
		this.#interval = this.#pollMs;
		if (this.#probing) this.#schedulePoll();
	}

	/** Re-check soon (after `delayMs`, or the settle time); polling speeds up again. */
	nudge(delayMs = this.#settleMs) {
		this.#interval = this.#pollMs;
		if (this.#probing && !this.#abort.signal.aborted) this.#schedulePoll();
		this.#request(delayMs);
	}

	/**
	 * Polls for what no event announces. Each poll that finds nothing new
	 * doubles the gap to the next (3 s, 6 s, 12 s, 15 s by default), so an idle
	 * page costs little; any event or nudge brings it back to the start.
	 */
	#schedulePoll() {
		clearTimeout(this.#poll);
		this.#poll = setTimeout(() => {
			if (this.#abort.signal.aborted) return;
			this.#request(0);
			this.#interval = Math.min(this.#interval * 2, this.#maxPollMs);
			this.#schedulePoll();
		}, this.#interval);
		this.#poll.unref();
	}

	#request(delayMs: number) {
		if (this.#abort.signal.aborted) return;
		if (this.#running) {
			this.#again = true;
			return;
		}
		if (this.#timer) return;
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			void this.#grade();
		}, delayMs);
	}

	/**
	 * After an engine change, a server may take a moment to answer: re-check a
	 * few times soon after, while the step still fails, rather than wait for
	 * the next poll.
	 */
	#followUp() {
		for (const t of this.#followUps) clearTimeout(t);
		this.#followUps = FOLLOW_UPS_MS.map((ms) =>
			setTimeout(() => {
				if (this.latest && !this.latest.pass) this.nudge(0);
			}, ms).unref()
		);
	}

	stop() {
		this.#abort.abort();
		clearTimeout(this.#timer);
		for (const t of this.#followUps) clearTimeout(t);
		clearTimeout(this.#poll);
		this.removeAllListeners();
	}

	async #grade() {
		this.#running = true;
		this.gradings++;
		try {
			const started = performance.now();
			const observation = await observe(this.#client, this.#sessionId, this.#checks);
			if (this.#abort.signal.aborted) return;
			const checks = judge(this.#checks, observation);
			const result: StepResult = {
				pass: checks.every((c) => c.pass),
				checks,
				observedAt: observation.state.collectedAt,
				durationMs: Math.round(performance.now() - started)
			};
			this.latest = result;
			const key = JSON.stringify(result.checks.map((c) => [c.pass, c.message]));
			if (key !== this.#lastKey) {
				this.#lastKey = key;
				this.#interval = this.#pollMs;
				this.emit('result', result);
			}
			this.#failures = 0;
			// After the verdict, so that a listener of the state that throws cannot hold it back.
			this.emit('state', observation.state);
		} catch (error) {
			if (!this.#abort.signal.aborted && this.listenerCount('error') > 0)
				this.emit('error', error as Error);
			// A grading that failed (the engine busy, a dropped connection) is
			// tried again soon, not at the next poll, which may be 15 s away.
			this.#failures++;
			this.#again ||= this.#failures <= 5;
		} finally {
			this.#running = false;
			if (this.#again) {
				this.#again = false;
				this.#request(this.#failures > 0 ? 250 * 2 ** this.#failures : this.#settleMs);
			}
		}
	}

	async #listen() {
		let backoff = 250;
		while (!this.#abort.signal.aborted) {
			try {
				for await (const event of this.#client.events(this.#sessionId, this.#abort.signal)) {
					backoff = 250;
					if (isOwnProbe(event)) continue;
					this.nudge();
					if (this.#probing) this.#followUp();
				}
			} catch {
				// The stream broke (the service restarted?): poll until it is back.
			}
			if (this.#abort.signal.aborted) return;
			this.nudge(0);
			await new Promise((r) => setTimeout(r, backoff).unref());
			backoff = Math.min(backoff * 2, 5000);
		}
	}
}

const FOLLOW_UPS_MS = [100, 250, 400, 550, 700, 850, 1000, 1300, 1600, 2000, 3000];

/**
 * exec_create, exec_start, exec_die: what `docker exec` (our probes among
 * them) leaves; and anything of a container labelled `berth.probe` (a
 * check's throwaway container).
 */
function isOwnProbe(event: Record<string, unknown>): boolean {
	const action = String(event.Action ?? event.status ?? '');
	const attributes = (event.Actor as { Attributes?: Record<string, string> } | undefined)
		?.Attributes;
	return action.startsWith('exec_') || attributes?.['berth.probe'] !== undefined;
}
