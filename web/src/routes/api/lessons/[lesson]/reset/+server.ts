import { error, json } from '@sveltejs/kit';
import { lessonRequest, resetEngine } from '$lib/server/lesson-engine';
import type { RequestHandler } from './$types';

/** A fresh engine, brought to the start of the step the learner is on (`?step=`). */
export const POST: RequestHandler = async (event) => {
	const { user, lesson } = await lessonRequest(event);
	const id = event.url.searchParams.get('step');
	const step = lesson.steps.find((s) => s.id === id);
	if (!step) error(400, `step: “${id}” is not a step of “${lesson.title}”.`);
	const session = await resetEngine(user.id, lesson, step);
	return json({ session: session.id, expiresAt: session.expiresAt });
};
