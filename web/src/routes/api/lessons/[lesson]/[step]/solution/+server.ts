import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { solutionOf } from '$lib/server/curriculum';
import { lessonRequest } from '$lib/server/lesson-engine';
import { varsOf } from '$lib/server/live-checks';
import { revealSolution } from '$lib/server/progress';
import { sessionFor } from '$lib/server/sandbox';
import type { RequestHandler } from './$types';

/** The step's solution, after a deliberate click (recorded). */
export const POST: RequestHandler = async (event) => {
	const { user, lesson, step } = await lessonRequest(event);
	await revealSolution(await getDb(), user.id, lesson.slug, step!.id);
	return json(solutionOf(step!, varsOf(await sessionFor(user.id))));
};
