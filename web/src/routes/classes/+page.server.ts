import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { assignmentsForLearner } from '$lib/server/assignments';
import { canTeach, classesOf } from '$lib/server/classes';
import type { PageServerLoad } from './$types';

/** The classes the visitor learns in, with their instructors and assignments; only ever their own. */
export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.user) redirect(303, `/signin?next=${encodeURIComponent(url.pathname)}`);
	const db = await getDb();
	const [{ learning, teaching }, assigned] = await Promise.all([
		classesOf(db, locals.user.id),
		assignmentsForLearner(db, locals.user.id)
	]);
	const now = new Date();
	const classes = learning.map((c) => ({
		id: c.id,
		name: c.name,
		instructors: c.instructors,
		joinedAt: c.joinedAt.toISOString(),
		// Soonest due first, as assignmentsForLearner gives them.
		assignments: assigned
			.filter((a) => a.classId === c.id)
			.map((a) => ({
				id: a.id,
				lesson: a.lesson,
				title: a.title,
				kind: a.kind,
				opensAt: a.opensAt.toISOString(),
				dueAt: a.dueAt.toISOString(),
				attemptLimit: a.attemptLimit,
				latePolicy: a.latePolicy,
				latePenaltyPercent: a.latePenaltyPercent,
				grade: a.grade,
				notOpenYet: now < a.opensAt,
				// Past due with nothing handed in or finished: the learner should know at a glance.
				overdue:
					now > a.dueAt && (a.grade.status === 'not-started' || a.grade.status === 'in-progress')
			}))
	}));
	// After joining, the join form comes here with the class: greet them in it.
	const joinedId = url.searchParams.get('joined') ?? url.searchParams.get('already');
	const joined = classes.find((c) => c.id === joinedId);
	return {
		classes,
		welcome: joined ? { name: joined.name, already: url.searchParams.has('already') } : null,
		teaches: canTeach(locals.user) || teaching.length > 0
	};
};
