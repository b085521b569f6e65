import { error, fail, redirect } from '@sveltejs/kit';
import { count, countDistinct, eq } from 'drizzle-orm';
import { getDb } from '$lib/server/app';
import {
	assignmentForInstructor,
	deleteAssignment,
	regrade,
	updateAssignment
} from '$lib/server/assignments';
import type { Viewer } from '$lib/server/classes';
import { lessonBySlug } from '$lib/server/curriculum';
import type { Database } from '$lib/server/db';
import { submissions } from '$lib/server/db/schema';
import { readSmallForm } from '$lib/server/request';
import { requireClass, requireInstructor } from '../../../access.server';
import { readAssignmentForm } from '../../assignment-form.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const NOT_HERE = 'There is no such assignment in this class. It may have been deleted.';

/**
 * The instructor, class and assignment a request is for. A learner gets the
 * 403 of every teaching page; another instructor, or an assignment of some
 * other class, a 404.
 */
async function context(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const viewer = requireInstructor(event.locals, event.url);
	const db = await getDb();
	const found = await requireClass(db, event.params.class, viewer);
	const assignment = await requireAssignment(db, found.id, event.params.assignment, viewer);
	return { viewer, db, found, assignment };
}

async function requireAssignment(db: Database, classId: string, id: string, viewer: Viewer) {
	const a = await assignmentForInstructor(db, id, viewer);
	if (!a || a.classId !== classId) error(404, NOT_HERE);
	return a;
}

export const load: PageServerLoad = async (event) => {
	const { db, found, assignment: a } = await context(event);
	const lesson = lessonBySlug(a.lesson);
	const [subs] = await db
		.select({ n: count(), learners: countDistinct(submissions.userId) })
		.from(submissions)
		.where(eq(submissions.assignmentId, a.id));
	return {
		class: { id: found.id, name: found.name },
		assignment: {
			id: a.id,
			lesson: a.lesson,
			title: lesson?.title ?? a.lesson,
			summary: lesson?.summary ?? '',
			kind: lesson?.kind ?? 'lesson',
			opensAt: a.opensAt.toISOString(),
			dueAt: a.dueAt.toISOString()
		},
		submissions: { count: subs?.n ?? 0, learners: subs?.learners ?? 0 },
		values: {
			opensAt: a.opensAt.toISOString(),
			dueAt: a.dueAt.toISOString(),
			attemptLimit: a.attemptLimit === null ? '' : String(a.attemptLimit),
			latePolicy: a.latePolicy,
			latePenaltyPercent: a.latePenaltyPercent ? String(a.latePenaltyPercent) : ''
		}
	};
};

export const actions: Actions = {
	update: async (event) => {
		const { viewer, db, assignment } = await context(event);
		const { form, failure } = await readSmallForm(event);
		if (!form) return failure;
		const { input, values } = readAssignmentForm(form);
		const result = await updateAssignment(db, assignment.id, viewer, input);
		if (result.kind === 'invalid')
			return fail(400, { action: 'update', values, errors: result.errors });
		if (result.kind === 'forbidden') return fail(404, { action: 'update', message: NOT_HERE });
		return { action: 'update', done: 'Saved. Grades follow the new dates and policies at once.' };
	},

	delete: async (event) => {
		const { viewer, db, found, assignment } = await context(event);
		const { form, failure } = await readSmallForm(event);
		if (!form) return failure;
		if (!(await deleteAssignment(db, assignment.id, viewer)))
			return fail(404, { action: 'delete', message: NOT_HERE });
		redirect(303, `/teach/${found.id}?deleted=${encodeURIComponent(assignment.lesson)}`);
	},

	regrade: async (event) => {
		const { viewer, db, assignment } = await context(event);
		const { form, failure } = await readSmallForm(event);
		if (!form) return failure;
		const result = await regrade(db, assignment.id, viewer);
		if (!result) return fail(404, { action: 'regrade', message: NOT_HERE });
		const { regraded, changed } = result;
		return {
			action: 'regrade',
			done:
				regraded === 0
					? 'There are no submissions to regrade yet.'
					: `Regraded ${regraded} submission${regraded === 1 ? '' : 's'}: ${changed === 0 ? 'none' : changed} changed.`
		};
	}
};
