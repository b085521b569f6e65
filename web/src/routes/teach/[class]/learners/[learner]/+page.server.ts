import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { learnerRecord } from '$lib/server/assignments';
import { requireClass, requireInstructor } from '../../../access.server';
import type { PageServerLoad } from './$types';

/**
 * Everything one learner did for the class's assignments. The observations
 * behind lab submissions stay on the server: the page shows each check's
 * verdict, not the engine's raw state.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const viewer = requireInstructor(locals, url);
	const db = await getDb();
	const found = await requireClass(db, params.class, viewer);
	const record = await learnerRecord(db, found.id, params.learner, viewer);
	if (!record) error(404, 'There is no such learner in this class. They may have left it.');
	return {
		class: { id: found.id, name: found.name },
		learner: record.learner,
		assignments: record.assignments.map((r) => ({
			id: r.assignment.id,
			title: r.title,
			kind: r.kind,
			lesson: r.assignment.lesson,
			opensAt: r.assignment.opensAt.toISOString(),
			dueAt: r.assignment.dueAt.toISOString(),
			attemptLimit: r.assignment.attemptLimit,
			grade: r.grade,
			steps: r.kind === 'lesson' ? r.steps : [],
			submissions: r.submissions.map((s) => ({
				id: s.id,
				attempt: s.attempt,
				submittedAt: s.submittedAt.toISOString(),
				gradedAt: s.gradedAt.toISOString(),
				score: s.score,
				rawScore: s.rawScore,
				late: s.late,
				checks: s.evidence.checks,
				earlier: s.evidence.earlier ?? []
			})),
			engines: r.engines.map((e) => ({
				id: e.engineSession,
				firstUsedAt: e.firstUsedAt.toISOString()
			}))
		}))
	};
};
