import { json } from '@sveltejs/kit';
import { engineForLesson, lessonRequest } from '$lib/server/lesson-engine';
import type { RequestHandler } from './$types';

/** The learner's engine, ready for this lesson (its starting files in place). */
export const POST: RequestHandler = async (event) => {
	const { user, lesson } = await lessonRequest(event);
	const session = await engineForLesson(user.id, lesson);
	return json({ session: session.id, expiresAt: session.expiresAt });
};
