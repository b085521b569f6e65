import { error, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { lessonFor } from '$lib/server/custom-labs';
import { progressOf } from '$lib/server/progress';
import type { PageServerLoad } from './$types';

/** A lesson opens where the learner left it, or at its first step. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const lesson = await lessonFor(await getDb(), params.lesson, locals.user);
	if (!lesson) error(404, `There is no lesson “${params.lesson}”.`);
	if (!locals.user) redirect(303, `/start?next=${encodeURIComponent(url.pathname)}`);
	const progress = (await progressOf(await getDb(), locals.user.id)).get(lesson.slug);
	const current = lesson.steps.find((s) => s.id === progress?.lesson.currentStep);
	redirect(307, `/learn/${lesson.slug}/${(current ?? lesson.steps[0]!).id}`);
};
