import { error, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { hintsOf, lessonView, solutionOf } from '$lib/server/curriculum';
import { lessonFor } from '$lib/server/custom-labs';
import { varsOf } from '$lib/server/live-checks';
import { progressOf, startStep } from '$lib/server/progress';
import { sessionFor } from '$lib/server/sandbox';
import { labAssignmentsView } from './lab-assignments.server';
import type { PageServerLoad } from './$types';

/**
 * A lesson's step: the prose, the rail of steps with the learner's progress,
 * the hints they already opened and the solution if they chose to see it.
 * The learner's engine is started here, so the terminal has a prompt at once.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	// An instructor-written lab is for its class only (custom-labs.ts).
	const lesson = await lessonFor(await getDb(), params.lesson, locals.user);
	if (!lesson) error(404, `There is no lesson “${params.lesson}”.`);
	const step = lesson.steps.find((s) => s.id === params.step);
	if (!step) error(404, `“${lesson.title}” has no step “${params.step}”.`);
	if (!locals.user) redirect(303, `/start?next=${encodeURIComponent(url.pathname)}`);

	const db = await getDb();
	const [session] = await Promise.all([
		sessionFor(locals.user.id),
		startStep(db, locals.user.id, lesson.slug, step.id)
	]);
	const vars = varsOf(session);
	const progress = (await progressOf(db, locals.user.id)).get(lesson.slug);
	const mine = progress?.steps.get(step.id);
	return {
		lesson: lessonView(lesson, vars),
		step: step.id,
		session: session.id,
		registry: { host: session.registry.host, username: session.registry.username },
		completed: lesson.steps.filter((s) => progress?.steps.get(s.id)?.completedAt).map((s) => s.id),
		hints: hintsOf(step, mine?.hintsUsed ?? 0, vars),
		solution: mine?.solutionRevealedAt ? solutionOf(step, vars) : null,
		labAssignments: await labAssignmentsView(db, locals.user.id, lesson)
	};
};
