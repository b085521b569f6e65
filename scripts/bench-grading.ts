/**
 * Benchmarks grading a lab submission against a real engine:
 *
 *   npm run bench:grading                 # 30 rounds
 *   npm run bench:grading -- --rounds 50
 *
 * The lab has 10 checks of 10 kinds (container, port, HTTP answer, env,
 * volume, mount, network, file, Dockerfile, image), all passing on an engine
 * the benchmark sets up. Measured:
 * - grade: observing the engine once and judging the 10 checks, keeping the
 *   observation for regrades (what a submission does before it is stored);
 * - submit: the whole submission as the site makes it (submitLab: the
 *   assignment and membership looked up, the grade, the attempt numbered and
 *   the submission stored) on an embedded PGlite database;
 * - regrade: judging every stored submission again with the checks.
 *
 * It measures; it does not judge: a missed target is reported, the exit
 * status is 0 unless something could not run. Everything it creates is
 * removed at the end, on an error and on Ctrl-C.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { check } from '../lessons/checks/catalog';
import { gradeAndStore } from '../lessons/grader';
import type { Lesson } from '../lessons/schema';
import { createAssignment, regrade, submitLab } from '../web/src/lib/server/assignments';
import { register, setRole } from '../web/src/lib/server/auth/users';
import { createClass, joinWithCode } from '../web/src/lib/server/classes';
import { registerCustomLab } from '../web/src/lib/server/curriculum';
import { openDatabase } from '../web/src/lib/server/db';
import { removeInstance, startSandbox } from '../test/helpers/sandbox';
import { reportLine } from './lib/stats';

const { values: args } = parseArgs({
	options: { rounds: { type: 'string', default: '30' } }
});
const rounds = Math.min(Math.max(Number.parseInt(args.rounds!, 10) || 30, 1), 200);
const instance = `bench-grading-${Date.now()}`;

const checks = [
	{ type: 'container', name: 'web', image: 'nginx' },
	{ type: 'port', name: 'web', containerPort: 80, hostPort: 8080 },
	{ type: 'http', port: 8080, bodyIncludes: 'Welcome to nginx' },
	{ type: 'env', name: 'web', variable: 'GREETING', value: 'hello' },
	{ type: 'volume', name: 'site-data' },
	{ type: 'mount', name: 'web', volume: 'site-data', destination: '/data' },
	{ type: 'network', name: 'appnet', containers: ['web'] },
	{ type: 'file', path: 'notes/plan.txt', includes: 'ship it' },
	{ type: 'dockerfile', path: 'app/Dockerfile', from: 'busybox' },
	{ type: 'image', tag: 'bench-app:latest' }
].map((raw) => check.parse(raw));

const setup = [
	'docker pull -q nginx >/dev/null',
	'docker pull -q busybox >/dev/null',
	'docker network create appnet >/dev/null',
	'docker volume create site-data >/dev/null',
	'docker run -d --name web --network appnet -p 8080:80 -e GREETING=hello -v site-data:/data nginx >/dev/null',
	'mkdir -p ~/notes ~/app && echo "ship it" > ~/notes/plan.txt',
	'printf "FROM busybox\\nCMD echo hi\\n" > ~/app/Dockerfile',
	'docker build -q -t bench-app ~/app >/dev/null',
	'sleep 1'
].join(' && ');

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
	reportLine(name, samples, target, 36);

try {
	const client = service.client;
	const handle = await openDatabase({ migrationsDir: path.resolve('migrations') });
	const db = handle.db;
	const teacher = await register(db, {
		email: 'teacher@bench.test',
		password: 'long-enough',
		displayName: 'Teacher'
	});
	await setRole(db, 'teacher@bench.test', 'instructor');
	const learner = await register(db, {
		email: 'learner@bench.test',
		password: 'long-enough',
		displayName: 'Learner'
	});
	const made = await createClass(db, { name: 'Bench', by: { id: teacher.id, role: 'instructor' } });
	await joinWithCode(db, learner.id, made.code.code);

	// The lab, registered as an instructor-written lab of the class would be.
	const lab: Lesson = {
		slug: 'lab-bench',
		order: 999,
		title: 'Ten checks',
		summary: 'A benchmark lab.',
		kind: 'lab',
		level: 'beginner',
		minutes: 10,
		topics: [],
		setup: [],
		body: '',
		files: [],
		dir: 'lab-bench',
		steps: [
			{
				id: 'all',
				title: 'Everything',
				body: '',
				file: 'lab-bench/steps/01-all.md',
				checks,
				hints: [],
				solution: { commands: [], files: {} },
				open: [],
				setup: []
			}
		]
	} as unknown as Lesson;
	registerCustomLab(made.id, lab);
	const assignment = await createAssignment(
		db,
		made.id,
		{ id: teacher.id, role: 'instructor' },
		{
			lesson: lab.slug,
			opensAt: new Date(Date.now() - 60_000),
			dueAt: new Date(Date.now() + 86_400_000),
			latePolicy: 'accept'
		}
	);
	if (assignment.kind !== 'created') throw new Error(`assignment: ${JSON.stringify(assignment)}`);

	const session = await client.createSession({ owner: learner.id });
	await client.sh(session.id, setup, { timeoutMs: 120_000 });
	const first = await gradeAndStore(client, session.id, checks);
	const failing = first.result.checks.filter((c) => !c.pass);
	if (failing.length)
		throw new Error(`the engine is not set up: ${failing.map((c) => c.message).join('; ')}`);

	const graded: number[] = [];
	for (let i = 0; i < rounds; i++) {
		const t0 = performance.now();
		await gradeAndStore(client, session.id, checks);
		graded.push(performance.now() - t0);
	}
	const submitted: number[] = [];
	for (let i = 0; i < rounds; i++) {
		const t0 = performance.now();
		const r = await submitLab(db, client, learner.id, assignment.assignment.id);
		submitted.push(performance.now() - t0);
		if (r.kind !== 'graded' || r.submission.score !== 100)
			throw new Error(`submission ${i + 1}: ${JSON.stringify(r).slice(0, 300)}`);
	}
	const t0 = performance.now();
	await regrade(db, assignment.assignment.id, { id: teacher.id, role: 'instructor' });
	const regradeMs = performance.now() - t0;

	console.log(`\nGrading a lab of ${checks.length} checks, ${rounds} rounds\n`);
	report('grade (observe + judge + keep)', graded, 500);
	report('submit (submitLab, PGlite)', submitted, 500);
	console.log(
		`${'regrade all stored submissions'.padEnd(36)} n ${String(rounds).padStart(3)}  total ${regradeMs.toFixed(0)} ms`
	);
	await handle.close();
} catch (error) {
	console.error('bench: failed:', error);
	process.exitCode = 1;
} finally {
	await cleanup();
}
