import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../lessons/checks/catalog';
import type { StepResult } from '../../lessons/grader';
import { StepWatcher } from '../../lessons/watcher';
import { useSandbox } from '../helpers/sandbox';

/** Live checks: a step's verdict follows the engine without anyone asking. */
const service = useSandbox('watcher');
let sessionId: string;
let watcher: StepWatcher | undefined;
beforeAll(async () => {
	sessionId = (await service().client.createSession({ owner: 'learner-w' })).id;
});
afterEach(() => watcher?.stop());

/** Resolves with the first result that `accept`s, or rejects after `ms`. */
function next(w: StepWatcher, accept: (r: StepResult) => boolean, ms = 15_000) {
	return new Promise<StepResult>((resolve, reject) => {
		if (w.latest && accept(w.latest)) return resolve(w.latest);
		const timer = setTimeout(() => reject(new Error(`no such result within ${ms} ms`)), ms);
		w.on('result', (r) => {
			if (accept(r)) {
				clearTimeout(timer);
				resolve(r);
			}
		});
	});
}

const parse = (raw: unknown[]) => raw.map((r) => check.parse(r));

describe('the step watcher', () => {
	it('turns a step green when the learner acts, and red again when they undo it', async () => {
		const client = service().client;
		// No polling: only the engine's events (and their follow-ups) may drive it.
		watcher = new StepWatcher(
			client,
			sessionId,
			parse([
				{ type: 'container', name: 'web', image: 'nginx' },
				{ type: 'port', name: 'web', containerPort: 80, hostPort: 8080 },
				{ type: 'http', port: 8080, bodyIncludes: 'Welcome to nginx' }
			]),
			{ pollMs: 600_000 }
		);
		const red = await next(watcher, () => true);
		expect(red.pass).toBe(false);

		await client.sh(sessionId, 'docker run -d --name web -p 8080:80 nginx');
		const green = await next(watcher, (r) => r.pass);
		expect(green.checks.map((c) => c.message)).toEqual([
			'A container named `web` from `nginx` is running.',
			'Port 80 is published on 8080.',
			'Port 8080 answers 200 with “Welcome to nginx”.'
		]);

		await client.sh(sessionId, 'docker rm -f web');
		// On the way it may see `web` killed but not yet removed: wait for gone.
		const again = await next(
			watcher,
			(r) => !r.checks[0]!.pass && r.checks[0]!.message.startsWith('There is no')
		);
		expect(again.pass).toBe(false);
	});

	it('is not woken by its own probes', async () => {
		const client = service().client;
		await client.sh(sessionId, 'docker run -d --name quiet busybox sleep 600');
		// A reach check runs `docker exec` in the engine on every grading: the
		// exec events that causes must not trigger another grading.
		watcher = new StepWatcher(
			client,
			sessionId,
			parse([{ type: 'reach', from: 'quiet', to: 'nowhere', port: 1 }]),
			{ pollMs: 600_000 }
		);
		await next(watcher, () => true);
		await new Promise((r) => setTimeout(r, 3000));
		expect(watcher.gradings).toBeLessThanOrEqual(2);
		await client.sh(sessionId, 'docker rm -f quiet');
	});
});
