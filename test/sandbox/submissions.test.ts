import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeStep } from '../../lessons/grader';
import { applySolution, prepareLesson } from '../../lessons/runner';
import {
	createAssignment,
	gradebook,
	regrade,
	submitLab
} from '../../web/src/lib/server/assignments';
import { register, setRole } from '../../web/src/lib/server/auth/users';
import { createClass, joinWithCode } from '../../web/src/lib/server/classes';
import { lessonBySlug } from '../../web/src/lib/server/curriculum';
import { openDatabase, type DatabaseHandle } from '../../web/src/lib/server/db';
import type { SubmissionEvidence } from '../../web/src/lib/server/db/schema';
import { useSandbox } from '../helpers/sandbox';

/**
 * A lab submitted for grading against a real engine: graded on the engine as
 * it is at that moment, with its evidence; attempts counted and limited; late
 * work under the assignment's policy; regrading the stored observations.
 */
const service = useSandbox('submissions', { env: { SANDBOX_POOL_SIZE: '1' } });
const lab = lessonBySlug('lab-containerize')!;
const HOUR = 3_600_000;

let handle: DatabaseHandle;
beforeAll(async () => {
	handle = await openDatabase({ migrationsDir: path.resolve('migrations') });
});
afterAll(async () => {
	await handle?.close();
});

describe('submitting a lab', () => {
	it(
		'grades the engine as it is, counts attempts, and applies the late policy',
		{ timeout: 600_000 },
		async () => {
			const db = handle.db;
			const client = service().client;
			const teacher = await register(db, {
				email: 't@example.com',
				password: 'long-enough',
				displayName: 'T'
			});
			await setRole(db, 't@example.com', 'instructor');
			const instructor = { id: teacher.id, role: 'instructor' as const };
			const learner = await register(db, {
				email: 'l@example.com',
				password: 'long-enough',
				displayName: 'L'
			});
			const made = await createClass(db, { name: 'Lab class', by: instructor });
			await joinWithCode(db, learner.id, made.code.code);
			const dueAt = new Date(Date.now() + HOUR);
			const created = await createAssignment(db, made.id, instructor, {
				lesson: lab.slug,
				opensAt: new Date(Date.now() - HOUR),
				dueAt,
				attemptLimit: 3,
				latePolicy: 'penalty',
				latePenaltyPercent: 20
			});
			if (created.kind !== 'created') throw new Error(JSON.stringify(created));
			const id = created.assignment.id;

			// No engine yet: refused, and nothing is recorded.
			expect(await submitLab(db, client, learner.id, id)).toMatchObject({
				kind: 'refused',
				message: expect.stringMatching(/no engine/)
			});
			// Someone not in the class cannot submit it.
			expect(await submitLab(db, client, teacher.id, id)).toMatchObject({ kind: 'refused' });

			const session = await client.createSession({ owner: learner.id });
			const vars = { namespace: session.registry.username, password: session.registry.password };
			try {
				await prepareLesson(client, session.id, lab);
				const first = await submitLab(db, client, learner.id, id);
				if (first.kind !== 'graded') throw new Error(JSON.stringify(first));
				expect(first.submission).toMatchObject({ attempt: 1, late: false });
				expect(first.submission.score).toBeLessThan(100);
				const evidence = first.submission.evidence as SubmissionEvidence;
				expect(evidence.checks).toHaveLength(lab.steps[0]!.checks.length);
				expect(evidence.checks.filter((c) => !c.pass).length).toBeGreaterThan(0);
				for (const c of evidence.checks) expect(c.message.length).toBeGreaterThan(0);

				await applySolution(client, session.id, lab.steps[0]!, vars);
				// As a learner would, wait until the app answers before submitting.
				for (let i = 0; i < 60; i++) {
					if ((await gradeStep(client, session.id, lab.steps[0]!.checks, vars)).pass) break;
					await new Promise((r) => setTimeout(r, 500));
				}
				const second = await submitLab(db, client, learner.id, id);
				if (second.kind !== 'graded') throw new Error(JSON.stringify(second));
				expect(second.submission).toMatchObject({ attempt: 2, score: 100, rawScore: 100 });

				// A minute and a half after the due date: one started day late, 20 % off.
				const late = await submitLab(
					db,
					client,
					learner.id,
					id,
					new Date(dueAt.getTime() + 90_000)
				);
				if (late.kind !== 'graded') throw new Error(JSON.stringify(late));
				expect(late.submission).toMatchObject({ attempt: 3, rawScore: 100, score: 80, late: true });

				expect(await submitLab(db, client, learner.id, id)).toMatchObject({
					kind: 'refused',
					message: 'You have used all 3 attempts at this lab.'
				});

				// The best attempt counts; regrading the same checks changes nothing.
				const book = await gradebook(db, made.id, instructor);
				expect(book!.grades.get(`${id}/${learner.id}`)).toMatchObject({
					score: 100,
					attempts: 3,
					late: false,
					status: 'complete'
				});
				expect(await regrade(db, id, instructor)).toEqual({ regraded: 3, changed: 0 });
			} finally {
				await client.deleteSession(session.id).catch(() => {});
			}
		}
	);
});
