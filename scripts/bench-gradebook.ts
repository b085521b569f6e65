/**
 * Benchmarks the gradebook of a big class on the built site:
 *
 *   npx vite build && npm run bench:gradebook
 *   npm run bench:gradebook -- --learners 200 --rounds 30
 *
 * Generates a class of 200 learners and 12 assignments (the ten lessons and
 * two labs of the curriculum) with varied progress: steps started and
 * finished at different times, some late, and 1–3 lab submissions each with
 * the kind of evidence a real one keeps. Then, as its instructor, it fetches
 * /teach/<class>/gradebook (the whole server-rendered page) and the CSV
 * export over loopback, and times `gradebook()` (the data alone) in-process.
 *
 * Runs on PostgreSQL: TEST_DATABASE_URL if set, or a throwaway server it
 * starts (as root, from Debian's packages) and stops. It measures; it does
 * not judge: a missed target is reported, the exit status is 0 unless
 * something could not run.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gradebook } from '../web/src/lib/server/assignments';
import { register, setRole } from '../web/src/lib/server/auth/users';
import { createClass } from '../web/src/lib/server/classes';
import { curriculum } from '../web/src/lib/server/curriculum';
import {
	assignments,
	classMembers,
	stepProgress,
	submissions,
	users
} from '../web/src/lib/server/db/schema';
import { createPostgresDatabase } from '../test/helpers/databases';
import { startServerProcess } from '../test/helpers/server-process';
import { reportLine } from './lib/stats';

const { values: args } = parseArgs({
	options: {
		learners: { type: 'string', default: '200' },
		rounds: { type: 'string', default: '30' }
	}
});
const learnerCount = Math.min(Math.max(Number(args.learners) || 200, 1), 2000);
const rounds = Math.min(Math.max(Number(args.rounds) || 30, 1), 200);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const built = path.join(process.env.BERTH_BUILD_DIR ?? '.', 'build/handler.js');
if (!fs.existsSync(built)) {
	console.error(`bench: ${built} is missing: run \`npx vite build\` first`);
	process.exit(1);
}

let admin = process.env.TEST_DATABASE_URL;
const pgDir = path.resolve('.tmp/bench-gradebook-pg');
if (!admin) {
	const port = String(20000 + Math.floor(Math.random() * 20000));
	admin = execFileSync('scripts/test-postgres.sh', ['start', pgDir, port]).toString().trim();
}
const stopPostgres = () => {
	if (!process.env.TEST_DATABASE_URL)
		execFileSync('scripts/test-postgres.sh', ['stop', pgDir], { stdio: 'ignore' });
};

const report = (name: string, samples: number[], target?: number) =>
	reportLine(name, samples, target, 30);

/** A deterministic pseudo-random sequence, so every run builds the same class. */
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

