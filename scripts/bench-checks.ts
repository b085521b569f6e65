/**
 * Benchmarks live checks against a real engine:
 *
 *   npm run bench:checks                 # 30 rounds
 *   npm run bench:checks -- --rounds 50
 *
 * - change → verdict: a step (a container, its published port, and an HTTP
 *   answer through it) is watched by lessons/watcher.ts while the benchmark
 *   starts and removes the container. Measured to the watcher's new verdict
 *   (green once nginx answers, red once the container is stopped) from the
 *   time the engine records the change (Docker's event timestamp: `start`,
 *   or the first event of a removal), and from the moment the command was
 *   sent (which includes the docker CLI's own time). Docker stamps an event
 *   after acting, so a verdict can come a little before its event: those
 *   samples are negative.
 * - evaluate: observing the engine and judging that step (gradeStep), and
 *   judging alone (pure functions) for every step of the curriculum.
 *
 * It measures; it does not judge: a missed target is reported, the exit
 * status is 0 unless something could not run. Everything it creates is
 * removed at the end, on an error and on Ctrl-C.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { check } from '../lessons/checks/catalog';
import { gradeStep, judge, observe, type StepResult } from '../lessons/grader';
import { loadLessons } from '../lessons/loader';
import { StepWatcher } from '../lessons/watcher';
import { removeInstance, startSandbox } from '../test/helpers/sandbox';
import { reportLine } from './lib/stats';

const { values: args } = parseArgs({
	options: { rounds: { type: 'string', default: '30' } }
});
const rounds = Math.min(Math.max(Number.parseInt(args.rounds!, 10) || 30, 1), 200);
const instance = `bench-checks-${Date.now()}`;

const step = [
	{ type: 'container', name: 'web', image: 'nginx' },
	{ type: 'port', name: 'web', containerPort: 80, hostPort: 8080 },
	{ type: 'http', port: 8080, bodyIncludes: 'Welcome to nginx' }
].map((raw) => check.parse(raw));

const service = await startSandbox({ instance, env: { SANDBOX_POOL_SIZE: '1' } });
let stopping = false;
async function cleanup() {
	if (stopping) return;
	stopping = true;
	await service.stop().catch(() => {});
	await removeInstance(instance).catch((e) => console.error('bench: cleanup failed:', e));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
	process.on(signal, () => void cleanup().then(() => process.exit(130)));

const report = (name: string, samples: number[], target?: number) =>
	reportLine(name, samples, target, 34);

try {
	const client = service.client;
	const { id } = await client.createSession({ owner: 'bench-checks' });
	await client.sh(id, 'docker pull -q nginx >/dev/null');

	// Docker's own record of when each change happened (ns since the epoch).
	const changes: { action: string; at: number }[] = [];
	const events = new AbortController();
	void (async () => {
		try {
			for await (const e of client.events(id, events.signal)) {
				const attrs = (e.Actor as { Attributes?: Record<string, string> } | undefined)?.Attributes;
				if (
					e.Type === 'container' &&
					attrs?.name === 'web' &&
					(e.Action === 'start' || e.Action === 'destroy')
				)
					changes.push({ action: String(e.Action), at: Number(e.timeNano) / 1e6 });
			}
		} catch {
			// aborted at the end
		}
	})();

	const watcher = new StepWatcher(client, id, step, { pollMs: 600_000 });
	const verdicts: { pass: boolean; at: number }[] = [];
	watcher.on('result', (r: StepResult) => verdicts.push({ pass: r.pass, at: Date.now() }));
	// The same step without the HTTP answer: how fast the engine's own state is judged.
	const stateOnly = new StepWatcher(client, id, step.slice(0, 2), { pollMs: 600_000 });
	const stateVerdicts: { pass: boolean; at: number }[] = [];
	stateOnly.on('result', (r: StepResult) => stateVerdicts.push({ pass: r.pass, at: Date.now() }));
	const waitFor = async (pass: boolean, since: number, list = verdicts) => {
		const deadline = Date.now() + 20_000;
		while (Date.now() < deadline) {
			const v = list.find((x) => x.pass === pass && x.at >= since);
			if (v) return v.at;
			await new Promise((r) => setTimeout(r, 5));
		}
		throw new Error(`no ${pass ? 'green' : 'red'} verdict within 20 s`);
	};
	/** When the engine recorded `action`, or with `first`, the first event of the change (a removal starts with a kill). */
	const eventTime = async (action: string, since: number, first: boolean) => {
		for (let i = 0; i < 400; i++) {
			const recent = changes.filter((x) => x.at >= since - 1000);
			const c = recent.find((x) => x.action === action);
			if (c) return first ? Math.min(...recent.map((x) => x.at)) : c.at;
			await new Promise((r) => setTimeout(r, 5));
		}
		throw new Error(`no ${action} event seen`);
	};

	const green: number[] = [];
	const red: number[] = [];
	const greenFromCommand: number[] = [];
	const redFromCommand: number[] = [];
	const stateGreen: number[] = [];
	await waitFor(false, 0);
	for (let i = 0; i < rounds; i++) {
		let since = Date.now();
		await client.sh(id, 'docker run -d --name web -p 8080:80 nginx >/dev/null');
		const started = await eventTime('start', since, false);
		const greenAt = await waitFor(true, since);
		green.push(greenAt - started);
		stateGreen.push((await waitFor(true, since, stateVerdicts)) - started);
		greenFromCommand.push(greenAt - since);
		changes.length = 0;

		since = Date.now();
		await client.sh(id, 'docker rm -f web >/dev/null');
		const removed = await eventTime('destroy', since, true);
		const redAt = await waitFor(false, since);
		red.push(redAt - removed);
		redFromCommand.push(redAt - since);
		changes.length = 0;
	}
	watcher.stop();
	stateOnly.stop();
	events.abort();

	await client.sh(id, 'docker run -d --name web -p 8080:80 nginx >/dev/null && sleep 1');
	const graded: number[] = [];
	for (let i = 0; i < rounds; i++) graded.push((await gradeStep(client, id, step)).durationMs);

	// Judging alone, for every step of the curriculum, on one observation.
	const pure: number[] = [];
	let lessons: ReturnType<typeof loadLessons> = [];
	try {
		lessons = loadLessons(path.resolve('content'));
	} catch (error) {
		console.error(`bench: the curriculum did not load, so judging it is skipped: ${error}`);
	}
	for (const lesson of lessons)
		for (const s of lesson.steps) {
			const observation = await observe(client, id, s.checks);
			const t0 = performance.now();
			judge(s.checks, observation);
			pure.push(performance.now() - t0);
		}

	console.log(
		`\nLive checks, ${rounds} rounds (a step: container + published port + HTTP answer)\n`
	);
	report('engine change → green (state only)', stateGreen, 1000);
	report('engine change → green verdict', green, 1000);
	report('engine change → red verdict', red, 1000);
	report('engine change → verdict (both)', [...green, ...red], 1000);
	report('command sent → green verdict', greenFromCommand);
	report('command sent → red verdict', redFromCommand);
	report('evaluate a step (observe + judge)', graded, 150);
	if (pure.length) report(`judge only (${pure.length} curriculum steps)`, pure);
	console.log(`\nwatcher gradings: ${watcher.gradings}`);
} catch (error) {
	console.error('bench: failed:', error);
	process.exitCode = 1;
} finally {
	await cleanup();
}
