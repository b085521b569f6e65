import { getDb } from '$lib/server/app';
import { curriculum } from '$lib/server/curriculum';
import { progressOf } from '$lib/server/progress';
import type { PageServerLoad } from './$types';

/** Every lesson and lab, with the visitor's progress in each. */
export const load: PageServerLoad = async ({ locals }) => {
	const progress = locals.user ? await progressOf(await getDb(), locals.user.id) : new Map();
	return {
		lessons: curriculum().map((lesson) => {
			const mine = progress.get(lesson.slug);
			const done = lesson.steps.filter((s) => mine?.steps.get(s.id)?.completedAt).length;
			return {
				slug: lesson.slug,
				order: lesson.order,
				title: lesson.title,
				summary: lesson.summary,
				kind: lesson.kind,
				level: lesson.level,
				minutes: lesson.minutes,
				steps: lesson.steps.length,
				done,
				started: mine !== undefined,
				completed: Boolean(mine?.lesson.completedAt)
			};
		})
	};
};