const database = await createPostgresDatabase(admin);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-bench-'));
let site: Awaited<ReturnType<typeof startServerProcess>> | undefined;
try {
	const db = database.db;
	const password = 'bench-password';
	const teacher = await register(db, {
		email: 'teacher@bench.test',
		password,
		displayName: 'Teacher'
	});
	await setRole(db, 'teacher@bench.test', 'instructor');
	const made = await createClass(db, {
		name: 'Big class',
		by: { id: teacher.id, role: 'instructor' }
	});

	const learnerRows = Array.from({ length: learnerCount }, (_, i) => ({
		id: `learner-${i}`,
		email: `learner-${i}@bench.test`,
		passwordHash: 'not-a-real-hash',
		displayName: `Learner ${String(i).padStart(3, '0')}`
	}));
	await db.insert(users).values(learnerRows);
	await db
		.insert(classMembers)
		.values(learnerRows.map((u) => ({ classId: made.id, userId: u.id, role: 'learner' as const })));

	const lessons = curriculum()
		.filter((l) => l.kind === 'lesson')
		.slice(0, 10);
	const labs = curriculum()
		.filter((l) => l.kind === 'lab')
		.slice(0, 2);
	const start = Date.now() - 20 * DAY;
	const assigned = [...lessons, ...labs].map((l, i) => ({
		id: `assignment-${i}`,
		classId: made.id,
		lesson: l.slug,
		opensAt: new Date(start + i * DAY),
		dueAt: new Date(start + (i + 7) * DAY),
		latePolicy: (['accept', 'penalty', 'refuse'] as const)[i % 3]!,
		latePenaltyPercent: i % 3 === 1 ? 10 : 0,
		attemptLimit: l.kind === 'lab' ? 3 : null,
		createdBy: teacher.id
	}));
	await db.insert(assignments).values(assigned);

	// Progress: each learner got some way into each lesson, at various times.
	const stepRows: (typeof stepProgress.$inferInsert)[] = [];
	for (const u of learnerRows)
		for (const [i, lesson] of lessons.entries()) {
			const done = Math.floor(random() * (lesson.steps.length + 1));
			for (const [s, step] of lesson.steps.entries()) {
				if (s > done) break;
				const at = new Date(start + i * DAY + random() * 10 * DAY);
				const passed = s < done;
				stepRows.push({
					userId: u.id,
					lesson: lesson.slug,
					step: step.id,
					startedAt: at,
					completedAt: passed ? at : null,
					checksFirstPassed: step.checks.map(() => (passed ? at.toISOString() : null)),
					lastVerdicts: step.checks.map(() => ({
						pass: passed,
						message: passed ? 'The container is running.' : 'There is no container yet.'
					})),
					lastVerdictsAt: at,
					hintsUsed: Math.floor(random() * 3)
				});
			}
		}
	for (let i = 0; i < stepRows.length; i += 1000)
		await db.insert(stepProgress).values(stepRows.slice(i, i + 1000));

	// Lab submissions, with evidence of a realistic size (a state of a few containers and images).
	const state = {
		collectedAt: new Date().toISOString(),
		containers: Array.from({ length: 4 }, (_, i) => ({
			id: `c${i}`.padEnd(64, '0'),
			name: `web${i}`,
			image: 'nginx',
			running: true,
			env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
			ports: [{ containerPort: 80, hostPort: 8080 + i }]
		})),
		images: Array.from({ length: 8 }, (_, i) => ({
			id: `sha256:${String(i).padEnd(64, 'a')}`,
			tags: [`image-${i}:latest`],
			layers: Array.from({ length: 6 }, (_, j) => ({
				id: null,
				instruction: `RUN step ${j} of the image build with some arguments`,
				size: 1000 * j
			}))
		}))
	};
	const subRows: (typeof submissions.$inferInsert)[] = [];
	for (const u of learnerRows)
		for (const a of assigned.filter((x) => x.attemptLimit)) {
			const tries = Math.floor(random() * 4);
			for (let t = 1; t <= tries; t++) {
				const score = Math.round(random() * 100);
				subRows.push({
					id: `${a.id}-${u.id}-${t}`,
					assignmentId: a.id,
					userId: u.id,
					attempt: t,
					submittedAt: new Date(a.opensAt.getTime() + random() * 10 * DAY),
					engineSession: 'engine',
					rawScore: score,
					score,
					late: random() < 0.2,
					evidence: {
						checks: Array.from({ length: 6 }, (_, k) => ({
							label: `container web${k}`,
							pass: k < 3,
							message: 'The container is running.'
						})),
						observedAt: new Date().toISOString(),
						observation: { state, probes: [] }
					}
				});
			}
		}
	for (let i = 0; i < subRows.length; i += 200)
		await db.insert(submissions).values(subRows.slice(i, i + 200));

	const viewer = { id: teacher.id, role: 'instructor' as const };
	const data: number[] = [];
	for (let i = 0; i < rounds; i++) {
		const t0 = performance.now();
		await gradebook(db, made.id, viewer);
		data.push(performance.now() - t0);
	}

	site = await startServerProcess({
		name: 'site',
		script: 'web/server/main.ts',
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			BERTH_DATA_DIR: dataDir,
			DATABASE_URL: database.url
		},
		timeoutMs: 60_000
	});
	const base = site.url.replace('localhost', '127.0.0.1');
	const signin = await fetch(`${base}/signin`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email: 'teacher@bench.test', password })
	});
	const cookie = (signin.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
	if (!cookie) throw new Error(`signing in failed: ${signin.status}`);

	const timeGet = async (url: string, expect: string) => {
		const samples: number[] = [];
		for (let i = 0; i < rounds + 3; i++) {
			const t0 = performance.now();
			const res = await fetch(url, { headers: { cookie } });
			const body = await res.text();
			const ms = performance.now() - t0;
			if (res.status !== 200 || !body.includes(expect))
				throw new Error(`${url}: ${res.status} ${body.slice(0, 200)}`);
			if (i >= 3) samples.push(ms); // the first few warm the server up
		}
		return samples;
	};
	const last = learnerRows.at(-1)!.displayName;
	const page = await timeGet(`${base}/teach/${made.id}/gradebook`, last);
	const csv = await timeGet(`${base}/teach/${made.id}/gradebook.csv`, last);

	console.log(
		`\nGradebook: ${learnerCount} learners × ${assigned.length} assignments (${stepRows.length} step rows, ${subRows.length} submissions), PostgreSQL, ${rounds} rounds\n`
	);
	report('gradebook() data', data);
	report('GET gradebook page (SSR)', page, 300);
	report('GET gradebook.csv', csv);
} catch (error) {
	console.error('bench: failed:', error);
	process.exitCode = 1;
} finally {
	await site?.stop().catch(() => {});
	await database.close().catch(() => {});
	fs.rmSync(dataDir, { recursive: true, force: true });
	stopPostgres();
}
