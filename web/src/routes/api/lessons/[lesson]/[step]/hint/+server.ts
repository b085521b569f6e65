import { error, json } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { hintsOf } from '$lib/server/curriculum';
import { lessonRequest } from '$lib/server/lesson-engine';
import { varsOf } from '$lib/server/live-checks';
import { useHint } from '$lib/server/progress';
import { sessionFor } from '$lib/server/sandbox';
import type { RequestHandler } from './$types';

/** Reveals hints up to `?count=` (recorded), and returns them. */
export const POST: RequestHandler = async (event) => {
	const { user, lesson, step } = await lessonRequest(event);
	const count = Number(event.url.searchParams.get('count'));
	if (!Number.isInteger(count) || count < 1 || count > step!.hints.length)
		error(400, `count: must be a whole number from 1 to ${step!.hints.length}.`);
	await useHint(await getDb(), user.id, lesson.slug, step!.id, count);
	const vars = varsOf(await sessionFor(user.id));
	return json({ hints: hintsOf(step!, count, vars) });
};
