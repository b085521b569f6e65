import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeStep, type StepResult } from '../../lessons/grader';
import { loadLessons } from '../../lessons/loader';
import type { LessonVars } from '../../lessons/markdown';
import { applySolution, prepareLesson, prepareStep } from '../../lessons/runner';
import { useSandbox } from '../helpers/sandbox';

/**
 * Every lesson and lab in content/, solved in a real engine exactly as its
 * solution says: before each step's solution its checks do not pass, after
 * it they do (within the time a learner would wait). A lesson that cannot be
 * solved fails the build. BERTH_LESSON=<slug>[,<slug>] runs only those.
 */
const only = process.env.BERTH_LESSON?.split(',').map((s) => s.trim());
const lessons = loadLessons(path.resolve('content')).filter((l) => !only || only.includes(l.slug));

const service = useSandbox('lessons', { env: { SANDBOX_POOL_SIZE: '2' } });

/** Grades until the step passes or `ms` run out: checks may wait on a server starting. */
async function gradeUntilPass(
	sessionId: string,
	step: Parameters<typeof gradeStep>[2],
	vars: LessonVars,
	ms: number
) {
	const deadline = Date.now() + ms;
	let result: StepResult;
	do {
		result = await gradeStep(service().client, sessionId, step, vars);
		if (result.pass) return result;
		await new Promise((r) => setTimeout(r, 500));
	} while (Date.now() < deadline);
	return result;
}

const failing = (result: StepResult) =>
	result.checks.filter((c) => !c.pass).map((c) => `${c.check.type}: ${c.message}`);

describe.concurrent('every lesson can be solved', () => {
	it('finds the lessons', () => {
		expect(lessons.length).toBeGreaterThan(0);
	});

	for (const lesson of lessons) {
		it(`${lesson.dir}: ${lesson.title}`, { timeout: 900_000 }, async () => {
			const client = service().client;
			const session = await client.createSession({ owner: `lesson-${lesson.slug}` });
			const { id } = session;
			const vars = { namespace: session.registry.username, password: session.registry.password };
			try {
				await prepareLesson(client, id, lesson);
				for (const step of lesson.steps) {
					await prepareStep(client, id, step);
					const before = await gradeStep(client, id, step.checks, vars);
					expect(before.pass, `${step.file} passes before its solution`).toBe(false);
					await applySolution(client, id, step, vars);
					const after = await gradeUntilPass(id, step.checks, vars, 30_000);
					expect(failing(after), `${step.file} after its solution`).toEqual([]);
				}
			} finally {
				await client.deleteSession(id).catch(() => {});
			}
		});
	}
});
