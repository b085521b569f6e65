import { error, json } from '@sveltejs/kit';
import { draftLesson, draftSlug } from '$lib/server/custom-labs';
import { resetEngine } from '$lib/server/lesson-engine';
import { labRequest } from '../../lab-request.server';
import type { RequestHandler } from './$types';

/**
 * Opens the saved draft in the instructor's own engine: a fresh engine with
 * the draft's starting files and setup, and the lesson player's address for
 * it (`/learn/lab-<id>-draft`, which only the class's instructors can open).
 */
export const POST: RequestHandler = async (event) => {
	const { viewer, db, lab } = await labRequest(event);
	const draft = await draftLesson(db, lab.id, viewer);
	if (!draft) error(404, 'There is no lab of yours here.');
	if (!draft.lesson) {
		const first = draft.problems[0]!;
		error(
			422,
			`Fix the draft first: ${first.file}${first.line ? `:${first.line}` : ''}: ${first.message}`
		);
	}
	await resetEngine(viewer.id, draft.lesson, draft.lesson.steps[0]!);
	return json({ url: `/learn/${draftSlug(lab.id)}` });
};
