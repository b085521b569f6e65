import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { gradebook } from '$lib/server/assignments';
import { requireClass, requireInstructor } from '../../access.server';
import type { PageServerLoad } from './$types';

/** The class's learners × assignments: one gradebook() call, whatever the class's size. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const viewer = requireInstructor(locals, url);
	const db = await getDb();
	const found = await requireClass(db, params.class, viewer);
	const book = await gradebook(db, found.id, viewer);
	if (!book) error(404, 'There is no class of yours here.');
	return {
		class: { id: found.id, name: found.name },
		assignments: book.assignments.map((a) => ({
			id: a.id,
			title: a.title,
			kind: a.kind,
			dueAt: a.dueAt.toISOString(),
			attemptLimit: a.attemptLimit
		})),
		learners: book.learners.map((l) => ({
			id: l.userId,
			name: l.name,
			email: l.email,
			isGuest: l.isGuest,
			// In the order of `assignments`.
			grades: book.assignments.map((a) => book.grades.get(`${a.id}/${l.userId}`) ?? null)
		}))
	};
};
